"""Wording the commands share: the examples at the end of each ``--help``, and counts.

HR run these commands a few times a year: the help shows the command line to copy, as
``git``, Datasette and sqlite-utils do, and not only the options it is made of.
"""

from __future__ import annotations

#: How every command line starts (README.md: run as the collector's user, with its settings).
FLASK = "flask --app collector"

#: The help options of every command: ``-h`` too, as build.py and most command-line tools
#: take it (click's default is ``--help`` alone). No command has an option ``-h``.
HELP_OPTIONS = ("-h", "--help")
HELP_CONTEXT = {"help_option_names": list(HELP_OPTIONS)}


def examples(*lines: str) -> str:
    """An epilog listing ``lines`` (each after ``flask --app collector``), kept as written."""
    shown = "\n".join(f"  {FLASK} {line}" for line in lines)
    return f"\b\nExamples:\n{shown}"


def counted(n: int, noun: str) -> str:
    """'1 response', '2 responses'."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
