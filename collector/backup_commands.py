"""Operator commands: ``flask --app collector backup FILE | restore SOURCE``.

The archive itself is ``store_backup.py`` (writing) and ``store_restore.py`` (reading);
docs/storage.md says what a backup holds and how a restore merges.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

import collector

from . import auth, output_file, retention_clock, store_backup, store_restore
from .cli_help import HELP_CONTEXT, counted, examples
from .cli_loading import new_folder_note, refuse_if_no_store, refuse_if_read_only
from .cli_signals import stop_cleanly
from .data_folder import RESPONSES
from .export_paths import cannot_write, is_file
from .output_file import owner_only_output
from .state import collector_state
from .store import StoreError


@click.command(
    "backup",
    context_settings=HELP_CONTEXT,
    epilog=examples(
        "backup /var/backups/exit-survey/$(date +%F).tar.gz",
        "backup - | ssh backup-host 'cat > exit-survey.tar'    # - : standard output, uncompressed",
    ),
)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(file: Path) -> None:
    """Back up the answers, the form versions and the HR password to FILE, a .tar or
    .tar.gz archive (readable by you only; - for standard output), while the collector runs.

    The answers are taken as they were at one moment, each month in random order. Restore
    with the restore command, or unpack with tar -xf into an empty data folder."""
    # Before anything else: a nightly backup of a wrong folder must fail, not back up 0.
    refuse_if_no_store("nothing was backed up")
    gzip = store_backup.is_archive_name(file)
    if gzip is None and is_file(file):
        raise click.UsageError(
            f"give the backup a name ending in .tar.gz (or .tar, uncompressed), not "
            f"{file.name!r}: e.g. exit-survey-{time.strftime('%Y-%m-%d')}.tar.gz"
        )
    if not is_file(file) and output_file.stdout().isatty():
        # As gzip and tar refuse: binary on a terminal garbles it, and is no backup.
        raise click.UsageError(
            "a backup is a binary archive, not for a terminal: give a FILE, or send standard "
            "output on (backup - | ssh backup-host 'cat > exit-survey.tar')"
        )
    state = collector_state()
    data_dir = Path(current_app.config["DATA_DIR"])
    unfinished = "what reached standard output is incomplete"
    if is_file(file):
        unfinished = f"nothing was written to {file}"
    copy_dir = None  # the store's folder
    if state.store.read_only:
        # A snapshot: the shuffled copy of each month goes beside the backup (or to the
        # temporary folder, for standard output), unnamed and owner-only as ever.
        copy_dir = str(file.absolute().parent) if is_file(file) else tempfile.gettempdir()
    try:
        with stop_cleanly(unfinished), owner_only_output(file) as stream:
            summary = store_backup.write_backup(
                state.store,
                data_dir,
                auth.PASSWORD_FILE,
                stream,
                gzip=bool(gzip),
                copy_dir=copy_dir,
            )
    except StoreError as exc:
        raise click.ClickException(f"nothing was backed up: {exc}") from None
    except BrokenPipeError:
        # Unlike an export piped into `head`, a backup cut short is no backup: say so
        # (click would exit 1 without a word).
        if not is_file(file):  # what is left in stdout's buffer: no second error at exit
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        reader = f"what read {file}" if is_file(file) else "what read standard output"
        raise click.ClickException(
            f"the backup is cut off: {reader} stopped before its end (a lost ssh "
            "connection, a full disk there): take it again"
        ) from None
    except OSError as exc:
        if not is_file(file):
            raise
        raise cannot_write(file, exc) from None
    for damage in summary.damaged:
        click.secho(f"Warning: copied as it is: {damage}", err=True, fg="red")
    months = len(summary.shards)
    password = ", the HR password" if summary.password else ""
    click.echo(
        f"Backed up {counted(summary.responses, 'response')} "
        f"({counted(months, 'questionnaire month')}), {counted(summary.forms, 'form version')}"
        f"{password} to {file}",
        err=not is_file(file),
    )


@click.command(
    "restore",
    context_settings=HELP_CONTEXT,
    epilog=examples(
        "restore /var/backups/exit-survey/2026-11-01.tar.gz",
        "restore /mnt/old-server/var/lib/exit-survey",
    ),
)
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@with_appcontext
def restore_command(source: Path) -> None:
    """Add the answers of SOURCE this collector does not have: a file the backup command
    wrote, or a copy of a data folder (cp -a, rsync, tar).

    Safe while the collector runs. Nothing is replaced or deleted, and no answer is added
    twice, so running it again, or with an older backup, does no harm. Months older than
    COLLECTOR_RETENTION_MONTHS keeps are left out."""
    refuse_if_read_only("nothing was restored", may_start_store=True)
    data_dir = Path(current_app.config["DATA_DIR"])
    made: list[Path] = []  # the folders a restore into a new folder makes, innermost first
    if current_app.config.get("DATA_NO_STORE"):
        # The source first: a store made for a mistyped source, or an empty folder, would
        # have the next nightly backup of that folder say "Backed up 0 responses" again.
        made = _new_folders(data_dir)
        _check_source_for_new_folder(source, data_dir)
    new_folder = collector.start_store(current_app._get_current_object(), store=True)
    if new_folder:  # before the restore's own lines, which a long restore makes many
        click.echo(new_folder_note("the restore makes it"), err=True)
    state = collector_state()
    months = current_app.config.get("RETENTION_MONTHS") or 0
    keep_from = retention_clock.cutoff_month(months) if months > 0 else None
    try:
        with stop_cleanly(
            "the answers added so far stay, and none is added twice: run the same restore "
            "again to add the rest"
        ):
            summary = store_restore.restore(
                state.store, data_dir, auth.PASSWORD_FILE, source, keep_from
            )
    except StoreError as exc:
        message = str(exc)
        if _take_away(made):
            message = f"{message.rstrip('.')}. The new data folder {data_dir} was taken away again"
        raise click.ClickException(message) from None
    for shard in summary.shards:
        if shard.skipped:
            click.echo(
                f"{shard.slug} {shard.month}: left out, older than "
                f"COLLECTOR_RETENTION_MONTHS={months} keeps"
            )
        else:
            removed = f", {shard.removed} left out (deleted by HR)" if shard.removed else ""
            click.echo(
                f"{shard.slug} {shard.month}: {shard.added} added, {shard.present} already "
                f"stored{removed}"
            )
    for name in summary.ignored:
        click.echo(f"Ignored {name}: not part of a backup", err=True)
    password = {
        "restored": " The HR password was restored.",
        "kept": " The HR password set here was kept.",
    }.get(summary.password, "")
    removed = f" {summary.removed} left out: deleted by HR." if summary.removed else ""
    click.echo(
        f"Restored {counted(summary.added, 'response')}; {summary.present} already stored "
        f"(not added again).{removed} {counted(summary.forms, 'form version')} restored."
        f"{password}"
    )


def _check_source_for_new_folder(source: Path, data_dir: Path) -> None:
    """Stop, having made nothing, a restore into a folder without a store whose source is
    no backup, or a backup with nothing in it."""
    try:
        anything = store_restore.holds_anything(source, auth.PASSWORD_FILE)
    except StoreError as exc:
        raise click.ClickException(f"{exc}. Nothing was made in {data_dir}") from None
    if not anything:
        raise click.ClickException(
            f"{source} holds nothing to restore (no answers, form versions or HR password), "
            f"so nothing was made in {data_dir}: give a file the backup command wrote, or a "
            "copy of a data folder"
        )


def _new_folders(data_dir: Path) -> list[Path]:
    """The folders a restore into ``data_dir``, which holds no store, is about to make:
    the store's, then the data folder and its parents that are not there yet."""
    folders = [data_dir / RESPONSES]
    for folder in (data_dir, *data_dir.parents):
        if folder.exists():
            break
        folders.append(folder)
    return folders


def _take_away(folders: list[Path]) -> bool:
    """Remove ``folders``, innermost first, each only while it is empty: a restore that
    failed before it added anything leaves them so, and a file in one (a server started
    on the folder meanwhile, an answer a failed restore did add) is never removed. True
    when the store's folder is gone."""
    for folder in folders:
        with contextlib.suppress(OSError):
            folder.rmdir()
    return bool(folders) and not folders[0].exists()
