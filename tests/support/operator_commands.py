"""The collector's commands as an operator runs them: each in its own process, with only
the ``COLLECTOR_`` settings given, and what they leave in a folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


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
