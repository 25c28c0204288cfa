"""The body of a questionnaire cut into blocks at its headings.

A block is a heading ('## ' for a section, '### ' for a question) and the lines under it.
Headings that Markdown would show as text but the author meant as headings ('###Why?', or
'###' and a no-break space) are reported and read as meant, so that the rest of the file
can still be checked. So is an ID written another way than '{#id}' at the end of the
heading: it would be shown as part of the text, and the question would get an ID made from
its text instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .problems import Problems
from .text import ID_PATTERN, slugify

# As in CommonMark: up to three spaces before the #'s, and a heading may be bare ('###').
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*(?:\{#([^}]*)\})?[ \t]*#*[ \t]*$")
#: '###What went well?': Markdown shows this as text, but the author meant a heading.
_HEADING_WITHOUT_SPACE = re.compile(r"^ {0,3}(#{2,6})([^#\s{].*)$")
#: '###' and a no-break space (Word and web pages): Markdown shows this as text.
_HEADING_ODD_SPACE = re.compile("^ {0,3}(#{1,6})[\u00a0\u2007\u202f]+")
_FENCE = re.compile(r"^\s*(```|~~~)")
#: An ID the heading does not read as one: '{culture}', '{ #culture }', '(#culture)',
#: '[#culture]' or '#culture' at the end; '{culture}' or '{#culture}' at the start; '{#culture}'
#: anywhere else. A bracketed phrase such as '(optional)' or '(in euros)' is text.
_WORD = r"([A-Za-z][A-Za-z0-9_-]*)"
_ID_AT_END = re.compile(
    rf"(?:\{{\s*#?\s*{_WORD}\s*\}}|\(\s*#\s*{_WORD}\s*\)|\[\s*#\s*{_WORD}\s*\]|(?<!\S)#{_WORD})$"
)
_ID_AT_START = re.compile(rf"^\{{\s*#?\s*{_WORD}\s*\}}")
_ID_INSIDE = re.compile(rf"\{{#{_WORD}\}}")


@dataclass
class Block:
    """A heading and the lines under it, up to the next heading."""

    level: int
    title: str
    explicit_id: str | None
    line: int
    body: list[str] = field(default_factory=list)
    body_line: int = 0


def split_blocks(
    lines: list[str], start: int, shown: str, problems: Problems
) -> tuple[list[Block], int]:
    """Cut the body at headings (outside code fences); returns blocks and stray-text line."""
    blocks: list[Block] = []
    stray = 0
    in_fence = False
    for index in range(start, len(lines)):
        text = lines[index]
        number = index + 1
        if _FENCE.match(text):
            in_fence = not in_fence
        odd = None if in_fence else _HEADING_ODD_SPACE.match(text)
        if odd:
            problems.add(
                shown,
                number,
                f"a no-break space follows '{odd.group(1)}', so it does not start a heading",
                f"delete the space after '{odd.group(1)}' and type an ordinary space",
            )
            text = odd.group(1) + " " + text[odd.end() :]
        match = None if in_fence else _HEADING.match(text)
        squashed = None if in_fence or match else _HEADING_WITHOUT_SPACE.match(text)
        if squashed:
            hashes, rest = squashed.groups()
            problems.add(
                shown,
                number,
                f"'{hashes}' needs a space after it to start a heading",
                f"write '{hashes} {rest.strip()}'",
            )
            match = _HEADING.match(f"{hashes} {rest}")
        if match:
            level, title, explicit_id = len(match.group(1)), match.group(2) or "", match.group(3)
            if explicit_id is None and level in (2, 3):
                title, explicit_id = _id_in_title(title, level, shown, number, problems)
            blocks.append(Block(level, title, explicit_id, number, body_line=number + 1))
        elif blocks:
            blocks[-1].body.append(text)
        elif text.strip() and not stray:
            stray = number
    return blocks, stray


def _id_in_title(
    title: str, level: int, shown: str, number: int, problems: Problems
) -> tuple[str, str | None]:
    """The title and ID of a heading without '{#id}' at its end: an ID written in another
    way or place is reported, and read as meant."""
    found = _ID_AT_END.search(title) or _ID_AT_START.match(title) or _ID_INSIDE.search(title)
    if found is None:
        return title, None
    written = found.group(0).strip()
    meant = next(word for word in found.groups() if word)
    new_id = slugify(meant)
    what = "question" if level == 3 else "section title"
    if written == f"{{#{new_id}}}":
        message = (
            f"'{written}' is not at the end of the heading, so it is not read as the ID and "
            f"leavers would see it as part of the {what}"
        )
        fix = "move it to the end of the heading"
    else:
        message = (
            f"'{written}' is not written as an ID, so leavers would see it as part of the {what}"
        )
        fix = f"write the ID at the end of the heading like this: {{#{new_id}}}"
    problems.add(shown, number, message, fix)
    rest = " ".join(f"{title[: found.start()]} {title[found.end() :]}".split())
    return (rest or title), (new_id if ID_PATTERN.match(new_id) else None)
