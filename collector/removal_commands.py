"""HR's removals from the command line: ``flask --app collector delete-response | redact``.

What a column name takes is ``removal_asked.py``, as in the HR area; the store side
(rewriting a month safely, the list that keeps a restore from bringing a removed answer
back) is ``store_redact.py``; docs/hr-data.md is HR's step by step.
"""

from __future__ import annotations

from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext

from . import cli_input, removal_asked, store_redact
from .cli_help import HELP_CONTEXT, examples
from .cli_loading import refuse_if_read_only
from .state import collector_state
from .store import StoreError
from .store_redact import Found


def _response_id(text: str) -> str:
    try:
        return removal_asked.check_response_id(text)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None


def _find(doc_id: str) -> Found | None:
    """The response, or None after saying (exit 0) that HR deleted it already; a clean
    error when it is not stored at all."""
    store = collector_state().store
    try:
        found = store_redact.find(store, doc_id)
        if found is None and store_redact.removed_before(store, doc_id) is None:
            folder = current_app.config["DATA_DIR"]
            raise click.ClickException(
                f"no response with the ID {doc_id} is stored in {folder}. Copy the ID from "
                "the first column (response_id) of a recent export; run the command as the "
                "collector's user, with its COLLECTOR_DATA_DIR. A response purged for its "
                "age is gone already."
            )
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    return found


def _text_fields(found: Found) -> set[str]:
    """The answers of ``found`` that are words someone typed (not codes or numbers)."""
    return removal_asked.text_fields(found, collector_state().forms)


def _preview(value: Any) -> str:
    """The first characters of an answer, on one line (``removal_asked.preview``)."""
    shown = removal_asked.preview(value)
    return f'"{shown.text}" ({shown.length} characters)'


def _where(found: Found) -> str:
    return f"{found.slug}, filed under {found.month}"


def _remove(found: Found, fields: frozenset[str] | None) -> bool:
    """Remove it; False (and say so) when another HR command removed it meanwhile."""
    store = collector_state().store
    try:
        changed = store_redact.remove(store, found, fields)
    except StoreError as exc:
        raise click.ClickException(f"nothing was removed: {exc}") from None
    if not changed:
        click.echo("Nothing to do: it was removed meanwhile, by another command.")
    return bool(changed)


@click.command(
    "delete-response",
    context_settings=HELP_CONTEXT,
    epilog=examples("delete-response 3f2a9c0d5e6b4a7f8e9d0c1b2a3f4e5d"),
)
@click.argument("response_id")
@click.option(
    "--yes",
    is_flag=True,
    help="Do not ask for confirmation (and show none of the answers: scripts' output may be kept).",
)
@with_appcontext
def delete_response_command(response_id: str, yes: bool) -> None:
    """Delete the response RESPONSE_ID (the first column of an export) for good: from the
    store, so from every export and report made from now on, and from what a restore of an
    older backup brings back. Safe while the collector runs."""
    refuse_if_read_only("nothing was deleted")
    doc_id = _response_id(response_id)
    found = _find(doc_id)
    if found is None:
        click.echo(f"Nothing to do: HR deleted the response {doc_id} before.")
        return
    if not yes:
        click.echo(f"Response {doc_id} ({_where(found)}), {len(found.answers)} answers.")
        texts = sorted(_text_fields(found))
        if texts:
            click.echo("Its written answers, the first characters of each:")
            for name in texts:
                click.echo(f"  {removal_asked.shown(name)}: {_preview(found.answers[name])}")
        cli_input.confirm(
            "Delete this response for good? This cannot be undone", nothing="nothing was removed"
        )
    if _remove(found, None):
        click.echo(
            f"Deleted the response {doc_id} ({_where(found)}). Exports and reports made before "
            "still hold it: delete those copies (docs/hr-data.md)."
        )


@click.command(
    "redact",
    context_settings=HELP_CONTEXT,
    epilog=examples(
        "redact 3f2a9c0d5e6b4a7f8e9d0c1b2a3f4e5d closing",
        "redact 3f2a9c0d5e6b4a7f8e9d0c1b2a3f4e5d reasons__other   # the words of 'other'",
    ),
)
@click.argument("response_id")
@click.argument("question_id")
@click.option(
    "--yes",
    is_flag=True,
    help="Do not ask for confirmation (and do not show the answer: scripts' output may be kept).",
)
@with_appcontext
def redact_command(response_id: str, question_id: str, yes: bool) -> None:
    """Blank the answer to QUESTION_ID (its column in the export) of the response
    RESPONSE_ID (the first column) for good, keeping the rest of the response. The answer
    is then marked removed_by_hr in every export, left out of the report, and not brought back
    by a restore of an older backup. Safe while the collector runs."""
    refuse_if_read_only("nothing was changed")
    doc_id = _response_id(response_id)
    question_id = removal_asked.clean_column(question_id)
    found = _find(doc_id)
    if found is None:
        click.echo(f"Nothing to do: HR deleted the whole response {doc_id} before.")
        return
    try:
        fields = removal_asked.fields_for(found, question_id, collector_state().forms)
    except removal_asked.AlreadyRemoved as exc:
        click.echo(f"Nothing to do: {exc}.")
        return
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    names = ", ".join(sorted(fields))
    if not yes:
        click.echo(f"Response {doc_id} ({_where(found)}):")
        for name in sorted(fields):
            click.echo(f"  {removal_asked.shown(name)}: {_preview(found.answers[name])}")
        cli_input.confirm(
            "Blank this answer for good? This cannot be undone", nothing="nothing was removed"
        )
    if _remove(found, fields):
        click.echo(
            f"Blanked {names} of the response {doc_id} ({_where(found)}). Exports and reports "
            "made before still hold it: delete those copies (docs/hr-data.md)."
        )


__all__ = ["delete_response_command", "redact_command"]
