"""The report's numbers: one pass over the responses, counting, plus the small-group rules.

Nothing here renders. :func:`tally` reads every response once and keeps only counters (per
question, and per group of the split, the breakdown and the quarter) and, per free-text
field, a random sample of at most ``TEXT_SAMPLE`` answers: memory does not grow with the
number of responses. :func:`hidden_groups` decides which groups a report may not show, and
:func:`period` how precisely the report may say when the responses came in.
"""

from __future__ import annotations

import math
import os
import random
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import model
from .model import Question
from .report_codes import COUNTED_TYPES, Codes, current_codes

PNTS = model.PREFER_NOT_TO_SAY
#: How ``tally`` counts an answer, by the kind of question.
SCORED, ONE, MANY, TEXT, NUMBER = "scored", "one", "many", "text", "number"
#: Free-text answers kept per field: the most a report lists, chosen at random.
TEXT_SAMPLE = 200
#: The group of a response that gave no usable answer to the grouping question.
NO_ANSWER = ""
#: Question types that divide the respondents into groups (one answer each).
GROUPING_TYPES = (model.SINGLE_CHOICE, model.DROPDOWN, model.YES_NO)
SPLIT_CODES = ("voluntary", "dismissed")
#: A stored date answer: a day or a month.
DATE_ANSWER = re.compile(r"\d{4}-\d{2}(-\d{2})?")


@dataclass
class Measure:
    """A number shown per group: % favourable of a rating question (or of all of them
    pooled), or the eNPS of a recommend question."""

    key: str
    kind: str  # "fav_all", "fav" or "enps"
    question: Question | None


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


class Layout:
    """Where each counter sits in a group's list of counts.

    Slot 0 counts responses, slot 1 responses with any rating answer; then each rating and
    recommend question has one slot per answer code and one for "prefer not to say". A
    group's list is thus the distribution of every scored question within the group, from
    which any measure follows.
    """

    def __init__(self, questions: list[Question]) -> None:
        ratings = [q for q in questions if q.type == model.RATING and q.choices]
        recommends = [q for q in questions if q.type == model.RECOMMEND]
        self.measures: list[Measure] = []
        if len(ratings) > 1:
            self.measures.append(Measure("all_ratings", "fav_all", None))
        self.measures += [Measure(q.id, "fav", q) for q in ratings]
        self.measures += [Measure(q.id, "enps", q) for q in recommends]
        self.slots: dict[str, dict[str, int]] = {}
        self.pnts: dict[str, int] = {}
        width = 2
        for q in [*ratings, *recommends]:
            codes = [c.value for c in q.choices] or [str(v) for v in range(11)]
            self.slots[q.id] = {code: width + i for i, code in enumerate(codes)}
            width += len(codes)
            self.pnts[q.id] = width
            width += 1
        self.ratings = {q.id for q in ratings}
        self.width = width

    def distribution(self, question_id: str, counts: list[int]) -> dict[str, int]:
        """Answer code -> count of one scored question in a group."""
        return {code: counts[at] for code, at in self.slots[question_id].items()}

    def value(self, m: Measure, counts: list[int]) -> tuple[int, float | None]:
        """(answers behind it, value): % favourable 0-100, or eNPS -100-100; None if no answers."""
        if m.kind == "fav_all":
            answers = fav = 0
            for qid in self.ratings:
                a, f = self._favourable(qid, counts)
                answers, fav = answers + a, fav + f
            return counts[1], (100 * fav / answers if answers else None)
        assert m.question is not None
        if m.kind == "fav":
            answers, fav = self._favourable(m.question.id, counts)
            return answers, (100 * fav / answers if answers else None)
        scores = self.distribution(m.question.id, counts)
        answers = sum(scores.values())
        return answers, (enps_parts(scores)[2] if answers else None)

    def _favourable(self, question_id: str, counts: list[int]) -> tuple[int, int]:
        scores = self.distribution(question_id, counts)
        top = len(scores) - max(1, int(0.4 * len(scores) + 0.5))
        fav = sum(n for code, n in scores.items() if code.isdigit() and int(code) > top)
        return sum(scores.values()), fav


def enps_parts(scores: Mapping[str, int]) -> tuple[int, int, int]:
    """(% promoters, % detractors, eNPS) of a 0-10 distribution with answers, all whole.

    The eNPS is the difference of the *rounded* percentages, so that the sentence the
    report prints ("17% promoters minus 58% detractors") adds up to the score beside it.
    """
    answers = sum(scores.values())
    promoters = sum(n for code, n in scores.items() if code.isdigit() and int(code) >= 9)
    detractors = sum(n for code, n in scores.items() if code.isdigit() and int(code) <= 6)
    pro, det = round(100 * promoters / answers), round(100 * detractors / answers)
    return pro, det, pro - det


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


def date_span(date: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """(first month, last month) as (year, month) of a coarse date: YYYY-MM, YYYY-Qn, YYYY."""
    try:
        year = int(date[:4])
        if len(date) == 7 and date[4:6] == "-Q" and "1" <= date[6] <= "4":
            quarter = int(date[6])
            return (year, 3 * quarter - 2), (year, 3 * quarter)
        if len(date) == 7 and date[4] == "-" and 1 <= int(date[5:]) <= 12:
            month = int(date[5:])
            return (year, month), (year, month)
        if len(date) == 4:
            return (year, 1), (year, 12)
    except ValueError:
        return None
    return None


def quarter_of(date: str) -> str | None:
    """``YYYY-Qn`` for a month or quarter date; None for a year (it spans four quarters)."""
    span = date_span(date)
    if span is None or span[1][1] - span[0][1] > 2:
        return None
    (year, month), _ = span
    return f"{year}-Q{(month - 1) // 3 + 1}"


def period(dates: Mapping[str, int], k: int) -> tuple[str, str] | None:
    """(first, last) as coarse dates, the period the responses span; None if it may not be said.

    Each end names a month, a quarter or a year (the same kind for both) that holds at least
    ``k`` responses: "from January to September" would show that September holds a group of
    one. The finest kind for which both ends hold ``k`` is used; if not even years do, the
    report gives no period at all.
    """
    spans = [(s, n) for s, n in ((date_span(d), n) for d, n in dates.items()) if s is not None]
    if not spans:
        return None
    start = min(s[0] for s, _ in spans)
    end = max(s[1] for s, _ in spans)
    for unit in (_month, _quarter, _year):
        first, last = unit(*start), unit(*end)
        if all(_held(u, spans) >= k for u in (first, last)):
            return first, last
    return None


def _month(year: int, month: int) -> str:
    return f"{year}-{month:02d}"


def _quarter(year: int, month: int) -> str:
    return f"{year}-Q{(month - 1) // 3 + 1}"


def _year(year: int, month: int) -> str:
    return str(year)


def _held(unit: str, spans: list[tuple[Any, int]]) -> int:
    """Responses whose date lies wholly inside ``unit`` (a year-only date is in no quarter)."""
    span = date_span(unit)
    assert span is not None
    low, high = span
    return sum(n for (first, last), n in spans if low <= first and last <= high)


def quarters_between(first: str, last: str) -> list[str]:
    """Every quarter from ``first`` to ``last`` (both ``YYYY-Qn``), in order."""
    year, q = int(first[:4]), int(first[6])
    out = []
    while f"{year}-Q{q}" <= last:
        out.append(f"{year}-Q{q}")
        year, q = (year + 1, 1) if q == 4 else (year, q + 1)
    return out


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
) -> Tally:
    """Count ``records`` (stored response documents) in one pass.

    ``codes`` (from ``report_codes.choice_codes``) says how each choice question's codes
    count; without it, only the current codes count. Answers to the one-answer questions,
    the split and the breakdown go through the same codes, so every view has the same groups.

    Reads the raw answers rather than the dataset's per-question statuses: the report only
    needs to know whether a usable answer is there, and skipping the condition evaluation
    keeps 100k responses inside the time budget. Scored questions are counted per
    combination of split group, breakdown group and quarter (a few hundred at most) and
    summed into the groups afterwards.
    """
    rng = random.Random(os.urandom(16))
    layout = Layout(questions)
    width = layout.width
    counts = {q.id: QuestionCounts(q) for q in questions}
    others = {q.id: QuestionCounts(q) for q in questions if q.other_label is not None}
    codes = {
        **{q.id: current_codes(q) for q in questions if q.type in COUNTED_TYPES},
        **(codes or {}),
    }
    plan: dict[str, tuple[Any, ...]] = {}
    for q in questions:
        if q.id in layout.slots:
            plan[q.id] = (
                SCORED,
                layout.slots[q.id],
                layout.pnts[q.id],
                int(q.id in layout.ratings),
            )
        elif q.type == model.MULTIPLE_CHOICE:
            plan[q.id] = (MANY, counts[q.id], codes[q.id].groups, Counter())
        elif q.type in model.CHOICE_TYPES:
            plan[q.id] = (ONE, counts[q.id], (codes.get(q.id) or current_codes(q)).groups)
        elif q.type in model.TEXT_TYPES:
            plan[q.id] = (TEXT, counts[q.id])
        elif q.type in (model.NUMBER, model.DATE):
            plan[q.id] = (
                NUMBER,
                counts[q.id],
                _answer_year if q.type == model.DATE else _answer_number,
            )
        if q.id in others:
            plan[q.other_field] = (TEXT, others[q.id])
    (split_id, split_groups), (breakdown_id, breakdown_groups) = [
        (q.id, codes[q.id].groups) if q else ("", {}) for q in (split, breakdown)
    ]
    combos: dict[tuple[str, str, str | None], list[int]] = {}
    dates: Counter = Counter()
    quarters: dict[str, str | None] = {}
    for record in records:
        answers = record.get("answers") or {}
        language = record.get("language", "")
        date = record.get("date", "")
        dates[date] += 1
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
        rated = 0
        # One look-up per answer given, rather than one per question asked.
        for name, value in answers.items():
            entry = plan.get(name)
            if entry is None or value is None:
                continue
            kind = entry[0]
            if kind is SCORED:
                at = entry[1].get(value) if value.__class__ is str else None
                if at is not None:
                    c[at] += 1
                    rated |= entry[3]
                elif value == PNTS:
                    c[entry[2]] += 1
            elif kind is TEXT:
                if value.__class__ is str and value != PNTS and not value.isspace() and value:
                    _sample(entry[1], (value, language), rng)
            elif kind is ONE:
                qc = entry[1]
                if value == PNTS:
                    qc.preferred_not += 1
                elif value.__class__ is str and value in entry[2]:
                    qc.answered += 1
                    qc.values[entry[2][value]] += 1
            elif kind is MANY:
                qc = entry[1]
                if value.__class__ is str:  # given when the question had one answer
                    value = [value]
                if not value or value.__class__ is not list:
                    continue
                if PNTS in value:
                    qc.preferred_not += 1
                    continue
                # A person counts once in a group, even with two earlier choices in it.
                chosen = {entry[2][v] for v in value if v.__class__ is str and v in entry[2]}
                if chosen:
                    qc.answered += 1
                    qc.values.update(chosen)
                    entry[3][record.get("version")] += 1
            else:  # a number, or a date counted by year
                # An answer from before the question's type changed (text, say) is no
                # number: not counted, like a code that no version offered.
                found = entry[2](value)
                if found is not None:
                    qc = entry[1]
                    qc.answered += 1
                    qc.values[found] += 1
                    if entry[2] is _answer_number:
                        qc.total += found
        c[1] += rated
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
    for qid, entry in plan.items():
        if entry[0] is MANY:
            _count_offered(entry[1], codes[qid], entry[3])
    for qid in layout.slots:
        qc = counts[qid]
        qc.values = Counter({k: v for k, v in layout.distribution(qid, overall).items() if v})
        qc.answered = sum(qc.values.values())
        qc.preferred_not = overall[layout.pnts[qid]]
    return Tally(
        n=overall[0],
        dates=dates,
        layout=layout,
        questions=counts,
        others=others,
        overall=overall,
        dimensions=dims,
        codes=codes,
    )


def _count_offered(qc: QuestionCounts, codes: Codes, by_version: Counter) -> None:
    """How many of the people who answered were offered each choice: a choice added or
    dropped along the way was not on every version's page."""
    everything = frozenset(codes.groups.values())
    for version, n in by_version.items():
        for group in codes.offered.get(version, everything):
            qc.offered[group] += n


def hidden_groups(
    counts: Mapping[str, int], k: int, forced: Iterable[str] = (), rest: str = NO_ANSWER
) -> set[str]:
    """The groups a report must not show, from the count of each group.

    Every view of a partition of the respondents asks this one function, with the same
    counts, so that no view shows what another hides.

    1. Every group with fewer than ``k`` (nobody included) is hidden, and the ``forced`` ones.
    2. When the groups of people who answered (all but ``rest``, "no answer") hold fewer
       than ``k`` together, every group is hidden, ``rest`` too: its size would say how many
       answered, and "nobody answered" would look different from "a few answered".
    3. The hidden groups together hold the total minus the groups shown. When that is 1 to
       k-1 people, the smallest group shown is hidden as well. (Hiding "only one small
       group" is not enough: two hidden groups holding 2 would be one person each.)
    """
    hidden = set(forced) | {g for g, n in counts.items() if n < k}
    if rest in counts and sum(n for g, n in counts.items() if g != rest) < k:
        return hidden | set(counts)
    held = sum(n for g, n in counts.items() if g in hidden)
    if 0 < held < k:
        shown = sorted((n, g) for g, n in counts.items() if g not in hidden)
        if shown:
            hidden.add(shown[0][1])
    return hidden


def hidden_periods(counts: Mapping[str, int], k: int, forced: Iterable[str] = ()) -> set[str]:
    """``hidden_groups`` for periods (keys that sort in time order, like ``2026-Q1``), with
    choices that a report made later cannot undo.

    For unordered groups, rule 3 hides the smallest group shown. Across periods that choice
    moves as quarters are added, and two reports together then give away a quarter that
    each of them hides. Here the periods are taken in time order: whenever the periods
    hidden so far hold 1 to k-1 people, the smallest period shown so far is hidden as well.
    Each choice looks only at earlier periods, whose counts no longer change, so a later
    report hides at least what an earlier one hid up to its end: the periods up to any
    point that are hidden hold nobody or k or more, in this report and in every later one.
    """
    order = sorted(counts)
    hidden = set(forced) | {p for p in order if counts[p] < k}
    for end in range(len(order)):
        so_far = order[: end + 1]
        held = sum(counts[p] for p in so_far if p in hidden)
        shown = [p for p in so_far if p not in hidden]
        if 0 < held < k and shown:
            # The smallest, and of equals the latest: nearest to the period it covers for.
            hidden.add(min(reversed(shown), key=counts.__getitem__))
    return hidden


def iter_records(store: Any, slugs: Iterable[str]) -> Iterator[Mapping[str, Any]]:
    """The stored documents of every language version, streamed."""
    for slug in slugs:
        yield from store.responses(slug)
