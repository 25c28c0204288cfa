"""The report page's parts, assembled from the counts: what each section of the page shows.

``report.build_page`` counts and renders; the functions here decide the sections (one per
questionnaire section), the headline numbers, the group tables and the comment lists,
using the views of ``report_questions`` and ``report_groups`` (where the small-group rules
are applied).
"""

from __future__ import annotations

import os
import random
from collections import Counter
from collections.abc import Mapping
from typing import Any

from . import model
from .model import Question
from .report_context import Context
from .report_formats import percent_text, score_text, short_label
from .report_glance_lines import rated_lines, reasons_waiting
from .report_groups import group_table
from .report_hiding import NO_ANSWER
from .report_questions import (
    Block,
    Row,
    enps,
    held_block,
    hidden_answers,
    multiple_choice,
    number,
    one_choice,
    ratings,
)
from .report_stats import GROUPING_TYPES, SPLIT_CODES
from .report_text import sentence


def sections(
    ctx: Context,
    form: model.Form,
    questions: list[Question],
    asked: Mapping[str, str] = {},
    conditional: frozenset[str] = frozenset(),
) -> list[dict]:
    """Per questionnaire section, the charts of its questions (free text goes to comments).

    ``asked`` (question id -> note, from ``report_versions.asked_notes``) names the
    questions that not every response was asked, because they were added or removed along
    the way: their percentages are of the people who answered, like a question behind a
    condition (now, or in a version somebody answered: ``conditional``), and the note says
    when they were asked. ``ctx.held`` names the questions whose charts no view may show."""
    titles = {s.id: s.title for s in form.sections}
    current = {q.id for q in form.questions}
    asked_of_some = {q.id for q in form.questions if form.conditions_of(q)} | set(asked)
    asked_of_some |= conditional  # "No answer" also holds those an earlier version skipped
    sections: dict[str, dict] = {}
    i = 0
    while i < len(questions):
        q = questions[i]
        i += 1
        if q.id in ctx.held and q.type not in model.TEXT_TYPES:
            block = held_block(ctx, q, ctx.held[q.id], q.group_text if q.group else "")
            while q.group and i < len(questions) and questions[i].group == q.group:
                i += 1  # one note for a block of statements, as for one chart
        elif q.type == model.RATING and q.choices:
            same = [q]
            while (
                q.group
                and i < len(questions)
                and questions[i].group == q.group
                and len(questions[i].choices) == len(q.choices)
            ):
                same.append(questions[i])
                i += 1
            block = ratings(ctx, same, (q.group_text or q.text) if q.group else q.text)
            _note_other_scale(ctx, block, same)
            _note_other_type(ctx, block, same)
            _note_other_codes(ctx, block, same)
        elif q.type == model.RECOMMEND:
            block = enps(ctx, ctx.tally.questions[q.id])
            _note_other_scale(ctx, block, [q])
            _note_other_type(ctx, block, [q])
            _note_other_codes(ctx, block, [q])
        elif q.type == model.MULTIPLE_CHOICE:
            block = multiple_choice(ctx, ctx.tally.questions[q.id])
            _note_other_type(ctx, block, [q])
            _note_other_codes(ctx, block, [q])
        elif q.type in GROUPING_TYPES:
            block = one_choice(ctx, ctx.tally.questions[q.id], asked_of_some=q.id in asked_of_some)
            _note_other_type(ctx, block, [q])
            _note_other_codes(ctx, block, [q])
        elif q.type in (model.NUMBER, model.DATE):
            block = number(ctx, ctx.tally.questions[q.id])
            _note_other_type(ctx, block, [q])
        else:
            continue
        if q.id in asked:
            block.notes.append(asked[q.id])
        key = q.section if q.id in current and q.section in titles else ""
        title = titles.get(key) or ctx.t["earlier"]
        sections.setdefault(key, {"id": f"s-{key or 'earlier'}", "title": title, "blocks": []})
        sections[key]["blocks"].append(block)
    return list(sections.values())


def _note_other_scale(ctx: Context, block: Block, same: list[Question]) -> None:
    """Say that answers given on a scale with another number of points are left out (a
    5-point scale that became 7 points under the same ID, a 0-10 question that became a
    rating or the reverse): never silently mixed in. How many only when that leaves no
    small group to work out (:func:`_may_count`). A 0-10 question that was a rating (or
    the reverse) has a note of its own, beside the one on the same kind of scale with
    other points: the export keeps those answers in the question's column, not in one of
    their own."""
    for key, left_out in (
        ("other_scale", ctx.tally.other_scale),
        ("other_scale_kind", ctx.tally.other_kind_of_scale),
    ):
        n = sum(left_out.get(q.id, 0) for q in same)
        if n:
            note = ctx.t[key] if _may_count(ctx, same) else ctx.t[f"{key}_few"]
            block.notes.append(note.format(n=ctx.num(n), points=len(same[0].choices)))


def _note_other_type(ctx: Context, block: Block, same: list[Question]) -> None:
    """Say that answers given when a question was another type (a "3000" or a "pay" typed
    into a text box, a number or date given to what is a multiple choice question now)
    are left out: never silently, and never their values. How many only
    when that leaves no small group to work out (:func:`_may_count`); never for a date
    question: they are in its "No answer" beside those who skipped it, and its years
    are a one-answer chart that hides small groups."""
    q = same[0]
    n = sum(ctx.tally.other_type.get(s.id, 0) for s in same)
    if not n:
        return
    if q.type == model.DATE:
        block.notes.append(ctx.t["other_type_date"])
        return
    kind = {
        model.NUMBER: "number",
        model.RATING: "scored",
        model.RECOMMEND: "scored",
        model.MULTIPLE_CHOICE: "many",
    }
    key = f"other_type_{kind.get(q.type, 'choice')}"
    if not _may_count(ctx, same):
        key += "_few"
    block.notes.append(ctx.t[key].format(n=ctx.num(n)))


def _note_other_codes(ctx: Context, block: Block, same: list[Question]) -> None:
    """Say that answers given when a question was another code question whose codes mean
    something else (a rating that is a choice question now, or the reverse; several
    choices given to what is a one-answer question now) are left out: never silently.
    How many only when that leaves no small group to work out (:func:`_may_count`)."""
    n = sum(ctx.tally.other_code.get(q.id, 0) for q in same)
    if not n:
        return
    q = same[0]
    kind = {model.RATING: "scored", model.RECOMMEND: "scored", model.MULTIPLE_CHOICE: "many"}
    key = f"other_codes_{kind.get(q.type, 'choice')}"
    if not _may_count(ctx, same):
        key += "_few"
    block.notes.append(ctx.t[key].format(n=ctx.num(n)))


def _may_count(ctx: Context, same: list[Question]) -> bool:
    """Whether the notes on the answers to ``same`` left out (given on an earlier scale,
    or when the question was another type) may say how many: the one place that decides.

    Each number must be none or *k* or more, of each question: a statements grid's note
    gives the total over its statements, but each statement's answers are on the page, so
    when nobody skipped, a statement's own number is the responses minus its answers (6
    and 1 left out make a note of 7 that gives away the 1). And the page gives the
    responses and each question's answers (and "prefer not to say"), so with the numbers
    left out the rest, those who skipped it, is a difference of numbers on the page: it
    must be none or a group of *k* or more, as every group the report shows. Both notes
    of a block give their number or neither: with one number given, the other would be
    that difference when nobody skipped."""
    tally_ = ctx.tally
    kinds = (tally_.other_scale, tally_.other_kind_of_scale, tally_.other_type, tally_.other_code)
    for left_out in kinds:
        if any(0 < left_out.get(q.id, 0) < ctx.k for q in same):
            return False
    for q in same:
        qc = ctx.tally.questions[q.id]
        left_out = sum(kind.get(q.id, 0) for kind in kinds)
        if not left_out:
            continue  # its skipped are N minus its answers on the page, note or not
        # What the page hides must stay hidden: left out answers of a one-answer question
        # are in its "No answer", and that hidden beside a small group, the hidden total
        # minus the note's number would be the small group (15 responses, Finance 7 shown,
        # 6 left out: the 2 in HR); a chart not shown for too few answers would have its
        # answers as the responses minus the note's number.
        if q.type in GROUPING_TYPES and NO_ANSWER in hidden_answers(ctx, qc):
            return False
        if q.type not in GROUPING_TYPES and qc.answered < ctx.k:
            return False
        skipped = ctx.tally.n - qc.answered - left_out
        # Words typed when a multiple choice question was a text question are neither its
        # answers nor left out: their comment list gives their number, so the rest who
        # skipped it are that much fewer (21 responses, 5 answers, 5 left out, 10 typed: 1).
        typed = ctx.tally.typed[q.id].answered if q.id in ctx.tally.typed else 0
        for rest in (skipped, skipped - typed):
            for left in (rest, rest - qc.preferred_not):
                if 0 < left < ctx.k:
                    return False
    return True


def glance(ctx: Context, questions: list[Question], trend: dict | None = None) -> dict:
    """The headline numbers: responses, eNPS, % favourable (each with its scale), the main
    reasons (with what their percentages are of), best and worst, and from ``trend`` (the
    trend section's view) whether things got better or worse."""
    t, tally_, layout = ctx.t, ctx.tally, ctx.tally.layout
    values = {
        m.key: (m, *layout.value(m, tally_.overall)) for m in ctx.measures if m.kind != "fav_all"
    }
    shown = {key: v for key, (m, n, v) in values.items() if v is not None and n >= ctx.k}
    for m in ctx.measures:
        if m.kind == "fav_all":  # pooling only the ratings shown, as the tables do
            n, v = layout.value(m, tally_.overall, set(shown))
            values[m.key] = (m, n, v)
            if v is not None and n >= ctx.k:
                shown[m.key] = v
    cards = [{"big": ctx.num(tally_.n), "text": t["glance_responses"], "scale": ""}]
    for m, _, _ in values.values():
        if m.key in shown and m.kind == "enps":
            cards.append(
                {
                    "big": score_text(shown[m.key]),
                    "text": t["glance_enps"],
                    "scale": t["glance_enps_scale"],
                }
            )
            break
    favs = [m for m, _, _ in values.values() if m.kind == "fav" and m.key in shown]
    pooled = "all_ratings" if "all_ratings" in shown else (favs[0].key if len(favs) == 1 else "")
    if pooled == "all_ratings":
        cards.append(
            {
                "big": percent_text(shown[pooled]),
                "text": t["glance_favourable"],
                # The scales of the ratings pooled (those shown), not of every rating.
                "scale": _fav_scale(ctx, [m.question for m in favs if m.question]),
            }
        )
    elif pooled and favs[0].question is not None:
        label = sentence(
            "{f}: {q}", f=t["favourable"].lower(), q=ctx.quote(short_label(favs[0].question.text))
        )
        scale = _fav_scale(ctx, [favs[0].question])
        cards.append({"big": percent_text(shown[pooled]), "text": label, "scale": scale})
    reasons = waiting = None
    for q in questions:
        qc = tally_.questions[q.id]
        if q.type == model.MULTIPLE_CHOICE and qc.answered >= ctx.k and q.id not in ctx.held:
            block = multiple_choice(ctx, qc)
            if not block.rows:  # every reason hidden: a heading over nothing said nothing
                waiting = {"heading": q.text, "note": ctx.say("glance_reasons_none", k=ctx.k)}
                break
            # Of whom: the people who answered the question, not everyone who responded.
            reasons = {"heading": q.text, "rows": _top(block.rows), "note": block.notes[0]}
            break
    lines = rated_lines(ctx, favs, shown)
    if not reasons and not waiting:
        waiting = reasons_waiting(ctx, questions)
    changes: list[str] = []
    if trend is not None:
        changes = [c["change"] for c in trend["charts"] if c.get("change")]
        if not changes and trend["wait"]:
            changes = [trend["wait"]]
    return {
        "cards": cards,
        "reasons": reasons,
        "reasons_waiting": waiting,
        "lines": lines,
        "trend": changes,
    }


def _top(rows: list[Row], most: int = 3) -> list[Row]:
    """The first ``most`` rows, and those tied with the last of them: of four reasons at
    14%, showing three would rank one below the others for no reason. A reason nobody
    chose is no main reason, tied or not."""
    chosen = [row for row in rows if row.count != "0"]
    top = chosen[:most]
    if len(top) == most and top[-1].percent != "–":
        top += [row for row in chosen[most:] if row.percent == top[-1].percent]
    return top


def _fav_scale(ctx: Context, questions: list[Question]) -> str:
    """What % favourable counts, for the card: the top 2 of 5 points, or of each scale."""
    sizes = {len(q.choices) for q in questions if q.type == model.RATING and q.choices}
    if len(sizes) != 1:
        return ctx.t["glance_fav_scale_mixed"]
    points = sizes.pop()
    return ctx.t["glance_fav_scale"].format(top=max(1, int(0.4 * points + 0.5)), points=points)


def group_view(ctx: Context, q: Question | None, dim: str, title: str) -> dict | None:
    if q is None:
        return None
    groups = ctx.groups(q)
    codes = {c.value for c in q.choices}
    if dim == "split" and set(SPLIT_CODES) <= codes:
        heading = ctx.t["split_title_vd"]
    else:
        heading = sentence(title, question=ctx.quote(q.text))
    caption = ctx.say("split_intro", question=ctx.quote(q.text))
    return {"heading": heading, "table": group_table(ctx, dim, groups, f"{dim}-table", caption)}


def comments(
    ctx: Context,
    questions: list[Question],
    asked: Mapping[str, str] = {},
) -> list[dict]:
    """Free-text answers per question, in random order, only from ``kt`` answers on.

    A question that not every response was asked says when it was (``asked``): after an
    ID was changed and changed back, two lists with the same heading are told apart.

    The "other, namely" texts of a one-answer question are a group's: listed only when
    its "Other" group is shown. Their number would say how many people are in a hidden
    "Other", and so how few are in the groups hidden with it. So would the number of
    comments to a question asked only of some hidden groups (``ctx.held``).
    """
    rng = random.Random(os.urandom(16))
    out = []
    for q in questions:
        fields = []
        asked_of_hidden = q.id in ctx.held
        if q.type in model.TEXT_TYPES:
            fields.append((q.id, q.text, ctx.tally.questions[q.id], asked_of_hidden))
        elif q.id in ctx.tally.typed and ctx.tally.typed[q.id].answered:  # typed in before
            heading = f"{q.text} – {ctx.t['typed_before']}"
            fields.append((q.id, heading, ctx.tally.typed[q.id], asked_of_hidden))
        if q.id in ctx.tally.others:
            other_held = q.type in GROUPING_TYPES and model.OTHER_VALUE in hidden_answers(
                ctx, ctx.tally.questions[q.id]
            )
            heading = f"{q.text} – {q.other_label}"
            fields.append(
                (q.other_field, heading, ctx.tally.others[q.id], other_held or asked_of_hidden)
            )
        for field_id, heading, qc, is_held in fields:
            item: dict[str, Any] = {
                "id": f"c-{field_id}",
                "heading": heading,
                "texts": [],
                "note": "",
            }
            item["held"] = is_held
            if is_held:
                item["note"] = ctx.t["comments_held"].format(k=ctx.k)
            elif qc.answered < ctx.kt:
                item["note"] = ctx.t["too_few_answers"].format(k=ctx.kt)
            else:
                item["texts"] = _tagged(rng.sample(qc.texts, len(qc.texts)), ctx.k)
                key = "comments_count" if len(qc.texts) == qc.answered else "comments_sample"
                item["note"] = ctx.t[key].format(
                    n=ctx.num(qc.answered), shown=ctx.num(len(qc.texts))
                )
            if q.id in asked:
                item["note"] = f"{item['note']} {asked[q.id]}".strip()
            out.append(item)
    return out


def picker(
    groupable: list[Question], chosen: Question | None, kept: dict[str, str] | None = None
) -> dict:
    """The breakdown picker: its options, and the report's other options to send again."""
    options = [{"value": q.id, "text": q.text, "selected": q is chosen} for q in groupable]
    return {"options": options, "kept": sorted((kept or {}).items())}


def _tagged(texts: list[tuple[str, str]], k: int) -> list[tuple[str, str]]:
    """The comments with the language of their form (``lang``, for screen readers) only
    when each language holds ``k`` or more of them: "the comment tagged Dutch" would point
    at the only leaver who used the Dutch form, whatever language they wrote in, and with
    one language tagged the untagged ones are the other language."""
    if min(Counter(language for _, language in texts).values(), default=k) >= k:
        return texts
    return [(text, "") for text, _ in texts]
