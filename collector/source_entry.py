"""Whether what sits in the questionnaire folder under a questionnaire's name is a file the
builder can read: not a folder, a link to nothing, a loop of links, a named pipe (opening
it would wait for ever), a link out of the folder or a file of many megabytes.

Each is reported as a mistake at line 1, so that a form never vanishes from the site
without a word and the site is built only from the folder's own files, the ones Git keeps.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

#: A questionnaire is a few thousand characters (the examples are 6 KB). A file this large
#: is a paste gone wrong; reading it would take minutes and put megabytes into a page.
MAX_SOURCE_BYTES = 1_000_000

_KINDS = [
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
]
_NOT_A_FILE_FIX = (
    "a questionnaire is one plain text file: put the file itself here, or give this one "
    "a name that does not end in .md"
)


def unusable_entry(path: Path) -> tuple[str, str] | None:
    """What is wrong with ``path`` as a questionnaire file and how to fix it, or None."""
    try:
        info = path.stat()
    except OSError as exc:
        return _cannot_follow(path, exc)
    if stat.S_ISDIR(info.st_mode):
        return (
            "this is a folder, not a file",
            # A texts-XX.yml is checked here too: the name's own ending, not '.md'.
            f"{_one_file(path)}: rename the folder so that its name does not end in "
            f"{path.suffix or '.md'}, or move it out of the questionnaire folder",
        )
    kind = next((name for test, name in _KINDS if test(info.st_mode)), None)
    if kind:
        return f"this is {kind}, not a file", (
            f"{_one_file(path)} of plain text: put the file itself here, or give this one a "
            f"name that does not end in {path.suffix or '.md'}"
        )
    if path.is_symlink():
        folder, real = path.parent.resolve(), path.resolve()
        if not real.is_relative_to(folder):
            return (
                f"this is a link to '{real}', outside the folder",
                "copy the file itself into the folder, in place of the link: the site is "
                "built only from the folder's own files; or, for a shared folder, point "
                "--source at it (or make the questionnaire folder itself the link)",
            )
    if info.st_size > MAX_SOURCE_BYTES:
        return (
            # Exact bytes: rounded, a file just over the limit read "1.0 MB (at most 1 MB)".
            f"the file is {info.st_size:,} bytes, too large for a questionnaire "
            f"(at most {MAX_SOURCE_BYTES:,} bytes, 1 MB)",
            "a questionnaire is a few thousand characters: look for text pasted in by "
            "mistake, or split the survey into several questionnaires",
        )
    return None


def unreadable(exc: OSError) -> tuple[str, str]:
    """An error from reading the file, as what is wrong and how to fix it."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return (
            "this file may not be read by the account that runs the build",
            "give it read access, e.g. 'chmod a+r' on the file, or ask whoever owns it",
        )
    if exc.errno == errno.ENOENT:
        return "the file was gone when the builder looked for it", "save it again and build again"
    return f"this file cannot be read: {exc.strerror or exc}", _NOT_A_FILE_FIX


def _cannot_follow(path: Path, exc: OSError) -> tuple[str, str] | None:
    if exc.errno == errno.ELOOP:
        return (
            "this is a link that leads back to itself (a loop of links)",
            "delete the link and put the questionnaire file itself here",
        )
    if exc.errno == errno.ENOENT and path.is_symlink():
        return (
            f"this is a link to '{os.readlink(path)}', which does not exist",
            "point the link at the questionnaire, put the file itself here, or delete the link",
        )
    if exc.errno == errno.ENOENT:
        # Gone between listing and looking (an editor's temporary file, or a save in
        # progress): reading it then says so, in unreadable's words for ENOENT.
        return None
    return unreadable(exc)


def _one_file(path: Path) -> str:
    kind = "a texts file" if path.suffix.lower() in (".yml", ".yaml") else "a questionnaire"
    return f"{kind} is one file"
