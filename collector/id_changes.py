"""What changed in one questionnaire since the ID lock was written (see id_lock.py).

Each check compares a built questionnaire with its entry in ``ids.lock.json`` and adds a
warning with the fix for a change that would split or mix answers: a derived ID that
changed with its text, a question whose type or scale changed under the same ID, a choice
or a question that is gone. Each returns whether it found anything, so that the lock keeps
the old entry until the change is resolved or accepted.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from .model import (
    DATE,
    DROPDOWN,
    MULTIPLE_CHOICE,
    NUMBER,
    RATING,
    RECOMMEND,
    SINGLE_CHOICE,
    TEXT_TYPES,
    YES_NO,
    Question,
)
from .parser import ParsedFile
from .problems import Problems
from .question_types import type_label

#: Types whose choices HR writes (yes/no and 0-10 are fixed; a scale is compared as a whole).
AUTHORED_CHOICES = (SINGLE_CHOICE, MULTIPLE_CHOICE, DROPDOWN)

#: Types that store and export their answers the same way: changing one into the other is safe.
_SAME_STORAGE = [{SINGLE_CHOICE, DROPDOWN}]


def changed_answers(parsed: ParsedFile, old_answers: object, problems: Problems) -> bool:
    """Warn when a question keeps its ID but changes its type or its scale."""
    if not isinstance(old_answers, dict):
        return False
    changed = False
    reported_groups: set[str] = set()
    for question in parsed.form.questions if parsed.form else ():
        old = old_answers.get(question.id)
        if not isinstance(old, dict):
            continue
        old_type = old.get("type")
        if isinstance(old_type, str) and old_type != question.type:
            if not any({old_type, question.type} <= same for same in _SAME_STORAGE):
                changed = True
                problems.add(
                    parsed.path,
                    question.line,
                    f"the type of '{question.id}' changed from {type_label(old_type)} to "
                    f"{type_label(question.type)}: {_type_change_effect(old_type, question.type)}",
                    _new_id_fix(question),
                    warning=True,
                )
            continue
        if _report_gone_choices(parsed, question, old.get("choices"), problems):
            changed = True
            continue
        problem = _scale_change(old.get("scale"), question)
        if problem is None or (question.group and question.group in reported_groups):
            changed |= problem is not None
            continue
        changed = True
        if question.group:
            reported_groups.add(question.group)
            problem = problem.replace(
                f"the scale of '{question.id}'",
                f"the scale of the statements in '{question.group}'",
            )
        problems.add(parsed.path, question.line, problem, _new_id_fix(question), warning=True)
    return changed


def _type_change_effect(old_type: str, new_type: str) -> str:
    """What the report and the export do with the answers given before a question changed
    from ``old_type`` to ``new_type`` (report_versions.asked_as_another_type,
    asked_with_other_codes and export_typed decide it; docs/report.md, "A question whose
    type changed")."""
    kept = "the export keeps them as given, and its columns change"
    if new_type == MULTIPLE_CHOICE and old_type in (SINGLE_CHOICE, DROPDOWN, YES_NO):
        return f"the report counts an answer given before as that one choice; {kept}"
    if new_type == MULTIPLE_CHOICE and old_type in TEXT_TYPES:
        return f"the report lists words typed before as comments, not as choices; {kept}"
    if new_type in TEXT_TYPES:
        return f"the report lists no answer given before among the comments; {kept}"
    if new_type in (NUMBER, DATE) or old_type in (NUMBER, DATE, *TEXT_TYPES):
        # A number or date given to what is multiple choice now, too: no choice, noted.
        return f"the report leaves answers given before out, with a note; {kept}"
    if {old_type, new_type} == {RATING, RECOMMEND}:
        # A "7" of 0-10 is no "7" of a rating: report_versions.asked_on_another_kind_of_scale.
        return f"the report leaves answers given before out, with a note, as another scale; {kept}"
    if {old_type, new_type} & {RATING, RECOMMEND} or old_type == MULTIPLE_CHOICE:
        # A rating "3" is no choice "3", nor a choice a point, and several choices are no
        # one answer: report_versions.asked_with_other_codes.
        return f"the report leaves answers given before out, with a note; {kept}"
    # One one-answer question as another (a yes/no as a single choice): codes are choices.
    return (
        "the report counts an answer given before as the choice with the same code "
        f'(a code no longer offered under "No longer offered"); {kept}'
    )


def _report_gone_choices(
    parsed: ParsedFile, question: Question, old_codes: object, problems: Problems
) -> bool:
    """A heads-up when a choice that answers may have been given with is no longer offered:
    those answers keep their code in exports, and the report counts them apart as "No
    longer offered". Removing a choice is allowed; renaming one by accident is the mistake
    this catches. A choice whose derived ID changed with its text is reported by derived_ids_changed."""
    if not isinstance(old_codes, list) or question.type not in AUTHORED_CHOICES:
        return False
    if any(
        d.kind == "choice" and d.question == question.id and d.id not in old_codes
        for d in parsed.derived
    ):
        return False  # a reworded choice without a code: derived_ids_changed says so, with the fix
    present = {c.value for c in question.choices}
    gone = [str(code) for code in old_codes if code not in present]
    for code in gone:
        problems.add(
            parsed.path,
            question.line,
            f"the choice '{code}' of '{question.id}' is gone: answers given with it before "
            'keep the code in exports and count as "No longer offered" in the report',
            f"if you only reworded it, keep its code: '- {code}: new words'; if it should go, "
            "run 'python build.py --accept-ids' to stop this warning",
            warning=True,
        )
    return bool(gone)


def gone_questions(
    parsed: ParsedFile,
    old: dict,
    renamed: dict[str, str],
    problems: Problems,
    kept: AbstractSet[str] = frozenset(),
) -> tuple[bool, set[str]]:
    """Warn when a question ID that answers were given under is gone: later answers would go
    to a new column, and the report would show the question twice. A new question with the
    old one's text (known for a derived ID) or in its place is named as its successor.
    Returns whether anything was reported, and the successors' IDs (left out of the lock
    until the change is resolved or accepted, so that they are found again).

    Derived IDs that changed with their text are reported by derived_ids_changed, once. A
    question that is gone here but ``kept`` in another language version gets no heads-up:
    the translation check reports it as missing here, an error, and the heads-up's
    '--accept-ids' at line 1 came first, as the message to fix first."""
    old_answers = old.get("answers")
    if parsed.form is None or not isinstance(old_answers, dict):
        return False, set()
    questions = parsed.form.questions
    order = {q.id: index for index, q in enumerate(questions)}
    old_ids = list(old_answers)
    gone = [i for i in old_ids if i not in order and i not in renamed]
    if not gone:
        return False, set()
    taken = set(renamed.values())
    new = [q for q in questions if q.id not in old_answers and q.id not in taken]
    old_text = {
        entry[0]: entry[1]
        for entry in old.get("questions", [])
        if isinstance(entry, list) and len(entry) == 2
    }
    successor: dict[str, Question] = {}
    for old_id in gone:
        same_text = [q for q in new if q.text == old_text.get(old_id)]
        if same_text:
            successor[old_id] = same_text[0]
            new.remove(same_text[0])
    # In its place: between the questions that were before and after it, and still are.
    by_place: dict[tuple[int, int], list[str]] = {}
    for at, old_id in enumerate(old_ids):
        if old_id not in gone or old_id in successor:
            continue
        before = [order[i] for i in old_ids[:at] if i in order]
        after = [order[i] for i in old_ids[at + 1 :] if i in order]
        place = (before[-1] if before else -1, after[0] if after else len(questions))
        by_place.setdefault(place, []).append(old_id)
    for (low, high), old_in_place in by_place.items():
        in_place = [q for q in new if low < order[q.id] < high]
        if len(in_place) == len(old_in_place):
            pairs = list(zip(old_in_place, in_place, strict=True))
        else:  # more or fewer new questions than gone ones: only one of the same type is sure
            pairs = []
            for old_id in old_in_place:
                old_type = (old_answers.get(old_id) or {}).get("type")
                same_type = [q for q in in_place if q.type == old_type]
                if len(same_type) == 1:
                    pairs.append((old_id, same_type[0]))
                    in_place.remove(same_type[0])
        for old_id, question in pairs:
            successor[old_id] = question
            new.remove(question)
    for old_id, question in sorted(successor.items(), key=lambda item: item[1].line):
        what = "statement" if question.group else "question"
        put_back = f"'- {old_id}: ...'" if question.group else f"{{#{old_id}}}"
        problems.add(
            parsed.path,
            question.line,
            f"the ID of this {what} changed from '{old_id}' to '{question.id}': answers "
            f"given before stay under '{old_id}'",
            f"put back {put_back} if it asks the same thing, or run "
            f"'python build.py --accept-ids' if it is a new {what}",
            warning=True,
        )
    removed = [i for i in gone if i not in successor and i not in kept]
    if len(removed) == 1:
        problems.add(
            parsed.path,
            1,
            f"the question '{removed[0]}' is gone: the answers given to it before stay in exports",
            "if it should go, run 'python build.py --accept-ids' to stop this warning; if it "
            f"is still there under another ID, give it back its old ID '{removed[0]}'",
            warning=True,
        )
    elif removed:
        problems.add(
            parsed.path,
            1,
            f"the questions {_listed(removed)} are gone: the answers given to them before "
            "stay in exports",
            "if they should go, run 'python build.py --accept-ids' to stop this warning; if "
            "one is still there under another ID, give it back its old ID",
            warning=True,
        )
    return True, {q.id for q in successor.values()}


def _listed(ids: list[str]) -> str:
    quoted = [f"'{i}'" for i in ids]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"


def _scale_change(old_scale: object, question: Question) -> str | None:
    if question.type != RATING or not isinstance(old_scale, list):
        return None
    new_scale = [c.label for c in question.choices]
    if len(old_scale) != len(new_scale):
        return (
            f"the scale of '{question.id}' changed from {len(old_scale)} to {len(new_scale)} "
            "points: answers given before cannot be compared with new ones (exports keep them "
            f"apart in '{question.id}.scale_{len(old_scale)}', the report leaves them out)"
        )
    if old_scale != new_scale and sorted(old_scale) == sorted(new_scale):
        return (
            f"the scale of '{question.id}' has its points in another order than before "
            f"(was: {', '.join(map(str, old_scale))}): answers given before cannot be compared "
            f"with new ones (exports keep them apart in '{question.id}.scale_{len(old_scale)}"
            "_reordered', the report leaves them out)"
        )
    return None


def _new_id_fix(question: Question) -> str:
    where = (
        f"give each statement a new ID, e.g. '- {question.id}_2: ...',"
        if question.group
        else f"give the question a new ID {{#{question.id}_2}}"
    )
    return (
        f"{where} if it asks something new, or run 'python build.py --accept-ids' if no "
        "answers were collected yet"
    )


def derived_ids_changed(
    parsed: ParsedFile,
    old_entries: list,
    present: set[str],
    kind: str,
    question: str | None,
    problems: Problems,
) -> dict[str, str]:
    """Warn about derived IDs that changed with their text; returns them, old ID -> new."""
    derived = [
        d for d in parsed.derived if d.kind == kind and (question is None or d.question == question)
    ]
    old_ids = [entry[0] for entry in old_entries if isinstance(entry, list) and entry]
    old_text = {
        entry[0]: entry[1] for entry in old_entries if isinstance(entry, list) and len(entry) == 2
    }
    vanished = [i for i in old_ids if i not in present]
    appeared = [d for d in derived if d.id not in old_ids]
    for old_id, new in zip(vanished, appeared, strict=False):
        what = "question" if kind == "question" else f"choice of '{question}'"
        fix = (
            f"keep the old ID by adding {{#{old_id}}} to the heading"
            if kind == "question"
            else f"keep the old code by writing '- {old_id}: {new.text}'"
        )
        problems.add(
            parsed.path,
            new.line,
            f"the ID of this {what} changes from '{old_id}' to '{new.id}' because its text changed "
            f"(was: '{old_text.get(old_id, '')}'); answers before and after would not be comparable",
            f"{fix}, or run 'python build.py --accept-ids' if this is a new {kind}",
            warning=True,
        )
    return {old_id: new.id for old_id, new in zip(vanished, appeared, strict=False)}
