"""Months of answers filed in a store, with the times their files would have had."""

from __future__ import annotations

import datetime as dt
import os
import time
import uuid
from pathlib import Path

from collector import retention_clock
from collector.store import ResponseStore

NOW = dt.datetime.now(dt.UTC).date()


DAY = 86_400


def month_back(months: int) -> str:
    return retention_clock.cutoff_month(months, NOW)


def fill(store: ResponseStore, counts: dict[str, int], slug: str = "exit-en", answers=None) -> None:
    for month, count in counts.items():
        for _ in range(count):
            record = {"form": slug, "language": "en", "date": month, "answers": answers or {}}
            store.add(slug, record, submission_id=uuid.uuid4().hex, month=month)


def month_after(month: str) -> str:
    year, number = map(int, month.split("-"))
    return f"{year + number // 12:04d}-{number % 12 + 1:02d}"


def on_time(month: str, now: float | None = None) -> float:
    """When a month's shard last changed in a store that ran on time: its shuffle, two days
    after the month ended; for a month not closed yet at ``now``, a minute before."""
    now = time.time() if now is None else now
    return min(retention_clock.month_start(month_after(month)) + 2 * DAY + 60, now - 60)


def date_shards(store: ResponseStore, folder: Path, times: dict[str, float], slug="exit-en"):
    """Set the shards' modification times (as ``cp -a`` or ``tar`` restore them)."""
    store.compact()  # shuffle first: a later shuffle would give the files a new time
    for month, when in times.items():
        os.utime(folder / slug / f"{month}.jsonl", (when, when))


def history(store, folder, months, slug="exit-en", now=None, answers=None) -> None:
    """One response in each of ``months``, the shards dated as in a store in steady use."""
    fill(store, dict.fromkeys(months, 1), slug, answers)
    date_shards(store, folder, {month: on_time(month, now) for month in months}, slug)
