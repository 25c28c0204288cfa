"""Numbers and dates as leavers type them on any keyboard, made plain before they are read.

A Japanese or Chinese input method types full-width digits ("２．５", "２０２６－０３") unless
the leaver switches it off, an Arabic or Persian keyboard types its own digits ("٢٫٥"), and
a Japanese, Chinese or Korean date is written with the marks for year, month and day
("2026年3月"). All of them mean what the ASCII form means; refused, the leaver was asked to
"enter a number, like 12" with no word on what was wrong with what they typed.
"""

from __future__ import annotations

import re
import unicodedata

#: The Arabic decimal separator and thousands separator ('٢٫٥', '١٬٠٠٠').
_ARABIC_MARKS = str.maketrans({"\u066b": ".", "\u066c": ","})
#: Year and month marks end a part of a date; the day mark ends the date (CJK and Korean).
_DATE_MARKS = re.compile(r"\s*[年月년월]\s*|\s*[日일]\s*$")


def plain_number(value: str) -> str:
    """``value`` with every digit an ASCII digit and full-width signs ('．', '－') plain."""
    # NFKC turns full-width digits and signs into ASCII ones; other scripts' digits stay
    # themselves there, and are decimal digits to Unicode with the value they show.
    text = unicodedata.normalize("NFKC", value).translate(_ARABIC_MARKS)
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def plain_date(value: str) -> str:
    """``value`` as a plain number text, with '2026年3月31日' read as '2026-3-31'."""

    def mark(match: re.Match[str]) -> str:
        return "" if match.group().strip() in "日일" else "-"

    return _DATE_MARKS.sub(mark, plain_number(value)).strip("-")
