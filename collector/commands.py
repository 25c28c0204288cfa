"""HR and operator commands: ``flask --app collector export | set-password | purge``; backup and
restore (``backup_commands.py``), and HR's removals, ``delete-response | redact``
(``removal_commands.py``)."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

import collector

from . import (
    auth,
    cli_input,
    export,
    export_xlsx,
    retention_clock,
)
from .backup_commands import backup_command, restore_command
from .cli_help import HELP_CONTEXT, counted, examples
from .cli_loading import new_folder_note, refuse_if_no_store, refuse_if_read_only
from .cli_signals import stop_cleanly
from .dataset import open_dataset
from .export_paths import cannot_write, check_names, check_targets, choose_format, is_file
from .output_file import owner_only_output
from .removal_commands import delete_response_command, redact_command
from .state import collector_state
from .store import StoreError


def open_export(slug: str) -> export.Export:
    """The export of the questionnaire ``slug`` belongs to; a clean error if there is none."""
    state = collector_state()
    try:
        return export.Export(open_dataset(state.forms, state.store, slug))
    except LookupError as exc:
        raise click.ClickException(str(exc.args[0])) from None


def _write(path: Path | None, chunks: Iterable[bytes]) -> None:
    with owner_only_output(path) as stream:
        for chunk in chunks:
            stream.write(chunk)
        stream.flush()


@click.command(
    "export",
    context_settings=HELP_CONTEXT,
    epilog=examples(
        "export exit-en --output exit.xlsx",
        "export exit-nl --excel-nl --output vertrek.csv --codebook codeboek.csv",
        "export exit-en --format json | jq length",
    ),
)
@click.argument("slug")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(export.FORMATS),
    help="csv for any spreadsheet or tool, xlsx for Excel (with the codebook as a 2nd sheet), "
    "json for scripts. Default: what the --output file's name ends in (.xlsx, .json), "
    "else csv.",
)
@click.option(
    "--excel-nl",
    is_flag=True,
    help="csv for Excel with Dutch settings: UTF-8 with BOM, ';' between fields, CRLF line "
    "ends, decimal comma.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (made readable by you only). Default: standard output; xlsx needs a file.",
)
@click.option(
    "--codebook",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the codebook (columns, question texts per language, codes and labels) "
    "to this file, in the same format.",
)
@with_appcontext
def export_command(
    slug: str,
    fmt: str | None,
    excel_nl: bool,
    output: Path | None,
    codebook: Path | None,
) -> None:
    """Export every response to questionnaire SLUG (any of its languages) for HR."""
    refuse_if_no_store("nothing was exported")
    fmt = choose_format(fmt, excel_nl, output)
    if excel_nl and fmt != "csv":
        raise click.UsageError("--excel-nl only applies to --format csv")
    if fmt == "xlsx" and not is_file(output):
        raise click.UsageError("xlsx is a binary workbook: give a file with --output FILE.xlsx")
    if fmt == "xlsx" and codebook is not None and not is_file(codebook):
        raise click.UsageError("xlsx is a binary workbook: give a file with --codebook FILE.xlsx")
    check_names(fmt, {"--output": output, "--codebook": codebook}, excel_nl=excel_nl)
    check_targets(output, codebook)
    table = open_export(slug)
    writing = [output]  # the file being written is the last
    try:
        with stop_cleanly(lambda: _export_stopped(output, writing[-1])):
            _export_files(table, fmt, excel_nl, output, codebook, writing)
    except StoreError as exc:
        raise click.ClickException(f"cannot read the responses: {exc}") from None
    except BrokenPipeError:  # e.g. piped into `head`
        sys.stderr.close()
        return
    except OSError as exc:  # e.g. the disk filled up while writing
        if not is_file(writing[-1]):
            raise
        raise cannot_write(writing[-1], exc) from None
    _tell(slug, table, output)


def _export_files(
    table: export.Export,
    fmt: str,
    excel_nl: bool,
    output: Path | None,
    codebook: Path | None,
    writing: list[Path | None],
) -> None:
    """Write the export, then the codebook if asked, adding each file to ``writing``."""
    if fmt == "csv":
        _write(output, export.csv_chunks(table, excel_nl=excel_nl))
        if codebook:
            writing.append(codebook)
            _write(codebook, export.codebook_csv_chunks(table, excel_nl=excel_nl))
    elif fmt == "json":
        _write(output, export.json_chunks(table))
        if codebook:
            writing.append(codebook)
            _write(codebook, [export.codebook_json(table)])
    else:
        with owner_only_output(output) as stream:
            export_xlsx.write_xlsx(table, stream)
        if codebook:
            writing.append(codebook)
            with owner_only_output(codebook) as stream:
                export_xlsx.write_xlsx(table, stream, responses=False)


def _export_stopped(output: Path | None, current: Path | None) -> str:
    """What an export stopped by a signal did and did not write."""
    if not is_file(output):
        return "what reached standard output is incomplete"
    if current != output:
        return f"{output} was written; its codebook {current} was not"
    return f"nothing was written to {output}"


def _tell(slug: str, table: export.Export, output: Path | None) -> None:
    """Say on standard error what was written; warn when that is nothing at all."""
    count = table.rows_written
    slugs = ", ".join(table.dataset.slugs)
    left_out = table.odd.left_out
    if left_out:  # named one by one in the warnings logged above
        which = "that is" if left_out == 1 else "that are"
        click.echo(
            f"Warning: left out {counted(left_out, 'record')} {which} no response the export "
            "can read (named above; nothing in the store was changed)",
            err=True,
        )
    if is_file(output):
        click.echo(f"Exported {counted(count, 'response')} ({slugs}) to {output}", err=True)
    if count == 0:
        # Most often the command was run without the server's settings: its own data/
        # folder is empty (README.md, "Run the HR commands as the collector's user").
        folder = current_app.config["DATA_DIR"]
        click.echo(
            f"Warning: no responses to {slug} ({slugs}) are stored in {folder}. If there "
            "should be, run the command as the collector's user, with its COLLECTOR_DATA_DIR.",
            err=True,
        )


@click.command(
    "set-password",
    context_settings=HELP_CONTEXT,
    epilog=examples(
        "set-password",
        "set-password --password-stdin < password.txt",
    ),
)
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input (for scripts), "
    "instead of asking twice.",
)
@with_appcontext
def set_password_command(password_stdin: bool) -> None:
    """Set the password of the HR area at /admin (stored only as a salted hash)."""
    refuse_if_read_only("the password was not changed", may_start_store=True)
    if password_stdin:
        password = cli_input.password_line()
    else:
        password = cli_input.ask_password("New password for the HR area", "Type it again")
    auth.check_new_password(password)
    # Made only now, with a usable password in hand: a stopped prompt leaves no folder.
    new_folder = collector.start_store(current_app._get_current_object(), store=False)
    path = auth.set_password(current_app, password)
    click.echo(f"Password set: its hash is in {path}. Anyone signed in before must sign in again.")
    if new_folder:
        click.echo(new_folder_note("it is"), err=True)


@click.command(
    "purge",
    context_settings=HELP_CONTEXT,
    epilog=examples(
        "purge --older-than 24",
        "purge --older-than 24 --yes    # in a script: no question",
    ),
)
@click.option(
    "--older-than",
    "months",
    type=click.IntRange(1, 1200),
    required=True,
    metavar="MONTHS",
    help="Delete responses filed in months before the last MONTHS whole months "
    "(the current month always stays).",
)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def purge_command(months: int, yes: bool) -> None:
    """Delete old responses of every questionnaire, for good."""
    refuse_if_read_only("nothing was deleted")
    store = collector_state().store
    now = time.time()
    before = retention_clock.cutoff_month(months, retention_clock.utc_date(now))
    try:
        shards = retention_clock.list_shards(store)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    doomed: dict[str, list[str]] = {}
    for shard in shards:
        if shard.month < before:
            doomed.setdefault(shard.slug, []).append(shard.month)
    if not doomed:
        click.echo(f"Nothing to delete: no responses are filed before {before}.")
        return
    doubts = retention_clock.clock_doubts(
        shards,
        months,
        now,
        current_app.config.get("DATE_PRECISION", "month"),
        retention_clock.clock_seen(current_app),
    )
    if doubts:
        click.secho(
            f"Warning: the clock may be wrong: it says {retention_clock.stamp(now)}, and the "
            "response files disagree. Check it (date -u) before you delete:",
            err=True,
            fg="red",
            bold=True,
        )
        for doubt in doubts:
            click.echo(f"  * {doubt}", err=True)
    for slug, found in doomed.items():
        click.echo(f"{slug}: {', '.join(found)}")
    if not yes:
        cli_input.confirm(
            f"Delete every response filed before {before} (the months above)? This cannot be undone",
            nothing="nothing was deleted",
        )
    try:
        # Each month goes as a whole (one file): a stop leaves the rest for the next run.
        with stop_cleanly(
            "the months deleted so far are gone, the others are still there: run the same "
            "purge again to delete them"
        ):
            removed = store.purge(None, before)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    retention_clock.mark_clock_seen(current_app, now)  # the operator has vouched for the clock
    click.echo(f"Deleted {counted(removed, 'response')} filed before {before}.")


def init_app(app: Flask) -> None:
    app.cli.add_command(export_command)
    app.cli.add_command(set_password_command)
    app.cli.add_command(purge_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(delete_response_command)
    app.cli.add_command(redact_command)
