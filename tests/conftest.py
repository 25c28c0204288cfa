"""Shared fixtures: paths to the example questionnaires and a scratch project to build in."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "questionnaires"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project folder as the working directory, with a questionnaires/ folder."""
    (tmp_path / "questionnaires").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def example_project(project: Path) -> Path:
    """A project holding copies of the shipped example questionnaires."""
    for source in EXAMPLES.glob("*.md"):
        shutil.copy(source, project / "questionnaires" / source.name)
    return project
