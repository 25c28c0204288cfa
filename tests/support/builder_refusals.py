"""Building a project whose questionnaire folder holds something the builder must refuse,
and checking the refusal: one file:line problem, exit code 1, the output left untouched."""

from __future__ import annotations

import contextlib
import os
import re
import threading
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from collector.build_command import build_command

GOOD = """---
title: Exit survey
language: en
privacy: Only HR reads the answers. Taking part is voluntary.
---

## About leaving {#leaving}

### How did your job end? {#departure}
- type: single choice
- choices:
  - voluntary: I resigned
  - dismissed: I was dismissed
"""


def build_good(project: Path) -> Path:
    """Builds a project with one good questionnaire (GOOD) once; returns its output folder."""
    (project / "questionnaires" / "good.md").write_text(GOOD, encoding="utf-8")
    result = CliRunner().invoke(build_command, [], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return project / "output"


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.read_bytes())
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def refused(output: Path, name: str, expected: str) -> str:
    """Build; check the one problem for ``name``, exit code 1 and ``output`` untouched."""
    before = snapshot(output)
    result = CliRunner().invoke(build_command, [], catch_exceptions=True)
    text = result.output
    assert result.exit_code == 1, text
    assert "Traceback" not in text, text
    assert result.exception is None or isinstance(result.exception, SystemExit), text
    lines = [m for m in text.splitlines() if m.startswith(f"questionnaires/{name}:")]
    assert len(lines) == 1, text
    assert re.fullmatch(rf"questionnaires/{re.escape(name)}:1: .*{expected}.* \(.+\)", lines[0])
    assert snapshot(output) == before
    return lines[0]


def without_waiting_on(pipe: Path, check: Callable[[], str]) -> str:
    """``check()`` run where a build that opens the named pipe ``pipe`` cannot hang the test
    run: in a daemon thread, given 60 s; if it is still waiting, a writer that closes at once
    ends the read, and the test fails."""
    found: list[str] = []
    failed: list[BaseException] = []

    def run() -> None:
        try:
            found.append(check())
        except BaseException as exc:  # handed to the test below, not lost in the thread
            failed.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout=60)
    hung = worker.is_alive()
    if hung:
        # No reader after all (it has just finished), or the pipe gone: nothing to end.
        with contextlib.suppress(OSError):
            os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(timeout=60)
    assert not hung, f"the build waited for a writer to the named pipe {pipe.name}"
    if failed:
        raise failed[0]
    return found[0]
