"""Signing in to and out of the HR area (the views; the password and sessions: ``auth``).

A page asked for while signed out opens after signing in; a file asked for while signed
out is offered on the start page instead (see ``admin._download_again``). Only failed
sign-ins count toward the limit on attempts.
"""

from __future__ import annotations

import logging
import math
import time

from flask import Response, current_app, redirect, request, session, url_for

from . import auth, log_counts, security, sign_in_limits
from .admin import DOWNLOAD_AGAIN, bp, hr_page, is_download, no_password_page, render
from .admin_text import admin_text
from .security import client_address

log = logging.getLogger(__name__)


def _go_to(page: str | None) -> Response:
    """After signing in: the page asked for, else the start page."""
    return redirect(request.script_root + page if page else url_for("admin.index"), 303)


@bp.before_request
def _check_post() -> Response | None:
    if request.method != "POST" or auth.post_allowed(request):
        return None
    ours = _from_our_page()
    if request.endpoint == "admin.logout" and (ours or not auth.signed_in()):
        # The session ended meanwhile (its token with it), or the token is an older
        # session's (signed in again in another tab): "Sign out" must always sign out.
        return logout()
    if request.endpoint == "admin.login" and ours:
        # A sign-in page left open in another tab, or from before signing out: signed
        # in already, go on; else the form again, with a token that works.
        after = hr_page(request.form.get("next"))
        if auth.signed_in():
            return _go_to(after)
        return _login_page(403, after=after, error=admin_text()["out_of_date"])
    if not security.explain_refused_origin(log, "an HR area post"):
        # Counted, not one line each: anyone can send these by the thousand.
        log_counts.at_next_mark(
            log, logging.WARNING, "admin: refused a POST without a valid CSRF token"
        )
    return render("message.html", 403, title=admin_text()["expired"], expired=True)


def _from_our_page() -> bool:
    """Does the browser say this POST comes from a page of ours? (Not only "not foreign":
    a client that sends neither header is not vouched for.)"""
    origin = request.headers.get("Origin")
    vouched = request.headers.get("Sec-Fetch-Site") == "same-origin" or (
        origin is not None and origin != "null"
    )
    return vouched and security.origin_allowed(request, ())


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response:
    if auth.password_hash(current_app) is None:
        return no_password_page()
    if request.method == "POST":
        return _sign_in(hr_page(request.form.get("next")))
    after = hr_page(request.args.get("next"))
    if auth.signed_in():
        return _go_to(after)
    if auth.session_ended():
        notice = "ended"
    else:
        notice = "signed-out" if "signed_out" in request.args else ""
    return _login_page(after=after, notice=notice)


def _login_page(
    status: int = 200,
    *,
    after: str | None,
    notice: str = "",
    error: str = "",
    locked: bool = False,
) -> Response:
    """The sign-in form, carrying ``after`` (the HR page to open once signed in)."""
    return render(
        "login.html",
        status,
        error=error,
        notice=notice,
        locked=locked,
        next=after or "",
        idle_minutes=current_app.config["ADMIN_SESSION_MINUTES"],
        max_hours=auth.MAX_SESSION_HOURS,
    )


def _sign_in(after: str | None) -> Response:
    """Check the password; only a wrong one counts toward the limit on attempts.

    The attempt is counted before the check and taken back when the password was right:
    checking the limit first and counting after a failure would let guesses sent at the
    same moment (to other workers) all pass the check. Once the limit is reached even the
    right password waits, or a guesser could go on guessing until a guess got in. A
    browser that signed in lately is not held to the overall limit (a lock-out for all),
    and has a count of its own rather than its address's (``sign_in_limits.counted_as``).
    """
    limits = sign_in_limits.limits(current_app)
    now = time.time()
    client, known = sign_in_limits.counted_as(
        current_app, auth.current_password_tag(), client_address()
    )
    wait = limits.attempt(client, now, known)
    if wait:
        return _too_many_attempts(wait, after)
    password = request.form.get("password", "")
    if not password:
        limits.undo(client, now, known)  # no guess at all
        return _login_page(422, after=after, error=admin_text()["enter_password"])
    if not auth.password_matches(current_app, password):
        log.warning("admin: a sign-in failed")
        return _login_page(422, after=after, error=admin_text()["wrong_password"])
    limits.undo(client, now, known)
    auth.sign_in()
    log.info("admin: signed in")
    if after and is_download(after):
        # A download asked for while signed out: the browser would save the file and leave
        # this sign-in page on screen. The start page offers it again instead.
        session[DOWNLOAD_AGAIN] = after
        after = None
    return _go_to(after)


def _too_many_attempts(seconds: int, after: str | None) -> Response:
    """429 with the time left: in whole minutes on the page, rounded up, and Retry-After."""
    seconds = max(1, seconds)
    minutes = math.ceil(seconds / 60)
    t = admin_text()
    wait = t["minute"] if minutes == 1 else t["minutes"].format(n=minutes)
    error = t["too_many"].format(wait=wait)
    response = _login_page(429, after=after, error=error, locked=True)
    response.headers["Retry-After"] = str(seconds)
    return response


@bp.post("/logout")
def logout() -> Response:
    auth.sign_out()
    # A page to reload or come back to, not the answer to a POST (post/redirect/get).
    return redirect(url_for("admin.login", signed_out=1), 303)
