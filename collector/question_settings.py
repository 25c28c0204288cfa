"""What a question block knows about its file, and readers for single setting values.

Shared by the question parser and the type-specific readers: every reader reports its
problem (file, line, how to fix) to the context and returns ``None``, so the caller only
has to stop.
"""

from __future__ import annotations

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
