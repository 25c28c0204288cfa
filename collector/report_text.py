"""The report's own words, per language; the questionnaire's texts come from its form.

Placeholders in braces are filled with ``str.format``. Each language's words are a module
of their own (``report_text_en``, ``report_text_nl``), with the same keys and placeholders.
"""

from __future__ import annotations

from markupsafe import Markup, escape

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


def words_language(language: str) -> str:
    """The language of the report's own words for a questionnaire in ``language``: its own
    when the report has words for it, else English (a Hebrew questionnaire's report)."""
    return language if language in REPORT_TEXT else "en"


def isolated(text: str, language: str) -> str | Markup:
    """A questionnaire's ``text`` in ``language``, for a sentence, list or cell of the report's
    own words: in a ``<bdi>`` with its language when that is not the words' own (a Hebrew
    question in the English report), as the HR area's pages quote an answer. Isolated, a
    right-to-left text keeps its "?" and the quote marks, numbers and commas after it on
    their own side, and a screen reader reads it with the right voice. Otherwise the text
    as it is (escaped where it is put)."""
    if words_language(language) == language:
        return text
    return Markup('<bdi lang="{}">{}</bdi>').format(language, text)


def sentence(words: str, **values: object) -> Markup:
    """One of the report's own ``words`` with its placeholders filled: the values escaped,
    an :func:`isolated` text kept as it is."""
    return escape(words).format(**values)
