"""Protection without third parties: headers, an origin check, quiet logs.

The rate limit, shared by every worker, is in ``collector.rate_limit`` (and importable from
here as before). No client address is ever stored or logged.
"""

from __future__ import annotations

import ipaddress
import logging
import re

from flask import Flask, Request, Response, current_app, request

from . import log_counts
from .csp import policy
from .page_policy import header_origins
from .rate_limit import RateLimiter

__all__ = ["RateLimiter", "init_app", "origin_allowed"]


def content_security_policy(app: Flask) -> str:
    """The header for what carries no policy of its own: no inline style or script at all.

    A page with the theme's inline blocks (a built page, the form with error messages,
    the not-sent page) is sent with the policy of its own blocks (``page_policy``): the
    theme can change at a rebuild while the collector runs, so no policy made at start-up
    could allow them."""
    return policy(origins=header_origins(app))


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
    # What sets no policy of its own (/health, error pages, redirects) is kept by no cache:
    # a proxy that kept a 404 from before HR's first build, or an "ok" from before the disk
    # filled, would go on answering it. The built pages say no-cache themselves.
    headers.setdefault("Cache-Control", "no-store")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def own_origin(req: Request) -> str:
    return f"{req.scheme}://{req.host}"


def origin_allowed(req: Request, allowed: tuple[str, ...]) -> bool:
    """Is this POST from our own pages, or from a site we were told hosts them?

    Browsers send ``Origin: null`` for a plain form post from a page with
    ``Referrer-Policy: no-referrer`` (ours, where the form posts to its own site), so the
    Fetch Metadata header decides then: our own site's pages are "same-origin". From
    another site, "null" is also what a sandboxed frame or a page opened from a file sends,
    so it could be any site's form: accepted only when ``COLLECTOR_ALLOWED_ORIGINS`` lists
    ``null`` itself. (Pages built with ``--collector-url`` send their origin instead.)
    Clients that send neither (scripts, old browsers) are let through: the honeypot and the
    rate limit still apply to them.
    """
    origin = req.headers.get("Origin")
    if origin and origin != "null":
        return origin == own_origin(req) or origin in allowed
    site = req.headers.get("Sec-Fetch-Site")
    if site in (None, "same-origin", "none"):
        return True
    return "null" in allowed


def explain_refused_origin(log: logging.Logger, what: str) -> bool:
    """Log why a POST with a foreign ``Origin`` was refused; True if that was the cause.

    An operator behind a proxy that rewrites Host sees every post refused (leavers' and
    HR's sign-in alike): say why. The origin is a site's address, never a person's. Said
    at the next ten-minute mark with a count (``log_counts``), not once per post: anyone
    can send such posts by the thousand, and a line's time would be a leaver's post's.
    """
    origin = request.headers.get("Origin", "")[:100]
    if not origin or origin == "null" or origin == own_origin(request):
        return False
    log_counts.at_next_mark(
        log,
        logging.WARNING,
        "refused %s from a page on another site (the first from %r): this collector is "
        "%r and COLLECTOR_ALLOWED_ORIGINS does not list it (behind a reverse proxy, pass "
        "the Host header on: see README.md)",
        what,
        origin,
        own_origin(request),
    )
    return True


def explain_null_origin(log: logging.Logger) -> None:
    """Log why a form post from another site without its origin (``null``) was refused, at
    the next ten-minute mark with a count, as :func:`explain_refused_origin` does: such
    posts come from leavers' old pages (a line's time would be the minute one of them
    tried to answer) or from a flood."""
    log_counts.at_next_mark(
        log,
        logging.WARNING,
        "refused a post from another site that did not say which (Origin: null): a "
        "sandboxed frame, a page opened from a file, or pages hosted elsewhere that were "
        "built before the collector refused these (build them again with python build.py "
        "--collector-url ...); list 'null' in COLLECTOR_ALLOWED_ORIGINS only to accept "
        "such posts from anywhere (see README.md)",
    )


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


def client_address() -> str:
    """Who a rate limit counts: the address, or for IPv6 its /64, which one home or phone
    gets whole (rotating through it must not reset the count). Never stored as such."""
    address = request.remote_addr or "unknown"
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:  # '::ffff:192.0.2.9' is an IPv4 client
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)
