"""What HR asked of a report, checked: the split, the breakdown and a raised minimum group.

A bad option is an error on the command line (:class:`ReportError`) and a notice on the
HR area's page, which then shows what it can.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click
from flask import Flask

from .config import HIGHEST_GROUP
from .model import Question
from .report_settings import settings

#: A notice on the page: the key of its text, or the key and the values to fill in.
Notice = str | tuple[str, dict[str, Any]]


class ReportError(click.ClickException):
    """A report cannot be made as asked; the message says why and what to do instead."""


def raised_min_group(raw: Any, k: int, notices: list[Notice]) -> int:
    """The minimum group size ``k``, raised to ``?min_group=`` (``raw``) if that is higher;
    a value that is no whole number or out of range is said in ``notices``."""
    if raw in (None, ""):
        return k
    try:
        asked = int(raw)
    except (TypeError, ValueError):
        notices.append("bad_min_group")
        return k
    # Only ever raised, and never without saying so: HR who asked for 3 must not read the
    # page as if groups of 3 were shown.
    if asked < k:
        notices.append(("min_group_low", {"asked": asked, "k": k}))
    elif asked > HIGHEST_GROUP:
        notices.append(("min_group_high", {"asked": asked, "k": HIGHEST_GROUP}))
    return max(k, min(asked, HIGHEST_GROUP))


def notice_text(t: dict[str, str], notice: Notice) -> str:
    """The words of ``notice`` in the report's language."""
    if isinstance(notice, str):
        return t.get(notice, notice)
    key, values = notice
    return t[key].format(**values)


def kept_options(
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


def pick(
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


def without_refused(
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
