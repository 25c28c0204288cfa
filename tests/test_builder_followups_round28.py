"""Round 28 follow-ups to the builder's file checks (from a review): a questionnaire folder
that may be listed but not searched gives file:line messages, not "cannot write the site";
``--watch`` builds again when a named pipe, folder or broken link named x.md comes or goes;
a texts file that is no plain file is reported as such, not as missing; a questionnaire
folder that is itself a link builds; a file just over the size limit says by how much; a
file gone while the builder looked says so."""

from __future__ import annotations

import errno
import os
import pathlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.builder_refusals import GOOD, build_good, refused, without_waiting_on

import collector.build_command as build_command_module
from collector.build_command import build_command, watched_files
from collector.source_entry import MAX_SOURCE_BYTES, unreadable

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def built(project: Path) -> Path:
    """A project with one good questionnaire, built once; returns its output folder."""
    return build_good(project)


# 1. A questionnaire folder that may be listed but not searched (no x bit).


def test_a_lock_that_may_not_be_looked_at_is_a_file_line_mistake(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Path.exists() raised PermissionError outside any try: "cannot write the site"."""
    real = pathlib.Path.stat

    def refuse(self: Path, **kwargs: object) -> os.stat_result:
        if self.name == "ids.lock.json":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self, **kwargs)

    monkeypatch.setattr(pathlib.Path, "stat", refuse)
    line = refused(built, "ids.lock.json", "may not look into the folder 'questionnaires'")
    assert "chmod a+rx questionnaires" in line
    assert "git checkout" not in line  # restoring it with Git would not help


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("setpriv") is None,
    reason="needs root and setpriv to drop the right to search any folder",
)
def test_a_folder_without_the_x_bit_as_root_without_dac_override(built: Path) -> None:
    """The review's reproduction: chmod 644 questionnaires, and root without the
    capabilities that let it read anything."""
    folder = built.parent / "questionnaires"
    folder.chmod(0o644)
    try:
        result = subprocess.run(
            [
                "setpriv",
                "--bounding-set=-dac_override,-dac_read_search",
                sys.executable,
                str(ROOT / "build.py"),
                "--check",
            ],
            cwd=built.parent,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        folder.chmod(0o755)
    text = result.stdout + result.stderr
    if "setpriv:" in text:
        pytest.skip(f"setpriv cannot drop capabilities here: {text.strip()}")
    assert result.returncode == 1, text
    assert "cannot write the site" not in text, text
    assert "Traceback" not in text, text
    assert "questionnaires/ids.lock.json:1: cannot be read: " in text, text
    assert "questionnaires/good.md:1: " in text, text


# 2. --watch and entries that are not plain files.


@pytest.mark.parametrize("kind", ["named pipe", "folder", "broken link"])
def test_watch_sees_an_entry_that_is_no_file_come_and_go(project: Path, kind: str) -> None:
    folder = project / "questionnaires"
    before = watched_files([folder])
    entry = folder / "x.md"
    if kind == "named pipe":
        os.mkfifo(entry)
    elif kind == "folder":
        entry.mkdir()
    else:
        entry.symlink_to(project / "gone.md")
    with_it = watched_files([folder])
    assert with_it != before
    entry.rmdir() if kind == "folder" else entry.unlink()
    assert watched_files([folder]) == before


class _Stop(Exception):
    """Raised from the watcher's sleep to end the loop."""


def test_watch_builds_again_when_a_named_pipe_comes_and_goes(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pipe = built.parent / "questionnaires" / "x.md"
    steps = iter([lambda: os.mkfifo(pipe), lambda: None, pipe.unlink, lambda: None])

    def sleep(_seconds: float) -> None:
        step = next(steps, None)
        if step is None:
            raise _Stop
        step()

    monkeypatch.setattr(build_command_module.time, "sleep", sleep)

    def watch() -> str:
        result = CliRunner().invoke(build_command, ["--watch"])
        assert isinstance(result.exception, _Stop), result.output
        return result.output

    output = without_waiting_on(pipe, watch)
    assert "questionnaires/x.md:1: this is a named pipe, not a file" in output, output
    assert output.count("Built 1 questionnaire(s)") == 2, output  # before, and after


# 3. A texts file that is there, but no plain file.


HEBREW = GOOD.replace("language: en", "language: he")


@pytest.mark.parametrize(
    "kind, expected",
    [("folder", "a folder"), ("named pipe", "a named pipe"), ("link", "a link to")],
)
def test_a_texts_file_that_is_no_plain_file_is_not_called_missing(
    project: Path, kind: str, expected: str
) -> None:
    folder = project / "questionnaires"
    (folder / "leaving.md").write_text(HEBREW, encoding="utf-8")
    texts = folder / "texts-he.yml"
    if kind == "folder":
        texts.mkdir()
    elif kind == "named pipe":
        os.mkfifo(texts)
    else:
        texts.symlink_to(project / "moved.yml")

    def build() -> str:
        result = CliRunner().invoke(build_command, ["--check"])
        assert result.exit_code == 1, result.output
        return result.output

    output = without_waiting_on(texts, build)
    assert "no words in 'he'" not in output, output
    assert f"questionnaires/texts-he.yml:1: this is {expected}" in output, output
    assert "end in .md" not in output, output  # the fix names the texts file's own ending


# 4. A questionnaire folder that is itself a link (to a shared folder).


def test_a_questionnaire_folder_that_is_a_link_builds(project: Path, tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "good.md").write_text(GOOD, encoding="utf-8")
    (project / "questionnaires").rmdir()
    (project / "questionnaires").symlink_to(shared)
    result = CliRunner().invoke(build_command, [], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (project / "output" / "good" / "index.html").is_file()


def test_a_link_out_of_the_folder_names_the_other_ways(built: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.md"
    elsewhere.write_text(GOOD, encoding="utf-8")
    (built.parent / "questionnaires" / "other.md").symlink_to(elsewhere)
    line = refused(built, "other.md", "outside the folder")
    assert "point --source at it" in line


# 5. Just over the size limit.


def test_a_file_just_over_the_limit_says_by_how_much(built: Path) -> None:
    """It said "the file is 1.0 MB, too large (at most 1 MB)"."""
    path = built.parent / "questionnaires" / "big.md"
    path.write_bytes(GOOD.encode().ljust(MAX_SOURCE_BYTES + 133, b"\n"))
    line = refused(built, "big.md", "too large")
    assert "1,000,133 bytes" in line
    assert "1.0 MB" not in line


# 7. Gone between listing and reading.


def test_a_file_gone_while_the_builder_looked_says_so() -> None:
    what, fix = unreadable(FileNotFoundError(errno.ENOENT, "No such file or directory"))
    assert "gone" in what
    assert "save it again" in fix
    assert ".md" not in fix  # not "give this one a name that does not end in .md"


def test_a_misnamed_texts_file_beside_a_folder_of_the_right_name_is_not_used(
    project: Path,
) -> None:
    """The folder texts-he.yml is reported as a folder, so the 'language:' line no longer
    says to rename texts_he.yml: that file is then reported as not used."""
    folder = project / "questionnaires"
    (folder / "leaving.md").write_text(HEBREW, encoding="utf-8")
    (folder / "texts-he.yml").mkdir()
    shutil.copy(ROOT / "docs" / "texts-en.yml", folder / "texts_he.yml")
    output = CliRunner().invoke(build_command, ["--check"]).output
    assert "questionnaires/texts-he.yml:1: this is a folder" in output, output
    assert "questionnaires/texts_he.yml:1: warning: this file is not used" in output, output
