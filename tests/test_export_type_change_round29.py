"""Round 29: answers kept across versions when a question changes type, in every export.

A question that was a text (or number) question and is multiple choice now, under the same
ID, had the words typed before in no column at all: its export columns are one 0/1 column
per choice, and "My manager never listened" ticks none (all ``n/a``), while a typed "yes"
ticked the choice ``yes`` that nobody was offered. docs/hr-data.md says nothing stored is
lost by a rebuild. Those words now go to ``<question>__typed`` (in the style of
``<question>__other``), with ``n/a`` in the choice columns for those rows and ``n/a`` in
``__typed`` for everyone else; csv, csv for Dutch Excel, xlsx, json and the HR area's
downloads alike. The other changes of type kept their answers already and still do.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest
from support.exports import read_csv, read_xlsx, run_export
from support.hr_area import login, set_password
from support.posts import stored, version
from support.report_page import add, report
from support.type_changes import CLOSING, closing_as

from collector.export_cells import NOT_APPLICABLE_MARK, PREFER_NOT_MARK, REMOVED_MARK

#: What ``closing`` becomes, by kind, in English and Dutch.
KINDS = {
    "multiple choice": (
        "- type: multiple choice\n- choices:\n  - yes: Yes\n  - no: No",
        "- type: multiple choice\n- choices:\n  - yes: Ja\n  - no: Nee",
    ),
    "single choice": (
        "- type: single choice\n- choices:\n  - yes: Yes\n  - no: No",
        "- type: single choice\n- choices:\n  - yes: Ja\n  - no: Nee",
    ),
    "number": ("- type: number\n- min: 0\n- max: 100",) * 2,
    "long text": ("- type: long text\n- max length: 2000",) * 2,
}
#: Words typed into the text box: plain, a code of the choices to come, markers, a formula.
TYPED = ["My manager never listened", "yes", "n/a", PREFER_NOT_MARK, "=1+1"]


def _closing_as(kind: str, now: tuple[str, str]) -> list[tuple[str, str]]:
    """The edits that make ``closing`` (written as ``now``) a question of ``kind``."""
    return [
        (old, old.split("\n")[0] + "\n" + new) for old, new in zip(now, KINDS[kind], strict=True)
    ]


def _as(kind: str) -> tuple[str, str]:
    """``closing`` as written once it is of ``kind``."""
    return closing_as(KINDS[kind])


def _send(app, answers: dict) -> None:
    response = app.test_client().post("/submit/exit-en", data={**answers, "_version": version(app)})
    assert response.status_code == 303, response.get_data(as_text=True)[:500]


def _rows(app, tmp_path: Path, fmt: str, *more: str) -> list[dict]:
    data, _ = run_export(app, tmp_path, "exit-en", "--format", fmt, *more)
    if fmt == "json":
        return json.loads(data.read_text("utf-8"))
    if fmt == "xlsx":
        return read_xlsx(data)
    return read_csv(data, excel_nl=bool(more))


def _by_improve(rows: list[dict], *columns: str) -> dict:
    return {row["improve"]: tuple(row[c] for c in columns) for row in rows}


@pytest.fixture
def changed(versions):
    """``closing`` typed into (as text, then as a number), then made multiple choice."""
    app, rebuild = versions
    for i, words in enumerate(TYPED):
        _send(app, {"departure": "voluntary", "improve": f"text {i}", "closing": words})
    _send(app, {"departure": "voluntary", "improve": "text skipped"})
    rebuild(*_closing_as("number", CLOSING))
    _send(app, {"departure": "voluntary", "improve": "number", "closing": "42"})
    rebuild(*_closing_as("multiple choice", _as("number")))
    _send(app, {"departure": "voluntary", "improve": "chose", "closing": ["yes"]})
    _send(app, {"departure": "voluntary", "improve": "skipped now"})
    return app


@pytest.mark.parametrize(
    ("fmt", "more"), [("csv", ()), ("csv", ("--excel-nl",)), ("xlsx", ()), ("json", ())]
)
def test_words_typed_before_a_question_became_multiple_choice_are_exported(
    changed, tmp_path: Path, fmt: str, more: tuple[str, ...]
) -> None:
    rows = _rows(changed, tmp_path, fmt, *more)
    found = _by_improve(rows, "closing.yes", "closing.no", "closing__typed")
    na, typed_marker = NOT_APPLICABLE_MARK, "'" + PREFER_NOT_MARK
    spreadsheet = fmt != "json"
    expected_words = [
        "My manager never listened",
        "yes",  # words, not the choice "yes" (nobody was offered it)
        "'n/a",
        typed_marker,
        "'=1+1" if spreadsheet else "=1+1",
    ]
    for i, words in enumerate(expected_words):
        assert found[f"text {i}"] == (na, na, words), (i, found)
    empty = "" if fmt == "csv" else None
    assert found["text skipped"] == (na, na, empty)
    number = "42" if fmt == "csv" else 42
    assert found["number"] == (na, na, number)
    one, zero = ("1", "0") if fmt == "csv" else (1, 0)
    assert found["chose"] == (one, zero, na)
    assert found["skipped now"] == (empty, empty, na)


def test_the_typed_column_comes_after_the_question_s_columns(changed, tmp_path: Path) -> None:
    """Every other column stays where it was: the new one is the question's last."""
    data, book = run_export(changed, tmp_path, "exit-en", "--format", "csv")
    header = data.read_text("utf-8").splitlines()[0].split(",")
    at = header.index("closing.yes")
    assert header[at : at + 3] == ["closing.yes", "closing.no", "closing__typed"]
    codebook = read_csv(book)
    entry = next(r for r in codebook if r["column"] == "closing__typed")
    assert entry["type"] == "typed_text"
    assert "not yet a multiple-choice question" in entry["text_en"]
    assert "nog geen meerkeuzevraag" in entry["text_nl"]
    assert not [r for r in codebook if r["column"] == "closing__typed" and r["code"]]


def test_the_hr_area_downloads_have_the_typed_words(changed) -> None:
    assert set_password(changed).exit_code == 0
    client = changed.test_client()
    login(client)
    for kind in ("csv", "csv-nl"):
        body = client.get(f"/admin/download/exit-en/{kind}").get_data(as_text=True)
        assert "closing__typed" in body, kind
        assert "My manager never listened" in body, kind
    book = openpyxl.load_workbook(
        io.BytesIO(client.get("/admin/download/exit-en/xlsx", buffered=True).data)
    )
    rows = list(book["Responses"].iter_rows(values_only=True))
    at = rows[0].index("closing__typed")
    assert "My manager never listened" in [row[at] for row in rows]


def test_hr_s_removal_and_a_ticked_prefer_not_to_say_move_to_the_typed_column(
    versions, tmp_path: Path
) -> None:
    app, rebuild = versions
    stay = "{#stay}\n- type: long text\n- max length: 1500\n"
    stay_pnts = stay + "- prefer not to say: yes\n"
    rebuild((stay, stay_pnts))
    _send(app, {"departure": "voluntary", "improve": "named", "closing": "Name Surname did it"})
    _send(app, {"departure": "voluntary", "improve": "ticked", "stay": PREFER_NOT_MARK})
    named = next(r for r in stored(app) if r["answers"].get("improve") == "named")
    result = app.test_cli_runner().invoke(args=["redact", named["id"], "closing", "--yes"])
    assert result.exit_code == 0, result.output
    rebuild(*_closing_as("multiple choice", CLOSING))
    stay_now = "{#stay}\n- type: multiple choice\n- choices:\n  - a: A\n- prefer not to say: yes\n"
    rebuild((stay_pnts, stay_now))
    rows = _rows(app, tmp_path, "csv")
    found = _by_improve(rows, "closing.yes", "closing__typed", "stay.a", "stay__typed")
    na = NOT_APPLICABLE_MARK
    assert found["named"] == (na, REMOVED_MARK, na, "")
    assert found["ticked"] == (na, "", na, PREFER_NOT_MARK)
    assert "Name Surname" not in json.dumps(rows)


@pytest.mark.parametrize(
    ("before", "after", "given", "column", "cell"),
    [
        ("long text", "single choice", "Too much overtime", "closing", "Too much overtime"),
        ("long text", "number", "Too much overtime", "closing", "Too much overtime"),
        ("number", "long text", "42", "closing", 42),
        ("multiple choice", "long text", ["yes", "no"], "closing", "yes;no"),
        ("single choice", "multiple choice", "no", "closing.no", 1),
    ],
)
def test_other_changes_of_type_keep_what_was_stored(
    versions, tmp_path: Path, before: str, after: str, given, column: str, cell
) -> None:
    """Nothing stored is missing from the export, whatever the change (these already held):
    only multiple choice has no column that could hold words."""
    app, rebuild = versions
    if before != "long text":
        rebuild(*_closing_as(before, CLOSING))
    _send(app, {"departure": "voluntary", "improve": "before", "closing": given})
    rebuild(*_closing_as(after, _as(before)))
    row = next(r for r in _rows(app, tmp_path, "json") if r["improve"] == "before")
    assert row[column] == cell
    # A typed column is there once a version that was typed into was served (the first
    # one here was long text): n/a for a code, which ticks its choice.
    assert row.get("closing__typed", NOT_APPLICABLE_MARK) == NOT_APPLICABLE_MARK


# -- the report: the same words are comments, never a choice -------------------------------


def test_the_report_lists_words_typed_before_a_question_became_multiple_choice(
    versions,
) -> None:
    app, rebuild = versions
    add(app, {"departure": "voluntary", "closing": "yes"}, n=6)  # typed, not the choice
    add(app, {"departure": "voluntary", "closing": "My manager never listened"}, n=5)
    rebuild(*_closing_as("multiple choice", CLOSING))
    add(app, {"departure": "voluntary", "closing": ["no"]}, n=6)
    text = report(app).text()
    heading = (
        "Is there anything else you would like to tell us? – written when it was not yet a "
        "multiple-choice question 11 answers, in random order."
    )
    assert heading in text, text
    assert text.count("My manager never listened") == 5, text
    # The six typed "yes" are no choice "yes" (it counted 12 people, "Yes 6 50%").
    chart = "Answer Number Percentage % No 6 100% Percentages are of the 6 people who answered"
    assert f"to tell us? {chart}" in text, text
