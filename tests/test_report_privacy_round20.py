"""Round 20: a manager trying to single out one leaver by comparing reports.

What it found: with ``COLLECTOR_REPORT_UPDATES=in-steps`` on a server whose time zone is
ahead of UTC, a report made just after midnight on the 1st took the month before as ended,
while the collector (dating answers in UTC) still dated new answers in it, so a report
made an hour later differed by one leaver's answers; the report could be broken down by a
question that an earlier version of the form asked only of some people; and the "At a
glance" card described the scales of ratings it had not pooled.
"""

from __future__ import annotations

import calendar
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.hr_area import login, set_password
from support.report_page import add, report

from collector import create_app
from collector.builder import build_site
from collector.report import ReportError


@pytest.fixture
def amsterdam(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The server's clock set to Amsterdam time (summer: UTC+2), as many HR servers are."""
    monkeypatch.setenv("TZ", "Europe/Amsterdam")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def at_utc(year: int, month: int, day: int, hour: int, minute: int) -> float:
    return float(calendar.timegm((year, month, day, hour, minute, 0, 0, 0, 0)))


def report_at(runner, monkeypatch: pytest.MonkeyPatch, utc: float) -> str:
    """``flask report exit-en`` as run at the moment ``utc``."""
    with monkeypatch.context() as m:
        m.setattr(time, "time", lambda: utc)
        result = runner.invoke(args=["report", "exit-en"])
    assert result.exit_code == 0, result.output
    return result.output


def test_in_steps_the_month_ends_by_the_clock_answers_are_dated_with(
    app, runner, monkeypatch, amsterdam
) -> None:
    """01:30 on 1 May in Amsterdam is 23:30 on 30 April in UTC: a leaver who answers then
    is dated April, so April has not ended for the report either. Before, the report
    counted April at 01:30, and the one made at 01:45 counted Sam too: their "10" was the
    only change."""
    app.config["REPORT_UPDATES"] = "in-steps"
    add(app, {"departure": "voluntary", "manager": "4", "recommend": "8"}, n=10, date="2026-03")
    add(app, {"departure": "voluntary", "manager": "2", "recommend": "3"}, n=5, date="2026-04")
    before = report_at(runner, monkeypatch, at_utc(2026, 4, 30, 23, 30))
    assert "10 responses" in before and "15 responses" not in before
    assert "Made on 30 April 2026" in before
    # Sam answers at 23:40 UTC (01:40 in Amsterdam): the collector dates it April.
    add(app, {"departure": "voluntary", "manager": "5", "recommend": "10"}, date="2026-04")
    after = report_at(runner, monkeypatch, at_utc(2026, 4, 30, 23, 45))
    assert after == before
    # Once April has ended in UTC too, it counts: a step of 6, never one person.
    may = report_at(runner, monkeypatch, at_utc(2026, 5, 1, 0, 30))
    assert "16 responses" in may


def test_the_downloaded_report_is_named_after_the_day_it_says_it_was_made(
    app, monkeypatch, amsterdam
) -> None:
    add(app, {"departure": "voluntary", "recommend": "8"}, n=6, date="2026-03")
    assert set_password(app).exit_code == 0
    client = app.test_client()
    with monkeypatch.context() as m:
        m.setattr(time, "time", lambda: at_utc(2026, 4, 30, 23, 30))
        login(client)
        download = client.get("/admin/report/exit-en/download")
    assert download.status_code == 200
    assert "2026-04-30" in download.headers["Content-Disposition"]
    assert "Made on 30 April 2026" in download.get_data(as_text=True)


# -- a question taken out of a condition -------------------------------------------------

COME_BACK_IF_DISMISSED = (
    ("### Would you consider working for us again in the future? {#come_back}\n",
     "### Would you consider working for us again in the future? {#come_back}\n"
     "- show if: departure = dismissed\n"),
    ("### Zou je in de toekomst nog eens bij ons willen werken? {#come_back}\n",
     "### Zou je in de toekomst nog eens bij ons willen werken? {#come_back}\n"
     "- show if: departure = dismissed\n"),
)  # fmt: skip


def test_no_breakdown_by_a_question_an_earlier_version_asked_of_some(versions) -> None:
    """In Q1 'come_back' was asked of the dismissed only; from Q2 of everyone. Its "No
    answer" column (the 12 who resigned in Q1, and Sam, dismissed, who skipped it) minus
    the Q1 column of the trend plus the dismissed column of the side by side was Sam: the
    only dismissed leaver whose manager rating was favourable."""
    app, rebuild = versions
    rebuild(*COME_BACK_IF_DISMISSED)
    add(app, {"departure": "voluntary", "manager": "4"}, n=12, date="2026-02")
    add(app, {"departure": "dismissed", "come_back": "no", "manager": "2"}, n=5, date="2026-02")
    add(app, {"departure": "dismissed", "manager": "5"}, date="2026-02")  # Sam
    rebuild(*((new, old) for old, new in COME_BACK_IF_DISMISSED))
    add(app, {"departure": "voluntary", "come_back": "yes", "manager": "4"}, n=10, date="2026-05")

    page = report(app, breakdown="come_back", notices=[])
    assert not page.has_id("breakdown-table")
    assert "is not broken down by “come_back”" in page.text()
    with pytest.raises(ReportError, match="--breakdown come_back: The report is not broken"):
        report(app, breakdown="come_back")
    # The HR area's picker does not offer it either; a question always asked of all is.
    assert set_password(app).exit_code == 0
    client = app.test_client()
    login(client)
    offered = client.get("/admin/report/exit-en").get_data(as_text=True)
    assert '<form class="picker"' in offered
    assert 'value="come_back"' not in offered and 'value="tenure"' in offered


def test_a_question_always_asked_of_everyone_still_breaks_down(versions) -> None:
    app, _ = versions
    add(app, {"departure": "voluntary", "come_back": "yes", "manager": "4"}, n=6)
    add(app, {"departure": "dismissed", "come_back": "no", "manager": "2"}, n=6)
    assert report(app, breakdown="come_back").has_id("breakdown-table")


# -- "At a glance" describes the ratings it pooled ----------------------------------------

THREE_POINTS = """---
title: Leaving
language: en
slug: leaving
privacy: Only HR reads the answers. Taking part is voluntary.
---

## Looking back {#back}

### How was the work? {#work}
- type: rating
- scale: quality

### How was your manager? {#boss}
- type: rating
- scale: quality

### How was the canteen? {#canteen}
- type: rating
- scale:
  - Bad
  - Fine
  - Good
"""


def test_the_glance_names_the_scale_of_the_ratings_it_pooled(tmp_path: Path) -> None:
    """Three people rated the canteen (3 points): not shown, so not pooled in the 80%
    beside it, which is the top 2 of 5 points only. The card said "the top 40% of each
    rating scale", as if the canteen were in it."""
    (tmp_path / "q").mkdir()
    (tmp_path / "q" / "leaving.md").write_text(THREE_POINTS, "utf-8")
    build_site(tmp_path / "q", tmp_path / "output")
    app = create_app(
        {"TESTING": True, "OUTPUT_DIR": tmp_path / "output", "DATA_DIR": tmp_path / "data"}
    )
    add(app, {"work": "5", "boss": "4"}, n=4, slug="leaving")
    add(app, {"work": "5", "boss": "1", "canteen": "1"}, n=1, slug="leaving")
    add(app, {"work": "1", "boss": "4", "canteen": "1"}, n=2, slug="leaving")
    page = report(app, slug="leaving")
    assert "Fewer than 5 answers: not shown" in page.by_id("q-canteen").text()
    glance = page.section("glance").text()
    assert "79% favourable, all ratings together" in glance  # 11 of 14, canteen left out
    assert "the top 2 of 5 points of each rating" in glance
    assert "top 40% of each rating scale" not in glance
