"""The report's numbers: one pass over the responses, counting.

Nothing here renders (and the pass itself is ``report_pass``). :func:`tally` reads every response once and keeps only counters (per
question, and per group of the split, the breakdown and the quarter) and, per free-text
field, a random sample of at most ``TEXT_SAMPLE`` answers: memory does not grow with the
number of responses. Which groups a report may show is decided in ``report_hiding``, the
measures per group in ``report_measures``, and the dates in ``report_dates``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import model
from .model import Question
from .odd_records import OddRecords
from .report_codes import COUNTED_TYPES, Codes, current_codes
from .report_measures import Layout
from .report_pass import MANY, NUMBER, ONE, SCORED, TEXT, Pass, answer_number, answer_year

#: Free-text answers kept per field: the most a report lists, chosen at random.
TEXT_SAMPLE = 200
#: Question types that divide the respondents into groups (one answer each).
GROUPING_TYPES = (model.SINGLE_CHOICE, model.DROPDOWN, model.YES_NO)
SPLIT_CODES = ("voluntary", "dismissed")


@dataclass
class QuestionCounts:
    """What one question collected: answer codes counted, or texts sampled."""

    question: Question
    values: Counter = field(default_factory=Counter)
    answered: int = 0  # responses with a usable answer (not "prefer not to say")
    preferred_not: int = 0
    total: float = 0.0  # number questions: the sum, for the mean
    #: multiple choice: per group, how many of those who answered had a version offering it
    offered: Counter = field(default_factory=Counter)
    texts: list[tuple[str, str]] = field(default_factory=list)  # (text, language)


@dataclass
class Tally:
    """Everything a report shows, counted."""

    n: int
    dates: Counter  # stored coarse date -> responses
    layout: Layout
    questions: dict[str, QuestionCounts]
    others: dict[str, QuestionCounts]  # "other, namely" texts, by question id
    overall: list[int]
    dimensions: dict[str, dict[str, list[int]]]  # "split"/"breakdown"/"quarter" -> groups
    codes: dict[str, Codes]  # how each choice question's codes were counted
    #: (form version, coarse date) -> responses: who was asked what, and when (report_versions)
    by_version: Counter = field(default_factory=Counter)
    #: rating question id -> answers left out because given on a scale with another
    #: number of points, or the points in another order (the export's own columns)
    other_scale: Counter = field(default_factory=Counter)
    #: rating or 0-10 question id -> answers left out because a version asked it as a 0-10
    #: question while a rating now, or the reverse: their own note names that change (the
    #: export has no column of their own for them)
    other_kind_of_scale: Counter = field(default_factory=Counter)
    #: multiple choice question id -> the words typed before it was one (``export_typed``)
    typed: dict[str, QuestionCounts] = field(default_factory=dict)
    #: question id -> answers left out because their version asked it as another type
    #: (a number question asked as text, a rating as a number: ``asked_as_another_type``)
    other_type: Counter = field(default_factory=Counter)
    #: code question id -> answers left out because their version asked it as another code
    #: question whose codes mean something else (``asked_with_other_codes``)
    other_code: Counter = field(default_factory=Counter)
    #: stored records left out because they are no response it can read (hand edits);
    #: the page says how many, never what they hold
    left_out: int = 0


def tally(
    records: Iterable[Mapping[str, Any]],
    questions: list[Question],
    split: Question | None = None,
    breakdown: Question | None = None,
    codes: Mapping[str, Codes] | None = None,
    other_scale: Mapping[str, frozenset[str]] | None = None,
    typed: Mapping[str, frozenset[str]] | None = None,
    typed_before: Mapping[str, frozenset[str]] | None = None,
    another_type: Mapping[str, frozenset[str]] | None = None,
    other_kind_of_scale: Mapping[str, frozenset[str]] | None = None,
    other_codes: Mapping[str, frozenset[str]] | None = None,
) -> Tally:
    """Count ``records`` (stored response documents) in one pass.

    ``codes`` (from ``report_codes.choice_codes``) says how each choice question's codes
    count; without it, only the current codes count. Answers to the one-answer questions,
    the split and the breakdown go through the same codes, so every view has the same groups.

    Reads the raw answers rather than the dataset's per-question statuses: the report only needs to
    know whether a usable answer is there, and skipping the condition evaluation keeps 100k
    responses inside the time budget. Scored questions are counted per combination of split group,
    breakdown group and quarter (a few hundred at most) and summed into the groups afterwards.

    ``other_scale`` (question id -> form versions) names the versions that asked a rating
    question on a scale with another number of points: their answers to it are left out
    (and counted in ``Tally.other_scale``), because an old "4 of 5" is not a "4 of 7".

    ``typed`` (form version -> question ids, ``dataset.typed_only``; the key ``""`` for a
    version not listed) names the text boxes without a "prefer not to say" box: a
    ``prefer_not_to_say`` stored there was typed. It is a comment like any other, and no
    "prefer not to say" in a chart (the question may be a choice question now): it counts
    there as a code that no version offered, as none, as in the export.

    ``typed_before`` (``export_typed.typed_versions``): the versions that asked a multiple
    choice question as a text question stored words, its comments (``Tally.typed``).

    ``another_type`` (``report_versions.asked_as_another_type``): the versions that asked a
    question as another type. Their answers to it are no number, date, comment, rating or
    choice, whatever they look like (a "3000" or a "5" typed into a text box, a number or
    a date given to what is a multiple choice question now); those left out of any but a
    text question are counted in ``Tally.other_type``.

    ``other_kind_of_scale`` (``report_versions.asked_on_another_kind_of_scale``): the
    versions that asked a rating question as a 0-10 question, or the reverse. Left out as
    answers on another scale ("prefer not to say" counts), counted apart for their own
    note (``Tally.other_kind_of_scale``).

    ``other_codes`` (``report_versions.asked_with_other_codes``): the versions that asked a
    code question as another code question whose codes mean something else (a rating as a
    choice question). Left out the same way, and counted in ``Tally.other_code``.
    """
    layout = Layout(questions)
    counts = {q.id: QuestionCounts(q) for q in questions}
    others = {q.id: QuestionCounts(q) for q in questions if q.other_label is not None}
    typed_words = {qid: QuestionCounts(counts[qid].question) for qid in typed_before or {}}
    codes = {
        **{q.id: current_codes(q) for q in questions if q.type in COUNTED_TYPES},
        **(codes or {}),
    }
    # The answers left out by their version, each kind in a counter of its own (a note).
    on_scale, on_kind, with_codes = Counter(), Counter(), Counter()
    left_out = _left_out(
        (other_scale, on_scale), (other_kind_of_scale, on_kind), (other_codes, with_codes)
    )
    plan = _plan(questions, layout, counts, others, codes, left_out, another_type or {})
    for qid, words in typed_words.items():  # multiple choice: typed into by these versions
        plan[qid] = (*plan[qid][:4], (typed_before or {})[qid], words, *plan[qid][6:])
    seen = Pass(
        plan, layout.width, _grouping(split, codes), _grouping(breakdown, codes), typed or {},
        TEXT_SAMPLE,
    )  # fmt: skip
    seen.count(records)
    seen.fill_one_answers()
    overall, dims = _sum_groups(seen.combos, split, breakdown, layout.width)
    for qid, entry in plan.items():
        if entry[0] is MANY:
            _count_offered(entry[1], codes[qid], entry[3])
    _scored_counts(layout, counts, overall)
    return Tally(
        n=overall[0],
        dates=seen.dates,
        layout=layout,
        questions=counts,
        others=others,
        overall=overall,
        dimensions=dims,
        codes=codes,
        by_version=seen.by_version,
        other_scale=on_scale,
        typed=typed_words,
        other_type=seen.other_type,
        other_kind_of_scale=on_kind,
        other_code=with_codes,
    )


def _plan(
    questions: list[Question],
    layout: Layout,
    counts: dict[str, QuestionCounts],
    others: dict[str, QuestionCounts],
    codes: dict[str, Codes],
    left_out: Mapping[str, Mapping[str, Counter]],
    another_type: Mapping[str, frozenset[str]],
) -> dict[str, tuple[Any, ...]]:
    """Answer field -> how to count it: its kind first, then what that kind needs.

    ``left_out``: question id -> form version -> the counter of the answers that version
    gave which are left out (another scale, or codes that meant something else then)."""
    plan: dict[str, tuple[Any, ...]] = {}
    for q in questions:
        if q.id in layout.slots:
            plan[q.id] = (
                SCORED,
                layout.slots[q.id],
                layout.pnts[q.id],
                int(q.id in layout.ratings),
                left_out.get(q.id, {}),
                another_type.get(q.id, frozenset()),
            )
        elif q.type == model.MULTIPLE_CHOICE:
            plan[q.id] = (
                MANY, counts[q.id], codes[q.id].groups, Counter(), frozenset(), None,
                left_out.get(q.id, {}), another_type.get(q.id, frozenset()),
            )  # fmt: skip
        elif q.type in model.CHOICE_TYPES:
            groups = (codes.get(q.id) or current_codes(q)).groups
            plan[q.id] = (
                ONE, counts[q.id], groups, another_type.get(q.id, frozenset()),
                left_out.get(q.id, {}),
            )  # fmt: skip
        elif q.type in model.TEXT_TYPES:
            plan[q.id] = (TEXT, counts[q.id], False, another_type.get(q.id, frozenset()))
        elif q.type in (model.NUMBER, model.DATE):
            number = answer_year if q.type == model.DATE else answer_number
            plan[q.id] = (NUMBER, counts[q.id], number, another_type.get(q.id, frozenset()))
        if q.id in others:
            plan[q.other_field] = (TEXT, others[q.id], True, frozenset())  # words, whatever
    return plan


def _left_out(
    *kinds: tuple[Mapping[str, frozenset[str]] | None, Counter],
) -> dict[str, dict[str, Counter]]:
    """question id -> form version -> the counter its left out answers count in, from
    (question id -> versions, counter) per kind of answers left out."""
    found: dict[str, dict[str, Counter]] = {}
    for versions, counter in kinds:
        for qid, found_versions in (versions or {}).items():
            for version in found_versions:
                found.setdefault(qid, {})[version] = counter
    return found


def _grouping(question: Question | None, codes: Mapping[str, Codes]) -> tuple[str, dict]:
    """(answer field, code -> group) of the split or the breakdown; nothing without one."""
    return (question.id, codes[question.id].groups) if question else ("", {})


def _sum_groups(
    combos: Mapping[tuple[str, str, str | None], list[int]],
    split: Question | None,
    breakdown: Question | None,
    width: int,
) -> tuple[list[int], dict[str, dict[str, list[int]]]]:
    """The scored counts of every combination summed into the whole (``overall``) and into
    each group of the split, the breakdown and the quarter."""
    overall = [0] * width
    dims: dict[str, dict[str, list[int]]] = {"split": {}, "breakdown": {}, "quarter": {}}
    for (group, part, quarter), c in combos.items():
        targets = [overall]
        if split is not None:
            targets.append(dims["split"].setdefault(group, [0] * width))
        if breakdown is not None:
            targets.append(dims["breakdown"].setdefault(part, [0] * width))
        if quarter is not None:
            targets.append(dims["quarter"].setdefault(quarter, [0] * width))
        for target in targets:
            for i, v in enumerate(c):
                target[i] += v
    return overall, dims


def _scored_counts(layout: Layout, counts: dict[str, QuestionCounts], overall: list[int]) -> None:
    """Each scored question's answers, as a question's counts, from the summed slots."""
    for qid in layout.slots:
        qc = counts[qid]
        qc.values = Counter({k: v for k, v in layout.distribution(qid, overall).items() if v})
        qc.answered = sum(qc.values.values())
        qc.preferred_not = overall[layout.pnts[qid]]


def _count_offered(qc: QuestionCounts, codes: Codes, by_version: Counter) -> None:
    """How many of the people who answered were offered each choice: a choice added or
    dropped along the way was not on every version's page."""
    everything = frozenset(codes.groups.values())
    for version, n in by_version.items():
        for group in codes.offered.get(version, everything):
            qc.offered[group] += n


def iter_records(
    store: Any, slugs: Iterable[str], odd: OddRecords | None = None
) -> Iterator[Mapping[str, Any]]:
    """The stored documents of every language version, streamed; records edited by hand
    into another shape are read by the rules of ``odd_records.py`` and noted in ``odd``."""
    for slug in slugs:
        yield from store.responses(slug, odd or OddRecords())
