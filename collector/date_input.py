"""Reading a date as leavers type it: year first, day first (as the Dutch write it), with
'-', '/', '.' or spaces, or with a month name, in English or Dutch."""

from __future__ import annotations

import datetime as dt
import re

#: Dates people can mean in an exit survey; anything else is a typo or a probe.
YEARS = range(1900, 2101)
#: Month names (and their first three letters or more: "dec", "sept"), in every language
#: the collector speaks: a leaver types "maart 2025" or "31 Dec 2026" whatever the page.
_MONTH_NAMES = (
    "january february march april may june july august september october november december",
    "januari februari maart april mei juni juli augustus september oktober november december",
)
_MONTH_WORDS = {"mrt": 3}  # the Dutch abbreviation that is no prefix
_DATE_PARTS = re.compile(r"[^\W\d_]+|[0-9]+")


def _month_of(word: str) -> int | None:
    word = word.lower()
    if word in _MONTH_WORDS:
        return _MONTH_WORDS[word]
    for names in _MONTH_NAMES:
        for number, name in enumerate(names.split(), start=1):
            if len(word) >= 3 and name.startswith(word):
                return number
    return None


def date_readings(value: str, language: str) -> list[tuple[int, int, int | None]]:
    """What a typed date can mean, as (year, month, day or None): none when it cannot be
    read, two when the day and the month could be either way round.

    The year is written in full; day, month and year are separated by '-', '/', '.' or
    spaces. Year first is year-month-day. Year last is day-month-year on a Dutch page, as
    the Dutch write it (31-12-2026); elsewhere it is whichever order makes sense (31/12/2026
    and 12/31/2026), and 03/04/2026 is asked about rather than guessed. A month may be a
    name: '31 december 2026', 'Dec 31, 2026', 'maart 2025'.
    """
    if re.sub(r"[\s./,-]", "", _DATE_PARTS.sub("", value)):  # anything else: '<b>', '+'
        return []
    parts = _DATE_PARTS.findall(value)
    numbers = [p for p in parts if p[0] in "0123456789"]
    words = [p for p in parts if p not in numbers]  # letters ('²' too: no month)
    if len(words) > 1 or not 2 <= len(parts) <= 3 or any(len(n) not in (1, 2, 4) for n in numbers):
        return []
    years = [int(n) for n in numbers if len(n) == 4]
    small = [int(n) for n in numbers if len(n) < 4]
    if len(years) != 1:
        return []
    year = years[0]
    if words:
        month = _month_of(words[0])
        if month is None or len(small) > 1:
            return []
        return [(year, month, small[0] if small else None)]
    if len(small) == 1:  # 2026-03 or 03-2026
        return [(year, small[0], None)]
    first, second = small
    if len(numbers[0]) == 4:  # year first
        return [(year, first, second)]
    if len(numbers[2]) != 4:  # the year in the middle
        return []
    if language == "nl" or first > 12 or first == second:
        return [(year, second, first)]
    if second > 12:
        return [(year, first, second)]
    return [(year, second, first), (year, first, second)]


def real_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
