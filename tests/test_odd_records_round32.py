"""Round 32: records edited by hand into a shape the collector never writes.

An operator who edits a month's file by hand (and makes the CRC match again) may leave
anything JSON allows: a version that is a list, a lone surrogate ("\\ud800"), answers that
are no object, a record that is no object at all, NaN. Exports (csv, xlsx, json), the
report (command line and HR area) and HR's removals must read the rest and say what they
left out, never end in a traceback or a 500, and never change what is stored
(docs/storage.md, "Records edited by hand"). A whole TinyDB file put in a month's place
must not be taken for a crash's torn tail and shuffled away by the next export.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from pathlib import Path

import pytest
from support.hr_area import login, set_password, submit

from collector.store_format import frame

ODD_ID = "0dd0" * 8
ANSWERS = {
    "departure": "voluntary",
    "reasons": ["pay", "growth"],
    "stay": "A shorter commute",
    "manager": "4",
    "recommend": "8",
    "closing": "nothing more",
}


def _store(app):
    return app.extensions["exit_survey"].store


def _shard(app) -> Path:
    store = _store(app)
    return Path(store.shard_path("exit-en", store.months("exit-en")[-1]))


def _with_answers(app, n: int = 6) -> None:
    client = app.test_client()
    for _ in range(n):
        submit(app, client, "exit-en", ANSWERS)


def _record(app, **fields: object) -> dict:
    version = app.extensions["exit_survey"].forms.current("exit-en").version
    record = {"form": "exit-en", "version": version, "language": "en", "date": "2026-11"}
    record["answers"] = dict(ANSWERS)
    record.update(fields)
    return record


def _append(app, payload: str) -> bytes:
    """Append one hand-edited line (its CRC made to match); the shard's bytes after it."""
    shard = _shard(app)
    with shard.open("ab") as f:
        f.write(frame(payload.encode()))
    return shard.read_bytes()


def _line(record: object, doc_id: str = ODD_ID) -> str:
    return json.dumps({"id": doc_id, "r": record}, ensure_ascii=False, separators=(",", ":"))


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def stored(app):
    _with_answers(app)
    return app


def test_a_version_that_is_a_list_is_read_with_the_current_form(stored, runner, tmp_path):
    before = _append(stored, _line(_record(stored, version=["abc"])))
    out = tmp_path / "x.csv"
    result = runner.invoke(args=["export", "exit-en", "--output", str(out)])
    assert result.exit_code == 0, result.output
    rows = _csv_rows(out.read_text("utf-8-sig"))
    assert len(rows) == 7
    odd = next(r for r in rows if r["response_id"] == ODD_ID)
    assert odd["stay"] == "A shorter commute"
    report = runner.invoke(args=["report", "exit-en", "--output", str(tmp_path / "r.html")])
    assert report.exit_code == 0, report.output
    assert _shard(stored).read_bytes() == before  # reading changed nothing


def test_a_lone_surrogate_is_written_as_the_replacement_character(stored, runner, tmp_path):
    # JSON's "\ud800": Python decodes it, but cannot write it as UTF-8.
    line = _line(_record(stored)).replace("nothing more", "before \\ud800 after")
    before = _append(stored, line)
    for fmt in ("csv", "json", "xlsx"):
        out = tmp_path / f"x.{fmt}"
        result = runner.invoke(args=["export", "exit-en", "--format", fmt, "--output", str(out)])
        assert result.exit_code == 0, (fmt, result.output)
    assert "before \ufffd after" in (tmp_path / "x.csv").read_text("utf-8-sig")
    exported = json.loads((tmp_path / "x.json").read_text("utf-8"))
    assert {r["closing"] for r in exported} == {"nothing more", "before \ufffd after"}
    report = runner.invoke(args=["report", "exit-en", "--output", str(tmp_path / "r.html")])
    assert report.exit_code == 0, report.output
    assert _shard(stored).read_bytes() == before


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param(lambda app: _line([1, 2]), id="record-a-list"),
        pytest.param(lambda app: _line("hello"), id="record-text"),
        pytest.param(lambda app: _line(None), id="record-null"),
        pytest.param(lambda app: _line(_record(app, answers="hello")), id="answers-text"),
        pytest.param(lambda app: _line(_record(app, answers=[1, 2])), id="answers-a-list"),
        pytest.param(lambda app: _line(_record(app, answers=None)), id="answers-null"),
    ],
)
def test_a_record_that_is_no_response_is_left_out_and_named(
    stored, runner, tmp_path, caplog, payload
):
    before = _append(stored, payload(stored))
    out = tmp_path / "x.csv"
    with caplog.at_level(logging.WARNING):
        result = runner.invoke(args=["export", "exit-en", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "left out 1 record that is no response" in result.output
    assert "Exported 6 responses" in result.output
    named = [r.getMessage() for r in caplog.records if ODD_ID in r.getMessage()]
    assert named and str(_shard(stored)) in named[0] and "left out" in named[0]
    assert "hello" not in " ".join(named)  # what is wrong, not what it holds
    assert len(_csv_rows(out.read_text("utf-8-sig"))) == 6
    report = runner.invoke(args=["report", "exit-en", "--output", str(tmp_path / "r.html")])
    assert report.exit_code == 0, report.output
    page = (tmp_path / "r.html").read_text("utf-8")
    assert "1 stored record could not be read" in page
    assert _shard(stored).read_bytes() == before


def test_the_hr_area_downloads_and_report_read_around_odd_records(stored):
    _append(stored, _line(_record(stored, version=["abc"], date=2026)))
    _append(stored, _line(_record(stored, removed_by_hr=[1, {"a": 2}])).replace("2026-11", "x"))
    _append(stored, _line(_record(stored, answers="words nobody may see"), "1" * 32))
    _append(stored, _line(_record(stored)).replace("nothing more", "\\udfff"))
    assert set_password(stored).exit_code == 0
    client = stored.test_client()
    login(client)
    for kind in ("csv", "csv-nl", "xlsx", "codebook"):
        response = client.get(f"/admin/download/exit-en/{kind}")
        assert response.status_code == 200, kind
        response.get_data()
        response.close()
    text = client.get("/admin/download/exit-en/csv").get_data().decode("utf-8-sig")
    assert len(_csv_rows(text)) == 9
    page = client.get("/admin/report/exit-en")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "1 stored record could not be read" in html
    assert "words nobody may see" not in html and "1" * 32 not in html
    dutch = client.get("/admin/report/exit-nl").get_data(as_text=True)
    assert "1 bewaarde reactie kon niet gelezen worden" in dutch


def test_answers_of_a_type_no_form_stores_are_exported_as_given(stored, runner, tmp_path):
    nan = _line(_record(stored)).replace('"recommend":"8"', '"recommend":NaN')
    huge = nan.replace('"manager":"4"', '"manager":1' + "0" * 400)
    _append(stored, huge.replace('"stay":"A shorter commute"', '"stay":{"a":1}'))
    out = tmp_path / "x.json"
    result = runner.invoke(args=["export", "exit-en", "--output", str(out)])
    assert result.exit_code == 0, result.output

    def strict(name: str) -> None:
        raise AssertionError(f"{name} is no JSON")

    rows = json.loads(out.read_text("utf-8"), parse_constant=strict)
    odd = next(r for r in rows if r["response_id"] == ODD_ID)
    assert odd["recommend"] == "NaN"
    assert odd["stay"] == '{"a": 1}'
    assert odd["manager"] == 10**400


def test_a_tinydb_file_in_a_months_place_is_kept_not_shuffled_away(stored, runner, tmp_path):
    """Valid JSON, but no line of the store: before, the whole file was taken for a crash's
    torn tail, and the next command (an export) shuffled the closed month without it."""
    closed = _shard(stored).parent / "2024-01.jsonl"
    tinydb = json.dumps({"_default": {"1": _record(stored)}}).encode()
    closed.write_bytes(tinydb)
    closed.chmod(0o600)
    result = runner.invoke(args=["export", "exit-en", "--output", str(tmp_path / "x.csv")])
    assert result.exit_code == 1
    assert "2024-01.jsonl: record at byte 0 (line 1) is damaged" in result.output
    assert "Traceback" not in result.output
    assert closed.read_bytes() == tinydb


@pytest.mark.parametrize("command", [["delete-response", ODD_ID], ["redact", ODD_ID, "stay"]])
def test_removing_a_record_that_is_no_response_says_so(stored, runner, command):
    before = _append(stored, _line([1, 2]))
    result = runner.invoke(args=[*command, "--yes"])
    assert result.exit_code == 1
    assert "is no response the collector can change" in result.output
    assert not isinstance(result.exception, TypeError)
    assert _shard(stored).read_bytes() == before


def test_a_redact_of_a_record_with_odd_fields_works(stored, runner, tmp_path):
    line = _line(_record(stored, removed_by_hr=[1, {"a": 2}])).replace("nothing", "\\ud800")
    _append(stored, line)
    result = runner.invoke(args=["redact", ODD_ID, "stay", "--yes"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "x.csv"
    assert runner.invoke(args=["export", "exit-en", "--output", str(out)]).exit_code == 0
    odd = next(r for r in _csv_rows(out.read_text("utf-8-sig")) if r["response_id"] == ODD_ID)
    assert odd["stay"] == "removed_by_hr"
    assert odd["closing"] == "\ufffd more"
