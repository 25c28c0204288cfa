"""The report's one pass over the responses: each answer counted where it belongs.

``report_stats.tally`` says how each answer field counts (its *plan*); :class:`Pass` reads
the records once and fills the counters. It runs once per response (100k, say), so most of
the report's time is spent here, and it is written for that: per form version, the plan
becomes one table from ``(field, code)`` to the counter it adds one to, for every answer
that is a code (ratings, the 0-10 question, one-answer questions: most answers), and a
record's codes are looked up in that table by built-in functions rather than one Python
step at a time. The other answers (texts, several choices, numbers, a rating given on
another scale or when the question was another type) go through the same rules as
before, one by one, in the record's order. The table holds exactly what those rules
count, so the counts are the same either way.
"""

from __future__ import annotations

import math
import os
import random
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from . import model
from .report_dates import quarter_of
from .report_hiding import NO_ANSWER

PNTS = model.PREFER_NOT_TO_SAY
#: The code of "prefer not to say" ticked when a question was multiple choice (a list
#: holding the marker): no stored answer is a tuple, so it is no code a version offered.
LISTED_PNTS = (PNTS,)
#: How ``tally`` counts an answer, by the kind of question.
SCORED, ONE, MANY, TEXT, NUMBER = "scored", "one", "many", "text", "number"
#: A stored date answer: a day or a month.
DATE_ANSWER = re.compile(r"\d{4}-\d{2}(-\d{2})?")


def answer_number(value: Any) -> float | None:
    """A number answer as a finite number (a number stored as text too); None if it is none."""
    if value.__class__ is str:
        try:
            value = float(value)
        except ValueError:
            return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return value


def answer_year(value: Any) -> str | None:
    """The year of a date answer (``YYYY-MM-DD`` or ``YYYY-MM``); None if it is none."""
    if value.__class__ is str and DATE_ANSWER.fullmatch(value):
        return value[:4]
    return None


class Pass:
    """The counters of one pass over the responses, filled one record at a time.

    ``plan`` (field -> how it counts, ``report_stats._plan``); ``width``: the scored slots
    of one combination of groups (``report_measures.Layout``); ``split`` and ``breakdown``:
    (field, code -> group); ``typed``: ``report_stats.tally``'s; ``text_sample``: how many
    texts a field keeps. After :meth:`count`, ``combos`` holds the scored counts per
    (split group, breakdown group, quarter) and the one-answer questions' counts are in
    their ``QuestionCounts``.
    """

    def __init__(
        self,
        plan: dict[str, tuple[Any, ...]],
        width: int,
        split: tuple[str, dict],
        breakdown: tuple[str, dict],
        typed: Mapping[str, frozenset[str]],
        text_sample: int,
    ) -> None:
        self.plan = plan
        self.width = width
        self.split_id, self.split_groups = split
        self.breakdown_id, self.breakdown_groups = breakdown
        self.rng = random.Random(os.urandom(16))
        self.text_sample = text_sample
        #: (split group, breakdown group, quarter) -> the scored questions' slots, followed
        #: by the one-answer questions' (cut off and added up after the pass)
        self.combos: dict[tuple[str, str, str | None], list[int]] = {}
        self.dates: Counter = Counter()
        self.quarters: dict[str, str | None] = {}
        self.by_version: Counter = Counter()
        #: question -> answers its version gave to another type of question (not text)
        self.other_type: Counter = Counter()
        self.typed = typed
        #: One-answer question -> {group: slot}, and its "prefer not to say" slot: after
        #: the scored slots, in the same list (one list to add to per record).
        self.one_slots: dict[str, dict[str, int]] = {}
        self.one_pnts: dict[str, int] = {}
        at = width
        for name, entry in plan.items():
            if entry[0] is ONE:
                self.one_slots[name] = slots = {}
                for group in entry[2].values():
                    if group not in slots:
                        slots[group], at = at, at + 1
                self.one_pnts[name], at = at, at + 1
        self.full_width = at
        #: The slots of the rating questions' codes: a response that has one "gave a rating".
        self.rating_slots = frozenset(
            at
            for entry in plan.values()
            if entry[0] is SCORED and entry[3]
            for at in entry[1].values()
        )
        self._tables: dict[Any, tuple[dict, frozenset[str], dict, dict]] = {}

    def _typed(self, name: str, version: str) -> bool:
        """Whether a ``prefer_not_to_say`` in ``name`` was typed (see ``tally``)."""
        typed = self.typed
        return name in typed.get(version, typed.get("", ()))

    def _table(self, version: Any) -> tuple[dict, frozenset[str], dict, dict]:
        """For the records of ``version``: ((field, code) -> slot, the fields counted one
        answer at a time by :meth:`_other`, the split's and the breakdown's code -> group).
        A split or breakdown that this version asked as a text, number or date question
        has no groups in its records: a typed "pay" is no group, as it is no choice."""
        codes: dict[tuple[str, str], int] = {}
        one_by_one = set()
        for name, entry in self.plan.items():
            kind = entry[0]
            if kind is SCORED and not (version in entry[4] or version in entry[5]):
                codes.update(((name, code), at) for code, at in entry[1].items())
                if PNTS not in entry[1] and not self._typed(name, version):
                    codes[(name, PNTS)] = entry[2]
            elif kind is SCORED and version in entry[4]:
                # Asked on another scale (or as a choice question): its codes are left out
                # one by one, but "prefer not to say" is the same answer on any scale, and
                # no answer left out, also ticked among several choices.
                one_by_one.add(name)
                codes[(name, LISTED_PNTS)] = entry[2]
                if not self._typed(name, version):
                    codes[(name, PNTS)] = entry[2]
            elif kind is ONE and version in entry[4]:
                # Asked as a rating, 0-10 or multiple choice question: likewise.
                one_by_one.add(name)
                codes[(name, LISTED_PNTS)] = self.one_pnts[name]
                if not self._typed(name, version):
                    codes[(name, PNTS)] = self.one_pnts[name]
            elif kind is ONE and version not in entry[3]:
                # "Prefer not to say" first, as a choice: it is never a group.
                slots = self.one_slots[name]
                codes.update(((name, c), slots[g]) for c, g in entry[2].items() if c != PNTS)
                if not self._typed(name, version):
                    codes[(name, PNTS)] = self.one_pnts[name]
            else:
                one_by_one.add(name)
        table = (
            codes,
            frozenset(one_by_one),
            self._groups(self.split_id, self.split_groups, version),
            self._groups(self.breakdown_id, self.breakdown_groups, version),
        )
        self._tables[version] = table
        return table

    def _groups(self, name: str, groups: dict, version: Any) -> dict:
        """``groups`` (code -> group of the split or breakdown ``name``), or none when
        ``version`` asked ``name`` as another type."""
        entry = self.plan.get(name)
        if entry is not None and entry[0] is ONE and (version in entry[3] or version in entry[4]):
            return {}
        return groups

    def count(self, records: Iterable[Mapping[str, Any]]) -> None:
        """Count every stored response of ``records``."""
        # Locals, not attributes, in the loop: it runs once per response (100k, say).
        combos, dates, quarters = self.combos, self.dates, self.quarters
        by_version, tables = self.by_version, self._tables
        split_id, breakdown_id = self.split_id, self.breakdown_id
        full_width, rating_slots = self.full_width, self.rating_slots
        other = self._other
        for record in records:
            answers = record.get("answers") or {}
            date = record.get("date", "")
            version = record.get("version", "")
            dates[date] += 1
            by_version[(version, date)] += 1
            if date not in quarters:
                quarters[date] = quarter_of(date)
            table = tables.get(version) or self._table(version)
            codes, one_by_one, split_groups, breakdown_groups = table
            value = answers.get(split_id)
            group = split_groups.get(value, NO_ANSWER) if value.__class__ is str else NO_ANSWER
            value = answers.get(breakdown_id)
            part = breakdown_groups.get(value, NO_ANSWER) if value.__class__ is str else NO_ANSWER
            key = (group, part, quarters[date])
            c = combos.get(key)
            if c is None:
                c = combos[key] = [0] * full_width
            c[0] += 1
            get, language, rated = codes.get, record.get("language", ""), 0
            for item in answers.items():
                try:
                    at = get(item)  # (field, answer): its counter if the answer is a code
                except TypeError:  # a list (several choices) or an object: no code, but
                    value = item[1]  # "prefer not to say" ticked then counts as one
                    listed = value.__class__ is list and PNTS in value
                    at = get((item[0], LISTED_PNTS)) if listed else None
                if at is not None:
                    c[at] += 1
                    if at in rating_slots:
                        rated = 1
                elif item[0] in one_by_one:
                    other(item[0], item[1], version, language)
            c[1] += rated

    def _other(self, name: str, value: Any, version: str, language: str) -> None:
        """An answer that is not a code: text, several choices, a number, a date, a rating
        given on another scale."""
        entry = self.plan.get(name)
        if entry is None or value is None:
            return
        kind = entry[0]
        if kind is SCORED or kind is ONE:
            # Only answers of a version that asked another type or scale come here: a
            # typed "5" is no rating, a typed "pay" not the choice Pay, a rating's "3" no
            # choice "3".
            if version in (entry[5] if kind is SCORED else entry[3]):  # text, number, date
                if self._given(name, value, version):
                    self.other_type[name] += 1
            elif self._given(name, value, version):  # another scale, other codes
                entry[4][version][name] += 1
        elif kind is TEXT:
            if version in entry[3]:  # a code, number or date of another type: no comment
                return
            if (
                value.__class__ is str
                and value
                and not value.isspace()
                and (value != PNTS or entry[2] or self._typed(name, version))
            ):
                self._sample(entry[1], (value, language))
        elif kind is MANY:
            if version in entry[4]:  # typed when it was a text question: words
                self._words(entry[5], name, value, version, language)
            elif version in entry[7]:  # a number or date given then: no choice
                if value == PNTS:  # ticked then: the same answer on any question
                    entry[1].preferred_not += 1
                elif self._given(name, value, version):
                    self.other_type[name] += 1
            elif version in entry[6] and value != PNTS:  # a point given to a rating then
                if self._given(name, value, version):
                    entry[6][version][name] += 1
            elif value != PNTS or not self._typed(name, version):
                count_many(entry[1], entry[2], entry[3], value, version)
        elif version in entry[3]:  # given to another type of question ("3000" typed)
            if self._given(name, value, version):
                self.other_type[name] += 1
        else:  # a number, or a date counted by year
            count_number(entry[1], entry[2], value)

    def _given(self, name: str, value: Any, version: str) -> bool:
        """Whether ``value`` is an answer the export shows (not blank, no "prefer not to
        say" marker): what a note may say was left out."""
        if value.__class__ is str:
            return bool(value.strip()) and (value != PNTS or self._typed(name, version))
        if value.__class__ is list:
            return bool(value) and PNTS not in value
        return True

    def _words(self, qc: Any, name: str, value: Any, version: str, lang: str) -> None:
        """Words typed into a text box before a question became multiple choice: a comment."""
        words = value.__class__ is str and value.strip()
        if words and (value != PNTS or self._typed(name, version)):
            self._sample(qc, (value, lang))

    def _sample(self, qc: Any, text: tuple[str, str]) -> None:
        """Reservoir sampling (algorithm R): every text has the same chance to be kept."""
        qc.answered += 1
        if len(qc.texts) < self.text_sample:
            qc.texts.append(text)
            return
        # rng.randrange(qc.answered), without its checks (a third of this function's time):
        # the same rejection sampling over random bits, so just as uniform.
        n = qc.answered
        bits, getrandbits = n.bit_length(), self.rng.getrandbits
        j = getrandbits(bits)
        while j >= n:
            j = getrandbits(bits)
        if j < self.text_sample:
            qc.texts[j] = text

    def one_answer_counts(self) -> list[int]:
        """Cut the one-answer questions' slots off every combination; their sum."""
        width, total = self.width, [0] * (self.full_width - self.width)
        for c in self.combos.values():
            for i, n in enumerate(c[width:]):
                total[i] += n
            del c[width:]
        return total

    def fill_one_answers(self) -> None:
        """Each one-answer question's counts, from the slots (after the pass)."""
        total, width = self.one_answer_counts(), self.width
        for name, slots in self.one_slots.items():
            qc = self.plan[name][1]
            for group, at in slots.items():
                n = total[at - width]
                if n:
                    qc.answered += n
                    qc.values[group] += n
            qc.preferred_not += total[self.one_pnts[name] - width]


def count_many(
    qc: Any, groups: Mapping[str, str], by_version: Counter, value: Any, version: str
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
        values = qc.values
        for group in chosen:  # Counter.update() checked for a mapping first, every time
            values[group] += 1
        by_version[version] += 1


def count_number(qc: Any, number: Callable[[Any], Any], value: Any) -> None:
    """A number answer, or a date answer counted by its year."""
    # What is no number (or date) is not counted, like a code that no version offered: a
    # version that asked another type of question is left out before (``Pass._other``),
    # so this is for a version the collector does not have, or a damaged record.
    found = number(value)
    if found is not None:
        qc.answered += 1
        qc.values[found] += 1
        if number is answer_number:
            qc.total += found
