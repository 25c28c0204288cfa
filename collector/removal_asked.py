"""What HR asks to remove, before anything is removed: the IDs as copied from an export,
which stored answers a column name takes, and the first characters of each, to check.

The HR area (``admin_removal``) and ``flask redact`` / ``delete-response``
(``removal_commands``) both read what was asked here, so that they refuse, accept and
show the same; ``store_redact`` then removes it from the store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .model import CHOICE_TYPES, OTHER_SUFFIX, TEXT_TYPES, TYPED_SUFFIX
from .odd_records import clean_text
from .store_redact import Found

if TYPE_CHECKING:
    from .forms import FormRegistry
    from .model import Form

_ID = re.compile(r"[0-9a-f]{32}")


def check_response_id(text: str) -> str:
    """The response ID in ``text`` (as copied from an export); ValueError if it is none."""
    cleaned = clean_column(text)
    if not _ID.fullmatch(cleaned):
        raise ValueError(
            f"{text!r} is not a response ID: it is the 32 letters and digits in the first "
            "column (response_id) of an export, such as 3f2a9c0d5e6b4a7f8e9d0c1b2a3f4e5d"
        )
    return cleaned


def clean_column(text: str) -> str:
    """The column name (or response ID) in ``text`` as copied from an export: quotes,
    spaces and capitals around it do no harm, in the HR area and ``flask redact`` alike
    (docs/hr-data.md)."""
    return text.strip().strip("'\"").strip().lower()


# -- what HR sees before removing it (the commands and the HR area alike) -----------------

#: How much of an answer a confirmation shows: enough to recognise it, no more.
PREVIEW_CHARACTERS = 40


@dataclass(frozen=True)
class Preview:
    """The start of an answer, for a confirmation: ``text`` is one line, without control
    characters (a leaver's text must not move a terminal's cursor, recolour the screen or
    turn a page's text around), cut at ``PREVIEW_CHARACTERS`` with "…"; ``length``
    counts the characters of the whole answer."""

    text: str
    length: int


def preview(value: Any) -> Preview:
    """The first characters of the answer ``value`` (a list of choices reads "pay, other")."""
    text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    clean = "".join(ch if ch.isprintable() else " " for ch in text)
    clean = " ".join(clean.split())
    cut = clean if len(clean) <= PREVIEW_CHARACTERS else clean[:PREVIEW_CHARACTERS].rstrip() + "…"
    return Preview(cut, len(text))


def shown(question_id: str) -> str:
    """A stored question ID as a confirmation shows it: a lone surrogate in it (a hand edit,
    ``"\\ud800"``) as U+FFFD, which a page or a terminal can write out as UTF-8."""
    return clean_text(question_id)


def text_fields(found: Found, forms: FormRegistry) -> set[str]:
    """The answers of ``found`` that are words someone typed (not codes or numbers): the
    ones a deletion's confirmation shows."""
    form = _answered_version(found, forms) or forms.latest(found.slug)
    fields = {name for name in found.answers if name.endswith(OTHER_SUFFIX)}
    if form is not None:
        fields |= {q.id for q in form.questions if q.type in TEXT_TYPES}
    return fields & set(found.answers)


# -- which stored answers a column name takes ------------------------------------------


def fields_for(found: Found, question_id: str, forms: FormRegistry) -> frozenset[str]:
    """The answers that blanking ``question_id`` takes out of ``found``: the question's and
    its "other, namely" words; just the words for ``<question>__other``. ValueError when
    the response has no such answer.

    ``<question>__typed``, the export's column of words typed when a question that is
    multiple choice now was a text question, is the question: the words are stored as its
    answer (``export_typed``). But only for a response whose version asked it as a question
    one types into: one that answered with choices has ``n/a`` in that column, and its
    choices are not what HR pointed at (``NotTyped``)."""
    answers = found.answers
    done = found.removed
    typed = question_id.removesuffix(TYPED_SUFFIX)
    if typed and typed != question_id:
        asked = asked_type(found, typed, forms)
        if asked in CHOICE_TYPES:
            if typed in done and typed not in answers:
                # Its choices went before: "give q to blank its choices" would lead nowhere.
                raise AlreadyRemoved(f"the answer to {typed} was removed already")
            raise NotTyped(
                f"this response has nothing in {question_id}: its version of the form asked "
                f"{typed} with choices, and {question_id} holds only what was typed before "
                f"{typed} was a multiple-choice question. Nothing was removed; give {typed} "
                "to blank its choices"
            )
        if asked is not None:  # else no such answer: a version without it, or unknown
            question_id = typed
    if question_id.endswith(OTHER_SUFFIX):
        fields = frozenset({question_id})
    else:
        fields = frozenset({question_id, question_id + OTHER_SUFFIX})
    if fields.intersection(answers):
        return fields & set(answers)
    base, dot, _ = question_id.partition(".")
    if dot and base in answers:
        raise ValueError(
            f"the column {question_id} is one choice of the question {base}: give {base} "
            "to blank its whole answer"
        )
    if fields & done:
        raise AlreadyRemoved(f"the answer to {question_id} was removed already")
    given = ", ".join(sorted(shown(k) for k, v in answers.items() if v not in (None, "", [])))
    given = given or "none"
    raise ValueError(
        f"this response has no answer to {question_id!r} (the column's name in the export; "
        f"it answered: {given})"
    )


class AlreadyRemoved(ValueError):
    """What was asked to go is gone already: nothing to do."""


class NotTyped(ValueError):
    """``<question>__typed`` of a response that answered the question with choices: that
    column is ``n/a`` for it, so nothing of it may go."""


def asked_type(found: Found, question_id: str, forms: FormRegistry) -> str | None:
    """The type of ``question_id`` in the version ``found`` answered; None when that
    version did not ask it or the collector does not have it. A type outside
    ``CHOICE_TYPES`` stored what was typed: the rule of the export's ``<question>__typed``
    column (``export_typed.typed_versions``)."""
    form = _answered_version(found, forms)
    asked = next((q for q in form.questions if q.id == question_id), None) if form else None
    return asked.type if asked is not None else None


def _answered_version(found: Found, forms: FormRegistry) -> Form | None:
    """The version of the form ``found`` answered, if the collector has it."""
    return forms.version(found.slug, str(found.document.get("version", "")))


__all__ = [
    "PREVIEW_CHARACTERS",
    "AlreadyRemoved",
    "NotTyped",
    "Preview",
    "asked_type",
    "check_response_id",
    "clean_column",
    "fields_for",
    "preview",
    "text_fields",
]
