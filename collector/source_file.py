"""Reading a questionnaire file: its bytes into clean text, and its path as people see it.

Everything an editor or a paste can hide in a file is dealt with here, before any
Markdown or YAML is read: an empty file, another encoding than UTF-8, Windows line ends,
zero-width characters from web pages and control characters from Word.
"""

from __future__ import annotations

import re
from pathlib import Path

from .problems import Problems

#: Invisible characters that only get in the way: zero-width spaces and joiners pasted
#: from web pages and Word, and a byte-order mark in the middle of a file. Dropped silently.
_ZERO_WIDTH = re.compile("[\u200b\u2060\ufeff]")
#: Control characters a text editor does not show (tab and newline are fine).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_NAMES = {
    "\x0b": "a line break pasted from Word",
    "\x0c": "a page break pasted from Word",
    "\x00": "a NUL character",
}


def read_source(path: Path, shown: str, problems: Problems) -> str | None:
    """The file's text, or None after reporting why it cannot be used."""
    data = path.read_bytes()
    if not data.strip():
        problems.add(
            shown,
            1,
            "the file is empty",
            "start with front matter (title, language, privacy); see docs/authoring.md",
        )
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.add(
            shown,
            line,
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x} cannot be read)",
            "save the file as UTF-8 in your editor",
        )
        return None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return _without_invisible_characters(text, shown, problems)


def _without_invisible_characters(text: str, shown: str, problems: Problems) -> str:
    """The text without zero-width characters; each control character is reported (and
    replaced by a space, so that the rest of the file can still be checked)."""
    text = _ZERO_WIDTH.sub("", text)
    for number, line in enumerate(text.split("\n"), start=1):
        found = _CONTROL.search(line)
        if found:
            char = found.group()
            name = _CONTROL_NAMES.get(char, "a control character")
            problems.add(
                shown,
                number,
                f"this line holds an invisible character (U+{ord(char):04X}, {name})",
                "delete it: retype the end of the line, or save the file as plain UTF-8 text",
            )
    return _CONTROL.sub(" ", text)


def relative_path(path: Path) -> str:
    """The path as people see it in messages: relative to the working folder when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
