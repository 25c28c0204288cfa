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


def language_words(forms: Sequence[Form], language: str) -> dict[str, str]:
    """The page's words in ``language``: built in, or those of the texts file of its first
    questionnaire among ``forms`` (a language without built-in words)."""
    return next((page_text(f) for f in forms if f.language == language), ui_text(language))


def index_headings(forms: Sequence[Form], lang: str) -> list[dict[str, str]]:
    """``[{lang, dir, title, intro}]``: the page's language ``lang`` first, then each other
    language of ``forms`` (the surveys listed, in their order). A word a texts file left as
    in English is English's, given once: a French title above an intro the file lacks
    marks that intro as English, not as French (an empty word in French's own entry)."""
    english = {name: UI_TEXT[FALLBACK_LANGUAGE][name] for name in _WORDS}
    found: dict[str, dict[str, str]] = {}
    for language in dict.fromkeys((lang, *(f.language for f in forms))):
        words = language_words(forms, language)
        for name, key in zip(_WORDS, ("title", "intro"), strict=True):
            text = words[name]
            owner = FALLBACK_LANGUAGE if text == english[name] else language
            entry = found.setdefault(
                owner, {"lang": owner, "dir": text_direction(owner), "title": "", "intro": ""}
            )
            entry[key] = entry[key] or text
    return list(found.values())
