"""ResponseStore under concurrency, kill -9 and torn files.

Run as a script, this file is also the writer process the tests start:
``python tests/test_store_durability.py DATA SLUG MONTH PREFIX COUNT THREADS RETRIES SHARED``
adds COUNT responses (COUNT 0: until killed) with submission ids ``PREFIX-<n>`` from THREADS
threads, printing ``ACK <submission id>`` only after add() returned True; then retries its
first RETRIES (printing ``DUP`` if one is stored twice) and adds SHARED ids that every
writer shares (``ACK shared-<n>`` for the ones it won).
"""

from __future__ import annotations

import collections
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from collector.store import ResponseStore
from collector.store_format import is_shuffled

MONTH = time.strftime("%Y-%m", time.gmtime())
OLD = "2020-01"
HERE = Path(__file__).resolve()
#: Acknowledged by each of the three writers of a kill -9 trial before it is killed.
ACKS_BEFORE_KILL = 20


def writer_main(argv: list[str]) -> None:
    data_dir, slug, month, prefix = argv[:4]
    count, threads, retries, shared = map(int, argv[4:8])
    store = ResponseStore(data_dir)
    out = threading.Lock()

    def say(line: str) -> None:
        with out:
            sys.stdout.write(line + "\n")
            sys.stdout.flush()

    def work(t: int) -> None:
        n = t
        while count == 0 or n < count:
            sid = f"{prefix}-{n}"
            if store.add(
                slug, {"sid": sid, "pad": "ä" * (n % 300)}, submission_id=sid, month=month
            ):
                say(f"ACK {sid}")
            n += threads

    pool = [threading.Thread(target=work, args=(t,)) for t in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    for n in range(retries):
        sid = f"{prefix}-{n}"
        if store.add(slug, {"sid": sid}, submission_id=sid, month=month):
            say(f"DUP {sid}")
    for n in range(shared):
        sid = f"shared-{n}"
        if store.add(slug, {"sid": sid}, submission_id=sid, month=month):
            say(f"ACK {sid}")
    store.close()


def start_writer(tmp_path: Path, data: Path, *args: object) -> tuple[subprocess.Popen, Path]:
    """A writer process whose stdout goes to a file, so it never blocks on a full pipe."""
    log = tmp_path / f"writer-{random.getrandbits(64):x}.out"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-u", str(HERE), str(data), *map(str, args)],
            stdout=out,
            cwd=HERE.parent.parent,
        )
    return proc, log


def acks(log: Path) -> list[str]:
    """Acknowledged submission ids; a line cut off by the kill is not an ack."""
    lines = log.read_text().splitlines(keepends=True)
    return [line[4:-1] for line in lines if line.startswith("ACK ") and line.endswith("\n")]


def stored_sids(data: Path, slug: str) -> collections.Counter:
    with ResponseStore(data) as store:
        docs = list(store.responses(slug))  # raises if anything is damaged
        assert store.count(slug) == len(docs)
    return collections.Counter(doc["sid"] for doc in docs)


@pytest.mark.slow
def test_processes_and_threads_lose_and_duplicate_nothing(tmp_path):
    data = tmp_path / "data"
    writers = [
        start_writer(tmp_path, data, "exit-en", MONTH, f"p{i}", 200, 2, 20, 50) for i in range(4)
    ]
    for proc, _ in writers:
        assert proc.wait(timeout=120) == 0
    lines = [line for _, log in writers for line in log.read_text().splitlines()]
    assert not [line for line in lines if not line.startswith("ACK ")], "a retry was stored"
    acked = [line[4:] for line in lines]
    assert len(acked) == 4 * 200 + 50  # each shared id won by exactly one writer
    assert len(set(acked)) == len(acked)
    assert stored_sids(data, "exit-en") == collections.Counter(acked)


@pytest.mark.slow
def test_kill_9_loses_no_acknowledged_response(tmp_path):
    data = tmp_path / "data"
    acked: list[str] = []
    unacked_but_stored = 0
    for trial in range(6):
        writers = [
            start_writer(tmp_path, data, "exit-en", MONTH, f"t{trial}w{i}", 0, 2, 0, 0)
            for i in range(3)
        ]
        try:
            # Each writer has acknowledged some before it is killed at a random moment: on
            # a loaded machine three Pythons took more than the 10 s once given them to
            # start, and how many answers fit in a fixed time depends on the load, where
            # the test needs 300. The time is only a backstop.
            deadline = time.monotonic() + 120
            while not all(len(acks(log)) >= ACKS_BEFORE_KILL for _, log in writers):
                assert time.monotonic() < deadline, "writers did not start"
                assert all(proc.poll() is None for proc, _ in writers), "a writer died"
                time.sleep(0.05)
            time.sleep(random.uniform(0.05, 0.6))
        finally:  # they write until killed: a failed wait must not leave them writing
            for proc, _ in writers:
                proc.send_signal(signal.SIGKILL)
                time.sleep(random.uniform(0, 0.05))
        for proc, _ in writers:
            assert proc.wait(timeout=10) == -signal.SIGKILL
        acked += [sid for _, log in writers for sid in acks(log)]
        stored = stored_sids(data, "exit-en")
        assert max(stored.values()) == 1, "a response was stored twice"
        lost = [sid for sid in acked if sid not in stored]
        assert not lost, f"trial {trial}: {len(lost)} acknowledged responses lost"
        unacked_but_stored = len(stored) - len(acked)
    assert len(acked) > 300
    # The client retries what it never saw acknowledged; what was acknowledged stays single.
    with ResponseStore(data) as store:
        for sid in random.sample(acked, 200):
            assert store.add("exit-en", {"sid": sid}, submission_id=sid, month=MONTH) is False
    print(f"{len(acked)} acknowledged, {unacked_but_stored} stored but not acknowledged")


def test_truncation_fuzz_recovers_the_exact_prefix(tmp_path):
    """Cut the log anywhere (a torn append, a power cut), add what a crash leaves there: a
    reader sees exactly the complete records before the cut, and the next insert repairs
    the tail. A crash leaves a partial line, or a whole one with pages that never reached
    the disk and read as zeros (tests/test_store.py has the damage a crash cannot do)."""
    rng = random.Random(20261121)
    source = tmp_path / "source"
    with ResponseStore(source) as store:
        for n in range(40):
            text = "".join(rng.choice('abc é€😀\n"\\') for _ in range(rng.randrange(0, 900)))
            store.add("exit-en", {"sid": f"s{n}", "text": text}, submission_id=f"s{n}", month=MONTH)
    raw = (source / "exit-en" / f"{MONTH}.jsonl").read_bytes()
    ends = [i + 1 for i, byte in enumerate(raw) if byte == 0x0A]
    assert len(ends) == 40

    def with_a_lost_page() -> bytes:
        line = raw[: ends[0]]
        hole = rng.randrange(0, len(line) - 1)
        return line[:hole] + b"\0" * rng.randrange(1, len(line) - hole) + b"\n"

    garbage = [
        lambda: b"",
        lambda: b"\0" * rng.randrange(1, 5000),
        lambda: b"\0" * rng.randrange(1, 5000) + b"\n",
        lambda: os.urandom(rng.randrange(1, 300)).replace(b"\n", b""),
        lambda: raw[: rng.randrange(1, ends[0] - 1)],
        with_a_lost_page,
    ]
    for cut_no in range(300):
        cut = rng.randrange(0, len(raw) + 1)
        complete = sum(1 for end in ends if end <= cut)
        expect = {f"s{n}" for n in range(complete)}
        data = tmp_path / f"cut{cut_no}"
        shard = data / "exit-en" / f"{MONTH}.jsonl"
        shard.parent.mkdir(parents=True)
        tail = garbage[cut_no % len(garbage)]()
        warm = cut_no % 2 == 0  # a writer that had the file open when another one tore it
        shard.write_bytes(raw[:cut] if warm else raw[:cut] + tail)
        with ResponseStore(data) as store:
            if warm:
                store.add("exit-en", {"sid": "warm"}, submission_id="warm", month=MONTH)
                expect.add("warm")
                good = shard.read_bytes()
                with open(shard, "ab") as f:
                    f.write(tail)
            else:
                good = raw[: ends[complete - 1]] if complete else b""
            assert {d["sid"] for d in store.responses("exit-en")} == expect, cut
            assert store.count("exit-en") == len(expect)
            assert store.add("exit-en", {"sid": "new"}, submission_id="new", month=MONTH)
        after = shard.read_bytes()
        assert after.startswith(good) and after.count(b"\n") == len(expect) + 1, cut
        assert stored_sids(data, "exit-en") == collections.Counter(expect | {"new"})


@pytest.mark.slow
def test_shuffling_while_writers_append_loses_nothing(tmp_path):
    data = tmp_path / "data"
    writers = [
        start_writer(tmp_path, data, "exit-en", OLD, f"w{i}", 300, 1, 0, 0) for i in range(2)
    ]
    shuffles = 0
    with ResponseStore(data) as store:
        while any(proc.poll() is None for proc, _ in writers):
            shuffles += store.compact()
        assert all(proc.wait(timeout=60) == 0 for proc, _ in writers)
        shuffles += store.compact()
        acked = [sid for _, log in writers for sid in acks(log)]
        assert len(acked) == 600
        assert stored_sids(data, "exit-en") == collections.Counter(acked)
    shard = data / "exit-en" / f"{OLD}.jsonl"
    with open(shard, "rb") as f:
        assert is_shuffled(f.fileno(), shard.stat().st_size)
    assert shuffles >= 1


def test_a_forked_child_does_not_share_the_parents_lock(tmp_path):
    data = tmp_path / "data"
    store = ResponseStore(data)
    store.add("exit-en", {"sid": "parent"}, submission_id="parent", month=MONTH)
    slug_log = store.slug_log("exit-en", create=False)
    assert slug_log is not None
    read_end, write_end = os.pipe()
    with slug_log.locked():
        pid = os.fork()
        if pid == 0:  # pragma: no cover - child
            try:
                start = time.monotonic()
                store.add("exit-en", {"sid": "child"}, submission_id="child", month=MONTH)
                os.write(write_end, b"%f" % (time.monotonic() - start))
            finally:
                os._exit(0)  # never run the rest of pytest in the child
        time.sleep(0.5)
    os.close(write_end)
    waited = float(os.read(read_end, 100))
    os.waitpid(pid, 0)
    assert waited > 0.3, "the child appended while the parent held the lock"
    assert stored_sids(data, "exit-en") == collections.Counter(["parent", "child"])
    store.close()


if __name__ == "__main__":
    writer_main(sys.argv[1:])
