"""Round 20: an operator deploys, runs out of disk, rebuilds, restores and sets it up from
the environment.

What a full disk, a cut-off backup archive or an empty setting did: a form page that
answered 500 (and a post whose connection was dropped, with no answer at all) after HR
rebuilt while the disk was full, a collector that would not start, a restore that ended
in a traceback or a bare "Aborted!", and answers stored in a folder nobody backs up.
"""

from __future__ import annotations

import errno
import gzip
import logging
import os
import shutil
import tarfile
import time
from pathlib import Path

import pytest

import collector.forms
import collector.store_backup
import collector.store_backup_reader
from collector import ConfigError, create_app
from collector.builder import build_site
from collector.config import load_config
from collector.store import StoreError

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "questionnaires"
NOT_SENT = "Something went wrong on our side"
JSON = {"Accept": "application/json"}
MONTH = time.strftime("%Y-%m", time.gmtime())


def answer(version: str, submission: str) -> dict[str, str]:
    return {"_version": version, "_submission": submission, "departure": "voluntary"}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """The examples, built into a folder of this test's own (it is rebuilt)."""
    shutil.copytree(EXAMPLES, tmp_path / "questionnaires")
    build_site(tmp_path / "questionnaires", tmp_path / "output")
    return tmp_path / "output"


def rebuild_with_a_reworded_question(site: Path) -> str:
    """HR rewords a question and rebuilds: a new version of exit-en. Returns it."""
    source = site.parent / "questionnaires" / "exit-en.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(
        text.replace("Is there anything else you would like to tell us?", "Anything else?"),
        encoding="utf-8",
    )
    build_site(site.parent / "questionnaires", site)
    return collector.forms.form_from_json((site / "exit-en" / "form.json").read_text()).version


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Archiving a form version writes to /dev/full (ENOSPC) while ``[True]``."""
    state = [True]
    real = collector.forms.open_file

    def open_file(path: str, flags: int, create: bool) -> tuple[int, bool]:
        fd, created = real(path, flags, create)
        if not state[0]:
            return fd, created
        os.close(fd)
        return os.open("/dev/full", os.O_WRONLY | os.O_CLOEXEC), created

    monkeypatch.setattr(collector.forms, "open_file", open_file)
    return state


def test_a_rebuild_on_a_full_disk_shows_the_form_and_refuses_answers_honestly(
    site, tmp_path, full_disk, caplog
):
    """The disk filled up, then HR rebuilt: the new version could not be archived. The
    form page must still show, a post must get the not-sent answer (not a dropped
    connection), and nothing may be stored until its version is kept; then it is."""
    full_disk[0] = False
    app = create_app({"TESTING": True, "OUTPUT_DIR": site, "DATA_DIR": tmp_path / "data"})
    client = app.test_client()
    version = rebuild_with_a_reworded_question(site)
    full_disk[0] = True
    caplog.set_level(logging.WARNING)

    assert client.get("/exit-en/", buffered=True).status_code == 200
    sent = client.post("/submit/exit-en", data=answer(version, "a" * 32), headers=JSON)
    assert sent.status_code == 500 and NOT_SENT in sent.json["error"]
    page = client.post("/submit/exit-en", data=answer(version, "a" * 32))
    assert page.status_code == 500 and b"were not sent" in page.data
    store = app.extensions["exit_survey"].store
    assert store.count("exit-en") == 0
    archive = tmp_path / "data" / "forms" / "exit-en"
    assert sorted(p.name for p in archive.iterdir() if p.name.startswith(".")) == []
    warnings = [r.getMessage() for r in caplog.records if "cannot archive" in r.getMessage()]
    assert len(warnings) == 1 and "No space left on device" in warnings[0]

    full_disk[0] = False  # room again: the same post is stored, with its version kept
    sent = client.post("/submit/exit-en", data=answer(version, "a" * 32), headers=JSON)
    assert sent.status_code == 200
    assert (archive / f"{version}.json").is_file()
    assert [doc["version"] for doc in store.responses("exit-en")] == [version]


def test_a_collector_starts_on_a_full_disk_and_says_why_answers_wait(site, tmp_path, full_disk):
    """Started with a version it cannot archive (a full disk): it starts, and /health says
    the disk is the problem, rather than every worker failing to boot with a traceback."""
    app = create_app({"TESTING": True, "OUTPUT_DIR": site, "DATA_DIR": tmp_path / "data"})
    assert app.test_client().get("/exit-nl/", buffered=True).status_code == 200
    assert not (tmp_path / "data" / "forms" / "exit-nl").is_dir() or not any(
        (tmp_path / "data" / "forms" / "exit-nl").iterdir()
    )


def test_a_file_size_limit_gets_the_not_sent_answer(app, client, monkeypatch):
    """A file size limit (ulimit -f, systemd's LimitFSIZE=) is a full disk to the leaver."""
    store = app.extensions["exit_survey"].store

    def too_large(*args, **kwargs):
        raise StoreError("cannot store") from OSError(errno.EFBIG, "File too large")

    monkeypatch.setattr(store, "add", too_large)
    version = app.extensions["exit_survey"].forms.current("exit-en").version
    sent = client.post("/submit/exit-en", data=answer(version, "b" * 32), headers=JSON)
    assert sent.status_code == 500 and NOT_SENT in sent.json["error"]


# -- restores from archives that are cut off or damaged, and onto a full disk -------------


@pytest.fixture
def archive(app, tmp_path) -> Path:
    """A backup archive of one answer, made with the command."""
    app.extensions["exit_survey"].store.add(
        "exit-en", {"n": 1}, submission_id="s" * 32, month=MONTH
    )
    path = tmp_path / "backup.tar.gz"
    result = app.test_cli_runner().invoke(args=["backup", str(path)])
    assert result.exit_code == 0, result.output
    return path


def cut_off(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def damaged(path: Path) -> None:
    """Bytes in the middle of the compressed stream changed, as a bad copy does."""
    raw = gzip.decompress(path.read_bytes())
    data = bytearray(gzip.compress(raw, mtime=0))
    middle = len(data) // 2
    data[middle : middle + 16] = bytes(b ^ 0xFF for b in data[middle : middle + 16])
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("spoil", [cut_off, damaged])
def test_restoring_a_spoilt_archive_says_so_in_one_line(built_site, tmp_path, archive, spoil):
    spoil(archive)
    fresh = create_app({"TESTING": True, "OUTPUT_DIR": built_site, "DATA_DIR": tmp_path / "fresh"})
    result = fresh.test_cli_runner().invoke(args=["restore", str(archive)])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Aborted" not in result.output
    assert f"Error: {archive}" in result.output or f"cannot read {archive}" in result.output
    assert fresh.extensions["exit_survey"].store.count("exit-en") == 0


def test_a_cut_off_archive_is_named_as_cut_off(built_site, tmp_path, archive):
    cut_off(archive)
    fresh = create_app({"TESTING": True, "OUTPUT_DIR": built_site, "DATA_DIR": tmp_path / "fresh"})
    result = fresh.test_cli_runner().invoke(args=["restore", str(archive)])
    assert f"Error: {archive} is not a whole backup archive" in result.output
    assert "cut off or damaged" in result.output


def test_a_restore_onto_a_full_disk_says_so(built_site, tmp_path, archive, monkeypatch):
    """The restore unpacks each month into the data folder first: no room is an error
    line naming the disk, not a traceback."""
    fresh = create_app({"TESTING": True, "OUTPUT_DIR": built_site, "DATA_DIR": tmp_path / "fresh"})
    monkeypatch.setattr(
        collector.store_backup_reader.tempfile,
        "TemporaryFile",
        lambda dir: open("/dev/full", "r+b"),  # noqa: SIM115
    )
    result = fresh.test_cli_runner().invoke(args=["restore", str(archive)])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Error: cannot unpack responses/exit-en/" in result.output
    assert "No space left on device" in result.output


def test_a_damaged_header_restores_nothing_instead_of_the_part_before_it(built_site, tmp_path):
    """tarfile reads a damaged header as the archive's end: the restore added the months
    before it, left out the rest and said it was done."""
    app = create_app({"TESTING": True, "OUTPUT_DIR": built_site, "DATA_DIR": tmp_path / "data"})
    store = app.extensions["exit_survey"].store
    for n, month in enumerate(["2026-01", "2026-02", "2026-03"]):
        store.add("exit-en", {"n": n}, submission_id=f"sid-{n:029d}", month=month)
    archive = tmp_path / "backup.tar"
    assert app.test_cli_runner().invoke(args=["backup", str(archive)]).exit_code == 0
    with tarfile.open(archive) as tar:
        last = [m for m in tar.getmembers() if m.name.endswith(".jsonl")][-1]
    data = bytearray(archive.read_bytes())
    data[last.offset : last.offset + 8] = b"damaged!"  # its name: the checksum fails
    archive.write_bytes(bytes(data))

    fresh = create_app({"TESTING": True, "OUTPUT_DIR": built_site, "DATA_DIR": tmp_path / "new"})
    result = fresh.test_cli_runner().invoke(args=["restore", str(archive)])
    assert result.exit_code == 1
    assert f"Error: {archive} is not a whole backup archive" in result.output
    assert fresh.extensions["exit_survey"].store.count("exit-en") == 0


# -- settings: set, but to nothing ----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "default"), [("COLLECTOR_DATA_DIR", "data"), ("COLLECTOR_OUTPUT_DIR", "output")]
)
@pytest.mark.parametrize("value", ["", "  ", "\r"])
def test_an_empty_folder_setting_stops_the_collector(name, default, value):
    """An environment file or compose template whose variable was never filled in: the
    answers would go to a folder relative to wherever the server started."""
    with pytest.raises(ConfigError) as caught:
        load_config({name: value})
    assert caught.value.problems == [
        f"{name} is set but empty: give the folder, or remove the setting to use "
        f"{default!r} in the working directory"
    ]


def test_unset_folder_settings_keep_their_defaults():
    config = load_config({})
    assert (config["DATA_DIR"], config["OUTPUT_DIR"]) == (Path("data"), Path("output"))


# -- files replaced whole on a disk that fills up -----------------------------------------


def temporary(fd: int) -> bool:
    """Whether ``fd`` is one of the temporary files a whole file is written to first."""
    return os.readlink(f"/proc/self/fd/{fd}").endswith(".tmp")


@pytest.fixture
def half_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A write to a temporary file takes half of what it is given and reports no error,
    as os.write does on a disk that fills up half-way."""
    real = os.write

    def write(fd: int, data) -> int:
        if len(data) > 1 and temporary(fd):
            return real(fd, bytes(data[: len(data) // 2]))
        return real(fd, data)

    monkeypatch.setattr(os, "write", write)


@pytest.fixture
def no_room(monkeypatch: pytest.MonkeyPatch) -> None:
    """Writes to temporary files fail: the disk is full."""
    real = os.write

    def write(fd: int, data) -> int:
        if temporary(fd):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(fd, data)

    monkeypatch.setattr(os, "write", write)


def stored_id(app, client) -> str:
    version = app.extensions["exit_survey"].forms.current("exit-en").version
    assert client.post("/submit/exit-en", data=answer(version, "c" * 32)).status_code == 303
    (doc,) = app.extensions["exit_survey"].store.responses("exit-en")
    return doc["id"]


def test_hrs_removal_list_is_never_cut_short(app, client, half_writes):
    """The list a restore relies on to keep a deleted response out: cut short, it lost
    its last entries (or could no longer be read at all)."""
    doc_id = stored_id(app, client)
    result = app.test_cli_runner().invoke(args=["delete-response", doc_id, "--yes"])
    assert result.exit_code == 0, result.output
    listed = Path(app.config["DATA_DIR"], "responses", "exit-en", "removed-by-hr")
    assert listed.read_text() == f"{doc_id} deleted\n"


def test_a_restored_form_version_is_never_cut_short(app, client, tmp_path, half_writes):
    stored_id(app, client)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["backup", str(tmp_path / "b.tar")]).exit_code == 0
    empty = tmp_path / "no-build"
    empty.mkdir()
    fresh = create_app({"TESTING": True, "OUTPUT_DIR": empty, "DATA_DIR": tmp_path / "new"})
    result = fresh.test_cli_runner().invoke(args=["restore", str(tmp_path / "b.tar")])
    assert result.exit_code == 0, result.output
    versions = sorted((tmp_path / "new" / "forms").glob("*/*.json"))
    originals = sorted(Path(app.config["DATA_DIR"], "forms").glob("*/*.json"))
    assert [p.read_bytes() for p in versions] == [p.read_bytes() for p in originals]


def test_set_password_on_a_full_disk_keeps_the_old_one_and_says_so(app, request):
    from collector import auth

    runner = app.test_cli_runner()
    old, new = "correct horse battery", "staple the old horse"
    assert runner.invoke(args=["set-password", "--password-stdin"], input=old).exit_code == 0
    request.getfixturevalue("no_room")
    result = runner.invoke(args=["set-password", "--password-stdin"], input=new)
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), result.exception
    assert "(No space left on device): the password was not changed" in result.output
    assert [p.name for p in Path(app.config["DATA_DIR"]).iterdir() if ".tmp" in p.name] == []
    with app.app_context():
        assert auth.password_matches(app, old) and not auth.password_matches(app, new)


def test_a_backup_with_no_room_on_the_data_disk_names_that_disk(app, client, tmp_path, monkeypatch):
    """The backup shuffles each month into a copy on the data folder's disk: when that
    disk is full it said the backup's own file could not be written, 'choose a folder on
    another disk', which would not help."""
    stored_id(app, client)
    monkeypatch.setattr(
        collector.store_backup.tempfile,
        "TemporaryFile",
        lambda dir: open("/dev/full", "r+b"),  # noqa: SIM115
    )
    target = tmp_path / "elsewhere" / "b.tar.gz"
    target.parent.mkdir()
    result = app.test_cli_runner().invoke(args=["backup", str(target)])
    assert result.exit_code == 1
    assert "Error: nothing was backed up: cannot make the copy of " in result.output
    assert f"for the backup in {app.config['DATA_DIR']}" in result.output
    assert "another disk" not in result.output and not target.exists()
