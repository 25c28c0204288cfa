"""The thirteenth audit round: an HR manager who knows that "Sam from Finance left in March"
tries to learn Sam's answers from the report alone.

Each test is one finding, read as that reader would: reloading the report before and after
Sam answered showed every answer Sam gave, comment included; a date question named the one
year only Sam answered; the "other, namely" texts of a hidden "Other" group counted it, and
so the few people hidden with it; and a minimum group size of 3 or 4 made the privacy
statement leavers read untrue.
"""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
from pathlib import Path

import pytest
from support.report_page import Page, add, report, table_of

from collector import create_app
from collector.builder import build_site
from collector.config import ConfigError
from collector.report import render_report

EXAMPLES = Path(__file__).resolve().parent.parent / "questionnaires"

SAM = {
    "departure": "voluntary",
    "reasons": ["manager"],
    "manager": "1",
    "recommend": "2",
    "department": "finance",
    "improve": "Sam's own words about the manager.",
}


def colleague(i: int) -> dict:
    return {
        "departure": "voluntary" if i % 2 else "dismissed",
        "manager": str(2 + i % 4),
        "recommend": str(5 + i % 6),
        "department": "it" if i % 3 else "sales",
        "improve": f"Comment number {i}.",
    }


def enps_counts(page: Page) -> list[str]:
    """The "Show the numbers" row under the eNPS: how many gave each score from 0 to 10."""
    return table_of(page, "q-recommend")["Number"]


def manager_counts(page: Page) -> list[str]:
    rows = table_of(page, "q-manager")
    return next(v for k, v in rows.items() if k.startswith("How did you experience"))


# -- 1. reloading the report before and after one person answered -----------------------------


def test_reloading_the_report_after_one_answer_shows_nothing_of_it(app) -> None:
    """12 leavers in February; Sam answers in March. Reloaded the same day, the page said
    13 responses, the eNPS table had one more 2, the manager's one more "Very poor", the
    reasons one more "My manager", and Sam's comment was the one new line: all of Sam's
    answers, together. With COLLECTOR_REPORT_UPDATES=in-steps, Sam waits until a step of 5
    has come in since February."""
    for i in range(12):
        add(app, colleague(i), date="2026-02")
    today = dt.date(2026, 3, 20)
    before = report(app, today=today, steps=True)
    add(app, SAM, date="2026-03")
    for day in (today, dt.date(2026, 4, 2)):  # the same day, and once March has ended
        after = report(app, today=day, steps=True)
        assert "12 responses" in after.by_id("meta").text()
        assert enps_counts(after) == enps_counts(before)
        assert manager_counts(after) == manager_counts(before)
        assert "Sam's own words" not in after.text()
    for i in range(3):
        add(app, colleague(20 + i), date="2026-04")
    assert "Sam's own words" not in report(app, today=dt.date(2026, 5, 4), steps=True).text()
    # The fifth since February closes a step: Sam counts among five new people at once.
    add(app, colleague(23), date="2026-04")
    later = report(app, today=dt.date(2026, 5, 4), steps=True)
    assert "17 responses" in later.by_id("meta").text()
    assert "Sam's own words" in later.text()


def test_the_hr_area_report_does_not_move_when_one_leaver_answers_this_month(app) -> None:
    """The admin page is made "now": a leaver who answers today is dated this month."""
    app.config["REPORT_UPDATES"] = "in-steps"
    today = dt.date.today()
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    for i in range(6):
        add(app, colleague(i), date=last_month)
    before = Page(render_report(app, "exit-en"))
    add(app, SAM, date=today.strftime("%Y-%m"))
    after = Page(render_report(app, "exit-en"))
    assert "6 responses" in before.by_id("meta").text()
    assert "6 responses" in after.by_id("meta").text()
    assert enps_counts(after) == enps_counts(before)
    assert "Sam's own words" not in after.text()


@pytest.mark.parametrize(
    "arrivals",
    [
        [2, 1, 3, 0, 1, 6, 0, 4, 1, 0],
        [4, 4, 0, 1, 1, 0, 1, 2, 0, 3],
        [1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    ],
)
def test_reports_made_as_leavers_answer_differ_by_k_or_more(app, arrivals: list) -> None:
    """Leavers answer month after month (arrivals[i] in month i + 1 of 2025), and HR makes
    a report after every answer: the number of responses on the page never grows by 1 to 4,
    and neither does any count in the eNPS table."""
    seen: list[tuple[int, list[int]]] = []
    for i, n in enumerate(arrivals):
        for _ in range(n):
            add(app, {"recommend": str(len(seen) % 11)}, date=f"2025-{i + 1:02d}")
            page = report(app, today=dt.date(2025, i + 1, 28), steps=True)
            meta = page.by_id("meta").text()
            if " responses" not in meta:
                seen.append((0, [0] * 11))
                continue
            seen.append((int(meta.split(" responses")[0]), [int(c) for c in enps_counts(page)]))
    for (before, counts), (after, later) in itertools.pairwise(seen):
        assert after - before == 0 or after - before >= 5, [n for n, _ in seen]
        assert sum(later) - sum(counts) in (0, after - before)
    assert seen[-1][0] >= 5


def test_by_default_a_report_counts_every_response_at_once(app) -> None:
    """Without the setting the report is live (what most HR teams expect after a test
    round), and says plainly that comparing two reports shows what came in between."""
    for i in range(12):
        add(app, colleague(i), date="2026-02")
    add(app, SAM, date="2026-03")
    page = report(app, today=dt.date(2026, 3, 20))
    assert "13 responses" in page.by_id("meta").text()
    about = page.section("about").text()
    assert "the difference shows what the few people who answered in between said" in about
    assert "in steps" not in about


def test_the_steps_setting_is_checked_at_start_up(built_site: Path, tmp_path: Path) -> None:
    config = {"OUTPUT_DIR": built_site, "DATA_DIR": tmp_path / "d", "REPORT_UPDATES": "weekly"}
    with pytest.raises(ConfigError, match="REPORT_UPDATES must be one of live, in-steps"):
        create_app(config)
    config["REPORT_UPDATES"] = "In-Steps"
    assert create_app(config).config["REPORT_UPDATES"] == "in-steps"


# -- 2. a date question named the years people answered ---------------------------------------

PROBE = """---
title: Probe
language: en
slug: probe-en
privacy: |
  Anonymous.
---

## Main {#main}

### When did you start here? {#started}
- type: date
- month only: yes

### Department {#dept}
- type: single choice
- choices:
  - it: IT
  - sales: Sales
  - finance: Finance
- other: yes

### How did you experience working with your direct manager? {#manager}
- type: rating
- scale: quality
"""


@pytest.fixture
def probe(tmp_path: Path):
    """A collector with the examples and a questionnaire with a date and an "Other"."""
    source = tmp_path / "questionnaires"
    source.mkdir()
    for path in EXAMPLES.glob("*.md"):
        shutil.copy(path, source / path.name)
    (source / "probe-en.md").write_text(PROBE, "utf-8")
    build_site(source, tmp_path / "output")
    return create_app(
        {"TESTING": True, "OUTPUT_DIR": tmp_path / "output", "DATA_DIR": tmp_path / "data"}
    )


def test_a_date_question_names_no_year_that_only_a_few_answered(probe) -> None:
    """Sam is the only leaver who started in 1994: "Not shown: 1994, 2019" said so."""
    add(probe, {"started": "2019-03"}, n=6, slug="probe-en")
    add(probe, {"started": "2020-05"}, n=6, slug="probe-en")
    add(probe, {"started": "1994-09"}, slug="probe-en")
    page = report(probe, "probe-en")
    block = page.by_id("q-started")
    assert table_of(page, "q-started")["2020"] == ["6", "46%"]
    assert "1994" not in block.text() and "2019" not in block.text()
    assert "Not shown (fewer than 5 responses" in block.text()
    assert "other years, No answer." in block.text()


# -- 3. the "other, namely" texts of a hidden "Other" group ----------------------------------


def test_the_other_texts_of_a_hidden_other_group_are_not_listed(probe) -> None:
    """IT 12, Sales 12, Other 10 (each wrote a team), Finance 2: Finance is hidden, and
    Other with it as cover. "Department – Other, namely: 10 answers" then said Other held
    10, so Finance and "No answer" held the other 2 of the 12 hidden."""
    add(probe, {"dept": "it", "manager": "4"}, n=12, slug="probe-en")
    add(probe, {"dept": "sales", "manager": "3"}, n=12, slug="probe-en")
    for i in range(10):
        add(probe, {"dept": "other", "dept__other": f"Team {i}", "manager": "3"}, slug="probe-en")
    add(probe, {"dept": "finance", "manager": "1"}, n=2, slug="probe-en")
    page = report(probe, "probe-en", breakdown="dept")
    assert "Finance, Other, namely, No answer" in page.by_id("q-dept").text()
    comments = page.section("comments").text()
    assert "Team 3" not in comments and "10 answers" not in comments
    assert "Not listed, because the answer they belong to is not shown" in comments
    assert "Department – Other, namely" in page.by_id("c-held").text()
    # With Other the largest group, IT goes as cover instead, and the texts are listed.
    for i in range(10, 20):
        add(probe, {"dept": "other", "dept__other": f"Team {i}", "manager": "3"}, slug="probe-en")
    page = report(probe, "probe-en", breakdown="dept")
    assert table_of(page, "q-dept")["Other, namely"] == ["20", "43%"]
    assert "Team 3" in page.section("comments").text()
    assert not page.has_id("c-held")


# -- 4. a minimum group below what leavers are told ----------------------------------------


@pytest.mark.parametrize("value", ["3", "4"])
def test_a_minimum_group_below_five_stops_the_collector(
    built_site: Path, tmp_path: Path, monkeypatch, value: str
) -> None:
    """The privacy text leavers read says five: a smaller setting would make it untrue."""
    for slug, five in (("exit-en", "fewer than five people"), ("exit-nl", "minder dan vijf")):
        assert five in (built_site / slug / "index.html").read_text("utf-8")
    monkeypatch.setenv("COLLECTOR_REPORT_MIN_GROUP", value)
    with pytest.raises(ConfigError, match="leavers are told no group of fewer than 5 is shown"):
        create_app({"OUTPUT_DIR": built_site, "DATA_DIR": tmp_path / "d"})


def test_the_command_refuses_a_minimum_group_below_five(app) -> None:
    """With 4 leavers from IT, --min-group 4 would have shown them."""
    add(app, {"department": "it", "recommend": "9"}, n=4)
    add(app, {"department": "sales", "recommend": "9"}, n=6)
    result = app.test_cli_runner().invoke(
        args=["report", "exit-en", "--breakdown", "department", "--min-group", "4"]
    )
    assert result.exit_code == 2
    assert "4 is not in the range x>=5" in result.output
    assert "<html" not in result.output
