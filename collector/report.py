"""The report: the pattern at a glance, never a person.

``flask --app collector report SLUG --output report.html`` writes one self-contained page
(CSS inline, charts as inline SVG, no script); the admin area shows the same page through
:func:`render_report`, which links ``/static/report.css`` instead, because the collector's
Content-Security-Policy allows no inline style. Both take the same code path, and the
minimum group size cannot be lowered by anything a browser sends. docs/report.md explains
the numbers and the small-group rules. The settings are ``report_settings``, the options
HR asks for ``report_options``, the template and stylesheet ``report_theme``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Flask, has_request_context, request

from . import report_cache, report_page
from .config import LOWEST_GROUP
from .dataset import Dataset, open_dataset, typed_only
from .export_typed import typed_versions
from .model import TEXT_TYPES, Question
from .odd_records import OddRecords, clean_text
from .report_codes import Codes, choice_codes
from .report_context import Context
from .report_dates import dated_today, period, quarter_of
from .report_formats import coarse_date_text, day_text
from .report_held import asked_of_hidden_groups
from .report_options import (
    Notice,
    ReportError,
    kept_options,
    notice_text,
    pick,
    raised_min_group,
    without_refused,
)
from .report_settings import in_steps, settings
from .report_stats import GROUPING_TYPES, SPLIT_CODES, Tally, iter_records, tally
from .report_steps import Steps
from .report_text import LANGUAGE_NAMES, report_text, words_language
from .report_theme import CSS_URL, css, css_url, render_page, report_css
from .report_trend import trend
from .report_versions import (
    answered_forms,
    asked_as_another_type,
    asked_notes,
    asked_of_some,
    asked_on_another_kind_of_scale,
    asked_with_other_codes,
    not_a_grouping,
    scale_history,
    versions_of,
    versions_on_other_scales,
)
from .state import collector_state
from .ui_text import page_text


class UnknownQuestionnaire(ReportError):
    """There is no built questionnaire with that slug (the admin area answers 404)."""


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
    k = raised_min_group(raw_min, k, notices)
    return build_page(
        app, slug, breakdown=breakdown or None, split_by=split_by or None, k=k,
        kt=max(kt, k), inline_css=inline_css, notices=notices, steps=in_steps(app.config),
    )  # fmt: skip


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
    dataset = _dataset(app, slug)
    form = dataset.primary
    t = report_text(form.language)
    said = None if notices is None else [notice_text(t, n) for n in notices]
    questions = dataset.questions()
    groupable = [q for q in questions if q.type in GROUPING_TYPES and q.choices]
    unknown: list[str] = []  # for the page: noted once the questions it can use are known
    first = len(said or ())
    on_page = said is not None
    split = pick(groupable, split_by, "--split-by", slug, unknown, on_page) or next(
        (q for q in groupable if set(SPLIT_CODES) <= {c.value for c in q.choices}), None
    )
    part = pick(groupable, breakdown, "--breakdown", slug, unknown, on_page)
    versions = dataset.versions
    # A rating asked as a choice question, or the reverse: left out, and no choices.
    other_codes = asked_with_other_codes(questions, versions)
    codes = choice_codes(versions, questions, form.language, other_codes)
    history = versions_of(versions)
    # In steps: only responses of ended periods, in steps of k or more, so that a report
    # made after one more leaver answered does not differ from this one by their answers.
    stepper = Steps(k, today) if steps else None
    # What the counts depend on besides the stored responses (report_cache).
    view = (
        split and split.id, part and part.id, (k, today) if steps else None,
        tuple((v.slug, v.version) for v in versions),
    )  # fmt: skip
    counted, stepper = report_cache.counted(
        dataset.store,
        dataset.slugs,
        view,
        lambda: (_tally(dataset, questions, (split, part), codes, other_codes, stepper), stepper),
    )
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

    split, part = without_refused(split, part, bool(split_by), refusal, said)
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
        "lang": words_language(form.language),
        "qlang": form.language,
        "t": t,
        "title": form.title,
        "k": k,
        "kt": kt,
        "notices": [*(said or []), *_left_out(counted.left_out, t)],
        "css": css(app) if inline_css else None,
        "css_url": css_url(app),
        "too_few": counted.n < k,
        "earlier": any(c.earlier for c in codes.values()),
        "made": t["made"].format(date=day_text(today, form.language)),
        "steps": steps,
    }
    if counted.n >= k:
        # The trend takes the quarters that count in full: none of them waits for a step.
        running = stepper.running() if stepper else quarter_of(f"{today:%Y-%m}") or ""
        page |= _results(ctx, dataset, questions, asked, some, (split, part), span, running, steps)
        # Only on the HR area's page: in a file (the download, inline_css) the form would go
        # nowhere; the file is the one `flask report` writes.
        on_hr_page = said is not None and not inline_css
        page["picker"] = (
            report_page.picker(usable, part, kept_options(app, split_by, split, k))
            if on_hr_page
            else None
        )
    # A lone surrogate in a comment (a hand edit) cannot be written as UTF-8: U+FFFD.
    return clean_text(render_page(app, page))


def _dataset(app: Flask, slug: str) -> Dataset:
    """The questionnaire ``slug`` belongs to, with its stored responses."""
    state = collector_state(app)
    try:
        return open_dataset(state.forms, state.store, slug)
    except (LookupError, ValueError) as exc:
        raise UnknownQuestionnaire(str(exc).strip("'\"")) from None


def _tally(
    dataset: Dataset,
    questions: list[Question],
    groupings: tuple[Question | None, Question | None],
    codes: dict[str, Codes],
    other_codes: dict[str, frozenset[str]],
    stepper: Steps | None,
) -> Tally:
    """The counts of every response the report takes (with ``stepper``, those that count):
    split and breakdown by ``groupings``; ``other_codes`` (``asked_with_other_codes``)."""
    # The same rule as the export's columns: another number of points, or reordered.
    other_scale = versions_on_other_scales(
        scale_history(questions, dataset.current_by_language, dataset.versions)
    )
    # A 0-10 question that became a rating (or the reverse) is another scale too: a
    # "7 of 10" is no "7 of 7". Left out by the same rule, with a note of its own.
    another_kind = asked_on_another_kind_of_scale(questions, dataset.versions)
    odd = OddRecords()
    records = iter_records(dataset.store, dataset.slugs, odd)
    if stepper:
        records = stepper.records(records)
    # Per version, the text boxes whose "prefer_not_to_say" was typed (also those that
    # are choice or number questions now): the export's rule (dataset.py).
    typed = {v.version: typed_only(v) for v in dataset.versions}
    typed[""] = typed_only(dataset.primary)  # a version the collector does not have
    # Words typed into a text box, as the export's __typed: the comments. Not a number or
    # a date given then: listed, it would show one person's age or start date, which the
    # report never shows of a number or date question (no choice either: a code given
    # then is no words, whatever it looks like).
    before = typed_versions(questions, dataset.versions, only=TEXT_TYPES)
    # By the version, not by the look of an answer: a "3000" typed into a text box is no
    # number for the median, and a date given then no comment (one person's start date).
    another = asked_as_another_type(questions, dataset.versions)
    split, part = groupings
    counted = tally(
        records,
        questions,
        split,
        part,
        codes,
        other_scale,
        typed,
        before,
        another,
        other_kind_of_scale=another_kind,
        other_codes=other_codes,
    )
    counted.left_out = odd.left_out
    odd.log(f"report of {dataset.primary.slug}")
    return counted


def _results(
    ctx: Context,
    dataset: Dataset,
    questions: list[Question],
    asked: dict[str, str],
    some: frozenset[str],
    groupings: tuple[Question | None, Question | None],
    span: tuple[str, str] | None,
    running: str,
    steps: bool,
) -> dict[str, Any]:
    """What the page shows once there are enough responses: the numbers, every view."""
    t, language = ctx.t, ctx.lang
    names = LANGUAGE_NAMES.get(language, LANGUAGE_NAMES["en"])
    # A language without built-in words is named as its texts file names it ("Deutsch").
    languages = ", ".join(
        names.get(f.language) or page_text(f)["language_name"] for f in dataset.forms
    )
    trend_view = trend(ctx, running=running, in_steps=steps)
    split, part = groupings
    return {
        "responses": t["responses"].format(n=ctx.num(ctx.tally.n)),
        "period": _period_text(span, t, language),
        "languages": t["languages"].format(languages=languages),
        "sections": report_page.sections(ctx, dataset.primary, questions, asked, some),
        "glance": report_page.glance(ctx, questions, trend_view),
        "trend": trend_view,
        "split": report_page.group_view(ctx, split, "split", t["split_title"]),
        "breakdown": report_page.group_view(ctx, part, "breakdown", t["breakdown"]),
        "comments": report_page.comments(ctx, questions, asked),
    }


def _left_out(count: int, t: dict[str, str]) -> list[str]:
    """The page's note on records it could not read: how many, nothing they hold."""
    if not count:
        return []
    return [t["left_out_one"] if count == 1 else t["left_out"].format(n=count)]


def _period_text(span: tuple[str, str] | None, t: dict[str, str], language: str) -> str:
    if span is None:
        return ""
    first, last = (coarse_date_text(d, language) for d in span)
    return t["period_one" if first == last else "period"].format(first=first, last=last)


def init_app(app: Flask) -> None:
    """Check the report settings and serve the report's stylesheet."""
    app.config["REPORT_MIN_GROUP"], app.config["REPORT_MIN_TEXT_GROUP"] = settings(app.config)
    app.config["REPORT_UPDATES"] = "in-steps" if in_steps(app.config) else "live"
    app.add_url_rule(CSS_URL, "report_css", report_css)


# ReportError, in_steps and settings live in report_options and report_settings; they are
# named here too, where the report command and the admin area have always found them.
__all__ = [
    "ReportError",
    "UnknownQuestionnaire",
    "build_page",
    "in_steps",
    "init_app",
    "render_report",
    "settings",
]
