"""Clean-ups that must happen on time even when no request comes: one thread per process.

The rate limiter promises that nothing stays on disk longer than its window; an exit
survey may get no request for days, so waiting for the next request is not enough. A task
registers when it is next due; the thread runs it then and the task says when it is due
again (or None: nothing left to do).
"""

from __future__ import annotations

import logging
import math
import os
import threading
import time
import weakref
from collections.abc import Callable
from typing import TypeVar

log = logging.getLogger(__name__)

#: Does its work; returns the time (``time.time()`` seconds) it is next due, or None.
Task = Callable[[], "int | float | None"]
T = TypeVar("T")

#: Clean-ups that leave times on files run on this grid (UTC seconds), and backups round
#: the times they keep down to it: a time on the grid is never the moment of one answer.
MARK_SECONDS = 600
#: The wall clock stepping back by more than this (seconds; an NTP correction, a virtual
#: machine restored from a snapshot) moves every waiting task back with it.
CLOCK_STEP = 2.0


def mark_before(when: float, every: float | None = None) -> int:
    """The last mark at or before ``when`` (every ``MARK_SECONDS`` unless given)."""
    every = every or MARK_SECONDS
    return int(math.floor(when / every) * every)


def mark_at_or_after(when: float, every: float | None = None) -> int:
    """The first mark at or after ``when`` (every ``MARK_SECONDS`` unless given)."""
    every = every or MARK_SECONDS
    return int(math.ceil(when / every) * every)


def weak_task(owner: T, run: Callable[[T], int | float | None]) -> Task:
    """A task that calls ``run(owner)`` while ``owner`` lives, holding it weakly: a store
    or an app that is gone (in tests, say) ends its task instead of being kept alive."""
    ref = weakref.ref(owner)

    def task() -> int | float | None:
        current = ref()
        return None if current is None else run(current)

    return task


class Sweeper:
    """Runs each registered task at the time it asked for, on one daemon thread."""

    def __init__(self) -> None:
        self._due: dict[Task, float] = {}
        #: Per task, ``time.time() - time.monotonic()`` when its time was set: the wait
        #: runs on the monotonic clock, so a wall clock that steps back shows here.
        self._skew: dict[Task, float] = {}
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None

    def expect(self, task: Task, at: float) -> None:
        """Run ``task`` at ``at`` at the latest (earlier if it was already due earlier)."""
        with self._wake:
            skew = self._follow_clock(time.time())
            if task in self._due and self._due[task] <= at:
                return
            self._due[task] = at
            self._skew[task] = skew
            self._wake.notify()
            # is_alive(), not "is None": a forked child inherits the object but not the thread.
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="collector-sweeper", daemon=True
                )
                self._thread.start()

    def _run(self) -> None:
        while True:
            with self._wake:
                now = time.time()
                self._follow_clock(now)
                ready = [task for task, at in self._due.items() if at <= now]
                if not ready:
                    first = min(self._due.values(), default=None)
                    self._wake.wait(None if first is None else first - now)
                    continue
                for task in ready:
                    del self._due[task]
                    del self._skew[task]
            for task in ready:
                try:
                    again = task()
                except Exception:  # keep the thread alive for the other tasks
                    log.exception("a scheduled clean-up failed")
                    continue
                if again is not None:
                    self.expect(task, again)

    def _follow_clock(self, now: float) -> float:
        """Move the tasks set before the wall clock stepped back by that step; returns the
        skew now. Called with ``_wake`` held.

        Times are on the wall clock, the wait is not: a clock put back a day at 12:05
        (set a day ahead by mistake, then corrected) left the open month's mix, due at
        12:10 of the wrong day, waiting a whole day, with the latest answers in arrival
        order and the file's time theirs to the second, and the rate limits' seconds in
        limits/ kept as long. Each task runs at the first mark of the corrected clock after
        the moment it would have run, so that what it leaves on disk is still on the grid.
        A clock that steps forward needs nothing: what is due runs at the next wake-up.
        """
        skew = now - time.monotonic()
        for task, then in self._skew.items():
            back = then - skew
            if back > CLOCK_STEP:
                self._due[task] = mark_at_or_after(self._due[task] - back)
                self._skew[task] = skew
        return skew


_sweeper = Sweeper()


def expect(task: Task, at: float) -> None:
    """Have this process's sweeper run ``task`` at ``at``."""
    _sweeper.expect(task, at)


def at_next_mark(task: Task) -> None:
    """Run ``task`` at the next mark, not now: a log line written during a leaver's post
    would carry (under journald, say) that post's second; the grid's time is no one's."""
    expect(task, mark_at_or_after(time.time() + 1))


def _after_fork() -> None:
    # The parent's thread does not exist in the child, and its lock may have been held
    # at the moment of the fork: start from a clean sweeper.
    global _sweeper
    _sweeper = Sweeper()


os.register_at_fork(after_in_child=_after_fork)
