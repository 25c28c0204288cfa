"""Answering only to the collector's own host names (``COLLECTOR_ALLOWED_HOSTS``).

A DNS rebinding page (``attacker.example`` made to resolve to the intranet collector) is
the same origin as the collector to the browser, so the origin check lets its posts
through: fake answers, or HR password guesses spread over every visiting employee's
address. Its requests still carry the attacker's name in ``Host``. Flask (3.1+) checks
``Host`` against ``TRUSTED_HOSTS`` (``COLLECTOR_ALLOWED_HOSTS``), but only records the
failure and raises it after every ``before_request`` function has run; this one, the
first to run, answers at once instead, so that nothing of a refused request reaches the
store, the rate limits or the scheduled upkeep.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, current_app, request
from werkzeug.exceptions import SecurityError

log = logging.getLogger(__name__)

_WARNED = "exit_survey.host_warned"


def init_app(app: Flask) -> None:
    """Refuse requests for other hosts; call before anything else registers a hook."""
    # None, not an empty list, where any host will do: Flask then leaves Host alone.
    app.config["TRUSTED_HOSTS"] = list(app.config["ALLOWED_HOSTS"]) or None
    app.before_request(_refuse_other_hosts)


def _refuse_other_hosts() -> Response | None:
    if not isinstance(request.routing_exception, SecurityError):
        return None
    # request.host (and url, host_url) would raise again: only the raw header is read.
    host = request.headers.get("Host", "")[:100]
    if not current_app.extensions.get(_WARNED):
        # Once per worker: a host name is no one's data, but a log line per request would
        # be a flood (and a time) for every rebinding attempt. It tells an operator why a
        # load balancer's health check or a new name gets 400.
        current_app.extensions[_WARNED] = True
        log.warning(
            "refused a request for the host %r: COLLECTOR_ALLOWED_HOSTS (by default the "
            "host of COLLECTOR_PUBLIC_URL) does not list it; add it if it is this "
            "collector's (see README.md)",
            host,
        )
    return Response(
        "Bad Request: this server does not answer to that host name.\n",
        400,
        mimetype="text/plain",
    )
