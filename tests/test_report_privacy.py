"""The report's privacy rules against the ways an audit got around them.

Each test is one finding: a number that one view hid and another gave away, a period that
named a month of one person, "nobody" told apart from "a few", a sentence that did not add
up, a report file others could read, and a damaged store that crashed the admin report.
"""

from __future__ import annotations

import os
import random
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from support.hr_area import login, set_password
from support.report_page import Page, add, report, table_of

from collector.report_dates import period
from collector.report_hiding import hidden_groups, hidden_periods

Rebuild = Callable[..., None]


WAREHOUSE = (
    ("  - logistics: Logistics", "  - warehouse: Warehouse"),
    ("  - logistics: Logistiek", "  - warehouse: Magazijn"),
)

#: The note under a multiple-choice chart that names the choices it hides.
HIDDEN_NOTE = "Not shown (chosen by fewer than 5 people, or hidden along with such a choice)"


def hidden_note(node) -> str:
    return next(p.text() for p in node.find_all("p") if p.text().startswith("Not shown"))


def meta(page: Page) -> str:
    """The line under the title, as read ("11 responses, in 2026.")."""
    return page.by_id("meta").text().replace(" ,", ",").replace(" .", ".")


# -- 1. a choice code that changed between versions ----------------------------------------


def test_an_old_code_counts_the_same_in_every_view(versions) -> None:
    app, rebuild = versions
    add(app, {"department": "logistics"}, n=2)  # answered with the old version
    rebuild(*WAREHOUSE)
    add(app, {"department": "it"}, n=10)
    add(app, {"department": "finance"}, n=6)
    add(app, {}, n=7)
    page = report(app, breakdown="department")
    block = table_of(page, "q-department")
    table = table_of(page, "breakdown-table")
    # The same groups, the same counts: "No answer" is 7 in both, not 9 in one of them.
    assert {k: v[0] for k, v in block.items() if k} == {"IT": "10", "No answer": "7"}
    assert dict(zip(table[""][1:], table["Responses"][1:], strict=True)) == {
        "IT": "10",
        "No answer": "7",
    }
    # Finance (6) is hidden along with the old answers (2) everywhere, never shown.
    assert hidden_note(page.by_id("q-department")) == hidden_note(page.section("breakdown"))
    assert "No longer offered (Logistics)" in hidden_note(page.section("breakdown"))
    assert "Finance" not in str(table) and "Finance" not in str(block)
    assert "logistics" not in page.text()  # never the raw code


def test_enough_old_answers_are_a_labelled_group_of_their_own(versions) -> None:
    app, rebuild = versions
    add(app, {"department": "logistics"}, n=6)
    rebuild(*WAREHOUSE)
    add(app, {"department": "warehouse"}, n=5)
    add(app, {"department": "it"}, n=7)
    page = report(app, breakdown="department")
    block = table_of(page, "q-department")
    assert block["No longer offered (Logistics)"] == ["6", "33%"]
    assert block["Warehouse"] == ["5", "28%"]
    table = table_of(page, "breakdown-table")
    assert table[""] == ["All", "IT", "Warehouse", "No longer offered (Logistics)"]
    assert table["Responses"] == ["18", "7", "5", "6"]
    assert "a choice that the questionnaire no longer offers" in page.text()


REMOTE = (
    ("  - location: Travel time or location", "  - remote: No remote work"),
    ("  - location: Reistijd of locatie", "  - remote: Geen thuiswerk"),
)


def test_a_choice_not_offered_in_every_version_is_a_share_of_those_offered_it(versions) -> None:
    """An audit: after HR swapped a reason, the new one read 5 of 111 (5%, last) though
    only 21 people had ever seen it, and the dropped one 24 of 111 though 90 had."""
    app, rebuild = versions
    voluntary = {"departure": "voluntary"}
    add(app, {**voluntary, "reasons": ["location"]}, n=6)
    add(app, {**voluntary, "reasons": ["pay"]}, n=14)
    rebuild(*REMOTE)
    add(app, {**voluntary, "reasons": ["remote"]}, n=5)
    add(app, {**voluntary, "reasons": ["pay"]}, n=5)
    page = report(app)
    rows = table_of(page, "q-reasons")
    assert rows["No remote work"] == ["5", "50%"]  # of the 10 who were offered it
    assert rows["No longer offered (Travel time or location)"] == ["6", "30%"]  # of 20
    assert rows["Pay and benefits"] == ["19", "63%"]  # offered to all 30
    text = page.by_id("q-reasons").text()
    assert "its percentage is of the 10 people who answered a version that offered it" in text
    # Ranked by share, so the new reason is not at the bottom for being new.
    assert list(rows)[1:3] == ["Pay and benefits", "No remote work"]


def test_no_share_when_few_were_offered_a_choice(versions) -> None:
    app, rebuild = versions
    add(app, {"departure": "voluntary", "reasons": ["pay"]}, n=12)
    rebuild(*REMOTE)
    add(app, {"departure": "voluntary", "reasons": ["remote"]}, n=2)
    page = report(app)
    rows = table_of(page, "q-reasons")
    # 2 of 2 would say what both people who saw the new page chose; and since round 26 a
    # choice of fewer than k people has no row at all (not even its count), only its name.
    assert "No remote work" not in rows
    hidden = page.by_id("q-reasons").text().split(HIDDEN_NOTE)
    assert "No remote work" in hidden[1]


def test_the_split_counts_an_old_departure_code_like_the_departure_chart(versions) -> None:
    app, rebuild = versions
    add(app, {"departure": "contract_end"}, n=2)
    rebuild(
        ("  - contract_end: My temporary contract ended", "  - fixed_term: My contract ended"),
        ("  - contract_end:", "  - fixed_term:"),
    )
    add(app, {"departure": "voluntary", "recommend": "9"}, n=8)
    add(app, {"departure": "dismissed", "recommend": "3"}, n=6)
    add(app, {"recommend": "5"}, n=5)
    page = report(app)
    block = {k: v[0] for k, v in table_of(page, "q-departure").items() if k}
    split = table_of(page, "split-table")
    assert dict(zip(split[""][1:], split["Responses"][1:], strict=True)) == block
    # The old code's 2 are hidden, and "no answer" (5) with them, in both.
    assert block == {"I resigned": "8", "My employer ended my employment": "6"}
    assert hidden_note(page.by_id("q-departure")) == hidden_note(page.section("split"))
    assert "contract_end" not in page.text()


@pytest.mark.parametrize(
    ("counts", "hidden"),
    [
        # Two hidden groups of one each: a total of 2 would give both away.
        ({"a": 10, "b": 1, "c": 1}, {"a", "b", "c"}),
        ({"a": 10, "b": 3, "c": 2}, {"b", "c"}),
        # Nobody answered beyond "no answer", or a few did: the same, everything hidden.
        ({"": 6, "a": 0, "b": 0}, {"", "a", "b"}),
        ({"": 6, "a": 1, "b": 0}, {"", "a", "b"}),
        ({"": 6, "a": 5, "b": 0}, {"b"}),
    ],
)
def test_hidden_groups_never_hold_one_to_k_minus_1_together(counts, hidden) -> None:
    assert hidden_groups(counts, 5) == hidden


# -- 1b. quarters: two reports made at different times -------------------------------------


def test_a_later_report_does_not_give_away_a_quarter_an_earlier_one_hid(app) -> None:
    """The audit's case: Q2 has 2 people. The report at the end of Q3 hid Q1 with it; the
    one at the end of Q4 hid Q4 instead and showed Q1, so the first report's total minus
    Q1 and Q3 gave both May leavers' answers."""
    everyone = {"departure": "voluntary", "conditions": "4", "recommend": "9"}
    add(app, everyone, n=8, date="2026-01")
    add(app, {**everyone, "conditions": "1", "recommend": "0"}, n=2, date="2026-05")
    add(app, everyone, n=9, date="2026-08")
    end_of_q3 = report(app)
    assert "trend-table" not in end_of_q3.html  # Q3 alone is shown: no trend yet
    add(app, everyone, n=7, date="2026-10")
    end_of_q4 = report(app)
    assert table_of(end_of_q4, "trend-table")[""] == ["Q3 2026", "Q4 2026"]
    assert "Not shown" in end_of_q4.section("trend").text()


def test_hidden_quarters_hold_nobody_or_k_in_every_report_up_to_any_quarter() -> None:
    rng = random.Random(7)
    for _ in range(500):
        quarters = [f"{2020 + n // 4}-Q{n % 4 + 1}" for n in range(rng.randint(2, 10))]
        counts = {q: rng.choice([0, 1, 2, 3, 4, 5, 6, 9, 20]) for q in quarters}
        later = hidden_periods(counts, 5)
        for end in range(1, len(quarters) + 1):
            earlier = hidden_periods({q: counts[q] for q in quarters[:end]}, 5)
            # What a report made at the end of a quarter hid, every later one hides too ...
            assert earlier <= later, counts
            # ... and it holds nobody or k or more (or everything is hidden), so neither
            # report, nor the two together, narrows it down to fewer than k people.
            held = sum(counts[q] for q in earlier)
            assert held == 0 or held >= 5 or earlier == set(quarters[:end]), (counts, end)


# -- 2. the period ---------------------------------------------------------------------------


def test_the_period_names_no_month_of_fewer_than_k(app) -> None:
    add(app, {"recommend": "9"}, n=5, date="2026-01")
    add(app, {"recommend": "9"}, n=5, date="2026-04")
    add(app, {"recommend": "9"}, n=1, date="2026-09")
    line = meta(report(app))
    assert "11 responses, in 2026." in line
    assert "September" not in line and "Q3" not in line


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        ({"2026-01": 5, "2026-04": 5, "2026-09": 1}, ("2026", "2026")),
        ({"2026-01": 5, "2026-04": 1, "2026-09": 5}, ("2026-01", "2026-09")),
        ({"2026-01": 5, "2026-02": 1, "2026-03": 4}, ("2026-Q1", "2026-Q1")),
        ({"2025-11": 5, "2026-01": 3, "2026-02": 3}, ("2025-Q4", "2026-Q1")),
        ({"2025-12": 2, "2026-01": 20}, None),
        ({"2025-Q1": 5, "2025-Q2": 5, "2025": 2}, ("2025", "2025")),
        ({"": 9, "bad": 1}, None),
    ],
)
def test_period(dates: dict[str, int], expected) -> None:
    assert period(dates, 5) == expected


def test_no_period_when_even_a_year_is_too_small(app) -> None:
    add(app, {"recommend": "9"}, n=2, date="2025-12")
    add(app, {"recommend": "9"}, n=8, date="2026-01")
    line = meta(report(app))
    assert line.startswith("10 responses.") and "2025" not in line


# -- 3. nobody and a few ---------------------------------------------------------------------


def _hidden_mix(app, dismissed: int, retired: int):
    """26 responses: 20 resigned (shown) and 6 hidden, ``dismissed`` of them dismissed (who
    are asked 'practices' and answer it) and ``retired`` retired."""
    add(app, {"departure": "voluntary", "recommend": "9"}, n=20)
    add(app, {"departure": "dismissed", "practices": "partly"}, n=dismissed)
    add(app, {"departure": "retirement"}, n=retired)
    return report(app, breakdown="practices", notices=[])


@pytest.mark.parametrize(("dismissed", "retired"), [(5, 1), (4, 2), (2, 4), (1, 5)])
def test_pages_alike_in_every_number_shown_say_the_same_of_a_question_asked_of_hidden_groups(
    app, built_site, tmp_path, dismissed, retired
) -> None:
    """'practices' is asked only of the dismissed, hidden with the retired. Whether 5 or 4
    were dismissed (and 1 or 2 retired) must not change its note: with 5 it said "asked
    only of some of the people whose answer … is not shown", with 4 "fewer than 5
    responses", and since 1 to 4 hidden people make the page hide the smallest group shown
    too, the first could only mean 5 dismissed and 1 retiree."""
    page = _hidden_mix(app, dismissed, retired)
    from collector import create_app

    second = create_app({"TESTING": True, "OUTPUT_DIR": built_site, "DATA_DIR": tmp_path / "other"})
    other = _hidden_mix(second, 3, 3)
    assert page.by_id("q-departure").text() == other.by_id("q-departure").text()
    assert page.by_id("q-practices").text() == other.by_id("q-practices").text()
    assert "is not shown" in page.by_id("q-practices").text()
    for view in (page, other):
        assert not view.has_id("breakdown-table")
        # Not everyone is asked 'practices': no breakdown by it at all (round 19).
        assert "The report is not broken down by “practices”" in view.text()


# -- 4. the eNPS sentence adds up ------------------------------------------------------------


def test_the_enps_is_the_difference_of_the_percentages_shown(app) -> None:
    for score, n in (("10", 2), ("8", 3), ("2", 7)):  # 16.7% - 58.3% = -41.7
        add(app, {"departure": "voluntary", "recommend": score}, n=n)
    page = report(app)
    block = page.by_id("q-recommend").text()
    assert "eNPS −41: 17% promoters (9–10) minus 58% detractors (0–6)" in block
    assert "−41" in page.section("glance").text() and "−42" not in page.text()
    assert table_of(page, "split-table")["eNPS"][0] == "−41"


# -- 5. the report file is private -----------------------------------------------------------


def test_the_report_file_is_readable_by_its_owner_only(app, runner, tmp_path: Path) -> None:
    add(app, {"recommend": "9"}, n=5)
    target = tmp_path / "report.html"
    target.write_text("an older report")
    target.chmod(0o644)
    old = os.umask(0o022)
    try:
        result = runner.invoke(args=["report", "exit-en", "-o", str(target)])
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "5 responses" in target.read_text("utf-8")
    assert not list(tmp_path.glob(".*.part"))  # written whole, then moved into place


# -- 6. a damaged store ----------------------------------------------------------------------


def damage(app) -> None:
    """Bit rot in one stored record: its CRC no longer matches."""
    add(app, {"recommend": "9", "improve": "zzzz"}, n=5)
    shard = next(Path(app.config["DATA_DIR"]).rglob("*.jsonl"))
    raw = shard.read_bytes()
    shard.write_bytes(raw.replace(b"zzzz", b"zzzy", 1))


def test_a_damaged_store_gives_the_admin_report_the_download_page(app, client, caplog) -> None:
    damage(app)
    assert set_password(app).exit_code == 0
    login(client)
    download = client.get("/admin/download/exit-en/csv")
    response = client.get("/admin/report/exit-en")
    assert response.status_code == download.status_code == 500
    assert "The responses cannot be read" in response.get_data(as_text=True)
    assert "docs/storage.md" in response.get_data(as_text=True)
    logged = [r for r in caplog.records if "report of exit-en failed" in r.getMessage()]
    assert logged and logged[0].exc_info is None  # one line, no traceback


def test_a_damaged_store_is_one_line_on_the_command_line(app, runner) -> None:
    damage(app)
    result = runner.invoke(args=["report", "exit-en"])
    assert result.exit_code == 1
    assert "Error: cannot read the responses:" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("slug", "warning"),
    [
        ("exit-en", "Do not compare this report with an earlier one"),
        ("exit-nl", "Vergelijk dit rapport niet met een eerder rapport"),
    ],
)
def test_the_report_warns_against_comparing_it_with_an_earlier_one(app, slug, warning) -> None:
    """What the rules cannot prevent is said where the report is read, not only in docs."""
    add(app, {"departure": "voluntary", "recommend": "9"}, n=5, date="2026-01")
    assert warning in report(app, slug).text()
