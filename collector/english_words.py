"""Words still in English on a page in another language, and how the templates mark them.

A texts file (``texts-he.yml``) that lacks a word leaves the English one in its place
(texts_file.py): the page shows "Section 2 of 4" or "Select an answer to …" in English.
Marked ``lang="en"`` (and ``dir="ltr"`` on a right-to-left page), a screen reader reads them
with an English voice instead of a Hebrew or German one, and a Hebrew page does not put
their full stop on the wrong side. Words the texts file has stay unmarked.

:class:`English` carries the mark through ``str.format``: a number hint or a message filled
in from an English word is still English, so the template that shows it can tell.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from markupsafe import Markup, escape

from .model import Form
from .ui_text import FALLBACK_LANGUAGE, UI_TEXT, not_sent_text, page_text, text_direction

#: The placeholders of the messages that are the questionnaire's own texts (a question,
#: its "other" label, its "prefer not to say"): inside an English message, in the page's
#: language.
QUESTIONNAIRE_TEXTS = ("q", "other", "pnts")


class English(str):
    """A word of the page or a message that is still the English one, on a page in another
    language. Filled in (``format``), it stays English, and keeps an HTML copy in which
    every value filled in is isolated (``<bdi>``): on a Hebrew page, the question quoted
    in an English message keeps its "?" at its own end, not after the closing quote."""

    language = ""  # the page's: the questionnaire's texts filled in are in it
    html: Markup | None = None

    def format(self, *args: Any, **values: Any) -> English:
        filled = English(super().format(*args, **values))
        filled.language = self.language
        filled.html = escape(self).format(
            *args,
            **{name: self._isolated(name, value) for name, value in values.items()},
        )
        return filled

    def __add__(self, other: str) -> str:
        """Two English words together (a number's range and its step) are English; with a
        translated one, the line is not all English, and is left unmarked."""
        joined = str.__add__(self, other)
        if not isinstance(other, English):
            return joined
        both = English(joined)
        both.language = self.language
        both.html = Markup("").join(isolated(x) for x in (self, other))
        return both

    def _isolated(self, name: str, value: Any) -> Any:
        if not isinstance(value, str):
            return value  # a count, which has no direction of its own to keep
        if name in QUESTIONNAIRE_TEXTS and self.language:
            return Markup('<bdi lang="{}">{}</bdi>').format(self.language, value)
        return Markup("<bdi>{}</bdi>").format(value)


def marked(words: Mapping[str, str], english: Mapping[str, str], language: str) -> dict:
    """``words`` of a page in ``language``, those still the same as ``english`` as
    :class:`English`; on an English page, ``words`` as they are."""
    if _is_english(language):
        return dict(words)
    found = {}
    for name, value in words.items():
        if isinstance(value, str) and english.get(name) == value:
            value = English(value)
            value.language = language
        found[name] = value
    return found


def still_english(form: Form) -> dict[str, str]:
    """The page words of ``form`` still in English, by name (none on an English page): those
    its texts file gives as the English ones, or lacks (a form archived before the word
    existed), which the page then shows in English."""
    if _is_english(form.language):
        return {}
    words = page_text(form)
    return {n: v for n, v in UI_TEXT[FALLBACK_LANGUAGE].items() if words.get(n, v) == v}


def english_marker(form: Form) -> Callable[..., Markup]:
    """``en(*names)`` for the templates: the attribute that marks English when the page
    words ``names`` are all still the English ones; else nothing."""
    left, marker = still_english(form), _marker(form)
    return lambda *names: marker if left and all(n in left for n in names) else Markup("")


def not_sent_message(form: Form, status: int, reason: str = "", wait: int = 0) -> str:
    """Why ``form``'s answers were not sent (:func:`not_sent_text`), in its page's words: a
    word a texts file lacks stays marked as English once filled in (a 429's wait)."""
    words = marked(page_text(form), UI_TEXT[FALLBACK_LANGUAGE], form.language)
    return not_sent_text(words, status, reason, wait)


def english_text_marker(form: Form) -> Callable[[str], Markup]:
    """``en_text(text)`` for the templates: the attribute that marks English when ``text``
    is a page word still in English (a question's "No answer", its "Select all that apply"
    or date hint), or a hint or message filled in from one (:class:`English`)."""
    left, marker = set(still_english(form).values()), _marker(form)
    return lambda text: marker if isinstance(text, English) or text in left else Markup("")


def isolated(text: str) -> str | Markup:
    """For the templates: an English message with what was filled in isolated (its
    ``html``), any other text as it is."""
    return text.html if isinstance(text, English) and text.html is not None else text


def _is_english(language: str) -> bool:
    return language.split("-")[0].lower() == FALLBACK_LANGUAGE


def _marker(form: Form) -> Markup:
    rtl = ' dir="ltr"' if text_direction(form.language) == "rtl" else ""
    return Markup(f' lang="{FALLBACK_LANGUAGE}"{rtl}')
