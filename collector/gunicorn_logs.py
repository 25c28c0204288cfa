"""gunicorn's own log lines, without the client's address, user agent or time.

The collector strips them from the development server's request lines
(``security._AnonymousRequestLog``); these are gunicorn's:

* The access log, when an operator turns it on (``--access-logfile``): gunicorn's format
  gives every leaver's address, the second of their post, the page they came from and
  their browser. Only the method, path, status and size are kept, whatever
  ``--access-logformat`` says: the path of a post names no one, and the order of the
  lines is what a log without times (nginx's advice in README.md) has too.
* "Invalid request from ip=<address>: ..." in the error log, one line per request gunicorn
  cannot parse: a leaver's address when no proxy is in front, and a flood when a script
  sends junk. Counted and said at the next ten-minute mark without it (``log_counts``).

Filters on the two loggers, installed by the app factory in the process that loads the
app (a worker, or with ``--preload`` the master, whose workers inherit them); gunicorn
re-creating its handlers (``HUP``, ``USR1``) leaves filters alone.
"""

from __future__ import annotations

import logging
import re

from . import log_counts
from .log_setup import GUNICORN_ERROR_LOG

ACCESS_LOG = "gunicorn.access"
#: gunicorn's atoms (``glogging.Logger.atoms``): method, path without the query, status,
#: response size.
ANONYMOUS_ACCESS_FORMAT = '"%(m)s %(U)s" %(s)s %(b)s'
log = logging.getLogger(__name__)
_INVALID_REQUEST = re.compile(r"^Invalid request from ip=\S*: (?P<error>.*)$", re.S)


class _AnonymousAccessLog(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, dict):  # gunicorn's atoms; anything else is left alone
            record.msg = ANONYMOUS_ACCESS_FORMAT
        return True


class _CountedInvalidRequests(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        found = _INVALID_REQUEST.match(str(record.msg)) if not record.args else None
        if found is None:
            return True
        log_counts.at_next_mark(
            log,
            logging.WARNING,
            "invalid requests (not HTTP gunicorn can read; a scanner, or a client on the "
            "wrong port), the first: %s",
            found.group("error")[:200],
        )
        return False


def init_app() -> None:
    """Install the filters once per process (several apps in one process share them)."""
    for name, kind in (
        (ACCESS_LOG, _AnonymousAccessLog),
        (GUNICORN_ERROR_LOG, _CountedInvalidRequests),
    ):
        logger = logging.getLogger(name)
        if not any(isinstance(f, kind) for f in logger.filters):
            logger.addFilter(kind())
