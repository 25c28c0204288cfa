"""Round 23, the suite as CI and developers run it: the same tests pass however pytest is
started, and a test that starts processes leaves none behind when it fails."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_module_that_imports_another_collects_under_plain_pytest():
    """`python -m pytest` puts the project folder on sys.path, `pytest` does not: 29 modules
    that import helpers as tests.<module> failed to collect when run the second way."""
    done = subprocess.run(
        [
            str(Path(sys.executable).with_name("pytest")),
            "--collect-only",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/test_soak_round22.py",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-2000:]
    assert "test_a_short_soak_loses_nothing_and_leaks_nothing" in done.stdout
