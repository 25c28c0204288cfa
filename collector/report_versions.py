"""What the questionnaire's versions asked: which questions, and on which scale.

HR edits the questionnaire while answers come in. A response is stored with the version of
the form it was made with, so the report can tell, per question, which responses were
asked it at all (a question added or removed halfway) and which were asked it on another
scale (5 points that became 7). Without that, the report would give the share of "Yes" to
a question added in March as a share of everyone since January, and count an old "4 of 5"
as a "4 of 7". The export reads the same history (``scale_history``) to give answers on an
earlier scale a column of their own.
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
    """Per form version: the question IDs it had, and the multiple choice questions it
    asked as one-answer questions. (Which asked a rating question on another scale:
    :func:`scale_history`.)"""

    questions: Mapping[str, frozenset[str]]
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
    one_answer: dict[str, frozenset[str]] = {}
    for form in forms:
        one_answer[form.version] = frozenset(q.id for q in form.questions if q.type in _ONE_ANSWER)
        questions[form.version] = frozenset(q.id for q in form.questions)
    return Versions(questions, one_answer)


def answered_forms(forms: Iterable[Form], by_version: Mapping[tuple[str, str], int]) -> list[Form]:
    """The versions among ``forms`` (in any language) that a counted response was made
    with: what they asked, and of whom, is in the report's numbers."""
    answered = {version for (version, _), n in by_version.items() if n}
    return [form for form in forms if form.version in answered]


def asked_of_some(answered: Iterable[Form]) -> frozenset[str]:
    """The IDs of the questions that one of the ``answered`` versions asked only under a
    condition (its own or its section's). A question HR took out of a condition (asked of
    the dismissed, then of everyone) was not asked of everyone: the earlier responses'
    "No answer" holds those not asked beside those who skipped it."""
    return frozenset(q.id for form in answered for q in form.questions if form.conditions_of(q))


def not_a_grouping(
    q: Question | None,
    form: Form,
    held: Mapping[str, str],
    asked: Mapping[str, str],
    asked_of_some: frozenset[str],
    t: Mapping[str, str],
) -> str:
    """Why the report cannot be split or broken down by ``q`` ('' if it can).

    Only by a question everyone was asked. The "No answer" group of a question asked of
    some people (a condition, now or in a version somebody answered: ``asked_of_some``;
    or a version of the form that did not have it: ``asked``) holds those not asked and
    those who skipped it; beside the groups it nests in (the dismissed who were asked
    'practices'), the few who skipped it are a difference of two columns, their answers
    too. And the groups of a question ``held`` add up to a size the report hides.
    """
    if q is None:
        return ""
    if q.id in held:
        return t["held_option"].format(value=q.id, question=held[q.id])
    if form.conditions_of(q) or q.id in asked or q.id in asked_of_some:
        return t["some_option"].format(value=q.id)
    return ""


def asked_as_another_type(
    questions: Iterable[Question], versions: Iterable[Form]
) -> dict[str, frozenset[str]]:
    """question id -> the form versions (any language) that asked it as another type, for
    each question of ``questions`` the report counts by version: a number, date or text
    question asked as another type (a short and a long text are one type), a rating,
    0-10 or one-answer question asked as a text, number or date question, and a multiple
    choice question asked as a number or date question. What those versions stored is
    not this question's answer, whatever it looks like: a "3000" typed into a text box is
    no number, a typed "2019-03-04" no date, a typed "5" no rating, a typed "pay" not the
    choice Pay, a number or date no choice, and a chosen code or a number or date is no
    comment. (Words typed when a multiple choice question was a text question are its
    comments: ``export_typed.typed_versions``.) The report goes by the version a response
    was made with, never by what an answer looks like; a version the collector does not
    have is read as one that asked the question as it is now."""
    counted = [q for q in questions if q.type in (*_BY_VERSION, *_CODED, model.MULTIPLE_CHOICE)]
    return model.versions_asking(
        counted, versions, lambda now, then: _another_type(_kind(now), _kind(then))
    )


#: The types whose answers are typed (or picked as a date): the report counts them only
#: from versions that asked them so.
_BY_VERSION = (model.NUMBER, model.DATE, *model.TEXT_TYPES)
#: The types whose answers are codes, counted through a table of codes (``report_pass``):
#: a typed "5" or "pay" would read as a code.
_CODED = (model.RATING, model.RECOMMEND, model.SINGLE_CHOICE, model.DROPDOWN, model.YES_NO)


def asked_with_other_codes(
    questions: Iterable[Question], versions: Iterable[Form]
) -> dict[str, frozenset[str]]:
    """question id -> the form versions (any language) that asked a code question of
    ``questions`` as another code question whose codes mean something else: a rating or
    0-10 question asked as a choice question, a choice question asked as a rating or 0-10
    question, and a one-answer question asked as multiple choice. A rating "3" ("Fair") is
    no choice "3" ("Average"), nor a choice "3" a 3 of 0-10, and two reasons ticked are no
    one answer, so the report leaves those answers out, with a note. Not here: what a
    one-answer code is in another one-answer or multiple choice question (the same choice,
    by its code, as any choice across versions: ``report_codes``), and a rating asked as a
    0-10 question or the reverse (another scale: :func:`asked_on_another_kind_of_scale`)."""
    coded = [q for q in questions if q.type in (*_SCALES, *_CHOICES)]
    return model.versions_asking(coded, versions, _other_codes)


#: The choice questions: their codes are HR's, one or several per answer.
_ONE_ANSWER = (model.SINGLE_CHOICE, model.DROPDOWN, model.YES_NO)
_CHOICES = (*_ONE_ANSWER, model.MULTIPLE_CHOICE)


def _other_codes(now: str, then: str) -> bool:
    """Whether the codes a ``then`` question stored mean something else in a ``now``
    question (both code questions)."""
    if now in _SCALES:
        return then in _CHOICES
    if now == model.MULTIPLE_CHOICE:
        return then in _SCALES
    return then in (*_SCALES, model.MULTIPLE_CHOICE)


def _kind(question_type: str) -> str:
    """What a question of ``question_type`` stores: a short and a long text store text."""
    return model.LONG_TEXT if question_type in model.TEXT_TYPES else question_type


def _another_type(now: str, then: str) -> bool:
    """Whether what a ``then`` question stored is no answer to a ``now`` question. A code
    question minds typed answers only here: a code given to another code question is
    :func:`asked_with_other_codes`' (a choice code may well be "3", which is no point of
    a scale). A multiple choice question minds numbers and dates only: words typed before
    are its comments, and a code is counted by code or left out by the other rule."""
    if now in _CODED:
        return then in _BY_VERSION
    if now == model.MULTIPLE_CHOICE:
        return then in (model.NUMBER, model.DATE)
    return then != now


@dataclass(frozen=True)
class EarlierScale:
    """A scale that a rating question was asked on before, other than its scale now."""

    question_id: str
    #: The export column of its answers, e.g. ``manager.scale_5``.
    column: str
    points: int
    #: The same points as now, in another order (else: another number of points).
    reordered: bool


@dataclass(frozen=True)
class ScaleHistory:
    """The earlier scales of each rating question, and which form versions asked them."""

    #: question id -> its earlier scales, in column order (fewest points first)
    earlier: Mapping[str, tuple[EarlierScale, ...]]
    #: form version -> question id -> the earlier scale that version asked it on
    asked_on: Mapping[str, Mapping[str, EarlierScale]]


def scale_key(asked: Question, now: Question, same_language: bool) -> tuple[int, ...] | None:
    """None when answers given to ``asked`` read right on ``now``'s scale; else what tells
    the earlier scale apart: ``(points,)`` for another number of points, or ``(points,
    *order)`` for the same labels in another order (``order``: where each earlier point
    is now). Labels are compared only within one language (``same_language``), and a
    reworded label is the same point, as for the builder's warning (id_changes.py)."""
    old = [c.label for c in asked.choices]
    new = [c.label for c in now.choices]
    if len(old) != len(new):
        return (len(old),)
    if same_language and old != new and sorted(old) == sorted(new):
        return (len(old), *(new.index(label) for label in old))
    return None


def scale_history(
    questions: Iterable[Question], current: Mapping[str, Form], versions: Iterable[Form]
) -> ScaleHistory:
    """Which ``versions`` (forms in any language) asked a rating question of ``questions``
    on another scale than now: ``current`` (language -> the current form) has the scale
    of now in that language; a question it lacks (asked by older versions only) is
    compared with its entry in ``questions`` by the number of points."""
    dataset = {q.id: q for q in questions if q.type in SCALED}
    now_in = {lang: {q.id: q for q in form.questions} for lang, form in current.items()}
    keys: dict[str, dict[str, tuple[int, ...]]] = {}  # version -> question id -> key
    for form in versions:
        now_here = now_in.get(form.language, {})
        for asked in form.questions:
            reference = dataset.get(asked.id)
            if reference is None or asked.type not in SCALED:
                continue  # a type that changed: the export keeps its one column
            now = now_here.get(asked.id)
            same_language = now is not None and now.type in SCALED
            key = scale_key(asked, now if same_language else reference, same_language)
            if key is not None:
                keys.setdefault(form.version, {})[asked.id] = key
    by_question: dict[str, set[tuple[int, ...]]] = {}
    for found in keys.values():
        for qid, key in found.items():
            by_question.setdefault(qid, set()).add(key)
    named = {qid: _named(qid, sorted(found)) for qid, found in by_question.items()}
    earlier = {qid: tuple(scales.values()) for qid, scales in named.items()}
    asked_on = {
        version: {qid: named[qid][key] for qid, key in found.items()}
        for version, found in keys.items()
    }
    return ScaleHistory(earlier, asked_on)


def versions_on_other_scales(history: ScaleHistory) -> dict[str, frozenset[str]]:
    """question id -> the form versions that asked it on an earlier scale: the report
    leaves their answers out, where the export gives them columns of their own."""
    found: dict[str, set[str]] = {}
    for version, questions in history.asked_on.items():
        for qid in questions:
            found.setdefault(qid, set()).add(version)
    return {qid: frozenset(versions) for qid, versions in found.items()}


def asked_on_another_kind_of_scale(
    questions: Iterable[Question], versions: Iterable[Form]
) -> dict[str, frozenset[str]]:
    """question id -> the form versions (any language) that asked a rating question of
    ``questions`` as a 0-10 question, or a 0-10 question as a rating. Both store a point
    as its number, but a 0-10 question from "0" and a rating from "1", on its own number
    of points: a "7 of 10" is no "7 of 7" ("Excellent"), so the report leaves them out as
    answers given on another scale. (The export keeps them in the question's one column,
    as for any type change: ``scale_history`` compares ratings with ratings only.)"""
    scaled = [q for q in questions if q.type in _SCALES]
    return model.versions_asking(
        scaled, versions, lambda now, then: then in _SCALES and then != now
    )


#: The types whose answers are points numbered on a scale of their own.
_SCALES = (model.RATING, model.RECOMMEND)


def _named(qid: str, keys: list[tuple[int, ...]]) -> dict[tuple[int, ...], EarlierScale]:
    """The export column of each earlier scale: ``<question>.scale_<points>``, and
    ``<question>.scale_<points>_reordered`` (``_2``, ``_3`` for more orders) for the
    points of now in another order. A question ID never holds a ".", so no question can
    have this name; ``<question>.<code>`` names the choice columns of a multiple choice
    question only, and these columns belong to a rating question, whose ID no other
    question has."""
    named: dict[tuple[int, ...], EarlierScale] = {}
    orders = 0
    for key in keys:
        points, reordered = key[0], len(key) > 1
        name = f"{qid}.scale_{points}"
        if reordered:
            orders += 1
            name += "_reordered" + (f"_{orders}" if orders > 1 else "")
        named[key] = EarlierScale(qid, name, points, reordered)
    return named


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
