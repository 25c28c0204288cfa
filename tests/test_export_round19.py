"""Round 19: a leaver's own words never read as one of the export's markers.

A black-box check typed "n/a" in a comment box: the export showed `n/a`, the marker of a
question that did not apply, in csv, xlsx and json alike (and Excel's COUNTIF("n/a") counts
it, in any case). Typed words that read as a marker now get a `'` in front; apostrophes
this rule added are looked through, so a typed "'n/a" stays apart from a typed "n/a".
The same check found that xlsx readers turn a typed `_x0041_` into "A".
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from support.exports import read_csv, read_xlsx, run_export

from collector.builder import build_site
from collector.problems import BuildError

TYPED = {
    "stay": "n/a",
    "went_well": "N/A",
    "improve": "removed_by_hr",
    "closing": "'n/a",
    "reasons__other": "prefer_not_to_say",
}


def post(app, answers: dict) -> None:
    version = app.extensions["exit_survey"].forms.current("exit-en").version
    response = app.test_client().post("/submit/exit-en", data={**answers, "_version": version})
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]


@pytest.fixture
def exported(app, tmp_path):
    """One voluntary leaver who typed the markers; what each format shows of them."""
    post(app, {"departure": "voluntary", "reasons": ["pay", "other"], **TYPED})
    post(app, {"departure": "voluntary", "reasons": "pay"})  # nothing typed: real markers
    return {
        "csv": read_csv(run_export(app, tmp_path, "exit-en")[0]),
        "csv-nl": read_csv(run_export(app, tmp_path, "exit-en", "--excel-nl")[0], excel_nl=True),
        "xlsx": read_xlsx(run_export(app, tmp_path, "exit-en", "--format", "xlsx")[0]),
        "json": json.loads(
            run_export(app, tmp_path, "exit-en", "--format", "json")[0].read_text("utf-8")
        ),
    }


@pytest.mark.parametrize("fmt", ["csv", "csv-nl", "xlsx", "json"])
def test_typed_words_never_read_as_a_marker(exported, fmt):
    typed, quiet = sorted(exported[fmt], key=lambda row: row["stay"] in (None, ""))
    assert typed["stay"] == "'n/a"
    assert typed["went_well"] == "'N/A"
    assert typed["improve"] == "'removed_by_hr"
    assert typed["closing"] == "''n/a"  # not the same as the typed "n/a" above
    assert typed["reasons__other"] == "'prefer_not_to_say"
    # The markers themselves are unchanged, beside them: questions that did not apply.
    assert typed["differently"] == typed["new_employer"] == "n/a"
    assert quiet["reasons__other"] in ("", None)


def test_words_that_only_contain_a_marker_are_kept_as_typed(app, tmp_path):
    post(app, {"departure": "voluntary", "stay": "n/a for me", "closing": "Prefer not to say"})
    [row] = read_csv(run_export(app, tmp_path, "exit-en")[0])
    assert (row["stay"], row["closing"]) == ("n/a for me", "Prefer not to say")


def test_xlsx_escapes_text_that_readers_turn_into_a_character(app, tmp_path):
    """`_x0041_` is "A" to Excel and LibreOffice (ECMA-376): the typed text is escaped, so
    that they show what the leaver wrote."""
    post(app, {"departure": "voluntary", "closing": "_x0041_ and _x000D_ end, _X0041_"})
    out = run_export(app, tmp_path, "exit-en", "--format", "xlsx")[0]
    with zipfile.ZipFile(out) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "_x005F_x0041_ and _x005F_x000D_ end, _X0041_" in sheet
    assert not re.search(r"(?<!_x005F)_x0041_", sheet)


def test_a_choice_coded_like_the_removed_marker_is_refused(project: Path, capsys):
    (project / "questionnaires" / "q.md").write_text(
        "---\ntitle: T\nlanguage: en\nprivacy: Anonymous.\n---\n\n## S {#s}\n\n"
        "### Why? {#why}\n- type: single choice\n- choices:\n  - pay: Pay\n"
        "  - removed_by_hr: Removed\n",
        "utf-8",
    )
    with pytest.raises(BuildError) as raised:
        build_site(project / "questionnaires", project / "output")
    message = str(raised.value)
    assert "q.md:13:" in message and "'removed_by_hr' is reserved" in message
    assert not (project / "output").exists()
