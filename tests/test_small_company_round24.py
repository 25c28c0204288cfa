"""Round 24: a company of 250 in four departments (one of 9 people), about 25 leavers a
year, HR reading the report after 1, 3, 6 and 12 months and management getting it on paper
each quarter.

What it found: "At a glance", the part management reads, named one rating as the lowest
when two shared the lowest share (the manager at 36% went unnamed beside the working
conditions at 36%), and said nothing at all about the main reasons for leaving for the
first half year, when they were hidden (asked only of those who resigned, a group the
report could not show yet): a reader took them for missing, not for waiting.
"""

from __future__ import annotations

import re

import pytest
from support.report_page import add, report

from collector.report_charts import line_chart


def _glance(page) -> str:
    return re.sub(r"\s+", " ", page.section("glance").text())


def _ratings(conditions: str, work: str, manager: str) -> dict[str, str]:
    return {"conditions": conditions, "work_itself": work, "manager": manager}


def test_at_a_glance_names_every_rating_tied_for_lowest_and_highest(app) -> None:
    # 10 leavers: working conditions and manager both 30% favourable, work itself 80%.
    for i in range(10):
        low = "4" if i < 3 else "2"
        add(app, {"departure": "voluntary", **_ratings(low, "4" if i < 8 else "2", low)})
    glance = _glance(report(app))
    assert (
        "Lowest rated, equally: My working conditions were good and How did you experience "
        "working with your direct manager? (30% favourable each)." in glance
    )
    assert "Highest rated: The work itself suited me (80% favourable)." in glance


def test_ties_are_read_as_printed_and_dutch_lists_them_too(app) -> None:
    # Three ratings: 2 of 7 (29%), 2 of 7 (29%), 6 of 7 (86%); in Dutch.
    for i in range(7):
        add(
            app,
            {"departure": "voluntary", **_ratings(*(["4"] * 3 if i < 2 else ["2", "2", "2"]))}
            | {"work_itself": "4" if i < 6 else "2"},
            slug="exit-nl",
        )
    glance = _glance(report(app, "exit-nl"))
    assert "Laagst beoordeeld, gelijk: " in glance and "(elk 29% positief)." in glance
    assert "Hoogst beoordeeld: Het werk zelf paste bij mij (86% positief)." in glance


def test_every_rating_at_the_same_share_names_none(app) -> None:
    for _ in range(6):
        add(app, {"departure": "voluntary", **_ratings("4", "4", "4")})
    glance = _glance(report(app))
    assert "Highest rated" not in glance and "Lowest rated" not in glance


def test_at_a_glance_says_why_the_main_reasons_wait_and_when_they_show(app) -> None:
    """The first quarter of the small company: 5 resigned, 1 dismissed, 1 contract ended.
    "I resigned" is hidden with the two others (they hold 2), so the reasons, asked of
    those who resigned only, are held back: the glance says so instead of leaving them out
    without a word."""
    add(app, {"departure": "voluntary", "reasons": ["pay"], "manager": "4"}, n=5)
    add(app, {"departure": "dismissed", "manager": "2"})
    add(app, {"departure": "contract_end", "manager": "3"})
    page = report(app)
    glance = _glance(page)
    assert "What were the main reasons you decided to leave?" in glance
    assert (
        "Not shown yet: it is asked only of some of the people whose answer to “How did "
        "your employment end?” is not shown" in glance
    )
    assert "It is shown once those answers can be, as more people respond." in glance
    # Nothing more than the question's own section says: no count, no reason named.
    assert "Pay and benefits" not in glance and not re.search(r"\b[1-7] (people|answers)", glance)
    # Once the others hold 5, "I resigned" and the reasons show, and the note goes.
    add(app, {"departure": "retirement", "manager": "3"}, n=3)
    glance = _glance(report(app))
    assert "Pay and benefits: 100%" in glance and "Not shown yet" not in glance


def test_at_a_glance_says_the_reasons_wait_for_k_answers(app) -> None:
    # 6 responses, only 4 of them answered the reasons (the others skipped it).
    add(app, {"departure": "voluntary", "reasons": ["growth"], "manager": "4"}, n=4)
    add(app, {"departure": "voluntary", "manager": "4"}, n=2)
    glance = _glance(report(app))
    assert (
        "Not shown yet: fewer than 5 people have answered it. It is shown from 5 answers on."
        in glance
    )
    nl = _glance(report(app, "exit-nl"))
    assert "Nog niet getoond: minder dan 5 mensen hebben deze vraag beantwoord." in nl


@pytest.mark.parametrize("value", [-100, -95, -90, -83, -80, -70, -50, -10, 0, 40, 100])
def test_an_enps_point_label_keeps_clear_of_the_axis_labels(value):
    """A quarter's eNPS label below its point ran into the quarter's name under the chart
    (-83 touched "Q4" in the printed report): every label ends 3 px or more above them."""

    svg = str(
        line_chart(
            [("Q1", "2026", 10.0), ("Q4", "2026", float(value))],
            low=-100,
            high=100,
            ticks=[-100, 0, 100],
            label=lambda v: f"{v:+.0f}",
            labelledby="c",
        )
    )
    value_y = [
        float(y) for y in re.findall(r'<text x="[\d.]+" y="([\d.]+)"[^>]*font-weight="700"', svg)
    ]
    axis_y = [
        float(y)
        for y in re.findall(
            r'<text x="[\d.]+" y="(\d+)" text-anchor="middle" font-size="13" fill="#', svg
        )
    ]
    assert len(value_y) == 2 and axis_y
    # Font size 13: a label's digits reach about 10 px above its baseline; the value label's
    # white halo 2 px below its baseline.
    top_of_axis_labels = min(axis_y) - 10
    assert max(value_y) + 2 <= top_of_axis_labels - 3
