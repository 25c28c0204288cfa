"""What happens to stored responses as time passes, while the collector runs.

* Closed months are shuffled (rewritten in random order, without their retry keys) when
  they close, by the sweeper thread: a collector that runs for months without a restart
  must not keep them in the order people answered.
* Retention: with ``COLLECTOR_RETENTION_MONTHS`` set, old responses delete themselves. A
  server purges at start-up and then once a day, on its clean-up thread at a ten-minute
  mark, whether or not requests come; never in a request, whose time its traces (the
  ``retention-clock`` file, a deleted month's folder, the log line) would carry. A
  ``flask`` command (export, set-password, ...) loads the app without purging: a command
  that reads must not delete; ``flask run`` starts its daily purges at its first request,
  and ``flask purge`` is the explicit way.
* The folder and lock file of every built questionnaire are made at start-up and at every
  ten-minute mark (one built while the collector runs), never by a leaver's first answer.

Each worker process does both on its own: the store takes the same per-questionnaire lock
as writers, and shuffling or deleting a shard twice is a no-op, so several workers (or a
``flask purge`` run at the same moment) cannot get in each other's way.

Deleting by the clock is only as good as the clock, so before an automatic purge the
clock is checked against the times the response files were last changed
(:func:`clock_doubts`); when they disagree, nothing is deleted.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import time
import weakref
from dataclasses import dataclass

import click
from flask import Flask

from . import sweeper
from .forms import FormRegistry
from .store import ResponseStore, StoreError, next_mix
from .store_format import SHARD_SUFFIX, next_month_closes, open_file

log = logging.getLogger(__name__)

#: Seconds between automatic purges in one process.
INTERVAL = 86_400
DAY = 86_400
MONTH = 365.2425 / 12 * DAY
#: How long after the first kept month began a file that is deleted may have changed: the
#: month before it is shuffled two days after it ends, later if the collector was down.
SETTLE = 7 * DAY
#: How far a file's time may be ahead of the clock (another machine's clock, a network disk).
AHEAD = DAY
#: Months between the changes of a store in steady use: a closed shard keeps the time of
#: its shuffle, one per month, quarter or year (``COLLECTOR_DATE_PRECISION``).
PERIOD_MONTHS = {"month": 1, "quarter": 3, "year": 12}


def cutoff_month(months: int, today: dt.date | None = None) -> str:
    """The first month (``YYYY-MM``) kept when keeping ``months`` whole months before this one.

    In March 2026 with ``months=3``: December 2025, January and February 2026 and March
    itself are kept; November 2025 and earlier go.
    """
    today = today or dt.datetime.now(dt.UTC).date()
    index = today.year * 12 + (today.month - 1) - months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@dataclass(frozen=True)
class Shard:
    """One questionnaire's file for one month, and when it last changed."""

    slug: str
    month: str
    mtime: float

    @property
    def name(self) -> str:
        return f"{self.slug}/{self.month}{SHARD_SUFFIX}"


def list_shards(store: ResponseStore) -> list[Shard]:
    """Every shard of ``store`` with its modification time."""
    shards = []
    for slug in store.slugs():
        for month in store.months(slug):
            path = store.shard_path(slug, month)
            try:
                mtime = os.stat(path).st_mtime
            except FileNotFoundError:
                continue  # purged or being replaced by a shuffle right now
            except OSError as exc:
                raise StoreError(f"cannot read the time of {path}: {exc.strerror}") from exc
            shards.append(Shard(slug, month, mtime))
    return shards


#: In the data folder: its modification time is the last time retention found the clock
#: and the files in agreement. Empty; safe to delete (the check then falls back on the
#: response files alone).
CLOCK_MARK = "retention-clock"


def clock_seen(app: Flask) -> float | None:
    """When retention last found the clock believable (``CLOCK_MARK``'s time), if ever."""
    try:
        return os.stat(os.path.join(app.config["DATA_DIR"], CLOCK_MARK)).st_mtime
    except FileNotFoundError:
        return None


def mark_clock_seen(app: Flask, now: float) -> None:
    """Remember that the clock (``now``) was believable; a missing mark is not an error."""
    path = os.path.join(app.config["DATA_DIR"], CLOCK_MARK)
    try:
        os.close(open_file(path, os.O_RDONLY, create=True)[0])  # 0600, the folder owner's
        os.utime(path, (now, now))
    except OSError as exc:
        app.logger.warning("retention: cannot update %s: %s", path, exc.strerror)


def clock_doubts(
    shards: list[Shard],
    months: int,
    now: float,
    precision: str = "month",
    seen: float | None = None,
) -> list[str]:
    """Reasons not to trust the clock (``now``) for deleting what is filed before
    ``cutoff_month(months)``; empty when the files agree with it.

    ``seen`` is when retention last found the clock believable (:data:`CLOCK_MARK`). A
    collector checks at least daily while it gets requests, so a long gap since then
    means the clock jumped ahead (or the collector was off, or idle, for that long). It
    is checked whether or not anything would be deleted, so that the mark only moves
    under a believable clock.

    The files' times are the other witness of the real date:

    * no file may have changed after now (a day's leeway): the clock went back, or was ahead
      when the file was written;
    * when something would be deleted: a file to delete must not have changed since the
      first kept month began (a week's leeway for the shuffle): it may have been copied back
      from a backup with a new time (``cp`` without ``-a``), or been written under a clock
      that was ahead;
    * when something would be deleted and there is no ``seen``: the files must show that
      the months kept really passed: at least one change since
      the first kept month began, and no stretch without any change longer than half the
      retention period (at least a precision period and a month, as a closed shard keeps
      only the time of its shuffle). A clock that jumped ahead (2026 to 2029) looks like
      a retention period in which nothing was stored.
    """
    before = cutoff_month(months, utc_date(now))
    doomed = [shard for shard in shards if shard.month < before]
    kept_from = month_start(before)
    limit = max(months / 2, PERIOD_MONTHS.get(precision, 1) + 1) * MONTH
    found = [_changed_after_now(shards, now)]
    if seen is not None:
        found.append(_since_seen(seen, now, limit))
    if doomed:
        found.append(_changed_while_kept(doomed, before, kept_from))
        if seen is None:
            found.append(_silence(shards, before, kept_from, now, limit))
    return [doubt for doubt in found if doubt]


def _since_seen(seen: float, now: float, limit: float) -> str | None:
    if seen > now + AHEAD:
        return f"retention last checked the clock on {day(seen)}, after the clock's now: the clock went back"
    if now - seen > limit:
        return (
            f"retention last checked the clock on {day(seen)}, {(now - seen) / DAY:.0f} days "
            f"ago (more than {limit / DAY:.0f}): the clock may have jumped ahead, or the "
            "collector was off, or had no requests, for that long"
        )
    return None


def _changed_after_now(shards: list[Shard], now: float) -> str | None:
    ahead = [shard for shard in shards if shard.mtime > now + AHEAD]
    if not ahead:
        return None
    newest = max(ahead, key=lambda shard: shard.mtime)
    return (
        f"{newest.name} was changed on {day(newest.mtime)}, after the clock's now: "
        "the clock went back, or was ahead when the file was written"
    )


def _changed_while_kept(doomed: list[Shard], before: str, kept_from: float) -> str | None:
    fresh = sorted(
        (shard for shard in doomed if shard.mtime > kept_from + SETTLE),
        key=lambda shard: shard.mtime,
    )
    if not fresh:
        return None
    return (
        f"{_names(fresh)} would be deleted, but changed on {day(fresh[-1].mtime)}, after "
        f"{before} began: copied back from a backup without their times (cp without -a), "
        "or written under a clock that was ahead"
    )


def _silence(
    shards: list[Shard], before: str, kept_from: float, now: float, limit: float
) -> str | None:
    """The first stretch of the months kept without any change, if it is too long."""
    changes = sorted(shard.mtime for shard in shards if kept_from < shard.mtime <= now)
    previous = kept_from
    for later in [*changes, now]:
        if later - previous > limit or not changes:
            until = "now" if later == now else day(later)
            allowed = f", more than {limit / DAY:.0f}" if changes else ""
            return (
                f"no response file changed from {day(previous)} to {until} "
                f"({(later - previous) / DAY:.0f} days{allowed}), in the months kept "
                f"({before} on): the clock may have jumped ahead, or nothing was stored "
                "for that long"
            )
        previous = later
    return None


def apply_retention(app: Flask, now: float | None = None) -> int:
    """Purge what the retention setting says may go, unless the clock looks wrong; returns
    the number of responses deleted. Logs what it deleted (months, never answers)."""
    months = app.config.get("RETENTION_MONTHS") or 0
    if months <= 0:
        return 0
    now = time.time() if now is None else now
    setting = f"COLLECTOR_RETENTION_MONTHS={months}"
    store = app.extensions["exit_survey"].store
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


def utc_date(now: float) -> dt.date:
    return dt.datetime.fromtimestamp(now, dt.UTC).date()


def month_start(month: str) -> float:
    """The time (seconds) month ``YYYY-MM`` began, UTC."""
    year, number = map(int, month.split("-"))
    return dt.datetime(year, number, 1, tzinfo=dt.UTC).timestamp()


def day(when: float) -> str:
    return dt.datetime.fromtimestamp(when, dt.UTC).strftime("%Y-%m-%d")


def stamp(when: float) -> str:
    return dt.datetime.fromtimestamp(when, dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def _names(shards: list[Shard], most: int = 3) -> str:
    names = ", ".join(shard.name for shard in shards[:most])
    return names if len(shards) <= most else f"{names} and {len(shards) - most} more"


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


def shuffle_closed_months(store: ResponseStore) -> sweeper.Task:
    """A sweeper task: shuffle every month that has closed, then wait for the next one.

    It holds the store weakly: an app that is gone (in tests, say) ends its task.
    """

    def shuffle(current: ResponseStore) -> float:
        try:
            current.compact()
        except StoreError as exc:
            log.warning("could not shuffle closed months: %s", exc)
        return next_month_closes()

    return sweeper.weak_task(store, shuffle)


def prepare_folders(store: ResponseStore, forms: FormRegistry) -> sweeper.Task:
    """A sweeper task: make the store folder and lock file of every built questionnaire
    now and at every ten-minute mark (a questionnaire built while the collector runs), so
    that no leaver's answer makes them: their times would be that answer's, for good.

    It holds the store and the forms weakly: an app that is gone ends its task.
    """
    forms_ref = weakref.ref(forms)

    def prepare(current: ResponseStore) -> float | None:
        built = forms_ref()
        if built is None or current._closed:
            return None
        try:
            current.prepare(built.slugs())
        except (StoreError, OSError) as exc:
            log.warning("could not make the folders of the questionnaires: %s", exc)
        return next_mix()

    return sweeper.weak_task(store, prepare)


def init_app(app: Flask) -> None:
    state = app.extensions["exit_survey"]
    prepare = prepare_folders(state.store, state.forms)
    again = prepare()  # at start-up, whether or not requests come
    if again is not None:
        sweeper.expect(prepare, again)
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
    """A sweeper task: the purge, when due, on the clean-up thread at a ten-minute mark (``sweeper.MARK_SECONDS``), and
    again a day later: a collector nobody visits for weeks still deletes on time.

    It holds the app weakly: an app that is gone (in tests, say) ends its task.
    """

    def purge(current: Flask) -> float:
        schedule.run_if_due(current)
        return sweeper.mark_at_or_after(time.time() + schedule.interval)

    return sweeper.weak_task(app, purge)
