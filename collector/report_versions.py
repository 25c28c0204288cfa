"""What the questionnaire's versions asked: which questions, and on which scale.

HR edits the questionnaire while answers come in. A response is stored with the version of
the form it was made with, so the report can tell, per question, which responses were
asked it at all (a question added or removed halfway) and which were asked it on another
scale (5 points that became 7). Without that, the report would give the share of "Yes" to
a question added in March as a share of everyone since January, and count an old "4 of 5"
as a "4 of 7".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from . import model
from .model import Form, Question
from .report_dates import period

#: Types whose stored answers are points on the question's scale.
SCALED = (model.RATING,)


@dataclass(frozen=True)
class Versions:
    """Per form version: the question IDs it had, the number of points of each scale, and
    the multiple choice questions it asked as one-answer questions."""

    questions: Mapping[str, frozenset[str]]
    points: Mapping[str, Mapping[str, int]]
    one_answer: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def had_one_answer(self, question: Question, by_version: Mapping[tuple[str, str], int]) -> bool:
        """Whether responses were made with a version in which the multiple choice
        ``question`` allowed one answer only: their shares are not those of "pick all that
        apply", and the report says so."""
        if question.type != model.MULTIPLE_CHOICE:
            return False
        return any(
            n and question.id in self.one_answer.get(version, ())
            for (version, _), n in by_version.items()
        )

    def other_scale(self, question: Question) -> frozenset[str]:
        """The versions that asked ``question`` on a scale with another number of points:
        their answers cannot be counted on the current scale."""
        if question.type not in SCALED:
            return frozenset()
        now = len(question.choices)
        return frozenset(
            version
            for version, points in self.points.items()
            if points.get(question.id, now) != now
        )

    def asked(self, question_id: str, by_version: Mapping[tuple[str, str], int]) -> Counter:
        """Coarse date -> responses that were asked ``question_id`` (made with a version that
        had it). A response of a version the collector never archived counts as asked."""
        dates: Counter = Counter()
        for (version, date), n in by_version.items():
            had = self.questions.get(version)
            if had is None or question_id in had:
                dates[date] += n
        return dates


def versions_of(forms: Iterable[Form]) -> Versions:
    """The :class:`Versions` of every archived form version (in any language)."""
    questions: dict[str, frozenset[str]] = {}
    points: dict[str, dict[str, int]] = {}
    one_answer: dict[str, frozenset[str]] = {}
    for form in forms:
        one_answer[form.version] = frozenset(
            q.id for q in form.questions if q.type in (model.SINGLE_CHOICE, model.DROPDOWN)
        )
        questions[form.version] = frozenset(q.id for q in form.questions)
        points[form.version] = {q.id: len(q.choices) for q in form.questions if q.type in SCALED}
    return Versions(questions, points, one_answer)


def asked_notes(
    versions: Versions,
    questions: list[Question],
    by_version: Mapping[tuple[str, str], int],
    t: Mapping[str, str],
    k: int,
    date_text: Callable[[str], str],
) -> dict[str, str]:
    """question id -> the note for a question that not every response was asked: when it
    was asked, named as the report's own period is (months, quarters or years, each end
    holding ``k`` responses or more), or without a period when even years hold fewer."""
    total = sum(by_version.values())
    notes = {}
    for q in questions:
        dates = versions.asked(q.id, by_version)
        if sum(dates.values()) == total:
            continue
        span = period(dates, k) if dates else None
        if span is None:
            notes[q.id] = t["asked_some"]
            continue
        first, last = (date_text(d) for d in span)
        key = "asked_one" if first == last else "asked_period"
        notes[q.id] = t[key].format(first=first, last=last)
    for q in questions:
        if versions.had_one_answer(q, by_version):
            notes[q.id] = f"{notes.get(q.id, '')} {t['was_one_answer']}".strip()
    return notes
