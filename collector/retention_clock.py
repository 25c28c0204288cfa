"""Whether the clock can be trusted to delete by, and the calendar that retention uses.

Deleting by the clock is only as good as the clock, so before an automatic purge (and
before ``flask purge``) the clock is checked against the times the response files were
last changed and against :data:`CLOCK_MARK`, the last time retention found the two in
agreement (:func:`clock_doubts`); when they disagree, nothing is deleted automatically.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from flask import Flask

from .store import ResponseStore, StoreError
from .store_files import open_file
from .store_format import SHARD_SUFFIX

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
