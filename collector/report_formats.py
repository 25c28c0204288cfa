"""Numbers, dates and labels as the report writes them, per language."""

from __future__ import annotations

import datetime as dt
import re

from .report_measures import whole
from .text import DECIMAL

MONTHS = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "nl": [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ],
}


def coarse_date_text(date: str, language: str) -> str:
    """'March 2025', 'Q1 2025' or '2025' for a stored coarse date."""
    months = MONTHS.get(language, MONTHS["en"])
    if len(date) == 7 and date[4:6] == "-Q":
        return f"Q{date[6]} {date[:4]}"
    if len(date) == 7 and date[5:].isdigit() and 1 <= int(date[5:]) <= 12:
        return f"{months[int(date[5:]) - 1]} {date[:4]}"
    return date


def day_text(day: dt.date, language: str) -> str:
    """'21 November 2026' / '21 november 2026': the day a report was made, in words."""
    months = MONTHS.get(language, MONTHS["en"])
    return f"{day.day} {months[day.month - 1]} {day.year}"


def count_text(value: int, language: str) -> str:
    """A whole number with the language's thousands separator: 12,345 / 12.345."""
    text = f"{value:,}"
    return text.replace(",", ".") if DECIMAL.get(language) == "," else text


def short_label(text: str) -> str:
    """A question without its closing explanation in brackets, for a table's row header."""
    return re.sub(r"\s*\([^()]*\)\s*$", "", text) or text


def percent_text(value: float) -> str:
    return f"{whole(value)}%"


def score_text(value: float) -> str:
    """An eNPS with its sign: +12, 0, −8 (a minus sign, as in "from −100 to +100" beside
    it, and read as "minus"; a hyphen is often read as nothing)."""
    score = whole(value)
    return f"+{score}" if score > 0 else f"−{-score}" if score < 0 else "0"
