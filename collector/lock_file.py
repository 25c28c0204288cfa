"""The file ``ids.lock.json`` itself: reading it (refusing one that cannot be read, since a
new one would forget what it remembered) and writing it. What it remembers, and the
warnings about it, are in id_lock.py."""

from __future__ import annotations

import errno
import json
import re
import stat
from pathlib import Path

from .parser import relative_path
from .problems import Problem

LOCK_NAME = "ids.lock.json"
_ABOUT = (
    "What build.py remembers about the questionnaires it built: the IDs it derived from "
    "texts, each questionnaire's slug, and each question's type and scale. Keep this file "
    "with the questionnaires and do not edit it: it lets the builder warn when a change would "
    "split the answers or mix old and new ones."
)


#: The lines Git writes into a file when a merge has a conflict in it.
_CONFLICT_MARKER = re.compile(r"^(?:<{7}|\|{7}|={7}|>{7})(?:\s|$)", re.MULTILINE)


class UnreadableLock(dict):
    """What ``read_lock`` returns for a lock file that exists but cannot be used: empty, and
    the problem that ``check_ids`` reports as an error, so that nothing is built or written."""

    def __init__(self, problem: Problem) -> None:
        super().__init__()
        self.problem = problem


def read_lock(path: Path) -> dict:
    """The lock's entries by file name: empty when there is no lock yet (a first build), an
    ``UnreadableLock`` when there is one that cannot be read."""
    # One stat, inside the try: Path.exists() raises too when the folder may be listed but
    # not searched (no x bit), and the build then stopped without a file:line message.
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return {}
    except OSError as exc:
        return _cannot_look(path, exc)
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        # A named pipe (or a device) would keep the read waiting for ever.
        return _unreadable(path, 1, "it is not a plain file")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        return _cannot_look(path, exc)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return _unreadable(path, data[: exc.start].count(b"\n") + 1, "it is not UTF-8 text")
    marker = _CONFLICT_MARKER.search(text)
    if marker:
        return _unreadable(
            path,
            text.count("\n", 0, marker.start()) + 1,
            "it has Git merge conflict markers ('<<<<<<<', '=======', '>>>>>>>')",
            conflict=True,
        )
    if not text.strip():
        return _unreadable(path, 1, "it is empty")
    try:
        content = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()):
            return _unreadable(path, exc.lineno, "it ends too early (the file was cut off)")
        return _unreadable(path, exc.lineno, f"it is damaged here ({exc.msg})")
    files = content.get("files") if isinstance(content, dict) else None
    if not isinstance(files, dict):
        return _unreadable(path, 1, "it does not hold what build.py writes into it")
    return files


def _cannot_look(path: Path, exc: OSError) -> UnreadableLock:
    if exc.errno not in (errno.EACCES, errno.EPERM):
        return _unreadable(path, 1, exc.strerror or str(exc))
    # Restoring the file with Git would not help: the account lacks the right to read it,
    # or (when stat itself is refused) to look into the folder at all.
    folder = relative_path(path.parent)
    return _unreadable(
        path,
        1,
        "the account that runs the build may not read it, or may not look into the "
        f"folder '{folder}'",
        fix=f"give that account access, e.g. 'chmod a+rx {folder}' and 'chmod a+r' on the "
        "file, or ask whoever owns them",
    )


def _unreadable(
    path: Path, line: int, why: str, *, conflict: bool = False, fix: str | None = None
) -> UnreadableLock:
    shown = relative_path(path)
    return UnreadableLock(
        Problem(
            shown,
            max(line, 1),
            f"cannot be read: {why}",
            fix
            or f"{'keep one side: ' if conflict else ''}restore it with Git, e.g. take the "
            f"version from the main branch with 'git checkout main -- {shown}', and build again",
        )
    )


def lock_text(content: dict) -> str:
    return json.dumps({"about": _ABOUT, "files": content}, ensure_ascii=False, indent=2) + "\n"
