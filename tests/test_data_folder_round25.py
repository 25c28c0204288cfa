"""Round 25: the data folder disappears under a running collector.

An operator moves, renames or deletes the data folder, puts an empty one (or a link to
another) in its place, or its disk is unmounted, while the collector runs. Before, the
collector made limits/ and forms/ again there, a command (a nightly backup) made a new
store, the running workers acknowledged answers in it, and after a restart a new, empty
store started without a word: HR saw an empty report, and the answers were in a folder no
backup knew. Real folders, real moves; one test with a real gunicorn.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from collector import ConfigError, create_app
from tests.support.gunicorn import HOOKS_CONFIG, free_port, wait_for_loaded

ANSWERS = {"departure": "voluntary", "recommend": "8"}
SCRIPT = {"Accept": "application/json"}


def make_app(site: Path, data: Path):
    return create_app({"TESTING": True, "OUTPUT_DIR": site, "DATA_DIR": data, "RATE_LIMIT": 1000})


def post(client, closing: str, *, script: bool = True):
    """A post as the page's script sends it (its own submission id, JSON back), or as a
    browser without JavaScript does."""
    data = {**ANSWERS, "closing": closing}
    if script:
        data["_submission"] = uuid.uuid4().hex
        return client.post("/submit/exit-en", data=data, headers=SCRIPT)
    return client.post("/submit/exit-en", data=data)


def stored(data: Path) -> list[str]:
    """The closing words of every answer in ``data``'s exit-en shards, sorted."""
    words = []
    for shard in sorted((data / "responses" / "exit-en").glob("*.jsonl")):
        for line in shard.read_text().splitlines():
            record = json.loads(line.split(" ", 1)[1]).get("r")
            if record:
                words.append(record["answers"].get("closing", ""))
    return sorted(words)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.mark.parametrize("how", ["mv", "rm", "empty", "link", "responses"])
def test_no_answer_is_taken_while_the_data_folder_is_not_the_one_opened(
    built_site: Path, data: Path, tmp_path: Path, how: str, caplog: pytest.LogCaptureFixture
) -> None:
    app = make_app(built_site, data)
    client = app.test_client()
    assert post(client, "before").status_code == 200
    assert post(client, "before-plain", script=False).status_code == 303
    moved = tmp_path / "moved"
    elsewhere = tmp_path / "elsewhere"
    if how == "rm":
        shutil.copytree(data, moved)
        shutil.rmtree(data)
    elif how == "responses":
        (data / "responses").rename(moved)
        (data / "responses").mkdir()  # a folder made again by hand, empty
    else:
        data.rename(moved)
        if how == "empty":
            data.mkdir()
        elif how == "link":
            (elsewhere / "responses").mkdir(parents=True)
            data.symlink_to(elsewhere)

    scripted = post(client, "while-gone")
    assert scripted.status_code == 503
    assert scripted.get_json()["ok"] is False
    plain = post(client, "while-gone-plain", script=False)
    assert plain.status_code == 503
    assert "were not sent" in plain.get_data(as_text=True)
    health = client.get("/health")
    assert health.status_code == 503
    reason = health.get_json()["reason"]
    # /health needs no sign-in: the folder's path is for the log only (review, round 25).
    assert reason.startswith("the data folder ") and str(data) not in reason
    hr = client.get("/admin/login")
    assert hr.status_code == 503
    assert "cannot be reached now" in hr.get_data(as_text=True)
    # Nothing made in its place: no limits/, no forms/, no store a restart would take.
    if how in ("mv", "rm"):
        assert not data.exists()
    elif how == "empty":
        assert list(data.iterdir()) == []
    elif how == "link":
        assert [p.name for p in elsewhere.iterdir()] == ["responses"]
        assert list((elsewhere / "responses").iterdir()) == []
    else:
        assert list((data / "responses").iterdir()) == []
    # One line for the operator, naming the folder, at /health (monitoring, not a leaver).
    said = [r for r in caplog.records if r.name == "collector.data_folder"]
    assert len(said) == 1 and said[0].levelno == logging.ERROR
    assert repr(str(data)) in said[0].getMessage()

    if how in ("mv", "empty", "link"):  # the folder itself comes back: taken again
        if data.is_symlink() or data.is_dir():
            data.unlink() if data.is_symlink() else data.rmdir()
        moved.rename(data)
        assert client.get("/health").status_code == 200
        assert post(client, "after").status_code == 200
        assert stored(data) == ["after", "before", "before-plain"]
        assert "is back" in caplog.records[-1].getMessage()
    elif how == "responses":
        shutil.rmtree(data / "responses")
        moved.rename(data / "responses")
        assert post(client, "after").status_code == 200
        assert stored(data) == ["after", "before", "before-plain"]
    app.extensions["exit_survey"].store.close()


def test_a_post_refused_for_the_folder_is_not_counted_against_the_leaver(
    built_site: Path, data: Path, tmp_path: Path
) -> None:
    """The leaver is told to send again later: the refused tries must not use up the rate
    limit, or the try that would be stored is refused as too many."""
    app = create_app({"TESTING": True, "OUTPUT_DIR": built_site, "DATA_DIR": data, "RATE_LIMIT": 2})
    client = app.test_client()
    data.rename(tmp_path / "moved")
    assert [post(client, f"try-{n}").status_code for n in range(5)] == [503] * 5
    (tmp_path / "moved").rename(data)
    assert post(client, "stored").status_code == 200
    app.extensions["exit_survey"].store.close()


def test_a_start_on_a_folder_whose_answers_are_gone_is_refused(
    built_site: Path, data: Path, tmp_path: Path
) -> None:
    app = make_app(built_site, data)
    assert post(app.test_client(), "kept").status_code == 200
    app.extensions["exit_survey"].store.close()
    # The answers went (a folder moved, a disk not mounted); what else a run left stays.
    (data / "responses").rename(tmp_path / "responses")
    with pytest.raises(ConfigError) as refused:
        make_app(built_site, data)
    message = str(refused.value)
    assert str(data) in message and "no responses/ folder" in message
    assert not (data / "responses").exists()
    # The operator's way to start empty on purpose, as the message says.
    (data / "responses").mkdir(mode=0o700)
    make_app(built_site, data).extensions["exit_survey"].store.close()


def test_form_versions_put_in_place_before_a_first_start_are_no_earlier_run(
    built_site: Path, data: Path
) -> None:
    (data / "forms" / "exit-en").mkdir(parents=True)
    make_app(built_site, data).extensions["exit_survey"].store.close()
    assert (data / "responses").is_dir()


def test_a_link_to_a_folder_that_is_not_there_is_refused(built_site: Path, tmp_path: Path) -> None:
    """A data folder on another disk, linked: with the disk not mounted, the collector
    made the link's target, a new store on the wrong disk, or said only 'File exists'."""
    link = tmp_path / "data"
    link.symlink_to(tmp_path / "disk" / "exit-survey")
    with pytest.raises(ConfigError) as refused:
        make_app(built_site, link)
    assert "which is not there" in str(refused.value)
    assert not (tmp_path / "disk").exists()


def test_a_first_start_is_said_once_and_is_no_error(
    built_site: Path, data: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="collector")
    make_app(built_site, data).extensions["exit_survey"].store.close()
    new = [r for r in caplog.records if "new, empty response store" in r.getMessage()]
    assert len(new) == 1 and new[0].levelno == logging.INFO
    caplog.clear()
    make_app(built_site, data).extensions["exit_survey"].store.close()
    assert not [r for r in caplog.records if "new, empty response store" in r.getMessage()]


# -- under gunicorn with two workers, as operators run it --------------------------------


def _request(port: int, method: str, path: str, body: str = "") -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        headers = {"Content-Type": "application/x-www-form-urlencoded", **SCRIPT}
        connection.request(method, path, body=body or None, headers=headers)
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def _post(port: int, closing: str) -> int:
    body = urllib.parse.urlencode({**ANSWERS, "closing": closing, "_submission": closing})
    return _request(port, "POST", "/submit/exit-en", body)[0]


def _loaded(data: Path) -> Path:
    return data.parent / "loaded"


@contextlib.contextmanager
def _gunicorn(site: Path, data: Path) -> Iterator[tuple[int, int, list[str]]]:
    """gunicorn with two workers, as the README runs it: (its pid, its port, the lines of
    its log so far)."""
    port = free_port()
    env = {
        **os.environ,
        "COLLECTOR_OUTPUT_DIR": str(site),
        "COLLECTOR_DATA_DIR": str(data),
        "COLLECTOR_RATE_LIMIT": "10000",
    }
    # Each worker says when it has loaded the collector, in the folder beside ``data``.
    env["EXIT_SURVEY_TEST_LOADED"] = str(_loaded(data))
    _loaded(data).mkdir(exist_ok=True)
    command = [sys.executable, "-m", "gunicorn", "--workers", "2", "--graceful-timeout", "1"]
    command += ["--config", str(HOOKS_CONFIG), "--bind", f"127.0.0.1:{port}"]
    command += ["--no-control-socket", "collector:create_app()"]
    server = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    lines: list[str] = []
    assert server.stderr is not None
    reader = threading.Thread(target=lambda: lines.extend(server.stderr), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(OSError):
                if _request(port, "GET", "/health")[0] == 200:
                    break
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.1)
        yield server.pid, port, lines
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
        reader.join(timeout=10)
        server.stderr.close()


@pytest.mark.slow
def test_gunicorn_workers_refuse_while_the_folder_is_moved_away(
    built_site: Path, data: Path, tmp_path: Path
) -> None:
    with _gunicorn(built_site, data) as (master, port, log):
        ids = [uuid.uuid4().hex for _ in range(6)]
        assert [_post(port, i) for i in ids[:2]] == [200, 200]
        # Both workers started (a worker still starting would take the empty folder as a
        # first start's: the case the rest of this module is about, not this one).
        wait_for_loaded(_loaded(data), master, 2)
        assert list(data.glob(".workers-of-*"))
        data.rename(tmp_path / "moved")
        data.mkdir()  # an empty folder in its place
        # Many posts, so that both workers get some: every one refused.
        assert {_post(port, uuid.uuid4().hex) for _ in range(12)} == {503}
        assert {_request(port, "GET", "/health")[0] for _ in range(6)} == {503}
        assert list(data.iterdir()) == []
        data.rmdir()
        (tmp_path / "moved").rename(data)
        assert [_post(port, i) for i in ids[2:]] == [200] * 4
        assert stored(data) == sorted(ids)
    said = f"COLLECTOR_DATA_DIR {str(data)!r} is not the folder the collector opened"
    assert any(said in line for line in log)


@pytest.mark.slow
def test_a_worker_started_again_meanwhile_makes_no_new_store(
    built_site: Path, data: Path, tmp_path: Path
) -> None:
    """gunicorn starts a worker again when one dies or times out. Started while the folder
    was away, it made a new store in its place and acknowledged half the posts there."""
    with _gunicorn(built_site, data) as (master, port, log):
        ids = [uuid.uuid4().hex for _ in range(4)]
        assert [_post(port, i) for i in ids[:2]] == [200, 200]
        first = wait_for_loaded(_loaded(data), master, 2)  # one worker goes on serving
        assert list(data.glob(".workers-of-*"))  # the first workers noted it
        data.rename(tmp_path / "moved")
        os.kill(first[0], signal.SIGKILL)
        waiting = "a worker started again while the server runs takes no other folder"
        deadline = time.monotonic() + 30
        while not any(waiting in line for line in log):  # the new worker looked
            assert time.monotonic() < deadline, "no worker was started again"
            time.sleep(0.1)
        assert {_post(port, uuid.uuid4().hex) for _ in range(12)} == {503}
        assert not data.exists()
        (tmp_path / "moved").rename(data)
        deadline = time.monotonic() + 30
        while sum("Booting worker" in line for line in log) < 4:  # it gave up and came back
            assert time.monotonic() < deadline, "the worker was not started again"
            time.sleep(0.2)
        assert [_post(port, i) for i in ids[2:]] == [200, 200]
        assert stored(data) == sorted(ids)


@pytest.mark.slow
def test_a_worker_started_again_takes_no_replacement_folder(
    built_site: Path, data: Path, tmp_path: Path
) -> None:
    """Review of round 25: a worker started again checked only that responses/ was there,
    so with another folder holding one in its place (a copy, the folder under an unmounted
    disk, an operator's mkdir) it acknowledged answers in it while the first workers
    refused theirs, and /health said ok half the time. It must take only the folder the
    server's first workers opened."""
    with _gunicorn(built_site, data) as (master, port, log):
        ids = [uuid.uuid4().hex for _ in range(4)]
        assert [_post(port, i) for i in ids[:2]] == [200, 200]
        first = wait_for_loaded(_loaded(data), master, 2)
        assert list(data.glob(".workers-of-*"))  # the first workers noted it
        data.rename(tmp_path / "moved")
        (data / "responses").mkdir(parents=True)  # another folder, with a store's folder
        os.kill(first[0], signal.SIGKILL)
        waiting = "a worker started again while the server runs takes no other folder"
        deadline = time.monotonic() + 30
        while not any(waiting in line for line in log):
            assert time.monotonic() < deadline, "no worker was started again" + "".join(log[-15:])
            time.sleep(0.1)
        assert {_post(port, uuid.uuid4().hex) for _ in range(12)} == {503}
        assert list((data / "responses").iterdir()) == []
        shutil.rmtree(data)
        (tmp_path / "moved").rename(data)
        deadline = time.monotonic() + 30
        while sum("Booting worker" in line for line in log) < 4:
            assert time.monotonic() < deadline, "the worker was not started again"
            time.sleep(0.2)
        assert [_post(port, i) for i in ids[2:]] == [200, 200]
        assert stored(data) == sorted(ids)


def test_a_form_page_opened_while_the_folder_is_away_writes_nothing_in_its_place(
    data: Path, tmp_path: Path
) -> None:
    """Review of round 25: a form page's new version (HR rebuilt) is archived when the page
    is handed out; with the folder away, that made forms/ in the empty folder in its place."""
    from collector.builder import build_site

    sources, site = tmp_path / "questionnaires", tmp_path / "site"
    shutil.copytree(Path(__file__).resolve().parent.parent / "questionnaires", sources)
    build_site(sources, site)
    client = make_app(site, data).test_client()
    assert post(client, "before").status_code == 200
    data.rename(tmp_path / "moved")
    data.mkdir()
    english = sources / "exit-en.md"
    english.write_text(english.read_text().replace("Select all that apply", "Pick any"))
    build_site(sources, site)  # a new version of exit-en
    assert client.get("/exit-en/").status_code == 200
    assert list(data.iterdir()) == []
    data.rmdir()
    (tmp_path / "moved").rename(data)
    assert client.get("/exit-en/").status_code == 200  # back: the new version is archived
    assert len(list((data / "forms" / "exit-en").glob("*.json"))) == 2
