"""Receiving answers: validate against the compiled form, store once, answer the browser."""

from __future__ import annotations

import datetime as dt
import errno
import json
import logging
import re
import time
import uuid
from typing import IO, Any
from urllib.parse import parse_qsl

from flask import Blueprint, Response, abort, current_app, jsonify, redirect, request
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest, Gone, HTTPException, NotFound
from werkzeug.formparser import FormDataParser

from . import csp, sweeper
from .error_pages import error_page, questionnaire_error_page, wants_json
from .forms import FormRegistry
from .model import Form
from .page_policy import rendered_page
from .rate_limit import RateLimiter
from .security import client_address, explain_null_origin, explain_refused_origin
from .state import collector_state
from .store import StoreError
from .ui_text import not_sent_text, page_text
from .validation import Result, UnknownFields, largest_submission, validate

bp = Blueprint("submit", __name__)
log = logging.getLogger(__name__)
#: Errors an operator fixes on the machine, not in the code: no traceback needed.
_DISK_TROUBLE = frozenset(
    {
        errno.ENOSPC,
        errno.EDQUOT,
        errno.EFBIG,  # a file size limit (ulimit -f, systemd's LimitFSIZE=)
        errno.EROFS,
        errno.EACCES,
        errno.EPERM,
        errno.ENOENT,
        errno.EIO,
    }
)

_SUBMISSION_ID = re.compile(r"^[A-Za-z0-9-]{16,64}$")
#: Seconds in which the same answers from the same address, posted without a submission
#: id, count as one (an impatient second press on Send without JavaScript).
REPEAT_WINDOW = 600


def coarse_date(precision: str, today: dt.date | None = None) -> tuple[str, str]:
    """(the date stored with a response, the month its shard is filed under).

    Only the month, quarter or year is kept: an exact time, next to a department and a
    leaving date, identifies a person. A quarter or a year is filed under its *last*
    month, so that its file counts as closed (shuffled, retry keys dropped) and as old
    enough to purge only once the whole period is over, never while answers still come in.
    """
    today = today or dt.datetime.now(dt.UTC).date()
    if precision == "year":
        return f"{today.year}", f"{today.year}-12"
    if precision == "quarter":
        quarter = (today.month - 1) // 3
        return f"{today.year}-Q{quarter + 1}", f"{today.year}-{quarter * 3 + 3:02d}"
    return f"{today.year}-{today.month:02d}", f"{today.year}-{today.month:02d}"


def _id_without_javascript(repeats: RateLimiter, address: str, record: dict) -> str:
    """A submission id for a post without one (no JavaScript on the page).

    A second press on Send while the first post is under way would otherwise store the
    answers twice: the same answers from the same address within ``REPEAT_WINDOW`` get
    the same id, and the store's own check for a resent id keeps them once, whichever
    press gets there first and whether or not the other one failed or its worker died.
    The id is random, kept for the window only beside a keyed hash of the address and the
    answers in limits/ (like the rate limit); the store never sees the address. What the
    store gets is the token under the secret key, so that limits/, which holds the second
    each token was given, cannot be matched to a stored answer without the key.
    """
    # Not the record's date: a second press just after midnight UTC on the last day of a
    # month (quarter, year) is dated in the next one, and with the date in the hash it got
    # an id of its own and was stored twice, once in each month. The store's check for a
    # resent id looks in the month before too (docs/storage.md), so one id is enough.
    same = {field: value for field, value in record.items() if field != "date"}
    token = repeats.token(f"{address}\0{json.dumps(same, sort_keys=True)}")
    if token is None:  # cannot be kept (a full disk): store it, perhaps twice
        return uuid.uuid4().hex
    return f"no-script-{repeats.keyed(token)}"


#: A full disk is logged at most this often per worker (seconds).
DISK_LOG_INTERVAL = 300
_disk_logged_at: float | None = None


def _disk_trouble(cause: OSError) -> None:
    """Log that answers cannot be stored, without a traceback, and not once per post: the
    lines' times (every log line has one under systemd) would be the times leavers tried,
    and a questionnaire's name beside each would tell in which language."""
    global _disk_logged_at
    now = time.monotonic()
    if _disk_logged_at is not None and now - _disk_logged_at < DISK_LOG_INTERVAL:
        return
    _disk_logged_at = now
    log.error(
        "could not store answers: %s (logged at most every %d minutes)",
        cause.strerror,
        DISK_LOG_INTERVAL // 60,
    )


def thank_you_url(form: Form) -> str:
    """Where a leaver whose answers are stored goes: the thank-you page of the site the
    pages live on, or this collector's own copy when that site cannot be told."""
    site = current_app.config["SITE_URL"]
    if site and _posted_from_an_unknown_site(site):
        site = ""
    return f"{site or request.script_root}/{form.slug}/thanks.html"


def _posted_from_an_unknown_site(site: str) -> bool:
    """True when the post may come from a page on another listed site than ``site``.

    A page's policy lets its form send only to its own site and the collector, redirects
    included: a leaver without JavaScript on a second site in COLLECTOR_ALLOWED_ORIGINS,
    sent on to the first one's thank-you page, saw nothing happen after pressing Send
    (their answers stored all the same). A post without the script says ``Origin: null``
    (our pages send no referrer), so the page's site is known only when one site hosts
    them; otherwise the collector's copy of the page, which every form may send to.
    """
    home = csp.origin_of(site).lower()
    origin = (request.headers.get("Origin") or "null").lower()
    if origin != "null":
        return origin != home
    others = set(collector_state().allowed_origins) - {home}
    return bool(others)


def _malformed_body(exc: Exception) -> bool:
    """A body the server could not parse (gunicorn's parser raises its own exceptions
    while the app reads, e.g. a chunk size 'zz'); any HTTP error passes through."""
    return not isinstance(exc, HTTPException) and type(exc).__module__.startswith("gunicorn.http")


class UnreadableBody(BadRequest):
    """A post whose body could not be read whole (cut off on the way, not UTF-8): a 400 like
    answers that no longer fit a changed form, but sending them again can work, and the
    leaver is told so rather than sent to a new version of the questionnaire."""

    reason = "unreadable"


class _StrictFormParser(FormDataParser):
    """werkzeug's form parser, but a body it cannot decode is an error, not "no fields"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.silent = False

    def _parse_urlencoded(
        self, stream: IO[bytes], mimetype: str, content_length: int | None, options: dict
    ) -> tuple[IO[bytes], MultiDict, MultiDict]:
        # werkzeug keeps an escape that is not UTF-8 (%FF, a Latin-1 %E9) as its three
        # characters: "caf%E9" would be stored as the answer. A browser sends UTF-8 only.
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


@bp.post("/submit/<slug>")
def submit(slug: str) -> Response | tuple[Response, int]:
    state = collector_state()
    form = state.forms.current(slug)
    if form is None:
        # A questionnaire HR no longer builds: its leavers are told it is closed, in its
        # language, not that their connection failed.
        abort(410 if state.forms.latest(slug) is not None else 404)
    if not state.origin_allowed(request):
        if request.headers.get("Origin") == "null":
            explain_null_origin(log)
        else:
            explain_refused_origin(log, "a post")
        abort(403)
    _warn_once_about_an_untrusted_proxy()
    address, arrived = client_address(), time.time()
    if not state.limiter.allow(address, arrived):
        abort(429)
    if request.mimetype not in ("application/x-www-form-urlencoded", "multipart/form-data"):
        abort(415)  # not a form post (JSON, text): its answers would silently read as none
    # Every answer at its limit must fit, even in characters that take 12 bytes in a post.
    size = max(current_app.config["MAX_CONTENT_LENGTH"] or 0, largest_submission(form))
    request.max_content_length = request.max_form_memory_size = size
    try:
        raw = _posted_fields()
    except Exception as exc:
        if not _malformed_body(exc):
            raise
        # The client's mistake: no traceback in the log for anyone to fill it.
        raise UnreadableBody() from None
    if any(v.strip() for v in raw.get("_trap", [])):
        # A bot filled the field people never see: look successful, keep nothing.
        return _success(form)
    used, result = _validated(state.forms, slug, form, raw)
    if not result.ok:
        # Answers to correct are not a flood: a leaver may need several rounds, and behind
        # one office address every leaver shares the budget. Answers taken count, and so
        # does whatever is refused as a whole.
        state.limiter.undo(address, arrived)
        return _errors(used, raw, result.errors)
    date, month = coarse_date(current_app.config["DATE_PRECISION"])
    record = {
        "form": used.slug,
        "version": used.version,
        "language": used.language,
        "date": date,
        "answers": result.answers,
    }
    submission_id = (raw.get("_submission") or [""])[0]
    if not _SUBMISSION_ID.match(submission_id):
        submission_id = _id_without_javascript(state.repeats, address, record)
    try:
        # Its form version first: an answer whose version is not kept could not be read
        # right once HR rebuilds again (a full disk after a rebuild refuses it here).
        state.forms.archive(used)
        state.store.add(slug, record, submission_id=submission_id, month=month)
    except StoreError as exc:
        # Not stored: sending again must store it, and must not count as a second try.
        state.limiter.undo(address, arrived)
        cause = exc.__cause__
        if not isinstance(cause, OSError) or cause.errno not in _DISK_TROUBLE:
            raise
        _disk_trouble(cause)
        abort(500)
    # Nothing is logged, at any level, stored or a retry: each line's time would be the
    # exact time of an answer, and the lines' order the order of the current month's file.
    return _success(form)


def _validated(
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


@bp.get("/submit/<slug>")
def back_to_the_form(slug: str) -> Response | tuple[Any, int]:
    """The address of a post, opened as a page: the form, not a 404.

    Without JavaScript a form sent back for correction shows at /submit/<slug>; a leaver
    who opens that address again (from the history, a restored tab, Enter in the address
    bar) was told there was no page there. Nothing is posted, so there is nothing to keep.
    The page by its file name: the pages' host (``COLLECTOR_SITE_URL``) may be an object
    store that serves no folder's index.html.
    """
    forms = collector_state().forms
    if forms.current(slug) is None:
        # Nothing was sent: a closed questionnaire's page as at its own address (it has
        # closed, whom to ask), not the not-sent page's "your answers were not sent".
        closed = forms.latest(slug)
        return questionnaire_error_page(Gone() if closed else NotFound(), closed)
    return redirect(f"{_site_root()}{slug}/index.html", 303)


_proxy_warned = False


def _warn_once_about_an_untrusted_proxy() -> None:
    """With a proxy in front and COLLECTOR_TRUSTED_PROXIES=0, every leaver has the proxy's
    address, so all of them share one rate limit: worth one line per worker.

    Written at the next ten-minute mark, not now: a log line's time (journald adds one)
    would be the second of a leaver's post."""
    global _proxy_warned
    if _proxy_warned or current_app.config["TRUSTED_PROXIES"]:
        return
    if "X-Forwarded-For" in request.headers:
        _proxy_warned = True
        sweeper.at_next_mark(_say_untrusted_proxy)


def _say_untrusted_proxy() -> None:
    log.warning(
        "posts come through a proxy (X-Forwarded-For) but COLLECTOR_TRUSTED_PROXIES is 0: "
        "every leaver counts as the proxy, in one rate limit; set it to the number of "
        "proxies in front"
    )


@bp.after_request
def let_listed_sites_read_the_answer(response: Response) -> Response:
    """Pages hosted on another site send with ``fetch``; the browser lets their script see
    the collector's answer (the redirect, the error page) only when it names that site.
    Only the sites in ``ALLOWED_ORIGINS``, and no cookies: submissions carry none."""
    origin = request.headers.get("Origin")
    if origin and origin in collector_state().allowed_origins:
        response.headers["Access-Control-Allow-Origin"] = origin
    response.vary.add("Origin")
    # A form sent back for correction holds the leaver's answers: no cache (the browser's,
    # on a shared computer, or a proxy's) may keep it.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(HTTPException)
def not_sent(error: HTTPException) -> Response | tuple[Response, int] | HTTPException:
    """Answers refused as a whole (too large, too many tries, a changed or closed form): a
    page in the form's language that says why and how to get back to the answers, never a
    bare error."""
    state = collector_state()
    slug = (request.view_args or {}).get("slug", "")
    form = state.forms.latest(slug) if slug else None
    status = error.code or 500
    if status < 400:
        return error
    if form is None:  # a questionnaire that never was: the collector's own error answer
        return questionnaire_error_page(error, None) if slug else error_page(error)
    reason = getattr(error, "reason", "")
    if wants_json():
        text = page_text(form)
        return jsonify(ok=False, error=not_sent_text(text, status, reason)), status
    page = state.renderer.not_sent_page(form, root=_site_root(), status=status, reason=reason)
    return rendered_page(page, status)


def _site_root() -> str:
    return (current_app.config["SITE_URL"] or request.script_root) + "/"


def _success(form: Form) -> Response:
    url = thank_you_url(form)
    if wants_json():
        return jsonify(ok=True, redirect=url)
    return redirect(url, 303)


def _errors(
    form: Form, raw: dict[str, list[str]], errors: dict[str, str]
) -> Response | tuple[Response, int]:
    if wants_json():
        items = [
            {"field": name, "target": name, "message": message} for name, message in errors.items()
        ]
        return jsonify(ok=False, errors=items), 422
    state = collector_state()
    root = _site_root()
    answers = {k: v for k, v in raw.items() if not k.startswith("_")}
    html = state.renderer.form_page(
        form,
        root=root,
        action=f"{request.script_root}/submit/{form.slug}",
        answers=answers,
        errors=errors,
    )
    return rendered_page(html, 422)
