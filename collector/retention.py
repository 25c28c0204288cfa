"""Retention: with ``COLLECTOR_RETENTION_MONTHS`` set, old responses delete themselves.

A server purges at start-up and then once a day, on its clean-up thread at a ten-minute
mark, whether or not requests come; never in a request, whose time its traces (the
``retention-clock`` file, a deleted month's folder, the log line) would carry. A ``flask``
command (export, set-password, ...) loads the app without purging: a command that reads
must not delete; ``flask run`` starts its daily purges at its first request, and ``flask
purge`` is the explicit way.

Each worker process purges on its own: the store takes the same per-questionnaire lock as
writers, and deleting a shard twice is a no-op, so several workers (or a ``flask purge``
run at the same moment) cannot get in each other's way. Before deleting, the clock is
checked against the response files (retention_clock.py); when they disagree, nothing is
deleted.
"""

from __future__ import annotations

import os
import threading
import time

import click
from flask import Flask

from . import sweeper
from .retention_clock import (
    clock_doubts,
    clock_seen,
    cutoff_month,
    list_shards,
    mark_clock_seen,
    stamp,
    utc_date,
)
from .state import collector_state
from .store import StoreError

#: Seconds between automatic purges in one process.
INTERVAL = 86_400


def apply_retention(app: Flask, now: float | None = None) -> int:
    """Purge what the retention setting says may go, unless the clock looks wrong; returns
    the number of responses deleted. Logs what it deleted (months, never answers)."""
    months = app.config.get("RETENTION_MONTHS") or 0
    if months <= 0:
        return 0
    now = time.time() if now is None else now
    setting = f"COLLECTOR_RETENTION_MONTHS={months}"
    store = collector_state(app).store
    before = cutoff_month(months, utc_date(now))
    shards = list_shards(store)
    doomed = [shard for shard in shards if shard.month < before]
    precision = app.config.get("DATE_PRECISION", "month")
    doubts = clock_doubts(shards, months, now, precision, clock_seen(app))
    if not doubts:
        mark_clock_seen(app, now)
    if not doomed:
        return 0
    if doubts:
        app.logger.error(
            "%s: deleted nothing, because the clock (%s) may be wrong: %s. Fix the clock; "
            "if it is right, check the list and delete by hand: "
            "flask --app collector purge --older-than %d",
            setting,
            stamp(now),
            "; ".join(doubts),
            months,
        )
        return 0
    removed = 0
    deleted = []
    for slug in sorted({shard.slug for shard in doomed}):
        count = store.purge(slug, before)
        if count:
            removed += count
            found = sorted(shard.month for shard in doomed if shard.slug == slug)
            deleted.append(f"{slug} {', '.join(found)}")
    if removed:
        app.logger.warning(
            "%s: deleted %d responses filed before %s: %s",
            setting,
            removed,
            before,
            "; ".join(deleted),
        )
    return removed


class Schedule:
    """Runs the purge when it is due; one run at a time per process, never on two threads."""

    def __init__(self, interval: float = INTERVAL) -> None:
        self.interval = interval
        self.last: float | None = None
        self._lock = threading.Lock()
        #: What the clean-up thread runs at its marks (set by init_app).
        self.task: sweeper.Task | None = None

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
            app.logger.error("retention: the purge failed: %s", exc)
        finally:
            self._lock.release()


def init_app(app: Flask) -> None:
    """Purge now (a server starting) and daily, when ``COLLECTOR_RETENTION_MONTHS`` is set."""
    if not app.config.get("RETENTION_MONTHS"):
        return
    schedule = Schedule()
    app.extensions["exit_survey_retention"] = schedule
    daily = schedule.task = purge_daily(app, schedule)
    if click.get_current_context(silent=True) is None:
        # A server starting (gunicorn, waitress, create_app() in a script). Under the
        # `flask` command the app is loaded for export, set-password, ...: those must not
        # delete. `flask run` schedules its purges at its first request (below); `flask
        # purge` asks.
        schedule.run_if_due(app)
        sweeper.expect(daily, sweeper.mark_at_or_after(time.time() + schedule.interval))
    purges_in: list[int] = []  # the process whose clean-up thread purges: a fork starts again

    @app.before_request
    def _schedule_purges() -> None:
        # Not in the request: the retention-clock file's times, the folder's (a month
        # deleted) and the log line's would be that request's, a leaver's, to the second.
        if purges_in != [os.getpid()]:
            purges_in[:] = [os.getpid()]
            sweeper.expect(daily, sweeper.mark_at_or_after(time.time()))


def purge_daily(app: Flask, schedule: Schedule) -> sweeper.Task:
    """A sweeper task: the purge, when due, on the clean-up thread at a ten-minute mark
    (``sweeper.MARK_SECONDS``), and again a day later: a collector nobody visits for weeks still deletes on time.

    It holds the app weakly: an app that is gone (in tests, say) ends its task.
    """

    def purge(current: Flask) -> float:
        schedule.run_if_due(current)
        return sweeper.mark_at_or_after(time.time() + schedule.interval)

    return sweeper.weak_task(app, purge)
