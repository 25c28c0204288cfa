"""Round 29, follow-up: the column ``<question>__typed`` (answers typed when a question that
is multiple choice now was a text, number or date question) in removals, the report and
the csv for Dutch Excel.

* HR could not remove such words by the column name the export shows: ``closing__typed``
  was refused ("This response has no answer to closing__typed"), in the HR area and by
  ``flask redact``, though the removal page says the question ID is "the name of the
  answer's column in the export". It now blanks the question's stored answer, as the
  question ID does.
* Numbers typed when the question was a number question (stored as numbers) were not
  among the report's comments, though docs/authoring.md said they were (round 30's review
  took them out again, with the docs: one person's number); and with nothing
  typed the heading "... – written when it was not yet a multiple-choice question" was
  listed all the same ("Fewer than ..." or under "Not listed yet").
* In the csv for Dutch Excel, a typed 2.5 was written ``2.5`` in ``__typed`` (and in the
  column of a number question that became a text question), where number columns write
  ``2,5``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.exports import read_csv, run_export
from support.hr_area import hidden_fields, login, set_password, token
from support.posts import version
from support.report_page import add, report
from support.type_changes import closing_as

from collector.export_cells import NOT_APPLICABLE_MARK, REMOVED_MARK

KINDS = {
    "multiple choice": (
        "- type: multiple choice\n- choices:\n  - yes: Yes\n  - no: No",
        "- type: multiple choice\n- choices:\n  - yes: Ja\n  - no: Nee",
    ),
    "number": ("- type: number\n- min: 0\n- max: 100\n- step: 0.5",) * 2,
    "long text": ("- type: long text\n- max length: 2000",) * 2,
}
WORDS = "Jan de Vries in v1.5 of the team"
TYPED_BEFORE = "written when it was not yet a multiple-choice question"


def _as(kind: str) -> tuple[str, str]:
    """``closing`` as written once it is of ``kind``."""
    return closing_as(KINDS[kind])


def _change(now: str, to: str) -> list[tuple[str, str]]:
    """The edits that make ``closing``, a ``now`` question, a ``to`` question."""
    return list(zip(_as(now), _as(to), strict=True))


def _send(app, **answers) -> None:
    data = {"departure": "voluntary", **answers, "_version": version(app)}
    response = app.test_client().post("/submit/exit-en", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[:500]


def _rows(app, tmp_path: Path, *more: str) -> dict[str, dict]:
    """The csv export's rows by their ``improve`` answer."""
    data, _ = run_export(app, tmp_path, "exit-en", "--format", "csv", *more)
    return {row["improve"]: row for row in read_csv(data, excel_nl=bool(more))}


@pytest.fixture
def changed(versions):
    """``closing`` typed into as text, then as a number (2.5 and 7), then multiple choice."""
    app, rebuild = versions
    _send(app, improve="words", closing=WORDS)
    rebuild(*_change("long text", "number"))
    _send(app, improve="fraction", closing="2.5")
    _send(app, improve="whole", closing="7")
    rebuild(*_change("number", "multiple choice"))
    _send(app, improve="chose", closing=["yes"])
    return app


# -- 1. removing typed words by their column's name ---------------------------------------


def test_the_hr_area_removes_typed_words_by_the_column_name_of_the_export(
    changed, tmp_path: Path
) -> None:
    assert set_password(changed).exit_code == 0
    browser = changed.test_client()
    login(browser)
    doc_id = _rows(changed, tmp_path)["words"]["response_id"]
    page = browser.get("/admin/remove").get_data(as_text=True)
    assert "<code>&lt;question&gt;__typed</code>" in page  # the hint says so
    fields = {"csrf_token": token(page), "step": "check", "response_id": doc_id}
    check = browser.post("/admin/remove", data={**fields, "question_id": "closing__typed"})
    shown = check.get_data(as_text=True)
    assert check.status_code == 200, shown
    assert "Jan de Vries" in shown  # what goes, before anything goes
    done = browser.post("/admin/remove", data={**hidden_fields(shown), "step": "remove"})
    assert done.status_code == 303
    rows = _rows(changed, tmp_path)
    assert rows["words"]["closing__typed"] == REMOVED_MARK
    assert rows["fraction"]["closing__typed"] == "2.5"  # the others are untouched
    assert rows["chose"]["closing.yes"] == "1"


def test_flask_redact_removes_typed_words_by_the_column_name_of_the_export(
    changed, tmp_path: Path
) -> None:
    doc_id = _rows(changed, tmp_path)["whole"]["response_id"]
    result = changed.test_cli_runner().invoke(args=["redact", doc_id, "closing__typed", "--yes"])
    assert result.exit_code == 0, result.output
    rows = _rows(changed, tmp_path)
    assert rows["whole"]["closing__typed"] == REMOVED_MARK
    assert rows["words"]["closing__typed"] == WORDS
    again = changed.test_cli_runner().invoke(args=["redact", doc_id, "closing__typed", "--yes"])
    assert again.exit_code == 0 and "Nothing to do" in again.output, again.output


# -- 2. the report: no heading without anything typed --------------------------------------


# (Numbers typed before were listed here; round 30's review took them out of the report,
# as one person's number: test_typed_column_review_round30.py.)


def test_the_report_lists_no_typed_heading_when_nothing_was_typed(versions) -> None:
    app, rebuild = versions
    rebuild(*_change("long text", "multiple choice"))  # the text version had no answers
    add(app, {"departure": "voluntary", "closing": ["no"]}, n=12)
    text = report(app).text()
    assert "No 12 100%" in text, text
    assert TYPED_BEFORE not in text, text


# -- 3. the csv for Dutch Excel: a typed fraction with a comma -----------------------------


def test_dutch_excel_writes_a_fraction_typed_before_with_a_comma(changed, tmp_path: Path) -> None:
    dutch = _rows(changed, tmp_path, "--excel-nl")
    assert dutch["fraction"]["closing__typed"] == "2,5"
    assert dutch["whole"]["closing__typed"] == "7"
    assert dutch["words"]["closing__typed"] == WORDS  # words keep their full stops
    assert dutch["chose"]["closing__typed"] == NOT_APPLICABLE_MARK
    assert _rows(changed, tmp_path)["fraction"]["closing__typed"] == "2.5"


def test_dutch_excel_writes_a_fraction_of_a_number_question_now_text_with_a_comma(
    versions, tmp_path: Path
) -> None:
    app, rebuild = versions
    rebuild(*_change("long text", "number"))
    _send(app, improve="fraction", closing="2.5")
    rebuild(*_change("number", "long text"))
    _send(app, improve="words", closing=WORDS)
    dutch = _rows(app, tmp_path, "--excel-nl")
    assert dutch["fraction"]["closing"] == "2,5"
    assert dutch["words"]["closing"] == WORDS
    assert _rows(app, tmp_path)["fraction"]["closing"] == "2.5"
