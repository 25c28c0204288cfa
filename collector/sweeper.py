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
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None

    def expect(self, task: Task, at: float) -> None:
        """Run ``task`` at ``at`` at the latest (earlier if it was already due earlier)."""
        with self._wake:
            if task in self._due and self._due[task] <= at:
                return
            self._due[task] = at
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
                ready = [task for task, at in self._due.items() if at <= now]
                if not ready:
                    first = min(self._due.values(), default=None)
                    self._wake.wait(None if first is None else first - now)
                    continue
                for task in ready:
                    del self._due[task]
            for task in ready:
                try:
                    again = task()
                except Exception:  # keep the thread alive for the other tasks
                    log.exception("a scheduled clean-up failed")
                    continue
                if again is not None:
                    self.expect(task, again)


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
