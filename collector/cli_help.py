"""Wording the commands share: the examples at the end of each ``--help``, and counts.

HR run these commands a few times a year: the help shows the command line to copy, as
``git``, Datasette and sqlite-utils do, and not only the options it is made of.
"""

from __future__ import annotations

#: How every command line starts (README.md: run as the collector's user, with its settings).
FLASK = "flask --app collector"


def examples(*lines: str) -> str:
    """An epilog listing ``lines`` (each after ``flask --app collector``), kept as written."""
    shown = "\n".join(f"  {FLASK} {line}" for line in lines)
    return f"\b\nExamples:\n{shown}"


def counted(n: int, noun: str) -> str:
    """'1 response', '2 responses'."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
