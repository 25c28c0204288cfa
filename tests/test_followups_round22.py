"""Round 22: follow-ups earlier reviews left open.

Files HR asks a command to write are on disk (file, then folder) before the command says
so; ``--help`` prints only the help; and ``report --min-group`` can only raise the
operator's smallest group.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from collector import create_app
from tests.conftest import ROOT

PASSWORD = "correct horse battery staple"


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
