"""Behind reverse proxies: the client's address, ``https`` and the path prefix they forward.

An operator who serves the collector under a path (``https://intranet.example.com/exit-survey/``)
lets nginx strip the prefix and say so in ``X-Forwarded-Prefix``; werkzeug's ``ProxyFix``
then makes every link and redirect carry it. Only the trusted proxies' values count, and a
prefix is taken only when it is a plain path on this host: a client's own header, passed
through a proxy that does not set it, must not turn a redirect into one to another site.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Any

from flask import Flask, current_app, request
from werkzeug.middleware.proxy_fix import ProxyFix

log = logging.getLogger(__name__)

#: ``/exit-survey`` or ``/hr/exit-survey``: segments of ordinary URL characters, no ``.``
#: or ``..`` step, no ``//`` (which a browser reads as another host), no ``\``.
_SEGMENT = r"/(?!\.\.?(?:/|$))[A-Za-z0-9._~!$&'()*+,;=:@%-]+"
_SAFE_PREFIX = re.compile(rf"(?:{_SEGMENT})+")


def safe_prefix(value: str) -> str | None:
    """``value`` without a trailing slash, if it is a path prefix we may use; else None."""
    value = value.rstrip("/")
    if not value:
        return ""
    return value if _SAFE_PREFIX.fullmatch(value) else None


class _CheckedPrefix:
    """Undo ``ProxyFix``'s prefix when it is not a plain path (see ``safe_prefix``)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        prefix = safe_prefix(environ.get("SCRIPT_NAME", ""))
        if prefix is None:
            original = environ.get("werkzeug.proxy_fix.orig", {}).get("SCRIPT_NAME") or ""
            environ["SCRIPT_NAME"] = safe_prefix(original) or ""
            environ["exit_survey.refused_prefix"] = True
        else:
            environ["SCRIPT_NAME"] = prefix
        return self.app(environ, start_response)


def init_app(app: Flask) -> None:
    """Trust ``COLLECTOR_TRUSTED_PROXIES`` proxies for address, scheme and path prefix.

    Not ``X-Forwarded-Host``: the proxy passes Host on (README.md), and a client's own
    ``X-Forwarded-Host`` would otherwise go through it and become the host we check origins
    against.
    """
    count = app.config["TRUSTED_PROXIES"]
    if count:
        # ProxyFix runs first, then the check of what it made of the prefix.
        checked = _CheckedPrefix(app.wsgi_app)
        app.wsgi_app = ProxyFix(checked, x_for=count, x_proto=count, x_prefix=count)  # type: ignore[method-assign]
    app.before_request(_warn_about_an_unused_prefix)


_WARNED = "exit_survey.proxy_warned"


def _warn_about_an_unused_prefix() -> None:
    """A proxy that forwards a prefix the collector does not use leaves every link and
    redirect pointing outside it (the HR area, the thank-you page): say why, once per worker."""
    if current_app.extensions.get(_WARNED) or "X-Forwarded-Prefix" not in request.headers:
        return
    if request.environ.get("exit_survey.refused_prefix"):
        current_app.extensions[_WARNED] = True
        log.warning(
            "ignored X-Forwarded-Prefix %r: give a path such as /exit-survey",
            request.headers["X-Forwarded-Prefix"][:100],
        )
    elif not request.script_root and not current_app.config["TRUSTED_PROXIES"]:
        current_app.extensions[_WARNED] = True
        log.warning(
            "a proxy forwards X-Forwarded-Prefix but COLLECTOR_TRUSTED_PROXIES is 0, so links "
            "and redirects leave out the prefix; set it to the number of proxies in front"
        )
