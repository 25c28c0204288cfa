"""Round 22: follow-ups earlier reviews left open.

Files HR asks a command to write are on disk (file, then folder) before the command says
so; the reading commands run on a data folder they may not write (a snapshot, another
user's files) and the writing ones refuse there, naming it; ``--help`` prints only the
help; and ``report --min-group`` can only raise the operator's smallest group.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from collector import create_app
from collector.store import ResponseStore, StoreError
from collector.store_writer import SlugLog
from tests.conftest import ROOT

PASSWORD = "correct horse battery staple"
SETPRIV = shutil.which("setpriv")


def make_app(output: Path, data: Path, **config) -> object:
    return create_app(
        {"TESTING": True, "OUTPUT_DIR": output, "DATA_DIR": data, "RATE_LIMIT": 1000, **config}
    )


def answer(app, submission: str) -> None:
    version = app.extensions["exit_survey"].forms.current("exit-en").version
    response = app.test_client().post(
        "/submit/exit-en",
        data={
            "_version": version,
            "_submission": submission,
            "departure": "voluntary",
            "recommend": "8",
            "closing": "Thanks for the years.",
        },
    )
    assert response.status_code == 303


@pytest.fixture
def answered(built_site: Path, tmp_path: Path):
    """A collector with six answers to exit-en."""
    app = make_app(built_site, tmp_path / "data")
    for n in range(6):
        answer(app, f"round22-answer-{n:04d}")
    return app


# -- 1. Files written by export, report and backup are durable before "Wrote ..." ---------


@pytest.fixture
def disk_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every fsync (with the path of what was synced) and rename, in order."""
    calls: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        calls.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def replace(src, dst, **kwargs) -> None:
        real_replace(src, dst, **kwargs)
        calls.append(("replace", os.path.abspath(dst)))

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    return calls


def synced_before_and_after(calls: list[tuple[str, str]], target: Path) -> bool:
    """True when ``target``'s data was fsync'd under its temporary name, then renamed to
    ``target``, then its folder fsync'd: nothing a crash could leave empty or cut off."""
    renamed = calls.index(("replace", str(target)))
    partial = f"{target.parent}/.{target.name}."
    data_synced = any(
        kind == "fsync" and path.startswith(partial) and path.endswith(".part")
        for kind, path in calls[:renamed]
    )
    return data_synced and ("fsync", str(target.parent)) in calls[renamed + 1 :]


@pytest.mark.parametrize(
    ("args", "written"),
    [
        (["export", "exit-en", "--output", "{d}/exit.csv"], ["exit.csv"]),
        (["export", "exit-en", "--format", "json", "--output", "{d}/exit.json"], ["exit.json"]),
        (
            ["export", "exit-en", "--output", "{d}/exit.xlsx", "--codebook", "{d}/code.xlsx"],
            ["exit.xlsx", "code.xlsx"],
        ),
        (
            ["export", "exit-nl", "--excel-nl", "--output", "{d}/v.csv", "--codebook", "{d}/c.csv"],
            ["v.csv", "c.csv"],
        ),
        (["report", "exit-en", "--output", "{d}/report.html"], ["report.html"]),
        (["backup", "{d}/backup.tar.gz"], ["backup.tar.gz"]),
    ],
)
def test_a_written_file_is_on_disk_before_the_command_says_so(
    answered, tmp_path: Path, disk_calls: list[tuple[str, str]], args: list[str], written
) -> None:
    out = (tmp_path / "hr-files").resolve()
    out.mkdir()
    result = answered.test_cli_runner().invoke(args=[a.format(d=out) for a in args])
    assert result.exit_code == 0, result.output
    for name in written:
        assert synced_before_and_after(disk_calls, out / name), (name, disk_calls)
        assert (out / name).stat().st_size > 0


@pytest.mark.parametrize(
    ("code", "written"), [(errno.EINVAL, True), (errno.ENOTSUP, True), (errno.EIO, False)]
)
def test_a_share_that_cannot_sync_a_folder_still_gets_the_export(
    answered, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, written: bool
) -> None:
    """An SMB share or a FUSE mount refuses to fsync a folder (EINVAL): the file is there,
    renamed atomically, so the export succeeds; a real disk error still fails it."""
    from collector import output_file

    def refuse(path: str) -> None:
        raise OSError(code, os.strerror(code), path)

    monkeypatch.setattr(output_file, "fsync_dir", refuse)
    target = tmp_path / "exit.csv"
    result = answered.test_cli_runner().invoke(args=["export", "exit-en", "--output", str(target)])
    assert (result.exit_code == 0) is written, result.output
    if written:
        assert target.read_text(encoding="utf-8").count("\n") > 1
    else:
        assert "Error" in result.output


def test_a_new_password_is_on_disk_before_the_command_says_so(
    answered, disk_calls: list[tuple[str, str]]
) -> None:
    result = answered.test_cli_runner().invoke(
        args=["set-password", "--password-stdin"], input=PASSWORD + "\n"
    )
    assert result.exit_code == 0, result.output
    data = Path(answered.config["DATA_DIR"]).resolve()
    renamed = disk_calls.index(("replace", str(data / "admin-password")))
    assert ("fsync", str(data)) in disk_calls[renamed + 1 :]


# -- 2. Reading a data folder one may not write -------------------------------------------


def tree(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Every entry under ``folder``: (mode, size, mtime_ns), to see that nothing changed."""
    found = {}
    for path in [folder, *folder.rglob("*")]:
        st = path.lstat()
        found[str(path.relative_to(folder))] = (st.st_mode, st.st_size, st.st_mtime_ns)
    return found


@pytest.fixture
def snapshot(answered, tmp_path: Path) -> Iterator[Path]:
    """A copy of the data folder nobody may write: folders 0555, files 0444; with all a
    live one holds (an HR password, the count of a failed sign-in)."""
    runner = answered.test_cli_runner()
    assert runner.invoke(args=["set-password", "--password-stdin"], input=PASSWORD + "\n")
    client = answered.test_client()
    page = client.get("/admin/login").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    client.post("/admin/login", data={"password": "not the password", "csrf_token": token})
    assert list((Path(answered.config["DATA_DIR"]) / "limits" / "sign-in").iterdir())
    answered.extensions["exit_survey"].store.close()
    copy = tmp_path / "snapshot"
    shutil.copytree(answered.config["DATA_DIR"], copy)
    for path in [copy, *copy.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    yield copy
    for path in [copy, *copy.rglob("*")]:
        path.chmod(0o700 if path.is_dir() else 0o600)


def without_write_access(
    data: Path, output: Path, cwd: Path, *args: str
) -> subprocess.CompletedProcess[str]:
    """``flask --app collector ARGS`` as a user the permission bits apply to: this one, or
    root without the capabilities that let it write anything (CAP_DAC_OVERRIDE...)."""
    if os.geteuid() == 0:
        if SETPRIV is None:
            pytest.skip("needs util-linux's setpriv to drop root's capabilities")
        prefix = [SETPRIV, "--bounding-set=-dac_override,-dac_read_search,-fowner"]
        prefix += ["--inh-caps=-all", "--"]
    else:
        prefix = []
    env = {k: v for k, v in os.environ.items() if not k.startswith("COLLECTOR_")}
    env.update(
        COLLECTOR_DATA_DIR=str(data),
        COLLECTOR_OUTPUT_DIR=str(output),
        PYTHONPATH=str(ROOT),
        PYTHONDONTWRITEBYTECODE="1",
    )
    return subprocess.run(
        [*prefix, sys.executable, "-m", "flask", "--app", "collector", *args],
        cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip


@pytest.mark.slow
def test_reading_commands_work_on_a_folder_nobody_may_write_and_change_nothing(
    answered, snapshot: Path, tmp_path: Path
) -> None:
    before = tree(snapshot)
    out = tmp_path / "hr"
    out.mkdir()
    output = answered.config["OUTPUT_DIR"]
    for args, said in [
        (["export", "exit-en", "--output", "exit.csv"], "Exported 6 responses"),
        (["export", "exit-en", "--output", "exit.xlsx"], "Exported 6 responses"),
        (["export", "exit-en", "--format", "json", "--output", "exit.json"], "Exported 6"),
        (["report", "exit-en", "--output", "report.html"], "Wrote the report of exit-en"),
        (["backup", "backup.tar.gz"], "Backed up 6 responses"),
    ]:
        done = without_write_access(snapshot, output, out, *args)
        assert done.returncode == 0, done.stderr
        # Nothing alarming: the line saying what was written, and nothing else.
        lines = (done.stdout if args[0] == "backup" else done.stderr).splitlines()
        assert len(lines) == 1 and lines[0].startswith(said), (done.stdout, done.stderr)
        if args[0] == "backup":
            assert done.stderr == ""
    assert tree(snapshot) == before
    assert "Thanks for the years." in (out / "exit.csv").read_text("utf-8")
    assert sorted(p.name for p in out.iterdir()) == [
        "backup.tar.gz", "exit.csv", "exit.json", "exit.xlsx", "report.html"
    ]  # fmt: skip
    # The backup made there is whole: a fresh collector gets the six answers back from it.
    fresh = make_app(output, tmp_path / "fresh")
    result = fresh.test_cli_runner().invoke(args=["restore", str(out / "backup.tar.gz")])
    assert result.exit_code == 0, result.output
    assert fresh.extensions["exit_survey"].store.count("exit-en") == 6


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "unchanged"),
    [
        (["purge", "--older-than", "1", "--yes"], "nothing was deleted"),
        (["delete-response", "0" * 32, "--yes"], "nothing was deleted"),
        (["redact", "0" * 32, "closing", "--yes"], "nothing was changed"),
        (["restore", "{snapshot}"], "nothing was restored"),
        (["set-password", "--password-stdin"], "the password was not changed"),
    ],
)
def test_writing_commands_refuse_a_folder_nobody_may_write_naming_it(
    answered, snapshot: Path, tmp_path: Path, args: list[str], unchanged: str
) -> None:
    before = tree(snapshot)
    args = [a.format(snapshot=snapshot) for a in args]
    done = without_write_access(snapshot, answered.config["OUTPUT_DIR"], tmp_path, *args)
    assert done.returncode == 1, done.stderr
    assert f"Error: {unchanged}: COLLECTOR_DATA_DIR: '{snapshot}' is not writable" in (
        done.stderr
    ), done.stderr
    assert "Traceback" not in done.stderr
    assert tree(snapshot) == before


@pytest.mark.slow
def test_a_server_still_refuses_a_folder_it_may_not_write(answered, snapshot: Path) -> None:
    code = "from collector import create_app; create_app()"
    env = dict(os.environ, COLLECTOR_DATA_DIR=str(snapshot), PYTHONPATH=str(ROOT))
    prefix = []
    if os.geteuid() == 0:
        if SETPRIV is None:
            pytest.skip("needs util-linux's setpriv to drop root's capabilities")
        prefix = [SETPRIV, "--bounding-set=-dac_override,-dac_read_search,-fowner"]
        prefix += ["--inh-caps=-all", "--"]
    done = subprocess.run(
        [*prefix, sys.executable, "-c", code], env=env, capture_output=True, text=True,
        check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1
    assert f"COLLECTOR_DATA_DIR: '{snapshot}' is not writable" in done.stderr


def test_a_read_only_store_reads_and_refuses_every_change(answered) -> None:
    folder = answered.extensions["exit_survey"].store.directory
    store = ResponseStore(folder, read_only=True)
    assert store.count("exit-en") == 6
    assert len(list(store.responses("exit-en"))) == 6
    month = store.months("exit-en")[0]
    for change in (
        lambda: store.add("exit-en", {"a": 1}, submission_id="new-one", month=month),
        lambda: store.purge(None, "9999-01"),
        lambda: store.compact(),
        lambda: store.mix(),
        lambda: store.prepare(["exit-en"]),
    ):
        with pytest.raises(StoreError, match="opened read-only"):
            change()
    assert ResponseStore(folder).count("exit-en") == 6


def test_a_reader_that_may_not_write_still_waits_for_writers(answered) -> None:
    """Its lock file opened to read is enough to hold the writers' flock."""
    folder = answered.extensions["exit_survey"].store.directory
    reader = SlugLog.open(folder, "exit-en", False, read_only=True)
    assert reader is not None and reader.lock_fd >= 0
    writer = os.open(os.path.join(folder, "exit-en", "store.lock"), os.O_RDWR)
    try:
        with reader.locked(), pytest.raises(BlockingIOError):
            fcntl.flock(writer, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(writer, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free again once read
    finally:
        os.close(writer)
        reader.close()


def test_a_read_only_store_without_answers_is_empty(tmp_path: Path) -> None:
    store = ResponseStore(tmp_path / "never-made", read_only=True)
    assert store.slugs() == [] and store.count("exit-en") == 0
    assert not (tmp_path / "never-made").exists()


# -- 3. --help prints the help, and only that ----------------------------------------------


def fresh_run(cwd: Path, *args: str, **settings: str) -> subprocess.CompletedProcess[str]:
    """``ARGS`` in ``cwd`` with no COLLECTOR_* setting but ``settings``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COLLECTOR_")}
    env.update(PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1", **settings)
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True,
        check=False, timeout=120,
    )  # fmt: skip


FLASK = ["-m", "flask", "--app", "collector"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "settings"),
    [
        ([*FLASK, "--help"], {}),
        ([*FLASK, "export", "--help"], {}),
        ([*FLASK, "report", "--help"], {"COLLECTOR_OUTPUT_DIR": "/proc/no-such-folder"}),
        ([*FLASK, "backup", "--help"], {"COLLECTOR_DATA_DIR": "/proc/no-such-folder"}),
        ([*FLASK, "restore", "--help"], {"COLLECTOR_DATA_DIR": "/"}),  # not the user's
        ([str(ROOT / "build.py"), "--help"], {}),
    ],
)
def test_help_on_a_fresh_checkout_prints_only_the_help(
    tmp_path: Path, args: list[str], settings: dict[str, str]
) -> None:
    done = fresh_run(tmp_path, *args, **settings)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.startswith("Usage: ")
    assert list(tmp_path.iterdir()) == []  # no data folder made, no key, no limits


@pytest.mark.slow
def test_help_with_a_bad_setting_still_says_the_setting(tmp_path: Path) -> None:
    """As every command does (test_wsgi.py): the operator must fix it before any runs."""
    done = fresh_run(tmp_path, *FLASK, "export", "--help", COLLECTOR_REPORT_MIN_GROUP="3")
    assert done.returncode == 1
    assert done.stderr.startswith("Error: COLLECTOR_REPORT_MIN_GROUP must be at least 5")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_the_command_list_shows_every_command_without_a_build(tmp_path: Path) -> None:
    listed = fresh_run(tmp_path, *FLASK, "--help").stdout
    for name in ("backup", "delete-response", "export", "purge", "redact", "report"):
        assert f"  {name} " in listed


@pytest.mark.slow
def test_help_taken_for_an_option_value_runs_nothing(tmp_path: Path) -> None:
    done = fresh_run(tmp_path, *FLASK, "export", "--output", "--help", "exit-en")
    assert done.returncode == 2
    assert "'--help' was read as the value of an option" in done.stderr
    assert list(tmp_path.iterdir()) == []


# -- 4. --min-group can only raise the operator's smallest group ---------------------------


@pytest.fixture
def strict(built_site: Path, tmp_path: Path):
    """A collector whose operator set COLLECTOR_REPORT_MIN_GROUP=8."""
    app = make_app(built_site, tmp_path / "data", REPORT_MIN_GROUP=8)
    answer(app, "round22-strict-0001")
    return app


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--min-group", "5"],
            "Invalid value for '--min-group': 5 is below COLLECTOR_REPORT_MIN_GROUP (8), the "
            "smallest group this collector shows: give 8 or more, or leave --min-group out",
        ),
        (["--min-group", "7"], "7 is below COLLECTOR_REPORT_MIN_GROUP (8)"),
        (["--min-text-group", "8"], "8 is below COLLECTOR_REPORT_MIN_TEXT_GROUP (10)"),
    ],
)
def test_the_report_refuses_a_smaller_group_than_the_operator_allows(
    strict, tmp_path: Path, args: list[str], message: str
) -> None:
    page = tmp_path / "report.html"
    result = strict.test_cli_runner().invoke(args=["report", "exit-en", *args, "-o", str(page)])
    assert result.exit_code == 2
    assert message in result.output
    assert not page.exists()


def test_the_text_group_setting_is_named_only_when_it_is_the_floor(
    built_site: Path, tmp_path: Path
) -> None:
    app = make_app(built_site, tmp_path / "data", REPORT_MIN_GROUP=12)
    result = app.test_cli_runner().invoke(
        args=["report", "exit-en", "--min-text-group", "11", "-o", "-"]
    )
    assert result.exit_code == 2
    assert "11 is below COLLECTOR_REPORT_MIN_GROUP (12), the fewest people" in result.output


@pytest.mark.parametrize("args", [["--min-group", "8"], ["--min-group", "9"], []])
def test_the_report_takes_the_operators_group_or_a_larger_one(strict, args: list[str]) -> None:
    result = strict.test_cli_runner().invoke(args=["report", "exit-en", *args, "-o", "-"])
    assert result.exit_code == 0, result.output
    assert "<html" in result.output


def test_the_hr_area_never_lowers_the_operators_group(strict) -> None:
    runner = strict.test_cli_runner()
    assert runner.invoke(args=["set-password", "--password-stdin"], input=PASSWORD + "\n")
    client = strict.test_client()
    page = client.get("/admin/login").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    client.post("/admin/login", data={"password": PASSWORD, "csrf_token": token})
    for address in ("/admin/report/exit-en", "/admin/report/exit-en/download"):
        shown = client.get(f"{address}?min_group=5").get_data(as_text=True)
        assert "(5) is below the smallest group this collector shows, so 8 is used" in shown
