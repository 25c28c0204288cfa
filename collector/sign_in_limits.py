"""How many passwords may be tried at /admin: per client, and from everywhere together.

* Per client (address, or an IPv6 /64): ``auth.LOGIN_LIMIT`` failed attempts per window.
* From everywhere together: ``OVERALL_LIMIT`` failed attempts per window. Without it a
  guesser with many addresses (a botnet, or one IPv6 /48 with 65,536 /64s) could try
  passwords as fast as the workers can hash them, and keep every worker busy with scrypt
  while leavers wait.
* The overall limit would let anyone lock HR out by failing on purpose, so a browser that
  signed in with the current password within ``DEVICE_DAYS`` is not held to it (OWASP's
  "device cookie"): it carries a signed cookie that only a sign-in can produce, that ends
  when the password changes, and that still counts toward its own address's limit.
* When the limits cannot be read or written (a full disk), sign-in waits: guessing must
  not become unlimited because the data folder is in trouble.

Like every rate limit here, only keyed hashes of addresses are kept, for the window only.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, Response, current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from .rate_limit import LIMITS_FOLDER, RateLimiter

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

    def __init__(self, per_client: RateLimiter, overall: RateLimiter) -> None:
        self.per_client = per_client
        self.overall = overall

    def attempt(self, client: str, now: float, known: bool) -> int:
        """Count one attempt; 0 when it may go ahead, else the seconds to wait."""
        if not self.per_client.allow(client, now):
            return max(1, self.per_client.wait(client, now))
        if known or self.overall.allow(EVERYONE, now):
            return 0
        self.per_client.undo(client, now)  # refused before any password was checked
        return max(1, self.overall.wait(EVERYONE, now))

    def undo(self, client: str, now: float, known: bool) -> None:
        """Take the attempt back (the password was right, or none was given)."""
        self.per_client.undo(client, now)
        if not known:
            self.overall.undo(EVERYONE, now)


def limits(app: Flask) -> SignInLimits:
    return SignInLimits(app.extensions[PER_CLIENT_KEY], app.extensions[OVERALL_KEY])


def init_app(app: Flask) -> None:
    folder = Path(app.config["DATA_DIR"]) / LIMITS_FOLDER
    for key, limit, name in (
        (PER_CLIENT_KEY, LOGIN_LIMIT, "sign-in"),
        (OVERALL_KEY, OVERALL_LIMIT, "sign-in-overall"),
    ):
        limiter = RateLimiter(
            limit, LOGIN_WINDOW, folder=folder / name, secret=app.secret_key, fail_open=False
        )
        limiter.sweep()
        app.extensions[key] = limiter
