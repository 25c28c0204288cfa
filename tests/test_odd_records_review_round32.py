"""Round 32, review of the odd-records changes.

Records edited by hand must never end in a traceback or a 500 (docs/storage.md, "Records
edited by hand"), also in HR's removals: a ``language`` that is no text, a lone surrogate
in an answer's question ID."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import pytest
from support.hr_area import login, set_password, submit, token

ODD_ID = "0dd0" * 8
MONTH = "2026-11"
ANSWERS = {"departure": "voluntary", "stay": "A shorter commute", "closing": "nothing more"}


def _store(app):
    return app.extensions["exit_survey"].store


def _shard(app) -> Path:
    store = _store(app)
    return Path(store.shard_path("exit-en", store.months("exit-en")[-1]))


def _append_record(app, text: str) -> None:
    """One hand-edited line (its CRC made to match) at the end of the open month."""
    data = text.encode()
    with _shard(app).open("ab") as f:
        f.write(b"%08x %s\n" % (zlib.crc32(data), data))


def _odd_line(app, **fields: object) -> str:
    version = app.extensions["exit_survey"].forms.current("exit-en").version
    record = {"form": "exit-en", "version": version, "language": "en", "date": MONTH}
    record["answers"] = {**ANSWERS, "KEY__other": "words"}
    record.update(fields)
    line = json.dumps({"id": ODD_ID, "r": record}, separators=(",", ":"))
    return line.replace("KEY", "reasons\\ud800")  # a lone surrogate in a question ID


@pytest.fixture
def stored(app):
    client = app.test_client()
    for _ in range(3):
        submit(app, client, "exit-en", ANSWERS)
    return app


def _check_page(app, question: str):
    assert set_password(app).exit_code == 0
    client = app.test_client()
    login(client)
    form = client.get("/admin/remove").get_data(as_text=True)
    data = {"response_id": ODD_ID, "question_id": question, "step": "check"}
    return client.post("/admin/remove", data={**data, "csrf_token": token(form)})


@pytest.mark.parametrize("language", [["en"], {"en": 1}])
@pytest.mark.parametrize("question", ["", "stay"])
def test_the_hr_areas_removal_shows_a_record_whose_language_is_no_text(stored, language, question):
    _append_record(stored, _odd_line(stored, language=language).replace("\\ud800", ""))
    page = _check_page(stored, question)
    assert page.status_code == 200
    assert "A shorter commute" in page.get_data(as_text=True)


@pytest.mark.parametrize("question", ["", "nothing-such"])
def test_the_hr_areas_removal_shows_a_lone_surrogate_in_a_question_id(stored, question):
    _append_record(stored, _odd_line(stored))
    page = _check_page(stored, question)
    assert page.status_code in (200, 422)
    assert "reasons\ufffd__other" in page.get_data(as_text=True)


def test_delete_response_shows_a_lone_surrogate_in_a_question_id(stored):
    _append_record(stored, _odd_line(stored))
    before = _shard(stored).read_bytes()
    result = stored.test_cli_runner().invoke(args=["delete-response", ODD_ID], input="n\n")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "reasons\ufffd__other" in result.output
    assert _shard(stored).read_bytes() == before  # answered "n": nothing removed
