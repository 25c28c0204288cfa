"""The words of the collector's answers outside any questionnaire (an address that names
none, a host name the operator did not list), in the language the browser asks for.

English and Dutch are built in; another language's words come from HR's texts files, those
of the questionnaires built now and of those HR removed (a leaver may still have an old
link). collector/error_pages.py and collector/host_refusal.py choose through
:func:`chosen_words`, so that both pages pick a language the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from flask import current_app
from werkzeug.datastructures import LanguageAccept

from .ui_text import FALLBACK_LANGUAGE, UI_TEXT

#: The page for an error at an address that belongs to no questionnaire (a bad request, a
#: link without a questionnaire's name in it), in the language the browser asks for: a
#: leaver who mistyped a link reads Dutch too.
ERROR_TEXT = {
    language: {
        **words,
        404: UI_TEXT[language]["no_page"],
        405: UI_TEXT[language]["wrong_request"],
        500: UI_TEXT[language]["went_wrong"],
    }
    for language, words in {
        "en": {
            400: "This submission could not be read. Reload the form and try again.",
            403: "This form may not be sent from the page it came from.",
            413: "This submission is too large. Shorten your longest answers and try again.",
            429: "Too many submissions from your connection. Please wait a few minutes and "
            "try again.",
        },
        "nl": {
            400: "Deze inzending kon niet worden gelezen. Laad het formulier opnieuw en "
            "probeer het nog eens.",
            403: "Dit formulier mag niet worden verstuurd vanaf de pagina waar het vandaan komt.",
            413: "Deze inzending is te groot. Maak je langste antwoorden korter en probeer "
            "het opnieuw.",
            429: "Er is in korte tijd te veel verstuurd vanaf jouw verbinding. Wacht een paar "
            "minuten en probeer het opnieuw.",
        },
    }.items()
}
ERROR_TITLE = {
    language: {404: UI_TEXT[language]["no_page_title"], 500: UI_TEXT[language]["went_wrong_title"]}
    for language in ERROR_TEXT
}

#: The names of the page's words (``UI_TEXT``, or a texts file for another language) of an
#: error page, by status: (title, text).
PAGE_WORDS = {404: ("no_page_title", "no_page"), 405: ("went_wrong_title", "wrong_request")}
OTHER_WORDS = ("went_wrong_title", "went_wrong")
#: For the page's script whose answers went to a survey the collector does not know: they
#: were not sent (the heading of the not-sent page), why, and to copy them before leaving
#: the page, the only place that holds them (the draft is kept per survey).
UNKNOWN_SURVEY_WORDS = ("not_sent", "no_page", "no_page_copy")


class Words(NamedTuple):
    """The words chosen: their ``language``, then the texts in the order asked for, and for
    each whether it is still the English one (a texts file without it), to be marked so."""

    language: str
    texts: tuple[str, ...]
    english: tuple[bool, ...]


def chosen_words(
    accepted: LanguageAccept, built_in: Mapping[str, Sequence[str]], names: Sequence[str]
) -> Words:
    """The words of the language ``accepted`` (the browser's ``Accept-Language``) asks for
    first among those ``built_in`` (English and Dutch) and, when ``names`` are given, those
    of the texts files that translate the first two of ``names``; English when it asks for
    none of them."""
    ours = tuple(built_in)
    language = accepted.best_match(ours)
    others: dict[str, tuple[str, ...]] = {}
    if names and not _built_in_comes_first(accepted, ours):
        others = texts_file_words(names)
        language = accepted.best_match((*ours, *others))
    language = language or FALLBACK_LANGUAGE
    if language in others:
        texts = others[language]
        english = tuple(
            t == UI_TEXT[FALLBACK_LANGUAGE][n] for t, n in zip(texts, names, strict=True)
        )
        return Words(language, texts, english)
    texts = tuple(built_in[language])
    return Words(language, texts, (False,) * len(texts))


class ErrorPageWords(NamedTuple):
    """What :func:`error_words` chose; ``text_lang`` and ``more_lang`` are the attributes of
    a line still in English on a page in another language ('' when in the page's)."""

    language: str
    title: str
    text: str
    more: str
    text_lang: str
    more_lang: str


def error_words(
    code: int, name: str, accepted: LanguageAccept, *, script: bool = False
) -> ErrorPageWords:
    """The words of the page for the error ``code`` (``name``: werkzeug's, such as "Bad
    Request") at an address that names no questionnaire, in the language ``accepted``
    asks for. With ``script``, a 404 is the answer to the page's script that sent answers
    to a survey the collector does not know: they were not sent, why, and to copy them
    first (``more``), as the not-sent page of a changed questionnaire says."""
    if script and code == 404:
        names: Sequence[str] = UNKNOWN_SURVEY_WORDS
        built_in = {lang: [UI_TEXT[lang][n] for n in names] for lang in ERROR_TEXT}
    else:
        # Only a page whose words a texts file has (404, 405, 500): a refused post has
        # words of its own in English and Dutch only, and it comes from a form, whose
        # address names its questionnaire.
        names = PAGE_WORDS.get(code, OTHER_WORDS) if code in PAGE_WORDS or code >= 500 else ()
        built_in = {}
        for lang, texts in ERROR_TEXT.items():
            titles = ERROR_TITLE[lang]
            title = titles.get(code) or (name if lang == "en" and code < 500 else titles[500])
            built_in[lang] = [title, texts.get(code, texts[500])]
    chosen = chosen_words(accepted, built_in, names)
    title, text, more = (*chosen.texts, "")[:3]
    text_lang, more_lang = (" lang=en dir=ltr" if e else "" for e in (*chosen.english, False)[1:3])
    return ErrorPageWords(chosen.language, title, text, more, text_lang, more_lang)


def _built_in_comes_first(accepted: LanguageAccept, ours: Sequence[str]) -> bool:
    """Whether no texts file can change the choice: the browser asks for nothing, or for a
    built-in language before any other (a tie goes to the built-in one, listed first).
    Most browsers ask so: the texts files are not even looked at."""
    if not accepted:
        return True
    top = max(quality for _, quality in accepted)
    return any(
        quality == top and LanguageAccept([(value, quality)]).best_match(ours)
        for value, quality in accepted
    )


def texts_file_words(names: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """language -> the words ``names`` from the texts files of the questionnaires built now,
    and of those HR no longer builds, for the languages English and Dutch are not. A
    language counts when its texts file translates the first two (title and text)."""
    state = current_app.extensions.get("exit_survey")
    if state is None:
        return {}
    try:
        built, retired = state.forms.known()
    except (OSError, ValueError, KeyError):
        return {}  # a form.json half written by a build: the error page must still show
    english = tuple(UI_TEXT[FALLBACK_LANGUAGE][name] for name in names)
    found: dict[str, tuple[str, ...]] = {}
    # A removed survey's language after the built ones, whose words are newer.
    for form in (*built, *retired):
        if form.language in ERROR_TEXT or form.language in found:
            continue
        page = form.texts.get("page") or {}
        words = tuple(page.get(name) or "" for name in names)
        if all(words[:2]) and words[:2] != english[:2]:
            # A further word its form.json was built without: the English one, marked.
            found[form.language] = tuple(w or e for w, e in zip(words, english, strict=True))
    return found


def site_contact(language: str) -> str:
    """Whom to ask, on a page that belongs to no questionnaire: the 'contact' of the
    questionnaires in ``language`` when they give one and the same (sanitised when they
    were built), else nothing rather than a guess between several."""
    state = current_app.extensions.get("exit_survey")
    if state is None:
        return ""
    try:
        forms = state.forms.built()
    except (OSError, ValueError, KeyError):
        return ""  # a form.json half written by a build: the error page must still show
    contacts = {f.contact_html for f in forms if f.language == language and f.contact_html}
    return contacts.pop() if len(contacts) == 1 else ""
