"""When the responses came in: coarse dates, quarters and the period a report may name.

Responses are dated by month, quarter or year only (``YYYY-MM``, ``YYYY-Qn``, ``YYYY``).
:func:`period` says how precisely the report may name the span of the responses without
showing a month of one; :func:`quarter_of` puts a date in the trend's quarter.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping
from typing import Any


def dated_today(now: float | None = None) -> dt.date:
    """Today by the clock responses are dated with: UTC (``submission_record.coarse_date``).

    Which month or quarter is still running must be asked of that clock, not of the
    server's time zone: at 01:30 on 1 May in Amsterdam it is still 30 April in UTC, and a
    leaver who answers then is dated April. A report that took April as ended would count
    it, and one made an hour later would count one more April leaver, their answers the
    difference (docs/report.md, rule 8).
    """
    return dt.datetime.fromtimestamp(time.time() if now is None else now, dt.UTC).date()


def date_span(date: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """(first month, last month) as (year, month) of a coarse date: YYYY-MM, YYYY-Qn, YYYY."""
    try:
        year = int(date[:4])
        if len(date) == 7 and date[4:6] == "-Q" and "1" <= date[6] <= "4":
            quarter = int(date[6])
            return (year, 3 * quarter - 2), (year, 3 * quarter)
        if len(date) == 7 and date[4] == "-" and 1 <= int(date[5:]) <= 12:
            month = int(date[5:])
            return (year, month), (year, month)
        if len(date) == 4:
            return (year, 1), (year, 12)
    except ValueError:
        return None
    return None


def quarter_of(date: str) -> str | None:
    """``YYYY-Qn`` for a month or quarter date; None for a year (it spans four quarters)."""
    span = date_span(date)
    if span is None or span[1][1] - span[0][1] > 2:
        return None
    (year, month), _ = span
    return f"{year}-Q{(month - 1) // 3 + 1}"


def period(dates: Mapping[str, int], k: int) -> tuple[str, str] | None:
    """(first, last) as coarse dates, the period the responses span; None if it may not be said.

    Each end names a month, a quarter or a year (the same kind for both) that holds at least
    ``k`` responses: "from January to September" would show that September holds a group of
    one. The finest kind for which both ends hold ``k`` is used; if not even years do, the
    report gives no period at all.
    """
    spans = [(s, n) for s, n in ((date_span(d), n) for d, n in dates.items()) if s is not None]
    if not spans:
        return None
    start = min(s[0] for s, _ in spans)
    end = max(s[1] for s, _ in spans)
    for unit in (_month, _quarter, _year):
        first, last = unit(*start), unit(*end)
        if all(_held(u, spans) >= k for u in (first, last)):
            return first, last
    return None


def _month(year: int, month: int) -> str:
    return f"{year}-{month:02d}"


def _quarter(year: int, month: int) -> str:
    return f"{year}-Q{(month - 1) // 3 + 1}"


def _year(year: int, month: int) -> str:
    return str(year)


def _held(unit: str, spans: list[tuple[Any, int]]) -> int:
    """Responses whose date lies wholly inside ``unit`` (a year-only date is in no quarter)."""
    span = date_span(unit)
    assert span is not None
    low, high = span
    return sum(n for (first, last), n in spans if low <= first and last <= high)


def quarters_between(first: str, last: str) -> list[str]:
    """Every quarter from ``first`` to ``last`` (both ``YYYY-Qn``), in order."""
    year, q = int(first[:4]), int(first[6])
    out = []
    while f"{year}-Q{q}" <= last:
        out.append(f"{year}-Q{q}")
        year, q = (year + 1, 1) if q == 4 else (year, q + 1)
    return out
