"""The report: the pattern at a glance, never a person.

``flask --app collector report SLUG --output report.html`` writes one self-contained page
(CSS inline, charts as inline SVG, no script); the admin area shows the same page through
:func:`render_report`, which links ``/static/report.css`` instead, because the collector's
Content-Security-Policy allows no inline style. Both take the same code path, and the
minimum group size cannot be lowered by anything a browser sends. docs/report.md explains
the numbers and the small-group rules.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from flask import Flask, Response, current_app, has_request_context, request
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import report_page
from .config import HIGHEST_GROUP, LOWEST_GROUP, PREFIX, REPORT_UPDATES, ConfigError
from .dataset import open_dataset
from .model import Question
from .render import DEFAULT_TEMPLATE_DIR
from .report_codes import choice_codes
from .report_context import Context
from .report_dates import dated_today, period, quarter_of
from .report_formats import coarse_date_text, day_text
from .report_questions import asked_of_hidden_groups
from .report_stats import GROUPING_TYPES, SPLIT_CODES, iter_records, tally
from .report_steps import Steps
from .report_text import LANGUAGE_NAMES, REPORT_TEXT, report_text
from .report_trend import trend
from .report_versions import (
    answered_forms,
    asked_notes,
    asked_of_some,
    not_a_grouping,
    scale_history,
    versions_of,
    versions_on_other_scales,
)
from .state import collector_state
from .ui_text import page_text

MIN_GROUP, MIN_TEXT_GROUP = 5, 10
#: A notice on the page: the key of its text, or the key and the values to fill in.
Notice = str | tuple[str, dict[str, Any]]
TEMPLATE = "report/report.html"
CSS_FILE = "report/static/report.css"
CSS_URL = "/static/report.css"


class ReportError(click.ClickException):
    """A report cannot be made as asked; the message says why and what to do instead."""


class UnknownQuestionnaire(ReportError):
    """There is no built questionnaire with that slug (the admin area answers 404)."""


def in_steps(config: Any) -> bool:
    """Whether responses join the report in steps (``COLLECTOR_REPORT_UPDATES=in-steps``)."""
    raw = config.get("REPORT_UPDATES") or os.environ.get(PREFIX + "REPORT_UPDATES") or "live"
    value = str(raw).strip().lower()
    if value not in REPORT_UPDATES:
        raise ConfigError(
            f"{PREFIX}REPORT_UPDATES must be one of {', '.join(REPORT_UPDATES)}, not {raw!r}"
        )
    return value == "in-steps"


def settings(config: Any) -> tuple[int, int]:
    """(k, k for comments) from the app config or ``COLLECTOR_REPORT_MIN_*``; ConfigError if bad."""
    k = _setting(config, "REPORT_MIN_GROUP", MIN_GROUP)
    return k, max(k, _setting(config, "REPORT_MIN_TEXT_GROUP", MIN_TEXT_GROUP))


def _setting(config: Any, name: str, default: int) -> int:
    raw = config.get(name)
    if raw is None:
        raw = os.environ.get(PREFIX + name)
    if raw is None or str(raw).strip() == "":
        return default
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise ConfigError(f"{PREFIX}{name} must be a whole number, not {raw!r}") from None
    if not LOWEST_GROUP <= value <= HIGHEST_GROUP:
        raise ConfigError(
            f"{PREFIX}{name} must be at least {LOWEST_GROUP} (smaller groups identify people, "
            f"and leavers are told no group of fewer than {LOWEST_GROUP} is shown), not {value}"
        )
    return value


def render_report(
    app: Flask,
    slug: str,
    *,
    breakdown: str | None = None,
    split_by: str | None = None,
    min_group: int | None = None,
    inline_css: bool = False,
) -> str:
    """The report of questionnaire ``slug`` as a complete HTML page, for the admin area
    (linking the collector's stylesheet) or, with ``inline_css``, as a file to download.

    In a request, ``?breakdown=``, ``?split_by=`` and ``?min_group=`` are read when the
    arguments are not given; a bad one becomes a notice on the page. ``min_group`` (either
    way) can only raise the configured minimum group size, never lower it. Raises
    ``UnknownQuestionnaire`` for an unknown slug, ``ConfigError`` for a bad setting and
    ``StoreError`` when the store reports damage (the admin area says so, as for downloads).
    """
    k, kt = settings(app.config)
    notices: list[Notice] = []
    raw_min: Any = min_group
    if has_request_context():
        breakdown = breakdown if breakdown is not None else request.args.get("breakdown")
        split_by = split_by if split_by is not None else request.args.get("split_by")
        raw_min = raw_min if raw_min is not None else request.args.get("min_group")
    if raw_min not in (None, ""):
        try:
            asked = int(raw_min)
        except (TypeError, ValueError):
            notices.append("bad_min_group")
        else:
            # Only ever raised, and never without saying so: HR who asked for 3 must not
            # read the page as if groups of 3 were shown.
            if asked < k:
                notices.append(("min_group_low", {"asked": asked, "k": k}))
            elif asked > HIGHEST_GROUP:
                notices.append(("min_group_high", {"asked": asked, "k": HIGHEST_GROUP}))
            k = max(k, min(asked, HIGHEST_GROUP))
    return build_page(
        app, slug, breakdown=breakdown or None, split_by=split_by or None, k=k,
        kt=max(kt, k), inline_css=inline_css, notices=notices, steps=in_steps(app.config),
    )  # fmt: skip


def _notice_text(t: dict[str, str], notice: Notice) -> str:
    """The words of ``notice`` in the report's language."""
    if isinstance(notice, str):
        return t.get(notice, notice)
    key, values = notice
    return t[key].format(**values)


def _kept_options(
    app: Flask, split_by: str | None, split: Question | None, k: int
) -> dict[str, str]:
    """The report's other options in the address, for the breakdown picker to send again:
    choosing a breakdown must not drop a raised smallest group (or a chosen split)."""
    kept = {}
    if split_by and split is not None:
        kept["split_by"] = split.id
    if k > settings(app.config)[0]:
        kept["min_group"] = str(k)
    return kept


def _pick(
    groupable: list[Question],
    value: str | None,
    option: str,
    slug: str,
    unknown: list[str],
    on_page: bool,
) -> Question | None:
    """The question ``option`` names, among those the report can group by. One it cannot
    is an error on the command line; on the page it is added to ``unknown``, for a notice."""
    found = next((q for q in groupable if q.id == value), None)
    if value and found is None:
        ids = ", ".join(q.id for q in groupable) or "none"
        if not on_page:
            raise ReportError(
                f"{option} {value}: {slug} has no question '{value}' with one answer from "
                f"a list (choose one of: {ids})"
            )
        unknown.append(value)
    return found


def _without_refused(
    split: Question | None,
    part: Question | None,
    split_chosen: bool,
    refusal: Callable[[Question | None], str],
    notices: list[str] | None,
) -> tuple[Question | None, Question | None]:
    """The split and the breakdown, each dropped when ``refusal`` gives a reason no view may
    show it. A chosen one (the breakdown, or a split HR named) is said: an error on the
    command line (``notices`` None), a notice on the page; the default split goes quietly."""
    for chosen, option in ((split, "--split-by"), (part, "--breakdown")):
        refused = refusal(chosen)
        if chosen is None or not refused:
            continue
        if chosen is part or split_chosen:
            if notices is None:
                raise ReportError(f"{option} {chosen.id}: {refused}")
            notices.append(refused)
        if chosen is part:
            part = None
        if chosen is split:
            split = None
    return split, part


def build_page(
    app: Flask,
    slug: str,
    *,
    breakdown: str | None,
    split_by: str | None,
    k: int,
    kt: int,
    inline_css: bool,
    notices: list[Notice] | None = None,
    today: dt.date | None = None,
    steps: bool = False,
) -> str:
    """The page; ``notices`` is None on the command line (a bad option is then an error).

    ``today`` (default: the date now in UTC, the clock responses are dated with) says
    which month and quarter are still running, and is the day the page says it was made.
    With ``steps`` a response counts only once its month has ended, and then in steps of
    ``k`` or more (``report_steps``). A damaged store raises ``StoreError``: each caller
    says so in its own way.
    """
    today = today or dated_today()
    if k < LOWEST_GROUP:
        raise ReportError(f"the minimum group size must be at least {LOWEST_GROUP}, not {k}")
    state = collector_state(app)
    try:
        dataset = open_dataset(state.forms, state.store, slug)
    except (LookupError, ValueError) as exc:
        raise UnknownQuestionnaire(str(exc).strip("'\"")) from None
    form = dataset.primary
    t = report_text(form.language)
    said = None if notices is None else [_notice_text(t, n) for n in notices]
    questions = dataset.questions()
    groupable = [q for q in questions if q.type in GROUPING_TYPES and q.choices]
    unknown: list[str] = []  # for the page: noted once the questions it can use are known
    first = len(said or ())
    on_page = said is not None
    split = _pick(groupable, split_by, "--split-by", slug, unknown, on_page) or next(
        (q for q in groupable if set(SPLIT_CODES) <= {c.value for c in q.choices}), None
    )
    part = _pick(groupable, breakdown, "--breakdown", slug, unknown, on_page)
    versions = dataset.versions
    codes = choice_codes(versions, questions, form.language)
    history = versions_of(versions)
    # The same rule as the export's columns: another number of points, or reordered.
    other_scale = versions_on_other_scales(
        scale_history(questions, dataset.current_by_language, versions)
    )
    records = iter_records(state.store, dataset.slugs)
    # In steps: only responses of ended periods, in steps of k or more, so that a report
    # made after one more leaver answered does not differ from this one by their answers.
    stepper = Steps(k, today) if steps else None
    if stepper:
        records = stepper.records(records)
    counted = tally(records, questions, split, part, codes, other_scale)
    ctx = Context(counted, t, form.language, k, kt)
    # Also an answered version's conditions: its answers are in the counts (rule 5).
    answered = answered_forms(versions, counted.by_version)
    ctx.held = asked_of_hidden_groups(ctx, [*dataset.forms, *answered])
    asked = asked_notes(
        history, questions, counted.by_version, t, k,
        lambda d: coarse_date_text(d, form.language),
    )  # fmt: skip
    some = asked_of_some(answered)

    def refusal(q: Question | None) -> str:
        return not_a_grouping(q, form, ctx.held, asked, some, t)

    split, part = _without_refused(split, part, bool(split_by), refusal, said)
    # What the picker offers; a notice naming more (one asked of some only) misled HR.
    usable = [q for q in groupable if not refusal(q)]
    if said is not None:
        ids = ", ".join(q.id for q in usable) or "–"
        said[first:first] = [t["bad_option"].format(value=v, choices=ids) for v in unknown]
    span = period(counted.dates, k)
    page: dict[str, Any] = {
        # The language of the report's own words, which are English for a questionnaire
        # in a language without built-in ones (texts-he.yml words the form, not the
        # report); the questionnaire's texts then carry their own language (qlang).
        "lang": form.language if form.language in REPORT_TEXT else "en",
        "qlang": form.language,
        "t": t,
        "title": form.title,
        "k": k,
        "kt": kt,
        "notices": said or [],
        "css": _css(app) if inline_css else None,
        "css_url": _css_url(app),
        "too_few": counted.n < k,
        "earlier": any(c.earlier for c in codes.values()),
        "made": t["made"].format(date=day_text(today, form.language)),
        "steps": steps,
    }
    if counted.n >= k:
        names = LANGUAGE_NAMES.get(form.language, LANGUAGE_NAMES["en"])
        # A language without built-in words is named as its texts file names it ("Deutsch").
        languages = ", ".join(
            names.get(f.language) or page_text(f)["language_name"] for f in dataset.forms
        )
        # The trend takes the quarters that count in full: none of them waits for a step.
        running = stepper.running() if stepper else quarter_of(f"{today:%Y-%m}") or ""
        trend_view = trend(ctx, running=running, in_steps=steps)
        page |= {
            "responses": t["responses"].format(n=ctx.num(counted.n)),
            "period": _period_text(span, t, form.language),
            "languages": t["languages"].format(languages=languages),
            "sections": report_page.sections(ctx, form, questions, asked, some),
            "glance": report_page.glance(ctx, questions, trend_view),
            "trend": trend_view,
            "split": report_page.group_view(ctx, split, "split", t["split_title"]),
            "breakdown": report_page.group_view(ctx, part, "breakdown", t["breakdown"]),
            "comments": report_page.comments(ctx, questions, asked),
            "picker": (
                report_page.picker(
                    usable,
                    part,
                    _kept_options(app, split_by, split, k),
                )
                # Only on the HR area's page: in a file (the download, inline_css) the form
                # would go nowhere; the file is the one `flask report` writes.
                if said is not None and not inline_css
                else None
            ),
        }
    return _environment(tuple(_template_dirs(app))).get_template(TEMPLATE).render(page)


def _period_text(span: tuple[str, str] | None, t: dict[str, str], language: str) -> str:
    if span is None:
        return ""
    first, last = (coarse_date_text(d, language) for d in span)
    return t["period_one" if first == last else "period"].format(first=first, last=last)


def _template_dirs(app: Flask) -> list[Path]:
    return [Path(d) for d in app.config.get("TEMPLATE_DIRS", ())] + [DEFAULT_TEMPLATE_DIR]


@functools.lru_cache(maxsize=8)
def _environment(dirs: tuple[Path, ...]) -> Environment:
    return Environment(
        loader=FileSystemLoader([str(d) for d in dirs]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _css(app: Flask) -> Markup:
    """report.css from the first template folder that has it (a theme may override it)."""
    for folder in _template_dirs(app):
        path = folder / CSS_FILE
        if path.is_file():
            return Markup(path.read_text(encoding="utf-8").replace("</", "<\\/"))
    return Markup("")


def _css_url(app: Flask) -> str:
    root = request.script_root if has_request_context() else ""
    digest = hashlib.sha256(str(_css(app)).encode()).hexdigest()[:10]
    return f"{root}{CSS_URL}?v={digest}"


def report_css() -> Response:
    """GET /static/report.css: the stylesheet the admin area's report links to."""
    response = Response(str(_css(current_app)), mimetype="text/css")
    response.cache_control.max_age = 86400
    response.cache_control.public = True
    return response


def init_app(app: Flask) -> None:
    """Check the report settings and serve the report's stylesheet."""
    app.config["REPORT_MIN_GROUP"], app.config["REPORT_MIN_TEXT_GROUP"] = settings(app.config)
    app.config["REPORT_UPDATES"] = "in-steps" if in_steps(app.config) else "live"
    app.add_url_rule(CSS_URL, "report_css", report_css)


__all__ = ["ReportError", "UnknownQuestionnaire", "init_app", "render_report"]
