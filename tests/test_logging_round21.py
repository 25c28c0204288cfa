"""Round 21, the operator on call: the lines the collector logs reach the log the operator
reads (gunicorn's error log, also with --daemon), once, in one format, and name no one."""

from __future__ import annotations

import http.client
import logging
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from support.gunicorn import free_port, launch_gunicorn, stop, submit
from support.posts import VOLUNTARY

from collector import log_counts, sweeper
from collector.store import ResponseStore

ROOT = Path(__file__).resolve().parent.parent
#: An exact time as gunicorn, Flask or werkzeug would write one.
A_TIME = re.compile(r"\d{2}:\d{2}:\d{2}")


def damage_a_record(data: Path) -> Path:
    """The only month file in ``data`` with one byte of its first answer changed."""
    (month,) = (data / "responses" / "exit-en").glob("*.jsonl")
    raw = month.read_bytes()
    at = raw.index(b"Commute")
    month.write_bytes(raw[:at] + b"X" + raw[at + 1 :])
    return month


def get(port: int, path: str, headers: dict[str, str]) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.mark.slow
def test_gunicorn_s_log_files_get_the_collector_s_lines_and_no_client_s_details(
    client, app, tmp_path
):
    """With --error-logfile the operator reads that file: a damaged record (a module's
    logger) and an unknown setting (app.logger) used to go to stderr without a level, and
    with --daemon nowhere. An access log, once turned on, names no address, browser,
    referring page or time."""
    assert client.post("/submit/exit-en", data=VOLUNTARY).status_code == 303
    data = app.config["DATA_DIR"]
    damage_a_record(data)
    errors, access = tmp_path / "error.log", tmp_path / "access.log"
    port = free_port()
    server = launch_gunicorn(
        app.config["OUTPUT_DIR"],
        data,
        port,
        1,
        {"COLLECTOR_TYPO": "1"},
        "--error-logfile",
        str(errors),
        "--access-logfile",
        str(access),
    )
    try:
        deadline = time.monotonic() + 30
        while get_or_none(port) != 200 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert submit(port, uuid.uuid4().hex, "a new answer") == 303
        assert submit(port, uuid.uuid4().hex, "another") == 303
        secret = {"User-Agent": "SecretBrowser/1.0", "Referer": "https://intranet.example/hr"}
        assert get(port, "/exit-en/?from=mail", secret) == 200
        for _ in range(5):
            assert post_from_another_site(port) == 403
    finally:
        stop(server)
    error_log = errors.read_text()
    damaged = [line for line in error_log.splitlines() if "is damaged" in line]
    assert len(damaged) == 1, error_log  # once, not per answer
    assert "[ERROR] collector.store_writer: " in damaged[0]
    assert "docs/storage.md" in damaged[0]  # what to do
    assert "[WARNING] collector: COLLECTOR_TYPO is not a collector setting" in error_log
    # Counted, and said when the worker stopped if no ten-minute mark came first.
    refused = [line for line in error_log.splitlines() if "another site" in line]
    assert len(refused) == 1, error_log
    assert "[WARNING] collector.submit: refused a post from a page on another site" in refused[0]
    assert refused[0].endswith("(5 times since the last ten-minute mark)")
    lines = access.read_text().splitlines()
    assert '"GET /exit-en/" 200' in "\n".join(lines)
    assert sum('"POST /submit/exit-en" 303' in line for line in lines) == 2
    for line in lines:
        for detail in ("127.0.0.1", "SecretBrowser", "intranet.example", "from=mail"):
            assert detail not in line
        assert not A_TIME.search(line)


def post_from_another_site(port: int) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(
            "POST",
            "/submit/exit-en",
            body="departure=voluntary",
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": "https://other.example",
            },
        )
        return connection.getresponse().status
    finally:
        connection.close()


def get_or_none(port: int) -> int | None:
    try:
        return get(port, "/health", {})
    except OSError:
        return None


@pytest.mark.slow
def test_a_bad_setting_is_in_gunicorn_s_error_log_file_under_daemon(built_site, tmp_path):
    """gunicorn --daemon has no stderr: its log said only 'Worker failed to boot'."""
    errors, pid = tmp_path / "error.log", tmp_path / "pid"
    env = {k: v for k, v in os.environ.items() if not k.startswith("COLLECTOR_")}
    env.update(
        COLLECTOR_OUTPUT_DIR=str(built_site),
        COLLECTOR_DATA_DIR=str(tmp_path / "data"),
        COLLECTOR_RATE_LIMIT="lots",
    )
    daemon = [sys.executable, "-m", "gunicorn", "--daemon", "--pid", str(pid)]
    subprocess.run(
        [
            *daemon,
            *("--workers", "2", "--bind", f"127.0.0.1:{free_port()}"),
            *("--error-logfile", str(errors), "collector:create_app()"),
        ],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=30,
    )
    deadline = time.monotonic() + 60
    while "Shutting down: Master" not in read(errors) and time.monotonic() < deadline:
        time.sleep(0.2)
    text = read(errors)
    assert "Worker failed to boot" in text
    wanted = "[ERROR] collector: COLLECTOR_RATE_LIMIT must be a whole number from 1 to 10000"
    assert text.count(wanted) == 1, text


def read(path: Path) -> str:
    return path.read_text() if path.exists() else ""


def clear_of_a_mark() -> None:
    """Wait while a ten-minute mark is less than a minute away: the clean-up thread of an
    earlier test's app would say the counts at it, in two lines instead of one."""
    while sweeper.mark_at_or_after(time.time()) - time.time() < 60:
        time.sleep(1)


def test_a_flood_of_posts_from_other_sites_is_one_line_at_the_mark(client, caplog, scheduled):
    """Each refused post was a line (with its second): 10,000 posts, 10,000 lines."""
    clear_of_a_mark()
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        for _ in range(300):
            refused = client.post(
                "/submit/exit-en",
                data=VOLUNTARY,
                headers={"Origin": "https://evil.example", "User-Agent": "SecretBrowser"},
            )
            assert refused.status_code == 403
            assert client.post("/admin/login", data={"password": "guess"}).status_code == 403
        assert caplog.records == []  # nothing at the time of a post
        assert log_counts.say_counted in [task for task, _ in scheduled]
        log_counts.say_counted()  # the next ten-minute mark
    lines = [record.getMessage() for record in caplog.records]
    assert len(lines) == 2, lines
    token, origin = sorted(lines)
    assert "refused a post from a page on another site (the first from 'https://evil.example')" in (
        origin
    )
    assert "pass the Host header on" in origin  # what to do
    assert origin.endswith("(300 times since the last ten-minute mark)")
    assert token == (
        "admin: refused a POST without a valid CSRF token (300 times since the last "
        "ten-minute mark)"
    )
    assert "SecretBrowser" not in caplog.text and "127.0.0.1" not in caplog.text


def test_gunicorn_s_invalid_request_lines_lose_the_address_and_are_counted(app, caplog, scheduled):
    """gunicorn logs 'Invalid request from ip=<address>' for each request it cannot parse:
    a leaver's address without a proxy, and one line per junk request."""
    clear_of_a_mark()
    caplog.clear()
    error_log = logging.getLogger("gunicorn.error")
    with caplog.at_level(logging.WARNING):
        for n in range(500):  # as gunicorn/workers/base.py logs it
            error_log.warning(f"Invalid request from ip=192.0.2.{n % 250}: Invalid HTTP method")
        assert caplog.records == []
        log_counts.say_counted()
    assert len(caplog.records) == 1, caplog.text
    line = caplog.records[0].getMessage()
    assert line.startswith("invalid requests (not HTTP gunicorn can read")
    assert "the first: Invalid HTTP method (500 times since" in line
    assert "192.0.2." not in caplog.text
    error_log.warning("Booting worker with pid: %s", 1)  # gunicorn's other lines pass
    assert "Booting worker" in caplog.text


def test_flask_commands_log_with_level_and_logger_and_no_time(built_site, tmp_path):
    """Off gunicorn (the flask commands, flask run) a line has a level and a logger, and no
    time: Flask's own handler wrote '[<date> <time>,<ms>] WARNING in __init__: ...'."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COLLECTOR_")}
    env.update(
        COLLECTOR_OUTPUT_DIR=str(built_site),
        COLLECTOR_DATA_DIR=str(tmp_path / "data"),
        COLLECTOR_TYPO="1",
    )
    (tmp_path / "data" / "responses").mkdir(parents=True)  # a store: a command makes none
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "collector", "purge", "--older-than", "24"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        input="y\n",
    )
    assert done.returncode == 0, done.stderr
    line = "[WARNING] collector: COLLECTOR_TYPO is not a collector setting (see README.md); ignored"
    assert done.stderr.count(line) == 1, done.stderr
    assert not A_TIME.search(done.stderr)


def test_an_app_made_twice_in_one_process_logs_each_line_once(built_site, tmp_path):
    """The handler is set once per process, not once per app (tests, embedding)."""
    code = (
        "import logging\n"
        "from collector import create_app\n"
        "for n in range(3):\n"
        f"    create_app({{'OUTPUT_DIR': {str(built_site)!r}, "
        f"'DATA_DIR': {str(tmp_path / 'data')!r}}})\n"
        "logging.getLogger('collector.store').warning('said once')\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("COLLECTOR_")}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == "[WARNING] collector.store: said once\n"


def test_what_the_store_finds_while_storing_an_answer_is_said_at_the_mark(
    tmp_path, caplog, scheduled
):
    """A torn tail (a worker killed with -9 mid-append) or a damaged record is found while
    the next leaver's answer is stored: a line then would carry that answer's second."""
    clear_of_a_mark()
    caplog.clear()
    store = ResponseStore(tmp_path / "responses")
    store.add("exit-en", {"answers": {"closing": "first"}}, submission_id="a" * 20, month="2026-11")
    with (tmp_path / "responses" / "exit-en" / "2026-11.jsonl").open("ab") as month:
        # What a writer killed mid-append leaves: a line's CRC, then part of its record.
        month.write(b'0badc0de {"r": {"par')
    later = ResponseStore(tmp_path / "responses")  # another worker
    with caplog.at_level(logging.WARNING):
        for n in range(3):
            later.add("exit-en", {"answers": {}}, submission_id=f"{n}" * 20, month="2026-11")
        assert caplog.records == []
        log_counts.say_counted()  # the next ten-minute mark
    (line,) = [record.getMessage() for record in caplog.records]
    assert "2026-11.jsonl: discarding a torn tail of 20 bytes" in line
    assert line.endswith("(once since the last ten-minute mark)")


def test_a_counted_line_keeps_a_percent_sign_of_its_text(caplog):
    """A path or a reason may hold '%' (a folder named '100%'): said as it is, not as a
    format that fails or swallows it."""
    caplog.set_level(logging.WARNING)
    log = logging.getLogger("collector.test")
    log_counts.at_next_mark(log, logging.WARNING, "cannot read /srv/100%/2026-11.jsonl")
    log_counts.at_next_mark(log, logging.WARNING, "cannot read /srv/100%/2026-11.jsonl")
    log_counts.say_counted()
    assert [r.getMessage() for r in caplog.records] == [
        "cannot read /srv/100%/2026-11.jsonl (2 times since the last ten-minute mark)"
    ]
