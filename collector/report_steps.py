"""Which responses a report counts: those of ended periods, in steps of at least k.

Two reports made at different times differ by the responses that came in between. With
one leaver in between (reload the report before and after "Sam from Finance" answers),
that difference is one person's answers, every one of them: each rating's count, the
eNPS, the reasons, and the one new comment under each question. So a report counts a
response only once the period it is dated in (its month, or its quarter or year when the
collector keeps only that) has ended, and then only in steps: taking the ended periods in
time order, a step closes at the end of a period once ``k`` or more responses have come
in since the step before. The responses after the last step wait for the next one.

Each step rests only on ended periods, whose counts no longer change (a new response is
always dated in a period still running), so a report made later counts everything an
earlier one counted plus whole steps of ``k`` or more: no two reports differ by fewer than
``k`` people. docs/report.md, "The small-group rules", says the same in words.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from .report_dates import date_span, quarter_of

Month = tuple[int, int]
#: Where a date the report cannot read goes: before every step, counted in the first.
UNDATED: Month = (0, 0)


class Steps:
    """Filters the stored responses down to those a report made ``today`` counts.

    :meth:`records` passes the records through in one pass: a record whose period holds
    ``k`` or more is counted at once (such a period closes a step by itself), the first
    ``k - 1`` of any other period are held back until the end, when the steps are known.
    Memory: at most ``k - 1`` records per ended period.
    """

    def __init__(self, k: int, today: dt.date) -> None:
        self.k = k
        self.now: Month = (today.year, today.month)
        #: The last month counted (the end of the last step); None while nothing counts.
        self.last: Month | None = None
        #: The first month of a period that holds responses waiting (or running: now).
        self.first_waiting: Month = self.now

    def _end(self, date: Any) -> Month | None:
        """The last month of ``date``'s period; None while that period is still running."""
        span = date_span(date) if date.__class__ is str else None
        if span is None:
            return UNDATED
        return span[1] if span[1] < self.now else None

    def records(self, records: Iterable[Mapping[str, Any]]) -> Iterator[Mapping[str, Any]]:
        """The records that count, in the order read (those held back come last)."""
        k = self.k
        ends: dict[Any, Month | None] = {}
        seen: Counter = Counter()
        held: dict[Any, list[Mapping[str, Any]]] = {}
        for record in records:
            date = record.get("date", "")
            if date in ends:
                end = ends[date]
            else:
                end = ends[date] = self._end(date)
            if end is None:
                continue  # its period is still running: its count still changes
            n = seen[date] = seen[date] + 1
            if n < k:
                held.setdefault(date, []).append(record)
                continue
            if n == k:
                yield from held.pop(date, ())
            yield record
        self.last = last_step(seen, ends, k)
        for date, end in ends.items():
            waits = end is None or self.last is None or self.last < end
            # A date by year only is in no quarter: the trend leaves it out anyway.
            if waits and date.__class__ is str and quarter_of(date) is not None:
                span = date_span(date)
                assert span is not None
                self.first_waiting = min(self.first_waiting, span[0])
        for date, kept in held.items():
            end = ends[date]
            if self.last is not None and end is not None and end <= self.last:
                yield from kept

    def running(self) -> str:
        """The first quarter the report does not count in full (``YYYY-Qn``): the one
        still under way, or an earlier one with responses waiting for the next step."""
        year, month = self.first_waiting
        return f"{year}-Q{(month - 1) // 3 + 1}"


def last_step(counts: Mapping[Any, int], ends: Mapping[Any, Month | None], k: int) -> Month | None:
    """The end of the last step: periods in time order, a step closing at the end of one
    once ``k`` or more responses have come in since the previous step."""
    by_end: Counter = Counter()
    for date, n in counts.items():
        end = ends[date]
        if end is not None:
            by_end[end] += n
    last, since = None, 0
    for end in sorted(by_end):
        since += by_end[end]
        if since >= k:
            last, since = end, 0
    return last
