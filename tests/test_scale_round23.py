"""Round 23: the HR area at 100k and 300k responses.

The start page counted every response of every questionnaire on each load (a CRC check of
every stored line), and the report read and counted them all again on every view, every
filter and every download. Both now remember what they found for the shard files exactly as
they are on disk (``collector/store_counts.py``, ``collector/report_cache.py``). These
tests hold them to being right at once after another worker's submission or removal (two
app instances on one data folder are two gunicorn workers; one test uses another process),
and to not reading the responses again when nothing changed. No timings: those are in
bench/bench_hr_pages.py.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from support.hr_area import login, set_password, submit, token

import collector.store_format
from collector import create_app, report_cache, store_redact
from collector.store import ResponseStore
from collector.store_format import encode_response, trailer

ROOT = Path(__file__).resolve().parent.parent
ANSWERS = {"departure": "voluntary", "reasons": ["pay"], "closing": "Thanks"}


@pytest.fixture
def workers(built_site, tmp_path):
    """Two collectors on one data folder, as two gunicorn workers, with a password set."""
    config = {"OUTPUT_DIR": built_site, "DATA_DIR": tmp_path / "data", "SECRET_KEY": "k" * 32}
    first, second = create_app(config), create_app(config)
    assert set_password(first).exit_code == 0
    return first, second


def start_page_count(browser) -> int:
    """The number the HR start page shows for the example questionnaire."""
    page = browser.get("/admin/").get_data(as_text=True)
    found = re.search(r"<dd>(\d+|No responses yet)</dd>", page)
    assert found, page[:2000]
    return 0 if not found.group(1).isdigit() else int(found.group(1))


@pytest.fixture(autouse=True)
def _no_remembered_reports():
    """Each test starts with no report counted (report_cache keeps them per process)."""
    report_cache.forget()
    yield
    report_cache.forget()


def remove_response(browser, doc_id: str) -> None:
    """HR deletes a whole response on the removal page: IDs, check page, confirm."""
    page = browser.get("/admin/remove").get_data(as_text=True)
    fields = {"csrf_token": token(page), "response_id": doc_id, "question_id": ""}
    check = browser.post("/admin/remove", data={**fields, "step": "check"})
    confirm = re.search(r'name="confirm" value="([^"]+)"', check.get_data(as_text=True))
    assert confirm
    done = browser.post(
        "/admin/remove", data={**fields, "step": "remove", "confirm": confirm.group(1)}
    )
    assert done.status_code == 303


def report_count(browser, query: str = "") -> int:
    """The number of responses the report says it counted."""
    page = browser.get(f"/admin/report/exit-en{query}").get_data(as_text=True)
    found = re.search(r"(\d+) responses", page)
    assert found, page[:3000]
    return int(found.group(1))


@pytest.fixture
def lines_read(monkeypatch):
    """How many stored lines had their CRC checked (every scan of a shard checks each)."""
    seen = [0]
    real = collector.store_format.unframe

    def counting(line: bytes) -> bytes | None:
        seen[0] += 1
        return real(line)

    monkeypatch.setattr(collector.store_format, "unframe", counting)
    return seen


# -- the start page's counts ---------------------------------------------------------------


def test_the_start_page_does_not_read_unchanged_shards_again(workers, lines_read):
    first, _ = workers
    leaver = first.test_client()
    for _ in range(3):
        submit(first, leaver, "exit-en", ANSWERS)
    hr = first.test_client()
    login(hr)
    assert start_page_count(hr) == 3
    read = lines_read[0]
    assert start_page_count(hr) == 3
    assert lines_read[0] == read, "the second load scanned the shards again"


def test_counts_follow_another_workers_submission_and_removal(workers):
    first, second = workers
    hr_first, hr_second = first.test_client(), second.test_client()
    login(hr_first)
    login(hr_second)
    leaver = second.test_client()
    submit(second, leaver, "exit-en", ANSWERS)
    submit(second, leaver, "exit-en", ANSWERS)
    assert start_page_count(hr_first) == 2  # counted (and remembered) by the first worker
    submit(second, leaver, "exit-en", ANSWERS)  # on the other worker
    assert start_page_count(hr_first) == 3
    # HR deletes one response on the second worker: the first sees it gone at once.
    doc_id = next(iter(second.extensions["exit_survey"].store.responses("exit-en")))["id"]
    remove_response(hr_second, doc_id)
    assert start_page_count(hr_first) == 2
    assert start_page_count(hr_second) == 2


def test_counts_follow_a_submission_by_another_process(workers):
    first, _ = workers
    hr = first.test_client()
    login(hr)
    submit(first, first.test_client(), "exit-en", ANSWERS)
    assert start_page_count(hr) == 1
    data_dir = first.extensions["exit_survey"].store.directory
    month = collector.store_format.closed_before()  # any month: the count is of all
    script = (
        "import sys; from collector.store import ResponseStore\n"
        "with ResponseStore(sys.argv[1]) as s:\n"
        "    for i in range(2): s.add('exit-en', {'answers': {}}, submission_id=f'x{i}',"
        " month=sys.argv[2])\n"
    )
    subprocess.run([sys.executable, "-c", script, data_dir, month], cwd=ROOT, check=True)
    assert start_page_count(hr) == 3


def test_a_shard_replaced_by_one_of_the_same_size_and_time_is_counted_again(tmp_path):
    """A rewrite sets the file's modification time back to a coarse slot on purpose
    (store_redact, store_restore_shard), so size and mtime alone could repeat."""
    store = ResponseStore(tmp_path / "data")
    folder = tmp_path / "data" / "exit-en"
    folder.mkdir(mode=0o700)
    two = b"".join(encode_response({"a": "x"}, f"{i:032x}", None) for i in range(2))
    one = encode_response({"a": "x" * 10}, "f" * 32, None)
    one = encode_response({"a": "x" * (10 + len(two) - len(one))}, "f" * 32, None)
    assert len(one) == len(two)
    path = folder / "2024-01.jsonl"
    path.write_bytes(two + trailer(2))
    when = os.stat(path).st_mtime_ns
    assert store.count("exit-en") == 2
    replacement = folder / "2024-01.new"
    replacement.write_bytes(one + trailer(1))
    os.utime(replacement, ns=(when, when))
    os.replace(replacement, path)
    assert os.stat(path).st_size == len(two + trailer(2))
    assert store.count("exit-en") == 1
    store.close()


def test_a_damaged_shard_is_still_reported_on_every_count(tmp_path):
    store = ResponseStore(tmp_path / "data")
    store.add("exit-en", {"answers": {}}, submission_id="a", month="2024-01")
    assert store.count("exit-en") == 1
    path = store.shard_path("exit-en", "2024-01")
    with open(path, "ab") as shard:  # a damaged line, then an intact one: not a torn tail
        shard.write(b"00000000 {broken}\n" + encode_response({"b": 1}, "e" * 32, None))
    for _ in range(2):
        with pytest.raises(collector.store_format.StoreError, match="damaged"):
            store.count("exit-en")
    store.close()


def test_a_purged_month_is_no_longer_counted(tmp_path):
    store = ResponseStore(tmp_path / "data")
    store.add("exit-en", {"answers": {}}, submission_id="a", month="2024-01")
    store.add("exit-en", {"answers": {}}, submission_id="b", month="2024-02")
    assert store.count("exit-en") == 2
    assert store.purge("exit-en", "2024-02") == 1
    assert store.count("exit-en") == 1
    assert store_redact.find(store, "0" * 32) is None
    store.close()


# -- the report's counts -------------------------------------------------------------------


def test_a_report_view_seen_before_does_not_read_the_responses_again(workers, lines_read):
    first, _ = workers
    leaver = first.test_client()
    for _ in range(6):
        submit(first, leaver, "exit-en", ANSWERS)
    hr = first.test_client()
    login(hr)
    assert report_count(hr) == 6
    read = lines_read[0]
    assert report_count(hr) == 6
    assert hr.get("/admin/report/exit-en/download").status_code == 200  # the same counts
    assert lines_read[0] == read, "the same view counted the responses again"
    assert report_count(hr, "?breakdown=tenure") == 6  # another view: counted once
    assert lines_read[0] > read
    read = lines_read[0]
    assert report_count(hr, "?breakdown=tenure") == 6
    assert lines_read[0] == read


def test_the_report_follows_another_workers_submission_and_removal(workers):
    first, second = workers
    hr_first, hr_second = first.test_client(), second.test_client()
    login(hr_first)
    login(hr_second)
    leaver = second.test_client()
    for _ in range(6):
        submit(second, leaver, "exit-en", ANSWERS)
    assert report_count(hr_first) == 6
    assert report_count(hr_first, "?breakdown=tenure") == 6
    submit(second, leaver, "exit-en", ANSWERS)
    assert report_count(hr_first) == 7
    assert report_count(hr_first, "?breakdown=tenure") == 7
    doc_id = next(iter(second.extensions["exit_survey"].store.responses("exit-en")))["id"]
    remove_response(hr_second, doc_id)
    assert report_count(hr_first) == 6
    assert report_count(hr_first, "?breakdown=tenure") == 6
    # The other language's responses are the same questionnaire's: counted in too.
    submit(second, leaver, "exit-nl", ANSWERS)
    assert report_count(hr_first) == 7


def test_a_remembered_report_renders_the_same_page_again(workers):
    """Rendering must not change the counts it was given: a second view of the same
    remembered counts is the same page."""
    first, _ = workers
    leaver = first.test_client()
    for answers in (ANSWERS, {"departure": "dismissed", "closing": "Fine"}) * 4:
        submit(first, leaver, "exit-en", answers)
    hr = first.test_client()
    login(hr)
    pages = [hr.get("/admin/report/exit-en?breakdown=tenure").get_data(as_text=True)]
    pages.append(hr.get("/admin/report/exit-en?breakdown=tenure").get_data(as_text=True))
    assert pages[0] == pages[1]
