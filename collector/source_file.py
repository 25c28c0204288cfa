"""Reading a questionnaire file: its bytes into clean text, and its path as people see it.

Everything an editor or a paste can hide in a file is dealt with here, before any
Markdown or YAML is read: an empty file, another encoding than UTF-8, Windows line ends,
zero-width characters from web pages, control characters from Word and the direction
characters that come with Hebrew or Arabic text (bidi_controls).
"""

from __future__ import annotations

import re
from pathlib import Path

from . import bidi_controls
from .problems import Problems
from .source_entry import unreadable, unusable_entry

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

#: How files that are no text at all begin: a questionnaire saved from Word, or uploaded
#: in the wrong place.
_NOT_TEXT = [
    (b"PK\x03\x04", "a Word document (.docx) or another zip file"),
    (b"\xd0\xcf\x11\xe0", "a Word document of the old kind (.doc)"),
    (b"%PDF", "a PDF file"),
    (b"{\\rtf", "a rich text (RTF) document"),
    (b"\x89PNG", "an image (PNG)"),
    (b"\xff\xd8\xff", "an image (JPEG)"),
]
_NOT_TEXT_FIX = (
    "a questionnaire is plain text: copy its words into the Git host's web editor or a plain "
    "text editor, and save it as UTF-8 with a name ending in .md; see docs/authoring.md"
)

_EMPTY = (
    "the file is empty",
    "start with front matter (title, language, privacy); see docs/authoring.md",
)


def read_source(path: Path, shown: str, problems: Problems) -> str | None:
    """The file's text, or None after reporting why it cannot be used."""
    wrong = unusable_entry(path)
    if wrong is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            wrong = unreadable(exc)
    if wrong is not None:
        problems.add(shown, 1, *wrong)
        return None
    if not data.strip():
        problems.add(shown, 1, *_EMPTY)
        return None
    other = _other_encoding(data)
    kind = _not_text(data, other)
    if kind:
        problems.add(shown, 1, f"the file is {kind}, not a text file", _NOT_TEXT_FIX)
        return None
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
        problems.add(shown, *_not_utf8(data, exc))
        return None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = _without_invisible_characters(text, shown, problems)
    if not text.strip():  # only a byte-order mark, no-break or zero-width spaces
        problems.add(shown, 1, *_EMPTY)
        return None
    if _merge_conflicts(text, shown, problems):
        return None
    return text


#: The lines Git writes around the two versions of a part that two merged changes both
#: edited: '<<<<<<< HEAD', '=======' and '>>>>>>> other-branch'.
_CONFLICT_START = re.compile(r"^<{7}(?: |$)")
_CONFLICT_MIDDLE = re.compile(r"^={7}\s*$")
_CONFLICT_END = re.compile(r"^>{7}(?: |$)")


def _merge_conflicts(text: str, shown: str, problems: Problems) -> bool:
    """Report each part of the file that holds two versions after a Git merge; True if any.
    The rest of such a file is not checked: every line of the second version would be
    reported again, as a question or setting given twice."""
    lines = text.split("\n")
    found = False
    for number, line in enumerate(lines, start=1):
        if not _CONFLICT_START.match(line):
            continue
        found = True
        middle = next(
            (n for n, x in enumerate(lines[number:], number + 1) if _CONFLICT_MIDDLE.match(x)), 0
        )
        end = next(
            (n for n, x in enumerate(lines[number:], number + 1) if _CONFLICT_END.match(x)), 0
        )
        where = f"lines {number} to {end} hold" if end else "this line starts"
        versions = (
            f": one above the '=======' on line {middle}, one below it" if middle and end else ""
        )
        problems.add(
            shown,
            number,
            f"{where} two versions of the same part, left by a Git merge{versions}",
            "keep one version, and delete the other one and the marker lines: "
            "'<<<<<<< ...', '=======' and '>>>>>>> ...'",
        )
    return found


def _not_utf8(data: bytes, exc: UnicodeDecodeError) -> tuple[int, str, str]:
    """(line, problem, fix) for a file that is not UTF-8: the first line that cannot be
    read, the character as the author sees it (Windows editors save 'é' or '“' as one byte
    of Windows-1252, "ANSI"), and the other lines with such characters."""
    lines = data.split(b"\n")
    bad = []
    for number, line in enumerate(lines, start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(number)
    first = data[: exc.start].count(b"\n") + 1
    byte = data[exc.start : exc.start + 1]
    try:
        char = byte.decode("cp1252")
    except UnicodeDecodeError:
        char = ""
    what = f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x} cannot be read)"
    if char.isprintable() and char.strip():
        what += f": the '{char}' on this line was saved as Windows-1252 (\"ANSI\") text"
    others = [n for n in bad if n != first]
    if others:
        listed = ", ".join(map(str, others[:5]))
        listed += f" and {len(others) - 5} more" if len(others) > 5 else ""
        what += f"; so were characters on line{'s' if len(others) > 1 else ''} {listed}"
    return (
        first,
        what,
        "save the file as UTF-8 in your editor: in Notepad, Save as, Encoding: UTF-8; "
        "then upload it again",
    )


def _not_text(data: bytes, other: str) -> str:
    """What ``data`` is when it is no text in any encoding (a Word file, a program), or '';
    ``other`` is what ``_other_encoding`` found."""
    for start, kind in _NOT_TEXT:
        if data.startswith(start):
            return kind
    if other and not data.startswith(tuple(mark for mark, _ in _OTHER_ENCODINGS)):
        # NUL bytes all over it, and no byte-order mark: text in UTF-16 or UTF-32 reads as
        # letters in one of their byte orders; anything else has NULs for other reasons.
        codecs = ("utf-32-le", "utf-32-be") if other == "UTF-32" else ("utf-16-le", "utf-16-be")
        for codec in codecs:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if sum(c.isprintable() or c in "\r\n\t" for c in text) >= 0.95 * len(text):
                return ""
        return "a program or another binary file"
    return ""


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
    # Columns as the editor counts them: before the zero-width characters go.
    for number, line in enumerate(text.split("\n"), start=1):
        _direction_characters(line, number, shown, problems)
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


_DIRECTION_FIX = (
    "delete it: retype the text around column {column}, or paste it again as plain text, "
    "in Word with Paste Special, Unformatted Text; a right-to-left or left-to-right mark "
    "(U+200F, U+200E) is fine"
)


def _direction_characters(line: str, number: int, shown: str, problems: Problems) -> None:
    """Report a direction character that the line leaves open or that closes nothing (an
    error: the page would turn the words after it around), or else an override that is
    closed (a warning: it shows the letters inside it in reverse order). Marks are fine."""
    found = bidi_controls.unclosed(line)
    closed = not found
    if closed:
        found = bidi_controls.overrides(line)
    if not found:
        return
    first = found[0]
    after = bidi_controls.ANY.sub("", line[first.column :]).strip()
    where = f"before '{_shortened(after)}'" if after else "at the end of the line"
    more = f"; and {len(found) - 1} more on this line" if len(found) > 1 else ""
    if closed:
        what = "shows the letters after it in reverse order, on the page and in some editors"
    elif first.char in "\u202c\u2069":
        what = "closes nothing: on the page it can end a run of text the page started"
    else:
        what = (
            "is not closed on its line: the page turns the words after it around, its own "
            "words too, so it does not show what your editor shows"
        )
    problems.add(
        shown,
        number,
        f"this line holds an invisible direction character (column {first.column}: "
        f"{first.name}, {where}{more}) that {what}",
        _DIRECTION_FIX.format(column=first.column),
        warning=closed,
    )


def _shortened(text: str) -> str:
    """The first few words of ``text``: enough to find the place in the line."""
    return text if len(text) <= 24 else text[:24].rstrip() + "…"


def relative_path(path: Path) -> str:
    """The path as people see it in messages: relative to the working folder when possible.
    Only the folder is resolved: a link is named as it is in the folder, not by where it
    leads (which may be nowhere, or a loop)."""
    try:
        return str((path.parent.resolve() / path.name).relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
