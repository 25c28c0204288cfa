"""What happens to stored responses as time passes, while the collector runs.

* Closed months are shuffled (rewritten in random order, without their retry keys) when
  they close, by the sweeper thread: a collector that runs for months without a restart
  must not keep them in the order people answered.
* Retention: with ``COLLECTOR_RETENTION_MONTHS`` set, old responses delete themselves. The
  collector purges at start-up and then at most once a day, on the first request after the
  day is over.

Each worker process does both on its own: the store takes the same per-questionnaire lock
as writers, and shuffling or deleting a shard twice is a no-op, so several workers (or a
``flask purge`` run at the same moment) cannot get in each other's way.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import time
import weakref

from flask import Flask, current_app

from . import sweeper
from .store import ResponseStore, StoreError
from .store_format import next_month_closes

log = logging.getLogger(__name__)

#: Seconds between automatic purges in one process.
INTERVAL = 86_400


def cutoff_month(months: int, today: dt.date | None = None) -> str:
    """The first month (``YYYY-MM``) kept when keeping ``months`` whole months before this one.

    In March 2026 with ``months=3``: December 2025, January and February 2026 and March
    itself are kept; November 2025 and earlier go.
    """
    today = today or dt.datetime.now(dt.UTC).date()
    index = today.year * 12 + (today.month - 1) - months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def apply_retention(app: Flask, today: dt.date | None = None) -> int:
    """Purge what the retention setting says may go; returns the number of responses deleted."""
    months = app.config.get("RETENTION_MONTHS") or 0
    if months <= 0:
        return 0
    before = cutoff_month(months, today)
    removed = app.extensions["exit_survey"].store.purge(None, before)
    if removed:
        log.info("retention: deleted %d responses filed before %s", removed, before)
    return removed


class Schedule:
    """Runs the purge when it is due; one run at a time per process, never on two threads."""

    def __init__(self, interval: float = INTERVAL) -> None:
        self.interval = interval
        self.last: float | None = None
        self._lock = threading.Lock()

    def due(self, now: float) -> bool:
        return self.last is None or now - self.last >= self.interval

    def run_if_due(self, app: Flask) -> None:
        now = time.monotonic()
        if not self.due(now) or not self._lock.acquire(blocking=False):
            return
        try:
            if self.due(now):
                self.last = now
                apply_retention(app)
        except StoreError as exc:
            # Keep serving: leavers can still answer. The operator sees this in the log.
            log.error("retention: the purge failed: %s", exc)
        finally:
            self._lock.release()


def shuffle_closed_months(store: ResponseStore) -> sweeper.Task:
    """A sweeper task: shuffle every month that has closed, then wait for the next one.

    It holds the store weakly: an app that is gone (in tests, say) ends its task.
    """
    store_ref = weakref.ref(store)

    def task() -> float | None:
        current = store_ref()
        if current is None:
            return None
        try:
            current.compact()
        except StoreError as exc:
            log.warning("could not shuffle closed months: %s", exc)
        return next_month_closes()

    return task


def init_app(app: Flask) -> None:
    shuffle = shuffle_closed_months(app.extensions["exit_survey"].store)
    scheduled_in: list[int] = []  # the process that scheduled it: a fork starts again

    @app.before_request
    def _schedule_shuffle() -> None:
        # At the first request of each process (workers fork after start-up), so that
        # the task runs on the thread of the process that serves.
        if scheduled_in != [os.getpid()]:
            scheduled_in[:] = [os.getpid()]
            sweeper.expect(shuffle, time.time())

    if not app.config.get("RETENTION_MONTHS"):
        return
    schedule = Schedule()
    app.extensions["exit_survey_retention"] = schedule
    schedule.run_if_due(app)

    @app.before_request
    def _retention() -> None:
        schedule.run_if_due(current_app._get_current_object())  # type: ignore[attr-defined]
