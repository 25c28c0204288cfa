"""What a question block knows about its file, and readers for single setting values.

Shared by the question parser and the type-specific readers: every reader reports its
problem (file, line, how to fix) to the context and returns ``None``, so the caller only
has to stop. ``check_number_range`` checks a number question's min, max and step together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from .defaults import DEFAULTS
from .problems import Problems
from .text import ID_PATTERN, dropped_markup, first_line_with, slugify
from .yaml_advice import not_a_text_fix

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
    #: The front matter could not be read, so a scale name may be one of its named scales:
    #: the questions are checked without reporting it as unknown.
    scales_unread: bool = False
    #: (ID, line) of every statements block: its ID names a group, not an answer.
    blocks: list[tuple[str, int]] = field(default_factory=list)
    #: The default words ("Other, namely", the built-in scales) of a language without
    #: built-in ones, from its texts file; None: those of ``language`` in defaults.py.
    defaults: dict[str, Any] | None = None

    @property
    def words(self) -> dict[str, Any]:
        """The default words of the file's language."""
        return self.defaults or DEFAULTS[self.language]


def read_flag(value: Any, key: str, line: int, ctx: QuestionContext) -> bool | None:
    """A yes/no setting."""
    key = key.replace("_", " ")
    word = str(value).strip().lower()
    if word in TRUE_WORDS and not isinstance(value, (dict, list)):
        return True
    if word in FALSE_WORDS and not isinstance(value, (dict, list)):
        return False
    ctx.problems.add(
        ctx.path, line, f"'{key}' must be yes or no, {_not_what(value)}", f"write '{key}: yes'"
    )
    return None


def _not_what(value: Any) -> str:
    """ "not 'maybe'", "but it is empty" or "not a list": how a setting's value is wrong,
    in words (never as Python would print a list)."""
    if isinstance(value, (dict, list)):
        return "not a list"
    text = "" if value is None else str(value).strip()
    return f"not '{text}'" if text else "but it is empty"


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
            f"'{shown}' must be {kind}, {_not_what(value)}",
            f"write digits only, e.g. '{shown}: {1000 if whole else 0}'",
        )
        return None
    return float(text) if "." in text else int(text)


def read_text(value: Any, key: str, line: int, ctx: QuestionContext) -> str | None:
    """A setting that must be one text (not a list or a mapping)."""
    key = key.replace("_", " ")
    if value is None:
        fix = f"write its text after '{key}: '"
        if key == "show if":
            fix = "write the condition after 'show if: ', e.g. 'show if: departure = voluntary'"
        ctx.problems.add(ctx.path, line, f"'{key}' is empty", fix)
        return None
    if isinstance(value, (dict, list)):
        ctx.problems.add(
            ctx.path, line, f"'{key}' must be a text", not_a_text_fix(key, value, line)
        )
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


def warn_dropped_markup(
    problems: Problems,
    shown: str,
    text: str | None,
    line: int,
    *,
    inline: bool = False,
    source: list[str] | None = None,
) -> None:
    """A warning for each HTML tag, link or picture in ``text`` that the page leaves out,
    at the line it is on: ``source`` holds the file's lines from ``line`` on (a text over
    several lines), else everything is reported at ``line``."""
    for typed, what, fix in dropped_markup(text, inline=inline):
        at = line
        if source:
            at += first_line_with(typed, source) or 0
        problems.add(shown, at, what, fix, warning=True)


def derive_id(text: str) -> str | None:
    """An answer ID made from a heading or a statement, or None when none can be made."""
    derived = slugify(text)
    if derived and not derived[0].isalpha():
        derived = f"q_{derived}"
    return derived if ID_PATTERN.match(derived) else None


def check_number_range(fields: dict[str, Any], lines: dict[str, int], ctx: QuestionContext) -> bool:
    """False after reporting a number question whose min, max and step do not fit together
    (the type's reader has checked each alone: numbers, a step above 0). The collector accepts min, then
    min + step, min + 2 x step and so on (from 0 without a min); the form's hint only says
    "from 8 to 40". So min and max must be multiples of the step: then every multiple in
    the range can be entered, max included, as the hint promises."""
    low, high = fields.get("min"), fields.get("max")
    step = _decimal(fields["step"])
    if low is not None and high is not None:
        width = _decimal(high) - _decimal(low)
        if width < 0:
            ctx.problems.add(ctx.path, lines["min"], "min is larger than max", "swap them")
            return False
        if not width:
            ctx.problems.add(
                ctx.path,
                lines["min"],
                f"min and max are both {_plain(low)}, so that is the only answer possible",
                "make max larger than min",
            )
            return False
        if "step" in lines and step > width:
            ctx.problems.add(
                ctx.path,
                lines["step"],
                f"'step: {_plain(step)}' is larger than the range from {_plain(low)} to "
                f"{_plain(high)}, so only {_plain(low)} could be entered",
                f"use a step of at most {_plain(width)}"
                + (", e.g. 'step: 1'" if width >= 1 else ""),
            )
            return False
    for key, value in (("min", low), ("max", high)):
        if value is None or not _decimal(value) % step:
            continue
        number = _decimal(value)
        if "step" not in lines:
            problem = (
                f"'{key}: {_plain(number)}' is not a whole number, and without a 'step:' only "
                "whole numbers can be entered"
            )
            fix = (
                "write a whole number, or add a step that fits it, e.g. "
                f"'step: {_fitting_step(number)}'"
            )
        else:
            below = (number / step).to_integral_value(rounding=ROUND_FLOOR) * step
            if key == "min":
                allowed = ", ".join(_plain(number + n * step) for n in range(3))
                problem = (
                    f"'min: {_plain(number)}' is not a multiple of 'step: {_plain(step)}', so "
                    f"the numbers allowed would be {allowed} and so on"
                )
            else:
                problem = (
                    f"'max: {_plain(number)}' is not a multiple of 'step: {_plain(step)}', so "
                    f"{_plain(number)} itself could not be entered"
                )
            fix = (
                f"make {key} a multiple of the step, e.g. '{key}: {_plain(below)}' or "
                f"'{key}: {_plain(below + step)}'"
            )
        ctx.problems.add(ctx.path, lines[key], problem, fix)
        return False
    return True


def _decimal(value: float | int | Decimal) -> Decimal:
    """A setting's number as the collector reads it (exactly: 0.1 stays 0.1)."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _plain(value: float | int | Decimal) -> str:
    """A number as HR writes it: 40, not 4E+1 or 40.0."""
    return format(_decimal(value).normalize(), "f")


def _fitting_step(number: Decimal) -> str:
    """A step that ``number`` is a multiple of, as round as possible (8.5: 0.5)."""
    for step in ("0.5", "0.25", "0.1", "0.05"):
        if not number % Decimal(step):
            return step
    return _plain(Decimal(1).scaleb(number.normalize().as_tuple().exponent))
