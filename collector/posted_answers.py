"""A post to /submit/<slug>, read whole and checked against the form version it answers.

The first half of receiving answers (collector/submit.py is the view): the body is read
strictly, every byte of it or an error, and the answers are validated against the form
version the page was built from. Nothing here stores, logs or answers the browser.
"""

from __future__ import annotations

from typing import IO, Any
from urllib.parse import parse_qsl

from flask import abort, current_app, request
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest, HTTPException
from werkzeug.formparser import FormDataParser

from .forms import FormRegistry
from .model import Form
from .validation import Result, UnknownFields, largest_submission, validate

#: What a browser's form sends; anything else (JSON, text) would silently read as no answers.
FORM_POSTS = ("application/x-www-form-urlencoded", "multipart/form-data")


class UnreadableBody(BadRequest):
    """A post whose body could not be read whole (cut off on the way, not UTF-8): a 400 like
    answers that no longer fit a changed form, but sending them again can work, and the
    leaver is told so rather than sent to a new version of the questionnaire."""

    reason = "unreadable"


def read_post(form: Form) -> dict[str, list[str]]:
    """The fields of the post to ``form``, read whole, or an HTTP error (415, 413, 400)."""
    if request.mimetype not in FORM_POSTS:
        abort(415)  # not a form post: its answers would silently read as none
    # Every answer at its limit must fit, even in characters that take 12 bytes in a post.
    size = max(current_app.config["MAX_CONTENT_LENGTH"] or 0, largest_submission(form))
    request.max_content_length = request.max_form_memory_size = size
    try:
        return _posted_fields()
    except Exception as exc:
        if not _malformed_body(exc):
            raise
        # The client's mistake: no traceback in the log for anyone to fill it.
        raise UnreadableBody() from None


def _malformed_body(exc: Exception) -> bool:
    """A body the server could not parse (gunicorn's parser raises its own exceptions
    while the app reads, e.g. a chunk size 'zz'); any HTTP error passes through."""
    return not isinstance(exc, HTTPException) and type(exc).__module__.startswith("gunicorn.http")


class _StrictFormParser(FormDataParser):
    """werkzeug's form parser, but a body it cannot decode is an error, not "no fields".

    Only werkzeug's public hooks are used (``Request.form_data_parser_class``, the
    ``silent`` argument and :meth:`parse`): a subclass that replaced one of its private
    methods would silently lose its strictness the day an upgrade renamed that method."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.silent = False  # a multipart body without its boundary: an error, not no fields

    def parse(
        self,
        stream: IO[bytes],
        mimetype: str,
        content_length: int | None,
        options: dict[str, str] | None = None,
    ) -> tuple[IO[bytes], MultiDict, MultiDict]:
        if mimetype != "application/x-www-form-urlencoded":
            return super().parse(stream, mimetype, content_length, options)
        # werkzeug keeps an escape that is not UTF-8 (%FF, a Latin-1 %E9) as its three
        # characters: "caf%E9" would be stored as the answer. A browser sends UTF-8 only.
        # The stream is werkzeug's, limited to the request's max_content_length (a 413).
        items = parse_qsl(stream.read().decode(), keep_blank_values=True, errors="strict")
        return stream, self.cls(items), self.cls()


def _posted_fields() -> dict[str, list[str]]:
    """The fields of the post, read whole, or an HTTP error when it cannot be.

    Two ways a post's body used to turn into answers it did not hold:

    * werkzeug reads a body it cannot decode (bytes that are not UTF-8, a multipart body
      without its boundary) as no fields at all: the leaver was told that every required
      question was unanswered, on a page with all their answers gone. Now a 400.
    * gunicorn ends the body where the connection ends, without a word, so a client that
      died half-way through (or a proxy that cut it) had the part before the cut stored and
      acknowledged: answers cut off mid-sentence, or without the submission id that makes
      the client's resend count once. Now a 400, and nothing is stored.
    """
    request.form_data_parser_class = _StrictFormParser
    try:
        fields = request.form.to_dict(flat=False)
    except ValueError:
        raise UnreadableBody() from None
    stream, length = request.stream, request.content_length
    if length is None:
        # A chunked body has no length to refuse up front, and werkzeug stops reading it
        # at the limit without a word: a byte beyond the limit means the post was cut
        # short, and reading it raises 413 rather than storing the part before the cut.
        stream.read(1)
    elif stream.tell() < length:
        raise UnreadableBody()
    return fields


def validated(
    forms: FormRegistry, slug: str, form: Form, raw: dict[str, list[str]]
) -> tuple[Form, Result]:
    """The form version the answers were given on (the page's ``_version``), and the
    answers checked against it; 400 when they do not fit it.

    An old page whose version was never seen here (``form`` is the current one) is accepted
    if its answers fit today's form."""
    version = (raw.get("_version") or [""])[0]
    used = forms.version(slug, version) or form
    try:
        return used, validate(used, raw)
    except UnknownFields:
        if used is form:
            abort(400)
    try:
        return form, validate(form, raw)
    except UnknownFields:
        abort(400)
