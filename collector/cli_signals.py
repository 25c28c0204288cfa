"""Stopping a long command cleanly: Ctrl-C, SIGTERM (``kill``, systemd, a CI timeout) and
SIGHUP (the terminal or SSH connection closed).

Python turns only Ctrl-C into an exception; SIGTERM and SIGHUP end the process on the
spot, so an export, report or backup left its half-written ``.NAME.PID.part`` file behind
(answers, kept past any purge, where nobody looks), and a restore or purge stopped without
a word. While a command runs inside :func:`stop_cleanly`, each of the three becomes an
exception: the cleanup the command has for Ctrl-C runs, and it ends with one line that
says what was and was not done, and an exit code of 128 + the signal's number, as a shell
reports a process a signal ended (130 for Ctrl-C, 143 for SIGTERM).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

import click

#: The signals turned into an exception besides SIGINT (which Python already turns into one).
CAUGHT = (signal.SIGTERM, signal.SIGHUP)


class Stopped(click.ClickException):
    """A command stopped by a signal: one line, exit code 128 + the signal's number."""

    def __init__(self, signum: int, what_then: str) -> None:
        name = signal.Signals(signum).name
        how = "Ctrl-C (SIGINT)" if signum == signal.SIGINT else name
        super().__init__(f"stopped by {how}: {what_then}")
        self.exit_code = 128 + signum


class _Signal(BaseException):
    """Raised by the handler; a BaseException, so that ``except Exception`` lets it through."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextmanager
def stop_cleanly(what_then: str | Callable[[], str]) -> Iterator[None]:
    """Run the block with SIGTERM and SIGHUP raised as exceptions, like Ctrl-C; a signal
    ends it with :class:`Stopped`, saying ``what_then`` (what was and was not done; a
    function is asked when the signal came)."""
    previous = _install() if threading.current_thread() is threading.main_thread() else {}
    try:
        yield
    except KeyboardInterrupt:
        raise Stopped(signal.SIGINT, _say(what_then)) from None
    except _Signal as exc:
        raise Stopped(exc.signum, _say(what_then)) from None
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _say(what_then: str | Callable[[], str]) -> str:
    return what_then if isinstance(what_then, str) else what_then()


def _install() -> dict[int, Any]:
    """Handlers for CAUGHT, except for a signal ignored on purpose (``nohup`` ignores
    SIGHUP: the command must go on); returns the handlers they replace."""

    def raise_signal(signum: int, frame: FrameType | None) -> None:
        for caught in previous:  # a second signal must not cut the cleanup short
            signal.signal(caught, signal.SIG_IGN)
        raise _Signal(signum)

    previous: dict[int, Any] = {}
    for signum in CAUGHT:
        if signal.getsignal(signum) is not signal.SIG_IGN:
            previous[signum] = signal.signal(signum, raise_signal)
    return previous
