"""Protecting what answers are filed under: a warning before a change splits or mixes them.

A question without ``{#id}`` gets an ID made from its text, and so does a choice written
without a code. Those IDs name the export columns, so a reworded question would silently
start a new column. The builder remembers every derived ID in ``ids.lock.json`` beside the
questionnaires (commit it with them), and warns when a derived ID disappears while a new
one appears in its place.

The lock also remembers each questionnaire's slug (its web address, under which its answers
are stored) and each question's type, scale and choice codes: a renamed file, a changed
slug, or a scale with other points under the same ID would start a new set of answers or
mix old and new ones, and a choice that is gone leaves its earlier answers without a label.
A question ID that answers were given under and that is gone (a changed ``{#id}``, or a
removed question) is reported too: later answers would go to a new column.
Lock files written before these were remembered still load; they are filled in. A lock
file that cannot be read (a Git merge conflict, a file cut off) stops the build: writing a
new one would forget everything it remembered.
"""

from __future__ import annotations

from .lock_file import LOCK_NAME, UnreadableLock, lock_text, read_lock
from .model import DROPDOWN, MULTIPLE_CHOICE, RATING, SINGLE_CHOICE, Question
from .parser import ParsedFile
from .problems import Problems
from .question_types import type_label

__all__ = ["LOCK_NAME", "check_ids", "derived_entries", "lock_text", "read_lock"]


def derived_entries(parsed: ParsedFile) -> dict:
    """This file's derived IDs, slug, and each question's type and scale, in the lock's shape."""
    questions = [[d.id, d.text] for d in parsed.derived if d.kind == "question"]
    choices: dict[str, list[list[str]]] = {}
    for d in parsed.derived:
        if d.kind == "choice":
            choices.setdefault(d.question, []).append([d.id, d.text])
    entry: dict = {"questions": questions, "choices": choices}
    if parsed.form is not None:
        entry["slug"] = parsed.form.slug
        entry["answers"] = {q.id: _answer_entry(q) for q in parsed.form.questions}
    return entry


def _answer_entry(question: Question) -> dict:
    entry: dict = {"type": question.type}
    if question.type == RATING:
        entry["scale"] = [c.label for c in question.choices]
    elif question.type in _AUTHORED_CHOICES:
        entry["choices"] = [c.value for c in question.choices]
    return entry


#: Types whose choices HR writes (yes/no and 0-10 are fixed; a scale is compared as a whole).
_AUTHORED_CHOICES = (SINGLE_CHOICE, MULTIPLE_CHOICE, DROPDOWN)

#: Types that store and export their answers the same way: changing one into the other is safe.
_SAME_STORAGE = [{SINGLE_CHOICE, DROPDOWN}]


def check_ids(files: list[ParsedFile], lock: dict, problems: Problems, *, accept: bool) -> dict:
    """Warn about derived IDs, slugs, types and scales that changed; return the lock content
    to write. With ``accept`` the changes are taken into the lock and listed in
    ``problems.accepted`` instead."""
    if isinstance(lock, UnreadableLock):
        problems.append(lock.problem)
        return {}
    found = Problems()
    new_lock: dict = {}
    built = sorted((f for f in files if f.form is not None), key=lambda f: f.path)
    names = {f.path.rsplit("/", 1)[-1] for f in files}
    # Taking over the slug of a file that is gone is what keeps its answers: never a warning.
    slugs_of_gone = {
        old.get("slug") for name, old in lock.items() if name not in names and isinstance(old, dict)
    }
    for parsed in built:
        name = parsed.path.rsplit("/", 1)[-1]
        current = derived_entries(parsed)
        old = lock.get(name)
        changed = False
        held_back: set[str] = set()
        if isinstance(old, dict):
            all_ids = {q.id for q in parsed.form.questions}
            renamed = _compare(parsed, old.get("questions", []), all_ids, "question", None, found)
            changed |= bool(renamed)
            for question in parsed.form.questions:
                values = {c.value for c in question.choices}
                old_choices = old.get("choices", {}).get(question.id, [])
                changed |= bool(_compare(parsed, old_choices, values, "choice", question.id, found))
            changed |= _compare_answers(parsed, old.get("answers"), found)
            gone, held_back = _report_gone_questions(parsed, old, renamed, found)
            changed |= gone
            if parsed.form.slug not in slugs_of_gone:
                changed |= _compare_slug(parsed, old.get("slug"), found)
        if changed and not accept:
            # Keep warning until the change is resolved or accepted; what is new is added.
            new_lock[name] = _merged(old, current, held_back)
        else:
            new_lock[name] = current
    _check_vanished(names, files, built, lock, new_lock, found, accept=accept)
    if accept:
        problems.accepted.extend(found)
    else:
        problems.extend(found)
    return new_lock


def _merged(old: dict, current: dict, held_back: set[str]) -> dict:
    """The old entry, with what it did not know yet taken from the current one. The old
    answers keep their order (the place of a question that is gone is how its successor is
    found); a question reported as taking over a gone one's place is left out, so that it
    is reported again at the next build."""
    merged = dict(old)
    answers = dict(old.get("answers") or {})
    for question_id, entry in current.get("answers", {}).items():
        if question_id not in held_back:
            answers.setdefault(question_id, entry)
    merged["answers"] = answers
    merged.setdefault("slug", current.get("slug"))
    return merged


def _compare_slug(parsed: ParsedFile, old_slug: object, problems: Problems) -> bool:
    assert parsed.form is not None
    if not isinstance(old_slug, str) or old_slug == parsed.form.slug:
        return False
    problems.add(
        parsed.path,
        parsed.line_of.get("slug", 1),
        f"this questionnaire was published as '{old_slug}' and is now '{parsed.form.slug}'; "
        "a new slug changes its web address, so the old link stops working and a new set of "
        "answers starts",
        f"write 'slug: {old_slug}' to keep them, or run 'python build.py --accept-ids' if no "
        "answers were collected yet",
        warning=True,
    )
    return True


def _check_vanished(
    names: set[str],
    files: list[ParsedFile],
    built: list[ParsedFile],
    lock: dict,
    new_lock: dict,
    problems: Problems,
    *,
    accept: bool,
) -> None:
    """A questionnaire the lock knows but no file (of ``names``) has any more: renamed, or
    removed."""
    slugs = {f.form.slug for f in built if f.form is not None}
    if len(built) != len(files):
        return  # a file with errors may be the one; its own messages come first
    new_files = [f for f in built if f.path.rsplit("/", 1)[-1] not in lock]
    for name, old in sorted(lock.items()):
        if name in names or not isinstance(old, dict):
            continue
        slug = old.get("slug")
        if not isinstance(slug, str) or slug in slugs:
            continue  # an old lock without slugs, or the slug lives on in another file
        if len(new_files) == 1:
            where = new_files[0]
            problems.add(
                where.path,
                where.line_of.get("slug", 1),
                f"this questionnaire was published as '{slug}' (as {name}); renaming it changes "
                "its web address, so the old link stops working and a new set of answers starts",
                f"add 'slug: {slug}' to keep them, or run 'python build.py --accept-ids' if "
                "this is a new questionnaire",
                warning=True,
            )
        else:
            folder = (
                (built[0].path.rsplit("/", 1)[0] + "/") if built and "/" in built[0].path else ""
            )
            problems.add(
                f"{folder}{LOCK_NAME}",
                1,
                f"the questionnaire '{slug}' ({name}) was published before, but no file builds "
                "it any more: its link stops working and it takes no more answers (the HR area lists "
                "its answers as 'No longer published')",
                f"if it was renamed, add 'slug: {slug}' to the new file; if it was retired on "
                "purpose, run 'python build.py --accept-ids'",
                warning=True,
            )
        if not accept:
            new_lock[name] = old


def _compare_answers(parsed: ParsedFile, old_answers: object, problems: Problems) -> bool:
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
                    f"{type_label(question.type)}: answers given before would be read as the "
                    "new type, and the export columns change",
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


def _report_gone_choices(
    parsed: ParsedFile, question: Question, old_codes: object, problems: Problems
) -> bool:
    """A heads-up when a choice that answers may have been given with is no longer offered:
    those answers keep their code in exports, and the report counts them apart as "No
    longer offered". Removing a choice is allowed; renaming one by accident is the mistake
    this catches. A choice whose derived ID changed with its text is reported by _compare."""
    if not isinstance(old_codes, list) or question.type not in _AUTHORED_CHOICES:
        return False
    if any(
        d.kind == "choice" and d.question == question.id and d.id not in old_codes
        for d in parsed.derived
    ):
        return False  # a reworded choice without a code: _compare says so, with the fix
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


def _report_gone_questions(
    parsed: ParsedFile, old: dict, renamed: dict[str, str], problems: Problems
) -> tuple[bool, set[str]]:
    """Warn when a question ID that answers were given under is gone: later answers would go
    to a new column, and the report would show the question twice. A new question with the
    old one's text (known for a derived ID) or in its place is named as its successor.
    Returns whether anything was reported, and the successors' IDs (left out of the lock
    until the change is resolved or accepted, so that they are found again).

    Derived IDs that changed with their text are reported by _compare, once."""
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
    removed = [i for i in gone if i not in successor]
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
            "points: answers given before would be counted with the new labels"
        )
    if old_scale != new_scale and sorted(old_scale) == sorted(new_scale):
        return (
            f"the scale of '{question.id}' has its points in another order than before "
            f"(was: {', '.join(map(str, old_scale))}): answers given before would be counted "
            "with the new labels"
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


def _compare(
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
