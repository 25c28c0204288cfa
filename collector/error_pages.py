"""Error answers outside a questionnaire's form (an unknown address, a bad request)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import Response, current_app, jsonify, make_response, request
from markupsafe import escape
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from .admin_errors import hr_area_error
from .error_words import OTHER_WORDS, PAGE_WORDS, error_words, site_contact
from .ui_text import UI_TEXT, page_text, text_direction

if TYPE_CHECKING:
    from .model import Form


def wants_json() -> bool:
    """The enhancement script asks for JSON; a plain form post gets HTML."""
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def error_page(error: HTTPException) -> Response:
    """The collector's answer to an HTTP error outside a questionnaire's form: JSON for
    scripts, a small page for people, in the language of the questionnaire whose address
    it is (``/<slug>/...``, ``/submit/<slug>``), else in English or Dutch as the browser
    asks."""
    # An HR page that is not there: the HR area's own page, with its way back.
    page = hr_area_error(error) if not wants_json() else None
    if page is None:
        page = questionnaire_error_page(error, _questionnaire_of_address())
    response = make_response(page)
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        # What werkzeug's own 405 says, and a client needs to know (RFC 9110, 15.5.6): the
        # methods the address does take. A page in its place lost the header.
        response.allow.update(error.valid_methods)
    return response


def questionnaire_error_page(
    error: HTTPException, form: Form | None, *, script: bool = False
) -> Any:
    """:func:`error_page` for the questionnaire ``form`` of the address, already looked up
    (None: no such questionnaire). With ``script``, for the page's script that sent answers:
    the words in the block it shows above the form (:func:`error_html`)."""
    code = error.code or 500
    words = _form_words(form, code) if form is not None else None
    text_lang = more_lang = ""  # the words' language, where it is not the page's
    more = ""  # a line after the text
    if form is not None and code == 410:
        # A questionnaire HR closed, opened from an old invitation: its own title, that it
        # has closed (the words of its not-sent page), and whom to ask, in its language.
        texts = page_text(form)
        title, text = form.title, texts.get("not_sent_410") or UI_TEXT["en"]["not_sent_410"]
        contact = form.contact_html or site_contact(form.language)
        language = form.language
        if form.language != "en" and text == UI_TEXT["en"]["not_sent_410"]:
            # The English words in their place (a texts file without them) under the
            # questionnaire's own title: marked, so a screen reader reads them as English.
            text_lang = " lang=en dir=ltr"
    elif form is not None and words is not None:
        (title, text), contact = words, form.contact_html
        # The English words in their place (a texts file from before these words): marked
        # as English, so that a screen reader does not read them with a German voice.
        language = "en" if words == _english_words(code) else form.language
    else:
        # English and Dutch built in, and the languages HR gave words for in a texts file:
        # a leaver in Israel who mistyped the link reads Hebrew, as on the form.
        language, title, text, more, text_lang, more_lang = error_words(
            code, error.name, request.accept_languages, script=script
        )
        contact = site_contact(language)
    if wants_json():
        return jsonify(ok=False, error=text), code
    page = error_html(
        language,
        code,
        title,
        text,
        contact,
        text_lang=text_lang,
        summary=script,
        more=more,
        more_lang=more_lang,
    )
    return page, code


def error_html(
    language: str,
    code: int,
    title: str,
    text: str,
    contact: str = "",
    *,
    text_lang: str = "",
    summary: bool = False,
    more: str = "",
    more_lang: str = "",
) -> str:
    """The small page of an error: ``title`` as its heading, ``text`` under it (with
    ``text_lang``'s attributes when its words are in another language than the page's),
    then ``more`` (with ``more_lang``'s), then whom to ask (``contact``, HTML sanitised
    when it was built).

    With ``summary``, the two in the block enhance.js shows above the form that sent the
    answers (``.errsum``, as on the not-sent page), with their own language and direction,
    since that form's may differ: without it, the script found none and said "check your
    connection and send them again", which can never work for a survey the collector does
    not know."""
    # Left to right is the default: only Hebrew, Arabic, ... need the attribute.
    direction = " dir=rtl" if text_direction(language) == "rtl" else ""
    text = f"<p{text_lang}>{escape(text)}</p>" + (
        f"<p{more_lang}>{escape(more)}</p>" if more else ""
    )
    if summary:
        words = (
            f"<div class=errsum lang={escape(language)} dir={text_direction(language)}>"
            f"<div role=alert><h2>{escape(title)}</h2>{text}"
            "</div></div>"
        )
    else:
        words = f"<h1>{escape(title)}</h1>{text}"
    return (
        f"<!doctype html><html lang={escape(language)}{direction}><meta charset=utf-8>"
        "<meta name=viewport content='width=device-width, initial-scale=1'>"
        f"<title>{code} {escape(title)}</title><main>{words}{contact}</main></html>"
    )


def _questionnaire_of_address() -> Form | None:
    """The questionnaire whose address was asked for (``/<slug>/...`` or
    ``/submit/<slug>``), built now or closed, or None: the leaver came from its link, and
    reads its language."""
    parts = request.path.strip("/").split("/")
    slug = parts[1] if parts[0] == "submit" and len(parts) > 1 else parts[0]
    state = current_app.extensions.get("exit_survey")
    if state is None or not slug:
        return None
    try:
        return state.forms.latest(slug)
    except (OSError, ValueError, KeyError):
        return None  # a form.json half written by a build: the error page must still show


def _form_words(form: Form, code: int) -> tuple[str, str] | None:
    """(title, text) of the error page for ``code`` in ``form``'s words, or None when its
    form.json was built before these words were among them (then English or Dutch, as
    the browser asks, rather than a page of two languages)."""
    texts = page_text(form)
    title, text = (texts.get(name) for name in PAGE_WORDS.get(code, OTHER_WORDS))
    return (title, text) if title and text else None


def _english_words(code: int) -> tuple[str, str]:
    title, text = PAGE_WORDS.get(code, OTHER_WORDS)
    return UI_TEXT["en"][title], UI_TEXT["en"][text]
