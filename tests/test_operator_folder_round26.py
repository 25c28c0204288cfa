"""Round 26: the operator's commands on a wrong or missing data folder, and a data folder
that turns read-only or goes away under a running collector.

1. ``flask --app collector ...`` with ``COLLECTOR_DATA_DIR`` at a wrong path (a typo, a
   disk not mounted yet, an empty folder): export, report and backup made a new, empty
   store there and exited 0 (a nightly backup said "Backed up 0 responses"). Now the
   commands that read, and those that change what is stored, say there is no store there
   and exit 1, creating nothing; set-password and restore still start a new folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from collector.store import ResponseStore
from tests.support.redact import MONTH, fill

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery staple"


def command(site: Path, data: Path, *args: str, stdin: bytes = b"") -> subprocess.CompletedProcess:
    """A ``flask --app collector`` command as the operator runs it, in its own process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COLLECTOR_")}
    env.update(COLLECTOR_OUTPUT_DIR=str(site), COLLECTOR_DATA_DIR=str(data))
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "collector", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        timeout=120,
    )


def tree(folder: Path) -> list[str]:
    """Everything under ``folder``, as the operator's ``find`` lists it."""
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


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
