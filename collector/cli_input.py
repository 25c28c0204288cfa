"""Asking the person at the terminal: a yes before a deletion, the HR password.

Run with no one to answer (cron, CI, ``ssh host command``), standard input is at its end,
or closed (``<&-``, some job runners): click then printed a bare "Aborted!", a password
mismatch that nobody typed, or a traceback from deep inside ``input()`` or ``getpass``.
Each question here ends instead with one line that says nothing changed and how a script
gets it done (``--yes``, ``--password-stdin``).
"""

from __future__ import annotations

import getpass
import sys
import warnings

import click

#: How a script sets the password (README.md).
PASSWORD_PIPE = "printf '%s\\n' \"$PASSWORD\" | flask --app collector set-password --password-stdin"


def stdin_closed() -> bool:
    """Whether there is no standard input at all (started with it closed)."""
    return sys.stdin is None or sys.stdin.closed


def confirm(question: str, *, nothing: str) -> None:
    """Go on only on a yes; otherwise stop with exit code 1, saying ``nothing`` ("nothing
    was removed") and, when no answer could come, how a script skips the question."""
    try:
        if stdin_closed():
            raise click.Abort
        agreed = click.confirm(question, default=False)
    except click.Abort:  # end of input (or Ctrl-C at the question)
        if not stdin_closed():
            click.echo()  # end the question's line
        raise click.ClickException(
            f"no answer came, so {nothing}. Answer y in a terminal, or add --yes in a script."
        ) from None
    if not agreed:
        click.echo(f"{nothing[0].upper()}{nothing[1:]}.")
        raise SystemExit(1)


def ask_password(question: str, again: str) -> str:
    """The new password, typed twice without being shown."""
    if stdin_closed():
        raise _no_password("standard input is closed")
    with warnings.catch_warnings():
        # Without a terminal getpass warns with a line of its own source code; click
        # already says "Password input may be echoed".
        warnings.simplefilter("ignore", getpass.GetPassWarning)
        try:
            return click.prompt(question, hide_input=True, confirmation_prompt=again)
        except click.Abort:  # end of input (or Ctrl-C); click has ended the line
            raise _no_password("none was typed") from None


def password_line() -> str:
    """The first line of standard input (``--password-stdin``), without its line end."""
    if stdin_closed():
        raise _no_password("standard input is closed")
    with click.open_file("-", "r") as stdin:
        line = stdin.readline()
    if not line:  # an empty line is a password, too short (auth.set_password says so)
        raise _no_password("standard input was empty")
    return line.rstrip("\r\n")


def _no_password(why: str) -> click.ClickException:
    return click.ClickException(
        f"no password came ({why}), so the password was not changed. Type it in a "
        f"terminal, or pipe it in: {PASSWORD_PIPE}"
    )
