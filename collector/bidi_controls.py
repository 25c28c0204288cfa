"""The invisible characters that set the direction of text (Unicode's bidi controls).

Word and web pages paste them along with Hebrew or Arabic text. The marks (U+200E, U+200F,
U+061C) only nudge the characters beside them and are fine. The others open a run of text
that a later character closes: an embedding or an override (U+202A-U+202E, closed by
U+202C) or an isolate (U+2066-U+2068, closed by U+2069). A text editor closes what is still
open at the end of each line; a web page only at the end of the paragraph, so one left open
turns the words after it around on the page, including the page's own words, and the page
no longer shows what HR sees in the editor ("Trojan source"). An override shows the letters
inside it in reverse order even when it is closed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NAMES = {
    "\u202a": "LEFT-TO-RIGHT EMBEDDING",
    "\u202b": "RIGHT-TO-LEFT EMBEDDING",
    "\u202c": "POP DIRECTIONAL FORMATTING",
    "\u202d": "LEFT-TO-RIGHT OVERRIDE",
    "\u202e": "RIGHT-TO-LEFT OVERRIDE",
    "\u2066": "LEFT-TO-RIGHT ISOLATE",
    "\u2067": "RIGHT-TO-LEFT ISOLATE",
    "\u2068": "FIRST STRONG ISOLATE",
    "\u2069": "POP DIRECTIONAL ISOLATE",
    "\u200e": "LEFT-TO-RIGHT MARK",
    "\u200f": "RIGHT-TO-LEFT MARK",
    "\u061c": "ARABIC LETTER MARK",
}
#: Every direction character, the marks too: shown by their code in messages.
ANY = re.compile("[" + "".join(NAMES) + "]")
_EMBEDDINGS = "\u202a\u202b\u202d\u202e"
_OVERRIDES = "\u202d\u202e"
_ISOLATES = "\u2066\u2067\u2068"
_POP = "\u202c"
_POP_ISOLATE = "\u2069"


@dataclass(frozen=True)
class Unclosed:
    """A direction character on a line that nothing on that line pairs with: an opening one
    left open, or a closing one with nothing to close. ``column`` counts from 1."""

    char: str
    column: int

    @property
    def name(self) -> str:
        return f"U+{ord(self.char):04X}, {NAMES[self.char]}"


def unclosed(line: str) -> list[Unclosed]:
    """The direction characters of ``line`` that are not paired, in the order of the line.

    Pairs as the Unicode bidi algorithm does: U+202C closes the last embedding or override,
    but not past an open isolate; U+2069 closes the last isolate and whatever was opened
    inside it."""
    stack: list[Unclosed] = []
    stray: list[Unclosed] = []
    for index, char in enumerate(line):
        found = Unclosed(char, index + 1)
        if char in _EMBEDDINGS or char in _ISOLATES:
            stack.append(found)
        elif char == _POP:
            if stack and stack[-1].char in _EMBEDDINGS:
                stack.pop()
            else:
                stray.append(found)
        elif char == _POP_ISOLATE:
            opened = [n for n, x in enumerate(stack) if x.char in _ISOLATES]
            if opened:
                del stack[opened[-1] :]
            else:
                stray.append(found)
    return sorted(stack + stray, key=lambda x: x.column)


def overrides(line: str) -> list[Unclosed]:
    """The overrides of ``line`` (closed or not): they show the letters in reverse order."""
    return [Unclosed(m.group(), m.start() + 1) for m in re.finditer(f"[{_OVERRIDES}]", line)]


def shown(text: str) -> str:
    """``text`` with each direction character written as its code (``<U+202E>``), so that a
    message quoting a text shows it in a terminal or log in the order it was typed."""
    return ANY.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)
