"""Round 26: the operator's commands on a wrong or missing data folder, and a data folder
that turns read-only or goes away under a running collector.

1. ``flask --app collector ...`` with ``COLLECTOR_DATA_DIR`` at a wrong path (a typo, a
   disk not mounted yet, an empty folder): export, report and backup made a new, empty
   store there and exited 0 (a nightly backup said "Backed up 0 responses"). Now the
   commands that read, and those that change what is stored, say there is no store there
   and exit 1, creating nothing; set-password and restore still start a new folder.
2. A data folder that turns read-only (a disk remounted read-only after an error, a
   read-only bind mount, permissions taken away): posts got a 500, a server error. Now
   they get the same 503 "not sent, your answers are kept" as while the folder is gone,
   with one line for the operator and /health saying so.
3. gunicorn's workers all started again (``kill -HUP``) while the folder is away: each new
   worker waited 10 seconds and exited, over and over, and every request hung. Now such a
   worker starts without the folder, refuses posts (503) and fails /health, and ends to be
   started again on the folder once it is back; it never writes in a folder put in its
   place.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import signal
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from collector import create_app
from collector.state import collector_state
from collector.store import ResponseStore
from tests.support.gunicorn import (
    free_port,
    request,
    start_gunicorn,
    stop,
    submit,
    wait_for_loaded,
)
from tests.support.operator_commands import command, tree
from tests.support.posts import stored
from tests.support.redact import MONTH, fill

PASSWORD = "correct horse battery staple"


def wrong_folder(place: Path, kind: str) -> Path:
    """A ``COLLECTOR_DATA_DIR`` that holds no store: mistyped, on a disk not mounted yet (so
    its parents are missing too), or an empty folder."""
    if kind == "typo":
        return place / "dtaa"
    if kind == "not mounted":
        (place / "mnt").mkdir()
        return place / "mnt" / "exit-survey" / "data"
    folder = place / "empty"
    folder.mkdir(mode=0o700)
    return folder


READERS = {
    "export": ["export", "exit-en"],
    "export xlsx": ["export", "exit-en", "--output", "OUT/exit.xlsx"],
    "report": ["report", "exit-en", "--output", "OUT/report.html"],
    "backup": ["backup", "OUT/nightly.tar.gz"],
    "backup to stdout": ["backup", "-"],
}
WRITERS = {
    "purge": (["purge", "--older-than", "24", "--yes"], "nothing was deleted"),
    "redact": (["redact", "0" * 32, "closing", "--yes"], "nothing was changed"),
    "delete-response": (["delete-response", "0" * 32, "--yes"], "nothing was deleted"),
}


@pytest.mark.parametrize("kind", ["typo", "not mounted", "empty"])
@pytest.mark.parametrize("name", list(READERS))
def test_a_command_that_reads_refuses_a_folder_without_a_store_and_makes_nothing(
    built_site: Path, tmp_path: Path, name: str, kind: str
) -> None:
    place = tmp_path / "place"
    place.mkdir()
    data = wrong_folder(place, kind)
    before = tree(place)
    args = [arg.replace("OUT", str(tmp_path)) for arg in READERS[name]]
    done = command(built_site, data, *args)
    assert done.returncode == 1, done.stderr
    error = done.stderr.decode()
    assert error.startswith("Error: nothing was") or error.startswith("Error: no report")
    assert f"COLLECTOR_DATA_DIR: {str(data)!r}" in error
    assert ("holds no response store" if kind == "empty" else "is not there") in error
    assert done.stdout == b""  # not an empty export, not an empty archive
    assert tree(place) == before
    assert tree(tmp_path) == ["place", *(f"place/{entry}" for entry in before)]


@pytest.mark.parametrize("name", list(WRITERS))
def test_a_command_that_changes_the_store_refuses_a_folder_without_one(
    built_site: Path, tmp_path: Path, name: str
) -> None:
    args, unchanged = WRITERS[name]
    data = tmp_path / "dtaa"
    done = command(built_site, data, *args)
    assert done.returncode == 1
    assert done.stderr.decode().startswith(f"Error: {unchanged}: COLLECTOR_DATA_DIR: ")
    assert not data.exists()


def test_a_store_without_answers_is_still_backed_up(built_site: Path, tmp_path: Path) -> None:
    """A collector that started and has no answer yet has a store: its backup is no error."""
    data = tmp_path / "data"
    ResponseStore(data / "responses")
    done = command(built_site, data, "backup", str(tmp_path / "b.tar.gz"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().startswith("Backed up 0 responses")


def test_set_password_on_a_first_start_makes_the_folder_and_says_so(
    built_site: Path, tmp_path: Path
) -> None:
    data = tmp_path / "new"
    done = command(built_site, data, "set-password", "--password-stdin", stdin=PASSWORD.encode())
    assert done.returncode == 0, done.stderr
    assert tree(data) == ["admin-password"]  # no store: the server's first start makes it
    assert f"Note: {data} held no response store" in done.stderr.decode()
    assert "COLLECTOR_DATA_DIR" in done.stderr.decode()
    # The folder it made is a first start's to the server and the commands.
    again = command(built_site, data, "set-password", "--password-stdin", stdin=PASSWORD.encode())
    assert again.returncode == 0, again.stderr


def test_a_refused_password_makes_no_folder(built_site: Path, tmp_path: Path) -> None:
    data = tmp_path / "new"
    done = command(built_site, data, "set-password", "--password-stdin", stdin=b"short")
    assert done.returncode == 1
    assert not data.exists()


def test_restore_into_a_new_folder_makes_the_store(built_site: Path, tmp_path: Path) -> None:
    good = tmp_path / "good"
    fill(ResponseStore(good / "responses"), MONTH, 3)
    archive = tmp_path / "b.tar.gz"
    assert command(built_site, good, "backup", str(archive)).returncode == 0
    data = tmp_path / "mnt" / "new"
    done = command(built_site, data, "restore", str(archive))
    assert done.returncode == 0, done.stderr
    assert "Restored 3 responses" in done.stdout.decode()
    assert f"Note: {data} held no response store" in done.stderr.decode()
    assert ResponseStore(data / "responses", read_only=True).count("exit-en") == 3
    backup = command(built_site, data, "backup", str(tmp_path / "again.tar.gz"))
    assert backup.stdout.decode().startswith("Backed up 3 responses")


# -- 2. The data folder turns read-only under a running collector ---------------------------


def make_app(site: Path, data: Path):
    return create_app({"TESTING": True, "OUTPUT_DIR": site, "DATA_DIR": data, "RATE_LIMIT": 1000})


def post(client, closing: str, *, script: bool = True):
    data = {"departure": "voluntary", "recommend": "8", "closing": closing}
    if script:
        data["_submission"] = uuid.uuid4().hex
        return client.post("/submit/exit-en", data=data, headers={"Accept": "application/json"})
    return client.post("/submit/exit-en", data=data)


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """``folder`` as on a disk ext4 made read-only after an error (``errors=remount-ro``):
    every write in it fails with EROFS, files already open included, while its mount
    options and ``access()`` still say it may be written."""
    inside = str(folder) + os.sep
    real_open, real_write = os.open, os.write
    writing = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC

    def refuse(path: object) -> None:
        if os.fspath(path).startswith(inside):  # type: ignore[arg-type]
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), os.fspath(path))  # type: ignore[arg-type]

    def fake_open(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        if flags & writing:
            refuse(path)
        return real_open(path, flags, *args, **kwargs)

    def fake_write(fd: int, data: bytes) -> int:
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            target = ""  # no file of the folder's
        refuse(target)
        return real_write(fd, data)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "open", fake_open)
        patch.setattr(os, "write", fake_write)
        yield


def test_a_read_only_data_folder_refuses_posts_as_a_folder_gone(
    built_site: Path,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    scheduled: list[tuple[object, float]],
) -> None:
    data = tmp_path / "data"
    app = make_app(built_site, data)
    client = app.test_client()
    assert post(client, "before").status_code == 200
    with read_only(data):
        scripted = post(client, "while-read-only")
        assert scripted.status_code == 503  # was 500: a server error, as for a bug
        assert scripted.get_json()["ok"] is False
        plain = post(client, "while-read-only-plain", script=False)
        assert plain.status_code == 503
        assert "were not sent" in plain.get_data(as_text=True)
        # Nothing said at the leaver's second: at the next ten-minute mark.
        assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
        assert scheduled
        health = client.get("/health")
        assert health.status_code == 503
        reason = health.get_json()["reason"]
        assert reason.startswith("the data folder cannot be written (Read-only file system)")
        assert str(data) not in reason  # /health is public: the path is for the log
        said = [r for r in caplog.records if r.levelno >= logging.WARNING]
        assert len(said) == 1 and said[0].levelno == logging.ERROR
        line = said[0].getMessage()
        assert f"COLLECTOR_DATA_DIR {str(data)!r} cannot be written" in line
        assert "exit-en" not in line and "while-read-only" not in line
    assert client.get("/health").status_code == 200
    assert "is back" in caplog.records[-1].getMessage()
    assert post(client, "after").status_code == 200
    closing = sorted(r["answers"]["closing"] for r in stored(app))
    assert closing == ["after", "before"]
    collector_state(app).store.close()


def test_one_file_of_roots_is_still_no_folder_problem(
    built_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file left to root by a command run with sudo is the file's problem: /health names
    it (round 20), and the folder is not taken for a read-only one."""
    data = tmp_path / "data"
    app = make_app(built_site, data)
    client = app.test_client()
    assert post(client, "before").status_code == 200
    lock = str(data / "responses" / "exit-en" / "store.lock")
    real_open = os.open

    def fake_open(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        if os.fspath(path) == lock:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), lock)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)
    health = client.get("/health")
    assert health.status_code == 503
    assert health.get_json()["reason"] == "exit-en/store.lock cannot be written (Permission denied)"


# -- 3. gunicorn's workers all started again while the folder is away ------------------------


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.slow
def test_a_reload_while_the_folder_is_away_answers_503_and_takes_it_back(
    built_site: Path, tmp_path: Path
) -> None:
    """``kill -HUP`` (a reload, logrotate's postrotate) while the folder was away: every
    new worker waited 10 seconds and exited, over and over, and every request hung."""
    data = tmp_path / "data"
    port = free_port()
    server = start_gunicorn(built_site, data, port, workers=2, loaded=tmp_path / "loaded")
    errors = ""
    try:
        assert submit(port, uuid.uuid4().hex, "before") == 303
        first = wait_for_loaded(tmp_path / "loaded", server.pid, 2)  # past create_app in both
        assert list(data.glob(".workers-of-*"))
        moved = tmp_path / "moved"
        data.rename(moved)
        data.mkdir()  # an empty folder in its place, which no worker may take
        os.kill(server.pid, signal.SIGHUP)
        deadline = time.monotonic() + 30
        while any(_alive(pid) for pid in first):
            assert time.monotonic() < deadline, "the first workers did not end"
            time.sleep(0.1)
        # Answered at once by the new workers (a request hung before, until its timeout).
        assert {submit(port, uuid.uuid4().hex, "while-away") for _ in range(8)} == {503}
        health = [request(port, "GET", "/health") for _ in range(4)]
        assert {status for status, _ in health} == {503}
        assert all(b"first workers opened" in body for _, body in health)
        assert list(data.iterdir()) == []
        data.rmdir()
        moved.rename(data)
        deadline = time.monotonic() + 30
        while request(port, "GET", "/health")[0] != 200:
            assert time.monotonic() < deadline, "the folder was not taken back"
            time.sleep(0.2)
        # One worker answering 200 does not mean the other is back yet: a worker started
        # without its folder looks every few seconds, then starts again on it (CI found a
        # 503 right after the 200). Refused posts store nothing; within seconds every post
        # is taken (six in a row: with two workers, hardly ever all the same one).
        after: list[int] = []
        deadline = time.monotonic() + 30
        while after[-6:] != [303] * 6:
            after.append(submit(port, uuid.uuid4().hex, "after"))
            assert time.monotonic() < deadline, f"not every worker took the folder back: {after}"
        assert set(after) <= {303, 503}
    finally:
        errors = stop(server)
    closing = sorted(
        r["answers"]["closing"] for r in ResponseStore(data / "responses").responses("exit-en")
    )
    assert closing == ["after"] * after.count(303) + ["before"]
    assert "a worker started again while the server runs takes no other folder" in errors
