"""Round 28, the builder from outside: what sits in questionnaires/ under a questionnaire's
name but is no file the builder can read (a folder, a dangling link, a loop of links, a
named pipe, a link out of the folder, a file it may not read, a file of many megabytes)
gets file:line and a fix, exit code 1, no traceback and the previous output untouched,
like any other mistake. Before, the first four were skipped without a word (the form
just vanished from the site), a link out of the folder was built, an unreadable file
stopped the build with "cannot write the site", and a 30 MB file took minutes."""

from __future__ import annotations

import os
import pathlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.builder_refusals import GOOD, build_good, refused, without_waiting_on

from collector.build_command import build_command


@pytest.fixture
def built(project: Path) -> Path:
    """A project with one good questionnaire, built once; returns its output folder."""
    return build_good(project)


def test_a_folder_named_like_a_questionnaire(built: Path) -> None:
    (built.parent / "questionnaires" / "leavers.md").mkdir()
    refused(built, "leavers.md", "a folder, not a file")


def test_a_link_to_a_file_that_is_gone(built: Path) -> None:
    (built.parent / "questionnaires" / "leavers.md").symlink_to(built.parent / "moved.md")
    line = refused(built, "leavers.md", "which does not exist")
    assert "moved.md" in line


def test_a_loop_of_links(built: Path) -> None:
    folder = built.parent / "questionnaires"
    (folder / "a.md").symlink_to(folder / "b.md")
    (folder / "b.md").symlink_to(folder / "a.md")
    refused(built, "a.md", "loop")


def test_a_named_pipe_is_not_opened(built: Path) -> None:
    """Opening it would wait for a writer for ever."""
    pipe = built.parent / "questionnaires" / "pipe.md"
    os.mkfifo(pipe)
    without_waiting_on(pipe, lambda: refused(built, "pipe.md", "named pipe"))


def test_a_link_out_of_the_folder_is_not_built(built: Path, tmp_path: Path) -> None:
    """What is published comes from the folder Git keeps, not from elsewhere on the disk."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "other.md").write_text(GOOD.replace("Exit survey", "Other"), encoding="utf-8")
    (built.parent / "questionnaires" / "other.md").symlink_to(elsewhere / "other.md")
    refused(built, "other.md", "outside the folder")


def test_a_link_inside_the_folder_still_builds(built: Path) -> None:
    folder = built.parent / "questionnaires"
    (folder / "shared").mkdir()
    (folder / "shared" / "x.md").write_text(GOOD.replace("Exit survey", "X"), encoding="utf-8")
    (folder / "x.md").symlink_to(Path("shared") / "x.md")
    result = CliRunner().invoke(build_command, [], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (built / "x" / "index.html").is_file()


def test_a_file_that_may_not_be_read(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """chmod 000 (tests may run as root, who reads it anyway: the refusal is faked)."""
    path = built.parent / "questionnaires" / "secret.md"
    path.write_text(GOOD.replace("Exit survey", "Secret"), encoding="utf-8")
    real = pathlib.Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self.name == "secret.md":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(pathlib.Path, "read_bytes", refuse)
    line = refused(built, "secret.md", "may not be read")
    assert "cannot write" not in line


def test_a_file_of_many_megabytes(built: Path) -> None:
    """A paste gone wrong: refused by its size, before it is read."""
    path = built.parent / "questionnaires" / "huge.md"
    path.write_bytes(GOOD.encode() + b"- hint: " + b"x" * 30_000_000 + b"\n")
    refused(built, "huge.md", "too large")


def test_an_id_lock_that_is_a_named_pipe_is_not_opened(built: Path) -> None:
    """Reading it would wait for a writer for ever: the build hung."""
    lock = built.parent / "questionnaires" / "ids.lock.json"
    lock.unlink()
    os.mkfifo(lock)
    without_waiting_on(lock, lambda: refused(built, "ids.lock.json", "not a plain file"))
