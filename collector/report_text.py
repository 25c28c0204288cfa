"""The report's own words, per language; the questionnaire's texts come from its form.

Placeholders in braces are filled with ``str.format``. Each language's words are a module
of their own (``report_text_en``, ``report_text_nl``), with the same keys and placeholders.
"""

from __future__ import annotations

from .report_text_en import ENGLISH
from .report_text_nl import DUTCH

REPORT_TEXT: dict[str, dict[str, str]] = {"en": ENGLISH, "nl": DUTCH}

LANGUAGE_NAMES = {
    "en": {"en": "English", "nl": "Dutch"},
    "nl": {"en": "Engels", "nl": "Nederlands"},
}


def report_text(language: str) -> dict[str, str]:
    """The strings for ``language``, falling back to English."""
    return REPORT_TEXT.get(language, REPORT_TEXT["en"])
