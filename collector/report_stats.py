"""The report's numbers: one pass over the responses, counting.

Nothing here renders. :func:`tally` reads every response once and keeps only counters (per
question, and per group of the split, the breakdown and the quarter) and, per free-text
field, a random sample of at most ``TEXT_SAMPLE`` answers: memory does not grow with the
number of responses. Which groups a report may show is decided in ``report_hiding``, the
measures per group in ``report_measures``, and the dates in ``report_dates``.
"""

from __future__ import annotations

import math
import os
import random
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import model
from .model import Question
from .report_codes import COUNTED_TYPES, Codes, current_codes
from .report_dates import quarter_of
from .report_hiding import NO_ANSWER
from .report_measures import Layout

PNTS = model.PREFER_NOT_TO_SAY
#: How ``tally`` counts an answer, by the kind of question.
SCORED, ONE, MANY, TEXT, NUMBER = "scored", "one", "many", "text", "number"
#: Free-text answers kept per field: the most a report lists, chosen at random.
TEXT_SAMPLE = 200
#: Question types that divide the respondents into groups (one answer each).
GROUPING_TYPES = (model.SINGLE_CHOICE, model.DROPDOWN, model.YES_NO)
SPLIT_CODES = ("voluntary", "dismissed")
#: A stored date answer: a day or a month.
DATE_ANSWER = re.compile(r"\d{4}-\d{2}(-\d{2})?")


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
    #: rating question id -> answers left out because they were given on another scale
    other_scale: Counter = field(default_factory=Counter)
    #: multiple choice question id -> the words typed before it was one (``export_typed``)
    typed: dict[str, QuestionCounts] = field(default_factory=dict)


def _answer_number(value: Any) -> float | None:
    """A number answer as a finite number (a number stored as text too); None if it is none."""
    if value.__class__ is str:
        try:
            value = float(value)
        except ValueError:
            return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return value


def _answer_year(value: Any) -> str | None:
    """The year of a date answer (``YYYY-MM-DD`` or ``YYYY-MM``); None if it is none."""
    if value.__class__ is str and DATE_ANSWER.fullmatch(value):
        return value[:4]
    return None


def _sample(qc: QuestionCounts, text: tuple[str, str], rng: random.Random) -> None:
    """Reservoir sampling (algorithm R): every text has the same chance to be kept."""
    qc.answered += 1
    if len(qc.texts) < TEXT_SAMPLE:
        qc.texts.append(text)
    else:
        j = rng.randrange(qc.answered)
        if j < TEXT_SAMPLE:
            qc.texts[j] = text


def tally(
    records: Iterable[Mapping[str, Any]],
    questions: list[Question],
    split: Question | None = None,
    breakdown: Question | None = None,
    codes: Mapping[str, Codes] | None = None,
    other_scale: Mapping[str, frozenset[str]] | None = None,
    typed: Mapping[str, frozenset[str]] | None = None,
    typed_before: Mapping[str, frozenset[str]] | None = None,
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
    """
    layout = Layout(questions)
    counts = {q.id: QuestionCounts(q) for q in questions}
    others = {q.id: QuestionCounts(q) for q in questions if q.other_label is not None}
    typed_words = {qid: QuestionCounts(counts[qid].question) for qid in typed_before or {}}
    codes = {
        **{q.id: current_codes(q) for q in questions if q.type in COUNTED_TYPES},
        **(codes or {}),
    }
    plan = _plan(questions, layout, counts, others, codes, other_scale or {})
    for qid, words in typed_words.items():  # multiple choice: typed into by these versions
        plan[qid] = (*plan[qid][:4], (typed_before or {})[qid], words)
    seen = _Pass(
        plan, layout.width, _grouping(split, codes), _grouping(breakdown, codes), typed or {}
    )
    seen.count(records)
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
        other_scale=seen.left_out,
        typed=typed_words,
    )


def _plan(
    questions: list[Question],
    layout: Layout,
    counts: dict[str, QuestionCounts],
    others: dict[str, QuestionCounts],
    codes: dict[str, Codes],
    other_scale: Mapping[str, frozenset[str]],
) -> dict[str, tuple[Any, ...]]:
    """Answer field -> how to count it: its kind first, then what that kind needs."""
    plan: dict[str, tuple[Any, ...]] = {}
    for q in questions:
        if q.id in layout.slots:
            plan[q.id] = (
                SCORED,
                layout.slots[q.id],
                layout.pnts[q.id],
                int(q.id in layout.ratings),
                other_scale.get(q.id, frozenset()),
            )
        elif q.type == model.MULTIPLE_CHOICE:
            plan[q.id] = (MANY, counts[q.id], codes[q.id].groups, Counter(), frozenset(), None)
        elif q.type in model.CHOICE_TYPES:
            plan[q.id] = (ONE, counts[q.id], (codes.get(q.id) or current_codes(q)).groups)
        elif q.type in model.TEXT_TYPES:
            plan[q.id] = (TEXT, counts[q.id], False)
        elif q.type in (model.NUMBER, model.DATE):
            number = _answer_year if q.type == model.DATE else _answer_number
            plan[q.id] = (NUMBER, counts[q.id], number)
        if q.id in others:
            plan[q.other_field] = (TEXT, others[q.id], True)  # words, whatever they say
    return plan


def _grouping(question: Question | None, codes: Mapping[str, Codes]) -> tuple[str, dict]:
    """(answer field, code -> group) of the split or the breakdown; nothing without one."""
    return (question.id, codes[question.id].groups) if question else ("", {})


class _Pass:
    """The counters of one pass over the responses, filled one record at a time."""

    def __init__(
        self,
        plan: dict[str, tuple[Any, ...]],
        width: int,
        split: tuple[str, dict],
        breakdown: tuple[str, dict],
        typed: Mapping[str, frozenset[str]],
    ) -> None:
        self.plan = plan
        self.width = width
        self.split_id, self.split_groups = split
        self.breakdown_id, self.breakdown_groups = breakdown
        self.rng = random.Random(os.urandom(16))
        #: (split group, breakdown group, quarter) -> the scored questions' slots
        self.combos: dict[tuple[str, str, str | None], list[int]] = {}
        self.dates: Counter = Counter()
        self.quarters: dict[str, str | None] = {}
        self.by_version: Counter = Counter()
        self.left_out: Counter = Counter()
        self.typed = typed

    def _typed(self, name: str, version: str) -> bool:
        """Whether a ``prefer_not_to_say`` in ``name`` was typed (see ``tally``)."""
        typed = self.typed
        return name in typed.get(version, typed.get("", ()))

    def _words(self, qc: QuestionCounts, name: str, value: Any, version: str, lang: str) -> None:
        """Words (or a number) typed before a question became multiple choice: a comment."""
        value = str(value) if value.__class__ in (int, float) else value  # not bool
        words = value.__class__ is str and value.strip()
        if words and (value != PNTS or self._typed(name, version)):
            _sample(qc, (value, lang), self.rng)

    def count(self, records: Iterable[Mapping[str, Any]]) -> None:
        """Count every stored response of ``records``."""
        # Locals, not attributes, in the loop: it runs once per response (100k, say).
        combos, dates, quarters = self.combos, self.dates, self.quarters
        by_version = self.by_version
        split_id, split_groups = self.split_id, self.split_groups
        breakdown_id, breakdown_groups = self.breakdown_id, self.breakdown_groups
        count_answers, width = self._count_answers, self.width
        for record in records:
            answers = record.get("answers") or {}
            date = record.get("date", "")
            version = record.get("version", "")
            dates[date] += 1
            by_version[(version, date)] += 1
            if date not in quarters:
                quarters[date] = quarter_of(date)
            value = answers.get(split_id)
            group = split_groups.get(value, NO_ANSWER) if value.__class__ is str else NO_ANSWER
            value = answers.get(breakdown_id)
            part = breakdown_groups.get(value, NO_ANSWER) if value.__class__ is str else NO_ANSWER
            key = (group, part, quarters[date])
            c = combos.get(key)
            if c is None:
                c = combos[key] = [0] * width
            c[0] += 1
            c[1] += count_answers(answers, c, version, record.get("language", ""))

    def _count_answers(
        self, answers: Mapping[str, Any], c: list[int], version: str, language: str
    ) -> int:
        """Count one response's answers (scored ones into ``c``); 1 if it gave a rating."""
        plan = self.plan
        rated = 0
        # One look-up per answer given, rather than one per question asked.
        for name, value in answers.items():
            entry = plan.get(name)
            if entry is None or value is None:
                continue
            kind = entry[0]
            if kind is SCORED:
                if entry[4] and version in entry[4]:
                    self.left_out[name] += 1
                    continue
                at = entry[1].get(value) if value.__class__ is str else None
                if at is not None:
                    c[at] += 1
                    rated |= entry[3]
                elif value == PNTS and not self._typed(name, version):
                    c[entry[2]] += 1
            elif kind is TEXT:
                if (
                    value.__class__ is str
                    and value
                    and not value.isspace()
                    and (value != PNTS or entry[2] or self._typed(name, version))
                ):
                    _sample(entry[1], (value, language), self.rng)
            elif kind is ONE:  # inline like the scored ones: most questions are one of them
                qc = entry[1]
                if value == PNTS:
                    if not self._typed(name, version):
                        qc.preferred_not += 1
                elif value.__class__ is str and value in entry[2]:
                    qc.answered += 1
                    qc.values[entry[2][value]] += 1
            elif kind is MANY:
                if version in entry[4]:  # typed when it was a text question: words
                    self._words(entry[5], name, value, version, language)
                elif value != PNTS or not self._typed(name, version):
                    _count_many(entry[1], entry[2], entry[3], value, version)
            else:  # a number, or a date counted by year
                _count_number(entry[1], entry[2], value)
        return rated


def _count_many(
    qc: QuestionCounts, groups: Mapping[str, str], by_version: Counter, value: Any, version: str
) -> None:
    """An answer to a multiple-choice question; ``by_version`` counts who answered which
    version, for the share of them that were offered each choice."""
    if value.__class__ is str:  # given when the question had one answer
        value = [value]
    if not value or value.__class__ is not list:
        return
    if PNTS in value:
        qc.preferred_not += 1
        return
    # A person counts once in a group, even with two earlier choices in it.
    chosen = {groups[v] for v in value if v.__class__ is str and v in groups}
    if chosen:
        qc.answered += 1
        qc.values.update(chosen)
        by_version[version] += 1


def _count_number(qc: QuestionCounts, number: Callable[[Any], Any], value: Any) -> None:
    """A number answer, or a date answer counted by its year."""
    # An answer from before the question's type changed (text, say) is no number: not
    # counted, like a code that no version offered.
    found = number(value)
    if found is not None:
        qc.answered += 1
        qc.values[found] += 1
        if number is _answer_number:
            qc.total += found


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


def iter_records(store: Any, slugs: Iterable[str]) -> Iterator[Mapping[str, Any]]:
    """The stored documents of every language version, streamed."""
    for slug in slugs:
        yield from store.responses(slug)
