"""Evaluating ``show if`` conditions against answers.

The same rules run in the browser (``site_templates/static/enhance.js``) so that what the
leaver sees and what the collector keeps agree. Answers are a mapping of question ID to a
list of submitted values (the shape of a form post): a question is "answered with X" when X
is among its values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .model import RATING, RECOMMEND, Condition, Form, Question

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
    words = form.texts.get("conditions") or WORDS.get(form.language, WORDS["en"])
    if condition.op in ("equals", "in"):
        question = form.question(condition.question or "")
        labels = {c.value: c.label for c in question.choices}
        labels.setdefault("other", question.other_label or "other")
        labels.setdefault("prefer_not_to_say", question.prefer_not_to_say or "")
        runs = _scale_runs(question, condition.values)
        # An answer's label in the language's own quotation marks („…“ in German): a
        # texts file from before 'quote' was among its words has the English ones.
        quote = words.get("quote") or WORDS["en"]["quote"]
        parts = [
            words["range"].format(
                low=quote.format(label=labels[run[0]]), high=quote.format(label=labels[run[-1]])
            )
            if len(run) >= 3
            else f" {words['or']} ".join(quote.format(label=labels.get(v, v)) for v in run)
            for run in runs
        ]
        phrase = "did_not_answer" if negated else "answered"
        if any(len(run) >= 3 for run in runs):
            phrase += "_range"
        return words[phrase].format(answer=f" {words['or']} ".join(parts), question=question.text)
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


def _scale_runs(question: Question, values: Sequence[str]) -> list[list[str]]:
    """The values in runs of neighbouring points of a rating or 0-10 scale (each run in
    scale order), so that 'recommend in (0, 1, 2, 3, 4, 5, 6)' can be said as “0” to “6”
    rather than as seven answers joined by 'or'. Other questions: one run, as written."""
    order = [c.value for c in question.choices]
    if question.type not in (RATING, RECOMMEND) or not set(values) <= set(order):
        return [list(values)]
    runs: list[list[str]] = []
    for index in sorted({order.index(v) for v in values}):
        if runs and order.index(runs[-1][-1]) == index - 1:
            runs[-1].append(order[index])
        else:
            runs.append([order[index]])
    return runs


#: "answered_range" is used when the answer holds a range of scale points: "you answered
#: “0” to “6” to ..." would say "to" twice.
WORDS = {
    "en": {
        "answered": "you answered {answer} to “{question}”",
        "did_not_answer": "you did not answer {answer} to “{question}”",
        "answered_range": "your answer to “{question}” was {answer}",
        "did_not_answer_range": "your answer to “{question}” was not {answer}",
        "range": "{low} to {high}",
        "quote": "“{label}”",
        "or": "or",
        "and": "and",
    },
    "nl": {
        "answered": "je bij “{question}” {answer} hebt gekozen",
        "did_not_answer": "je bij “{question}” niet {answer} hebt gekozen",
        "answered_range": "je bij “{question}” {answer} hebt gekozen",
        "did_not_answer_range": "je bij “{question}” niet {answer} hebt gekozen",
        "range": "{low} tot en met {high}",
        "quote": "“{label}”",
        "or": "of",
        "and": "en",
    },
}
