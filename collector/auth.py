"""Signing in to the HR area: one password, kept only as a hash, and short sessions.

* ``flask --app collector set-password`` stores a salted scrypt hash (werkzeug) in
  ``<data dir>/admin-password``, mode 0600. The password itself is never stored or logged.
* Sessions are Flask's signed cookies, limited to ``/admin``: HttpOnly, SameSite=Lax,
  Secure on HTTPS; they end after ``COLLECTOR_ADMIN_SESSION_MINUTES`` idle (default 30),
  after ``MAX_SESSION_HOURS`` in any case, on sign-out and when the password changes.
  Every HR page renews the cookie; the stylesheets, which any cache may keep, never carry it.
  Signing in replaces the whole session (no fixation). Sign-out is recorded on the server
  (``collector.revoked``), so a copy of the cookie is refused afterwards.
* A second cookie, holding only "1", outlives the session cookie by the idle time, so the
  sign-in page can say that a session ended rather than greet a first visit.
* Every POST carries a per-session CSRF token in a hidden field. It is a few lines here
  rather than Flask-WTF, which would bring WTForms along for three buttons.
* Failed sign-in attempts are rate-limited per client and overall, across all workers
  (``collector.sign_in_limits``): only keyed hashes, kept no longer than the window.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import os
import secrets
import time
from pathlib import Path

import click
from flask import Flask, Request, Response, after_this_request, current_app, request, session
from flask.sessions import SecureCookieSessionInterface, SessionMixin
from werkzeug.security import check_password_hash, generate_password_hash

from . import revoked, security, sign_in_limits
from .config import PREFIX, ConfigError
from .file_write import write_all
from .store_files import fsync_dir, hand_over

log = logging.getLogger(__name__)

PASSWORD_FILE = "admin-password"
SECRET_FILE = "secret-key"
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024
MAX_SESSION_HOURS = 8
#: Failed sign-in attempts per client per window (and overall: ``collector.sign_in_limits``).
LOGIN_LIMIT = sign_in_limits.LOGIN_LIMIT
LOGIN_WINDOW = sign_in_limits.LOGIN_WINDOW
CSRF_FIELD = "csrf_token"
#: Set on sign-in, removed on sign-out: "this browser had a session".
HAD_SESSION_COOKIE = "exit_survey_admin_had_session"


class PasswordError(click.ClickException):
    """A password that cannot be used; the message says what to do."""


class AdminSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, sent only to the HR area and Secure over HTTPS."""

    def get_cookie_path(self, app: Flask) -> str:
        return (request.script_root or "") + "/admin"

    def get_cookie_secure(self, app: Flask) -> bool:
        return request.is_secure or bool(app.config["SESSION_COOKIE_SECURE"])

    def should_set_cookie(self, app: Flask, session: SessionMixin) -> bool:
        # The HR area's stylesheets are public and cached for a day, by any cache on the
        # way: a copy a proxy keeps must not hold HR's session cookie (refreshed on every
        # request otherwise). The pages, which are never cached, keep the session going.
        if request.endpoint == "admin.static":
            return False
        return super().should_set_cookie(app, session)


# -- the password ----------------------------------------------------------------------


def password_path(app: Flask) -> Path:
    return Path(app.config["DATA_DIR"]) / PASSWORD_FILE


def password_hash(app: Flask) -> str | None:
    """The stored hash, or None while no password is set."""
    try:
        text = password_path(app).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return text or None


def _write_private(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one step, readable by the owner only."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        hand_over(fd, path.parent)  # run with sudo: the collector must still read it
        write_all(fd, text.encode("utf-8"))  # a hash cut short would match no password
        os.fsync(fd)
    except OSError:
        os.close(fd)
        temporary.unlink()  # named after this process: nothing else would remove it
        raise
    os.close(fd)
    os.replace(temporary, path)
    fsync_dir(str(path.parent))  # "Password set" must hold after a crash, as the hash does


def set_password(app: Flask, password: str) -> Path:
    """Hash and store a new password; raises ``PasswordError`` for an unusable one."""
    check_new_password(password)
    path = password_path(app)
    try:
        _write_private(path, generate_password_hash(password) + "\n")
    except OSError as exc:  # a full disk: the old password (or none) stays as it was
        raise PasswordError(
            f"cannot write {path} ({exc.strerror or exc}): the password was not changed"
        ) from None
    return path


def check_new_password(password: str) -> None:
    """``PasswordError`` for a password HR may not set (too short or long, spaces around)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordError(
            f"the password must be at least {MIN_PASSWORD_LENGTH} characters "
            f"(it has {len(password)}); a few unrelated words make a good one"
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise PasswordError(f"the password may be at most {MAX_PASSWORD_LENGTH} characters")
    if password != password.strip():
        raise PasswordError("the password may not start or end with a space")


def password_matches(app: Flask, password: str) -> bool:
    stored = password_hash(app)
    if stored is None or not password or len(password) > MAX_PASSWORD_LENGTH:
        return False
    return check_password_hash(stored, password)


def current_password_tag() -> str | None:
    """The tag of the password set now, None while none is set."""
    stored = password_hash(current_app)
    return None if stored is None else _password_tag(current_app, stored)


def _password_tag(app: Flask, stored: str) -> str:
    """Ties a session to the password it was opened with: a new password ends it."""
    key = str(app.secret_key).encode()
    return hmac.new(key, stored.encode(), hashlib.sha256).hexdigest()[:32]


# -- sessions and CSRF -----------------------------------------------------------------


def signed_in() -> bool:
    """Is this request from someone who signed in with the current password, not too long
    ago, and did not sign out since?"""
    tag = session.get("admin")
    started = session.get("since")
    session_id = session.get("sid")
    if not tag or not isinstance(started, int) or not isinstance(session_id, str):
        return False
    if time.time() - started > MAX_SESSION_HOURS * 3600:
        return False
    stored = password_hash(current_app)
    if stored is None or not hmac.compare_digest(tag, _password_tag(current_app, stored)):
        return False
    return not revoked.is_revoked(_data_dir(), session_id)


def sign_in() -> None:
    """Start a fresh session: nothing from before signing in is kept (no fixation)."""
    stored = password_hash(current_app)
    assert stored is not None
    session.clear()
    session.permanent = True
    session["admin"] = _password_tag(current_app, stored)
    session["since"] = int(time.time())
    session["sid"] = secrets.token_urlsafe(24)
    session[CSRF_FIELD] = secrets.token_urlsafe(32)
    after_this_request(_remember_session)


def sign_out() -> None:
    """End the session here and for every copy of its cookie, in every worker."""
    session_id = session.get("sid")
    started = session.get("since")
    if isinstance(session_id, str):
        start = started if isinstance(started, int) else time.time()
        revoked.revoke(_data_dir(), session_id, until=start + MAX_SESSION_HOURS * 3600)
    session.clear()
    after_this_request(_forget_session)


def session_ended() -> bool:
    """Did this browser's session end by itself (idle, too old, a new password) since it
    signed in? True once: the answer is forgotten with this response.

    The browser drops an idle session's cookie, so the session cannot tell; the cookie
    set on sign-in lives on until the longest session would have ended plus the idle time.
    """
    if request.cookies.get(HAD_SESSION_COOKIE) != "1" or signed_in():
        return False
    after_this_request(_forget_session)
    return True


def _remember_session(response: Response) -> Response:
    idle = current_app.permanent_session_lifetime.total_seconds()
    response.set_cookie(
        HAD_SESSION_COOKIE,
        "1",
        max_age=int(MAX_SESSION_HOURS * 3600 + idle),
        **_cookie_options(),
    )
    tag = current_password_tag()
    if tag is not None:
        sign_in_limits.remember_device(response, tag, _cookie_options())
    return response


def _forget_session(response: Response) -> Response:
    response.delete_cookie(HAD_SESSION_COOKIE, **_cookie_options())
    return response


def _cookie_options() -> dict[str, str | bool]:
    """The session cookie's path and flags, for the cookie beside it."""
    interface = current_app.session_interface
    assert isinstance(interface, AdminSessionInterface)
    return {
        "path": interface.get_cookie_path(current_app),
        "secure": interface.get_cookie_secure(current_app),
        "httponly": True,
        "samesite": "Lax",
    }


def _data_dir() -> Path:
    return Path(current_app.config["DATA_DIR"])


def csrf_token() -> str:
    """This session's CSRF token, made on first use."""
    token = session.get(CSRF_FIELD)
    if not isinstance(token, str) or not token:
        token = session[CSRF_FIELD] = secrets.token_urlsafe(32)
        session.permanent = True
    return token


def post_allowed(req: Request) -> bool:
    """A POST is ours when it carries the session's token and no foreign origin."""
    if not security.origin_allowed(req, ()):
        return False
    expected = session.get(CSRF_FIELD)
    given = req.form.get(CSRF_FIELD, "")
    if not isinstance(expected, str) or not expected:
        return False
    return hmac.compare_digest(expected.encode(), given.encode())


# -- setup -----------------------------------------------------------------------------


def load_or_create_secret(path: Path) -> str:
    """A signing key shared by every worker process and kept across restarts."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):  # another worker may be writing it right now
            text = path.read_text(encoding="utf-8").strip()
            if text:
                return text
            time.sleep(0.01)
        raise ConfigError(
            f"{PREFIX}DATA_DIR: {path} is empty: delete it and start again "
            f"(or set {PREFIX}SECRET_KEY)"
        ) from None
    secret = secrets.token_hex(32)
    try:
        hand_over(fd, path.parent)
        write_all(fd, secret.encode() + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)
    return secret


def load_secret_key(app: Flask) -> None:
    """Without ``COLLECTOR_SECRET_KEY``, the key kept in the data folder.

    A random key per process would make each worker reject the others' sessions and
    count rate limits apart. Called by ``create_app`` before anything uses the key.
    """
    if os.environ.get(PREFIX + "SECRET_KEY") or app.testing:
        return
    if app.config.get("DATA_READ_ONLY"):
        # A command on a data folder it may not write (a snapshot) signs no session and
        # counts no posts: a key of its own, rather than one it might have to create.
        app.config["SECRET_KEY"] = secrets.token_hex(32)
        return
    path = Path(app.config["DATA_DIR"]) / SECRET_FILE
    try:
        app.config["SECRET_KEY"] = load_or_create_secret(path)
    except OSError as exc:
        raise ConfigError(
            f"{PREFIX}DATA_DIR: cannot read or create {path} ({exc.strerror}); "
            f"make the data folder writable for the collector's user or set {PREFIX}SECRET_KEY"
        ) from None


def init_app(app: Flask) -> None:
    """Session cookie settings and the sign-in limit (the key: ``load_secret_key``)."""
    app.session_interface = AdminSessionInterface()
    app.config.update(
        SESSION_COOKIE_NAME="exit_survey_admin",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=dt.timedelta(minutes=app.config["ADMIN_SESSION_MINUTES"]),
        SESSION_REFRESH_EACH_REQUEST=True,
    )
    sign_in_limits.init_app(app)
