"""Round 13: the operator's day 2. Backups, restores, restarts, retention and file times.

What an operator does after the first day (back up while leavers answer, restore over a
collector that runs, restart it, move it, let retention run) must never lose, double or
corrupt an acknowledged answer, and must leave no trace that dates a single answer more
closely than the ten-minute mark the store promises.
"""

from __future__ import annotations

import collections
import json
import logging
import os
import shutil
import subprocess
import sys
import tarfile
import threading
import time
import uuid
from pathlib import Path

import pytest
from support.file_order import file_order
from support.gunicorn import free_port, start_gunicorn, stop, submit

import collector.store as store_module
from collector import create_app, retention, retention_clock, store_mounts, store_order, sweeper
from collector.store import ResponseStore
from collector.store_format import is_mixed, submission_key

MONTH = time.strftime("%Y-%m", time.gmtime())  # open
OLD = "2020-01"  # long closed
ROOT = Path(__file__).resolve().parent.parent


def order(data: Path) -> list[object]:
    """The ``n`` of every answer in this month's exit-en shard, in file order."""
    return file_order(data, "exit-en", MONTH)


def mixed(path: Path) -> bool:
    with open(path, "rb") as f:
        return is_mixed(f.fileno(), path.stat().st_size)


def run_marks(task, marks: int = 3) -> None:
    """The clean-up thread: run ``task``, and again at each time it asks for."""
    for _ in range(marks):
        if task() is None:
            return


# -- the ten-minute mix after a restart, and when the disk was full ----------------------


@pytest.mark.mixing
def test_a_restarted_collector_mixes_what_the_stopped_one_left_in_arrival_order(
    tmp_path, monkeypatch
):
    """Answers came in, and the collector stopped before its ten-minute mark (a restart,
    a crash, a machine moved). The open month stayed in arrival order until the next
    answer and ten minutes more, which may be days away."""
    data = tmp_path / "data"
    monkeypatch.setattr(store_module, "MIX_SECONDS", 10**9)  # the first one never gets there
    first = ResponseStore(data)
    sids = [uuid.uuid4().hex for _ in range(40)]
    for n, sid in enumerate(sids):
        first.add("exit-en", {"n": n}, submission_id=sid, month=MONTH)
    first.close()
    assert order(data) == list(range(40))

    monkeypatch.setattr(store_module, "MIX_SECONDS", 1)  # marks every second from now on
    second = ResponseStore(data)  # the restarted collector: no answer comes
    deadline = time.monotonic() + 10
    while not mixed(data / "exit-en" / f"{MONTH}.jsonl") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(order(data)) == list(range(40))
    assert order(data) != list(range(40))
    assert second.count("exit-en") == 40
    assert second.add("exit-en", {"n": 0}, submission_id=sids[0], month=MONTH) is False
    second.close()


@pytest.mark.mixing
def test_a_mix_the_full_disk_stopped_is_tried_again_without_a_new_answer(
    tmp_path, monkeypatch, scheduled
):
    data = tmp_path / "data"
    with ResponseStore(data) as store:
        for n in range(40):
            store.add("exit-en", {"n": n, "pad": "x" * 200}, submission_id=f"s{n}", month=MONTH)
        task = scheduled[-1][0]
        real, statvfs = os.statvfs(data), os.statvfs
        size = (data / "exit-en" / f"{MONTH}.jsonl").stat().st_size
        tight = os.statvfs_result((*tuple(real)[:4], size // real.f_frsize, *tuple(real)[5:]))
        monkeypatch.setattr(os, "statvfs", lambda path: tight)
        again = task()  # the mark: no room for the copy
        assert order(data) == list(range(40))
        monkeypatch.setattr(os, "statvfs", statvfs)  # room again; no leaver for days
        if again is not None:
            run_marks(task)
        assert sorted(order(data)) == list(range(40))
        assert order(data) != list(range(40))


# -- questionnaire folders and lock files are not made by the first answer --------------


def test_every_built_questionnaire_has_its_folder_and_lock_before_its_first_answer(
    built_site, tmp_path, scheduled
):
    """store.lock and its folder are made once and never change: made by the first answer,
    their times (birth, modification, change) were that leaver's, to the second, forever."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    app = create_app({"TESTING": True, "OUTPUT_DIR": site, "DATA_DIR": tmp_path / "data"})
    folder = tmp_path / "data" / "responses"
    locks = {slug: folder / slug / "store.lock" for slug in ("exit-en", "exit-nl")}
    assert all(lock.is_file() for lock in locks.values())
    before = {
        slug: (lock.stat().st_mtime_ns, lock.stat().st_ctime_ns) for slug, lock in locks.items()
    }
    from support.posts import VOLUNTARY

    time.sleep(0.02)
    assert app.test_client().post("/submit/exit-en", data=VOLUNTARY).status_code == 303
    after = {
        slug: (lock.stat().st_mtime_ns, lock.stat().st_ctime_ns) for slug, lock in locks.items()
    }
    assert after == before

    # A questionnaire built while the collector runs gets them at the next mark.
    shutil.copytree(site / "exit-en", site / "exit-de")
    form = json.loads((site / "exit-de" / "form.json").read_text())
    form["slug"] = "exit-de"
    (site / "exit-de" / "form.json").write_text(json.dumps(form))
    locks["exit-nl"].unlink()  # a restore with `rsync --delete` from a backup without it
    for task, _ in list(scheduled):
        task()
    assert (folder / "exit-de" / "store.lock").is_file()
    assert locks["exit-nl"].is_file()  # made again at the mark, not by the next answer


# -- restore over a collector that runs ------------------------------------------------


def test_a_copy_over_a_running_store_does_not_make_resends_look_like_retries(tmp_path):
    """`cp -a backup/. data/` writes the older backup into the live file (same inode). A
    worker kept the retry keys of the answers the copy took away, so the browser that sent
    one of them again got 'thank you' and the answer was not stored."""
    data = tmp_path / "data"
    worker = ResponseStore(data)
    for n in range(50):
        worker.add("exit-en", {"n": n}, submission_id=f"sid-{n:04d}", month=MONTH)
    live = data / "exit-en" / f"{MONTH}.jsonl"
    lines = live.read_bytes().splitlines(keepends=True)
    backup = b"".join(lines[:30])  # taken after the first 30 answers
    with open(live, "r+b") as f:  # what cp does: truncate and write into the same file
        f.truncate(0)
        f.write(backup)
    others = ResponseStore(data)  # another worker: leavers go on answering
    n = 0
    while live.stat().st_size <= len(b"".join(lines)):
        others.add(
            "exit-en", {"n": f"new-{n}", "pad": "x" * 7}, submission_id=f"new-{n}", month=MONTH
        )
        n += 1
    # The browser of answer 45, which the copy took away, sends it again.
    assert worker.add("exit-en", {"n": 45}, submission_id="sid-0045", month=MONTH) is True
    stored = collections.Counter(doc["n"] for doc in others.responses("exit-en"))
    assert stored[45] == 1
    assert all(stored[k] == 1 for k in range(30))
    worker.close()
    others.close()


def flask(data: Path, site: Path, *args: str, **settings: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COLLECTOR_")}
    env.update(COLLECTOR_OUTPUT_DIR=str(site), COLLECTOR_DATA_DIR=str(data), **settings)
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "collector", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def closings(data: Path) -> collections.Counter:
    with ResponseStore(data / "responses") as store:
        return collections.Counter(doc["answers"]["closing"] for doc in store.responses("exit-en"))


@pytest.mark.slow
def test_backup_and_restore_while_four_workers_answer_and_mix(built_site, tmp_path):
    """Back up while leavers answer and another process mixes and shuffles; lose the
    month's file; restore while they still answer; every browser sends its answer again.
    Every answer acknowledged before the backup is in it, every acknowledged answer is
    stored in the end, and none twice."""
    data, port = tmp_path / "data", free_port()
    server = start_gunicorn(built_site, data, port, workers=4)
    mixer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, uuid\n"
            "from collector.store import ResponseStore\n"
            "s = ResponseStore(sys.argv[1])\n"
            "while True:\n"
            "    s.add('exit-en', {'answers': {'closing': 'old'}}, submission_id=uuid.uuid4().hex,"
            " month='2020-01')\n"
            "    s.compact(); s.mix()\n",
            str(data / "responses"),
        ],
        cwd=ROOT,
    )
    acked: list[str] = []
    lock = threading.Lock()
    done = threading.Event()

    def client() -> None:
        while not done.is_set():
            text = uuid.uuid4().hex
            if submit(port, text, text) == 303:
                with lock:
                    acked.append(text)

    threads = [threading.Thread(target=client) for _ in range(3)]
    errors = ""
    try:
        try:
            for thread in threads:
                thread.start()
            time.sleep(1.5)
            with lock:
                before_backup = set(acked)
            made = flask(data, built_site, "backup", str(tmp_path / "b.tar.gz"))
            time.sleep(0.5)
            (data / "responses" / "exit-en" / f"{MONTH}.jsonl").unlink()  # the disaster
            time.sleep(0.5)
            restored = flask(data, built_site, "restore", str(tmp_path / "b.tar.gz"))
            time.sleep(0.5)
        finally:
            done.set()
            for thread in threads:
                thread.join()
            mixer.kill()
            mixer.wait()
        # Every browser sends its answer again, as if it had not seen the thank-you page.
        resent = collections.Counter(submit(port, text, text) for text in acked)
    finally:
        errors = stop(server)
    assert made.returncode == 0, made.stderr
    assert restored.returncode == 0, restored.stderr
    assert resent == {303: len(acked)}, errors
    probe = tmp_path / "probe"
    assert flask(probe, built_site, "restore", str(tmp_path / "b.tar.gz")).returncode == 0
    in_backup = closings(probe)
    assert before_backup <= set(in_backup)
    final = closings(data)
    del final["old"], in_backup["old"]
    assert set(acked) <= set(final)
    assert max(final.values()) == 1 and max(in_backup.values()) == 1
    assert "Traceback" not in errors


def test_restoring_twice_or_an_older_backup_adds_no_answer_twice(app, tmp_path, scheduled):
    """A browser sent an answer the restore of an older backup had lost, and it was stored
    again (a new id, the same retry key); restoring a later backup that has it, twice,
    must not add it again."""
    store = app.extensions["exit_survey"].store
    runner = app.test_cli_runner()
    for n in range(20):
        store.add("exit-en", {"n": n}, submission_id=f"sid-{n}", month=MONTH)
    assert runner.invoke(args=["backup", str(tmp_path / "older.tar")]).exit_code == 0
    for n in range(20, 30):
        store.add("exit-en", {"n": n}, submission_id=f"sid-{n}", month=MONTH)
    assert runner.invoke(args=["backup", str(tmp_path / "later.tar.gz")]).exit_code == 0

    shard = Path(store.shard_path("exit-en", MONTH))
    shard.unlink()  # lost; then the restore of the older backup
    assert runner.invoke(args=["restore", str(tmp_path / "older.tar")]).exit_code == 0
    assert store.add("exit-en", {"n": 25}, submission_id="sid-25", month=MONTH)  # sent again
    for _ in range(2):
        result = runner.invoke(args=["restore", str(tmp_path / "later.tar.gz")])
        assert result.exit_code == 0, result.output
    assert runner.invoke(args=["restore", str(tmp_path / "older.tar")]).exit_code == 0
    stored = collections.Counter(doc["n"] for doc in store.responses("exit-en"))
    assert stored == collections.Counter(range(30))
    assert f"exit-en {MONTH}: 0 added, 30 already stored" in result.output


def test_a_backup_keeps_no_arrival_order_and_rounds_its_times(app, tmp_path, scheduled):
    store = app.extensions["exit_survey"].store
    for n in range(40):
        store.add("exit-en", {"n": n}, submission_id=f"sid-{n}", month=MONTH)
        store.add("exit-en", {"n": n}, submission_id=f"old-{n}", month=OLD)
    live = Path(store.shard_path("exit-en", MONTH))
    assert order(live.parent.parent) == list(range(40))  # not mixed yet: arrival order
    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "b.tar.gz")])
    assert result.exit_code == 0, result.output
    assert "Backed up 80 responses" in result.stderr + result.stdout
    assert (tmp_path / "b.tar.gz").stat().st_mode & 0o777 == 0o600
    with tarfile.open(tmp_path / "b.tar.gz") as tar:
        names = tar.getnames()
        assert not [n for n in names if n.startswith("limits") or n.endswith((".lock", "key"))]
        member = tar.getmember(f"responses/exit-en/{MONTH}.jsonl")
        assert member.mtime % 600 == 0 and member.mode == 0o600
        lines = tar.extractfile(member).read().splitlines()
        closed = tar.extractfile(f"responses/exit-en/{OLD}.jsonl").read()
    answers = [json.loads(line[9:]) for line in lines]
    got = [a["r"]["n"] for a in answers if "r" in a]
    assert sorted(got) == list(range(40)) and got != list(range(40))
    key = f"{submission_key('exit-en', 'sid-3'):022x}"
    assert any(a.get("s") == key for a in answers)  # an open month keeps its retry keys
    assert b'"s":' not in closed  # a closed one does not


def test_a_restore_leaves_out_what_retention_deleted(built_site, tmp_path):
    app = create_app({"TESTING": True, "OUTPUT_DIR": built_site, "DATA_DIR": tmp_path / "a"})
    store = app.extensions["exit_survey"].store
    for month in (OLD, MONTH):
        store.add("exit-en", {"n": month}, submission_id=f"s-{month}", month=month)
    assert app.test_cli_runner().invoke(args=["backup", str(tmp_path / "b.tar")]).exit_code == 0
    kept = create_app(
        {
            "TESTING": True,
            "OUTPUT_DIR": built_site,
            "DATA_DIR": tmp_path / "b",
            "RETENTION_MONTHS": 24,
        }
    )
    result = kept.test_cli_runner().invoke(args=["restore", str(tmp_path / "b.tar")])
    assert result.exit_code == 0, result.output
    assert (
        f"exit-en {OLD}: left out, older than COLLECTOR_RETENTION_MONTHS=24 keeps" in result.output
    )
    assert kept.extensions["exit_survey"].store.months("exit-en") == [MONTH]


def test_a_purge_takes_an_interrupted_restore_copy_with_it(app):
    store = app.extensions["exit_survey"].store
    store.add("exit-en", {"n": 1}, submission_id="s1", month=OLD)
    left = Path(store.shard_path("exit-en", OLD)).with_suffix(".restore")
    left.write_bytes(Path(store.shard_path("exit-en", OLD)).read_bytes())  # a killed restore
    assert store.purge(None, "2021-01") == 1
    assert not left.exists()


# -- retention never runs in a request -------------------------------------------------


def test_the_daily_purge_runs_at_a_mark_never_in_a_leavers_request(built_site, tmp_path, scheduled):
    """The retention-clock file got the exact time of the first request after each day,
    usually a leaver opening the form, and a month deleted then gave its folder that time."""
    from support.retention import date_shards, fill, history, month_back, on_time

    data = tmp_path / "data"
    folder = data / "responses"
    with ResponseStore(folder) as store:  # a store in use: answers every month
        history(store, folder, [month_back(k) for k in (3, 2, 1, 0)], slug="exit-nl")
    app = create_app(
        {"TESTING": True, "OUTPUT_DIR": built_site, "DATA_DIR": data, "RETENTION_MONTHS": 1}
    )
    store = app.extensions["exit_survey"].store
    fill(store, {OLD: 1})  # copied back from a backup with its time (cp -a)
    date_shards(store, folder, {OLD: on_time(OLD)})
    schedule = app.extensions["exit_survey_retention"]
    clock = data / retention_clock.CLOCK_MARK
    checked = (time.time() - 86_400) // 600 * 600
    os.utime(clock, (checked, checked))  # the last daily check, yesterday at a mark
    schedule.last = time.monotonic() - retention.INTERVAL - 1
    assert app.test_client().get("/exit-en/", buffered=True).status_code == 200  # a leaver
    assert clock.stat().st_mtime == checked
    assert store.months("exit-en") == [OLD]
    at = [at for task, at in scheduled if task is schedule.task][-1]  # its first request
    assert at % sweeper.MARK_SECONDS == 0
    schedule.task()  # the clean-up thread, at that mark
    assert store.months("exit-en") == []


# -- file times ------------------------------------------------------------------------


def test_a_mixed_month_s_folder_is_not_left_with_an_answer_s_access_time(tmp_path, scheduled):
    """After a mix the folder's modification time is the mark's, but its access time stayed
    that of the first answer after the previous mix (a writer lists the folder), to the
    second, until the folder changed again."""
    data = tmp_path / "data"
    folder = data / "exit-en"
    with ResponseStore(data) as store:
        store.add("exit-en", {"n": 1}, submission_id="s1", month=MONTH)
        store.mix()
        os.utime(folder, (1000, 1000))  # the last change, long ago
        os.listdir(folder)
        if folder.stat().st_atime == 1000:
            pytest.skip("this file system does not keep access times (noatime)")
        os.utime(folder, (1000, 1000))
        store.add("exit-en", {"n": 2}, submission_id="s2", month=MONTH)  # lists the folder
        answered = folder.stat().st_atime
        time.sleep(0.05)
        assert store.mix() == 1  # the mark
    st = folder.stat()
    assert st.st_atime >= st.st_mtime > answered


def test_a_data_folder_on_a_network_file_system_is_named_at_start(tmp_path, monkeypatch, caplog):
    mounts = tmp_path / "mountinfo"
    mounts.write_text(
        "22 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n"
        f"90 22 0:50 / {tmp_path}/nfs rw,relatime - nfs4 server:/export rw,vers=4.2\n"
    )
    monkeypatch.setattr(store_mounts, "MOUNTINFO", str(mounts))
    with caplog.at_level(logging.WARNING):
        ResponseStore(tmp_path / "local").close()
        assert "network file system" not in caplog.text
        ResponseStore(tmp_path / "nfs" / "data").close()
    assert "is on a network file system (nfs4)" in caplog.text


def test_shuffle_shard_tells_a_full_disk_from_nothing_to_do(tmp_path, monkeypatch):
    data = tmp_path / "data"
    with ResponseStore(data) as store:
        store.add("exit-en", {"n": 1}, submission_id="s1", month=MONTH)
        slug_log = store.slug_log("exit-en", create=False)
        real, statvfs = os.statvfs(data), os.statvfs
        tight = os.statvfs_result((*tuple(real)[:4], 0, *tuple(real)[5:]))
        monkeypatch.setattr(os, "statvfs", lambda path: tight)
        assert store_order.shuffle_shard(slug_log, MONTH, keep_keys=True) is None
        monkeypatch.setattr(os, "statvfs", statvfs)
        assert store_order.shuffle_shard(slug_log, MONTH, keep_keys=True) is True
        assert store_order.shuffle_shard(slug_log, MONTH, keep_keys=True) is False


# -- limits/ file times ----------------------------------------------------------------------


def test_expired_limits_are_cleared_at_a_ten_minute_mark(tmp_path, monkeypatch) -> None:
    """A shard of limits/ was rewritten the moment its last hit expired, so its file time
    stayed that second plus the window: the second of the last submission, for good."""
    from collector import rate_limit

    calls: list[float] = []
    monkeypatch.setattr(rate_limit.sweeper, "expect", lambda task, at: calls.append(at))
    limiter = rate_limit.RateLimiter(10, 4, folder=tmp_path / "limits", secret="s" * 32)
    hit = 1_800_000_123  # not on a mark
    assert limiter.allow("203.0.113.7", now=hit)
    assert calls and all(at % 600 == 0 and at >= hit + 4 for at in calls)
    store = limiter._store
    assert store.sweep(hit + 1) % 600 == 0  # the hit is still live: come back at a mark
    assert store.sweep(hit + 600) is None  # expired and cleared: nothing left to wait for


def test_backup_and_restore_count_in_words(app, tmp_path, scheduled) -> None:
    """ "Backed up 1 responses" read as a slip; one answer is "1 response"."""
    store = app.extensions["exit_survey"].store
    store.add("exit-en", {"n": 1}, submission_id="sid-1", month=MONTH)
    runner = app.test_cli_runner()
    backup = runner.invoke(args=["backup", str(tmp_path / "one.tar")])
    assert "Backed up 1 response (1 questionnaire month)" in backup.output
    Path(store.shard_path("exit-en", MONTH)).unlink()
    restore = runner.invoke(args=["restore", str(tmp_path / "one.tar")])
    assert "Restored 1 response; 0 already stored" in restore.output
