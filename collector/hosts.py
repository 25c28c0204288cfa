"""Answering only to the collector's own host names (``COLLECTOR_ALLOWED_HOSTS``).

A DNS rebinding page (``attacker.example`` made to resolve to the intranet collector) is
the same origin as the collector to the browser, so the origin check lets its posts
through: fake answers, or HR password guesses spread over every visiting employee's
address. Its requests still carry the attacker's name in ``Host``. This check, wrapped
around the app before anything else, answers such a request at once, so that nothing of
it reaches the store, the rate limits or the scheduled upkeep.

It is ours, not Flask's ``TRUSTED_HOSTS``: werkzeug compares the name as sent (a client
that writes ``Host: Survey.Example.com`` was refused, though host names are
case-insensitive, RFC 3986 3.2.2) and cannot match an IPv6 address (``[::1]``).
"""

from __future__ import annotations

import ipaddress
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from flask import Flask

log = logging.getLogger(__name__)

#: ``Host``: a name or IPv4 address, or an IPv6 address in brackets; an optional port.
_HOST_HEADER = re.compile(r"(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::[0-9]{1,5})?")


def ipv6_literal(text: str) -> str | None:
    """``[2001:DB8:0::5]`` as ``[2001:db8::5]`` (one spelling per address); None if
    ``text`` is not an IPv6 address in brackets."""
    if not (text.startswith("[") and text.endswith("]")):
        return None
    try:
        address = ipaddress.IPv6Address(text[1:-1])
    except ValueError:
        return None
    return f"[{address.compressed}]" if address.scope_id is None else None


def host_name(host: str) -> str | None:
    """The name part of a ``Host`` value, lower case, without its port; None if malformed."""
    match = _HOST_HEADER.fullmatch(host.strip().lower())
    if match is None:
        return None
    name = match.group(1)
    return ipv6_literal(name) if name.startswith("[") else name


def host_allowed(name: str, allowed: Iterable[str]) -> bool:
    """Whether ``name`` (from :func:`host_name`) is listed; '.example.com' takes subdomains."""
    for ref in allowed:
        if ref.startswith("."):
            if name == ref[1:] or name.endswith(ref):
                return True
        elif name == ref:
            return True
    return False


class _HostCheck:
    """WSGI middleware: a 400 for a request whose ``Host`` is not listed, in the browser's
    language (collector/host_refusal.py)."""

    def __init__(
        self,
        app: Flask,
        allowed: Sequence[str],
        refusal: Callable[[Flask, dict[str, Any]], tuple[list[tuple[str, str]], bytes]],
    ) -> None:
        self.app = app
        self.refusal = refusal
        self.wsgi_app: Callable[..., Any] = app.wsgi_app
        self.allowed = tuple(allowed)
        self.warned = False

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        raw = environ.get("HTTP_HOST")
        if raw is None:  # HTTP/1.0 without Host: the address the server listens on
            raw = environ.get("SERVER_NAME", "")
            raw = f"[{raw}]" if ":" in raw and not raw.startswith("[") else raw
        name = host_name(raw)
        if name is not None and host_allowed(name, self.allowed):
            if "HTTP_HOST" in environ:
                # One spelling from here on: the origin check compares it with the
                # browser's Origin, which is always lower case.
                environ["HTTP_HOST"] = raw.strip().lower()
            return self.wsgi_app(environ, start_response)
        self._warn(raw)
        headers, body = self.refusal(self.app, environ)
        start_response(
            "400 Bad Request",
            [*headers, ("Content-Length", str(len(body))), ("Cache-Control", "no-store")],
        )
        # No body for HEAD (RFC 9110, 9.3.2): gunicorn drops it, with a warning in the log
        # for every such request, the flood the single warning above avoids.
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [body]

    def _warn(self, host: str) -> None:
        if self.warned:
            return
        # Once per worker: a host name is no one's data, but a log line per request would
        # be a flood (and a time) for every rebinding attempt. It tells an operator why a
        # load balancer's health check or a new name gets 400.
        self.warned = True
        log.warning(
            "refused a request for the host %r: COLLECTOR_ALLOWED_HOSTS (by default the "
            "host of COLLECTOR_PUBLIC_URL) does not list it; add it if it is this "
            "collector's (see README.md)",
            host[:100],
        )


def init_app(
    app: Flask, refusal: Callable[[Flask, dict[str, Any]], tuple[list[tuple[str, str]], bytes]]
) -> None:
    """Refuse requests for other hosts with ``refusal``'s answer (host_refusal.refusal,
    passed in: its words are the error pages', which need the whole app, and config.py
    imports this module for ipv6_literal); call before any other middleware wraps the app."""
    allowed = tuple(app.config["ALLOWED_HOSTS"])
    if allowed:  # empty: any host will do
        app.wsgi_app = _HostCheck(app, allowed, refusal)  # type: ignore[method-assign]
