"""Round 30: the loose ends of a question whose type changed under the same ID.

* Removing ``<question>__typed`` of a response that answered the multiple-choice version
  (``n/a`` in that column) blanked that response's choices, in the HR area and with
  ``flask redact``: the column name was read as the question. It now removes nothing and
  says why; the question ID still blanks the choices.
* The Dutch report listed a number typed when the question was a number question (2.5)
  with a full stop among the comments, where it writes its other numbers with a comma
  (the review then took such numbers out of the report: test_typed_column_review_round30).
* A question that was multiple choice and is a number question now showed the choices
  given then as Python's list in every export (``['pay', 'manager']``). They are the codes
  now, ``pay;manager``, as in a text question that was a choice question: text, never a
  number (the codebook still lists the codes with their labels).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.exports import read_csv, read_xlsx, run_export
from support.hr_area import hidden_fields, login, set_password, token
from support.posts import version
from support.redact import MONTH, by_id, raw, record
from support.report_page import add, report
from support.type_changes import closing_as

from collector.export_cells import NOT_APPLICABLE_MARK, REMOVED_MARK

KINDS = {
    "multiple choice": (
        "- type: multiple choice\n- choices:\n  - pay: Pay\n  - manager: My manager",
        "- type: multiple choice\n- choices:\n  - pay: Salaris\n  - manager: Mijn leidinggevende",
    ),
    "number": ("- type: number\n- min: 0\n- max: 100\n- step: 0.5",) * 2,
    "long text": ("- type: long text\n- max length: 2000",) * 2,
}


def _change(now: str, to: str) -> list[tuple[str, str]]:
    """The edits that make ``closing``, a ``now`` question, a ``to`` question."""
    return list(zip(closing_as(KINDS[now]), closing_as(KINDS[to]), strict=True))


def _send(app, slug: str = "exit-en", **answers) -> None:
    data = {"departure": "voluntary", **answers, "_version": version(app, slug)}
    response = app.test_client().post(f"/submit/{slug}", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[:500]


def _rows(app, tmp_path: Path, *more: str) -> dict[str, dict]:
    """The csv export's rows by their ``improve`` answer."""
    data, _ = run_export(app, tmp_path, "exit-en", "--format", "csv", *more)
    return {row["improve"]: row for row in read_csv(data, excel_nl="--excel-nl" in more)}


@pytest.fixture
def typed_then_chosen(versions):
    """``closing`` typed into as a number (2.5), then multiple choice (pay and manager)."""
    app, rebuild = versions
    rebuild(*_change("long text", "number"))
    _send(app, improve="typed", closing="2.5")
    rebuild(*_change("number", "multiple choice"))
    _send(app, improve="chose", closing=["pay", "manager"])
    return app


# -- 1. <question>__typed removes only what was typed ---------------------------------------


def _data(app) -> bytes:
    return raw(Path(app.config["DATA_DIR"]) / "responses")


def test_the_hr_area_removes_nothing_under_typed_for_a_response_that_chose(
    typed_then_chosen, tmp_path: Path
) -> None:
    app = typed_then_chosen
    assert set_password(app).exit_code == 0
    browser = app.test_client()
    login(browser)
    doc_id = _rows(app, tmp_path)["chose"]["response_id"]
    before = _data(app)
    page = browser.get("/admin/remove").get_data(as_text=True)
    fields = {"csrf_token": token(page), "step": "check", "response_id": doc_id}
    check = browser.post("/admin/remove", data={**fields, "question_id": "closing__typed"})
    shown = check.get_data(as_text=True)
    assert check.status_code == 422, shown  # no check page: nothing of it would go
    assert "Remove this answer for good" not in shown
    assert "This response has nothing in closing__typed" in shown, shown
    assert _data(app) == before  # nothing stored changed
    rows = _rows(app, tmp_path)
    assert (rows["chose"]["closing.pay"], rows["chose"]["closing.manager"]) == ("1", "1")
    # The question ID blanks the choices, as before.
    check = browser.post("/admin/remove", data={**fields, "question_id": "closing"})
    assert check.status_code == 200 and "pay, manager" in check.get_data(as_text=True)
    done = browser.post(
        "/admin/remove", data={**hidden_fields(check.get_data(as_text=True)), "step": "remove"}
    )
    assert done.status_code == 303
    rows = _rows(app, tmp_path)
    assert rows["chose"]["closing.pay"] == REMOVED_MARK
    assert rows["typed"]["closing__typed"] == "2.5"


def test_flask_redact_removes_nothing_under_typed_for_a_response_that_chose(
    typed_then_chosen, tmp_path: Path
) -> None:
    app = typed_then_chosen
    rows = _rows(app, tmp_path)
    chose, typed = rows["chose"]["response_id"], rows["typed"]["response_id"]
    before = _data(app)
    cli = app.test_cli_runner()
    result = cli.invoke(args=["redact", chose, "closing__typed", "--yes"])
    assert result.exit_code == 1, result.output
    assert "has nothing in closing__typed" in result.output
    assert "give closing to blank its choices" in result.output
    assert _data(app) == before
    # What was typed goes by the column's name; the question ID still takes the choices.
    assert cli.invoke(args=["redact", typed, "closing__typed", "--yes"]).exit_code == 0
    assert cli.invoke(args=["redact", chose, "closing", "--yes"]).exit_code == 0
    rows = _rows(app, tmp_path)
    assert rows["typed"]["closing__typed"] == REMOVED_MARK
    assert rows["typed"]["closing.pay"] == NOT_APPLICABLE_MARK
    assert rows["chose"]["closing.pay"] == rows["chose"]["closing.manager"] == REMOVED_MARK
    assert rows["chose"]["closing__typed"] == NOT_APPLICABLE_MARK


def test_flask_redact_removes_nothing_under_typed_of_a_version_it_does_not_know(
    app,
) -> None:
    """A version the collector does not have (``record``'s "v") is not typed into, as the
    export reads it: its answer stays in the question's column, not in ``__typed``."""
    store = app.extensions["exit_survey"].store
    store.add("exit-en", record(1, "Words"), submission_id="sid-1", month=MONTH)
    (doc_id,) = by_id(store)
    before = _data(app)
    cli = app.test_cli_runner()
    result = cli.invoke(args=["redact", doc_id, "closing__typed", "--yes"])
    assert result.exit_code == 1 and "no answer to 'closing__typed'" in result.output
    assert _data(app) == before
    assert cli.invoke(args=["redact", doc_id, "closing", "--yes"]).exit_code == 0
    assert "closing" not in by_id(store)[doc_id]["answers"]


# -- 2. (a number typed then is no longer listed in the report at all: see
# test_typed_column_review_round30.py, which replaced the test of how it was written)


# -- 3. multiple choice, then a number: the choices are codes, never numbers ---------------


@pytest.fixture
def chosen_then_number(versions):
    """``closing`` multiple choice (pay and manager, then pay), then a number question (4.5)."""
    app, rebuild = versions
    rebuild(*_change("long text", "multiple choice"))
    _send(app, improve="chose", closing=["pay", "manager"])
    _send(app, improve="one", closing=["pay"])
    rebuild(*_change("multiple choice", "number"))
    _send(app, improve="number", closing="4.5")
    return app


@pytest.mark.parametrize("more", [(), ("--excel-nl",)])
def test_the_csv_shows_choices_given_before_a_question_became_a_number_as_codes(
    chosen_then_number, tmp_path: Path, more: tuple[str, ...]
) -> None:
    rows = _rows(chosen_then_number, tmp_path, *more)
    assert rows["chose"]["closing"] == "pay;manager"  # as a text question that was one
    assert rows["one"]["closing"] == "pay"
    assert rows["number"]["closing"] == ("4,5" if more else "4.5")


def test_json_and_xlsx_show_choices_given_before_a_question_became_a_number_as_text(
    chosen_then_number, tmp_path: Path
) -> None:
    app = chosen_then_number
    data, _ = run_export(app, tmp_path, "exit-en", "--format", "json")
    found = {row["improve"]: row["closing"] for row in json.loads(data.read_text("utf-8"))}
    assert found == {"chose": "pay;manager", "one": "pay", "number": 4.5}
    book, _ = run_export(app, tmp_path, "exit-en", "--format", "xlsx")
    found = {row["improve"]: row["closing"] for row in read_xlsx(book)}
    assert found == {"chose": "pay;manager", "one": "pay", "number": 4.5}


def test_the_report_counts_no_choice_given_before_a_question_became_a_number(versions) -> None:
    """A guard beside the fix above: the report never read the choices as numbers (like
    words typed before a question became a number), and must not start to."""
    app, rebuild = versions
    rebuild(*_change("long text", "multiple choice"))
    add(app, {"departure": "voluntary", "closing": ["pay", "manager"]}, n=7)
    rebuild(*_change("multiple choice", "number"))
    add(app, {"departure": "voluntary", "closing": 4.5}, n=5)
    add(app, {"departure": "voluntary", "closing": 8}, n=1)
    text = report(app).text()
    assert "6 answers. Median 4.5, mean 5.1." in text, text
    assert "pay" not in text.split("anything else you would like to tell us?")[1][:200], text
