"""Why the app is being loaded: to print a command's help, or to run or serve.

``flask --app collector CMD`` calls ``create_app()`` before it knows what CMD will do: to
list the commands (``--help``), to print one's help, or to run it. Help touches nothing
and says nothing else.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

#: The help option of every command (click's default; the collector adds no ``-h``).
HELP = "--help"


def help_only(argv: Sequence[str] | None = None) -> bool:
    """True when the ``flask`` command line asks only for help (``flask --app collector
    --help``, ``... export --help``): click prints it as soon as it reads ``--help``, so the
    app need not be made, and must not warn about the data or output folder first."""
    if click.get_current_context(silent=True) is None:
        return False  # gunicorn, a script: never a help screen
    args = sys.argv[1:] if argv is None else argv
    # After "--", "--help" is an argument, not the option.
    return HELP in (args[: list(args).index("--")] if "--" in args else args)
