"""An operator who runs HR commands as root (sudo) against the service user's data folder.

Every file the collector makes in the data folder must stay the service user's: a command
run as root hands what it creates to the folder's owner, and a service that finds files it
cannot write (a root command of an older version, a restore as root) refuses to start with
one line that names them and the fix, instead of failing leavers' posts later.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.hr_area import login, set_password, token
from support.posts import VOLUNTARY, version

from collector import auth, create_app, retention_clock
from collector.store import ResponseStore

ROOT = Path(__file__).resolve().parent.parent
#: ``nobody`` on Debian: a user that is not root and owns nothing.
SERVICE = 65534

#: util-linux's; Python's own ``subprocess.run(user=...)`` cannot exec this venv's python
#: when it links into root's home.
SETPRIV = shutil.which("setpriv") or "setpriv"

as_root = pytest.mark.skipif(os.geteuid() != 0, reason="needs root to play root and a service user")
as_root_with_setpriv = pytest.mark.skipif(
    os.geteuid() != 0 or not shutil.which("setpriv"), reason="needs root and util-linux's setpriv"
)


def owners(folder: Path) -> dict[str, tuple[int, int]]:
    """Every entry under ``folder`` (itself included) with its (uid, gid)."""
    found = {".": (folder.stat().st_uid, folder.stat().st_gid)}
    for path in folder.rglob("*"):
        st = path.lstat()
        found[str(path.relative_to(folder))] = (st.st_uid, st.st_gid)
    return found


@pytest.fixture
def service_folder() -> Iterator[Path]:
    """A folder the service user can reach (pytest's tmp_path is root's, mode 0700)."""
    base = Path(tempfile.mkdtemp(prefix="exit-survey-operator-"))
    base.chmod(0o755)
    data = base / "data"
    data.mkdir(mode=0o700)
    os.chown(data, SERVICE, SERVICE)
    try:
        yield data
    finally:
        subprocess.run(["rm", "-rf", str(base)], check=True)


@as_root
def test_commands_run_as_root_leave_every_file_to_the_folder_owner(
    built_site: Path, service_folder: Path
) -> None:
    app = create_app(
        {
            "TESTING": True,
            "OUTPUT_DIR": built_site,
            "DATA_DIR": service_folder,
            "RATE_LIMIT": 1000,
            "RETENTION_MONTHS": 12,
        }
    )
    client = app.test_client()
    # What a leaver does (a shard, its lock, the rate limit, the form archive) ...
    data = {**VOLUNTARY, "_version": version(app), "_submission": "operator-test-0001"}
    assert client.post("/submit/exit-en", data=data).status_code == 303
    # ... and what root does: a password, a sign-in that fails, one that works, sign-out ...
    assert set_password(app).exit_code == 0
    login(client, "not the password at all")
    assert login(client).status_code == 303
    page = client.get("/admin/")
    assert client.post("/admin/logout", data={"csrf_token": token(page.data)}).status_code == 303
    # ... the retention clock, the shared key, a closed month shuffled and an old one purged.
    retention_clock.mark_clock_seen(app, time.time())
    auth.load_or_create_secret(service_folder / auth.SECRET_FILE)
    store = app.extensions["exit_survey"].store
    store.add("exit-nl", {"a": 1}, submission_id="s1", month="2020-01")
    store.add("exit-nl", {"a": 2}, submission_id="s2", month="2020-02")
    assert store.compact() == 2
    assert store.purge("exit-nl", "2020-02") == 1
    assert ResponseStore(store.directory).count("exit-nl") == 1

    found = owners(service_folder)
    for name in ("admin-password", "secret-key", "retention-clock", "signed-out-sessions"):
        assert name in found
    assert any(name.startswith("limits/sign-in/") for name in found)
    assert "responses/exit-nl/2020-02.jsonl" in found  # the shuffled shard: a new file
    wrong = {name: ids for name, ids in found.items() if ids != (SERVICE, SERVICE)}
    assert wrong == {}


@as_root
def test_a_shuffle_left_behind_by_root_is_handed_over_too(service_folder: Path) -> None:
    store = ResponseStore(service_folder / "responses")
    store.add("exit-en", {"a": 1}, submission_id="s1", month="2020-01")
    leftover = service_folder / "responses" / "exit-en" / "2020-01.shuffle"
    leftover.write_bytes(b"half a shuffle")  # root's, from an interrupted run of old
    assert store.compact() == 1
    assert owners(service_folder / "responses") == {
        ".": (SERVICE, SERVICE),
        "exit-en": (SERVICE, SERVICE),
        "exit-en/store.lock": (SERVICE, SERVICE),
        "exit-en/2020-01.jsonl": (SERVICE, SERVICE),
    }


def start_as_service(data: Path) -> subprocess.CompletedProcess[str]:
    """Load the collector the way gunicorn's worker does, as the service user."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(data.parent),
        "COLLECTOR_DATA_DIR": str(data),
        "COLLECTOR_OUTPUT_DIR": str(data.parent / "output"),
        "COLLECTOR_SECRET_KEY": "x" * 32,
    }
    code = "import collector; collector.create_app(); print('started')"
    drop = [SETPRIV, f"--reuid={SERVICE}", f"--regid={SERVICE}", "--clear-groups"]
    return subprocess.run(
        [*drop, sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@as_root_with_setpriv
def test_the_service_refuses_to_start_with_files_it_cannot_write(service_folder: Path) -> None:
    """Root's files (an old version's sudo command, a restore as root) broke the collector
    later: sign-in (the password file) or every post (a lock file) failed with a 500."""
    assert start_as_service(service_folder).stdout.strip() == "started"
    (service_folder / "admin-password").write_text("hash\n")  # root's, mode 0644
    (service_folder / "admin-password").chmod(0o600)
    locks = service_folder / "responses" / "exit-en"
    locks.mkdir(parents=True)
    os.chown(locks.parent, SERVICE, SERVICE)
    (locks / "store.lock").touch(mode=0o600)

    result = start_as_service(service_folder)

    assert result.returncode == 1, result
    assert "started" not in result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Error: COLLECTOR_DATA_DIR: files in {str(service_folder)!r} ")
    assert "admin-password (root's)" in lines[0]
    assert "responses/exit-en (root's)" in lines[0]  # a folder it cannot enter
    assert f"'chown -R nobody:nogroup {service_folder}'" in lines[0]
    assert "sudo -u nobody" in lines[0]
    assert "Traceback" not in result.stderr

    subprocess.run(["chown", "-R", f"{SERVICE}:{SERVICE}", str(service_folder)], check=True)
    assert start_as_service(service_folder).stdout.strip() == "started"


@as_root_with_setpriv
def test_files_of_another_user_the_service_may_write_are_fine(service_folder: Path) -> None:
    """Owned by someone else but writable (a shared group, a hand-made mode): no error."""
    (service_folder / "signed-out-sessions").touch(mode=0o666)
    (service_folder / "signed-out-sessions").chmod(0o666)
    assert start_as_service(service_folder).stdout.strip() == "started"
