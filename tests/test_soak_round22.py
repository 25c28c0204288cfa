"""A short soak (well under a minute of traffic) of gunicorn with two workers, as
bench/soak_collector.py runs for half an hour: leavers with and without the script, double
sends, a HUP of the master and a worker killed with SIGKILL in the middle. Every
acknowledged answer must be in the export exactly once, the workers must not gain file
descriptors or threads, and neither temp files nor client addresses may be left behind."""

from __future__ import annotations

import csv
import http.client
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

import pytest
from support.gunicorn import free_port, launch_gunicorn, stop

from collector.worker_folder import NOTED_MARKER

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import soak_probes

pytestmark = pytest.mark.slow


def _post(port: int, fields: dict[str, str], address: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(
            "POST",
            "/submit/exit-en",
            body=urllib.parse.urlencode(fields),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"http://127.0.0.1:{port}",
                "X-Forwarded-For": address,
            },
        )
        return connection.getresponse().status
    finally:
        connection.close()


class Leavers:
    """Threads that send answers until told to stop, each with a token in its closing text."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.sent: set[str] = set()
        self.acked: set[str] = set()
        self.refused: list[int] = []

    def one(self) -> None:
        token = uuid.uuid4().hex
        script = random.random() < 0.5
        fields = {
            "departure": "voluntary",
            "reasons": "pay",
            "closing": f"Thanks. {token}",
            "_trap": "",
            # Without the script there is no submission ID: the collector knows a second
            # press on Send by the post and its address.
            "_submission": str(uuid.uuid4()) if script else "",
        }
        address = f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"
        with self.lock:
            self.sent.add(token)
        for _send in range(2 if random.random() < 0.2 else 1):
            for _retry in range(10):  # a restart cuts the post off: Send again
                try:
                    status = _post(self.port, fields, address)
                except OSError:
                    time.sleep(0.3)
                    continue
                with self.lock:
                    if status == 303:
                        self.acked.add(token)
                    else:
                        self.refused.append(status)
                break

    def run(self) -> None:
        while not self.stop.is_set():
            self.one()


#: How long gunicorn may take to get its workers back before the test gives up: only a
#: backstop, the waits end as soon as the workers are there.
BACKSTOP = 120


def _wait_for_workers(master: int, count: int, served: Path | None = None) -> list[int]:
    """The ``count`` workers of ``master``; with ``served``, once each has stored an answer
    in that folder."""
    deadline = time.monotonic() + BACKSTOP
    while time.monotonic() < deadline:
        pids = [p for p in soak_probes.workers_of(master) if soak_probes.process_numbers(p)]
        if len(pids) == count and (served is None or all(_stored(p, served) for p in pids)):
            return pids
        time.sleep(0.2)
    raise AssertionError(f"gunicorn did not get back to {count} workers serving")


def _stored(pid: int, folder: Path) -> bool:
    """Has worker ``pid`` stored an answer? It keeps the month's file open from then on."""
    try:
        opened = [Path(os.readlink(f"/proc/{pid}/fd/{fd}")) for fd in os.listdir(f"/proc/{pid}/fd")]
    except OSError:  # gone, or a file closed between the listing and the look
        return False
    return any(path.parent == folder and path.suffix == ".jsonl" for path in opened)


def _numbers(master: int, served: Path) -> dict[int, dict[str, float]]:
    """Each worker's numbers once both have booted and stored answers: a worker still
    importing the app has fewer files and threads open, and a count taken then made a
    worker that had since settled look like a leak (8 fds before, 12 after)."""
    found = {p: soak_probes.process_numbers(p) for p in _wait_for_workers(master, 2, served)}
    return {p: n for p, n in found.items() if n}


def test_a_short_soak_loses_nothing_and_leaks_nothing(built_site: Path, tmp_path: Path) -> None:
    data, port, scratch = tmp_path / "data", free_port(), tmp_path / "tmp"
    scratch.mkdir()
    log = tmp_path / "gunicorn.log"
    server = launch_gunicorn(
        built_site,
        data,
        port,
        2,
        {"COLLECTOR_TRUSTED_PROXIES": "1", "TMPDIR": str(scratch)},
        "--error-logfile",
        str(log),
    )
    leavers = Leavers(port)
    threads = [threading.Thread(target=leavers.run) for _ in range(3)]
    shards = data / "responses" / "exit-en"
    try:
        deadline = time.monotonic() + BACKSTOP
        while not log.exists() or "Booting worker" not in log.read_text():
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.1)
        _wait_for_workers(server.pid, 2)
        for thread in threads:
            thread.start()
        before = _numbers(server.pid, shards)
        time.sleep(4)
        os.kill(server.pid, signal.SIGHUP)  # new workers; the old ones finish what they serve
        time.sleep(6)
        os.kill(_wait_for_workers(server.pid, 2)[0], signal.SIGKILL)
        time.sleep(6)
        after = _numbers(server.pid, shards)
        deadline = time.monotonic() + BACKSTOP
        while len(leavers.acked) <= 20:  # enough traffic to say something, however slow
            assert time.monotonic() < deadline, "too little traffic to say anything"
            time.sleep(0.2)
    finally:
        leavers.stop.set()
        for thread in threads:
            if thread.is_alive():
                thread.join()
        stop(server)

    assert len(leavers.acked) > 20, "too little traffic to say anything"
    assert leavers.refused == []
    # Open files and threads per worker: the same after the restarts as before (+2 for a
    # connection being served at the moment of the sample).
    assert max(n["fds"] for n in after.values()) <= max(n["fds"] for n in before.values()) + 2
    assert max(n["threads"] for n in after.values()) <= max(n["threads"] for n in before.values())

    export = tmp_path / "export.csv"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "flask",
            "--app",
            "collector",
            "export",
            "exit-en",
            "--output",
            str(export),
        ],
        env={
            **os.environ,
            "COLLECTOR_DATA_DIR": str(data),
            "COLLECTOR_OUTPUT_DIR": str(built_site),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    with open(export, encoding="utf-8-sig", newline="") as file:
        tokens = [row["closing"].split()[-1] for row in csv.DictReader(file)]
    assert leavers.acked - set(tokens) == set(), "acknowledged but not stored"
    assert len(tokens) == len(set(tokens)), "an answer stored twice"
    assert set(tokens) <= leavers.sent

    text = log.read_text()
    assert re.findall(r"\b10\.\d+\.\d+\.\d+\b", text) == []
    assert not [token for token in tokens if token in text]
    assert "Traceback" not in text
    # The one empty mark that the server's first workers noted the data folder (named after
    # the master, taken away by the next start) is all a server leaves in its temporary
    # folder: nothing per post, nothing of a leaver.
    left = [path.name for path in scratch.iterdir()]
    assert [name for name in left if not name.startswith(NOTED_MARKER)] == []
    assert len(left) <= 1
    assert all((scratch / name).stat().st_size == 0 for name in left)
    leftovers = [p.name for p in data.rglob("*") if p.suffix in {".shuffle", ".redact", ".restore"}]
    assert leftovers == []
