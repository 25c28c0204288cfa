"""Which month a shard belongs under, when an older collector filed it under the first
month of a quarter or a year.

Until the history's "Store: a quarter or a year is filed under its last month" (edc3eb3,
before any release), ``COLLECTOR_DATE_PRECISION=quarter`` filed the fourth quarter's
answers in ``2026-10.jsonl`` and ``year`` filed all of 2026 in ``2026-01.jsonl``. Every
part of the store reads a shard's period from its name: retention and ``flask purge``
deleted such a month, with answers given that very day, as soon as its *first* month was
old enough; a restore with ``COLLECTOR_RETENTION_MONTHS`` left it out for the same
reason. So a month like that belongs under the period's last month (``2026-12.jsonl``):
this module finds out which, ``store_refile.py`` moves it there at start-up, and a restore
files such a month of a backup there.
"""

from __future__ import annotations

import json
import os
import re
from contextlib import suppress

from .store_format import Scan
from .store_writer import os_errors

#: The months an older collector filed a quarter (01, 04, 07, 10) or a year (01) under.
FIRST_MONTHS = ("01", "04", "07", "10")

#: A record's date that is a quarter or a year, as the store writes it (compact JSON). A
#: typed answer cannot match: its quotes are escaped. Only a hint: records are read whole.
_COARSE = re.compile(rb'"date":"\d{4}(?:-Q[1-4])?"')


def period_end(date: object) -> str | None:
    """The last month (``YYYY-MM``) of a stored date: ``2026-11``, ``2026-Q4`` or ``2026``."""
    if not isinstance(date, str):
        return None
    if re.fullmatch(r"\d{4}-\d{2}", date):
        return date
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", date):
        return f"{m[1]}-{int(m[2]) * 3:02d}"
    if re.fullmatch(r"\d{4}", date):
        return f"{date}-12"
    return None


def refiled_month(fd: int, month: str, name: str) -> str:
    """The month the shard ``fd`` (filed under ``month``) belongs under: ``month`` itself,
    or the last month of the latest quarter or year an answer in it is dated with."""
    if month[5:] not in FIRST_MONTHS:
        return month
    if not _mentions_coarse_date(fd, name):
        return month
    latest = month
    for _, payload in Scan(fd):
        with suppress(ValueError, TypeError, KeyError):
            end = period_end(json.loads(payload)["r"]["date"])
            if end is not None and end > latest:
                latest = end
    return latest


def _mentions_coarse_date(fd: int, name: str, chunk: int = 1 << 20) -> bool:
    """Whether a quarter or a year appears as a date in the shard: read a MiB at a time
    (workers do this at start-up for a third of the months), parsing nothing."""
    offset, tail = 0, b""
    with os_errors(f"cannot read {name}"):
        while block := os.pread(fd, chunk, offset):
            if _COARSE.search(tail + block):
                return True
            offset += len(block)
            tail = block[-32:]  # a date cut in two by the chunk's edge
    return False
