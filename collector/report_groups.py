"""Tables of measures per group: the split, the breakdown and the trend's quarters.

Groups are columns, measures are rows. A hidden group is named under the table, never
counted, and within a row a measure resting on too few answers is hidden across the groups
by the same rule (``report_hiding``), so no cell can be worked out from the "All" column.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from .report_charts import bar, signed_bar
from .report_context import Context
from .report_formats import percent_text, score_text
from .report_hiding import hidden_groups, hidden_periods
from .report_measures import Measure

NO_CHART = Markup("")
#: The people outside every group of a table (sorts after any ``YYYY-Qn``).
REST = "~rest"


@dataclass
class Cell:
    text: str
    chart: Markup = NO_CHART
    hidden: bool = False
    value: float | None = None


@dataclass
class GroupTable:
    id: str
    caption: str
    columns: list[str]
    rows: list[tuple[str, list[Cell]]]
    hidden: list[str]
    any_hidden_cell: bool = False
    groups_shown: int = 0  # columns besides "All": with none, the table would only repeat it


def group_table(
    ctx: Context,
    dim: str,
    groups: list[tuple[str, str]],
    table_id: str,
    caption: str,
    *,
    total: bool = True,
    rest: list[int] | None = None,
) -> GroupTable:
    """Measures (rows) per group (columns); hidden groups are named, never counted.

    ``rest`` counts the people who are in none of ``groups`` (the trend: the running
    quarter and responses dated by year only). It is never shown, but the total minus the
    groups shown holds it, so it counts as a hidden group: when it and the hidden groups
    together hold 1 to k-1 people, one more group is hidden.
    """
    tally, layout, k = ctx.tally, ctx.tally.layout, ctx.k
    hide = hidden_periods if dim == "quarter" else hidden_groups
    zero = [0] * layout.width
    counts = {code: tally.dimensions[dim].get(code, zero) for code, _ in groups}
    forced = set()
    if rest is not None:
        counts[REST] = rest
        forced.add(REST)
    hidden = hide({c: v[0] for c, v in counts.items()}, k, forced=forced)
    shown = [(code, label) for code, label in groups if code not in hidden]
    table = GroupTable(
        id=table_id,
        caption=caption,
        columns=([ctx.t["all"]] if total else []) + [label for _, label in shown],
        rows=[],
        hidden=[label for code, label in groups if code in hidden],
        groups_shown=len(shown),
    )
    first = [Cell(ctx.num(tally.n))] if total else []
    table.rows.append(
        (
            ctx.t["glance_responses"].capitalize(),
            first + [Cell(ctx.num(counts[c][0])) for c, _ in shown],
        )
    )
    # Per column, the ratings shown: "all ratings together" pools only those (the pooled
    # value beside the shown ones would give a hidden one away), so it comes last.
    visible: dict[str, set[str]] = {code: set() for code in counts}
    overall_visible: set[str] = set()
    rows: dict[str, list[Cell]] = {}
    measures = ctx.measures  # none of a question asked of only some hidden groups
    for m in sorted(measures, key=lambda m: m.kind == "fav_all"):
        if m.kind == "fav_all":
            values = {code: layout.value(m, v, visible[code]) for code, v in counts.items()}
            overall = layout.value(m, tally.overall, overall_visible)
        else:
            values = {code: layout.value(m, v) for code, v in counts.items()}
            overall = layout.value(m, tally.overall)
        blank = hide({c: v[0] for c, v in values.items()}, k, forced=hidden)
        cells = [measure_cell(m, overall, k)] if total else []
        if m.kind == "fav" and total and not cells[0].hidden:
            overall_visible.add(m.key)
        for code, _ in shown:
            if code in blank:
                cells.append(Cell("–", hidden=True))
            else:
                cells.append(measure_cell(m, values[code], k))
                if m.kind == "fav" and not cells[-1].hidden:
                    visible[code].add(m.key)
        table.any_hidden_cell |= any(c.hidden for c in cells)
        rows[m.key] = cells
    table.rows += [(ctx.measure_label(m), rows[m.key]) for m in measures]
    return table


def measure_cell(m: Measure, value: tuple[int, float | None], k: int) -> Cell:
    answers, v = value
    if v is None or answers < k:
        return Cell("–", hidden=True)
    if m.kind == "enps":
        return Cell(score_text(v), signed_bar(v), value=v)
    return Cell(percent_text(v), bar(v, height=10), value=v)
