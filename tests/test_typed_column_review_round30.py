"""Round 30, review of the typed column: what HR and management see of answers given
before a question's type changed.

* The report listed every number and every date given while a question that is multiple
  choice now was a number or date question, one by one among its comments: each leaver's
  own age or start date, where the report of a number or date question shows only a
  median and mean, or years with *k* or more. Only words typed into a text question are
  comments now; the export still has everything.
* ``flask redact`` took the question ID as it was written, where the HR area (and the
  docs, for both) take quotes, spaces and capitals around it: ``'Closing'`` or
  ``CLOSING__TYPED`` were "no answer" on the server and removed in the HR area.
* ``<question>__typed`` of a response whose choices HR had blanked already said to give
  the question ID "to blank its choices", which then said there was nothing to do.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.exports import read_csv, run_export
from support.posts import version
from support.report_page import add, report
from support.type_changes import closing_as

from collector.export_cells import NOT_APPLICABLE_MARK, REMOVED_MARK

CHOICES = (
    "- type: multiple choice\n- choices:\n  - pay: Pay\n  - manager: My manager",
    "- type: multiple choice\n- choices:\n  - pay: Salaris\n  - manager: Mijn leidinggevende",
)
KINDS = {
    "multiple choice": CHOICES,
    "number": ("- type: number\n- min: 0\n- max: 100\n- step: 0.5",) * 2,
    "date": ("- type: date",) * 2,
    "long text": ("- type: long text\n- max length: 2000",) * 2,
}
TYPED_BEFORE = "written when it was not yet a multiple-choice question"


def _change(now: str, to: str) -> list[tuple[str, str]]:
    """The edits that make ``closing``, a ``now`` question, a ``to`` question."""
    return list(zip(closing_as(KINDS[now]), closing_as(KINDS[to]), strict=True))


# -- 1. the report lists no one's number or date ---------------------------------------------


@pytest.mark.parametrize(
    ("kind", "given"),
    [("number", [37, 41.5, 52, 29, 63, 44, 38, 57, 33, 48, 61]), ("date", ["2019-03-04"] * 11)],
)
def test_the_report_lists_no_number_or_date_given_before_a_question_became_multiple_choice(
    versions, kind: str, given: list
) -> None:
    app, rebuild = versions
    rebuild(*_change("long text", kind))
    for value in given:
        add(app, {"departure": "voluntary", "closing": value})
    rebuild(*_change(kind, "multiple choice"))
    add(app, {"departure": "voluntary", "closing": ["pay"]}, n=6)
    text = report(app).text()
    assert "Pay 6 100%" in text, text  # none of them counts as a choice either
    assert TYPED_BEFORE not in text, text
    for value in given:
        shown = str(value).removesuffix(".0")
        assert f" {shown} " not in text and "2019-03" not in text, (shown, text)


def test_the_report_still_lists_words_typed_before_beside_numbers_given_then(versions) -> None:
    app, rebuild = versions
    add(app, {"departure": "voluntary", "closing": "Words typed before"}, n=10)
    rebuild(*_change("long text", "number"))
    add(app, {"departure": "voluntary", "closing": 77.5}, n=10)
    rebuild(*_change("number", "multiple choice"))
    add(app, {"departure": "voluntary", "closing": ["manager"]}, n=6)
    text = report(app).text()
    heading = f"to tell us? – {TYPED_BEFORE} 10 answers, in random order."
    assert heading in text, text
    assert text.split(heading)[1].count("Words typed before") == 10, text
    assert "77.5" not in text and "77,5" not in text, text


# -- 2. flask redact reads the column name as the HR area does -----------------------------


def _send(app, **answers) -> None:
    data = {"departure": "voluntary", **answers, "_version": version(app)}
    response = app.test_client().post("/submit/exit-en", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[:500]


def _rows(app, tmp_path: Path) -> dict[str, dict]:
    """The csv export's rows by their ``improve`` answer."""
    data, _ = run_export(app, tmp_path, "exit-en", "--format", "csv")
    return {row["improve"]: row for row in read_csv(data)}


@pytest.fixture
def typed_then_chosen(versions):
    """``closing`` typed into (words), then multiple choice (pay and manager)."""
    app, rebuild = versions
    _send(app, improve="typed", closing="Words that name someone")
    rebuild(*_change("long text", "multiple choice"))
    _send(app, improve="chose", closing=["pay", "manager"])
    return app


@pytest.mark.parametrize("written", [" 'CLOSING__Typed' ", '"closing__typed"'])
def test_flask_redact_takes_quotes_spaces_and_capitals_around_the_column(
    typed_then_chosen, tmp_path: Path, written: str
) -> None:
    app = typed_then_chosen
    rows = _rows(app, tmp_path)
    typed = rows["typed"]["response_id"]
    result = app.test_cli_runner().invoke(args=["redact", typed, written, "--yes"])
    assert result.exit_code == 0, result.output
    assert f"Blanked closing of the response {typed}" in result.output
    rows = _rows(app, tmp_path)
    assert rows["typed"]["closing__typed"] == REMOVED_MARK
    assert rows["chose"]["closing.pay"] == "1"  # nothing else went


def test_typed_of_a_response_whose_choices_went_before_is_nothing_to_do(
    typed_then_chosen, tmp_path: Path
) -> None:
    app = typed_then_chosen
    chose = _rows(app, tmp_path)["chose"]["response_id"]
    cli = app.test_cli_runner()
    assert cli.invoke(args=["redact", chose, "closing", "--yes"]).exit_code == 0
    again = cli.invoke(args=["redact", chose, "closing__typed", "--yes"])
    assert again.exit_code == 0, again.output
    assert "Nothing to do: the answer to closing was removed already" in again.output
    assert "give closing to blank its choices" not in again.output
    rows = _rows(app, tmp_path)
    assert rows["chose"]["closing.pay"] == REMOVED_MARK
    assert rows["chose"]["closing__typed"] == NOT_APPLICABLE_MARK
    assert rows["typed"]["closing__typed"] == "Words that name someone"
