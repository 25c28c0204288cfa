"""Round 32, review of the odd-records changes.

Records edited by hand must never end in a traceback or a 500 (docs/storage.md, "Records
edited by hand"), also in HR's removals: a ``language`` that is no text, a lone surrogate
in an answer's question ID. And the torn-tail rule must keep a last line an operator
edited without making its CRC match again, when the editor also took its newline: a
complete JSON object after the CRC is no prefix of an append, so no crash left it, while
every prefix of a real append (with or without zeros after it) still counts as torn.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.hr_area import login, set_password, submit, token

from collector.store import ResponseStore, StoreError
from collector.store_format import frame

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
    with _shard(app).open("ab") as f:
        f.write(frame(text.encode()))


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


def test_a_last_line_edited_without_its_crc_and_newline_is_kept(tmp_path):
    """An operator took a name out of the last answer by hand, did not make the CRC match,
    and the editor (or a script joining lines) dropped the file's last newline. Before,
    that was a torn tail: left out of exports unseen, cut by the next answer stored."""
    data = tmp_path / "data"
    with ResponseStore(data) as store:
        for n in range(3):
            store.add(
                "exit-en", {"sid": f"s{n}", "t": "Jan Smit"}, submission_id=f"s{n}", month=MONTH
            )
    shard = data / "exit-en" / f"{MONTH}.jsonl"
    raw = shard.read_bytes()
    last = raw.rindex(b"\n", 0, len(raw) - 1) + 1
    edited_line = raw[last:-1].replace(b"Jan Smit", b"[name]")  # CRC stale, no newline
    shard.write_bytes(raw[:last] + edited_line)
    with ResponseStore(data) as store:
        with pytest.raises(StoreError, match=r"record at byte \d+ \(line 3\) is damaged"):
            list(store.responses("exit-en"))
        assert store.add("exit-en", {"sid": "new"}, submission_id="new", month=MONTH)
    assert edited_line + b"\n" in shard.read_bytes()  # kept, not cut as a torn tail

    # Every cut a crash can make of a real append still is a torn tail: a prefix of the
    # line, or one followed by zeros, or zeros where pages never reached the disk.
    ends = [i + 1 for i, byte in enumerate(raw) if byte == 0x0A]
    good, line = raw[: ends[1]], raw[ends[1] :]
    for cut in range(1, len(line) - 1):
        for tail in (line[:cut], line[:cut] + b"\0" * 600, b"\0" * cut + line[cut:-1]):
            shard.write_bytes(good + tail)
            with ResponseStore(data) as store:
                assert {d["sid"] for d in store.responses("exit-en")} == {"s0", "s1"}, cut
                assert store.add("exit-en", {"sid": "new"}, submission_id="new", month=MONTH)
            assert shard.read_bytes() == good + _new_line(shard), cut


def _new_line(shard: Path) -> bytes:
    """The last line of ``shard`` (the one just added)."""
    lines = shard.read_bytes().split(b"\n")
    last = lines[-2] + b"\n"
    assert json.loads(last[9:])["r"]["sid"] == "new"
    return last
