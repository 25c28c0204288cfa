"""ResponseStore: API, idempotency, anonymity, retention, file modes and TinyDB view."""

from __future__ import annotations

import os
import stat
import threading
import time
import tracemalloc
import uuid

import pytest
from tinydb import Query
from tinydb.table import Table

from collector.store import ResponseStore, StoreError
from collector.store_format import encode_response, is_shuffled, submission_key

MONTH = time.strftime("%Y-%m", time.gmtime())  # the current month: never closed
OLD = "2020-01"  # long closed: shuffled on open, compact() and purge()


def new_sid() -> str:
    return uuid.uuid4().hex


def raw_lines(store_dir, slug: str, month: str) -> list[bytes]:
    return (store_dir / slug / f"{month}.jsonl").read_bytes().splitlines()


@pytest.fixture
def data(tmp_path):
    return tmp_path / "data"


@pytest.fixture
def store(data):
    store = ResponseStore(data)
    yield store
    store.close()


def test_document_is_the_record_plus_a_random_id(store):
    record = {"q1": ["yes"], "why": "Zu viel Überstunden", "score": 7}
    assert store.add("exit-en", record, submission_id=new_sid(), month=MONTH) is True
    (doc,) = store.responses("exit-en")
    assert set(doc) == {"q1", "why", "score", "id"}
    assert {k: doc[k] for k in record} == record
    assert uuid.UUID(doc["id"]).version == 4


def test_ids_are_random_not_sequential(store):
    for i in range(60):
        store.add("exit-en", {"n": i}, submission_id=new_sid(), month=MONTH)
    docs = sorted(store.responses("exit-en"), key=lambda d: d["n"])
    ids = [d["id"] for d in docs]
    assert len(set(ids)) == 60
    assert all(uuid.UUID(i).version == 4 for i in ids)
    assert ids != sorted(ids)  # the id order says nothing about the arrival order


def test_submission_id_is_not_stored_in_clear(store, data):
    sid = "browser-session-4f1c"
    store.add("exit-en", {"a": 1}, submission_id=sid, month=MONTH)
    raw = (data / "exit-en" / f"{MONTH}.jsonl").read_bytes()
    assert sid.encode() not in raw
    assert b"submission" not in raw
    (doc,) = store.responses("exit-en")
    assert sid not in doc.values()


def test_a_retry_is_a_noop(store):
    sid = new_sid()
    assert store.add("exit-en", {"a": 1}, submission_id=sid, month=MONTH) is True
    assert store.add("exit-en", {"a": 1}, submission_id=sid, month=MONTH) is False
    assert store.add("exit-en", {"a": 2}, submission_id=sid, month=MONTH) is False
    assert store.count("exit-en") == 1


def test_a_retry_is_recognised_after_reopening(data):
    sid = new_sid()
    with ResponseStore(data) as first:
        assert first.add("exit-en", {"a": 1}, submission_id=sid, month=MONTH)
    with ResponseStore(data) as second:
        assert second.add("exit-en", {"a": 1}, submission_id=sid, month=MONTH) is False
        assert second.count("exit-en") == 1


def test_a_retry_across_the_month_boundary_is_recognised(store):
    sid = new_sid()
    assert store.add("exit-en", {"a": 1}, submission_id=sid, month="2025-12")
    assert store.add("exit-en", {"a": 1}, submission_id=sid, month="2026-01") is False
    assert store.count("exit-en") == 1
    assert store.months("exit-en") == ["2025-12"]  # no empty shard left behind


def test_same_submission_id_in_two_questionnaires_is_two_responses(store):
    sid = new_sid()
    assert store.add("exit-en", {"a": 1}, submission_id=sid, month=MONTH)
    assert store.add("exit-nl", {"a": 1}, submission_id=sid, month=MONTH)


@pytest.mark.parametrize("slug", ["", "Exit", "-exit", "exit_en", "a/b", "..", "é", "x" * 101])
def test_bad_slugs_are_rejected(store, slug):
    with pytest.raises(ValueError, match="slug"):
        store.add(slug, {}, submission_id=new_sid(), month=MONTH)
    for call in (store.responses, store.count, store.months):
        with pytest.raises(ValueError, match="slug"):
            call(slug)
    with pytest.raises(ValueError, match="slug"):
        store.table(slug, MONTH)


@pytest.mark.parametrize("month", ["2026-13", "2026-00", "26-01", "2026-1", "2026-01-01", ""])
def test_bad_months_are_rejected(store, month):
    with pytest.raises(ValueError, match="month"):
        store.add("exit-en", {}, submission_id=new_sid(), month=month)
    with pytest.raises(ValueError, match="month"):
        store.purge(None, month)
    with pytest.raises(ValueError, match="month"):
        store.table("exit-en", month)


@pytest.mark.parametrize(
    ("record", "sid", "message"),
    [
        ({"id": "mine"}, "s", "'id'"),
        ({"x": {1, 2}}, "s", "JSON"),
        ({"x": float("nan")}, "s", "JSON"),
        (["not", "a", "dict"], "s", "mapping"),
        ({"x": 1}, "", "submission_id"),
        ({"x": 1}, None, "submission_id"),
    ],
)
def test_bad_records_are_rejected(store, record, sid, message):
    with pytest.raises(ValueError, match=message):
        store.add("exit-en", record, submission_id=sid, month=MONTH)
    assert store.count("exit-en") == 0


@pytest.mark.parametrize("umask", [0o000, 0o022, 0o077, 0o277])
def test_files_are_private_whatever_the_umask(tmp_path, umask):
    old = os.umask(umask)
    try:
        data = tmp_path / "store"
        with ResponseStore(data) as store:
            store.add("exit-en", {"a": 1}, submission_id=new_sid(), month=MONTH)
            store.add("exit-en", {"a": 1}, submission_id=new_sid(), month=OLD)
            assert store.compact() == 1  # the shuffled copy of OLD is a new file
    finally:
        os.umask(old)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in [data, *data.rglob("*")]}
    assert modes == {
        "store": 0o700,
        "exit-en": 0o700,
        "store.lock": 0o600,
        f"{MONTH}.jsonl": 0o600,
        f"{OLD}.jsonl": 0o600,
    }


def test_responses_come_in_random_order_every_time(store):
    for i in range(120):
        store.add("exit-en", {"n": i}, submission_id=new_sid(), month=MONTH)
    for i in range(80):
        store.add("exit-en", {"n": 120 + i}, submission_id=new_sid(), month="2026-01")
    first = [d["n"] for d in store.responses("exit-en")]
    second = [d["n"] for d in store.responses("exit-en")]
    assert sorted(first) == sorted(second) == list(range(200))
    assert first != sorted(first)
    assert first != second
    # Months are interleaved, not listed one after the other.
    assert any(n >= 120 for n in first[:100]) and any(n < 120 for n in first[100:])


def test_count_slugs_and_months(store):
    assert store.slugs() == [] and store.count("exit-en") == 0 and store.months("exit-en") == []
    for month, n in (("2026-03", 2), ("2025-11", 3)):
        for _ in range(n):
            store.add("exit-en", {}, submission_id=new_sid(), month=month)
    store.add("exit-nl", {}, submission_id=new_sid(), month="2026-03")
    assert store.slugs() == ["exit-en", "exit-nl"]
    assert store.months("exit-en") == ["2025-11", "2026-03"]
    assert store.count("exit-en") == 5
    assert list(store.responses("nobody")) == []


def test_purge_removes_whole_old_months(store, data):
    for slug, month, n in (("a", "2020-01", 3), ("a", "2020-02", 2), ("a", MONTH, 1)):
        for _ in range(n):
            store.add(slug, {}, submission_id=new_sid(), month=month)
    for _ in range(4):
        store.add("b", {}, submission_id=new_sid(), month="2020-01")
    assert store.purge("a", "2020-02") == 3
    assert store.months("a") == ["2020-02", MONTH]
    assert store.purge(None, MONTH) == 2 + 4
    assert store.months("a") == [MONTH] and store.months("b") == []
    assert store.slugs() == ["a"]
    assert store.purge(None, MONTH) == 0
    assert sorted(p.name for p in (data / "a").iterdir()) == [f"{MONTH}.jsonl", "store.lock"]


def test_a_writer_holding_a_purged_shard_starts_a_new_file(data):
    with ResponseStore(data) as writer, ResponseStore(data) as operator:
        writer.add("a", {"n": 1}, submission_id=new_sid(), month="2020-01")
        assert operator.purge("a", "2020-02") == 1
        # Without the inode check this would land in the unlinked file and be lost.
        writer.add("a", {"n": 2}, submission_id=new_sid(), month="2020-01")
        assert [d["n"] for d in operator.responses("a")] == [2]


def test_a_closed_month_is_shuffled_once_without_dedupe_keys(store, data):
    for i in range(100):
        store.add("exit-en", {"n": i}, submission_id=new_sid(), month=OLD)
        store.add("exit-en", {"n": i}, submission_id=new_sid(), month=MONTH)
    before = {d["id"] for d in store.responses("exit-en")}
    assert store.compact() == 1
    lines = raw_lines(data, "exit-en", OLD)
    order = [int(line.split(b'"n":')[1].split(b"}")[0]) for line in lines[:-1]]
    assert sorted(order) == list(range(100)) and order != list(range(100))
    assert not any(b'"s":' in line for line in lines)
    assert b'"m":"shuffled"' in lines[-1]
    assert {d["id"] for d in store.responses("exit-en")} == before
    assert store.compact() == 0  # once
    current = raw_lines(data, "exit-en", MONTH)  # the open month keeps arrival order
    assert [int(line.split(b'"n":')[1].split(b"}")[0]) for line in current] == list(range(100))


def test_closed_months_are_shuffled_when_a_store_opens(data):
    with ResponseStore(data) as store:
        for i in range(10):
            store.add("exit-en", {"n": i}, submission_id=new_sid(), month=OLD)
    path = data / "exit-en" / f"{OLD}.jsonl"
    with open(path, "rb") as f:
        assert not is_shuffled(f.fileno(), path.stat().st_size)
    ResponseStore(data).close()
    with open(path, "rb") as f:
        assert is_shuffled(f.fileno(), path.stat().st_size)


def test_a_writer_follows_the_shuffled_file(data):
    with ResponseStore(data) as writer, ResponseStore(data) as other:
        for i in range(20):
            writer.add("a", {"n": i}, submission_id=new_sid(), month=OLD)
        assert other.compact() == 1
        writer.add("a", {"n": 20}, submission_id=new_sid(), month=OLD)  # a late answer
        assert sorted(d["n"] for d in other.responses("a")) == list(range(21))
        assert other.compact() == 1  # the late answer made the shard worth shuffling again
        assert other.compact() == 0
        assert sorted(d["n"] for d in writer.responses("a")) == list(range(21))


def test_tinydb_table_view(data):
    with ResponseStore(data) as store, ResponseStore(data) as other:
        table = store.table("exit-en", MONTH)
        assert isinstance(table, Table)
        assert len(table) == 0 and table.all() == []
        assert not (data / "exit-en" / f"{MONTH}.jsonl").exists()  # reading creates nothing
        for i in range(5):
            store.add("exit-en", {"n": i, "team": "ops" if i % 2 else "dev"}, **_kw())
        q = Query()
        assert len(table) == 5
        assert sorted(d["n"] for d in table.search(q.team == "ops")) == [1, 3]
        doc_id = table.insert({"n": 5, "team": "ops"})
        assert table.get(doc_id=doc_id)["n"] == 5
        assert all(doc.doc_id == doc["id"] for doc in table.all())
        # Another instance's insert shows up at once: no stale query cache.
        assert len(other.table("exit-en", MONTH).search(q.team == "ops")) == 3
        other.table("exit-en", MONTH).insert({"n": 6, "team": "ops"})
        assert len(table.search(q.team == "ops")) == 4
        assert store.count("exit-en") == 7
        for refused in (
            lambda: table.update({"n": 0}),
            lambda: table.remove(q.n == 1),
            lambda: table.truncate(),
            lambda: table.upsert({"n": 9}, q.n == 9),
        ):
            with pytest.raises(StoreError, match="append-only"):
                refused()
        assert store.count("exit-en") == 7


def _kw() -> dict:
    return {"submission_id": new_sid(), "month": MONTH}


def test_a_damaged_record_mid_file_is_reported_not_dropped(store, data):
    for i in range(10):
        store.add("exit-en", {"n": i}, **_kw())
    store.add("exit-en", {"n": 99}, submission_id=new_sid(), month="2026-01")
    store.add("exit-nl", {"n": 0}, **_kw())
    path = data / "exit-en" / f"{MONTH}.jsonl"
    raw = bytearray(path.read_bytes())
    third = raw.index(b'"n":2')
    raw[third + 4] = ord("7")  # bit rot: the CRC no longer matches
    path.write_bytes(bytes(raw))
    with pytest.raises(StoreError, match=rf"{MONTH}\.jsonl: record at byte \d+ \(line 3\)"):
        list(store.responses("exit-en"))
    with pytest.raises(StoreError, match=r"docs/storage\.md"):
        store.count("exit-en")
    # Other shards and questionnaires still read.
    assert [d["n"] for d in store.table("exit-en", "2026-01").all()] == [99]
    assert store.count("exit-nl") == 1
    # Writers keep accepting answers, and nothing is truncated.
    with ResponseStore(data) as fresh:
        assert fresh.add("exit-en", {"n": 10}, **_kw())
    assert path.read_bytes().startswith(bytes(raw))
    assert store.compact() == 0


def _ten_answers(store, data):
    for i in range(10):
        store.add("exit-en", {"n": i, "text": "some words"}, **_kw())
    return data / "exit-en" / f"{MONTH}.jsonl"


def test_a_hand_edited_last_record_is_reported_not_cut_off(store, data):
    """An operator audit redacted a name in the newest answer: it was read as a torn tail,
    hidden, then cut off by the next answer. A crash never rewrites a complete line."""
    path = _ten_answers(store, data)
    raw = path.read_bytes().replace(b'"n":9,"text":"some words"', b'"n":9,"text":"some [name]"')
    path.write_bytes(raw)
    with pytest.raises(StoreError, match=r"record at byte \d+ \(line 10\) is damaged"):
        store.count("exit-en")
    with ResponseStore(data) as writer:  # a fresh process: catches up from byte 0
        assert writer.add("exit-en", {"n": 10}, **_kw())
    assert path.read_bytes().startswith(raw)
    assert raw_lines(data, "exit-en", MONTH)[9].endswith(b'"some [name]"}}')


def test_a_store_converted_to_crlf_still_reads_and_keeps_every_answer(store, data):
    """An editor or a copy through Windows made every line end in CRLF: the audit saw 0
    answers, then the next post truncated the file to 0 bytes (12,400 answers gone)."""
    path = _ten_answers(store, data)
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    with ResponseStore(data) as other:
        assert sorted(d["n"] for d in other.responses("exit-en")) == list(range(10))
        assert other.add("exit-en", {"n": 10}, **_kw())
        sid = new_sid()
        assert other.add("exit-en", {"n": 11}, submission_id=sid, month=MONTH)
        assert not other.add("exit-en", {"n": 11}, submission_id=sid, month=MONTH)
    assert sorted(d["n"] for d in store.responses("exit-en")) == list(range(12))
    assert store.table("exit-en", MONTH).count(Query().n >= 0) == 12


def test_a_last_record_without_its_newline_counts_and_gets_it_back(store, data):
    path = _ten_answers(store, data)
    path.write_bytes(path.read_bytes()[:-1])
    assert store.count("exit-en") == 10
    with ResponseStore(data) as writer:
        assert writer.add("exit-en", {"n": 10}, **_kw())
    assert len(raw_lines(data, "exit-en", MONTH)) == 11
    assert sorted(d["n"] for d in store.responses("exit-en")) == list(range(11))


def test_only_a_crash_shaped_tail_is_cut(store, data):
    """Cut: a partial line, or a last line with pages of zeros. Kept and reported: a whole
    line of anything else, which no crash of an append can leave."""
    path = _ten_answers(store, data)
    good = path.read_bytes()
    for tail, cut in [
        (b'4f0e1a2b {"id":"ab', True),
        (good.splitlines(keepends=True)[3][:40] + b"\0" * 30 + b"\n", True),
        (b"not a record at all\n", False),
    ]:
        path.write_bytes(good + tail)
        with ResponseStore(data) as writer:
            assert writer.add("exit-en", {"n": 10}, submission_id=new_sid(), month=MONTH)
        after = path.read_bytes()
        assert after.startswith(good if cut else good + tail)
        assert len(after.splitlines()) == (11 if cut else 12)
        if not cut:
            with pytest.raises(StoreError, match="line 11"):
                store.count("exit-en")


def test_a_failed_fdatasync_is_not_acknowledged_and_leaves_no_trace(store, data, monkeypatch):
    store.add("exit-en", {"n": 1}, **_kw())
    path = data / "exit-en" / f"{MONTH}.jsonl"
    before = path.read_bytes()

    def broken(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fdatasync", broken)
    sid = new_sid()
    with pytest.raises(StoreError, match=r"cannot store a response in .*: Input/output error"):
        store.add("exit-en", {"n": 2}, submission_id=sid, month=MONTH)
    assert path.read_bytes() == before
    monkeypatch.undo()
    assert store.add("exit-en", {"n": 2}, submission_id=sid, month=MONTH)  # the retry works
    assert sorted(d["n"] for d in store.responses("exit-en")) == [1, 2]


def test_a_closed_store_refuses_work(data):
    store = ResponseStore(data)
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.add("exit-en", {}, **_kw())
    with pytest.raises(StoreError, match="closed"):
        store.count("exit-en")


def prefill(data, slug: str, month: str, n: int) -> None:
    """Write ``n`` responses straight into a shard (no fsync), like bench/bench_store.py."""
    (data / slug).mkdir(parents=True, exist_ok=True)
    with open(data / slug / f"{month}.jsonl", "wb") as f:
        for i in range(n):
            key = submission_key(slug, f"pre-{i}")
            f.write(encode_response({"n": i, "text": "x" * 200}, uuid.uuid4().hex, key))


def test_writer_memory_is_the_dedupe_keys_only(data):
    prefill(data, "exit-en", MONTH, 20_000)
    with ResponseStore(data) as store:
        tracemalloc.start()
        try:
            store.add("exit-en", {"n": -1}, **_kw())  # loads the shard's dedupe keys
            held, _ = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert held / 20_000 < 100, f"{held / 20_000:.0f} bytes per stored response"
        assert store.add("exit-en", {}, submission_id="pre-123", month=MONTH) is False


@pytest.mark.parametrize("stored", [1_000, 20_000])
def test_an_insert_reads_only_what_others_appended(data, monkeypatch, stored):
    prefill(data, "exit-en", MONTH, stored)
    with ResponseStore(data) as store, ResponseStore(data) as other:
        store.add("exit-en", {}, **_kw())  # first add: loads the keys once
        other.add("exit-en", {}, **_kw())
        store.add("exit-en", {}, **_kw())
        read: list[int] = []
        real_pread = os.pread

        def counting_pread(fd: int, n: int, offset: int) -> bytes:
            chunk = real_pread(fd, n, offset)
            read.append(len(chunk))
            return chunk

        monkeypatch.setattr(os, "pread", counting_pread)
        for _ in range(20):
            store.add("exit-en", {"t": "x" * 300}, **_kw())
        assert sum(read) == 0  # O(1): no scan of what is stored
        for _ in range(3):
            other.add("exit-en", {"t": "y" * 300}, **_kw())
        read.clear()
        store.add("exit-en", {}, **_kw())
        assert 3 * 300 < sum(read) < 3 * 500  # just the three new lines
    assert ResponseStore(data).count("exit-en") == stored + 27


@pytest.mark.parametrize("how", ["deleted", "replaced"])
def test_workers_follow_a_lock_file_deleted_or_replaced_while_they_run(data, how):
    """The operator audit: 'rsync --delete' from a backup without store.lock removed the
    live lock; old and new workers then locked different files, wrote at once, and cut
    each other's acknowledged lines off as torn tails (26 of 5,200 lost)."""
    old_worker = ResponseStore(data)
    old_worker.add("exit-en", {"n": -1}, submission_id=new_sid(), month=MONTH)
    lock = data / "exit-en" / "store.lock"
    lock.unlink()
    if how == "replaced":
        lock.write_bytes(b"")
    new_worker = ResponseStore(data)
    errors = []

    def write(worker: ResponseStore, base: int) -> None:
        try:
            for i in range(150):
                worker.add("exit-en", {"n": base + i}, submission_id=new_sid(), month=MONTH)
        except Exception as exc:  # pragma: no cover - shown by the assertion below
            errors.append(exc)

    threads = [
        threading.Thread(target=write, args=(old_worker, 0)),
        threading.Thread(target=write, args=(new_worker, 1000)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    lock_inode = lock.stat().st_ino
    for worker in (old_worker, new_worker):
        assert os.fstat(worker.slug_log("exit-en", create=False).lock_fd).st_ino == lock_inode
    with ResponseStore(data) as reader:
        numbers = sorted(doc["n"] for doc in reader.responses("exit-en"))
    assert numbers == [-1, *range(150), *range(1000, 1150)]
    old_worker.close()
    new_worker.close()
