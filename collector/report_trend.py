"""The trend by quarter: ended quarters side by side, as a table and two line charts.

Quarters are groups like any other (``report_groups.group_table``), hidden for good in time
order (``report_hiding.hidden_periods``). The people the trend leaves out (the quarter still
running, responses dated by year only) are a hidden group too: the page's total minus the
quarters shown would otherwise count them, and the overall numbers minus the quarters'
would give their answers.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from .report_charts import line_chart
from .report_context import Context
from .report_dates import quarters_between
from .report_formats import coarse_date_text, percent_text, score_text, short_label
from .report_groups import group_table
from .report_measures import whole

#: Below this many responses in the first or last quarter, "At a glance" warns that a
#: change between them can be chance (one person moves a share of 25 by 4 points).
FEW_PER_QUARTER = 30


def trend(ctx: Context, running: str, in_steps: bool = False) -> dict | None:
    """Ended quarters with enough responses as a table and line charts; None until there
    are any. ``running`` (``YYYY-Qn``) is the first quarter the report does not count in
    full (``report_steps``: the quarter still under way, or one whose last months wait for
    the next step): a few weeks of it would look like a turn in the trend, and its count
    still changes, which the rule that hides quarters for good (``hidden_periods``) must
    not rest on."""
    every_quarter = ctx.tally.dimensions["quarter"]
    quarters = {q: v for q, v in every_quarter.items() if q < running}
    note = (
        ctx.t["trend_waiting" if in_steps else "trend_running"].format(
            quarter=coarse_date_text(running, ctx.lang)
        )
        if any(q >= running for q in every_quarter)
        else ""
    )
    if not quarters:
        return (
            {"wait": ctx.t["trend_wait"].format(k=ctx.k), "charts": [], "note": note}
            if note
            else None
        )
    every = quarters_between(min(quarters), max(quarters))
    labels = [(q, coarse_date_text(q, ctx.lang)) for q in every]
    # Everyone outside the trend: the running quarter, dates by year only. The total on
    # the page minus the quarters shown would count them, and the overall numbers minus
    # the quarters' would give their answers: the one person who left this month.
    rest = list(ctx.tally.overall)
    for q in every:
        for i, v in enumerate(every_quarter.get(q, ())):
            rest[i] -= v
    table = group_table(
        ctx, "quarter", labels, "trend-table", ctx.t["trend_table"], total=False, rest=rest
    )
    if len(table.columns) < 2:
        enough = sum(1 for v in quarters.values() if v[0] >= ctx.k)
        wait = ctx.t["trend_covered" if enough >= 2 else "trend_wait"].format(k=ctx.k)
        return {"wait": wait, "charts": [], "years_only": False, "note": note}
    shown = {label for label in table.columns}
    # Responses per quarter shown (the table's first row says them too), by label.
    sizes = {label: quarters[code][0] for code, label in labels if label in shown}
    charts = []
    picks = [m for m in ctx.measures if m.kind != "enps"][:1]
    picks += [m for m in ctx.measures if m.kind == "enps"][:1]
    for m in picks:
        row = next(cells for name, cells in table.rows if name == ctx.measure_label(m))
        values = dict(zip(table.columns, row, strict=True))
        points = []
        for _, label in labels:
            cell = values.get(label) if label in shown else None
            value = None if cell is None else cell.value
            quarter, year = label.split(" ")
            points.append((quarter, year, value))
        label = ctx.quote(short_label(m.question.text)) if m.question else ""
        if m.kind == "enps":
            caption, what = ctx.t["trend_enps"], ctx.t["trend_what_enps"]
            low, high, ticks, fmt = -100, 100, (-100, -50, 0, 50, 100), score_text
        elif m.kind == "fav_all":
            caption, what = ctx.t["trend_fav"], ctx.t["trend_what_fav"]
            low, high, ticks, fmt = 0, 100, (0, 25, 50, 75, 100), percent_text
        else:
            caption = ctx.say("trend_fav_one", label=label)
            what = ctx.say("trend_what_fav_one", label=label)
            low, high, ticks, fmt = 0, 100, (0, 25, 50, 75, 100), percent_text
        known = [
            (label, v)
            for (_, label), (_, _, v) in zip(labels, points, strict=True)
            if v is not None
        ]
        summary = (
            ctx.t["trend_summary"].format(
                start=fmt(known[0][1]), first=known[0][0], end=fmt(known[-1][1]), last=known[-1][0]
            )
            if known
            else ""
        )
        chart_id = f"trend-{m.key}"
        svg = line_chart(
            points,
            low=low,
            high=high,
            ticks=ticks,
            label=fmt,
            labelledby=f"{chart_id}-c {chart_id}-s",
        )
        charts.append(
            {
                "id": chart_id,
                "caption": caption,
                "summary": summary,
                "svg": svg,
                "change": _change(ctx, what, known, fmt, sizes),
            }
        )
    dated = sum(v[0] for v in every_quarter.values())
    years_only = dated < ctx.tally.n
    return {"wait": "", "table": table, "charts": charts, "years_only": years_only, "note": note}


def _change(
    ctx: Context,
    what: str | Markup,
    known: list[tuple[str, float]],
    fmt: Callable[[float], str],
    sizes: dict[str, int],
) -> str | Markup:
    """One sentence for "At a glance": did it rise or fall from the first quarter shown to
    the last? Only values the trend shows, compared as shown (rounded). With few responses
    in either quarter it says so: ten people more or less make a big jump by chance."""
    if len(known) < 2:
        return ""
    (first, start), (last, end) = known[0], known[-1]
    key = "trend_same" if whole(start) == whole(end) else "trend_up"
    if whole(end) < whole(start):
        key = "trend_down"
    text = ctx.say(key, what=what, start=fmt(start), end=fmt(end), first=first, last=last)
    if key != "trend_same" and min(sizes[first], sizes[last]) < FEW_PER_QUARTER:
        text += " " + ctx.t["trend_few"].format(
            first=ctx.num(sizes[first]), last=ctx.num(sizes[last])
        )
    return text
