"""Why the app is being loaded: to print a command's help, to run a command, or to serve.

``flask --app collector CMD`` calls ``create_app()`` before it knows what CMD will do: to
list the commands (``--help``), to print one's help, or to run it. gunicorn, a script and
``flask run`` load it to serve. What start-up may do differs: help touches nothing and
says nothing else; a command that only reads may run on a data folder it cannot write
(a snapshot mounted read-only); a server must be able to store answers.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click
from flask import current_app
from flask.cli import FlaskGroup, routes_command, shell_command

from .cli_help import HELP_OPTIONS


def help_only(argv: Sequence[str] | None = None) -> bool:
    """True when the ``flask`` command line asks only for help (``flask --app collector
    --help``, ``... export --help`` or ``-h``): click prints it as soon as it reads the
    option, so the app need not be made, and must not warn about the data or output folder
    first."""
    if not loaded_by_command():
        return False  # gunicorn, a script, `flask run` (whose -h is its host): never a help screen
    args = sys.argv[1:] if argv is None else argv
    # After "--", "--help" is an argument, not the option.
    before = args[: list(args).index("--")] if "--" in args else args
    return any(option in before for option in HELP_OPTIONS)


def loaded_by_command() -> bool:
    """True when the ``flask`` group itself loads the app: to look up one of the collector's
    own commands (which say what they need of the data folder), or to list them for
    ``--help``; False for a server (gunicorn, a script, ``flask run``), which must be able
    to store answers from the start.

    `flask run` loads it inside its own command, and a Click program of an operator's (or
    a Click-based server) calls ``create_app()`` inside its own: having a Click context is
    no sign of a command. Taken for one, such a server started on a folder it may not
    write, and failed every leaver's post with a 500; with "--help" among its arguments,
    it served an app without pages.

    Flask's own ``routes`` and ``shell`` load it inside their command too, but only look:
    they count as commands (``_LOOKING_COMMANDS``); taken for a server, they made a whole
    store in a mistyped ``COLLECTOR_DATA_DIR``."""
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return False
    return isinstance(ctx.command, FlaskGroup) or ctx.command in _LOOKING_COMMANDS


#: Flask's commands that load the app inside themselves to look at it, never to serve
#: (``run`` serves: a first start makes the store).
_LOOKING_COMMANDS = (routes_command, shell_command)


def refuse_if_read_only(unchanged: str, *, may_start_store: bool = False) -> None:
    """Stop a command that changes the data folder, before it asks or does anything, when
    this process may only read it (``create_app`` loaded the app so for a command); the
    reason names the folder. ``unchanged`` says what was not done ("nothing was deleted").
    With ``may_start_store`` (set-password, restore), a folder without a store is no
    reason: the command makes it (``collector.start_store``)."""
    reason = current_app.config.get("DATA_READ_ONLY")
    if may_start_store and reason and reason == current_app.config.get("DATA_NO_STORE"):
        return
    if reason:
        raise click.ClickException(f"{unchanged}: {reason}")


def refuse_if_no_store(unchanged: str) -> None:
    """Stop a command that reads the store (or changes what is in it), before it does
    anything, when the data folder holds no store: ``create_app`` made none for a command
    (see ``data_folder.no_store``). ``unchanged`` says what was not done."""
    reason = current_app.config.get("DATA_NO_STORE")
    if reason:
        raise click.ClickException(f"{unchanged}: {reason}")


def new_folder_note(what: str) -> str:
    """The line a command that started a store prints: a typo in ``COLLECTOR_DATA_DIR``
    would otherwise go unseen (the collector keeps reading its own folder)."""
    folder = current_app.config["DATA_DIR"]
    return (
        f"Note: {folder} held no response store, so {what} a new data folder. If the "
        "collector runs already, it keeps its answers in another folder: give "
        "COLLECTOR_DATA_DIR as its server has it."
    )
