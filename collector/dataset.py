"""One questionnaire's responses in every language, as export and report read them.

A Dutch and an English version share question IDs and choice codes, so their responses form
one dataset. Each answer gets a status that an export must be able to tell apart:
answered, "prefer not to say", not answered, not applicable (a condition skipped the
question for this person, evaluated on the form version they answered), or removed by HR
(``flask redact``, store_redact.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .conditions import applicable_questions
from .forms import FormRegistry
from .model import PREFER_NOT_TO_SAY, TEXT_TYPES, Form, Question
from .odd_records import OddRecords
from .store import ResponseStore
from .store_redact import REMOVED_FIELD

ANSWERED = "answered"
PREFERRED_NOT = "prefer_not_to_say"
NOT_ANSWERED = "not_answered"
NOT_APPLICABLE = "not_applicable"
REMOVED = "removed_by_hr"

# How many combinations of condition answers one form version remembers (see _applicable).
_MAX_REMEMBERED = 10_000


@dataclass
class Response:
    """One stored response, with the status of every question of the dataset."""

    id: str
    date: str
    language: str
    version: str
    answers: dict[str, Any]
    status: dict[str, str] = field(default_factory=dict)
    #: The answers (question IDs, "<question>__other") HR blanked.
    removed: frozenset[str] = frozenset()


@dataclass
class Dataset:
    """The questionnaire ``primary`` and its translations, and how to read their responses."""

    primary: Form
    forms: list[Form]
    registry: FormRegistry
    store: ResponseStore

    @property
    def slugs(self) -> list[str]:
        return [f.slug for f in self.forms]

    @cached_property
    def versions(self) -> list[Form]:
        """Every version of the questionnaire in every language: per language the current
        one first, then the others from the last seen to the first. Read from the archive
        once per dataset (the export and the report each need them several times)."""
        return [v for form in self.forms for v in self.registry.archived_versions(form.slug)]

    @property
    def current_by_language(self) -> dict[str, Form]:
        """language -> the current form in it (the first of ``forms`` wins)."""
        return {f.language: f for f in reversed(self.forms)}

    def questions(self) -> list[Question]:
        """The questions in questionnaire order; questions only older versions had come last."""
        found = {q.id: q for q in self.primary.questions}
        order = list(found)
        for old in self.versions:
            for question in old.questions:
                if question.id not in found:
                    found[question.id] = question
                    order.append(question.id)
        return [found[i] for i in order]

    def form_for(self, language: str) -> Form:
        """The current form in ``language`` (for texts), or the primary form."""
        return next((f for f in self.forms if f.language == language), self.primary)

    def count(self) -> int:
        return sum(self.store.count(slug) for slug in self.slugs)

    def readable_count(self) -> tuple[int, int]:
        """(responses the exports and the report read, stored records they leave out):
        the HR area's start page gives the exports' number, and how many could not be
        read (edited by hand into no response: ``odd_records.py``)."""
        read = left_out = 0
        for slug in self.slugs:
            responses, odd = self.store.readable_count(slug)
            read, left_out = read + responses, left_out + odd
        return read, left_out

    def responses(self, odd: OddRecords | None = None) -> Iterator[Response]:
        """Every response in every language, streamed in one random order: one language
        after the other, the only Dutch leaver would be the last row of an export, also in
        a copy without the ``language`` column.

        Records edited by hand into a shape the collector never writes are read by the
        rules of ``odd_records.py`` and noted in ``odd`` (a fresh one if not given)."""
        questions = self.questions()
        rules: dict[tuple[str, str], StatusRules] = {}
        for slug, record in self.store.mixed_responses(self.slugs, odd or OddRecords()):
            key = (slug, record.get("version", ""))
            if key not in rules:
                form = (
                    self.registry.version(slug, key[1])
                    or self.registry.current(slug)
                    or self.primary
                )
                rules[key] = StatusRules(form, questions)
            yield rules[key].response(record)


def typed_only(form: Form) -> frozenset[str]:
    """The text boxes of ``form`` without a "prefer not to say" box: what they hold was
    typed, also when it reads as the marker (docs/hr-data.md: a typed marker is words,
    exported with a ``'`` in front). The report counts by the same rule."""
    return frozenset(
        q.id for q in form.questions if q.type in TEXT_TYPES and q.prefer_not_to_say is None
    )


class StatusRules:
    """How to tell the status of each answer for responses made with one form version.

    Computed once per version, because an export or report reads up to 100k responses.
    """

    def __init__(self, form: Form, questions: list[Question]) -> None:
        self.form = form
        self.ids = [q.id for q in questions]
        self.known = {q.id for q in form.questions}
        conditions = [q.show_if for q in form.questions if q.show_if]
        conditions += [s.show_if for s in form.sections if s.show_if]
        self.referenced = set().union(*(c.questions() for c in conditions)) if conditions else set()
        #: In key order: ``_applicable`` reads these few answers, not every answer.
        self._referenced_sorted = tuple(sorted(self.referenced))
        self._id_set = frozenset(self.ids)
        self._typed_only = typed_only(form)
        #: applicable IDs -> (them, the status of every question left blank). Most of a
        #: response's statuses follow from which questions apply: a copy of this dict is
        #: the start of each response's, only its answers and removals are looked at.
        self._applicable_by_answers: dict[tuple, tuple[set[str], dict[str, str]]] = {}
        self._known = (self.known, self._blank_statuses(self.known))

    def _blank_statuses(self, applicable: set[str]) -> dict[str, str]:
        """question ID -> its status when it has no answer (questions in dataset order)."""
        return {q: NOT_ANSWERED if q in applicable else NOT_APPLICABLE for q in self.ids}

    def _applicable(self, answers: dict[str, Any]) -> tuple[set[str], dict[str, str]]:
        """The IDs of the questions that apply, and ``_blank_statuses`` of them. They
        depend only on the answers that conditions look at. Those take few distinct values
        over a whole export, so each is worked out once: this was a third of the time of
        reading 100k responses."""
        selected = []
        for k in self._referenced_sorted:
            if k in answers:
                v = answers[k]
                selected.append((k, tuple(v) if isinstance(v, list) else (str(v),)))
        key = tuple(selected)
        try:
            found = self._applicable_by_answers.get(key)
        except TypeError:  # a value no form ever posts (a list of lists): work it out
            applicable = {q.id for q in applicable_questions(self.form, dict(key))}
            return applicable, self._blank_statuses(applicable)
        if found is None:
            applicable = {q.id for q in applicable_questions(self.form, dict(key))}
            found = (applicable, self._blank_statuses(applicable))
            if len(self._applicable_by_answers) < _MAX_REMEMBERED:
                self._applicable_by_answers[key] = found
        return found

    def response(self, record: dict[str, Any]) -> Response:
        answers = record.get("answers", {})
        _, blank = self._applicable(answers) if self.referenced else self._known
        # The hot loop of every export: start from the statuses of a response without
        # answers, in dataset order, and look only at the answers given and removed.
        status = blank.copy()
        ids = self._id_set
        for qid, value in answers.items():
            if qid not in ids or value is None or value == "" or value == []:
                continue  # "other" texts; left blank (also questions this version lacked)
            if value == PREFER_NOT_TO_SAY:
                status[qid] = ANSWERED if qid in self._typed_only else PREFERRED_NOT
            elif type(value) is list and PREFER_NOT_TO_SAY in value:
                status[qid] = PREFERRED_NOT
            else:
                status[qid] = ANSWERED
        removed = record.get(REMOVED_FIELD)
        for qid in removed if isinstance(removed, list) else ():  # HR's blanks, not skips
            if qid in ids and _blank(answers.get(qid)):
                status[qid] = REMOVED
        return Response(
            id=record.get("id", ""),
            date=record.get("date", ""),
            language=record.get("language", self.form.language),
            version=record.get("version", ""),
            answers=answers,
            status=status,
            removed=removed or frozenset(),
        )


def _blank(value: Any) -> bool:
    """No answer: nothing stored, or an empty text or list."""
    return value is None or value == "" or value == []


def open_dataset(registry: FormRegistry, store: ResponseStore, slug: str) -> Dataset:
    """The dataset of the questionnaire that ``slug`` (any language version) belongs to.

    A questionnaire that is no longer built (its file was renamed or removed) is read with
    the last version the collector archived, so its answers stay reachable. Raises
    ``LookupError`` when the collector never saw a form with that slug.
    """
    form = registry.latest(slug)
    if form is None:
        slugs = registry.slugs() + [f.slug for f in registry.retired()]
        known = ", ".join(slugs) or "none are built yet; run python build.py"
        raise LookupError(f"there is no questionnaire '{slug}' (known: {known})")
    return Dataset(primary=form, forms=registry.family(form), registry=registry, store=store)
