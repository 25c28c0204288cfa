"""The command line of ``python build.py``: build, check, or watch and rebuild."""

from __future__ import annotations

import contextlib
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import click

from .builder import build_site
from .cli_help import HELP_CONTEXT
from .id_lock import LOCK_NAME
from .render import DEFAULT_TEMPLATE_DIR
from .web_address import web_address

WATCH_INTERVAL = 0.5


@click.command(context_settings=HELP_CONTEXT)
@click.option(
    "--source",
    "source_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default="questionnaires",
    show_default=True,
    help="Folder with the questionnaire .md files.",
)
@click.option(
    "--output",
    "output_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default="output",
    show_default=True,
    help="Folder the site is written to (replaced as a whole).",
)
@click.option(
    "--templates",
    "template_dirs",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    multiple=True,
    envvar="BUILD_TEMPLATES",
    show_envvar=True,
    help="Folder with your own templates, searched before "
    "site_templates/; override one template at a time. Can be given more than once "
    "(in the variable: folders separated by ':').",
)
@click.option(
    "--collector-url",
    default="",
    callback=lambda ctx, param, value: _collector_url(value),
    envvar="COLLECTOR_PUBLIC_URL",
    show_envvar=True,
    help="Address of the collector when the pages are hosted elsewhere, e.g. "
    "https://survey.example.com. Empty: the forms post to the site that serves them.",
)
@click.option(
    "--check", is_flag=True, help="Check every questionnaire and report problems; write nothing."
)
@click.option(
    "--strict", is_flag=True, help="Treat warnings (such as a changed derived ID) as errors."
)
@click.option(
    "--accept-ids", is_flag=True, help=f"Accept changed derived IDs and update {LOCK_NAME}."
)
@click.option(
    "--watch",
    is_flag=True,
    help="Build, then rebuild whenever a questionnaire or template "
    "changes (for a live preview); stop with Ctrl+C.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
def build_command(
    source_dir: Path,
    output_dir: Path,
    template_dirs: tuple[Path, ...],
    collector_url: str,
    check: bool,
    strict: bool,
    accept_ids: bool,
    watch: bool,
    quiet: bool,
) -> None:
    """Build the exit-survey forms in SOURCE into a static site in OUTPUT.

    Every questionnaire is checked first; if anything is wrong, every problem is listed as
    file:line: what is wrong (how to fix it), the exit code is 1 and OUTPUT is left untouched.
    """

    def run_once() -> None:
        try:
            build_once()
        except OSError as exc:
            raise _cannot_write(exc, watch) from None

    def build_once() -> None:
        result = build_site(
            source_dir,
            output_dir,
            template_dirs=template_dirs,
            collector_url=collector_url,
            strict=strict,
            check=check,
            accept_ids=accept_ids,
        )
        for warning in sorted(result.warnings):
            click.echo(str(warning), err=True)
        if result.accepted:
            # With --check nothing is written: say so, or HR believes the change accepted.
            click.echo(
                f"Would be accepted, but --check writes nothing to {LOCK_NAME} (run without "
                "--check to accept):"
                if check
                else f"Accepted, and written to {LOCK_NAME}:",
                err=True,
            )
            for accepted in result.accepted:
                click.echo(f"  {accepted.path}:{accepted.line}: {accepted.message}", err=True)
        if not quiet:
            verb = "Checked" if check else "Built"
            where = "" if check else f" into {output_dir}/"
            # Forty names after every save in --watch hide what changed: the count will do.
            # A closed one said so: its form is no longer on the site.
            slugs = [f"{f.slug} (closed)" if f.closed else f.slug for f in result.forms]
            names = f": {', '.join(slugs)}" if len(slugs) <= MOST_NAMES else ""
            # In --watch, the time tells one rebuild's line from the last (they look alike).
            when = time.strftime("%H:%M:%S ") if watch else ""
            click.echo(f"{when}{verb} {len(slugs)} questionnaire(s){where}{names}")

    if not watch:
        run_once()
        return
    click.echo(f"Watching {source_dir}/ and the templates; press Ctrl+C to stop.")
    watched = [
        source_dir,
        DEFAULT_TEMPLATE_DIR,
        *template_dirs,
    ]
    last = None
    while True:
        snapshot = watched_files(watched, last)
        if snapshot != last:
            last = snapshot
            try:
                run_once()
            except click.ClickException as exc:
                # A broken template, an output folder that cannot be replaced or written
                # (a full disk, a folder without write access), like a questionnaire's
                # mistake, is fixed while the preview keeps watching.
                exc.show()
            # The build may have written the ID lock: take that in, but not a save made
            # while it ran, which would then never be built.
            last = with_lock_of(watched_files(watched, last), last, source_dir / LOCK_NAME)
        time.sleep(WATCH_INTERVAL)


#: Up to this many questionnaires are named after a build; more are counted.
MOST_NAMES = 10


def _cannot_write(exc: OSError, watch: bool) -> click.ClickException:
    """A file the build could not write (or read) as one line, without a traceback."""
    where = f": {exc.filename}" if exc.filename else ""
    # In --watch the fix (room on the disk, a permission) is outside the watched folders.
    again = " (fix it, then save a questionnaire or template to build again)" if watch else ""
    return click.ClickException(f"cannot write the site: {exc.strerror or exc}{where}{again}")


def _collector_url(value: str) -> str:
    """An http(s) address without query or fragment: the forms post to it. The same check,
    with the same words, as the collector's for ``COLLECTOR_PUBLIC_URL`` (web_address.py)."""
    value = value.strip()
    if not value:
        return ""
    parts, problem = web_address(value)
    if parts is None:
        raise click.BadParameter(problem, param_hint="--collector-url")
    return value.rstrip("/")


def watched_files(folders: list[Path], last: tuple | None = None) -> tuple | None:
    """What ``--watch`` compares to see a change: every watched file's name, time and size;
    ``last`` if a folder went away meanwhile (an editor's temporary folder): the next look
    tells."""
    try:
        return tuple(sorted(_stats(folders)))
    except OSError:
        return last


def with_lock_of(after: tuple | None, before: tuple | None, lock: Path) -> tuple | None:
    """``before`` (what a build started from) with the ID lock as it is in ``after``.

    What the build writes into the lock must not start another build, but a questionnaire
    or template saved while the build ran must: the next look then sees it changed.
    """
    if after is None or before is None:
        return after
    name = str(lock)
    others = [entry for entry in before if entry[0] != name]
    return tuple(sorted([*others, *(entry for entry in after if entry[0] == name)]))


def _stats(folders: list[Path]) -> Iterator[tuple[str, int, int]]:
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in folder.rglob("*"):
            # The ID lock counts too: after a damaged one is restored, the build runs again.
            # (What the build itself writes into it is taken in after every build.)
            try:
                info = path.lstat()  # never opens it: a named pipe would wait for ever
            except OSError:
                continue  # an editor's temporary file, gone between listing and looking
            if stat.S_ISLNK(info.st_mode):
                # A link counts as the file it leads to, as edited; a link to nothing, or a
                # loop, as the link itself.
                with contextlib.suppress(OSError):
                    info = path.stat()
            if stat.S_ISREG(info.st_mode):
                yield (str(path), info.st_mtime_ns, info.st_size)
            else:
                # A folder, a named pipe or a broken link named x.md is a mistake the build
                # reports: adding or removing one must build again. Only its kind counts
                # (a folder's time changes whenever a file in it does).
                yield (str(path), 0, -stat.S_IFMT(info.st_mode))
