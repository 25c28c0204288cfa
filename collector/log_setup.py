"""Where the collector's log lines go: configured once, in the app factory.

Every module logs through ``logging.getLogger(__name__)`` (``collector.store_writer``,
``collector.submit``, ...) and the app through ``app.logger``; all of them are children of
the ``collector`` logger, so one handler there carries them all. Without it, a line from a
module logger reached Python's last-resort handler: plain stderr, no level, no logger name;
and Flask's own handler (added only when ``app.logger`` happened to be used first) wrote
outside a request to stderr as well. Under gunicorn neither reaches ``--error-logfile``,
and with ``--daemon`` stderr is ``/dev/null``: an operator never saw a damaged record or a
full disk.

* Under gunicorn the lines go through gunicorn's own error log (``gunicorn.error``), looked
  up at each line, so that its file, ``--log-level``, syslog and reopening on ``USR1``
  (logrotate) apply, in its format, with the logger's name added:
  ``[<time>] [<pid>] [WARNING] collector.store_writer: ...``.
* Anywhere else (``flask run``, the ``flask --app collector`` commands, another WSGI
  server) one line on stderr without a time: ``[WARNING] collector.store_writer: ...``.
  The time of a line logged during a leaver's post would be that post's; journald or the
  server adds one where the operator wants it.
* Logging the operator configured (a handler on the root logger or on ``collector``, e.g.
  gunicorn's ``--log-config``) is left alone: their handlers get the lines.
"""

from __future__ import annotations

import logging
import sys

from . import log_counts

#: The logger every collector module logs under (the package, and Flask's ``app.logger``).
ROOT = "collector"
#: gunicorn's error log (``gunicorn/glogging.py``).
GUNICORN_ERROR_LOG = "gunicorn.error"
#: The format off gunicorn; gunicorn's own adds ``[<time>] [<pid>]`` in front.
FORMAT = "[%(levelname)s] %(name)s: %(message)s"


def gunicorn_error_log() -> logging.Logger | None:
    """gunicorn's error log when this process runs under gunicorn, else None."""
    if "gunicorn.glogging" not in sys.modules:
        return None
    error_log = logging.getLogger(GUNICORN_ERROR_LOG)
    return error_log if error_log.handlers else None


def writes_to_stderr(log: logging.Logger) -> bool:
    """Does ``log`` have a handler writing to this process's stderr (gunicorn's default)?"""
    return any(
        isinstance(handler, logging.StreamHandler)
        and getattr(handler, "stream", None) in (sys.stderr, sys.__stderr__)
        for handler in log.handlers
    )


class _ThroughGunicorn(logging.Handler):
    """Hands each line to gunicorn's error log, with the logger's name in front."""

    def emit(self, record: logging.LogRecord) -> None:
        error_log = logging.getLogger(GUNICORN_ERROR_LOG)
        if record.levelno < error_log.getEffectiveLevel():
            return  # gunicorn's --log-level decides, for its lines and ours alike
        try:
            named = logging.makeLogRecord(record.__dict__)
            named.msg = f"{record.name}: {record.getMessage()}"
            named.args = None
        except Exception:
            self.handleError(record)  # a bad format string: Python's usual report
            return
        error_log.handle(named)


class _ToStderr(logging.Handler):
    """One line per record on the current ``sys.stderr`` (as Python's last resort did:
    ``click``'s test runner and a daemonising server swap it)."""

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(logging.Formatter(FORMAT))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.format(record) + "\n")
            sys.stderr.flush()
        except Exception:
            self.handleError(record)


_OURS = (_ThroughGunicorn, _ToStderr)


def configure() -> None:
    """Give the ``collector`` logger its one handler (again on each call: no duplicates).

    Called first in the app factory, before ``app.logger`` is used: Flask then sees a
    handler and adds none of its own (``flask.logging.create_logger``).
    """
    logger = logging.getLogger(ROOT)
    for handler in [h for h in logger.handlers if isinstance(h, _OURS)]:
        logger.removeHandler(handler)
    if logger.handlers or logging.getLogger().handlers:
        return  # the operator's own logging configuration
    # A worker a restart stops, or a flask command that ends long before the next mark,
    # would otherwise lose its counts.
    log_counts.say_at_exit()
    error_log = gunicorn_error_log()
    if error_log is not None:
        logger.addHandler(_ThroughGunicorn())
        if logger.level == logging.NOTSET:
            # Info lines too when gunicorn logs them (its default --log-level is info).
            logger.setLevel(error_log.getEffectiveLevel())
        return
    logger.addHandler(_ToStderr())
