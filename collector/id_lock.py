"""Protecting derived IDs: a warning when rewording a question would change its ID.

A question without ``{#id}`` gets an ID made from its text, and so does a choice written
without a code. Those IDs name the export columns, so a reworded question would silently
start a new column. The builder remembers every derived ID in ``ids.lock.json`` beside the
questionnaires (commit it with them), and warns when a derived ID disappears while a new
one appears in its place.
"""

from __future__ import annotations

import json
from pathlib import Path

from .parser import ParsedFile
from .problems import Problems

LOCK_NAME = "ids.lock.json"
_ABOUT = (
    "IDs that build.py derived from question and choice texts. Keep this file with the "
    "questionnaires: it lets the builder warn when rewording a text would change an ID."
)


def read_lock(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    return files if isinstance(files, dict) else {}


def derived_entries(parsed: ParsedFile) -> dict:
    """This file's derived IDs, in the lock's shape."""
    questions = [[d.id, d.text] for d in parsed.derived if d.kind == "question"]
    choices: dict[str, list[list[str]]] = {}
    for d in parsed.derived:
        if d.kind == "choice":
            choices.setdefault(d.question, []).append([d.id, d.text])
    return {"questions": questions, "choices": choices}


def check_ids(files: list[ParsedFile], lock: dict, problems: Problems, *, accept: bool) -> dict:
    """Warn about derived IDs that changed; return the lock content to write."""
    new_lock: dict = {}
    for parsed in sorted(files, key=lambda f: f.path):
        if parsed.form is None:
            continue
        name = parsed.path.rsplit("/", 1)[-1]
        current = derived_entries(parsed)
        old = lock.get(name)
        changed = False
        if isinstance(old, dict) and not accept:
            all_ids = {q.id for q in parsed.form.questions}
            changed |= _compare(
                parsed, old.get("questions", []), all_ids, "question", None, problems
            )
            for question in parsed.form.questions:
                values = {c.value for c in question.choices}
                old_choices = old.get("choices", {}).get(question.id, [])
                changed |= _compare(parsed, old_choices, values, "choice", question.id, problems)
        if changed:
            new_lock[name] = old  # keep warning until the change is resolved or accepted
        elif current["questions"] or current["choices"]:
            new_lock[name] = current
    return new_lock


def _compare(
    parsed: ParsedFile,
    old_entries: list,
    present: set[str],
    kind: str,
    question: str | None,
    problems: Problems,
) -> bool:
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
            f"{fix}, or run 'python build.py --accept-ids' if this is a new question",
            warning=True,
        )
    return bool(vanished and appeared)


def lock_text(content: dict) -> str:
    return json.dumps({"about": _ABOUT, "files": content}, ensure_ascii=False, indent=2) + "\n"
