"""Answers to questions that do not apply: asked about, never dropped unasked.

Without JavaScript every conditional question is on the page, with a note saying when it
applies, so a leaver may answer one that does not apply to their other answers: they
misread the note, or they clicked the wrong answer above it. Such an answer is not kept,
and keeping quiet about it would lose their effort (or their real answer) without a word.
So the form comes back with a message at each such question, saying how to take the answer
back or to change the answers above. Nothing the leaver did not do is asked about: a page
has no answer chosen in advance, and "No answer", the list's "Choose an answer" and
"Prefer not to say" send no answer. With JavaScript a question that does not apply is
hidden and its answers are not sent, so the leaver never gets a message they cannot see.
"""

from __future__ import annotations

from collections.abc import Mapping

from . import model
from .conditions import applicable_questions
from .model import Form, Question

#: The message for each kind of answer, by what the leaver does to take it back.
_KINDS = {
    model.SHORT_TEXT: "does_not_apply",
    model.LONG_TEXT: "does_not_apply",
    model.NUMBER: "does_not_apply_entry",
    model.DATE: "does_not_apply_entry",
    model.MULTIPLE_CHOICE: "does_not_apply_ticks",
    model.DROPDOWN: "does_not_apply_list",
}


def answered_but_not_applying(
    form: Form, values: Mapping[str, list[str]]
) -> list[tuple[str, Question]]:
    """The answers to questions that do not apply to ``values``, in form order, as (field
    to ask at, question): the "other" box when it holds text, and the question itself for
    the rest of its answer, so that one round of corrections is enough.

    ``values`` are answers as the collector reads them (blanks dropped, "other" implied by
    its text). "Prefer not to say" alone is no answer to keep, so it is not asked about.
    """
    applicable = {q.id for q in applicable_questions(form, values)}
    asked: list[tuple[str, Question]] = []
    for question in form.questions:
        if question.id in applicable:
            continue
        other = values.get(question.other_field, []) if question.other_label is not None else []
        # The marker is a tick only where the question offers one; in a box without it,
        # "prefer_not_to_say" is words the leaver typed (dataset.typed_only), asked about.
        ignored = {model.PREFER_NOT_TO_SAY} if question.prefer_not_to_say is not None else set()
        if other:  # "other" goes with its text (it is implied by the text without a tick)
            ignored.add(model.OTHER_VALUE)
            asked.append((question.other_field, question))
        if any(v not in ignored for v in values.get(question.id, [])):
            asked.append((question.id, question))
    return asked


def clear_label(question: Question, text: Mapping[str, str]) -> str:
    """The choice that takes a radio answer back: "Prefer not to say" where the question
    has it, else "No answer" (which the page then offers, also on a required question)."""
    return question.prefer_not_to_say or text["no_answer"]


def message(
    field: str, question: Question, words: Mapping[str, str], text: Mapping[str, str]
) -> str:
    """What to tell the leaver about an answer at ``field`` that would not be kept."""
    if field != question.id:  # the "other" box: text, as in a text question
        key = "does_not_apply"
    else:
        key = _KINDS.get(question.type, "does_not_apply_choice")
    none = text["choose"] if key == "does_not_apply_list" else clear_label(question, text)
    return words[key].format(q=question.text, none=none)
