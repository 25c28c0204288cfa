"""Exports as HR opens them: csv, Excel-NL csv, xlsx and json, read back cell by cell."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from support.exports import (
    MONTH,
    SURVEY_EN,
    SURVEY_NL,
    add,
    read_csv,
    read_xlsx,
    run_export,
    submit,
    write_survey,
)

from collector import create_app, export, export_xlsx
from collector.builder import build_site
from collector.dataset import open_dataset

HOSTILE = [
    '=HYPERLINK("http://evil.example";"click")',
    "+31 6 1234",
    "-5",
    "@SUM(A1:A2)",
    "\tindented",
    "\rcarriage return",
    '=1+1;=2+2,"quoted"',
    "line one\nline two; with semicolon, and comma",
    "Ünïcödé – “quotes” – 🎉 ‘single’",
    "plain text",
    "x" * 4000,
]

COLUMNS = [
    "response_id",
    "date",
    "language",
    "why",
    "why__other",
    "mattered.pay",
    "mattered.team",
    "mattered.hours",
    "mattered.other",
    "mattered__other",
    "pay_change",
    "days",
    "closing",
]


@pytest.fixture
def survey_app(tmp_path: Path):
    write_survey(tmp_path / "questionnaires")
    build_site(tmp_path / "questionnaires", tmp_path / "output")
    return create_app(
        {
            "TESTING": True,
            "OUTPUT_DIR": tmp_path / "output",
            "DATA_DIR": tmp_path / "data",
            "RATE_LIMIT": 10_000,
        }
    )


def by_text(rows: list[dict], column: str, value) -> dict:
    [row] = [r for r in rows if r[column] == value]
    return row


# -- columns and states -------------------------------------------------------------------


def test_columns_are_in_questionnaire_order_and_shared_by_languages(survey_app, tmp_path):
    submit(survey_app, "survey-en", {"why": "growth", "closing": "english answer"})
    submit(survey_app, "survey-nl", {"why": "growth", "closing": "nederlands antwoord"})
    for slug in ("survey-en", "survey-nl"):  # either slug names the whole questionnaire
        out, _ = run_export(survey_app, tmp_path, slug)
        rows = read_csv(out)
        assert list(rows[0]) == COLUMNS
        assert {r["language"] for r in rows} == {"en", "nl"}
        assert by_text(rows, "closing", "nederlands antwoord")["why"] == "growth"
        assert by_text(rows, "closing", "english answer")["why"] == "growth"
        assert all(r["date"] == MONTH for r in rows)  # the coarse date only


def test_the_three_non_answers_are_told_apart(survey_app, tmp_path):
    submit(survey_app, "survey-en", {"why": "prefer_not_to_say", "mattered": "prefer_not_to_say"})
    submit(survey_app, "survey-en", {"why": "growth", "closing": "skipped the rest"})
    submit(survey_app, "survey-en", {"why": "pay", "mattered": ["team", "other"]})
    out, _ = run_export(survey_app, tmp_path, "survey-en")
    rows = read_csv(out)
    preferred = by_text(rows, "why", "prefer_not_to_say")
    assert [preferred[c] for c in COLUMNS[4:10]] == ["prefer_not_to_say"] * 6
    assert preferred["pay_change"] == "n/a"  # only for why = pay
    assert preferred["days"] == ""  # not answered
    skipped = by_text(rows, "closing", "skipped the rest")
    assert [skipped[c] for c in COLUMNS[4:10]] == [""] * 6  # not answered: empty
    assert skipped["pay_change"] == "n/a"
    chosen = by_text(rows, "why", "pay")
    assert [chosen[c] for c in COLUMNS[5:10]] == ["0", "1", "0", "1", ""]  # other, no text
    assert chosen["why__other"] == ""  # answered, but not with "other"
    assert chosen["pay_change"] == ""  # applicable, not answered


def test_multiple_choice_is_one_0_1_column_per_choice_plus_the_other_text(survey_app, tmp_path):
    submit(
        survey_app,
        "survey-nl",
        {
            "why": "other",
            "why__other": "Verhuizing",
            "mattered": ["pay", "hours", "other"],
            "mattered__other": "Reistijd",
        },
    )
    out, _ = run_export(survey_app, tmp_path, "survey-en", "--format", "xlsx")
    [row] = read_xlsx(out)
    assert (row["why"], row["why__other"]) == ("other", "Verhuizing")
    assert [row[f"mattered.{c}"] for c in ("pay", "team", "hours", "other")] == [1, 0, 1, 1]
    assert row["mattered__other"] == "Reistijd"


# -- every format, the same cells ------------------------------------------------------------


def _hostile_submissions(app) -> None:
    for i, text in enumerate(HOSTILE):
        answers = {
            "why": "other",
            "why__other": text[:500],
            "mattered": ["pay", "other"],
            "mattered__other": text[:500],
            "closing": text,
            "days": [-5, 2.5, 0, 100][i % 4],
        }
        add(app, "survey-en" if i % 2 else "survey-nl", answers)
    # Through the form too: what validation keeps must come out the same way.
    submit(app, "survey-en", {"why": "other", "why__other": "=2+3", "closing": "-via the form"})


def _expected_text(text: str | None, xml: bool = False):
    """A text cell as a spreadsheet format should hold it."""
    if text is None:
        return None if xml else ""
    text = "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
    return text.replace("\r", "\n") if xml else text


def test_hostile_text_in_every_format_cell_by_cell(survey_app, tmp_path):
    _hostile_submissions(survey_app)
    csv_rows = read_csv(run_export(survey_app, tmp_path, "survey-en")[0])
    nl_rows = read_csv(
        run_export(survey_app, tmp_path, "survey-en", "--excel-nl")[0], excel_nl=True
    )
    xlsx_rows = read_xlsx(run_export(survey_app, tmp_path, "survey-en", "--format", "xlsx")[0])
    json_path = run_export(survey_app, tmp_path, "survey-en", "--format", "json")[0]
    json_rows = json.loads(json_path.read_text(encoding="utf-8"))
    for rows in (csv_rows, nl_rows, xlsx_rows, json_rows):
        assert len(rows) == len(HOSTILE) + 1
        assert list(rows[0]) == COLUMNS
    for text in [*HOSTILE, "-via the form"]:
        raw = by_text(json_rows, "closing", text)  # json keeps the answers as stored
        assert raw["why__other"] == ("=2+3" if text == "-via the form" else text[:500])
        for rows in (csv_rows, nl_rows, xlsx_rows):
            xml = rows is xlsx_rows  # xlsx is XML: a carriage return reads back as \n
            row = by_text(rows, "closing", _expected_text(text, xml))
            assert row["why__other"] == _expected_text(raw["why__other"], xml)
            assert row["mattered__other"] == _expected_text(raw["mattered__other"], xml)
            assert row["response_id"] == raw["response_id"]
            assert row["language"] == raw["language"]
            if xml:
                assert row["days"] == raw["days"]
            else:
                number = "" if raw["days"] is None else str(raw["days"])
                assert row["days"] == (number.replace(".", ",") if rows is nl_rows else number)


def test_formulas_never_reach_a_spreadsheet_as_formulas(survey_app, tmp_path):
    _hostile_submissions(survey_app)
    out, _ = run_export(survey_app, tmp_path, "survey-en", "--format", "xlsx")
    sheet = openpyxl.load_workbook(out)["Responses"]
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f"
            if isinstance(cell.value, str):
                assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r"))
    for args in ((), ("--excel-nl",)):
        text = run_export(survey_app, tmp_path, "survey-en", *args)[0].read_text("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";" if args else ","))
        for row in rows:
            for value in row:
                if value.startswith(("=", "+", "@", "\t", "\r")):
                    pytest.fail(f"formula-like cell {value!r}")
                if value.startswith("-"):  # only a number may start with a minus
                    float(value.replace(",", "."))


def test_text_stored_where_a_number_belongs_is_protected_too(survey_app, tmp_path):
    """A question ID kept when its type changed to a number can hold text: it must not
    reach a spreadsheet as a formula either (it did, in csv and as a real xlsx formula)."""
    add(survey_app, "survey-en", {"days": "=1+1", "closing": "type changed"})
    add(survey_app, "survey-en", {"days": "-2.5", "closing": "a negative number"})
    xlsx = read_xlsx(run_export(survey_app, tmp_path, "survey-en", "--format", "xlsx")[0])
    assert by_text(xlsx, "closing", "type changed")["days"] == "'=1+1"
    assert by_text(xlsx, "closing", "a negative number")["days"] == -2.5
    for args, number in (((), "-2.5"), (("--excel-nl",), "-2,5")):
        out = run_export(survey_app, tmp_path, "survey-en", *args)[0]
        rows = read_csv(out, excel_nl=bool(args))
        assert by_text(rows, "closing", "type changed")["days"] == "'=1+1"
        assert by_text(rows, "closing", "a negative number")["days"] == number


def test_text_like_nan_where_a_number_belongs_stays_the_text(survey_app, tmp_path):
    """Found by fuzzing: typed into a question that was text in an older version, "NaN",
    "inf" or "1e999" became a float that is no number: invalid json (NaN, Infinity), "nan"
    and "inf" in csv, an empty cell in xlsx. What was typed is kept, as text."""
    for typed in ("NaN", "Infinity", "1e999"):
        add(survey_app, "survey-en", {"days": typed, "closing": typed})
    out = run_export(survey_app, tmp_path, "survey-en", "--format", "json")[0]
    data = json.loads(out.read_text("utf-8"), parse_constant=pytest.fail)
    csv_rows = read_csv(run_export(survey_app, tmp_path, "survey-en")[0])
    xlsx = read_xlsx(run_export(survey_app, tmp_path, "survey-en", "--format", "xlsx")[0])
    for typed in ("NaN", "Infinity", "1e999"):
        assert by_text(data, "closing", typed)["days"] == typed
        assert by_text(csv_rows, "closing", typed)["days"] == typed
        assert by_text(xlsx, "closing", typed)["days"] == typed


def test_a_number_where_a_multiple_choice_question_is_now(survey_app, tmp_path):
    """Found by fuzzing: a question that was a number question in an older version and is
    multiple choice now made every export crash (``code in 7``) on the old answers."""
    add(survey_app, "survey-en", {"mattered": 7, "closing": "a number"})
    add(survey_app, "survey-en", {"mattered": "team", "closing": "one code"})
    rows = read_csv(run_export(survey_app, tmp_path, "survey-en")[0])
    number = by_text(rows, "closing", "a number")
    assert [number[f"mattered.{c}"] for c in ("pay", "team", "hours")] == ["0", "0", "0"]
    assert by_text(rows, "closing", "one code")["mattered.team"] == "1"
    for fmt in ("xlsx", "json"):
        run_export(survey_app, tmp_path, "survey-en", "--format", fmt)


def test_answers_no_form_posts_to_a_condition_question_still_export(survey_app, tmp_path):
    """Which questions apply is worked out once per combination of the answers conditions
    look at; a stored shape that cannot be such a key (a list in a list) must not break the
    export, and must not be mixed up with the real answer it contains."""
    add(survey_app, "survey-en", {"why": [["pay"]], "closing": "nested"})
    add(survey_app, "survey-en", {"why": "pay", "closing": "real"})
    add(survey_app, "survey-en", {"why": "growth", "closing": "other reason"})
    rows = read_csv(run_export(survey_app, tmp_path, "survey-en")[0])
    assert by_text(rows, "closing", "nested")["pay_change"] == "n/a"
    assert by_text(rows, "closing", "real")["pay_change"] == ""  # applies, not answered
    assert by_text(rows, "closing", "other reason")["pay_change"] == "n/a"


def test_numbers_stay_numbers(survey_app, tmp_path):
    submit(survey_app, "survey-en", {"days": "-5", "closing": "minus five"})
    submit(survey_app, "survey-nl", {"days": "2,5", "closing": "two and a half"})
    submit(survey_app, "survey-en", {"days": "7", "closing": "-5"})  # text that looks like one
    plain = read_csv(run_export(survey_app, tmp_path, "survey-en")[0])
    assert by_text(plain, "closing", "minus five")["days"] == "-5"
    assert by_text(plain, "closing", "two and a half")["days"] == "2.5"
    assert by_text(plain, "closing", "'-5")["days"] == "7"
    dutch = read_csv(run_export(survey_app, tmp_path, "survey-en", "--excel-nl")[0], excel_nl=True)
    assert by_text(dutch, "closing", "minus five")["days"] == "-5"
    assert by_text(dutch, "closing", "two and a half")["days"] == "2,5"  # decimal comma
    xlsx = read_xlsx(run_export(survey_app, tmp_path, "survey-en", "--format", "xlsx")[0])
    assert by_text(xlsx, "closing", "minus five")["days"] == -5
    assert by_text(xlsx, "closing", "two and a half")["days"] == 2.5
    data = json.loads(
        run_export(survey_app, tmp_path, "survey-en", "--format", "json")[0].read_text("utf-8")
    )
    assert by_text(data, "closing", "minus five")["days"] == -5
    assert by_text(data, "closing", "-5")["days"] == 7


def test_rating_codes_are_numbers(app, client, tmp_path):
    version = app.extensions["exit_survey"].forms.current("exit-en").version
    data = {"departure": "retirement", "manager": "4", "recommend": "10", "_version": version}
    assert client.post("/submit/exit-en", data=data).status_code == 303
    [row] = read_xlsx(run_export(app, tmp_path, "exit-nl", "--format", "xlsx")[0])
    assert (row["manager"], row["recommend"], row["departure"]) == (4, 10, "retirement")


def test_excel_nl_bytes(survey_app, tmp_path):
    submit(survey_app, "survey-en", {"why": "pay", "closing": "a; b, c", "days": "1.5"})
    data = run_export(survey_app, tmp_path, "survey-en", "--excel-nl")[0].read_bytes()
    assert data.startswith(b"\xef\xbb\xbf" + b"response_id;date;language;why;")
    assert data.endswith(b"\r\n")
    assert data.count(b"\n") == data.count(b"\r\n") == 2
    assert b'"a; b, c"' in data and b";1,5;" in data
    plain = run_export(survey_app, tmp_path, "survey-en")[0].read_bytes()
    assert plain.startswith(b"response_id,date,language,why,")
    assert b";" not in plain.split(b"\r\n")[0]
    assert b",1.5," in plain and b'"a; b, c"' in plain


def test_export_files_are_private(survey_app, tmp_path):
    out, book = run_export(survey_app, tmp_path, "survey-en")
    for path in (out, book):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


#: Cells as they can reach the xlsx writer, odd ones included. Rows take them in turn, so
#: one column gets 1, 1.0, "1" and True: remembered XML must never be served for another.
XLSX_CELLS = [
    None,
    "",
    " ",
    "  padded ",
    "\tindented",
    "line\nbreak",
    "cr\r\nlf",
    "a\rb",
    "\x01=hidden",
    "<b>&amp; 'single' \"double\"</b>",
    "#N/A",
    "#DIV/0!",
    "=",
    "=1+1",
    "Ünïcödé – “quotes” – 🎉",
    "x" * 40_000,
    0,
    1,
    1.0,
    "1",
    True,
    False,
    -5,
    2.5,
    -0.0,
    1e16,
    12345678901234567,
    float("nan"),
    float("inf"),
]


def test_xlsx_rows_are_written_as_openpyxl_writes_them(tmp_path):
    """write_xlsx writes the responses' XML itself (openpyxl's cell objects took 20 s for
    65k responses): the workbook must hold what openpyxl's write-only mode made of them."""
    width = 5
    headers = [f"column {j}" for j in range(width)]
    rows = [[XLSX_CELLS[(i + j) % len(XLSX_CELLS)] for j in range(width)] for i in range(60)]
    rows.append([None] * width)

    def started() -> tuple[openpyxl.Workbook, object]:
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("Responses")
        sheet.freeze_panes = "A2"
        sheet.append(headers)
        return book, sheet

    def as_openpyxl(value, sheet):
        """openpyxl stores a text like "#N/A" as an error value; the export keeps it text
        (typed into a form, it is an answer), so the reference says "text" explicitly."""
        value = export_xlsx._xlsx_cell(value)
        if isinstance(value, str) and value in ERROR_CODES:
            cell = WriteOnlyCell(sheet, value)
            cell.data_type = "s"
            return cell
        return value

    book, sheet = started()
    for row in rows:
        sheet.append([as_openpyxl(v, sheet) for v in row])
    book.save(tmp_path / "openpyxl.xlsx")
    book, sheet = started()
    skeleton = io.BytesIO()
    book.save(skeleton)
    export_xlsx._add_rows(skeleton, sheet.path.lstrip("/"), rows, width, tmp_path / "ours.xlsx")

    def cells(path: Path) -> list[list[tuple]]:
        sheet = openpyxl.load_workbook(path)["Responses"]
        return [[(c.value, c.data_type) for c in row] for row in sheet.iter_rows()]

    assert cells(tmp_path / "ours.xlsx") == cells(tmp_path / "openpyxl.xlsx")
    if not openpyxl.LXML:  # with lxml installed, openpyxl spells its XML differently
        part = sheet.path.lstrip("/")
        with (
            zipfile.ZipFile(tmp_path / "ours.xlsx") as ours,
            zipfile.ZipFile(tmp_path / "openpyxl.xlsx") as theirs,
        ):
            assert ours.read(part) == theirs.read(part)


# -- versions --------------------------------------------------------------------------------


def test_columns_stay_when_the_questionnaire_changes(survey_app, tmp_path):
    submit(survey_app, "survey-en", {"why": "pay", "pay_change": "old form", "mattered": ["team"]})
    # HR rewords a question, adds a choice and a question, and drops pay_change.
    changes = [
        ("Why are you leaving?", "What made you leave?"),
        ("Waarom vertrek je?", "Waarom ga je weg?"),
        ("  - hours: Hours\n", "  - hours: Hours\n  - remote: Working from home\n"),
        ("  - hours: Werktijden\n", "  - hours: Werktijden\n  - remote: Thuiswerken\n"),
    ]
    en, nl = SURVEY_EN, SURVEY_NL
    for old, new in changes:
        en, nl = en.replace(old, new), nl.replace(old, new)
    cut = en.index("### What would you change"), en.index("### How many days")
    en = en[: cut[0]] + en[cut[1] :]
    cut = nl.index("### Wat zou je"), nl.index("### Hoeveel")
    nl = nl[: cut[0]] + nl[cut[1] :]
    new_site = tmp_path / "output"
    write_survey(tmp_path / "questionnaires", en, nl)
    build_site(tmp_path / "questionnaires", new_site)
    submit(survey_app, "survey-nl", {"why": "pay", "mattered": ["remote"], "closing": "new form"})
    rows = read_csv(run_export(survey_app, tmp_path, "survey-en")[0])
    expected = [*COLUMNS[:8], "mattered.remote", "mattered.other", "mattered__other"]
    expected += ["days", "closing", "pay_change"]  # a dropped question goes last
    assert list(rows[0]) == expected
    old = by_text(rows, "pay_change", "old form")
    assert (old["why"], old["mattered.team"], old["mattered.remote"]) == ("pay", "1", "n/a")
    new = by_text(rows, "closing", "new form")
    assert (new["why"], new["mattered.remote"], new["pay_change"]) == ("pay", "1", "n/a")
    _, book = run_export(survey_app, tmp_path, "survey-en", "--format", "json")
    columns = {c["column"]: c for c in json.loads(book.read_text("utf-8"))["columns"]}
    assert columns["why"]["text"] == {"en": "What made you leave?", "nl": "Waarom ga je weg?"}
    assert columns["pay_change"]["text"]["nl"] == "Wat zou je aan het salaris veranderen?"


# -- codebook --------------------------------------------------------------------------------


def test_codebook_in_every_format(survey_app, tmp_path):
    submit(survey_app, "survey-en", {"why": "pay"})
    _, book = run_export(survey_app, tmp_path, "survey-nl", "--format", "json")
    data = json.loads(book.read_text("utf-8"))
    assert data["languages"] == ["nl", "en"] and set(data["slugs"]) == {"survey-en", "survey-nl"}
    assert set(data["markers"]) >= {"prefer_not_to_say", "", "n/a"}
    columns = {c["column"]: c for c in data["columns"]}
    assert list(columns) == COLUMNS
    why = columns["why"]
    assert why["text"] == {"nl": "Waarom vertrek je?", "en": "Why are you leaving?"}
    codes = {c["code"]: c["label"] for c in why["codes"]}
    assert list(codes) == ["pay", "growth", "other", "prefer_not_to_say"]
    assert codes["pay"] == {"nl": "Salaris", "en": "Pay"}
    assert codes["prefer_not_to_say"] == {"nl": "Zeg ik liever niet", "en": "Prefer not to say"}
    assert columns["mattered.team"]["text"]["nl"] == "Wat was belangrijk?: Het team"
    assert columns["mattered__other"]["type"] == "other_text"

    _, csv_book = run_export(survey_app, tmp_path, "survey-en", "--excel-nl")
    rows = read_csv(csv_book, excel_nl=True)
    assert list(rows[0]) == ["column", "question_id", "type", "code", "text_en", "text_nl"]
    assert {
        "column": "why",
        "question_id": "why",
        "type": "single_choice",
        "code": "pay",
        "text_en": "Pay",
        "text_nl": "Salaris",
    } in rows
    assert any(r["code"] == "n/a" and "Not applicable" in r["text_en"] for r in rows)

    out, xlsx_book = run_export(survey_app, tmp_path, "survey-en", "--format", "xlsx")
    assert openpyxl.load_workbook(out).sheetnames == ["Responses", "Codebook"]
    assert openpyxl.load_workbook(xlsx_book).sheetnames == ["Codebook"]
    sheet = read_xlsx(out, "Codebook")
    assert {
        "column": "days",
        "question_id": "days",
        "type": "number",
        "code": None,
        "text_en": "How many days of leave were left?",
        "text_nl": "Hoeveel verlofdagen had je nog over?",
    } in sheet


# -- the command line ------------------------------------------------------------------------


def test_unknown_slug_is_one_clean_line(survey_app):
    result = survey_app.test_cli_runner().invoke(args=["export", "nope"])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert lines == ["Error: there is no questionnaire 'nope' (known: survey-en, survey-nl)"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xlsx"], "give a file with --output"),
        (["--format", "json", "--excel-nl"], "--excel-nl only applies to --format csv"),
        (["--format", "pdf"], "'pdf' is not one of"),
    ],
)
def test_bad_options(survey_app, args, message):
    result = survey_app.test_cli_runner().invoke(args=["export", "survey-en", *args])
    assert result.exit_code == 2
    assert message in result.output


def test_csv_and_json_go_to_standard_output(survey_app):
    submit(survey_app, "survey-en", {"why": "growth"})
    runner = survey_app.test_cli_runner()
    result = runner.invoke(args=["export", "survey-en"])
    assert result.exit_code == 0
    [row] = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert row["why"] == "growth"
    result = runner.invoke(args=["export", "survey-en", "--format", "json"])
    assert json.loads(result.stdout)[0]["why"] == "growth"


# -- streaming -------------------------------------------------------------------------------


def test_export_memory_does_not_grow_with_the_responses(survey_app, tmp_path):
    """Each export needs little more memory than reading the store once (whose buffer is
    a fixed 1 MB chunk), far less than keeping the rows would take."""
    state = survey_app.extensions["exit_survey"]
    text = "A realistic answer of about a hundred characters, give or take a few words here. "
    for i in range(2500):
        answers = {"why": "pay", "mattered": ["pay", "team"], "closing": f"{i} {text}", "days": i}
        add(survey_app, "survey-en", answers)
    table = export.Export(open_dataset(state.forms, state.store, "survey-en"))

    def peak(work) -> int:
        tracemalloc.start()
        try:
            work()
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    tracemalloc.start()
    rows = list(table.rows(spreadsheet=True))
    kept = tracemalloc.get_traced_memory()[0]  # what holding every row costs
    tracemalloc.stop()
    assert len(rows) == 2500 and kept > 1_000_000
    del rows
    reading = peak(lambda: sum(1 for _ in state.store.responses("survey-en")))
    for fmt, work in {
        "csv": lambda: sum(len(c) for c in export.csv_chunks(table)),
        "csv-nl": lambda: sum(len(c) for c in export.csv_chunks(table, excel_nl=True)),
        "json": lambda: sum(len(c) for c in export.json_chunks(table)),
        "xlsx": lambda: export_xlsx.write_xlsx(table, str(tmp_path / "big.xlsx")),
    }.items():
        overhead = peak(work) - reading
        assert overhead < kept / 5, (fmt, overhead, kept)
