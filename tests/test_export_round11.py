"""Round 11: the exports as HR opens them in a real spreadsheet program, and the export
command's answers to the mistakes people make with file names.

Found by filling in both example surveys through /submit, exporting every format and
opening the files in LibreOffice (headless). Each test is one finding.
"""

from __future__ import annotations

import errno
import json
import uuid
from pathlib import Path

import openpyxl
import pytest
from support.exports import add, read_csv, read_xlsx, run_export, submit, write_survey

from collector import create_app, export
from collector.builder import build_site

ERROR_NAMES = ("#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!")


@pytest.fixture
def survey_app(tmp_path: Path):
    """The two-language test survey of support/exports.py, with an empty store."""
    write_survey(tmp_path / "questionnaires")
    build_site(tmp_path / "questionnaires", tmp_path / "output")
    config = {"OUTPUT_DIR": tmp_path / "output", "DATA_DIR": tmp_path / "data"}
    return create_app({"TESTING": True, "RATE_LIMIT": 10_000, **config})


def invoke(app, *args: str):
    return app.test_cli_runner().invoke(args=["export", *args])


def cell(path: Path, column: str, closing: str, sheet: str = "Responses") -> openpyxl.cell.Cell:
    """The cell of ``column`` in the row whose "closing" answer is ``closing``."""
    rows = list(openpyxl.load_workbook(path)[sheet].iter_rows())
    headers = [c.value for c in rows[0]]
    [row] = [r for r in rows[1:] if r[headers.index("closing")].value == closing]
    return row[headers.index(column)]


# -- what the workbook shows -----------------------------------------------------------------


def test_a_typed_error_name_stays_text_in_the_workbook(survey_app, tmp_path):
    """Typed into a comment box, "#N/A" became an error value in the workbook: the cell
    showed an error, and LibreOffice turned it into the formula =#N/A."""
    for name in ERROR_NAMES:
        submit(survey_app, "survey-en", {"why": "other", "why__other": name, "closing": name})
    out, _ = run_export(survey_app, tmp_path, "survey-en", "--format", "xlsx")
    for name in ERROR_NAMES:
        found = cell(out, "why__other", name)
        assert (found.value, found.data_type) == (name, "s")


def test_codebook_codes_are_what_the_responses_sheet_holds(tmp_path, app, client):
    """A rating of 4 is the number 4 on "Responses" but was the text "4" on "Codebook", so
    VLOOKUP/XLOOKUP from an answer to its label found nothing."""
    version = app.extensions["exit_survey"].forms.current("exit-en").version
    answers = {"departure": "voluntary", "reasons": ["pay"], "manager": "4", "recommend": "9"}
    assert client.post("/submit/exit-en", data={**answers, "_version": version}).status_code == 303
    out, _ = run_export(app, tmp_path, "exit-en", "--format", "xlsx")
    [row] = read_xlsx(out)
    codebook = read_xlsx(out, "Codebook")
    for column in ("manager", "recommend", "reasons.pay", "reasons.growth", "departure"):
        value = row[column]
        labels = [r["text_en"] for r in codebook if r["column"] == column and r["code"] == value]
        assert labels, f"{column}: {value!r} is not a code of the codebook"
    assert row["manager"] == 4 and row["reasons.growth"] == 0
    markers = [r["code"] for r in codebook if r["column"] == "(any column)"]
    assert 1 in markers and 0 in markers and "n/a" in markers
    # json keeps the codebook's codes as text, as before: scripts read it as a schema.
    _, book = run_export(app, tmp_path, "exit-en", "--format", "json")
    [manager] = [
        c for c in json.loads(book.read_text("utf-8"))["columns"] if c["column"] == "manager"
    ]
    assert [c["code"] for c in manager["codes"]][:2] == ["1", "2"]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("x" * 40_000, 32_767 - 16),  # one code unit a character
        ("🎉" * 20_000, (32_767 - 16) // 2),  # an emoji is two: LibreOffice cut this one
        ("é" * 32_000 + "👍🏽" * 400, 32_000 + 375),  # cut between an emoji's halves
    ],
)
def test_text_too_long_for_a_cell_is_cut_visibly(survey_app, tmp_path, text, kept):
    """Spreadsheets count a cell's 32,767 characters in UTF-16 (an emoji is two): 20,000
    emoji passed the old check, and LibreOffice cut them to 16,383 without a word. Such a
    text cannot come through the form (10,000 characters at most); stored by an older
    version it can."""
    add(survey_app, "survey-en", {"closing": text, "why__other": "long"})
    out, _ = run_export(survey_app, tmp_path, "survey-en", "--format", "xlsx")
    [row] = read_xlsx(out)
    shown = row["closing"]
    assert len(shown.encode("utf-16-le")) // 2 <= 32_767
    assert shown == text[:kept] + f"…[+{len(text) - kept}]"
    [full] = read_csv(run_export(survey_app, tmp_path, "survey-en")[0])
    assert full["closing"] == text  # csv keeps it all


def test_zero_responses_give_files_that_open(survey_app, tmp_path):
    out, _ = run_export(survey_app, tmp_path, "survey-en", "--format", "xlsx")
    sheets = openpyxl.load_workbook(out)
    assert sheets.sheetnames == ["Responses", "Codebook"]
    assert [c.value for c in next(sheets["Responses"].iter_rows())][:3] == [
        "response_id",
        "date",
        "language",
    ]
    assert sheets["Responses"].max_row == 1
    assert (
        read_csv(run_export(survey_app, tmp_path, "survey-en", "--excel-nl")[0], excel_nl=True)
        == []
    )


# -- the command's messages ------------------------------------------------------------------


def test_the_format_follows_the_file_name(survey_app, tmp_path):
    """`export exit-en -o exit.xlsx` wrote csv into exit.xlsx, which Excel refuses to open."""
    submit(survey_app, "survey-en", {"why": "pay", "closing": "named"})
    result = invoke(survey_app, "survey-en", "-o", str(tmp_path / "exit.xlsx"))
    assert result.exit_code == 0, result.output
    assert read_xlsx(tmp_path / "exit.xlsx")[0]["closing"] == "named"
    result = invoke(survey_app, "survey-en", "--output", str(tmp_path / "exit.json"))
    assert json.loads((tmp_path / "exit.json").read_text("utf-8"))[0]["closing"] == "named"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--format", "csv", "-o", "{dir}/exit.xlsx"],
            "--output {dir}/exit.xlsx ends in .xlsx, but the file would hold csv: add "
            "--format xlsx, or name the file exit.csv",
        ),
        (
            ["--excel-nl", "-o", "{dir}/exit.csv", "--codebook", "{dir}/book.json"],
            "--codebook {dir}/book.json ends in .json, but the file would hold csv: "
            "--excel-nl writes csv: name the file book.csv",
        ),
        (
            ["-o", "{dir}/exit.xls"],
            "does not write .xls files: name it exit.xlsx and use --format xlsx",
        ),
        (
            ["-o", "{dir}/exit.csv", "--codebook", "{dir}/exit.csv"],
            "--output and --codebook are the same file ({dir}/exit.csv): the codebook would "
            "replace the responses; give it its own name, e.g. --codebook exit-codebook.csv",
        ),
    ],
)
def test_a_file_name_that_would_lose_data_is_refused(survey_app, tmp_path, args, message):
    submit(survey_app, "survey-en", {"why": "pay"})
    result = invoke(survey_app, "survey-en", *(a.format(dir=tmp_path) for a in args))
    assert result.exit_code == 2
    assert message.format(dir=tmp_path) in " ".join(result.output.split())
    assert list(tmp_path.glob("exit*")) == [] and list(tmp_path.glob("book*")) == []


def test_an_existing_file_is_replaced_whole(survey_app, tmp_path):
    """Running the same export again (a monthly script, the README's command twice)
    replaces the file, as any command with an output option does."""
    submit(survey_app, "survey-en", {"why": "pay"})
    folder = tmp_path / "exports"
    folder.mkdir()
    target, book = folder / "exit.xlsx", folder / "book.xlsx"
    target.write_bytes(b"last month's export")
    book.write_bytes(b"last month's codebook")
    result = invoke(survey_app, "survey-en", "-o", str(target), "--codebook", str(book))
    assert result.exit_code == 0, result.output
    assert len(read_xlsx(target)) == 1 and openpyxl.load_workbook(book).sheetnames == ["Codebook"]
    assert sorted(p.name for p in folder.iterdir()) == ["book.xlsx", "exit.xlsx"]  # no temp files


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("missing/exit.csv", "the folder {dir}/missing does not exist: create it first"),
        ("a-file/exit.csv", "{dir}/a-file is not a folder"),
    ],
)
def test_an_unwritable_path_says_what_to_do(survey_app, tmp_path, where, message):
    (tmp_path / "a-file").write_text("")
    result = invoke(survey_app, "survey-en", "-o", str(tmp_path / where))
    assert result.exit_code == 1
    [line] = result.output.splitlines()
    assert line.startswith(f"Error: cannot write {tmp_path / where}: ")
    assert message.format(dir=tmp_path) in line


def test_a_full_disk_while_writing_is_one_line_and_leaves_nothing(
    survey_app, tmp_path, monkeypatch
):
    def full(*args, **kwargs):
        yield b"response_id\r\n"
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(export, "csv_chunks", full)
    result = invoke(survey_app, "survey-en", "-o", str(tmp_path / "exit.csv"))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"Error: cannot write {tmp_path / 'exit.csv'}: the disk is full: make room, or "
        "choose a folder on another disk"
    ]
    assert list(tmp_path.glob("*exit*")) == []  # no partial file left either


def test_the_command_says_how_many_responses_it_wrote(survey_app, tmp_path):
    """An export run without the server's settings read an empty data/ folder and said
    "Exported" as if all was well."""
    target = tmp_path / f"{uuid.uuid4().hex}.csv"
    result = invoke(survey_app, "survey-nl", "-o", str(target))
    assert result.exit_code == 0
    data = survey_app.config["DATA_DIR"]
    assert result.output.splitlines() == [
        f"Exported 0 responses (survey-nl, survey-en) to {target}",
        f"Warning: no responses to survey-nl (survey-nl, survey-en) are stored in {data}. If "
        "there should be, run the command as the collector's user, with its COLLECTOR_DATA_DIR.",
    ]
    assert "Warning: no responses" in invoke(survey_app, "survey-en").output  # stdout too
    submit(survey_app, "survey-en", {"why": "pay"})
    submit(survey_app, "survey-nl", {"why": "pay"})
    result = invoke(survey_app, "survey-en", "-o", str(tmp_path / "two.xlsx"))
    assert result.output.splitlines() == [
        f"Exported 2 responses (survey-en, survey-nl) to {tmp_path / 'two.xlsx'}"
    ]
