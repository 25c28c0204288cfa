"""The seventh audit round: HR and management reading the report and the exports.

Each test is one finding: the trend's quarters subtracted from the total gave away the one
person who answered since the last quarter ended, a question whose type changed broke the
report, an old one-answer code ticked the wrong multiple-choice column in exports, and the
rows of an export were sorted by language.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from support.report_page import add, report, table_of

from collector import export
from collector.dataset import open_dataset

# -- 1. the trend leaves people out: the total minus its quarters counted them ---------------


def test_the_trend_does_not_count_the_one_person_who_answered_this_quarter(app) -> None:
    """Q1 and Q2 with 10 each, and one person in the running Q3. The page said 21
    responses and 10 + 10 in the trend: one leaver since July, and the overall numbers
    minus the quarters' gave their answers (5% favourable overall, 0% in each quarter)."""
    unhappy = {"departure": "voluntary", "conditions": "2", "recommend": "3"}
    add(app, unhappy, n=10, date="2025-02")
    add(app, unhappy, n=10, date="2025-05")
    add(app, {"departure": "voluntary", "conditions": "5", "recommend": "10"}, date="2025-07")
    page = report(app, today=dt.date(2025, 8, 15))
    assert "21 responses" in page.by_id("meta").text()
    if page.has_id("trend-table"):
        shown = sum(int(n) for n in table_of(page, "trend-table")["Responses"])
        assert not 0 < 21 - shown < 5
    text = page.section("trend").text()
    assert "the quarter still running and responses dated by year only" in text
    assert "Q3 2025 is still running" in text


def test_the_trend_hides_one_more_quarter_to_cover_the_people_it_leaves_out(app) -> None:
    everyone = {"departure": "voluntary", "conditions": "4", "recommend": "9"}
    for month, n in (("2025-02", 9), ("2025-05", 6), ("2025-08", 8)):
        add(app, everyone, n=n, date=month)
    add(app, everyone, n=2, date="2025-11")  # the running quarter
    page = report(app, today=dt.date(2025, 11, 20))
    rows = table_of(page, "trend-table")
    assert rows[""] == ["Q1 2025", "Q3 2025"]  # Q2, the smallest, covers Q4's two
    assert 25 - sum(int(n) for n in rows["Responses"]) >= 5
    # Once Q4 has ended with enough, nothing is left out and every quarter is shown.
    add(app, everyone, n=4, date="2025-12")
    later = report(app, today=dt.date(2026, 1, 5))
    assert table_of(later, "trend-table")[""] == ["Q1 2025", "Q2 2025", "Q3 2025", "Q4 2025"]


def test_a_measure_of_the_people_left_out_is_covered_too(app) -> None:
    """Enough people outside the trend, but only 2 of them rated the manager: the
    manager's overall % favourable minus the quarters' would give those two away."""
    base = {"departure": "voluntary", "conditions": "4", "manager": "2"}
    add(app, base, n=6, date="2025-02")
    add(app, base, n=7, date="2025-05")
    add(app, {"departure": "voluntary", "conditions": "4"}, n=3, date="2025")
    add(app, {"departure": "voluntary", "conditions": "4", "manager": "5"}, n=2, date="2025")
    page = report(app)
    rows = table_of(page, "trend-table")
    assert rows[""] == ["Q1 2025", "Q2 2025"]
    manager = rows["How did you experience working with your direct manager?"]
    assert manager.count("– (not shown)") >= 1


# -- 2. a question whose type changed -----------------------------------------------------

TO_NUMBER = (
    (
        "### Is there anything else you would like to tell us? {#closing}\n"
        "- type: long text\n- max length: 2000",
        "### How many years did you work here? {#closing}\n- type: number",
    ),
    (
        "### Wil je ons verder nog iets vertellen? {#closing}\n"
        "- type: long text\n- max length: 2000",
        "### Hoeveel jaar heb je hier gewerkt? {#closing}\n- type: number",
    ),
)


def test_a_question_that_became_a_number_keeps_the_report_working(versions) -> None:
    """HR turned a text question into a number question under the same ID (the build only
    warns). The report crashed on the old text answers (ValueError, a 500 in the HR area,
    and the first letters of an answer in the server's log)."""
    app, rebuild = versions
    add(app, {"departure": "voluntary", "closing": "about five years"}, n=3)
    rebuild(*TO_NUMBER)
    for years in (2, 4, 6, 8, 10):
        add(app, {"departure": "voluntary", "closing": years})
    page = report(app)
    assert "5 answers. Median 6, mean 6." in page.by_id("q-closing").text()


def test_a_question_that_became_a_date_counts_only_dates(versions) -> None:
    app, rebuild = versions
    add(app, {"departure": "voluntary", "closing": "about five years"}, n=6)
    rebuild(*(((old, new.replace("number", "date")) for old, new in TO_NUMBER)))
    add(app, {"departure": "voluntary", "closing": "2024-03-01"}, n=5)
    rows = table_of(report(app), "q-closing")
    assert rows["2024"] == ["5", "45%"]
    assert "abou" not in rows


PART = (
    ("{#practices}\n- type: single choice", "{#practices}\n- type: multiple choice"),
    ("  - partly: Partly\n", "  - part: In part\n  - partly: Partly\n"),
    ("  - partly: Gedeeltelijk\n", "  - part: Voor een deel\n  - partly: Gedeeltelijk\n"),
)


def test_an_old_one_answer_code_ticks_only_its_own_column(versions, tmp_path) -> None:
    """A single-choice question became multiple choice. An old answer is one code, not a
    list, and the export looked for each new code inside that text: "part" in "partly"
    ticked a choice the person was never offered."""
    app, rebuild = versions
    add(app, {"departure": "dismissed", "practices": "partly"}, n=5)
    rebuild(*PART)
    add(app, {"departure": "dismissed", "practices": ["part", "no"]}, n=5)
    state = app.extensions["exit_survey"]
    exported = export.Export(open_dataset(state.forms, state.store, "exit-en"))
    rows = list(csv.DictReader(io.StringIO(b"".join(export.csv_chunks(exported)).decode())))
    old = [r for r in rows if r["practices.partly"] == "1"]
    assert len(old) == 5
    assert {r["practices.part"] for r in old} == {"n/a"}  # not on their version of the form
    assert {r["practices.no"] for r in old} == {"0"}
    # The report counts the old answer as what it was, in its multiple-choice chart too.
    chart = table_of(report(app), "q-practices")
    assert chart["Partly"][0] == "5" and chart["In part"][0] == "5"


# -- 3. the order of an export's rows -------------------------------------------------------


def test_export_rows_mix_the_languages(app) -> None:
    """Each language was shuffled on its own and the languages came one after the other:
    the only Dutch leaver was always the last row, also in a copy without the language
    column. Now every place is possible."""
    add(app, {"departure": "voluntary", "recommend": "7"}, n=9)
    add(app, {"departure": "voluntary", "recommend": "7"}, slug="exit-nl")
    state = app.extensions["exit_survey"]
    places = set()
    for _ in range(30):
        exported = export.Export(open_dataset(state.forms, state.store, "exit-en"))
        languages = [row[2] for row in exported.rows()]
        assert sorted(languages) == ["en"] * 9 + ["nl"]
        places.add(languages.index("nl"))
    assert len(places) > 3  # 30 exports, 10 places: one place every time is a sort


# -- 4. comments tagged with the language of their form ------------------------------------


def test_a_comment_is_not_tagged_with_a_language_few_used(app) -> None:
    """Each comment carried ``lang`` of its form. The one leaver who used the Dutch form
    wrote in English, and their comment was still the one marked Dutch: in the page's
    source, and to a screen reader, which read it with a Dutch voice."""
    for i in range(10):
        add(app, {"departure": "voluntary", "improve": f"More training budget, team {i}"})
    add(app, {"departure": "voluntary", "improve": "Fewer meetings please"}, slug="exit-nl")
    page = report(app)
    assert "Fewer meetings please" in page.by_id("c-improve").text()
    assert 'lang="nl"' not in page.html
    # With 5 or more of each language, the languages are told (WCAG 3.1.2).
    add(app, {"departure": "voluntary", "improve": "Minder vergaderen"}, n=4, slug="exit-nl")
    tagged = [li for li in report(app).by_id("c-improve").find_all("li") if li.attrs.get("lang")]
    assert {li.attrs["lang"] for li in tagged} == {"nl"} and len(tagged) == 5
