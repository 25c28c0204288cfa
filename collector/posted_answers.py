"""A post to /submit/<slug>, read whole and checked against the form version it answers.

The first half of receiving answers (collector/submit.py is the view): the body is read
strictly, every byte of it or an error, and the answers are validated against the form
version the page was built from. Nothing here stores, logs or answers the browser.
"""

from __future__ import annotations

import logging
from typing import IO, Any
from urllib.parse import unquote_to_bytes

from flask import abort, current_app, request
from werkzeug.datastructures import FileStorage, Headers, MultiDict
from werkzeug.exceptions import BadRequest, HTTPException
from werkzeug.formparser import FormDataParser, MultiPartParser

from . import log_counts
from .forms import FormRegistry
from .model import Form
from .validation import RepeatedFields, Result, UnknownFields, largest_submission, validate

#: What a browser's form sends; anything else (JSON, text) would silently read as no answers.
FORM_POSTS = ("application/x-www-form-urlencoded", "multipart/form-data")
#: The character set a post may declare (``; charset=ISO-8859-1``, for the whole of a form
#: post or for one part of a multipart post) that the collector reads besides UTF-8; werkzeug
#: knows ascii and us-ascii too, which are UTF-8's first 128 characters.
LATIN_1 = "iso-8859-1"

log = logging.getLogger(__name__)


class UnreadableBody(BadRequest):
    """A post whose body could not be read whole (cut off on the way, not UTF-8): a 400 like
    answers that no longer fit a changed form, but sending them again can work, and the
    leaver is told so rather than sent to a new version of the questionnaire."""

    reason = "unreadable"


class NotAForm(BadRequest):
    """A post no page of the form makes: a field sent twice that a page sends once
    (``closing=a&closing=b``, one radio group with two values). Which value is the answer
    cannot be told, so nothing is kept, rather than the first value silently. The leaver
    (a hand-made client, as browsers never send it) is told the answers were not sent as
    a form, the words of a 415; which fields, and what they held, is said nowhere."""

    reason = "not_a_form"


def read_post(form: Form) -> dict[str, list[str]]:
    """The fields of the post to ``form``, read whole, or an HTTP error (415, 413, 400)."""
    if request.mimetype not in FORM_POSTS:
        abort(415)  # not a form post: its answers would silently read as none
    # Every answer at its limit must fit, even in characters that take 12 bytes in a post.
    size = max(current_app.config["MAX_CONTENT_LENGTH"] or 0, largest_submission(form))
    request.max_content_length = request.max_form_memory_size = size
    try:
        fields = _posted_fields()
    except Exception as exc:
        if not _malformed_body(exc):
            raise
        # The client's mistake: no traceback in the log for anyone to fill it.
        raise UnreadableBody() from None
    if any(_carries_something(part) for _, part in request.files.items(multi=True)):
        # No question is a file box: a file is no answer, and it was dropped without a word
        # while the rest was stored. The body is not a form the questionnaire can take.
        abort(415)
    return fields


def _carries_something(part: FileStorage) -> bool:
    """Whether a file part holds anything. A file box left untouched (a theme may add
    one, with ``enctype="multipart/form-data"``) is sent by every browser as an empty
    part with ``filename=""``: nothing to refuse, every send would fail on it."""
    return bool(part.filename) or bool(part.stream.read(1))


def _malformed_body(exc: Exception) -> bool:
    """A body the server could not parse (gunicorn's parser raises its own exceptions
    while the app reads, e.g. a chunk size 'zz'); any HTTP error passes through."""
    return not isinstance(exc, HTTPException) and type(exc).__module__.startswith("gunicorn.http")


class _StrictFormParser(FormDataParser):
    """werkzeug's form parser, but a body it cannot decode is an error, not "no fields".

    Only werkzeug's public hooks are used (``Request.form_data_parser_class``, the
    ``silent`` argument, :meth:`parse`, ``MultiPartParser`` and its ``get_part_charset``):
    a subclass that replaced one of its private methods would silently lose its
    strictness the day an upgrade renamed that method."""

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
        # The stream is werkzeug's, limited to the request's max_content_length (a 413).
        if mimetype == "multipart/form-data":
            return self._multipart(stream, content_length, options or {})
        if mimetype != "application/x-www-form-urlencoded":
            return super().parse(stream, mimetype, content_length, options)
        # werkzeug keeps an escape that is not UTF-8 (%FF, a Latin-1 %E9) as its three
        # characters: "caf%E9" would be stored as the answer. A browser sends UTF-8 only,
        # and declares no character set.
        pairs = [_split_pair(item) for item in stream.read().split(b"&") if item]
        raw = [text for pair in pairs for text in pair]
        latin_1 = _charset((options or {}).get("charset")) == LATIN_1
        texts = _texts(raw, [latin_1] * len(raw))
        return stream, self.cls(zip(texts[::2], texts[1::2], strict=True)), self.cls()

    def _multipart(
        self, stream: IO[bytes], content_length: int | None, options: dict[str, str]
    ) -> tuple[IO[bytes], MultiDict, MultiDict]:
        """werkzeug reads a field in the character set its part declares (UTF-8 when it
        declares none), with U+FFFD in place of each byte it cannot read: "café" in Latin-1
        was stored as "caf\ufffd", and "café" in UTF-8 in a part that declares Latin-1 (a
        client's default) as "cafÃ©". Here each field is read by the rule of a form post."""
        boundary = options.get("boundary", "").encode("ascii")
        if not boundary:
            raise ValueError("a multipart post without its boundary")
        parser = _BytesKeptParser(
            stream_factory=self.stream_factory,
            max_form_memory_size=self.max_form_memory_size,
            max_form_parts=self.max_form_parts,
            cls=list,  # the fields in the body's order, as the parts' character sets are
        )
        fields, files = parser.parse(stream, boundary, content_length)
        latin_1 = [charset == LATIN_1 for charset in parser.declared]
        texts = _texts([value.encode("latin-1") for _, value in fields], latin_1)
        form = self.cls((name, text) for (name, _), text in zip(fields, texts, strict=True))
        return stream, form, self.cls(files)


class _BytesKeptParser(MultiPartParser):
    """werkzeug's multipart parser, reading every field as Latin-1 (each byte one character,
    none lost) and noting, field by field, the character set its part declared."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.declared: list[str] = []

    def get_part_charset(self, headers: Headers) -> str:
        self.declared.append(super().get_part_charset(headers))
        return "latin-1"


def _split_pair(item: bytes) -> tuple[bytes, bytes]:
    """The name and value of ``name=value`` in a form post, unescaped, as bytes."""
    name, _, value = item.partition(b"=")
    return unquote_to_bytes(name.replace(b"+", b" ")), unquote_to_bytes(value.replace(b"+", b" "))


def _texts(raw: list[bytes], latin_1: list[bool]) -> list[str]:
    """The text of each of a post's names and values: UTF-8, what every browser sends,
    whatever the post declares. Clients and proxies declare ISO-8859-1 by default for
    text that is UTF-8 (as the WHATWG's form encoding has it), so what a post declares
    Latin-1 is read as Latin-1 only when it is not all valid UTF-8 (a client that does
    send Latin-1: "café" as caf%E9). Anything else that is not UTF-8 raises ValueError,
    never stored with U+FFFD or "Ã©" in place of the letters it could not read."""
    pairs = list(zip(raw, latin_1, strict=True))
    sent_latin_1 = any(declared and not _is_utf8(text) for text, declared in pairs)
    return [
        text.decode("latin-1" if declared and sent_latin_1 else "utf-8") for text, declared in pairs
    ]


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


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


def _charset(declared: str | None) -> str:
    """The character set a post declares, as werkzeug compares them."""
    return (declared or "").strip().lower()


def validated(
    forms: FormRegistry, slug: str, form: Form, raw: dict[str, list[str]]
) -> tuple[Form, Result]:
    """The form version the answers were given on (the page's ``_version``), and the
    answers checked against it; 400 when they do not fit it.

    A page of a version this collector never kept (``form`` is the current one: HR built
    twice within minutes, or the pages' site has a build the collector does not) is
    accepted if its answers fit today's form, and filed under it; the operator is told.
    A post with no version at all comes from no page (every page sends one, with and
    without its script): a client answering the form as it is now. A field sent more often
    than the page sends it (two versions, say) is refused too (:class:`NotAForm`); from a
    page of a version never kept, two answers to a question are asked about instead."""
    if len(raw.get("_version", ())) > 1:
        raise NotAForm()  # before a first one is looked up (and logged as never kept)
    try:
        return _validated(forms, slug, form, raw)
    except RepeatedFields:
        raise NotAForm() from None


def _validated(
    forms: FormRegistry, slug: str, form: Form, raw: dict[str, list[str]]
) -> tuple[Form, Result]:
    version = (raw.get("_version") or [""])[0]
    used = forms.version(slug, version)
    # A page of a version this collector never kept may have had a question as a multiple
    # choice, or with its "prefer not to say" tick, that has neither now: it sends that
    # question twice, and the leaver is asked to choose rather than refused for good.
    own_page = used is not None or not version
    if used is None:
        if version:
            _filed_under_current(form, version)
        used = form
    try:
        return used, validate(used, raw, own_page=own_page)
    except UnknownFields:
        if used is form:
            abort(400)
    try:
        return form, validate(form, raw)
    except UnknownFields:
        abort(400)


def _filed_under_current(form: Form, version: str) -> None:
    """Say, at the next ten-minute mark (a line now would carry the second of a leaver's
    post), that answers to a version this collector never kept were filed under the
    current one: their report reads them with the current questions."""
    shown = version if version.isalnum() and len(version) <= 40 else "(not a version)"
    log_counts.at_next_mark(
        log,
        logging.WARNING,
        "answers to version %s of %s, which this collector never kept, are filed under the "
        "current version %s: give the collector the same build as the pages' site",
        shown,
        form.slug,
        form.version,
    )
