"""Round 16, review: HR's removals under chaos.

A removal rewrites a month while the collector runs. Here it is raced against restores,
killed with -9 at every step while gunicorn workers keep storing answers and the months
keep being mixed and shuffled, and its traces are looked for afterwards. Each test names
what broke before its fix.
"""

from __future__ import annotations

import collections
import http.client
import os
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
from support.posts import VOLUNTARY
from support.redact import MONTH, OLD, by_id, fill, raw, record

from collector import removal_list, store_redact, store_restore
from collector.store import ResponseStore
from collector.store_format import previous_month, submission_key

ROOT = Path(__file__).resolve().parent.parent
SLUG = "exit-en"


@pytest.fixture
def store(app) -> ResponseStore:
    return app.extensions["exit_survey"].store


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()
    return lambda *args, **kw: runner.invoke(args=list(args), **kw)


# -- a removal racing a restore ----------------------------------------------------------


@pytest.mark.parametrize("month", [OLD, MONTH])
def test_a_removal_during_a_restore_is_not_undone_by_it(store, cli, tmp_path, monkeypatch, month):
    """The restore read HR's list before the removal and appended the backup's answers
    after it: a response deleted from a closed month (no retry key left to recognise it)
    came back from the backup, words and all, and stayed."""
    bad = fill(store, month, 10, bad=4)
    assert cli("backup", str(tmp_path / "before.tar")).exit_code == 0
    real_merge = store_restore.merge_shard
    done: list[int] = []

    def merge_after_hr(*args, **kwargs):
        if not done:  # HR, in another terminal, while the restore is under way
            with ResponseStore(store.directory) as other:
                done.append(store_redact.remove(other, store_redact.find(other, bad), None))
        return real_merge(*args, **kwargs)

    monkeypatch.setattr(store_restore, "merge_shard", merge_after_hr)
    result = cli("restore", str(tmp_path / "before.tar"))
    assert result.exit_code == 0, result.output
    assert done == [1]
    docs = by_id(store)
    assert bad not in docs and len(docs) == 9
    assert b"Jan de Vries" not in raw(Path(store.directory))


def test_a_store_list_that_cannot_be_read_stops_a_restore_before_it_adds_anything(
    store, cli, tmp_path
):
    """docs/storage.md: 'A list that cannot be read stops the restore before it adds
    anything'. The store's own list was read only when its questionnaire's turn came:
    the questionnaires before it were restored, then the restore stopped half way."""
    fill(store, OLD, 3)
    with ResponseStore(tmp_path / "other") as other:
        for n in range(3):
            other.add("exit-nl", record(n), submission_id=f"nl-{n}", month=OLD)
    # The backup: exit-en's answers and exit-nl's, no lists.
    copy = tmp_path / "copy" / "responses"
    for slug, source in (("exit-en", Path(store.directory)), ("exit-nl", tmp_path / "other")):
        (copy / slug).mkdir(parents=True)
        shard = source / slug / f"{OLD}.jsonl"
        (copy / slug / shard.name).write_bytes(shard.read_bytes())
    Path(store.shard_path("exit-en", OLD)).unlink()  # the store lost exit-en's month
    # ...and exit-nl's list in the store was hand-edited into something else.
    (Path(store.directory) / "exit-nl").mkdir(mode=0o700, exist_ok=True)
    (Path(store.directory) / "exit-nl" / "removed-by-hr").write_text("who knows\n")
    result = cli("restore", str(tmp_path / "copy"))
    assert result.exit_code == 1
    assert "removed-by-hr:1: not a line of HR's list" in result.output
    assert store.count("exit-en") == 0, "restored half of the backup, then stopped"


# -- the list of what HR removed ---------------------------------------------------------


@pytest.mark.parametrize("command", ["redact", "delete-response", "restore"])
def test_a_list_with_bytes_that_are_not_text_gives_one_clean_line(store, cli, tmp_path, command):
    """A list saved by an editor in Latin-1 (a hand edit, a name in a comment): the
    commands died with a UnicodeDecodeError traceback."""
    bad = fill(store, MONTH, 3, bad=1)
    listed = Path(store.directory) / SLUG / "removed-by-hr"
    listed.write_bytes(b"# Ren\xe9e asked for this\n")
    content = Path(store.shard_path(SLUG, MONTH)).read_bytes()
    args = {
        "redact": ("redact", bad, "closing", "--yes"),
        "delete-response": ("delete-response", bad, "--yes"),
        "restore": ("restore", store.directory),
    }[command]
    result = cli(*args)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "removed-by-hr" in result.output and "UTF-8" in result.output
    assert Path(store.shard_path(SLUG, MONTH)).read_bytes() == content


def test_a_list_edited_with_crlf_blank_lines_and_comments_still_counts(store, cli, tmp_path):
    bad = fill(store, MONTH, 4, bad=2)
    assert cli("backup", str(tmp_path / "before.tar")).exit_code == 0
    assert cli("delete-response", bad, "--yes").exit_code == 0
    listed = Path(store.directory) / SLUG / "removed-by-hr"
    listed.write_bytes(
        b"# works council, case 12\r\n\r\n" + listed.read_bytes().replace(b"\n", b"\r\n")
    )
    result = cli("restore", str(tmp_path / "before.tar"))
    assert result.exit_code == 0, result.output
    assert bad not in by_id(store)


def test_non_interactive_stdin_and_ctrl_c_remove_nothing(store, cli):
    bad = fill(store, MONTH, 3, bad=0)
    shard = Path(store.shard_path(SLUG, MONTH))
    content = shard.read_bytes()
    for args in (("redact", bad, "closing"), ("delete-response", bad)):
        result = cli(*args, input="")  # stdin at its end: a cron job, a pipe
        assert result.exit_code == 1 and "nothing was removed" in result.output
    assert shard.read_bytes() == content
    assert not (shard.parent / "removed-by-hr").exists()


# -- what the files tell afterwards ------------------------------------------------------


def test_the_retry_keys_of_deleted_answers_do_not_keep_the_order_hr_deleted_them_in(store, cli):
    """The tombstones went to the end of the open month in the order of the deletions, and
    every mix kept that order."""
    fill(store, MONTH, 8)
    keys = {submission_key(SLUG, f"sid-{MONTH}-{n}"): n for n in range(8)}
    docs = {doc["answers"]["stay"]: doc["id"] for doc in store.responses(SLUG)}
    # Deleted from the largest key down: sorted by key, that is the reverse.
    for key in sorted(keys, reverse=True)[:4]:
        doc_id = docs[f"commute {keys[key]}"]
        assert cli("delete-response", doc_id, "--yes").exit_code == 0
    lines = Path(store.shard_path(SLUG, MONTH)).read_bytes().splitlines()
    stones = [line for line in lines if b'"m":"removed"' in line]
    assert len(stones) == 4
    assert stones == sorted(stones, key=lambda line: line[9:]), "in the order HR deleted them"


def test_the_first_reader_after_a_removal_does_not_date_itself_on_the_month(store, cli):
    """The rewritten month's access time was set back to the ten-minute mark, but its
    change time is HR's: so the next read (a writer checking the month next to the one it
    stores in, for a retry) set the access time to the time of that leaver's answer."""
    month = previous_month(MONTH)
    bad = fill(store, month, 5, bad=1)
    assert cli("redact", bad, "closing", "--yes").exit_code == 0
    shard = Path(store.shard_path(SLUG, month))
    before = os.stat(shard).st_atime_ns
    time.sleep(0.05)
    with ResponseStore(store.directory) as writer:  # another worker, a leaver's answer
        assert writer.add(SLUG, record(99), submission_id="next-one", month=MONTH)
        assert writer.slug_log(SLUG, create=False).shards.get(month) is not None  # it read it
    assert os.stat(shard).st_atime_ns == before


# -- kill -9 at every step, while gunicorn workers store and months are mixed ------------

REMOVER = """
import os, signal, sys
from collector import store_order, store_redact
from collector.store import ResponseStore

data, doc_id, what, point, after = sys.argv[1:6]

def die():
    os.kill(os.getpid(), signal.SIGKILL)

real_replace = os.replace

def replace(src, dst, **kw):
    if point == "list-temp" and str(src).endswith("removed-by-hr.tmp"):
        die()  # the list's new copy written and fsync'd, not in place
    if point == "synced" and str(src).endswith(".redact"):
        die()  # the new month complete and fsync'd, not in place
    real_replace(src, dst, **kw)
    if point == "replaced" and str(src).endswith(".redact"):
        die()  # in place, the folder not fsync'd yet

os.replace = replace
if point == "listed":
    real_remember = store_redact.remember

    def remember(*args):
        real_remember(*args)
        die()  # on the list, the month not rewritten yet

    store_redact.remember = remember
if point == "writing":
    real_read = store_order.read_line
    calls = [0]

    def read_line(*args):
        calls[0] += 1
        if calls[0] > int(after):
            die()  # half way through the new month
        return real_read(*args)

    store_order.read_line = read_line
store = ResponseStore(data)
found = store_redact.find(store, doc_id)
print(store_redact.remove(store, found, None if what == "delete" else frozenset({"closing"})))
"""

MIXER = """
import sys, time
from collector.store import ResponseStore, StoreError
store = ResponseStore(sys.argv[1])
deadline = time.monotonic() + float(sys.argv[2])
while time.monotonic() < deadline:
    try:
        store.compact()
        store.mix()
    except StoreError:
        pass
    time.sleep(0.02)
"""

#: gunicorn with the open months mixed at every second's mark, as at every ten minutes.
GUNICORN = """
import sys
import collector.store
collector.store.MIX_SECONDS = 1
from gunicorn.app.wsgiapp import run
sys.argv = ["gunicorn", *sys.argv[1:]]
run()
"""

POINTS = ["list-temp", "listed", "writing", "synced", "replaced"]


def port_in_range() -> int:
    """A free port of this review's range (8550-8599)."""
    import socket

    for port in range(8550, 8600):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.skip("no free port in 8550-8599")


def test_kill_9_at_every_step_of_a_removal_loses_nothing_and_a_second_run_finishes(
    built_site, tmp_path
):
    """Three gunicorn workers store answers (their months mixed every second), another
    process mixes and shuffles beside them, clients retry the answers HR deletes, and the
    removal is killed with -9 at each of its steps in turn, in an open and a closed month.
    After every kill: no damaged record, every acknowledged answer once, the removal run
    again finishes, and at the end no removed word is in any file."""
    seed = int(os.environ.get("REDACT_CHAOS_SEED", "160504"))
    print(f"seed {seed}")
    rng = random.Random(seed)
    data = tmp_path / "data"
    responses = data / "responses"
    closed = previous_month(MONTH)
    victims: dict[str, tuple[str, str]] = {}  # doc id -> (month, secret)
    sid_of: dict[str, str] = {}  # secret -> submission id
    open_sids: dict[str, str] = {}  # doc id -> submission id, once HR starts on it
    with ResponseStore(responses) as store:
        for month in (MONTH, closed):
            for n in range(60):
                sid = f"seed-{month}-{n:04d}-{rng.getrandbits(32):08x}"
                secret = sid_of_secret = f"SECRET{month}x{n:04d}"
                sid_of[sid_of_secret] = sid
                store.add(SLUG, record(n, secret), submission_id=sid, month=month)
        for doc in store.responses(SLUG):
            secret = doc["answers"]["closing"]
            victims[doc["id"]] = (MONTH if secret.startswith(f"SECRET{MONTH}") else closed, secret)
        store.compact()  # the closed month: shuffled, keyless
    seeded = collections.Counter(closing for _, closing in victims.values())
    port = port_in_range()
    env = dict(
        os.environ,
        COLLECTOR_DATA_DIR=str(data),
        COLLECTOR_OUTPUT_DIR=str(built_site),
        COLLECTOR_RATE_LIMIT="10000",
        COLLECTOR_RATE_WINDOW="1",
        PYTHONPATH=str(ROOT),
    )
    args = ["--workers", "3", "--graceful-timeout", "2", "--bind", f"127.0.0.1:{port}"]
    log = open(tmp_path / "gunicorn.log", "ab")  # noqa: SIM115 - closed below
    master = subprocess.Popen(
        [sys.executable, "-c", GUNICORN, *args, "collector:create_app()"],
        env=env,
        cwd=tmp_path,
        stdout=log,
        stderr=log,
    )
    mixer = subprocess.Popen([sys.executable, "-c", MIXER, str(responses), "600"], env=env)

    def post(fields: dict) -> object:
        body = urllib.parse.urlencode(fields, doseq=True)
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Connection": "close"}
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
            conn.request("POST", f"/submit/{SLUG}", body, headers)
            status = conn.getresponse().status
            conn.close()
            return status
        except (OSError, http.client.HTTPException) as exc:
            return type(exc).__name__

    acked: list[str] = []
    retried: list[str] = []
    stop = threading.Event()

    def client(c: int) -> None:
        r = random.Random(seed + c)
        i = 0
        while not stop.is_set():
            i += 1
            marker = f"c{c}-{i}"
            fields = {
                **VOLUNTARY,
                "stay": marker,
                "_submission": f"{seed}-{marker}-{r.getrandbits(40):x}",
            }
            for _ in range(5):
                if post(fields) == 303:
                    acked.append(marker)
                    break
                time.sleep(0.05)

    def retrier() -> None:  # browsers sending again what HR deletes from the open month
        r = random.Random(seed)
        while not stop.is_set():
            if open_sids:
                doc_id, sid = r.choice(sorted(open_sids.items()))
                post({**VOLUNTARY, "stay": f"retry-{doc_id}", "_submission": sid})
                retried.append(doc_id)
            time.sleep(0.01)

    def side() -> None:  # late answers into the closed month: shuffled again and again
        with ResponseStore(responses) as mine:
            n = 0
            while not stop.wait(0.005):
                n += 1
                late = record(n)
                late["answers"]["stay"] = f"late-{n}"
                if mine.add(SLUG, late, submission_id=f"late-{seed}-{n}", month=closed):
                    acked.append(f"late-{n}")

    def check(removed: dict[str, str | None], either: str = "") -> None:
        """Every acknowledged answer once; the removed gone, the others whole, and the
        one ``either`` (its removal killed) one or the other."""
        sent = list(acked)  # before the read: later ones may not be in it
        with ResponseStore(responses) as store:
            docs = list(store.responses(SLUG))  # raises on any damaged record
        stay = collections.Counter(d["answers"]["stay"] for d in docs)
        closing = collections.Counter(d["answers"].get("closing") for d in docs)
        assert not [m for m in sent if stay[m] != 1], "an acknowledged answer lost or doubled"
        for doc_id, (_, secret) in victims.items():
            want = {0} if doc_id in removed else {seeded[secret]}
            if doc_id == either:
                want.add(0)
            assert closing[secret] in want, (doc_id, removed.get(doc_id, "kept"))
        assert not [k for k in stay if k.startswith("retry-")], "a retry stored as new"

    try:
        deadline = time.monotonic() + 30
        while post({}) not in (400, 422, 303) and time.monotonic() < deadline:
            time.sleep(0.1)
        threads = [threading.Thread(target=client, args=(c,)) for c in range(3)]
        threads.append(threading.Thread(target=retrier))
        threads.append(threading.Thread(target=side))
        for thread in threads:
            thread.start()
        removed: dict[str, str | None] = {}
        order = sorted(victims)
        rng.shuffle(order)
        kills = 0
        for round_no, point in enumerate(POINTS * 2):
            doc_id = next(d for d in order if (victims[d][0] == MONTH) == (round_no % 2 == 0))
            order.remove(doc_id)
            what = "delete" if round_no % 4 < 2 else "redact"
            if victims[doc_id][0] == MONTH:  # its browser sends it again meanwhile
                open_sids[doc_id] = sid_of[victims[doc_id][1]]
            remover = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    REMOVER,
                    str(responses),
                    doc_id,
                    what,
                    point,
                    str(rng.randrange(1, 60)),
                ],
                env=env,
                capture_output=True,
                timeout=60,
            )
            assert remover.returncode == -signal.SIGKILL, remover.stderr.decode()[-2000:]
            kills += 1
            check(removed, doc_id)  # the old month or the new one: never half, nothing lost
            with ResponseStore(responses) as store:  # HR runs it again
                found = store_redact.find(store, doc_id)
                if point == "replaced":
                    assert what == "redact" or found is None  # it was done
                if found is not None:
                    store_redact.remove(
                        store, found, None if what == "delete" else frozenset({"closing"})
                    )
            removed[doc_id] = what
            check(removed)
            assert not list(responses.rglob("*.redact")), "a copy left behind by the second run"
    finally:
        stop.set()
        for thread in threads if "threads" in locals() else []:
            thread.join()
        mixer.kill()
        mixer.wait()
        master.terminate()
        master.wait(timeout=30)
        log.close()
    print(f"{kills} kills, {len(acked)} acknowledged, {len(retried)} retries of deleted answers")
    assert kills == 10 and len(acked) > 50
    check(removed)
    everything = raw(data)
    for doc_id in removed:
        assert victims[doc_id][1].encode() not in everything


# -- removals at once, and beside a backup -----------------------------------------------


@pytest.mark.parametrize("where", ["same month", "two months", "same response"])
def test_two_removals_at_once_both_hold(store, where):
    first = fill(store, MONTH, 12, bad=3)
    month = OLD if where == "two months" else MONTH
    with ResponseStore(store.directory) as other:
        for n in range(12):
            other.add(SLUG, record(100 + n, "words"), submission_id=f"o-{n}", month=month)
        docs = by_id(other)
    second = (
        first
        if where == "same response"
        else next(d for d, doc in docs.items() if doc["answers"]["stay"] == "commute 105")
    )
    gate = threading.Barrier(2)
    results: list[int] = []

    def hr(doc_id: str, fields: frozenset[str] | None) -> None:
        with ResponseStore(store.directory) as mine:
            found = store_redact.find(mine, doc_id)
            gate.wait()
            results.append(store_redact.remove(mine, found, fields))

    threads = [
        threading.Thread(target=hr, args=(first, None)),
        threading.Thread(target=hr, args=(second, frozenset({"closing"}))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    after = by_id(store)
    assert first not in after
    if where == "same response":  # the blank first (both change it) or the deletion
        assert sorted(results) in ([0, 1], [1, 1]) and len(after) == 23
    else:
        assert results == [1, 1] and len(after) == 23
        assert "closing" not in after[second]["answers"]
    listed = removal_list.read_removed(str(Path(store.directory) / SLUG))
    assert listed[first] is None  # a deletion wins over a blank


def test_a_backup_taken_during_a_removal_still_keeps_it_out(app, store, cli, tmp_path):
    """The backup reads a month's old file (opened before the removal put the new one in
    place), and HR's list after the shards: restored into an empty folder, the answer
    stays out."""
    from collector import create_app, store_backup

    bad = fill(store, OLD, 8, bad=5)
    real_add = store_backup._add_shard
    done: list[int] = []

    def add_after_hr(*args, **kwargs):
        if not done:
            with ResponseStore(store.directory) as other:
                done.append(store_redact.remove(other, store_redact.find(other, bad), None))
        return real_add(*args, **kwargs)

    store_backup._add_shard = add_after_hr
    try:
        assert cli("backup", str(tmp_path / "during.tar")).exit_code == 0
    finally:
        store_backup._add_shard = real_add
    assert done == [1]
    fresh = create_app({**app.config, "DATA_DIR": tmp_path / "fresh"})
    result = fresh.test_cli_runner().invoke(args=["restore", str(tmp_path / "during.tar")])
    assert result.exit_code == 0, result.output
    assert "1 left out" in result.output
    kept = fresh.extensions["exit_survey"].store
    assert kept.count(SLUG) == 7 and bad not in by_id(kept)
    assert b"Jan de Vries" not in raw(tmp_path / "fresh")
