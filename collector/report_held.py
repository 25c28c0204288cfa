"""Which questions no view of the report may show: those asked only of people it hides.

A question whose condition (its own or its section's) picks people by an answer the page
does not show says, by how many answered it, how many gave that answer. Rule 5 of
docs/report.md; ``Context.held`` carries the result to every view (the charts, "At a
glance", the side-by-side table, the breakdown and its picker, the trend, the comments).
"""

from __future__ import annotations

from collections.abc import Iterable

from . import model
from .model import Question
from .report_context import Context
from .report_hiding import NO_ANSWER
from .report_questions import hidden_answers, hidden_choice_codes
from .report_stats import GROUPING_TYPES


def asked_of_hidden_groups(ctx: Context, forms: Iterable[model.Form]) -> dict[str, str]:
    """Question ID -> the text of the question whose hidden answers its condition (its
    own or its section's) names, in any of ``forms``.

    A question asked only of the people who gave some of the hidden answers of another
    ('practices', asked of the dismissed, hidden along with the few who retired) says how
    many answered it: at least that many were dismissed, so at most the rest retired, and
    a group the report hides is worked out. A condition naming all hidden answers of a
    one-answer question, or none, tells nothing the page does not: then it is shown. A
    condition naming a hidden choice of a multiple-choice question always holds the
    question back (``_hidden_named``), and so does one naming a question held back itself:
    its answers are what that question's chart would have shown.

    ``forms`` are the form now and every version (in any language) somebody answered:
    a question HR took out of its condition still has, in its count and its answers, the
    people an earlier version asked it of (the dismissed, and only them).
    """
    forms = list(forms)
    held: dict[str, str] = {}
    for form in forms:
        for q in form.questions:
            if q.id in held:
                continue
            partition = _partition_split(ctx, form, q)
            if partition:
                held[q.id] = partition
    # 'manager' asked if 'reasons includes pay', and 'reasons' asked of a hidden group:
    # how many answered 'manager' is how many of that group chose pay.
    grown = True
    while grown:
        grown = False
        for form in forms:
            for q in form.questions:
                if q.id in held:
                    continue
                reason = next((held[pid] for pid in _named(form, q) if pid in held), "")
                if reason:
                    held[q.id] = reason
                    grown = True
    return held


def _partition_split(ctx: Context, form: model.Form, q: Question) -> str:
    """The text of the question whose hidden answers ``form`` asked ``q`` of (in part,
    for a one-answer question), '' if none."""
    # Decided from what the page shows only: the groups it names as not shown, and how
    # many they hold together (the total minus the groups shown). Not from how many
    # answered ``q``, nor from which hidden group is empty: "asked only of some of the
    # people whose answer … is not shown" for 5 resigned and 1 retired, and "fewer than 5
    # answered" for 4 and 2, on pages alike in every number shown, gave the one retiree
    # away.
    for pid, values in _named(form, q).items():
        qc = ctx.tally.questions.get(pid)
        if qc is None:
            continue
        codes = ctx.tally.codes.get(pid)
        groups = {codes.groups.get(v, v) if codes else v for v in values}
        if qc.question.type == model.MULTIPLE_CHOICE:
            if _hidden_named(ctx, pid, groups):
                return qc.question.text
            continue
        # The report's own view of that question (its groups now, whichever version
        # named it), so that its hidden groups are those the page hides.
        if qc.question.type not in GROUPING_TYPES:
            continue
        groups_of = ctx.groups(qc.question)
        sizes = {c: qc.values.get(c, 0) for c, _ in groups_of if c != NO_ANSWER}
        sizes[NO_ANSWER] = ctx.tally.n - sum(sizes.values())
        hidden = hidden_answers(ctx, qc, groups_of)
        # Hidden groups that hold nobody together (every one of them empty, as the page's
        # numbers show) have nobody to give away.
        if not sum(sizes.get(g, 0) for g in hidden):
            continue
        if groups & hidden and not hidden <= groups:
            return qc.question.text
    return ""


def _hidden_named(ctx: Context, pid: str, groups: set[str]) -> bool:
    """Whether a condition naming ``groups`` of the multiple-choice question ``pid``
    names a choice the report hides.

    Then how many answered says how many chose it, whatever the rest of the condition:
    'reasons includes better_offer or reasons includes pay' with "Pay: 6" shown and 7
    answers told that one person chose a better offer without pay; 'not reasons includes
    better_offer' is the section minus them. Unlike a one-answer question's groups, the
    page cannot show that a hidden choice is empty (choices overlap, so no total says
    so), and holding the question back only when somebody chose it would say that
    somebody did: so it is held back whenever a hidden choice is named.
    """
    return bool(groups & hidden_choice_codes(ctx, ctx.tally.questions[pid]))


def _named(form: model.Form, q: Question) -> dict[str, set[str]]:
    """Question ID -> the answers that ``q``'s conditions (its own, its section's) name."""
    named: dict[str, set[str]] = {}
    for condition in form.conditions_of(q):
        _values_named(condition, named)
    return named


def _values_named(condition: model.Condition, named: dict[str, set[str]]) -> None:
    if condition.question:
        named.setdefault(condition.question, set()).update(condition.values)
    for sub in condition.conditions:
        _values_named(sub, named)
