"""Evaluating ``show if`` conditions against answers.

The same rules run in the browser (``site_templates/static/enhance.js``) so that what the
leaver sees and what the collector keeps agree. Answers are a mapping of question ID to a
list of submitted values (the shape of a form post): a question is "answered with X" when X
is among its values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .model import Condition, Form, Question

Answers = Mapping[str, Sequence[str]]


def holds(condition: Condition | None, answers: Answers) -> bool:
    """True when ``condition`` is met by ``answers`` (no condition always holds)."""
    if condition is None:
        return True
    op = condition.op
    if op in ("equals", "in"):
        given = answers.get(condition.question or "", ())
        return any(value in given for value in condition.values)
    if op == "not":
        return not holds(condition.conditions[0], answers)
    if op == "and":
        return all(holds(c, answers) for c in condition.conditions)
    if op == "or":
        return any(holds(c, answers) for c in condition.conditions)
    raise ValueError(f"unknown condition operator {op!r}")


def applicable_questions(form: Form, answers: Answers) -> list[Question]:
    """The questions that apply to these answers, in form order.

    A question applies when its section's condition and its own condition hold. Conditions
    only look at earlier questions, and an answer to a question that does not apply is
    treated as absent, so a hidden trigger cannot reveal its follow-ups.
    """
    effective: dict[str, Sequence[str]] = {}
    applicable = []
    sections = {s.id: s for s in form.sections}
    for question in form.questions:
        section = sections.get(question.section)
        shown = holds(section.show_if if section else None, effective) and holds(
            question.show_if, effective
        )
        if shown:
            applicable.append(question)
            if question.id in answers:
                effective[question.id] = answers[question.id]
    return applicable


def describe(condition: Condition, form: Form, negated: bool = False) -> str:
    """A phrase for people: 'you answered “I resigned” to “How did your job end?”'.

    Used on the no-JavaScript page, where conditional questions are always visible and
    say when they apply. A 'not' is carried down to the answers it is about ('you did not
    answer ...'), turning 'and' into 'or' and back on the way, so that no sentence says
    'not' about a whole clause.
    """
    words = _WORDS.get(form.language, _WORDS["en"])
    if condition.op in ("equals", "in"):
        question = form.question(condition.question or "")
        labels = {c.value: c.label for c in question.choices}
        labels.setdefault("other", question.other_label or "other")
        labels.setdefault("prefer_not_to_say", question.prefer_not_to_say or "")
        shown = f" {words['or']} ".join(f"“{labels.get(v, v)}”" for v in condition.values)
        phrase = words["did_not_answer" if negated else "answered"]
        return phrase.format(answer=shown, question=question.text)
    if condition.op == "not":
        return describe(condition.conditions[0], form, not negated)
    op = _joined_by(condition, negated)
    return f" {words[op]} ".join(
        f"({describe(c, form, negated)})"
        if _joined_by(c, negated) not in (None, op)
        else describe(c, form, negated)
        for c in condition.conditions
    )


def _joined_by(condition: Condition, negated: bool) -> str | None:
    """'and' or 'or': the word describe() joins this condition's parts with; None for one
    answer. Brackets are needed only where a part is joined by the other word."""
    if condition.op == "not":
        return _joined_by(condition.conditions[0], not negated)
    if condition.op not in ("and", "or"):
        return None
    return {"and": "or", "or": "and"}[condition.op] if negated else condition.op


_WORDS = {
    "en": {
        "answered": "you answered {answer} to “{question}”",
        "did_not_answer": "you did not answer {answer} to “{question}”",
        "or": "or",
        "and": "and",
    },
    "nl": {
        "answered": "je bij “{question}” {answer} hebt gekozen",
        "did_not_answer": "je bij “{question}” niet {answer} hebt gekozen",
        "or": "of",
        "and": "en",
    },
}
