"""The measures a report shows per group: % favourable and the eNPS, from counters.

:class:`Layout` says where each counter sits in a group's list of counts (the distribution
of every scored question within the group), from which :meth:`Layout.value` works out any
measure; :func:`enps_parts` is the one place the eNPS is computed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from . import model
from .model import Question


@dataclass
class Measure:
    """A number shown per group: % favourable of a rating question (or of all of them
    pooled), or the eNPS of a recommend question."""

    key: str
    kind: str  # "fav_all", "fav" or "enps"
    question: Question | None


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

    def value(
        self, m: Measure, counts: list[int], pooled: set[str] | None = None
    ) -> tuple[int, float | None]:
        """(answers behind it, value): % favourable 0-100, or eNPS -100-100; None if no answers.

        ``pooled``: the rating questions "all ratings together" pools (default all). A
        report pools only those it shows in the same column: with one hidden beside the
        others, the pooled value and the shown ones would give the hidden one away.
        """
        if m.kind == "fav_all":
            answers = fav = 0
            for qid in self.ratings if pooled is None else self.ratings & pooled:
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


def whole(value: float) -> int:
    """``value`` rounded to a whole number the way people round: a half goes away from
    zero (62.5% is 63%, as HR works it out by hand), not to the even neighbour as
    Python's ``round`` does (62.5 -> 62). The small allowance absorbs float error in
    shares such as 100 * 21 / 40."""
    return int(math.copysign(math.floor(abs(value) + 0.5 + 1e-9), value))


def enps_parts(scores: Mapping[str, int]) -> tuple[int, int, int]:
    """(% promoters, % detractors, eNPS) of a 0-10 distribution with answers, all whole.

    The eNPS is the difference of the *rounded* percentages, so that the sentence the
    report prints ("17% promoters minus 58% detractors") adds up to the score beside it.
    """
    answers = sum(scores.values())
    promoters = sum(n for code, n in scores.items() if code.isdigit() and int(code) >= 9)
    detractors = sum(n for code, n in scores.items() if code.isdigit() and int(code) <= 6)
    pro, det = whole(100 * promoters / answers), whole(100 * detractors / answers)
    return pro, det, pro - det
