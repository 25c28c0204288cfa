"""The heading and opening line of ``output/index.html`` in every language of its surveys.

The index is a static page: it cannot ask the browser which language its reader wants, so
one language's "Questionnaires" would read as if it were everyone's (a leaver in Israel met
a German heading above a Hebrew survey). Each language a listed survey is in says it in its
own words, marked with its ``lang`` and ``dir``, the page's language first.
"""

from __future__ import annotations

from collections.abc import Sequence

from .model import Form
from .ui_text import FALLBACK_LANGUAGE, UI_TEXT, page_text, text_direction, ui_text

_WORDS = ("index_title", "index_intro")


def index_headings(forms: Sequence[Form], lang: str) -> list[dict[str, str]]:
    """``[{lang, dir, title, intro}]``: the page's language ``lang`` first, then each other
    language of ``forms`` (the surveys listed, in their order). A language whose texts file
    left these words as in English is not a second English heading marked as its own."""
    english = tuple(UI_TEXT[FALLBACK_LANGUAGE][name] for name in _WORDS)
    found: dict[str, dict[str, str]] = {}
    for language in (lang, *(f.language for f in forms)):
        if language in found:
            continue
        # The words of its first survey's texts file (a language without built-in words).
        words = next((page_text(f) for f in forms if f.language == language), ui_text(language))
        title, intro = (words[name] for name in _WORDS)
        if (title, intro) == english:
            language = FALLBACK_LANGUAGE
        found.setdefault(
            language,
            {"lang": language, "dir": text_direction(language), "title": title, "intro": intro},
        )
    return list(found.values())
