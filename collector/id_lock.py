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

from .id_changes import (
    AUTHORED_CHOICES,
    changed_answers,
    derived_ids_changed,
    gone_questions,
)
from .lock_file import LOCK_NAME, UnreadableLock, lock_text, read_lock
from .model import RATING, Question
from .parser import ParsedFile
from .problems import Problems

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
    elif question.type in AUTHORED_CHOICES:
        entry["choices"] = [c.value for c in question.choices]
    return entry


def check_ids(
    files: list[ParsedFile],
    lock: dict,
    problems: Problems,
    *,
    accept: bool,
    in_other_versions: dict[str, set[str]] | None = None,
) -> dict:
    """Warn about derived IDs, slugs, types and scales that changed; return the lock content
    to write. With ``accept`` the changes are taken into the lock and listed in
    ``problems.accepted`` instead. ``in_other_versions`` gives, by file name, the question
    IDs of each questionnaire's other language versions."""
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
            renamed = derived_ids_changed(
                parsed, old.get("questions", []), all_ids, "question", None, found
            )
            changed |= bool(renamed)
            for question in parsed.form.questions:
                values = {c.value for c in question.choices}
                old_choices = old.get("choices", {}).get(question.id, [])
                changed |= bool(
                    derived_ids_changed(parsed, old_choices, values, "choice", question.id, found)
                )
            changed |= changed_answers(parsed, old.get("answers"), found)
            kept = (in_other_versions or {}).get(name, set())
            gone, held_back = gone_questions(parsed, old, renamed, found, kept)
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
                f"if it was renamed, add 'slug: {slug}' to the new file; to close it, put the "
                "file back with 'closed: yes' in its front matter (a static host may keep "
                "serving the old form otherwise); if it was retired on purpose, run "
                "'python build.py --accept-ids'",
                warning=True,
            )
        if not accept:
            new_lock[name] = old
