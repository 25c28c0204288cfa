"""The report: known answers in, the numbers shown out, and no group smaller than k."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from support.report_page import Page, add, report, table_of

from collector import create_app
from collector.config import ConfigError
from collector.report import build_page, render_report
from collector.report_dates import quarter_of
from collector.report_hiding import hidden_groups
from collector.report_stats import tally

# -- helpers ----------------------------------------------------------------------------


# -- the numbers ------------------------------------------------------------------------

RECOMMEND = ["10", "10", "10", "9", "8", "7", "6", "5", "9", "9"]  # 6 P, 2 passive, 2 D: +40
CONDITIONS = ["5", "5", "4", "4", "3", "3", "2", "1", "4", "5"]  # 6 of 10 favourable


def test_counts_percentages_favourable_and_enps(app) -> None:
    for i in range(10):
        reasons = ["pay", "growth"] if i < 6 else ["pay"]
        add(
            app,
            {
                "departure": "voluntary",
                "reasons": reasons,
                "conditions": CONDITIONS[i],
                "recommend": RECOMMEND[i],
            },
        )
    page = report(app)
    assert "10 responses" in page.by_id("meta").text()
    enps = page.by_id("q-recommend").text()
    assert "eNPS +40: 60% promoters (9–10) minus 20% detractors (0–6); 20% passives" in enps
    assert "10 answers" in enps
    areas = page.by_id("q-areas").text()
    assert "60% favourable · 10 answers" in areas
    assert "Strongly agree 30%" in page.html  # the stacked bar's accessible name
    reasons = table_of(page, "q-reasons")
    assert reasons["Pay and benefits"] == ["10", "100%"]
    assert reasons["Career growth and development"] == ["6", "60%"]
    assert list(reasons)[1:3] == ["Pay and benefits", "Career growth and development"]
    cards = page.section("glance").text()
    assert "+40" in cards and "Pay and benefits: 100%" in cards


def test_favourable_is_the_top_40_percent_of_any_scale() -> None:
    from collector.model import Choice, Question
    from collector.report_measures import Layout

    def rating(points: int) -> Question:
        choices = tuple(Choice(str(i), f"p{i}") for i in range(1, points + 1))
        return Question(
            id=f"r{points}", type="rating", text="R", text_html="R", section="s", choices=choices
        )

    for points, top in ((2, 1), (3, 1), (4, 2), (5, 2), (7, 3), (10, 4)):
        q = rating(points)
        layout = Layout([q])
        counts = [0] * layout.width
        for at in layout.slots[q.id].values():
            counts[at] = 1  # one answer on every point
        answers, value = layout.value(layout.measures[0], counts)
        assert answers == points
        assert value == pytest.approx(100 * top / points)


# -- the whole report ---------------------------------------------------------------------


@pytest.mark.parametrize(("n", "shown"), [(4, False), (5, True)])
def test_the_whole_report_needs_k_responses(app, n: int, shown: bool) -> None:
    add(app, {"departure": "voluntary", "recommend": "9", "conditions": "5"}, n=n)
    page = report(app)
    text = page.text()
    assert page.has_id("glance") is shown
    assert ("Fewer than 5 responses" in text) is not shown
    if not shown:
        assert "4" not in re.sub(r"\d{4}-\d{2}-\d{2}", "", text)  # not even the count
        assert "eNPS" not in text and not page.root.find_all("svg")
    else:
        assert "5 responses" in text


# -- groups: breakdown, split, quarters ----------------------------------------------------


def departments(app, counts: dict[str, int]) -> None:
    for code, n in counts.items():
        add(app, {"departure": "voluntary", "department": code, "recommend": "9"}, n=n)


def test_breakdown_shows_a_group_of_k(app) -> None:
    departments(app, {"it": 6, "hr": 5})
    rows = table_of(report(app, breakdown="department"), "breakdown-table")
    assert rows[""] == ["All", "HR", "IT"]
    assert rows["Responses"] == ["11", "5", "6"]
    assert rows["eNPS"] == ["+100", "+100", "+100"]


def test_breakdown_hides_k_minus_1_and_the_next_smallest(app) -> None:
    departments(app, {"it": 6, "hr": 5, "finance": 4})
    page = report(app, breakdown="department")
    rows = table_of(page, "breakdown-table")
    assert rows[""] == ["All", "IT"]
    assert rows["Responses"] == ["15", "6"]
    section = page.section("breakdown")
    note = next(p.text() for p in section.find_all("p") if p.text().startswith("Not shown"))
    assert "Finance" in note and "HR" in note
    # No element anywhere says how many people HR (5) or finance (4) had.
    for label in ("Finance", "HR"):
        for node in page.root.iter():
            if node.tag in ("th", "td", "tr") and label in node.text():
                pytest.fail(f"{label} appears in a table: {node.text()}")
    assert "HR" not in section.text().split("Not shown")[0]


def test_two_small_groups_hide_only_themselves(app) -> None:
    departments(app, {"it": 6, "hr": 4, "finance": 3})
    rows = table_of(report(app, breakdown="department"), "breakdown-table")
    assert rows[""] == ["All", "IT"]


def test_the_department_chart_follows_the_same_rule(app) -> None:
    departments(app, {"it": 6, "hr": 5, "finance": 4})
    rows = table_of(report(app), "q-department")
    assert list(rows)[1:] == ["IT"]  # HR (5) hidden with finance (4); "no answer" is 0
    assert rows["IT"] == ["6", "40%"]


@pytest.mark.parametrize(
    ("counts", "k", "hidden"),
    [
        ({"a": 10, "b": 3}, 5, {"a", "b"}),
        ({"a": 10, "b": 6, "c": 3}, 5, {"b", "c"}),
        ({"a": 10, "b": 3, "c": 2}, 5, {"b", "c"}),
        ({"a": 10, "b": 0}, 5, {"b"}),
        ({"a": 10, "b": 7, "c": 3, "d": 0}, 5, {"b", "c", "d"}),
        ({"a": 10, "b": 5}, 5, set()),
        ({"a": 7, "b": 6}, 7, {"a", "b"}),
    ],
)
def test_complementary_suppression(counts: dict[str, int], k: int, hidden: set[str]) -> None:
    assert hidden_groups(counts, k) == hidden


def test_a_cell_with_fewer_than_k_answers_is_hidden_with_a_second(app) -> None:
    # Six in IT, six in HR, five in sales: only 4 of IT's people answered the 0-10 question.
    add(app, {"department": "it", "recommend": "9"}, n=4)
    add(app, {"department": "it"}, n=2)
    add(app, {"department": "hr", "recommend": "0"}, n=6)
    add(app, {"department": "sales", "recommend": "0"}, n=5)
    rows = table_of(report(app, breakdown="department"), "breakdown-table")
    assert rows[""] == ["All", "HR", "IT", "Sales"]
    assert rows["Responses"] == ["17", "6", "6", "5"]
    # IT's eNPS rests on 4 answers; sales (5) is hidden too, or IT could be worked out.
    assert rows["eNPS"][0] != "–"
    assert rows["eNPS"][2].startswith("–") and rows["eNPS"][3].startswith("–")
    assert rows["eNPS"][1] == "−100"


def test_voluntary_and_dismissed_side_by_side(app) -> None:
    add(app, {"departure": "voluntary", "conditions": "5", "recommend": "10"}, n=6)
    add(app, {"departure": "dismissed", "conditions": "1", "recommend": "2"}, n=3)
    add(app, {"departure": "dismissed", "conditions": "4", "recommend": "8"}, n=2)
    page = report(app)
    assert page.by_id("split").text() == "Voluntary and dismissed leavers side by side"
    rows = table_of(page, "split-table")
    assert rows[""] == ["All", "I resigned", "My employer ended my employment"]
    assert rows["Responses"] == ["11", "6", "5"]
    assert rows["My working conditions were good"] == ["73%", "100%", "40%"]
    assert rows["eNPS"] == ["+28", "+100", "−60"]  # 55% - 27%, from the rounded shares


def test_split_by_another_question(app) -> None:
    add(app, {"tenure": "under_1", "recommend": "10"}, n=5)
    add(app, {"tenure": "over_10", "recommend": "0"}, n=5)
    page = report(app, split_by="tenure")
    assert "Compared by: How long did you work here?" in page.by_id("split").text()
    assert table_of(page, "split-table")["eNPS"] == ["0", "+100", "−100"]


def quarters(app, counts: list[int]) -> None:
    for i, n in enumerate(counts):
        add(app, {"recommend": "9", "conditions": "5"}, n=n, date=f"2024-{3 * i + 1:02d}")


def test_trend_needs_two_quarters_of_k(app) -> None:
    quarters(app, [5, 5])
    page = report(app)
    rows = table_of(page, "trend-table")
    assert rows[""] == ["Q1 2024", "Q2 2024"]
    assert rows["Responses"] == ["5", "5"]
    svg = page.by_id("trend-recommend-c")
    assert svg.text() == "eNPS by quarter"


def test_trend_waits_at_k_minus_1(app) -> None:
    quarters(app, [5, 4])  # Q2 hidden, so Q1 too: its count would give Q2's away
    page = report(app)
    assert not page.has_id("trend-table")
    assert (
        "at least two quarters that have ended each have 5 or more" in page.section("trend").text()
    )


def test_trend_says_when_quarters_are_hidden_to_cover_a_small_one(app) -> None:
    """The audit's case: Q1 12, Q2 3, Q3 15. Q1 goes as cover for Q2; two quarters have 5
    or more, so 'wait for two quarters of 5' would say the data is thinner than it is."""
    quarters(app, [12, 3, 15])
    page = report(app)
    assert not page.has_id("trend-table")
    text = page.section("trend").text()
    assert "would give away how many answered in a quarter with fewer" in text
    assert "at least two quarters" not in text


def test_the_running_quarter_is_left_out_of_the_trend(app) -> None:
    """A few weeks of a quarter would look like a turn in the trend, and its count still
    changes. It counts everywhere else; the trend says it joins once it has ended."""
    quarters(app, [5, 6, 7])  # Q1, Q2, Q3 2024
    running = report(app, today=dt.date(2024, 8, 20))
    rows = table_of(running, "trend-table")
    assert rows[""] == ["Q1 2024", "Q2 2024"]
    assert "Q3 2024 is still running" in running.section("trend").text()
    assert "18 responses" in running.by_id("meta").text()
    ended = report(app, today=dt.date(2024, 10, 1))
    assert table_of(ended, "trend-table")[""] == ["Q1 2024", "Q2 2024", "Q3 2024"]
    assert "still running" not in ended.section("trend").text()
    only_running = report(app, today=dt.date(2024, 2, 1))  # Q1 running: nothing ended yet
    assert "Q1 2024 is still running" in only_running.section("trend").text()


def test_trend_hides_a_small_quarter_and_the_next_smallest(app) -> None:
    quarters(app, [6, 7, 5, 4])
    page = report(app)
    rows = table_of(page, "trend-table")
    assert rows[""] == ["Q1 2024", "Q2 2024"]
    assert "Q3 2024, Q4 2024" in page.text()
    assert "5" not in rows["Responses"] and "4" not in rows["Responses"]


def test_quarter_and_year_dates(app) -> None:
    assert [quarter_of(d) for d in ("2025-02", "2025-Q3", "2025", "bad")] == [
        "2025-Q1",
        "2025-Q3",
        None,
        None,
    ]
    add(app, {"recommend": "9"}, n=5, date="2025-Q1")
    add(app, {"recommend": "9"}, n=5, date="2025-Q2")
    add(app, {"recommend": "9"}, n=2, date="2025")
    # 12 responses minus the quarters shown would count the 2 dated by year only.
    assert not report(app).has_id("trend-table")
    add(app, {"recommend": "9"}, n=3, date="2025")
    page = report(app)
    assert table_of(page, "trend-table")[""] == ["Q1 2025", "Q2 2025"]
    assert "dated by year only are not in the trend" in page.text()
    # The last year-dated response may be in Q4, which holds fewer than 5: say the year.
    assert "15 responses , in 2025." in page.by_id("meta").text()


# -- comments ---------------------------------------------------------------------------


@pytest.mark.parametrize(("n", "shown"), [(9, False), (10, True)])
def test_comments_need_k_text_answers(app, n: int, shown: bool) -> None:
    for i in range(n):
        add(app, {"recommend": "9", "improve": f"Comment number {i}"})
    page = report(app)
    assert ("Comment number 3" in page.text()) is shown
    # Too few: the question is named in the one list of those waiting for more comments.
    waiting = page.by_id("c-waiting").text()
    assert "Not listed yet, because they have fewer than 10 comments each" in waiting
    assert (page.by_id("c-improve").tag == "li") is not shown
    if shown:
        items = page.by_id("c-improve").find_all("li")
        assert sorted(li.text() for li in items) == sorted(f"Comment number {i}" for i in range(n))


def test_comments_are_sampled_not_hoarded(monkeypatch, app) -> None:
    monkeypatch.setattr("collector.report_stats.TEXT_SAMPLE", 3)
    form = app.extensions["exit_survey"].forms.current("exit-en")
    records = ({"answers": {"improve": f"t{i}"}, "date": "2025-01"} for i in range(50))
    counted = tally(records, list(form.questions))
    assert counted.n == 50
    assert counted.questions["improve"].answered == 50
    assert len(counted.questions["improve"].texts) == 3


def test_other_texts_are_comments_too(app) -> None:
    add(app, {"departure": "voluntary", "reasons": ["other"], "reasons__other": "Moving"}, n=10)
    assert "Moving" in report(app).by_id("c-reasons__other").text()


# -- language ---------------------------------------------------------------------------


def test_report_in_the_language_of_the_slug_counting_all_languages(app) -> None:
    add(app, {"recommend": "9"}, n=3, slug="exit-en")
    add(app, {"recommend": "9"}, n=3, slug="exit-nl")
    nl = report(app, "exit-nl")
    assert nl.root.find_all("html")[0].attrs["lang"] == "nl"
    assert "6 reacties" in nl.text() and "In één oogopslag" in nl.text()
    assert "Vertrekenquête" in nl.text()
    en = report(app, "exit-en")
    assert "6 responses" in en.text() and "At a glance" in en.text()


def test_thousands_are_written_per_language() -> None:
    from collector.report_formats import count_text

    assert count_text(12345, "en") == "12,345"
    assert count_text(12345, "nl") == "12.345"


# -- the page itself ----------------------------------------------------------------------


def test_every_chart_has_a_text_equivalent_and_nothing_inline_runs(app) -> None:
    add(
        app,
        {"departure": "voluntary", "reasons": ["pay"], "conditions": "4", "recommend": "7"},
        n=5,
    )
    add(app, {"departure": "voluntary", "recommend": "7"}, n=5, date="2025-05")
    html = build_page(app, "exit-en", breakdown=None, split_by=None, k=5, kt=10, inline_css=False)
    page = Page(html)
    svgs = page.root.find_all("svg")
    assert svgs
    for svg in svgs:
        named = svg.attrs.get("role") == "img" and (
            svg.attrs.get("aria-label") or svg.attrs.get("aria-labelledby")
        )
        assert named or svg.attrs.get("aria-hidden") == "true", svg.attrs
        for ident in (svg.attrs.get("aria-labelledby") or "").split():
            assert page.has_id(ident)
    assert "<script" not in html and " style=" not in html and "<style" not in html
    assert 'rel="stylesheet" href="/static/report.css?v=' in html


# -- the command line -------------------------------------------------------------------


def test_cli_writes_a_self_contained_page(app, runner, tmp_path: Path) -> None:
    add(app, {"recommend": "9"}, n=5)
    target = tmp_path / "report.html"
    result = runner.invoke(args=["report", "exit-nl", "--output", str(target)])
    assert result.exit_code == 0, result.output
    html = target.read_text(encoding="utf-8")
    assert "<style>" in html and "stylesheet" not in html
    assert 'lang="nl"' in html and "5 reacties" in html
    # Opened from disk, no server sends a CSP: the page carries one that runs no script.
    [policy] = re.findall(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert "default-src 'none'" in policy and "script-src" not in policy
    assert "<script" not in html


def test_cli_prints_to_standard_output(app, runner) -> None:
    add(app, {"recommend": "9"}, n=5)
    result = runner.invoke(args=["report", "exit-en", "--min-group", "6"])
    assert result.exit_code == 0
    assert result.output.lstrip().startswith("<!doctype html>")
    assert "Fewer than 6 responses" in result.output


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["report", "nope"], 1, "Error: there is no questionnaire 'nope'"),
        (["report", "exit-en", "--breakdown", "closing"], 1, "has no question 'closing'"),
        (["report", "exit-en", "--split-by", "zzz"], 1, "--split-by zzz"),
        (["report", "exit-en", "--min-group", "2"], 2, "2 is not in the range x>=5"),
        (["report", "exit-en", "--min-group", "4"], 2, "4 is not in the range x>=5"),
        (["report", "exit-en", "-o", "/nonexistent/dir/r.html"], 1, "cannot write"),
    ],
)
def test_cli_errors_are_one_clean_line(runner, args, code: int, message: str) -> None:
    result = runner.invoke(args=args)
    assert result.exit_code == code
    assert message in result.output
    assert "Traceback" not in result.output


def test_cli_breakdown_option(app, runner) -> None:
    departments(app, {"it": 5, "hr": 5})
    result = runner.invoke(args=["report", "exit-en", "--breakdown", "department"])
    assert result.exit_code == 0
    assert table_of(Page(result.output), "breakdown-table")["Responses"] == ["10", "5", "5"]


# -- settings and the admin path --------------------------------------------------------


@pytest.mark.parametrize("value", ["4", "2", "0", "-5", "five"])
def test_settings_below_five_are_refused(built_site: Path, tmp_path: Path, value: str) -> None:
    config = {"OUTPUT_DIR": built_site, "DATA_DIR": tmp_path / "d", "REPORT_MIN_GROUP": value}
    with pytest.raises(ConfigError, match="COLLECTOR_REPORT_MIN_GROUP"):
        create_app(config)


def test_settings_from_the_environment(monkeypatch, built_site: Path, tmp_path: Path) -> None:
    monkeypatch.setenv("COLLECTOR_REPORT_MIN_TEXT_GROUP", "1")
    with pytest.raises(ConfigError, match="MIN_TEXT_GROUP must be at least 5"):
        create_app({"OUTPUT_DIR": built_site, "DATA_DIR": tmp_path / "d"})
    monkeypatch.setenv("COLLECTOR_REPORT_MIN_TEXT_GROUP", "12")
    monkeypatch.setenv("COLLECTOR_REPORT_MIN_GROUP", "7")
    app = create_app({"OUTPUT_DIR": built_site, "DATA_DIR": tmp_path / "d"})
    assert (app.config["REPORT_MIN_GROUP"], app.config["REPORT_MIN_TEXT_GROUP"]) == (7, 12)
    add(app, {"recommend": "9"}, n=6)
    assert "Fewer than 7 responses" in render_report(app, "exit-en")


def test_admin_path_reads_the_query_but_never_lowers_k(app) -> None:
    departments(app, {"it": 6, "hr": 4, "finance": 4})
    with app.test_request_context("/admin/report/exit-en?breakdown=department&min_group=3"):
        page = Page(render_report(app, "exit-en"))
    assert table_of(page, "breakdown-table")[""] == ["All", "IT"]  # k stays 5
    assert page.by_id("breakdown-q").tag == "select"
    with app.test_request_context("/admin/report/exit-en?breakdown=department&min_group=7"):
        page = Page(render_report(app, "exit-en"))
    # Raised to 7: IT (6) is hidden too, so no group is left to show and no table either.
    assert not page.has_id("breakdown-table")
    assert "No group can be shown yet." in page.section("breakdown").text()
    with app.test_request_context("/admin/report/exit-en?breakdown=bogus&min_group=x"):
        html = render_report(app, "exit-en")
    assert "“bogus” cannot be used here" in html and "not a whole number" in html


def test_unknown_slug_in_the_admin_path(app) -> None:
    from collector.report import UnknownQuestionnaire

    with pytest.raises(UnknownQuestionnaire):
        render_report(app, "nope")


def test_the_stylesheet_is_served_for_the_admin_page(client) -> None:
    response = client.get("/static/report.css", buffered=True)
    assert response.status_code == 200
    assert response.mimetype == "text/css"
    assert b"@media print" in response.data
    assert "style-src 'self'" in response.headers["Content-Security-Policy"]


def test_every_option_and_setting_is_documented() -> None:
    from collector.report_command import report_command

    doc = (Path(__file__).resolve().parent.parent / "docs" / "report.md").read_text("utf-8")
    options = [o for p in report_command.params for o in p.opts if o.startswith("--")]
    assert options
    for option in options:
        assert f"`{option}" in doc, f"{option} is not in docs/report.md"
    for name in ("COLLECTOR_REPORT_MIN_GROUP", "COLLECTOR_REPORT_MIN_TEXT_GROUP", "render_report"):
        assert name in doc


def test_any_questionnaire_numbers_dates_and_yes_no(tmp_path: Path) -> None:
    fixtures = Path(__file__).resolve().parent / "fixtures"
    for name, slug in (("sample_form.json", "sample-en"), ("sample_form_nl.json", "sample-nl")):
        (tmp_path / "out" / slug).mkdir(parents=True)
        (tmp_path / "out" / slug / "form.json").write_text((fixtures / name).read_text("utf-8"))
    app = create_app({"OUTPUT_DIR": tmp_path / "out", "DATA_DIR": tmp_path / "data"})
    for i in range(6):
        answers = {
            "how_ended": "resigned" if i < 3 else "dismissed",
            "years": [1, 2, 3, 4, 10, 20][i],
            "last_month": "2025-03",
            "would_return": "yes",
            "work_variety": "5",
            "work_pay": "2",
        }
        add(app, answers, slug="sample-en" if i % 2 else "sample-nl", date="2025-03")
    page = report(app, "sample-en", split_by="how_ended")
    assert "6 answers. Median 3.5, mean 6.7." in page.by_id("q-years").text()
    # Asked of all but the dismissed, whose group (3) the report hides: its count would say
    # how many resigned (round 19).
    assert (
        "Not shown: asked only of some of the people whose answer to"
        in page.by_id("q-would_return").text()
    )
    assert table_of(page, "q-last_month")["2025"] == ["6", "100%"]
    assert "100% favourable" in page.by_id("q-work").text()
    # 3 and 3: neither group can be shown, so the split says so instead of a lone "All".
    assert not page.has_id("split-table")
    assert "No group can be shown yet." in page.section("split").text()
    assert not page.has_id("split") or "Compared by" in page.by_id("split").text()
    nl = report(app, "sample-nl")
    assert "Mediaan 3,5, gemiddelde 6,7" in nl.by_id("q-years").text()


def test_highest_and_lowest_rated_name_two_different_shares(app) -> None:
    both = {"departure": "voluntary", "conditions": "4", "work_itself": "5"}
    add(app, both, n=6)
    glance = report(app).section("glance").text()
    # Both ratings 100% favourable: naming one "highest" and the same share "lowest" says
    # nothing, and with two equal shares it named one question as both.
    assert "Highest rated" not in glance and "Lowest rated" not in glance
    add(app, {**both, "work_itself": "1"}, n=4)
    glance = report(app).section("glance").text()
    assert "Highest rated: My working conditions were good (100% favourable)" in glance
    assert "Lowest rated:" in glance and "(60% favourable)" in glance


def test_a_question_asked_of_some_is_a_share_of_those_who_answered_it(app) -> None:
    """The audit's case: 'did our way of working contribute' is asked of dismissed leavers
    only. '5 said yes, clearly' must read 50% of those asked, not 17% of everyone."""
    add(app, {"departure": "dismissed", "practices": "yes_clearly"}, n=5)
    add(app, {"departure": "dismissed", "practices": "no"}, n=5)
    add(app, {"departure": "voluntary", "reasons": ["pay"]}, n=20)
    page = report(app)
    practices = page.by_id("q-practices").text()
    assert "Yes, clearly 5 50%" in practices and "No 5 50%" in practices
    assert "No answer 20" in practices and "67%" not in practices
    assert "percentages are of the 10 people who answered it" in practices
    departure = page.by_id("q-departure").text()  # asked of everyone: of all responses
    assert "I resigned 20 67%" in departure and "Percentages are of all 30 responses" in departure


def test_a_question_asked_only_of_a_hidden_group_shows_nothing_of_it(app) -> None:
    """Round 19: 'practices' is asked of the dismissed, hidden here along with the two who
    resigned; "of the 10 who answered" would say that at most 2 resigned."""
    add(app, {"departure": "dismissed", "practices": "yes_clearly"}, n=5)
    add(app, {"departure": "dismissed", "practices": "no"}, n=5)
    add(app, {"departure": "voluntary"}, n=2)
    page = report(app)
    practices = page.by_id("q-practices").text()
    assert "Not shown: asked only of some of the people whose answer to" in practices
    assert "How did your employment end?" in practices
    assert not re.search(r"\b(10|12)\b", practices)  # 5 is only in "fewer than 5"


def test_a_negative_trend_value_is_labelled_below_its_point_off_the_zero_line() -> None:
    from collector.report_charts import line_chart

    svg = str(
        line_chart(
            [("Q1", "2025", -19.0), ("Q2", "2025", 40.0), ("Q3", "2025", -100.0)],
            low=-100,
            high=100,
            ticks=(-100, 0, 100),
            label=str,
            labelledby="x",
        )
    )
    points = [float(y) for y in re.findall(r'<circle cx="[\d.]+" cy="([\d.]+)"', svg)]
    labels = [
        float(re.search(rf'<text x="[\d.]+" y="([\d.]+)"[^>]*font-weight="700"[^>]*>{v}<', svg)[1])
        for v in ("-19.0", "40.0", "-100.0")
    ]
    assert labels[0] > points[0]  # below: above it, the text would sit on the zero line
    assert labels[1] < points[1]
    assert labels[2] < points[2]  # at the bottom, below would run into the quarter labels


def test_every_report_text_is_in_every_language_with_the_same_placeholders() -> None:
    """A Dutch report text missing or with another placeholder would be English, or a
    KeyError, on the Dutch report."""
    from string import Formatter

    from collector.report_text import REPORT_TEXT

    def placeholders(text: str) -> set[str]:
        return {name for _, name, _, _ in Formatter().parse(text) if name is not None}

    english = REPORT_TEXT["en"]
    for language, words in REPORT_TEXT.items():
        assert set(words) == set(english), language
        for key, text in words.items():
            assert placeholders(text) == placeholders(english[key]), (language, key)
