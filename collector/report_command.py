"""``flask --app collector report SLUG``: the report as one self-contained HTML page.

The same page as the HR area's (:func:`collector.report.build_page`), with its CSS inline;
written owner-only, like the exports, since it can hold comments.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from . import output_file
from .cli_help import HELP_CONTEXT, examples
from .cli_loading import refuse_if_no_store
from .cli_signals import stop_cleanly
from .config import LOWEST_GROUP, ConfigError
from .export_paths import is_file
from .output_file import owner_only_output
from .report import ReportError, build_page, in_steps, settings
from .store_format import StoreError


@click.command(
    "report",
    context_settings=HELP_CONTEXT,
    epilog=examples(
        "report exit-en --output report.html",
        "report exit-nl --breakdown department --output rapport.html",
    ),
)
@click.argument("slug")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the page to this file (default: standard output).",
)
@click.option(
    "--breakdown",
    metavar="QUESTION_ID",
    help="Also show counts, % favourable and eNPS per answer to this one-answer question.",
)
@click.option(
    "--split-by",
    metavar="QUESTION_ID",
    help="Compare groups by this question (default: the first with 'voluntary' and 'dismissed').",
)
@click.option(
    "--min-group",
    type=click.IntRange(min=LOWEST_GROUP),
    help="Hide groups smaller than this: COLLECTOR_REPORT_MIN_GROUP (5 if not set) or more; "
    "it can only be raised.",
)
@click.option(
    "--min-text-group",
    type=click.IntRange(min=LOWEST_GROUP),
    help="List comments only from this many: COLLECTOR_REPORT_MIN_TEXT_GROUP (10 if not set) "
    "or more; it can only be raised.",
)
@with_appcontext
def report_command(
    slug: str,
    output: Path | None,
    breakdown: str | None,
    split_by: str | None,
    min_group: int | None,
    min_text_group: int | None,
) -> None:
    """Write the report of questionnaire SLUG (any language version) as one HTML page."""
    refuse_if_no_store("no report was written")
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    try:
        k, kt = settings(app.config)
        steps = in_steps(app.config)
    except ConfigError as exc:
        raise ReportError(str(exc)) from None
    # The operator's settings are the floor: a page HR can forward must not show a group
    # smaller than the collector allows (the HR area only ever raises them too).
    if min_group is not None and min_group < k:
        raise click.BadParameter(
            f"{min_group} is below COLLECTOR_REPORT_MIN_GROUP ({k}), the smallest group this "
            f"collector shows: give {k} or more, or leave --min-group out",
            param_hint="'--min-group'",
        )
    if min_text_group is not None and min_text_group < kt:
        # kt is never below k (comments never from fewer people than a group).
        setting = "COLLECTOR_REPORT_MIN_TEXT_GROUP" if kt > k else "COLLECTOR_REPORT_MIN_GROUP"
        raise click.BadParameter(
            f"{min_text_group} is below {setting} ({kt}), the fewest people this collector "
            f"lists comments from: give {kt} or more, or leave --min-text-group out",
            param_hint="'--min-text-group'",
        )
    k = min_group or k
    if min_text_group is not None and min_text_group < k:
        # Raised, not refused (comments never from fewer people than a group), but said:
        # the page must not be read as if comments from fewer were listed.
        click.echo(
            f"Comments are listed only from {k} on: --min-text-group {min_text_group} is "
            f"below the smallest group ({k}).",
            err=True,
        )
    kt = max(k, min_text_group or kt)
    to_file = is_file(output)
    with stop_cleanly(f"nothing was written to {output}" if to_file else "the page is incomplete"):
        try:
            html = build_page(
                app, slug, breakdown=breakdown, split_by=split_by, k=k, kt=kt, inline_css=True,
                steps=steps,
            )  # fmt: skip
        except StoreError as exc:
            raise ReportError(f"cannot read the responses: {exc}") from None
        if output is None:
            output_file.stdout()  # closed: say so, instead of exit 0 with the page gone
            click.echo(html, nl=False)
            return
        # Owner-only, like the exports: the page can hold comments.
        try:
            with owner_only_output(output) as stream:
                stream.write(html.encode("utf-8"))
        except OSError as exc:
            raise ReportError(f"cannot write {output}: {exc.strerror or exc}") from None
    if to_file:
        click.echo(f"Wrote the report of {slug} to {output}", err=True)


def init_app(app: Flask) -> None:
    """Register ``flask report``."""
    app.cli.add_command(report_command)
