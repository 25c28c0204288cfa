"""Round 22: follow-ups earlier reviews left open.

Files HR asks a command to write are on disk (file, then folder) before the command says
so.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from collector import create_app

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
