"""Round 19: a black-box client found two ways odd text got into the store.

* An escape that is not UTF-8 (``%FF``, a Latin-1 ``caf%E9``) was kept as its three
  characters: werkzeug re-quotes what it cannot decode, so "caf%E9" was stored and
  acknowledged as the answer. Now a 400, like raw bytes that are not UTF-8.
* U+FFFE and U+FFFF were stored as typed, and no XML may hold them: one such answer made
  HR's whole xlsx export a file Excel calls corrupt. Now they are dropped like control
  characters, and the xlsx writer drops them from answers stored before.
"""

from __future__ import annotations

import io
import time
import zipfile

import openpyxl
import pytest
from support.posts import stored, version

FORM = "application/x-www-form-urlencoded"


def post(app, client, body: str):
    return client.post(
        "/submit/exit-en",
        data=f"_version={version(app)}&departure=retirement&{body}".encode("ascii"),
        content_type=FORM,
    )


@pytest.mark.parametrize(
    "body",
    ["closing=ab%FF%FEcd", "closing=caf%E9", "closing=%ED%A0%80x", "stay%FF=x"],
    ids=["not-utf-8", "latin-1", "surrogate", "in-a-name"],
)
def test_an_escape_that_is_not_utf8_is_refused_and_nothing_is_stored(app, client, body):
    response = post(app, client, body)
    assert response.status_code == 400
    assert stored(app) == []


def test_a_percent_sign_typed_by_the_leaver_is_kept(app, client):
    assert post(app, client, "closing=50%25FF+of+us").status_code == 303
    [record] = stored(app)
    assert record["answers"]["closing"] == "50%FF of us"


def test_non_characters_are_dropped_and_the_xlsx_opens(app, client, runner, tmp_path):
    assert post(app, client, "closing=a%EF%BF%BEb%EF%BF%BFc").status_code == 303
    [record] = stored(app)
    assert record["answers"]["closing"] == "abc"
    # An answer stored before they were dropped on input.
    month = time.strftime("%Y-%m", time.gmtime())
    answers = {"departure": "retirement", "closing": "old\ufffeword\uffff"}
    app.extensions["exit_survey"].store.add(
        "exit-en",
        {"form": "exit-en", "version": version(app), "language": "en", "date": month,
         "answers": answers},
        submission_id="before",
        month=month,
    )  # fmt: skip
    out = tmp_path / "x.xlsx"
    result = runner.invoke(args=["export", "exit-en", "--format", "xlsx", "--output", str(out)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as book:
        sheet = book.read("xl/worksheets/sheet1.xml")
    assert "\ufffe".encode() not in sheet and "\uffff".encode() not in sheet
    rows = list(openpyxl.load_workbook(io.BytesIO(out.read_bytes()))["Responses"].values)
    closing = rows[0].index("closing")
    assert sorted(row[closing] for row in rows[1:]) == ["abc", "oldword"]
