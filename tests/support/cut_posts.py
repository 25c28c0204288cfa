"""A post cut short on the way, as a dying client or a proxy sends it."""

from __future__ import annotations

import io

FORM = "application/x-www-form-urlencoded"


#: As the page sends it: the submission id comes before the answers (form.html).
BODY = b"_submission=0f6b2c9e-1d4a-4e8b-9a51-3c7d2e8f6a10&departure=voluntary&closing="


def cut_short(body: bytes, declared: int) -> dict:
    """A post as gunicorn hands it on when the client stops sending before the length it
    declared: the stream simply ends (gunicorn says it ends the input itself)."""
    return {
        "input_stream": io.BytesIO(body),
        "content_type": FORM,
        "environ_overrides": {"wsgi.input_terminated": True, "CONTENT_LENGTH": str(declared)},
    }
