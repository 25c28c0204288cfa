"""Error answers outside a questionnaire (an unknown address, a bad request)."""

from __future__ import annotations

from typing import Any

from flask import current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from .admin_errors import hr_area_error
from .ui_text import browser_language


def wants_json() -> bool:
    """The enhancement script asks for JSON; a plain form post gets HTML."""
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


#: The page for an error outside a questionnaire (an unknown address, a bad request), in
#: the language the browser asks for: a leaver who mistyped a link reads Dutch too.
ERROR_TEXT = {
    "en": {
        400: "This submission could not be read. Reload the form and try again.",
        403: "This form may not be sent from the page it came from.",
        404: "There is no page at this address. Check the link you were given.",
        405: "This address does not accept that kind of request.",
        413: "This submission is too large. Shorten your longest answers and try again.",
        429: "Too many submissions from your connection. Please wait a few minutes and try again.",
        500: "Something went wrong. Please try again later.",
    },
    "nl": {
        400: "Deze inzending kon niet worden gelezen. Laad het formulier opnieuw en probeer "
        "het nog eens.",
        403: "Dit formulier mag niet worden verstuurd vanaf de pagina waar het vandaan komt.",
        404: "Op dit adres staat geen pagina. Controleer de link die je kreeg.",
        405: "Dit adres accepteert dit soort verzoek niet.",
        413: "Deze inzending is te groot. Maak je langste antwoorden korter en probeer het "
        "opnieuw.",
        429: "Er is in korte tijd te veel verstuurd vanaf jouw verbinding. Wacht een paar "
        "minuten en probeer het opnieuw.",
        500: "Er ging iets mis. Probeer het later opnieuw.",
    },
}
ERROR_TITLE = {
    "en": {404: "Page not found", 500: "Something went wrong"},
    "nl": {404: "Pagina niet gevonden", 500: "Er ging iets mis"},
}


def error_page(error: HTTPException) -> Any:
    """The collector's answer to an HTTP error outside a questionnaire: JSON for scripts, a
    small page in English or Dutch (as the browser asks) for people."""
    code = error.code or 500
    if not wants_json():
        # An HR page that is not there: the HR area's own page, with its way back.
        page = hr_area_error(error)
        if page is not None:
            return page
    language = browser_language(ERROR_TEXT)
    texts = ERROR_TEXT[language]
    text = texts.get(code, texts[500])
    if wants_json():
        return jsonify(ok=False, error=text), code
    titles = ERROR_TITLE[language]
    title = titles.get(code) or (error.name if language == "en" and code < 500 else titles[500])
    html = (
        f"<!doctype html><html lang={language}><meta charset=utf-8>"
        "<meta name=viewport content='width=device-width, initial-scale=1'>"
        f"<title>{code} {title}</title><main><h1>{title}</h1><p>{text}</p>"
        f"{_site_contact(language)}</main></html>"
    )
    return html, code


def _site_contact(language: str) -> str:
    """Whom to ask, on a page that belongs to no questionnaire: the 'contact' of the
    questionnaires in ``language`` when they give one and the same (sanitised when they
    were built), else nothing rather than a guess between several."""
    state = current_app.extensions.get("exit_survey")
    if state is None:
        return ""
    try:
        forms = state.forms.all_current()
    except (OSError, ValueError, KeyError):
        return ""  # a form.json half written by a build: the error page must still show
    contacts = {f.contact_html for f in forms if f.language == language and f.contact_html}
    return contacts.pop() if len(contacts) == 1 else ""
