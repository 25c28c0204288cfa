"""One questionnaire's responses in every language, as export and report read them.

A Dutch and an English version share question IDs and choice codes, so their responses form
one dataset. Each answer gets a status that an export must be able to tell apart:
answered, "prefer not to say", not answered, or not applicable (a condition skipped the
question for this person, evaluated on the form version they answered).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .conditions import applicable_questions
from .forms import FormRegistry
from .model import PREFER_NOT_TO_SAY, Form, Question
from .store import ResponseStore

ANSWERED = "answered"
PREFERRED_NOT = "prefer_not_to_say"
NOT_ANSWERED = "not_answered"
NOT_APPLICABLE = "not_applicable"


@dataclass
class Response:
    """One stored response, with the status of every question of the dataset."""

    id: str
    date: str
    language: str
    version: str
    answers: dict[str, Any]
    status: dict[str, str] = field(default_factory=dict)


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

    def questions(self) -> list[Question]:
        """The questions in questionnaire order; questions only older versions had come last."""
        found = {q.id: q for q in self.primary.questions}
        order = list(found)
        for form in self.forms:
            for old in self.registry.archived_versions(form.slug):
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

    def responses(self) -> Iterator[Response]:
        """Every response in every language, streamed, in no particular order."""
        questions = self.questions()
        version_cache: dict[tuple[str, str], Form] = {}
        for slug in self.slugs:
            for record in self.store.responses(slug):
                key = (slug, record.get("version", ""))
                if key not in version_cache:
                    version_cache[key] = (
                        self.registry.version(slug, key[1])
                        or self.registry.current(slug)
                        or self.primary
                    )
                yield _response(record, version_cache[key], questions)


def _response(record: dict[str, Any], form: Form, questions: list[Question]) -> Response:
    answers = record.get("answers", {})
    selected = {k: (v if isinstance(v, list) else [str(v)]) for k, v in answers.items()}
    applicable = {q.id for q in applicable_questions(form, selected)}
    known = {q.id for q in form.questions}
    status = {}
    for question in questions:
        value = answers.get(question.id)
        if value == PREFER_NOT_TO_SAY or (isinstance(value, list) and PREFER_NOT_TO_SAY in value):
            status[question.id] = PREFERRED_NOT
        elif value is not None and value != [] and value != "":
            status[question.id] = ANSWERED
        elif question.id not in known or question.id not in applicable:
            status[question.id] = NOT_APPLICABLE
        else:
            status[question.id] = NOT_ANSWERED
    return Response(
        id=record.get("id", ""),
        date=record.get("date", ""),
        language=record.get("language", form.language),
        version=record.get("version", ""),
        answers=answers,
        status=status,
    )


def open_dataset(registry: FormRegistry, store: ResponseStore, slug: str) -> Dataset:
    """The dataset of the questionnaire that ``slug`` (any language version) belongs to.

    Raises ``LookupError`` when there is no built form with that slug.
    """
    form = registry.current(slug)
    if form is None:
        known = ", ".join(registry.slugs()) or "none are built yet; run python build.py"
        raise LookupError(f"there is no questionnaire '{slug}' (known: {known})")
    return Dataset(primary=form, forms=registry.family(form), registry=registry, store=store)
