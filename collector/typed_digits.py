"""Numbers and dates as leavers type them on any keyboard, made plain before they are read.

A Japanese or Chinese input method types full-width digits ("２．５", "２０２６－０３") unless
the leaver switches it off, an Arabic or Persian keyboard types its own digits ("٢٫٥"), and
a Japanese, Chinese or Korean date is written with the marks for year, month and day
("2026年3月"). All of them mean what the ASCII form means; refused, the leaver was asked to
"enter a number, like 12" with no word on what was wrong with what they typed.

Only those are made plain. Superscripts, circled digits and fractions ('1²', '⑫', '½')
are no keyboard's digits: a compatibility normalisation (NFKC) of the whole text read
'1²' as 12 and '12³' as 123, so they are left as they are, and refused. So is a number
whose digits come from two scripts ('1٢'): one keyboard types one script's digits.
"""

from __future__ import annotations

import re
import unicodedata

#: The Arabic decimal separator and thousands separator ('٢٫٥', '١٬٠٠٠').
_ARABIC_MARKS = str.maketrans({"\u066b": ".", "\u066c": ","})
#: Full-width forms (U+FF01 to U+FF5E: digits, '．', '－', '／', '，') and the ideographic
#: space, as an East Asian input method types them: NFKC makes them ASCII. Nothing else is
#: normalised (NFKC would also make '²', '①' and '⒈' digits).
_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]+")
#: Arabic-Indic and Extended Arabic-Indic (Persian, Urdu) digits: one script's two sets,
#: mixed by keyboards that type a few of each ('۱۲' and '١٢' look alike).
_ARABIC_ZEROS = {0x0660, 0x06F0}
#: Year and month marks end a part of a date; the day mark ends the date (CJK and Korean).
_DATE_MARKS = re.compile(r"\s*[年月년월]\s*|\s*[日일]\s*$")


def plain_number(value: str) -> str:
    """``value`` with every digit an ASCII digit and full-width signs ('．', '－') plain;
    unchanged (so refused as no number) when its digits come from more than one script."""
    text = _FULL_WIDTH.sub(lambda m: unicodedata.normalize("NFKC", m.group()), value)
    text = text.translate(_ARABIC_MARKS)
    # Every script's decimal digits are decimal to Unicode, with the value they show; the
    # zero of each digit's set says which set it is from.
    zeros = {_zero(c) for c in text if c.isdecimal()}
    if len(zeros) > 1 and not zeros <= _ARABIC_ZEROS:
        return value
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def _zero(digit: str) -> int:
    """The code point of the zero of ``digit``'s set of ten."""
    return ord(digit) - unicodedata.decimal(digit)


def plain_date(value: str) -> str:
    """``value`` as a plain number text, with '2026年3月31日' read as '2026-3-31'."""

    def mark(match: re.Match[str]) -> str:
        return "" if match.group().strip() in "日일" else "-"

    return _DATE_MARKS.sub(mark, plain_number(value)).strip("-")
