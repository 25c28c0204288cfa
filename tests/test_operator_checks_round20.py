"""Round 20: what the collector and build.py check for an operator.

The collector answered to any Host header, so a DNS rebinding page could post made-up
answers to an intranet collector as if it were the collector's own page; a broken template
in COLLECTOR_TEMPLATES_DIR let the collector start and turned a leaver's refused answers
into a server error; and ``build.py --watch`` ended with a traceback when it could not
write the output folder.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import collector.build_command
import collector.builder
from collector import create_app
from collector.build_command import build_command
from collector.forms import form_from_json

ROOT = Path(__file__).resolve().parent.parent
THEME = ROOT / "site_templates"
REFUSED = b"Bad Request: this server does not answer to that host name."


def version(site: Path, slug: str = "exit-en") -> str:
    return form_from_json((site / slug / "form.json").read_text(encoding="utf-8")).version


def make_app(site: Path, data: Path, monkeypatch: pytest.MonkeyPatch, **env: str):
    """A collector started with ``COLLECTOR_*`` settings from the environment, as deployed."""
    for name, value in env.items():
        monkeypatch.setenv(f"COLLECTOR_{name}", value)
    return create_app({"TESTING": True, "OUTPUT_DIR": site, "DATA_DIR": data})


def rebinding_post(client, site: Path, host: str):
    """What a page at ``host`` (resolving to the collector) posts with its script."""
    return client.post(
        "/submit/exit-en",
        data={"_version": version(site), "departure": "voluntary", "closing": "made up"},
        headers={
            "Host": host,
            "Origin": f"http://{host}",
            "Sec-Fetch-Site": "same-origin",
            "Accept": "application/json",
        },
    )


# -- build.py --watch -----------------------------------------------------------------------


class _Stop(Exception):
    """Ends the watch loop in a test."""


def _watch(monkeypatch: pytest.MonkeyPatch, *args: str, sleeps: int = 1):
    """``build.py --watch`` until its ``sleeps``-th wait for a save."""
    waited = []

    def sleep(seconds: float) -> None:
        waited.append(seconds)
        if len(waited) >= sleeps:
            raise _Stop

    monkeypatch.setattr(collector.build_command.time, "sleep", sleep)
    return CliRunner().invoke(build_command, ["--watch", *args])


def test_watch_reports_an_output_folder_it_cannot_make_and_keeps_watching(
    example_project, monkeypatch
):
    (example_project / "site").write_text("a file where a folder should be")
    result = _watch(monkeypatch, "--output", "site/output")
    assert "Error: cannot write the site: File exists: " in result.output, result.output
    assert "save a questionnaire or template to build again" in result.output
    assert isinstance(result.exception, _Stop), result.output  # it went on to wait for a save


def test_watch_reports_a_full_disk_and_builds_after_the_next_save(example_project, monkeypatch):
    real = collector.builder._write_file
    full = [True]

    def write_file(path: Path, content: bytes) -> None:
        if full[0] and "questionnaires" not in path.parts:  # the site's disk
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        real(path, content)

    monkeypatch.setattr(collector.builder, "_write_file", write_file)
    saves = iter([None])

    def sleep(seconds: float) -> None:
        # The operator makes room, HR saves a questionnaire: the next look builds.
        if next(saves, _Stop) is _Stop:
            raise _Stop
        full[0] = False
        source = example_project / "questionnaires" / "exit-en.md"
        source.write_text(source.read_text(encoding="utf-8") + "\n", encoding="utf-8")

    monkeypatch.setattr(collector.build_command.time, "sleep", sleep)
    result = CliRunner().invoke(build_command, ["--watch"])
    assert "cannot write the site: No space left on device" in result.output, result.output
    assert "Built 2 questionnaire(s) into output/" in result.output
    assert (example_project / "output" / "exit-en" / "index.html").is_file()
    assert isinstance(result.exception, _Stop), result.output


def test_watch_keeps_watching_when_a_folder_goes_away_while_it_looks(example_project, monkeypatch):
    """An editor's temporary folder, listed and gone before it is looked into."""
    real = collector.build_command._stats
    looks = []

    def stats(folders):
        looks.append(1)
        if len(looks) == 3:
            raise FileNotFoundError(errno.ENOENT, "No such file or directory", "tmp.swp")
        return real(folders)

    monkeypatch.setattr(collector.build_command, "_stats", stats)
    result = _watch(monkeypatch, sleeps=3)
    assert isinstance(result.exception, _Stop), result.output
    assert result.output.count("Built 2 questionnaire(s)") == 1  # and built once, not again
