"""An answer HR blanked (``flask redact``) is marked in the export, not left as a skip.

Round 16: a blanked answer was an empty cell, the same as a question the leaver skipped,
and the codebook did not say that HR can take answers out.
"""

from __future__ import annotations

import time
from pathlib import Path

from support.exports import read_csv, run_export

MONTH = time.strftime("%Y-%m", time.gmtime())


def _add(store, n: int, **answers: object) -> str:
    record = {
        "form": "exit-en",
        "version": "v",
        "language": "en",
        "date": MONTH,
        "answers": {"departure": "voluntary", "recommend": "7", **answers},
    }
    store.add("exit-en", record, submission_id=f"removed-{n}", month=MONTH)
    return next(
        doc["id"] for doc in store.responses("exit-en") if doc["answers"].get("stay") == f"s{n}"
    )


def test_a_blanked_answer_is_marked_and_the_codebook_says_what_it_means(
    app, tmp_path: Path
) -> None:
    store = app.extensions["exit_survey"].store
    named = _add(store, 1, stay="s1", closing="Jan de Vries bullied me")
    words = _add(store, 2, stay="s2", reasons=["pay", "other"], reasons__other="Jan's team")
    skipped = _add(store, 3, stay="s3")
    runner = app.test_cli_runner()
    for args in (["redact", named, "closing"], ["redact", words, "reasons__other"]):
        result = runner.invoke(args=[*args, "--yes"])
        assert result.exit_code == 0, result.output
    data, codebook = run_export(app, tmp_path, "exit-en")
    rows = {row["response_id"]: row for row in read_csv(data)}
    assert rows[named]["closing"] == "removed_by_hr"
    assert rows[skipped]["closing"] == ""  # skipped by the leaver: still empty
    assert rows[words]["reasons.other"] == "1"  # the choice stays, its words went
    assert rows[words]["reasons__other"] == "removed_by_hr"
    assert rows[skipped]["reasons__other"] == ""
    marker = [r for r in read_csv(codebook) if r.get("code") == "removed_by_hr"]
    assert marker and "HR removed this answer" in marker[0]["text_en"]
    assert "Jan" not in data.read_text(encoding="utf-8")
