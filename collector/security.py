"""Protection without third parties: headers, an origin check, a rate limit, quiet logs.

Nothing here writes to disk. The rate limit keys clients by a keyed hash of their address
that lives only in this process's memory, so no address is ever stored or logged.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
import threading
import time
from collections import deque

from flask import Flask, Request, Response, current_app, request

from .csp import origin_of


def content_security_policy(app: Flask) -> str:
    """A CSP without 'unsafe-inline': only the theme's own inline style and script may run
    (by hash), so the pages from output/ and the error pages rendered here work under it."""
    renderer = app.extensions["exit_survey"].renderer
    return renderer.content_security_policy([origin_of(app.config.get("SITE_URL") or "")])


def add_security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", current_app.config["CSP"])
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "no-referrer")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault(
        "Permissions-Policy", "interest-cohort=(), geolocation=(), camera=(), microphone=()"
    )
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def own_origin(req: Request) -> str:
    return f"{req.scheme}://{req.host}"


def origin_allowed(req: Request, allowed: tuple[str, ...]) -> bool:
    """Is this POST from our own pages, or from a site we were told hosts them?

    Browsers send ``Origin: null`` for a plain form post from a page with
    ``Referrer-Policy: no-referrer`` (ours), so the Fetch Metadata header decides then.
    Clients that send neither (scripts, old browsers) are let through: the honeypot and the
    rate limit still apply to them.
    """
    origin = req.headers.get("Origin")
    if origin and origin != "null":
        return origin == own_origin(req) or origin in allowed
    site = req.headers.get("Sec-Fetch-Site")
    if site in (None, "same-origin", "none"):
        return True
    return bool(allowed)


class RateLimiter:
    """At most ``limit`` submissions per client per ``window`` seconds, in memory only."""

    def __init__(self, limit: int, window: int) -> None:
        self.limit = limit
        self.window = window
        self._key = secrets.token_bytes(32)  # new per process: hashes cannot be linked later
        self._hits: dict[bytes, deque[float]] = {}
        self._lock = threading.Lock()
        self._last_sweep = time.monotonic()

    def allow(self, client: str) -> bool:
        """Count one submission for ``client``; False when it is over the limit."""
        digest = hmac.new(self._key, client.encode(), hashlib.sha256).digest()[:16]
        now = time.monotonic()
        with self._lock:
            if now - self._last_sweep > self.window:
                self._sweep(now)
            hits = self._hits.setdefault(digest, deque())
            while hits and now - hits[0] > self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            return True

    def _sweep(self, now: float) -> None:
        self._hits = {k: v for k, v in self._hits.items() if v and now - v[-1] <= self.window}
        self._last_sweep = now


class _AnonymousRequestLog(logging.Filter):
    """Strip the client address and the time from the development server's request lines.

    Werkzeug logs ``'<address> - - [<time>] "POST /submit/x HTTP/1.1" 303 -'``; a leaver's
    address or the minute they answered must not end up in a log.
    """

    _PREFIX = re.compile(r"^\S+ - - \[[^\]]*\] ")

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = self._PREFIX.sub("", record.msg)
        return True


def init_app(app: Flask) -> None:
    app.config["CSP"] = content_security_policy(app)
    app.after_request(add_security_headers)
    werkzeug_log = logging.getLogger("werkzeug")
    if not any(isinstance(f, _AnonymousRequestLog) for f in werkzeug_log.filters):
        werkzeug_log.addFilter(_AnonymousRequestLog())
