"""A questionnaire cut into its front matter and blocks at its headings.

The front matter lies between two '---' lines; one typed otherwise ('—-', '----', missing,
indented) is reported at its line and read as meant, so that the questions below are still
checked.

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

from .front_matter import FRONT_MATTER_KEYS
from .problems import Problems
from .questions import normalise_key
from .text import ID_PATTERN, slugify

# As in CommonMark: up to three spaces before the #'s, and a heading may be bare ('###').
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*(?:\{#([^}]*)\})?[ \t]*#*[ \t]*$")
#: '###What went well?': Markdown shows this as text, but the author meant a heading.
_HEADING_WITHOUT_SPACE = re.compile(r"^ {0,3}(#{2,6})([^#\s{].*)$")
#: '###' and a no-break space (Word and web pages): Markdown shows this as text.
_HEADING_ODD_SPACE = re.compile("^ {0,3}(#{1,6})[\u00a0\u2007\u202f]+")
_FENCE = re.compile(r"^\s*(```|~~~)")
#: '- type: ...' or 'type: ...': the first setting of a question.
_TYPE_LINE = re.compile(r"^(?:\s*-\s+)?type\s*:", re.IGNORECASE)
#: An ID the heading does not read as one: '{culture}', '{ #culture }', '(#culture)',
#: '[#culture]' or '#culture' at the end; '{culture}' or '{#culture}' at the start; '{#culture}'
#: anywhere else. A bracketed phrase such as '(optional)' or '(in euros)' is text.
#: '{#culture' or '#culture}' at the end lost a brace in the editor: shown as text too.
_WORD = r"([A-Za-z][A-Za-z0-9_-]*)"
_ID_AT_END = re.compile(
    rf"(?:\{{\s*#?\s*{_WORD}\s*\}}|\(\s*#\s*{_WORD}\s*\)|\[\s*#\s*{_WORD}\s*\]|(?<!\S)#{_WORD}"
    rf"|\{{\s*#\s*{_WORD}|#{_WORD}\s*\}})$"
)
_ID_AT_START = re.compile(rf"^\{{\s*#?\s*{_WORD}\s*\}}")
_ID_INSIDE = re.compile(rf"\{{#{_WORD}\}}")


#: A line meant as a '---' fence but typed otherwise: '—-' (a word processor's long dash),
#: '--', '----', '- - -' or '–––'; or one long dash alone, which Word makes of '---'.
_FENCE_LIKE = re.compile(
    "^(?:[\u2012-\u2015]|[-\u2010-\u2015\u2212](?:[ ]?[-\u2010-\u2015\u2212])+)$"
)
_FENCE_FIX = (
    "type three minus signs '---' on a line of their own; a word processor may turn '--' "
    "into a long dash '—'"
)
#: A heading at the start of a line: where the questions start, so the front matter ends.
_HEADING_LINE = re.compile(r"^#{2,6}[ \t]")


def front_matter_bounds(lines: list[str], shown: str, problems: Problems) -> tuple[int, int] | None:
    """(index of the opening '---', index of the closing one), or None after reporting why
    the file has no front matter. A fence typed wrongly ('—-', '----'), left out above the
    settings, or not closed before the first heading is reported at its line and read as
    meant (the opening index is then -1), so that the rest of the file is checked too."""
    first = lines[0].strip()
    start = 0
    if first != "---":
        nonempty = next((i for i, text in enumerate(lines) if text.strip()), 0)
        if nonempty and lines[nonempty].strip() == "---":
            start = nonempty
            problems.add(
                shown,
                1,
                f"the file starts with {nonempty} empty line{'s' if nonempty > 1 else ''}, "
                "before the '---' of the front matter",
                "delete the empty lines: '---' must be the very first line",
            )
        elif _FENCE_LIKE.match(first):
            problems.add(shown, 1, f"the first line is '{first}', not '---'", _FENCE_FIX)
        elif normalise_key(first.split(":")[0]) in FRONT_MATTER_KEYS and ":" in first:
            start = -1
            problems.add(
                shown,
                1,
                "the front matter has no '---' line above it",
                f"add a line '---' above '{_short(first)}': the settings go between two '---' lines",
            )
        else:
            problems.add(
                shown,
                1,
                "the file must start with front matter: a line '---', the settings, and '---'",
                "see the example at the top of docs/authoring.md",
            )
            return None
    heading = None  # the first '## ' line: where the questions start, if no '---' comes
    for index in range(start + 1, len(lines)):
        # Only an unindented '---' closes the front matter; an indented one belongs to a text.
        text = lines[index].rstrip()
        if text in ("---", "...") and not _questions_between(lines, heading, index):
            return start, index
        if heading is None and _FENCE_LIKE.match(text) and not text[0].isspace():
            problems.add(shown, index + 1, f"this line is '{text.strip()}', not '---'", _FENCE_FIX)
            return start, index
        if heading is None and _HEADING_LINE.match(text):
            heading = index  # or a comment in the settings ('## general'): look further
    if heading is not None:
        return start, _not_closed(lines, start, heading, shown, problems)
    problems.add(shown, 1, "the front matter is not closed", "add a line '---' after the settings")
    return None


def _questions_between(lines: list[str], heading: int | None, end: int) -> bool:
    """Whether a question lies between the first heading and the '---' at ``end``: then
    that '---' is a line in a section's intro, and the front matter was never closed."""
    return heading is not None and any(
        text.startswith("### ") or _TYPE_LINE.match(text) for text in lines[heading:end]
    )


def _not_closed(lines: list[str], start: int, heading: int, shown: str, problems: Problems) -> int:
    """Report a front matter that runs into the first heading; the index to read it up to."""
    above = next((i for i in range(heading - 1, start, -1) if lines[i].strip()), None)
    closing = lines[above].strip() if above is not None else ""
    if above is not None and (closing in ("---", "...") or _FENCE_LIKE.match(closing)):
        # Unindented, it would have closed the front matter: it is indented.
        problems.add(
            shown,
            above + 1,
            f"the '{closing}' that closes the front matter is indented",
            "start it at the beginning of the line: '---'" if closing == "---" else _FENCE_FIX,
        )
        return above
    problems.add(
        shown,
        heading + 1,
        "the front matter is not closed before this heading",
        "add a line '---' after the settings, above the first heading",
    )
    return heading


def _short(text: str, most: int = 40) -> str:
    return text if len(text) <= most else text[: most - 3] + "..."


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
    fence_lines = [i for i in range(start, len(lines)) if _FENCE.match(lines[i])]
    if len(fence_lines) % 2:
        # Markdown shows everything after an unclosed fence as code: the headings below it
        # would be lost, and the messages would be about their questions, not the fence.
        # It is reported, and the headings are read as meant.
        unclosed = fence_lines.pop()
        problems.add(
            shown,
            unclosed + 1,
            f"'{lines[unclosed].strip()}' starts a block of code that is never closed, so "
            "the page would show everything below it as code",
            "delete this line: a questionnaire has no blocks of code",
        )
    fences = set(fence_lines)  # looked up for every line: a list made a long file take minutes
    for index in range(start, len(lines)):
        text = lines[index]
        number = index + 1
        if index in fences:
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
            elif level in (2, 3):
                title = _second_id(title, explicit_id, level, shown, number, problems)
            blocks.append(Block(level, title, explicit_id, number, body_line=number + 1))
        elif blocks:
            blocks[-1].body.append(text)
        elif text.strip() and not stray:
            stray = number
    for block in blocks:
        if block.level in (1, 4, 5, 6) and _TYPE_LINE.match(
            next((text for text in block.body if text.strip()), "")
        ):
            # '#### Why?' or '# Why?' with '- type: ...' below it: meant as a question.
            title = block.title.strip() + (
                f" {{#{block.explicit_id}}}" if block.explicit_id else ""
            )
            problems.add(
                shown,
                block.line,
                f"'{'#' * block.level} {title}' is followed by question settings, but a "
                f"question heading has three #, not {block.level}",
                f"write '### {title}'",
            )
            block.level = 3
    return blocks, stray


def _second_id(
    title: str, explicit_id: str, level: int, shown: str, number: int, problems: Problems
) -> str:
    """The title without a second '{#id}' (a copied question given a new ID beside its old
    one), which is reported: leavers would see it as part of the text."""
    found = _ID_INSIDE.search(title)
    if found is None:
        return title
    what = "question" if level == 3 else "section title"
    problems.add(
        shown,
        number,
        f"this heading has two IDs, '{found.group(0)}' and '{{#{explicit_id}}}', so leavers "
        f"would see '{found.group(0)}' as part of the {what}",
        "keep one ID at the end of the heading and delete the other; keep the one that "
        "answers were given under, usually the old one",
    )
    return " ".join(f"{title[: found.start()]} {title[found.end() :]}".split()) or title


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
    if written.count("{") != written.count("}"):
        message = (
            f"'{written}' has no {'closing' if written.startswith('{') else 'opening'} brace, "
            f"so it is not read as the ID and leavers would see it as part of the {what}"
        )
        fix = f"write the ID with a brace on both sides: {{#{new_id}}}"
    elif written == f"{{#{new_id}}}":
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
