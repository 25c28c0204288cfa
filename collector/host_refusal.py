"""What a request for a host name the collector does not answer to gets (collector/hosts.py).

A leaver meets it when the operator missed one of the collector's names: in the language
the browser asks for, English and Dutch built in and the others from HR's texts files, as
the collector's other error pages; a page with its ``lang`` and ``dir`` for a browser, plain
text for anything else (a script, a load balancer's check, curl).
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.datastructures import LanguageAccept, MIMEAccept
from werkzeug.http import parse_accept_header

from .error_pages import error_html
from .error_words import chosen_words, site_contact

#: (title, text) built in. As plain text: "title: text" (the answer before round 27).
_BUILT_IN = {
    "en": ("Bad Request", "this server does not answer to that host name."),
    "nl": ("Ongeldig verzoek", "deze server antwoordt niet op die hostnaam."),
}

#: The words a texts file lends (those of a 405): that the address does not take such a
#: request. Not a server error's "try again later", which can never help: only the
#: operator can add the name (the page's contact line says whom to ask).
_LENT = ("went_wrong_title", "wrong_request")

#: A page that loads nothing: it is served under whatever name the request gave, a
#: rebinding attacker's too.
_PAGE_HEADERS = [
    ("Content-Security-Policy", "default-src 'none'; base-uri 'none'; frame-ancestors 'none'"),
    ("X-Content-Type-Options", "nosniff"),
]


def refusal(app: Flask, environ: dict[str, Any]) -> tuple[list[tuple[str, str]], bytes]:
    """The headers and body of the 400 for the request ``environ``."""
    accepted = parse_accept_header(environ.get("HTTP_ACCEPT_LANGUAGE"), LanguageAccept)
    page = parse_accept_header(environ.get("HTTP_ACCEPT"), MIMEAccept).best_match(
        ["text/plain", "text/html"]
    )
    # Outside any request (nothing of it may reach the app's hooks): the app's context
    # only, for the questionnaires' texts files and contact, read without writing
    # anything (FormRegistry.known).
    with app.app_context():
        language, (title, text), english = chosen_words(accepted, _BUILT_IN, _LENT)
        contact = site_contact(language) if page == "text/html" else ""
    # One shape in every language for a script: "title: text".
    plain = f"{title}: {text}"
    text = text[0].upper() + text[1:]
    headers = [("Content-Language", language), ("Vary", "Accept, Accept-Language")]
    if page == "text/html":
        text_lang = " lang=en dir=ltr" if english[1] else ""
        body = error_html(language, 400, title, text, contact, text_lang=text_lang).encode()
        return [("Content-Type", "text/html; charset=utf-8"), *_PAGE_HEADERS, *headers], body
    return [("Content-Type", "text/plain; charset=utf-8"), *headers], f"{plain}\n".encode()
