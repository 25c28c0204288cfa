"""Checks between the questions and sections of one file, once all of them are read.

IDs must be unique, and a condition may only test a choice question that comes earlier,
on values it has. A question that has an error of its own, or an ID used twice, is left
alone here: it is reported already, and a second message would only point elsewhere.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from . import model
from .problems import Problems, did_you_mean
from .question_choices import same_label
from .question_settings import QuestionContext


def check_ids(
    sections: list[model.Section],
    questions: list[model.Question],
    shown: str,
    problems: Problems,
    blocks: Sequence[tuple[str, int]] = (),
) -> None:
    """Every question ID and every section ID is used once, and so is the ID of a
    statements block, among questions and blocks: a block copied with its ID would show its
    statements under the first block's heading, and the report would take them as one."""
    questions_at: dict[str, int] = {}
    for question in questions:
        questions_at.setdefault(question.id, question.line)
    blocks_at: dict[str, int] = {}
    for block_id, line in blocks:
        if block_id in blocks_at or block_id in questions_at:
            other = blocks_at.get(block_id, questions_at.get(block_id))
            kind = "statements block" if block_id in blocks_at else "question"
            problems.add(
                shown,
                line,
                f"the ID '{block_id}' of this statements block is also the ID of the {kind} "
                f"on line {other}",
                f"give the block an ID of its own, e.g. {{#{block_id}_2}}",
            )
        blocks_at.setdefault(block_id, line)
    for kind, items, fix in (
        ("question", questions, "give this question its own ID, e.g. {{#{id}_2}}"),
        ("section", sections, "add an ID of its own to the heading, e.g. {{#{id}_2}}"),
    ):
        seen: dict[str, int] = {}
        for item in items:
            if item.id in seen:
                problems.add(
                    shown,
                    item.line,
                    f"duplicate {kind} ID '{item.id}' (also on line {seen[item.id]})",
                    fix.format(id=item.id),
                )
            else:
                seen[item.id] = item.line


def check_conditions(
    sections: list[model.Section], questions: list[model.Question], ctx: QuestionContext
) -> None:
    """Conditions may only test choice questions that come earlier, on values they have."""
    problems, shown = ctx.problems, ctx.path
    position: dict[str, int] = {}
    by_id: dict[str, model.Question] = {}
    for index, question in enumerate(questions):
        position.setdefault(question.id, index)
        by_id.setdefault(question.id, question)
    # A duplicate ID is reported already, and which of the two a condition means is unclear.
    counts = Counter(q.id for q in questions)
    unclear = ctx.broken | {question_id for question_id, n in counts.items() if n > 1}
    groups: dict[str, list[str]] = {}
    for question in questions:
        if question.group:
            groups.setdefault(question.group, []).append(question.id)
    first_in_section = {}
    for section in sections:
        ids = [position[q] for q in section.question_ids if q in position]
        first_in_section[section.id] = min(ids) if ids else len(questions)
    # Where the question itself is, not where its ID first is: a question copied with its
    # ID unchanged would otherwise have its condition checked at the original's place.
    checks: list[tuple[model.Condition, int, int, str | None]] = [
        (q.show_if, index, ctx.show_if_lines.get(("question", q.id), q.line), q.id)
        for index, q in enumerate(questions)
        if q.show_if
    ]
    checks += [
        (s.show_if, first_in_section[s.id], ctx.show_if_lines.get(("section", s.id), s.line), None)
        for s in sections
        if s.show_if
    ]
    for condition, before, line, own in checks:
        earlier = [q for q in questions[:before] if q.id != own]
        for test in _tests(condition):
            target = by_id.get(test.question or "")
            if test.question in unclear:
                continue
            if target is None and test.question in groups:
                statements = groups[test.question]
                problems.add(
                    shown,
                    line,
                    f"'{test.question}' is a block of statements, not one question: each "
                    f"statement is answered on its own ({', '.join(statements)})",
                    _statement_example(by_id[statements[0]], position[statements[0]] >= before),
                )
                continue
            if target is None:
                problems.add(
                    shown,
                    line,
                    f"the condition refers to an unknown question '{test.question}'",
                    did_you_mean(test.question or "", [q.id for q in earlier])
                    or _earlier_example(earlier),
                )
                continue
            if test.question == own:
                problems.add(
                    shown,
                    line,
                    f"the condition of '{own}' refers to the question itself",
                    "a condition can only look at questions asked before it",
                )
                continue
            if position[target.id] >= before:
                problems.add(
                    shown,
                    line,
                    f"the condition refers to '{test.question}', which comes later",
                    "a condition can only look at questions asked before it",
                )
                continue
            if target.type not in model.CHOICE_TYPES:
                problems.add(
                    shown,
                    line,
                    f"'{test.question}' is a text, number or date question",
                    "conditions can only test questions with choices",
                )
                continue
            allowed = target.choice_values()
            for value in test.values:
                if value not in allowed:
                    found = _meant(target, value)
                    if found:
                        problems.add(shown, line, *found)
                        continue
                    points = [v for v in allowed if v.isdigit()]
                    numbered = target.type in (model.RATING, model.RECOMMEND)
                    if numbered and points and value.lstrip("-").isdigit():
                        # 'recommend = 11': "did you mean '1'?" would be a guess at a typo.
                        problems.add(
                            shown,
                            line,
                            f"'{test.question}' has no point {value}: its points go from "
                            f"{points[0]} to {points[-1]}",
                            f"use a point from {points[0]} to {points[-1]}",
                        )
                        continue
                    hint = did_you_mean(value, allowed)
                    problems.add(
                        shown,
                        line,
                        f"'{test.question}' has no choice '{value}'",
                        hint or "choose from: " + ", ".join(allowed),
                    )


#: How people write yes and no in a condition on a yes/no question, and its code.
_YES_NO_WORDS = {"true": "yes", "ja": "yes", "y": "yes", "false": "no", "nee": "no", "n": "no"}


def _meant(question: model.Question, value: str) -> tuple[str, str] | None:
    """(problem, fix) when ``value`` is not a code but says which one was meant: a choice's
    label ('I resigned' is 'voluntary'), a scale's label ('Agree' is point 4) or 'true' for
    a yes/no question."""
    wanted = same_label(value)
    code = next((c.value for c in question.choices if same_label(c.label) == wanted), "")
    if code:
        tested = (
            f"the number of the point, {code}"
            if question.type == model.RATING
            else f"the choice's code, '{code}'"
        )
        return (
            f"'{value}' is what people read at '{question.id}'; a condition tests {tested}",
            f"write '{code}' instead of '{value}'",
        )
    if question.type == model.YES_NO and wanted in _YES_NO_WORDS:
        code = _YES_NO_WORDS[wanted]
        return (
            f"the answers to the yes/no question '{question.id}' are 'yes' and 'no', not '{value}'",
            f"write '{code}' instead of '{value}'",
        )
    return None


def _statement_example(first: model.Question, later: bool) -> str:
    """How to fix a condition on a statements block: test its first statement, on a point
    its scale has ('4', 'Agree' on a five-point scale, unless the scale is shorter)."""
    if later:
        return "a condition can only look at questions asked before it"
    points = first.choice_values()
    return f"test one statement, e.g. '{first.id} = {'4' if '4' in points else points[-1]}'"


def _earlier_example(earlier: list[model.Question]) -> str:
    """How to fix an unknown ID: an example with a question that comes before it."""
    usable = [q for q in earlier if q.type in model.CHOICE_TYPES and q.choices]
    if not usable:
        return "use the ID of an earlier question with choices; no question before it has any"
    # A choice with a code reads better as an example than a point of a scale.
    worded = [q for q in usable if q.type not in (model.RATING, model.RECOMMEND)]
    example = (worded or usable)[-1]
    return (
        f"use the ID of an earlier question with choices, e.g. "
        f"'{example.id} = {example.choice_values()[0]}'"
    )


def _tests(condition: model.Condition) -> list[model.Condition]:
    """The 'equals' and 'in' tests inside a condition, however it is combined."""
    if condition.op in ("equals", "in"):
        return [condition]
    return [t for sub in condition.conditions for t in _tests(sub)]
