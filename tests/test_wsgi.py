"""The collector under a real WSGI server with several workers, as operators run it."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from collector.store import ResponseStore

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(site: Path, data: Path, port: int, workers: int = 3) -> subprocess.Popen:
    env = {
        **os.environ,
        "COLLECTOR_OUTPUT_DIR": str(site),
        "COLLECTOR_DATA_DIR": str(data),
        "COLLECTOR_RATE_LIMIT": "10000",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--graceful-timeout",
            "1",
            "collector:create_app()",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/health")
            if connection.getresponse().status == 200:
                connection.close()
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError("gunicorn did not start: " + process.stderr.read().decode()[-2000:])


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> str:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    process.wait(timeout=20)
    errors = process.stderr.read().decode() if process.stderr else ""
    if process.stderr:
        process.stderr.close()
    return errors


def submit(port: int, submission_id: str, closing: str) -> int:
    body = urllib.parse.urlencode(
        {
            "departure": "voluntary",
            "reasons": "pay",
            "closing": closing,
            "_submission": submission_id,
        }
    )
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(
            "POST",
            "/submit/exit-en",
            body=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "data"


def test_several_workers_store_every_submission_exactly_once(
    built_site: Path, data_dir: Path
) -> None:
    port = free_port()
    server = start_gunicorn(built_site, data_dir, port, workers=3)
    results: list[tuple[str, int]] = []
    lock = threading.Lock()

    def client(n: int) -> None:
        for i in range(40):
            sid = str(uuid.uuid4())
            status = submit(port, sid, f"client {n} answer {i}")
            if i % 10 == 0:  # a browser retrying the same submission
                submit(port, sid, f"client {n} answer {i}")
            with lock:
                results.append((f"client {n} answer {i}", status))

    try:
        threads = [threading.Thread(target=client, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        errors = stop(server)
    assert all(status == 303 for _, status in results), errors
    texts = [
        r["answers"]["closing"] for r in ResponseStore(data_dir / "responses").responses("exit-en")
    ]
    assert sorted(texts) == sorted(text for text, _ in results)
    assert "Traceback" not in errors
    # no access log: no request lines, which would carry client addresses and times
    assert "POST" not in errors and "/submit" not in errors


def test_kill_9_during_load_loses_no_acknowledged_answer(built_site: Path, data_dir: Path) -> None:
    acknowledged: set[str] = set()
    lock = threading.Lock()
    for _round in range(3):
        port = free_port()
        server = start_gunicorn(built_site, data_dir, port, workers=2)
        stop_flag = threading.Event()

        def client(port: int = port, stop_flag: threading.Event = stop_flag) -> None:
            while not stop_flag.is_set():
                text = f"answer {uuid.uuid4()}"
                try:
                    status = submit(port, str(uuid.uuid4()), text)
                except OSError:
                    return
                if status == 303:
                    with lock:
                        acknowledged.add(text)

        threads = [threading.Thread(target=client) for _ in range(4)]
        for thread in threads:
            thread.start()
        time.sleep(0.5 + _round * 0.3)
        stop(server, signal.SIGKILL)
        stop_flag.set()
        for thread in threads:
            thread.join(timeout=15)
    stored = [
        r["answers"]["closing"] for r in ResponseStore(data_dir / "responses").responses("exit-en")
    ]
    assert len(stored) == len(set(stored)), "a response was stored twice"
    missing = acknowledged - set(stored)
    assert not missing, f"{len(missing)} acknowledged answers lost"
    assert len(acknowledged) > 20  # the test really ran under load
