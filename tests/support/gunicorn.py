"""The collector under gunicorn, as operators run it: started, posted to and stopped."""

from __future__ import annotations

import contextlib
import http.client
import os
import random
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

#: Ports below Linux's ephemeral range (32768 on), shared out among pytest-xdist's workers:
#: a port the kernel hands out is free for anyone until gunicorn binds it, so two workers
#: could be given the same one, and one test would then post to the other's collector.
WORKER_PORTS = range(20000, 32768)


def free_port() -> int:
    """A port nothing listens on now: one of this xdist worker's share of ``WORKER_PORTS``
    (gw0, gw1, ...), or any the kernel picks when the suite runs in one process."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    count = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "0") or 0)
    if not worker.startswith("gw") or count < 1:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return sock.getsockname()[1]
    share = len(WORKER_PORTS) // count
    first = WORKER_PORTS.start + int(worker[2:]) * share
    for port in random.sample(range(first, first + share), min(share, 200)):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise AssertionError(f"no free port in {first}-{first + share - 1} for {worker}")


#: ``gunicorn -c`` this: each worker says when it has loaded the collector, and which
#: requests it serves (tests/support/gunicorn_hooks.py).
HOOKS_CONFIG = Path(__file__).with_name("gunicorn_hooks.py")


def launch_gunicorn(
    site: Path,
    data: Path,
    port: int,
    workers: int,
    settings: dict[str, str],
    *options: str,
    loaded: Path | None = None,
    served: Path | None = None,
    config: Path | None = None,
) -> subprocess.Popen:
    """gunicorn on ``port``; with ``loaded``, each worker that has loaded the collector
    makes a file named after its PID in that folder (``wait_for_loaded``); with
    ``served``, each request gets a line '<worker PID> <method> <user agent>' in that
    file. With ``config`` (``write_config``), the number of workers is the file's, which
    a reload reads again."""
    env = {
        **os.environ,
        "COLLECTOR_OUTPUT_DIR": str(site),
        "COLLECTOR_DATA_DIR": str(data),
        "COLLECTOR_RATE_LIMIT": "10000",
        **settings,
    }
    if loaded is not None:
        loaded.mkdir(parents=True, exist_ok=True)
        env["EXIT_SURVEY_TEST_LOADED"] = str(loaded)
    if served is not None:
        env["EXIT_SURVEY_TEST_SERVED"] = str(served)
    if config is not None or loaded is not None or served is not None:
        options = ("--config", str(config or HOOKS_CONFIG), *options)
    count = [] if config else ["--workers", str(workers)]
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            *count,
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
    site: Path,
    data: Path,
    port: int,
    workers: int = 3,
    settings: dict[str, str] | None = None,
    *,
    loaded: Path | None = None,
    served: Path | None = None,
    config: Path | None = None,
) -> subprocess.Popen:
    # gunicorn retries a taken port for seconds, and meanwhile the server that holds it
    # would answer /health in its place: a test would then post to another collector.
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            raise AssertionError(f"gunicorn did not start: port {port} is taken")
    process = launch_gunicorn(
        site, data, port, workers, settings or {}, loaded=loaded, served=served, config=config
    )
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


def write_config(path: Path, workers: int) -> Path:
    """A gunicorn configuration file of ``workers`` workers with the test hooks
    (``launch_gunicorn(..., config=path, loaded=...)``), which a reload reads again."""
    path.write_text(f"workers = {workers}\n\n" + HOOKS_CONFIG.read_text(), encoding="utf-8")
    return path


def wait_for_loaded(loaded: Path, master: int, count: int, timeout: float = 60) -> list[int]:
    """The PIDs of ``count`` live workers of ``master`` that have loaded the collector, as
    they say in ``loaded`` (``start_gunicorn(..., loaded=...)``), once there are as many."""
    deadline = time.monotonic() + timeout
    while True:
        found = [pid for pid in _pids(loaded) if _parent(pid) == master]
        if len(found) >= count:
            return sorted(found)
        assert time.monotonic() < deadline, f"{len(found)} of {count} workers loaded"
        time.sleep(0.1)


def _pids(loaded: Path) -> list[int]:
    return [int(mark.name) for mark in loaded.iterdir() if mark.name.isdigit()]


def _parent(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None  # ended


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
