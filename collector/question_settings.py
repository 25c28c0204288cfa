"""What a question block knows about its file, and readers for single setting values.

Shared by the question parser and the type-specific readers: every reader reports its
problem (file, line, how to fix) to the context and returns ``None``, so the caller only
has to stop.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .problems import Problems
from .text import ID_PATTERN, slugify

#: How people write yes and no in a setting (English and Dutch).
TRUE_WORDS = {"yes", "true", "ja", "y", "on"}
FALSE_WORDS = {"no", "false", "nee", "n", "off"}


@dataclass
class DerivedId:
    """An ID the builder made from text; the ID lock warns when rewording changes it."""

    kind: str  # "question" or "choice"
    id: str
    text: str
    line: int
    question: str = ""


@dataclass
class QuestionContext:
    """What a question block needs to know about the file it sits in."""

    path: str
    language: str
    section: str
    scales: dict[str, list[str]]
    problems: Problems
    derived: list[DerivedId] = field(default_factory=list)
    #: Named scales that some question refers to: one that none does is probably misspelt.
    scales_used: set[str] = field(default_factory=set)
    #: IDs of questions that have errors and were left out: conditions that test one of
    #: them are not reported again as testing an unknown question.
    broken: set[str] = field(default_factory=set)
    #: The line of each 'show if:', by ("question" or "section", ID), for its messages.
    show_if_lines: dict[tuple[str, str], int] = field(default_factory=dict)


def read_flag(value: Any, key: str, line: int, ctx: QuestionContext) -> bool | None:
    """A yes/no setting."""
    key = key.replace("_", " ")
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    ctx.problems.add(
        ctx.path, line, f"'{key}' must be yes or no, not '{value}'", f"write '{key}: yes'"
    )
    return None


_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
#: 1.000 or 10,000: a thousand in Dutch (or English) notation, or one with three decimals.
_GROUPED = re.compile(r"^-?[1-9]\d{0,2}(?:[.,]\d{3})+$")
_DECIMAL_COMMA = re.compile(r"^-?\d+,\d+$")


def read_number(
    value: Any, key: str, line: int, ctx: QuestionContext, *, whole: bool = False
) -> int | float | None:
    """A number setting, written as digits with at most a decimal point: ``1.000`` and
    ``0,5`` are refused with the fix, because Dutch and English read them differently."""
    shown = key.replace("_", " ")
    text = "" if value is None or isinstance(value, (dict, list)) else str(value).strip()
    kind = "a whole number" if whole else "a number"
    if _GROUPED.match(text):
        plain = text.replace(".", "").replace(",", "")
        ctx.problems.add(
            ctx.path,
            line,
            f"'{shown}: {text}' has a thousands separator, which Dutch and English read "
            "differently",
            f"write the digits only, e.g. '{shown}: {plain}'",
        )
        return None
    if _DECIMAL_COMMA.match(text) and not whole:
        ctx.problems.add(
            ctx.path,
            line,
            f"'{shown}: {text}' uses a decimal comma",
            f"write a decimal point: '{shown}: {text.replace(',', '.')}'",
        )
        return None
    if not _NUMBER.match(text) or (whole and "." in text):
        ctx.problems.add(
            ctx.path,
            line,
            f"'{shown}' must be {kind}, " + (f"not '{text}'" if text else "but it is empty"),
            f"write digits only, e.g. '{shown}: {1000 if whole else 0}'",
        )
        return None
    return float(text) if "." in text else int(text)


def read_text(value: Any, key: str, line: int, ctx: QuestionContext) -> str | None:
    """A setting that must be one text (not a list or a mapping)."""
    key = key.replace("_", " ")
    if isinstance(value, (dict, list)) or value is None:
        ctx.problems.add(ctx.path, line, f"'{key}' must be a text", f"write '{key}: your text'")
        return None
    return str(value).strip()


def read_label(
    raw: Any, key: str, standard: str, line: int, ctx: QuestionContext
) -> tuple[bool, str | None]:
    """A setting such as ``other`` or ``prefer not to say``: yes for the standard text, no
    for none, or the text itself. Returns (ok, the label or None)."""
    word = str(raw).strip().lower()
    if word in TRUE_WORDS:
        return True, standard
    if word in FALSE_WORDS:
        return True, None
    label = read_text(raw, key, line, ctx)
    if label == "":
        shown = key.replace("_", " ")
        ctx.problems.add(
            ctx.path,
            line,
            f"'{shown}' is empty",
            f"write '{shown}: yes' for the standard text, or the text itself",
        )
    return bool(label), label or None


def derive_id(text: str) -> str | None:
    """An answer ID made from a heading or a statement, or None when none can be made."""
    derived = slugify(text)
    if derived and not derived[0].isalpha():
        derived = f"q_{derived}"
    return derived if ID_PATTERN.match(derived) else None
