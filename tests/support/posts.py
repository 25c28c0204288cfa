"""A leaver's answers as posted, and what the collector stored of them."""

from __future__ import annotations

VOLUNTARY = {
    "departure": "voluntary",
    "reasons": ["pay", "other"],
    "reasons__other": "Commute",
    "stay": "A shorter commute",
    "conditions": "4",
    "recommend": "8",
    "department": "prefer_not_to_say",
}


def stored(app) -> list[dict]:
    return list(app.extensions["exit_survey"].store.responses("exit-en"))


def version(app, slug: str = "exit-en") -> str:
    return app.extensions["exit_survey"].forms.current(slug).version


def multipart_body(fields: list[tuple[bytes, bytes, bytes]]) -> bytes:
    """A multipart body (boundary ``XX``) of ``(name, value, the part's Content-Type)``
    parts, bytes as given: a client without a browser may send any of them."""
    body = b""
    for name, value, content_type in fields:
        body += b'--XX\r\nContent-Disposition: form-data; name="' + name + b'"\r\n'
        if content_type:
            body += b"Content-Type: " + content_type + b"\r\n"
        body += b"\r\n" + value + b"\r\n"
    return body + b"--XX--\r\n"
