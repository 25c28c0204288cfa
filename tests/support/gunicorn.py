"""The collector under gunicorn, as operators run it: started, posted to and stopped."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def launch_gunicorn(
    site: Path, data: Path, port: int, workers: int, settings: dict[str, str], *options: str
) -> subprocess.Popen:
    env = {
        **os.environ,
        "COLLECTOR_OUTPUT_DIR": str(site),
        "COLLECTOR_DATA_DIR": str(data),
        "COLLECTOR_RATE_LIMIT": "10000",
        **settings,
    }
    return subprocess.Popen(
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
            *options,
            "collector:create_app()",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def start_gunicorn(
    site: Path, data: Path, port: int, workers: int = 3, settings: dict[str, str] | None = None
) -> subprocess.Popen:
    # gunicorn retries a taken port for seconds, and meanwhile the server that holds it
    # would answer /health in its place: a test would then post to another collector.
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            raise AssertionError(f"gunicorn did not start: port {port} is taken")
    process = launch_gunicorn(site, data, port, workers, settings or {})
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            # It could not start (its port taken, say): another server that answers on the
            # port would otherwise be tested in its place.
            break
        # Closed whatever happens: a worker still booting makes the request time out, and
        # a socket left open fails a later test with an unraisable ResourceWarning.
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            connection.request("GET", "/health")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.1)
        finally:
            connection.close()
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


def loaded_workers(master: int) -> list[int]:
    """The workers of ``master`` that have loaded the collector: its clean-up thread runs
    beside the worker's own (a worker still starting has one thread)."""
    found = []
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError, IndexError, ValueError):
            if entry.name.isdigit():
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == master and int(fields[17]) > 1:
                    found.append(int(entry.name))
    return found


def request(port: int, method: str, path: str, body: str = "") -> tuple[int, bytes]:
    """One request, with a timeout: a server whose workers all hang makes it fail."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        headers = {"Content-Type": "application/x-www-form-urlencoded"} if body else {}
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()
