"""Lines of "At a glance" that name things: the highest and lowest rated, and why the main
reasons for leaving are missing.

Kept apart from ``report_page.glance`` (which picks the numbers) so that each says one
thing: what a manager reading only this section would otherwise take the wrong way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from markupsafe import Markup

from . import model
from .model import Question
from .report_context import Context
from .report_formats import percent_text, short_label
from .report_measures import Measure


def rated_lines(ctx: Context, favs: Sequence[Measure], shown: Mapping[str, float]) -> list[Markup]:
    """The "Highest rated" and "Lowest rated" lines, naming every rating tied at the top or bottom.

    With two ratings at 36%, naming only the first as the lowest ranked the manager above
    the working conditions for no reason: the reader took the other for better. Ties are
    read as the page prints them (whole percentages). With every rating at the same share
    there is no highest or lowest to name.
    """
    if not favs:
        return []
    by_text: dict[str, list[Measure]] = {}
    for m in favs:
        by_text.setdefault(percent_text(shown[m.key]), []).append(m)
    if len(by_text) < 2:
        return []
    best = by_text[percent_text(max(shown[m.key] for m in favs))]
    worst = by_text[percent_text(min(shown[m.key] for m in favs))]
    lines = []
    for key, tied in (("glance_best", best), ("glance_worst", worst)):
        pct = percent_text(shown[tied[0].key])
        labels = [ctx.quote(short_label(m.question.text)) if m.question else "" for m in tied]
        if len(labels) == 1:
            lines.append(ctx.say(key, label=labels[0], pct=pct))
        else:
            joined = ctx.say(
                "glance_and",
                first=Markup(ctx.t["glance_list_sep"]).join(labels[:-1]),
                last=labels[-1],
            )
            lines.append(ctx.say(key + "_tied", labels=joined, pct=pct))
    return lines


def reasons_waiting(ctx: Context, questions: Sequence[Question]) -> dict | None:
    """Why the main reasons are not in "At a glance" yet, and when they will be; None when
    there is no multiple-choice question.

    Without it a manager reading the first report saw ratings and an eNPS, and no word on
    why people leave, the question they read it for. The note says no more than the
    question's own section does: too few answers, or asked only of some people in a
    hidden group (``ctx.held``).
    """
    for q in questions:
        if q.type != model.MULTIPLE_CHOICE:
            continue
        partition = ctx.held.get(q.id)
        if partition:
            note = ctx.say("glance_reasons_held", k=ctx.k, question=ctx.quote(partition))
        else:
            note = ctx.say("glance_reasons_few", k=ctx.k)
        return {"heading": q.text, "note": note}
    return None
