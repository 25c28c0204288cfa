"""Log lines that a request would cause, written once per kind at the next ten-minute mark.

Some things an operator must hear about happen on a request anyone can send: a post from
another site's page, an HR-area post without its token, a rate limit that cannot be
counted. One line per request would let a script write 10,000 lines (and fill the disk
the answers need), and each line's time (journald, gunicorn's format) would be the second
of a post, perhaps a leaver's. So they are counted per worker and logged at the next mark
of the clean-up grid, one line per kind, with how often, and the details of the first.
"""

from __future__ import annotations

import atexit
import logging
import threading

from . import sweeper

_lock = threading.Lock()
#: (logger name, level, message) -> [the first one's arguments, how often]
_counted: dict[tuple[str, int, str], list] = {}
_said_at_exit = False


def at_next_mark(log: logging.Logger, level: int, message: str, *args: object) -> None:
    """Log ``message % args`` at the next ten-minute mark, once with a count however
    often this is called until then (the arguments of the first call are the ones shown).
    Without ``args``, ``message`` is taken as it is, '%' and all (as ``logging`` does)."""
    if not args:  # the count is added with '%s': a '%' of the text must stay one
        message = message.replace("%", "%%")
    key = (log.name, level, message)
    with _lock:
        first = not _counted
        entry = _counted.setdefault(key, [args, 0])
        entry[1] += 1
    if first:
        sweeper.at_next_mark(say_counted)


def say_counted() -> None:
    """Write what ``at_next_mark`` collected since the last mark, one line per kind."""
    with _lock:
        found = dict(_counted)
        _counted.clear()
    for (name, level, message), (args, times) in found.items():
        logging.getLogger(name).log(
            level, f"{message} (%s since the last ten-minute mark)", *args, times_said(times)
        )


def say_at_exit() -> None:
    """Also write what was counted when this process ends before the mark (a gunicorn
    worker stopped by a restart or HUP), so that a restart does not lose it."""
    global _said_at_exit
    if not _said_at_exit:
        _said_at_exit = True
        atexit.register(say_counted)


def times_said(count: int) -> str:
    """'once', '2 times', ..."""
    return "once" if count == 1 else f"{count} times"
