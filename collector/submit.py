"""Receiving answers: validate against the compiled form, store once, answer the browser.

The view and the order of its steps. The steps themselves live beside it, data flowing
one way: collector/posted_answers.py reads the post and validates it,
collector/submission_record.py gives the date and id stored with it, and
collector/submit_replies.py makes what the browser is answered with.
"""

from __future__ import annotations

import errno
import logging
import time
from typing import Any, NoReturn

from flask import Blueprint, Response, abort, current_app, redirect, request
from werkzeug.exceptions import (
    Gone,
    HTTPException,
    NotFound,
    ServiceUnavailable,
    TooManyRequests,
)

from . import sweeper
from .error_pages import questionnaire_error_page
from .posted_answers import read_post, validated
from .security import client_address, explain_null_origin, explain_refused_origin
from .state import collector_state
from .store import StoreError
from .submission_record import coarse_date, sender, submission_id
from .submit_replies import (
    let_listed_sites_read_the_answer,
    not_sent,
    sent_back,
    site_root,
    success,
)

bp = Blueprint("submit", __name__)
bp.after_request(let_listed_sites_read_the_answer)
bp.register_error_handler(HTTPException, not_sent)
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

#: The ``Retry-After`` of a 503 (seconds). The collector cannot know when the data folder
#: is back (the operator's maintenance, a disk to check), so a modest guess, as is usual:
#: a client that retries by itself (urllib3's Retry does for 503) waits a minute between
#: tries instead of its own back-off, and each try costs nothing (a 503 counts nothing).
UNAVAILABLE_RETRY_AFTER = 60

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


@bp.post("/submit/<slug>")
def submit(slug: str) -> Response | tuple[Response, int]:
    """Store the answers posted to questionnaire ``slug`` once, or say why not."""
    state = collector_state()
    form = state.forms.current(slug)
    if form is None or form.closed:
        # A questionnaire HR closed ('closed: yes') or no longer builds: its leavers are
        # told it is closed, in its language, not that their connection failed. A page
        # from before it closed (a static host's old copy, a tab left open) ends here.
        abort(410 if state.forms.latest(slug) is not None else 404)
    if not state.origin_allowed(request):
        if request.headers.get("Origin") == "null":
            explain_null_origin(log)
        else:
            explain_refused_origin(log, "a post")
        abort(403)
    _warn_once_about_an_untrusted_proxy()
    if _data_folder_lost():
        _unavailable()  # before the rate limit: nothing counted, nothing written in limits/
    address, arrived = client_address(), time.time()
    if not state.limiter.allow(address, arrived):
        # When this connection may post again, as the sign-in's 429 says: read from the
        # same keyed hashes, nothing counted, kept or logged for it.
        raise TooManyRequests(retry_after=max(1, state.limiter.wait(address, arrived)))
    raw = read_post(form)  # 415, 413 or 400 when it is not a whole form post
    if any(v.strip() for v in raw.get("_trap", [])):
        # A bot filled the field people never see: look successful, keep nothing.
        return success(form)
    used, result = validated(state.forms, slug, form, raw)
    if not result.ok:
        # Answers to correct are not a flood: a leaver may need several rounds, and behind
        # one office address every leaver shares the budget. Answers taken count, and so
        # does whatever is refused as a whole.
        state.limiter.undo(address, arrived)
        return sent_back(used, raw, result.errors)
    date, month = coarse_date(current_app.config["DATE_PRECISION"])
    record = {
        "form": used.slug,
        "version": used.version,
        "language": used.language,
        "date": date,
        "answers": result.answers,
    }
    key = submission_id(raw, state.repeats, sender(address, request.headers), record)
    try:
        # Its form version first: an answer whose version is not kept could not be read
        # right once HR rebuilds again (a full disk after a rebuild refuses it here).
        state.forms.archive(used)
        state.store.add(slug, record, submission_id=key, month=month)
    except StoreError as exc:
        # Not stored: sending again must store it, and must not count as a second try.
        state.limiter.undo(address, arrived)
        cause = exc.__cause__
        if _data_folder_lost():  # moved away in the middle of this post
            _unavailable()
        if isinstance(cause, OSError) and _read_only(cause):
            _unavailable()  # as for a folder gone: the answers are kept in the page, none stored
        if not isinstance(cause, OSError) or cause.errno not in _DISK_TROUBLE:
            raise
        _disk_trouble(cause)
        abort(500)
    # Nothing is logged, at any level, stored or a retry: each line's time would be the
    # exact time of an answer, and the lines' order the order of the current month's file.
    return success(form)


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
    form = forms.current(slug)
    if form is None or form.closed:
        # Nothing was sent: a closed questionnaire's page as at its own address (it has
        # closed, whom to ask), not the not-sent page's "your answers were not sent".
        closed = forms.latest(slug)
        return questionnaire_error_page(Gone() if closed else NotFound(), closed)
    return redirect(f"{site_root()}{slug}/index.html", 303)


def _unavailable() -> NoReturn:
    """Refuse the post for now (503): the data folder is away or cannot be written."""
    raise ServiceUnavailable(retry_after=UNAVAILABLE_RETRY_AFTER)


def _data_folder_lost() -> bool:
    """True (and said in the log at the next mark) while the data folder is not the one
    this process opened: moved, deleted, replaced or its disk unmounted. Storing by its
    path would put the answer in a new folder no backup knows (collector/data_folder.py)."""
    state = collector_state()
    if state.data_folder_problem() is None:
        return False
    state.data_folder.refused()
    return True


def _read_only(cause: OSError) -> bool:
    """True (and said in the log at the next mark) when the data folder as a whole cannot
    be written: a disk gone read-only, permissions taken away. A leaver's post then gets
    the same not-sent answer as while the folder is gone, not a server error."""
    folder = collector_state().data_folder
    return folder is not None and folder.write_failed(cause)


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
