"""How many passwords may be tried at /admin: per client, and from everywhere together.

* Per client (address, or an IPv6 /64): ``auth.LOGIN_LIMIT`` failed attempts per window.
* From everywhere together: ``OVERALL_LIMIT`` failed attempts per window. Without it a
  guesser with many addresses (a botnet, or one IPv6 /48 with 65,536 /64s) could try
  passwords as fast as the workers can hash them, and keep every worker busy with scrypt
  while leavers wait.
* The overall limit would let anyone lock HR out by failing on purpose, so a browser that
  signed in with the current password within ``DEVICE_DAYS`` is not held to it (OWASP's
  "device cookie"): it carries a signed cookie that only a sign-in can produce and that
  ends when the password changes. Its attempts are counted per cookie instead of per
  address: colleagues share the office's address, and one of them failing five times
  on purpose every quarter of an hour must not keep HR out.
* When the limits cannot be read or written (a full disk), sign-in waits: guessing must
  not become unlimited because the data folder is in trouble.

Like every rate limit here, only keyed hashes of addresses are kept, for the window only.
"""

from __future__ import annotations

import hashlib
import logging
import math
from pathlib import Path

from flask import Flask, Response, current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from .rate_limit import LIMITS_FOLDER, RateLimiter

log = logging.getLogger(__name__)

#: Failed sign-ins per client per window, and from everywhere together.
LOGIN_LIMIT = 5
OVERALL_LIMIT = 50
LOGIN_WINDOW = 15 * 60
#: What the overall limit counts all clients as.
EVERYONE = "everyone"
#: A browser that signed in keeps past the overall limit this long.
DEVICE_COOKIE = "exit_survey_admin_device"
DEVICE_DAYS = 30
PER_CLIENT_KEY = "exit_survey_login_limiter"
OVERALL_KEY = "exit_survey_login_overall_limiter"
NOTES_KEY = "exit_survey_login_notes"


def _serializer(app: Flask) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(str(app.secret_key), salt="exit-survey admin device")


def known_device(app: Flask, password_tag: str) -> bool:
    """Did this browser sign in with the current password in the last ``DEVICE_DAYS``?"""
    value = request.cookies.get(DEVICE_COOKIE)
    if not value:
        return False
    try:
        tag = _serializer(app).loads(value, max_age=DEVICE_DAYS * 86400)
    except BadSignature:  # also SignatureExpired
        return False
    return isinstance(tag, str) and tag == password_tag


def counted_as(app: Flask, password_tag: str | None, address: str) -> tuple[str, bool]:
    """Whom an attempt counts for, and whether the browser is known (``known_device``):
    a known browser has its own count, so that others at its address cannot use it up."""
    if password_tag is None or not known_device(app, password_tag):
        return address, False
    cookie = request.cookies[DEVICE_COOKIE]  # only ever issued on a sign-in
    return "device " + hashlib.sha256(cookie.encode()).hexdigest(), True


def remember_device(response: Response, password_tag: str, options: dict[str, str | bool]) -> None:
    """Mark this browser as one that knew the password (on a successful sign-in)."""
    response.set_cookie(
        DEVICE_COOKIE,
        _serializer(current_app).dumps(password_tag),
        max_age=DEVICE_DAYS * 86400,
        **options,
    )


class SignInLimits:
    """The per-client and the overall limit on failed sign-ins, counted together."""

    def __init__(
        self, per_client: RateLimiter, overall: RateLimiter, notes: dict[str, float] | None = None
    ) -> None:
        self.per_client = per_client
        self.overall = overall
        #: Until when this worker has said that the overall limit is reached.
        self.notes = {} if notes is None else notes

    def attempt(self, client: str, now: float, known: bool) -> int:
        """Count one attempt; 0 when it may go ahead, else the seconds to wait."""
        if not self.per_client.allow(client, now):
            return max(1, self.per_client.wait(client, now))
        if known or self.overall.allow(EVERYONE, now):
            return 0
        self.per_client.undo(client, now)  # refused before any password was checked
        wait = max(1, self.overall.wait(EVERYONE, now))
        self._say_overall_reached(now, wait)
        return wait

    def _say_overall_reached(self, now: float, wait: int) -> None:
        """Tell the operator, once per worker while it lasts: HR on a new browser is
        refused too, and the log otherwise shows only the failures that led up to it."""
        if self.notes.get("until", 0) > now:
            return
        self.notes["until"] = now + wait
        log.warning(
            "admin: %d wrong passwords within %d minutes from all addresses together: "
            "someone may be guessing the HR password. For the next %d minutes only "
            "browsers that signed in before can sign in; the flask --app collector "
            "commands work as ever",
            self.overall.limit,
            self.overall.window // 60,
            math.ceil(wait / 60),
        )

    def undo(self, client: str, now: float, known: bool) -> None:
        """Take the attempt back (the password was right, or none was given)."""
        self.per_client.undo(client, now)
        if not known:
            self.overall.undo(EVERYONE, now)


def limits(app: Flask) -> SignInLimits:
    notes = app.extensions.setdefault(NOTES_KEY, {})
    return SignInLimits(app.extensions[PER_CLIENT_KEY], app.extensions[OVERALL_KEY], notes)


def init_app(app: Flask) -> None:
    folder = Path(app.config["DATA_DIR"]) / LIMITS_FOLDER
    # A command on a data folder it may not write signs nobody in: counts in memory, and
    # no sweep of the folder's files (which would fail, and say so as an error).
    read_only = bool(app.config.get("DATA_READ_ONLY"))
    for key, limit, name in (
        (PER_CLIENT_KEY, LOGIN_LIMIT, "sign-in"),
        (OVERALL_KEY, OVERALL_LIMIT, "sign-in-overall"),
    ):
        limiter = RateLimiter(
            limit,
            LOGIN_WINDOW,
            folder=None if read_only else folder / name,
            secret=app.secret_key,
            fail_open=False,
        )
        limiter.sweep()
        app.extensions[key] = limiter
