"""How one stored answer becomes an export cell: text, a number, or a marker.

Text a spreadsheet would run as a formula gets a leading ``'`` (OWASP's advice on "CSV
injection"); numbers stay numbers. These functions run for every cell of an export of up to
some 300k responses, so the common case comes first in each.
"""

from __future__ import annotations

import json
import math
from typing import Any

from . import model

#: The cell of a question that did not apply to this person.
NOT_APPLICABLE_MARK = "n/a"
#: The cell of a question the person chose not to answer.
PREFER_NOT_MARK = model.PREFER_NOT_TO_SAY
#: The cell of an answer HR took out (``flask redact``): not the leaver's choice to skip it.
REMOVED_MARK = "removed_by_hr"
#: First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | None

#: The markers, as a reader compares them (Excel's COUNTIF ignores case).
_MARKS = frozenset({NOT_APPLICABLE_MARK, PREFER_NOT_MARK, REMOVED_MARK})
_LONGEST_MARK = max(len(m) for m in _MARKS)


def neutralise(text: str) -> str:
    """``text`` with a leading ``'`` if a spreadsheet would run it as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def number_or_text(value: Any) -> Cell:
    """Numbers stay numbers (a stored "4" rating code becomes 4); anything else is text,
    never the same as a marker: it was typed when the question was a text question. The
    choices given when it was multiple choice are their codes, never a number."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return as_given(value) if type(value) is float and not math.isfinite(value) else value
    if isinstance(value, list):  # choices, from when it was a multiple-choice question
        return ";".join(map(str, value))  # their codes, "pay;manager", as ``text`` writes them
    if isinstance(value, dict):
        return as_given(value)
    text = str(value)
    try:
        number = float(text)
    except ValueError:
        return _unlike_a_marker(text)
    if not math.isfinite(number):  # "NaN", "inf", "1e999": typed when it was a text question
        return text
    return int(number) if number.is_integer() and "." not in text else number


def spreadsheet_number(value: Any) -> Cell:
    """A number, or text protected against running as a formula like any other text."""
    cell = number_or_text(value)
    return neutralise(cell) if isinstance(cell, str) else cell


def spreadsheet_number_with_comma(value: Any) -> Cell:
    """As ``spreadsheet_number``, a fraction written with a decimal comma (Dutch Excel)."""
    cell = spreadsheet_number(value)
    return repr(cell).replace(".", ",") if isinstance(cell, float) else cell


def text(value: Any) -> Cell:
    """A stored answer as text (numbers and "no value" as they are)."""
    if type(value) is str:  # the common case first: this runs for every text cell
        return value
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
        return as_given(value) if type(value) is float and not math.isfinite(value) else value
    if isinstance(value, list):  # not expected outside multiple choice; keep it readable
        return ";".join(str(v) for v in value)
    return as_given(value) if isinstance(value, dict) else str(value)


def as_given(value: Any) -> str:
    """An answer of a type no form stores (a hand edit: an object, NaN, Infinity) as the
    JSON it was stored as, so that an export shows what is there and stays valid JSON."""
    try:
        return json.dumps(value, ensure_ascii=False)
    except (ValueError, RecursionError):  # nested too deeply to write out
        return str(value)


def spreadsheet_text(value: Any) -> Cell:
    """As ``text``, protected against running as a formula."""
    if type(value) is str:  # as neutralise(), without two calls per text cell
        return "'" + value if value.startswith(FORMULA_START) else value
    cell = text(value)
    return neutralise(cell) if isinstance(cell, str) else cell


def spreadsheet_typed_text_with_comma(value: Any) -> Cell:
    """As ``spreadsheet_typed_text``, a fraction written with a decimal comma (Dutch Excel),
    as ``spreadsheet_number_with_comma`` writes it: a number typed when the question was a
    number question. Words keep their full stops."""
    cell = spreadsheet_typed_text(value)
    return repr(cell).replace(".", ",") if type(cell) is float else cell


def _unlike_a_marker(text: str) -> str:
    """``text`` with one more ``'`` in front if it reads as a marker: a leaver who typed
    "n/a" in a comment box must not look like a question that did not apply.

    Apostrophes this rule added before are looked through, so that a typed "'n/a" (which
    becomes "''n/a") stays apart from a typed "n/a" (which becomes "'n/a").
    """
    # Cheap first (this runs for every typed answer): most are longer than any marker.
    if (len(text) <= _LONGEST_MARK or text[0] == "'") and text.lstrip("'").lower() in _MARKS:
        return "'" + text
    return text


def typed_text(value: Any) -> Cell:
    """As ``text``, for the words a leaver typed: never the same as a marker."""
    cell = value if type(value) is str else text(value)
    return _unlike_a_marker(cell) if type(cell) is str else cell


def spreadsheet_typed_text(value: Any) -> Cell:
    """As ``spreadsheet_text``, for the words a leaver typed: never the same as a marker."""
    cell = spreadsheet_text(value)
    return _unlike_a_marker(cell) if type(cell) is str else cell
