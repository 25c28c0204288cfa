"""One chart per question, with every small-group rule applied.

Each view holds only what may be shown: a hidden group has no object here, so no count of
it can reach the page. ``report_hiding.hidden_groups`` decides which groups are hidden.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from markupsafe import Markup

from . import model
from .model import Question
from .report_charts import (
    DETRACTOR,
    PASSIVE,
    PROMOTER,
    Segment,
    bar,
    scale_colours,
    stacked,
    swatch,
)
from .report_context import Context
from .report_formats import percent_text, score_text
from .report_hiding import NO_ANSWER, hidden_choices, hidden_groups
from .report_measures import enps_parts
from .report_stats import QuestionCounts
from .text import number_text

NO_CHART = Markup("")


@dataclass
class Row:
    label: str
    count: str = ""
    percent: str = ""
    chart: Markup = NO_CHART
    note: str = ""  # replaces the numbers (a row that may not be shown)
    cells: list[str] = field(default_factory=list)


@dataclass
class Block:
    """One chart of the per-question part: kind is choices, ratings, enps, number or hidden."""

    kind: str
    id: str
    heading: str
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    legend: list[tuple[Markup, str]] = field(default_factory=list)
    detail_head: list[str] = field(default_factory=list)
    detail_rows: list[Row] = field(default_factory=list)
    big: str = ""
    chart: Markup = NO_CHART
    sentence: str = ""
    single: bool = False  # one row: its label repeats the heading, so it is visually hidden


def hidden_block(ctx: Context, q: Question, heading: str = "") -> Block:
    note = ctx.t["too_few_answers"].format(k=ctx.k)
    return Block("hidden", q.id, heading or q.text, notes=[note])


def multiple_choice(ctx: Context, qc: QuestionCounts) -> Block:
    """Choices ranked by how often they were chosen, % of the people who answered.

    A choice that not every version of the questionnaire offered (added or dropped along
    the way) is a percentage of the people who were offered it: of everyone, a new choice
    would look rare only because most people never saw it. That base is shown only when it
    and the people left out of it are both k or more; otherwise the row has no percentage.
    """
    q = qc.question
    if qc.answered < ctx.k:
        return hidden_block(ctx, q)
    notes = [ctx.t["pct_of_respondents"].format(n=ctx.num(qc.answered))]
    codes = [c for c, _ in ctx.groups(q) if c != NO_ANSWER]
    # The people who chose a reason are a group: "A better offer elsewhere: 1" was the one
    # leaver who had told colleagues about the offer. Nobody counts as few (rule 2), so that
    # a hidden choice does not say that somebody chose it. Named in the questionnaire's
    # order, never by count.
    hidden = hidden_choice_codes(ctx, qc)
    few = [c for c in codes if c in hidden]
    codes = [c for c in codes if c not in few]
    names = Markup(", ").join(ctx.label(q, c) for c in few)
    few_note = ctx.say("hidden_choices", k=ctx.k, choices=names)
    if not codes:
        return Block("hidden", q.id, q.text, notes=[few_note])  # no table without rows
    shares: dict[str, float | None] = {}
    for code in codes:
        base = qc.offered.get(code, 0) if qc.offered else qc.answered
        fair = base == qc.answered or (base >= ctx.k and qc.answered - base >= ctx.k)
        shares[code] = 100 * qc.values.get(code, 0) / base if fair else None
        if not fair:
            notes.append(ctx.say("pct_not_comparable", label=ctx.label(q, code)))
        elif base != qc.answered:
            notes.append(ctx.say("pct_of_offered", label=ctx.label(q, code), n=ctx.num(base)))
    order = {c: i for i, c in enumerate(codes)}
    codes.sort(key=lambda c: (shares[c] is None, -(shares[c] or 0), -qc.values[c], order[c]))
    rows = []
    for code in codes:
        pct = shares[code]
        count = ctx.num(qc.values.get(code, 0))
        if pct is None:
            rows.append(Row(ctx.label(q, code), count, "–"))
        else:
            rows.append(Row(ctx.label(q, code), count, percent_text(pct), bar(pct)))
    if few:
        notes.append(few_note)
    if qc.preferred_not:
        notes.append(ctx.t["preferred_not"].format(n=ctx.num(qc.preferred_not)))
    return Block("choices", q.id, q.text, rows=rows, notes=notes)


def hidden_choice_codes(ctx: Context, qc: QuestionCounts) -> set[str]:
    """The choices of a multiple-choice question that no view may show (every view asks
    this): all of them while its chart is not drawn (fewer than k answered)."""
    codes = [c for c, _ in ctx.groups(qc.question) if c != NO_ANSWER]
    if qc.answered < ctx.k:
        return set(codes)
    return hidden_choices({c: qc.values.get(c, 0) for c in codes}, qc.answered, ctx.k)


def hidden_answers(
    ctx: Context, qc: QuestionCounts, groups: list[tuple[str, str]] | None = None
) -> set[str]:
    """The groups of a one-answer question that no view may show (every view asks this)."""
    groups = ctx.groups(qc.question) if groups is None else groups
    counts = {c: qc.values.get(c, 0) for c, _ in groups if c != NO_ANSWER}
    counts[NO_ANSWER] = ctx.tally.n - sum(counts.values())
    return hidden_groups(counts, ctx.k)


def held_block(ctx: Context, q: Question, partition: str, heading: str = "") -> Block:
    """The chart of a question ``asked_of_hidden_groups`` says no view may show."""
    note = ctx.say("asked_of_hidden", k=ctx.k, question=ctx.quote(partition))
    return Block("hidden", q.id, heading or q.text, notes=[note])


def one_choice(
    ctx: Context,
    qc: QuestionCounts,
    groups: list[tuple[str, str]] | None = None,
    *,
    asked_of_some: bool = False,
    unnamed: str = "",
) -> Block:
    """The answers to a one-answer question: groups of people, so small ones are hidden.

    The groups (each answer, and "no answer") add up to all responses, and percentages are
    of all responses, so that no hidden group can be worked out from a shown total. A
    question ``asked_of_some`` (a condition picks who sees it) is the exception when "no
    answer" is shown: "7 of 35 asked" must not read as 2% of everyone, and the base (all
    minus "no answer") is then the difference of two numbers on the page anyway.
    ``groups`` is ``ctx.groups(question)`` unless given (a date question's years). With
    ``unnamed``, hidden groups other than "no answer" are not named but go under that one
    name, always given: a date question's years are those someone answered, and "Not
    shown: 1994" would say that someone started in 1994.
    """
    q = qc.question
    n = ctx.tally.n
    groups = ctx.groups(q) if groups is None else groups
    counts = {c: qc.values.get(c, 0) for c, _ in groups if c != NO_ANSWER}
    counts[NO_ANSWER] = n - sum(counts.values())
    hidden = hidden_answers(ctx, qc, groups)
    answered = n - counts[NO_ANSWER]
    of_answered = asked_of_some and NO_ANSWER not in hidden and answered >= ctx.k
    base = answered if of_answered else n
    rows = [
        Row(name, ctx.num(counts[c]))
        if of_answered and c == NO_ANSWER
        else Row(
            name,
            ctx.num(counts[c]),
            percent_text(100 * counts[c] / base),
            bar(100 * counts[c] / base),
        )
        for c, name in groups
        if c not in hidden
    ]
    notes = [
        ctx.t["pct_of_answered"].format(n=ctx.num(answered))
        if of_answered
        else ctx.t["pct_of_all"].format(n=ctx.num(n))
    ]
    if NO_ANSWER not in hidden:
        notes.append(ctx.t["no_answer_note"])
    names = [name for c, name in groups if c in hidden and not (unnamed and c != NO_ANSWER)]
    if unnamed:
        names.insert(0, unnamed)
    if names:
        notes.append(ctx.say("hidden_groups", k=ctx.k, groups=Markup(", ").join(names)))
    if not rows:
        return Block("hidden", q.id, q.text, notes=notes[-1:])
    return Block("choices", q.id, q.text, rows=rows, notes=notes)


def ratings(ctx: Context, questions: list[Question], heading: str) -> Block:
    """Rating questions on one scale as stacked bars, each with its % favourable."""
    first = questions[0]
    colours = scale_colours(len(first.choices))
    points = len(first.choices)
    top = max(1, int(0.4 * points + 0.5))
    block = Block("ratings", first.group or first.id, heading, single=len(questions) == 1)
    block.legend = [
        (swatch(c), ctx.quote(choice.label))
        for c, choice in zip(colours, first.choices, strict=True)
    ]
    block.detail_head = [ctx.quote(c.label) for c in first.choices]
    pnts = any(ctx.tally.questions[q.id].preferred_not for q in questions)
    if pnts:
        block.detail_head.append(
            ctx.quote(first.prefer_not_to_say)
            if first.prefer_not_to_say
            else model.PREFER_NOT_TO_SAY
        )
    for q in questions:
        qc = ctx.tally.questions[q.id]
        if qc.answered < ctx.k:
            block.rows.append(Row(ctx.quote(q.text), note=ctx.t["too_few_answers"].format(k=ctx.k)))
            continue
        shares = [100 * qc.values.get(c.value, 0) / qc.answered for c in q.choices]
        fav = sum(shares[-top:])
        name = ", ".join(
            f"{c.label} {percent_text(s)}" for c, s in zip(q.choices, shares, strict=True)
        )
        segments = [
            Segment(s, colours[i % len(colours)], c.label)
            for i, (c, s) in enumerate(zip(q.choices, shares, strict=True))
        ]
        chart = stacked(segments, f"{name}. {ctx.t['favourable']} {percent_text(fav)}")
        block.rows.append(Row(ctx.quote(q.text), ctx.num(qc.answered), percent_text(fav), chart))
        cells = [ctx.num(qc.values.get(c.value, 0)) for c in q.choices]
        if pnts:
            cells.append(ctx.num(qc.preferred_not))
        block.detail_rows.append(Row(ctx.quote(q.text), cells=cells))
    labels = Markup(", ").join(ctx.quote(c.label) for c in first.choices[-top:])
    block.notes.append(ctx.say("favourable_note", top=top, points=points, labels=labels))
    if all(r.note for r in block.rows):
        return Block("hidden", block.id, heading, notes=[block.rows[0].note])
    return block


def enps(ctx: Context, qc: QuestionCounts) -> Block:
    """The 0-10 question as promoters, passives and detractors, and their score."""
    q = qc.question
    if qc.answered < ctx.k:
        return hidden_block(ctx, q)
    n = qc.answered
    scores = {v: qc.values.get(str(v), 0) for v in range(11)}
    pro = 100 * sum(scores[v] for v in (9, 10)) / n
    det = 100 * sum(scores[v] for v in range(7)) / n
    pas = 100 - pro - det
    # The score from the rounded shares, as everywhere, so that the sentence adds up.
    score = enps_parts({str(v): c for v, c in scores.items()})[2]
    t = ctx.t
    segments = [
        Segment(det, DETRACTOR, t["detractors"]),
        Segment(pas, PASSIVE, t["passives"]),
        Segment(pro, PROMOTER, t["promoters"]),
    ]
    sentence = t["enps_sentence"].format(
        score=score_text(score),
        promoters=percent_text(pro),
        detractors=percent_text(det),
        passives=percent_text(pas),
        n=ctx.num(n),
    )
    block = Block("enps", q.id, q.text, big=score_text(score), sentence=sentence)
    block.chart = stacked(segments, sentence, height=36)
    block.legend = [(swatch(s.fill), s.label) for s in segments]
    block.detail_head = [str(v) for v in range(11)]
    block.detail_rows = [Row(t["count"], cells=[ctx.num(scores[v]) for v in range(11)])]
    if qc.preferred_not:
        block.notes.append(t["preferred_not"].format(n=ctx.num(qc.preferred_not)))
    return block


def number(ctx: Context, qc: QuestionCounts) -> Block:
    q = qc.question
    if qc.answered < ctx.k:
        return hidden_block(ctx, q)
    if q.type == model.DATE:
        years = [(str(y), str(y)) for y in sorted(qc.values)]
        groups = [*years, (NO_ANSWER, ctx.t["no_answer"])]
        return one_choice(ctx, qc, groups, unnamed=ctx.t["other_years"])
    values = sorted(qc.values.elements(), key=float)
    sentence = ctx.t["number_summary"].format(
        n=ctx.num(qc.answered),
        median=number_text(statistics.median(values), ctx.lang, digits=1),
        mean=number_text(qc.total / qc.answered, ctx.lang, digits=1),
    )
    return Block("number", q.id, q.text, sentence=sentence)
