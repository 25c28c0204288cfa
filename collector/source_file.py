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
#: Control characters a text editor does not show (tab and newline are fine), the line and
#: paragraph separators that YAML counts as line ends (so every line number after them would
#: be wrong), and the two non-characters that YAML refuses.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_CONTROL_NAMES = {
    "\x0b": "a line break pasted from Word",
    "\x0c": "a page break pasted from Word",
    "\x00": "a NUL character",
    "\u2028": "a line separator pasted from a web page or Word",
    "\u2029": "a paragraph separator pasted from a web page or Word",
    "\ufffe": "a character that is not text",
    "\uffff": "a character that is not text",
}
#: The byte-order marks of encodings people save files in by mistake (Notepad's "Unicode").
_OTHER_ENCODINGS = [
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
]


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
    other = _other_encoding(data)
    if other:
        problems.add(
            shown,
            1,
            f"the file is saved as {other} text, not UTF-8",
            "save the file as UTF-8 in your editor; in Notepad: Save as, Encoding: UTF-8",
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


def _other_encoding(data: bytes) -> str:
    """'UTF-16' or 'UTF-32' when ``data`` looks saved in one of those, else ''.

    Without a byte-order mark, such a file has a NUL byte beside every letter: as UTF-8 it
    would be read, but with NUL characters all over it."""
    for mark, name in _OTHER_ENCODINGS:
        if data.startswith(mark):
            return name
    if data.count(b"\x00") * 3 >= len(data):
        return "UTF-32" if b"\x00\x00\x00" in data else "UTF-16"
    return ""


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
