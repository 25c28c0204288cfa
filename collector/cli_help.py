"""The examples at the end of each command's ``--help``.

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
