"""The front matter's 'closed:' setting: HR closes a questionnaire and keeps its file.

Deleting the file closed it too, but a static host that keeps old files went on serving the
form, and the questionnaire left the builds (and the HR area's list of those being built).
A closed questionnaire is still parsed and checked, so that reopening it (removing the
line) builds exactly what was closed; its page says it has closed, and whom to ask.

Only yes or no: a date is refused. The build cannot close anything on a day by itself (a
static host serves what was built until the next build), and a closing day finer than the
collector's date precision would tell of every answer kept that it came before that day.
"""

from __future__ import annotations

import re

from .problems import Problems
from .question_settings import FALSE_WORDS, TRUE_WORDS

#: A date as HR writes one: 2026-12-31, 31-12-2026, 31/12/2026, 31.12.2026.
_DATE = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}$")


def closed_setting(value: str, raw_key: str, line: int, shown: str, problems: Problems) -> bool:
    """Whether 'closed:' closes the questionnaire; a value that is not yes or no is
    reported at its line (and leaves it open, which the build then does not write)."""
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    if _DATE.match(word):
        problems.add(
            shown,
            line,
            f"'{raw_key}' must be yes or no, not a date ('{value}'): the build cannot close "
            "a questionnaire on a day by itself, because the pages are only changed when "
            "build.py runs",
            f"on the day it should close, write '{raw_key}: yes' and build",
        )
    else:
        problems.add(
            shown,
            line,
            f"'{raw_key}' must be yes or no, not '{value}'",
            f"write '{raw_key}: yes' to close the questionnaire, or remove the line to keep "
            "it open",
        )
    return False
