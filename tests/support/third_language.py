"""The round 26 questionnaires: an exit survey in German (every question type, sections,
conditions) and its Hebrew version, with their texts files, as HR at a company with
offices in Germany and Israel writes them from the docs (tests/fixtures/round26/)."""

from __future__ import annotations

import shutil
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "round26"


def copy_questionnaires(folder: Path, *, texts: dict[str, str] | None = None) -> None:
    """The German and Hebrew questionnaires and texts files into ``folder``; ``texts``
    replaces a texts file's text by its name (``texts-de.yml``)."""
    folder.mkdir(parents=True, exist_ok=True)
    for source in FIXTURES.iterdir():
        shutil.copy(source, folder / source.name)
    for name, text in (texts or {}).items():
        (folder / name).write_text(text, encoding="utf-8")


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")
