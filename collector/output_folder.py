"""Can the collector's user read the built site? Checked at start-up.

``build.py`` run by another user (root, a deploy account) with a strict umask, or a copy
that kept a private folder's modes, gives a site the service user cannot read: the
collector then said "no built questionnaire" and answered every page and every post with a
500. It now stops at start-up, names what it cannot read and gives the command that fixes it.
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path

from .config import PREFIX, ConfigError


def check_readable(output_dir: Path, user: str) -> None:
    """Raise ``ConfigError`` naming what in ``output_dir`` this process cannot read.

    A folder that does not exist yet is fine (the collector may start before the first
    build); root reads everything, so finds nothing.
    """
    if not output_dir.exists():
        return
    blocked = unreadable(output_dir)
    if not blocked:
        return
    shown = ", ".join(blocked[:3]) + (f" and {len(blocked) - 3} more" if len(blocked) > 3 else "")
    where = shlex.quote(str(output_dir.resolve()))
    raise ConfigError(
        f"{PREFIX}OUTPUT_DIR: the collector's user ({user}) cannot read the built site in "
        f"{str(output_dir)!r}: {shown}. It was probably built or copied by another user "
        f"with a strict umask; make it readable with 'chmod -R a+rX {where}'"
    )


def unreadable(output_dir: Path) -> list[str]:
    """What in ``output_dir`` cannot be read (a folder: read and entered), relative to it."""
    if not os.access(output_dir, os.R_OK | os.X_OK):
        return ["the folder itself"]
    found: list[str] = []
    for folder, dirs, files in os.walk(output_dir):
        for name in sorted(dirs):
            path = os.path.join(folder, name)
            if not os.access(path, os.R_OK | os.X_OK):
                found.append(os.path.relpath(path, output_dir) + "/")
        for name in sorted(files):
            path = os.path.join(folder, name)
            if not os.access(path, os.R_OK):
                found.append(os.path.relpath(path, output_dir))
    return sorted(found)
