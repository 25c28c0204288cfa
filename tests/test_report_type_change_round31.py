"""Round 31: a question whose type changed, counted by the version each answer was given to.

The report read any answer that looked like a number into a number question's median and
mean: a "3000" typed while the question was a text question moved the mean from 35 to
773. Likewise a "2019-03-04" typed into a text box became a year of a date question, and
a text question listed the dates (one person's start date) and the choice codes given
while it was a date or choice question among its comments. Now only the answers of the
versions that asked the question as it is count, and a note says that the others are
left out (how many, for a number question, from *k* on), never what they were. The export
keeps every answer as it was.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from support.exports import read_csv, run_export
from support.hr_area import login, set_password
from support.report_page import add, report
from support.type_changes import closing_change

AFTER = "anything else you would like to tell us?"
LEFT_OUT = "given when this question was not a number question"
NOT_A_DATE = "given when this question was not a date question"


def _closing(text: str) -> str:
    """What the report says of ``closing`` (the last question), up to the comments."""
    return text.split(AFTER)[1].split("Comments")[0]


def _typed_then_numbers(versions) -> object:
    """HR's story: ``closing`` was a text question ("3000", "about 40", "50"), then a
    number question (10 to 60)."""
    app, rebuild = versions
    for typed in ["3000", "3000", "3000", "about 40", "about 40", "50", "12", "7"]:
        add(app, {"departure": "voluntary", "closing": typed})
    rebuild(*closing_change("long text", "number"))
    for number in (10, 20, 30, 40, 50, 60):
        add(app, {"departure": "voluntary", "closing": number})
    return app


# -- 1. a number question counts only numbers given to a number question ----------------------


def test_text_typed_before_a_question_became_a_number_is_not_in_its_median_and_mean(
    versions,
) -> None:
    app = _typed_then_numbers(versions)
    said = _closing(report(app).text())
    assert "6 answers. Median 35, mean 35." in said, said
    assert f"8 answers {LEFT_OUT}" in said and "left out of the median and mean" in said, said
    assert "3000" not in said and "about 40" not in said, said


def test_the_hr_area_and_the_command_say_the_same(versions, tmp_path: Path) -> None:
    app = _typed_then_numbers(versions)
    assert set_password(app).exit_code == 0
    client = app.test_client()
    assert login(client).status_code == 303
    page = client.get("/admin/report/exit-en").get_data(as_text=True)
    assert "6 answers. Median 35, mean 35." in page, page
    assert f"8 answers {LEFT_OUT}" in page, page
    output = tmp_path / "report.html"
    result = app.test_cli_runner().invoke(args=["report", "exit-en", "--output", str(output)])
    assert result.exit_code == 0, result.output
    written = output.read_text("utf-8")
    assert "6 answers. Median 35, mean 35." in written and f"8 answers {LEFT_OUT}" in written


def test_the_export_still_has_every_answer_as_it_was(versions, tmp_path: Path) -> None:
    app = _typed_then_numbers(versions)
    assert "6 answers. Median 35, mean 35." in report(app).text()
    data, _ = run_export(app, tmp_path, "exit-en")
    given = sorted(str(row["closing"]) for row in read_csv(data))
    assert given == sorted(
        ["3000"] * 3 + ["about 40"] * 2 + ["50", "12", "7", "10", "20", "30", "40", "50", "60"]
    ), given


def test_a_rating_given_before_a_question_became_a_number_is_not_a_number(versions) -> None:
    app, rebuild = versions
    rebuild(*closing_change("long text", "rating"))
    add(app, {"departure": "voluntary", "closing": "5"}, n=6)
    rebuild(*closing_change("rating", "number"))
    add(app, {"departure": "voluntary", "closing": 40}, n=5)
    said = _closing(report(app).text())
    assert "5 answers. Median 40, mean 40." in said and f"6 answers {LEFT_OUT}" in said, said


def test_the_dutch_report_says_so_in_dutch(versions) -> None:
    app = _typed_then_numbers(versions)
    text = report(app, "exit-nl").text()
    assert "6 antwoorden. Mediaan 35, gemiddelde 35." in text, text
    assert "8 antwoorden die gegeven zijn toen deze vraag geen getalvraag was" in text, text


# -- 2. bad input: what counts as left out, and fewer than k ---------------------------------


def test_blanks_and_the_prefer_not_marker_are_not_counted_as_left_out(versions) -> None:
    """Only answers count as left out: not a blank box, an empty list or a "prefer not to
    say" that was a choice; a "prefer_not_to_say" typed into a text box is words."""
    app, rebuild = versions
    rebuild(*closing_change("long text", "choice or not saying"))
    for blank in ["   ", "", [], None, "prefer_not_to_say", ["prefer_not_to_say"]]:
        add(app, {"departure": "voluntary", "closing": blank})
    add(app, {"departure": "voluntary", "closing": "pay"}, n=5)
    rebuild(*closing_change("choice or not saying", "number"))
    add(app, {"departure": "voluntary", "closing": 7}, n=5)
    said = _closing(report(app).text())
    assert "5 answers. Median 7, mean 7." in said and f"5 answers {LEFT_OUT}" in said, said


def test_fewer_than_k_left_out_are_not_counted_aloud(versions) -> None:
    app, rebuild = versions
    add(app, {"departure": "voluntary", "closing": "3000"}, n=2)
    add(app, {"departure": "voluntary", "closing": "prefer_not_to_say"})  # typed: words
    rebuild(*closing_change("long text", "number"))
    add(app, {"departure": "voluntary", "closing": 20}, n=5)
    said = _closing(report(app).text())
    assert "5 answers. Median 20, mean 20." in said, said
    assert f"Answers {LEFT_OUT}" in said and "3 answers" not in said, said


def test_a_version_the_collector_does_not_have_is_read_as_the_question_is_now(versions) -> None:
    """A record of an unknown version (restored from elsewhere) is no earlier type that
    anyone knows of: its number counts, its words do not, and no note says so."""
    app, _ = versions
    state = app.extensions["exit_survey"]
    for value in (10, "20", "about 40"):
        record = {
            "form": "exit-en",
            "version": "not-a-version",
            "language": "en",
            "date": "2025-02",
            "answers": {"departure": "voluntary", "closing": value},
        }
        state.store.add("exit-en", record, submission_id=uuid.uuid4().hex, month="2025-02")
    versions[1](*closing_change("long text", "number"))
    add(app, {"departure": "voluntary", "closing": 30}, n=3)
    said = _closing(report(app).text())
    assert "5 answers. Median 30, mean 24." in said and "not a number question" not in said


# -- 3. dates --------------------------------------------------------------------------------


def test_a_date_typed_into_a_text_box_is_not_a_year_of_a_date_question(versions) -> None:
    app, rebuild = versions
    add(app, {"departure": "voluntary", "closing": "2019-03-04"}, n=6)
    rebuild(*closing_change("long text", "date"))
    add(app, {"departure": "voluntary", "closing": "2021-05-01"}, n=6)
    said = _closing(report(app).text())
    assert "2021 6" in said and "2019" not in said, said
    assert NOT_A_DATE in said and "No answer 6" in said, said
    assert "6 answers" not in said  # the note keeps the "No answer" group's makeup to itself


# -- 4. a text question lists only what was written into a text box --------------------------


@pytest.mark.parametrize(
    ("kind", "given", "shown"),
    [("date", "2019-03-04", "2019-03-04"), ("single choice", "pay", " pay ")],
)
def test_a_text_question_lists_no_date_or_code_given_before_it_was_one(
    versions, kind: str, given: str, shown: str
) -> None:
    app, rebuild = versions
    rebuild(*closing_change("long text", kind))
    add(app, {"departure": "voluntary", "closing": given}, n=10)
    rebuild(*closing_change(kind, "long text"))
    add(app, {"departure": "voluntary", "closing": "Written words"}, n=10)
    text = report(app).text()
    comments = text.split(f"{AFTER} 10 answers, in random order.")[1].split("About these")[0]
    assert comments.count("Written words") == 10, text
    assert shown not in f" {comments} ", comments
