"""The collector under a real WSGI server with several workers, as operators run it."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from support.gunicorn import free_port, launch_gunicorn, start_gunicorn, stop, submit

from collector.store import ResponseStore

pytestmark = pytest.mark.slow


def run_at_once(client: Callable[[int], None], count: int) -> None:
    """``client(0)`` .. ``client(count - 1)``, each in its own thread, all at once."""
    threads = [threading.Thread(target=client, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


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
        run_at_once(client, 8)
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


# -- bad settings stop the server as a whole ---------------------------------------------------

BAD_SETTINGS = [
    ("DATE_PRECISION", "day", "COLLECTOR_DATE_PRECISION must be one of month, quarter, year"),
    ("RATE_LIMIT", "lots", "COLLECTOR_RATE_LIMIT must be a whole number from 1 to 10000"),
    ("TRUSTED_PROXIES", "9", "COLLECTOR_TRUSTED_PROXIES must be between 0 and 5, not 9"),
    ("ALLOWED_ORIGINS", "pages.example", "COLLECTOR_ALLOWED_ORIGINS: 'pages.example' is not"),
    ("TEMPLATES_DIR", "/no/such/folder", "COLLECTOR_TEMPLATES_DIR: '/no/such/folder' is not"),
    ("DATA_DIR", __file__, "COLLECTOR_DATA_DIR: "),
    ("DATA_DIR", "/proc/nonexistent/data", "COLLECTOR_DATA_DIR: cannot create"),
    ("REPORT_MIN_GROUP", "4", "COLLECTOR_REPORT_MIN_GROUP must be at least 5"),
    ("ADMIN_SESSION_MINUTES", "forever", "COLLECTOR_ADMIN_SESSION_MINUTES must be a whole"),
    ("SITE_URL", "not-a-url", "COLLECTOR_SITE_URL: 'not-a-url' is not a web address"),
]


@pytest.mark.parametrize(("name", "value", "message"), BAD_SETTINGS)
def test_a_bad_setting_stops_gunicorn_with_one_line(
    built_site: Path, data_dir: Path, name: str, value: str, message: str
) -> None:
    """Not workers that exit and are started again forever while the port stays open."""
    port = free_port()
    server = launch_gunicorn(built_site, data_dir, port, 2, {f"COLLECTOR_{name}": value})
    try:
        code = server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        errors = stop(server)
        pytest.fail(f"gunicorn kept running: {errors.count('Booting worker')} worker boots")
    errors = stop(server)
    assert code != 0
    reported = [line for line in errors.splitlines() if line.startswith("Error:")]
    assert len(reported) == 1 and reported[0].startswith(f"Error: {message}"), errors
    assert "Traceback" not in errors
    assert errors.count("Booting worker") <= 2


@pytest.mark.parametrize(("name", "value", "message"), BAD_SETTINGS[-4:])
def test_a_bad_setting_stops_gunicorn_preload(
    built_site: Path, data_dir: Path, name: str, value: str, message: str
) -> None:
    """With --preload the master loads the app, and stops before it starts any worker."""
    port = free_port()
    server = launch_gunicorn(
        built_site, data_dir, port, 2, {f"COLLECTOR_{name}": value}, "--preload"
    )
    code = server.wait(timeout=20)
    errors = stop(server)
    assert code != 0 and "Traceback" not in errors and "Booting worker" not in errors
    assert [line for line in errors.splitlines() if line.startswith("Error:")] == [
        next(line for line in errors.splitlines() if line.startswith(f"Error: {message}"))
    ]


@pytest.mark.parametrize(("name", "value", "message"), BAD_SETTINGS[-4:])
def test_a_bad_setting_stops_flask_commands_with_one_line(
    built_site: Path, data_dir: Path, name: str, value: str, message: str
) -> None:
    env = {
        **os.environ,
        "COLLECTOR_OUTPUT_DIR": str(built_site),
        "COLLECTOR_DATA_DIR": str(data_dir),
        f"COLLECTOR_{name}": value,
    }
    commands = [["export", "exit-en"], ["set-password", "--password-stdin"]]
    if name != "DATA_DIR":  # help looks at the settings, at no folder (round 22)
        commands.append(["--help"])
    for command in commands:
        result = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "collector", *command],
            env=env,
            input="a long enough password\n",
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 1, (command, result.stderr)
        lines = result.stderr.splitlines()
        said = message
        if name == "DATA_DIR" and command[0] == "export":  # a reader makes no folder (round 26)
            said = f"nothing was exported: COLLECTOR_DATA_DIR: {value!r} is not there"
        assert len(lines) == 1 and lines[0].startswith(f"Error: {said}"), (command, lines)


# -- limits shared by the workers --------------------------------------------------------------


def test_the_rate_limit_holds_across_workers(built_site: Path, data_dir: Path) -> None:
    """Per client, not per worker: 2 workers must not let twice the limit through."""
    port = free_port()
    server = start_gunicorn(
        built_site, data_dir, port, workers=2, settings={"COLLECTOR_RATE_LIMIT": "6"}
    )
    codes: list[int] = []
    lock = threading.Lock()

    def client() -> None:
        for _ in range(6):
            status = submit(port, str(uuid.uuid4()), "limited")
            with lock:
                codes.append(status)

    try:
        run_at_once(lambda _: client(), 4)
    finally:
        errors = stop(server)
    assert codes.count(303) == 6 and codes.count(429) == 18, (sorted(codes), errors[-2000:])
    stored = "".join(p.read_text() for p in (data_dir / "limits").rglob("*") if p.is_file())
    assert "127.0.0.1" not in stored


def post_chunked(port: int, body: bytes) -> int:
    """A form post without Content-Length, in chunks: gunicorn passes such a body on as a
    stream, so its size is known only while it is being read."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        chunks = (body[i : i + 65536] for i in range(0, len(body), 65536))
        connection.request(
            "POST",
            "/submit/exit-en",
            body=chunks,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            encode_chunked=True,
        )
        return connection.getresponse().status
    except (BrokenPipeError, ConnectionResetError):
        return 0  # refused before the whole body was sent
    finally:
        connection.close()


def test_a_chunked_post_over_the_limit_is_refused_not_cut_short(
    built_site: Path, data_dir: Path
) -> None:
    port = free_port()
    server = start_gunicorn(built_site, data_dir, port, workers=1)
    try:
        fine = post_chunked(port, b"departure=dismissed&closing=sent+in+chunks")
        # Past the size limit, the answer after the padding would be dropped without a word
        # if the body were cut at the limit and the rest stored.
        padded = b"departure=dismissed&" + b"&" * 400_000 + b"closing=after+the+limit"
        refused = post_chunked(port, padded)
    finally:
        errors = stop(server)
    assert fine == 303, errors
    assert refused in (413, 0), errors
    closings = [
        r["answers"].get("closing")
        for r in ResponseStore(data_dir / "responses").responses("exit-en")
    ]
    assert closings == ["sent in chunks"]
    assert "Traceback" not in errors


def test_a_malformed_chunked_body_is_a_400_without_a_traceback(
    built_site: Path, data_dir: Path
) -> None:
    """Under gunicorn a bad chunk size is raised while the app reads the body: the client's
    mistake, which must not become a 500 with forty lines of log anyone could repeat."""
    port = free_port()
    server = start_gunicorn(built_site, data_dir, port, workers=1)
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
            conn.sendall(
                b"POST /submit/exit-en HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\n"
                b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\nabc\r\n0\r\n\r\n"
            )
            reply = conn.recv(200)
        assert reply.startswith(b"HTTP/1.1 400"), reply
    finally:
        errors = stop(server)
    assert "Traceback" not in errors and "Exception on /submit" not in errors, errors
