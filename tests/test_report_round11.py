"""The eleventh audit round: a director reading the report, in English and Dutch.

Each test is one finding. In 30 seconds a reader could not tell what the main reasons'
percentages were of, whether an eNPS of -29 is good or bad, nor whether things got
better; the date was ISO, also in Dutch; a long privacy text pushed every number below
the fold; a split with every group hidden was a table of the "All" column alone; and a
small report listed every comment question with "not shown" under its own heading.
"""

from __future__ import annotations

import datetime as dt

import pytest
from support.report_page import add, report, table_of

HAPPY = {"departure": "voluntary", "reasons": ["pay"], "conditions": "5", "recommend": "10"}
UNHAPPY = {"departure": "voluntary", "reasons": ["growth"], "conditions": "1", "recommend": "2"}

# -- 1. at a glance: of whom, on what scale, better or worse ---------------------------------


def test_the_main_reasons_say_what_their_percentages_are_of(app) -> None:
    """52% of whom? The reasons are asked of voluntary leavers only: 6 of 11 here."""
    add(app, {**HAPPY, "reasons": ["pay", "growth"]}, n=6)
    add(app, {"departure": "dismissed", "recommend": "5"}, n=5)
    glance = report(app).section("glance").text()
    assert "Pay and benefits: 100%" in glance
    assert "Percentages are of the 6 people who answered; several answers were possible." in (
        glance
    )


def test_the_headline_scores_explain_their_scale(app) -> None:
    add(app, UNHAPPY, n=6)
    glance = report(app).section("glance").text()
    assert "−100" in glance  # the eNPS of six detractors ...
    assert "From −100 to +100. Above 0: more promoters (9–10) than detractors (0–6)" in glance
    assert "The share of answers in the top 2 of 5 points of each rating." in glance


def test_at_a_glance_says_whether_things_got_better(app) -> None:
    add(app, UNHAPPY, n=10, date="2025-02")
    add(app, HAPPY, n=10, date="2025-05")
    glance = report(app).section("glance").text()
    assert "Better or worse?" in glance
    assert "The eNPS rose from −100 in Q1 2025 to +100 in Q2 2025." in glance
    assert "The % favourable (all ratings together) rose from 0% in Q1 2025" in glance
    # Ten people a quarter: a jump that size can be chance, and the page says so.
    assert "Few responses in those quarters (10 and 10)" in glance


def test_a_trend_of_large_quarters_carries_no_warning(app) -> None:
    add(app, HAPPY, n=30, date="2025-02")
    add(app, UNHAPPY, n=30, date="2025-05")
    glance = report(app).section("glance").text()
    assert "The eNPS fell from +100 in Q1 2025 to −100 in Q2 2025." in glance
    assert "Few responses" not in glance


def test_at_a_glance_names_only_quarters_the_trend_shows(app) -> None:
    """Q1 holds 3 (hidden), Q2 is hidden with it; the glance starts at Q3, as the trend."""
    for date, n, answers in (
        ("2025-02", 3, HAPPY),
        ("2025-05", 6, HAPPY),
        ("2025-08", 6, UNHAPPY),
        ("2025-11", 7, HAPPY),
    ):
        add(app, answers, n=n, date=date)
    page = report(app)
    assert table_of(page, "trend-table")[""] == ["Q3 2025", "Q4 2025"]
    glance = page.section("glance").text()
    assert "The eNPS rose from −100 in Q3 2025 to +100 in Q4 2025." in glance
    assert "Q1 2025" not in glance and "Q2 2025" not in glance


def test_without_a_trend_yet_at_a_glance_says_why(app) -> None:
    add(app, HAPPY, n=6, date="2025-02")
    glance = report(app).section("glance").text()
    assert "The trend appears once at least two quarters that have ended" in glance


# -- 2. the first screen and page: numbers first, date in words -------------------------------


@pytest.mark.parametrize(
    ("slug", "made"),
    [("exit-en", "Made on 21 November 2026."), ("exit-nl", "Gemaakt op 21 november 2026.")],
)
def test_the_date_of_the_report_is_in_words(app, slug: str, made: str) -> None:
    today = dt.date(2026, 11, 21)
    assert made in report(app, slug, today=today).by_id("meta").text()  # nobody yet
    add(app, HAPPY, n=6)
    meta = report(app, slug, today=today).by_id("meta").text()
    assert made in meta and "2026-11-21" not in meta


def test_the_numbers_come_before_the_privacy_text_and_contents(app) -> None:
    add(app, HAPPY, n=6)
    html = report(app).html
    assert html.index('id="glance"') < html.index('class="privacy"') < html.index("<nav")
    page = report(app)
    privacy = next(p for p in page.root.find_all("p") if p.attrs.get("class") == "privacy")
    assert len(privacy.text()) < 250
    assert privacy.find_all("a")[0].attrs["href"] == "#about"
    # What the long text said is still on the page, in "About these numbers".
    about = page.section("about").text()
    assert "Do not compare this report with an earlier one" in about
    assert "the smallest group shown is hidden as well" in about


# -- 3. a split with nothing to show -----------------------------------------------------------


def test_a_split_with_every_group_hidden_is_a_sentence_not_a_table(app) -> None:
    add(app, {**HAPPY, "department": "it"}, n=3)
    add(app, {**UNHAPPY, "departure": "dismissed", "department": "hr"}, n=3)
    page = report(app, breakdown="department")
    for section, table in (("split", "split-table"), ("breakdown", "breakdown-table")):
        text = page.section(section).text()
        assert not page.has_id(table)
        assert "No group can be shown yet." in text
        assert "Not shown (fewer than 5 responses" in text
        assert "6" not in text.replace("fewer than 5", "")  # no "All" column either


# -- 4. comments waiting for more --------------------------------------------------------------


def test_questions_with_too_few_comments_share_one_list(app) -> None:
    for i in range(10):
        went_well = {"went_well": "Colleagues"} if i < 3 else {}
        add(app, {**HAPPY, "improve": f"Idea {i}", **went_well})
    page = report(app)
    comments = page.section("comments")
    headings = [h.text() for h in comments.find_all("h3")]
    assert headings == ["What should we change or improve?"]  # the only one with 10
    waiting = page.by_id("c-waiting")
    assert "fewer than 10 comments each" in waiting.text()
    assert "What went well during your time with us?" in waiting.text()
    assert "Colleagues" not in comments.text()


# -- 5. Dutch all the way ----------------------------------------------------------------------


def test_the_dutch_glance_is_dutch(app) -> None:
    add(app, UNHAPPY, n=10, date="2025-02", slug="exit-nl")
    add(app, HAPPY, n=10, date="2025-05", slug="exit-nl")
    page = report(app, "exit-nl")
    glance = page.section("glance").text()
    assert "Beter of slechter?" in glance
    assert "De eNPS steeg van −100 in Q1 2025 naar +100 in Q2 2025." in glance
    assert "Weinig reacties in die kwartalen (10 en 10)" in glance
    assert "Van −100 tot +100. Boven 0: meer promotors (9–10) dan criticasters (0–6)" in glance
    assert "De percentages zijn van de 20 mensen die de vraag beantwoordden" in glance
    for english in ("From", "rose", "Percentages", "answers", "Made on"):
        assert english not in page.text().replace("employee Net Promoter Score", "")
