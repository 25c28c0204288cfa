"""A small questionnaire and the builder run as HR runs it, for the builder's tests."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from collector.build_command import build_command
from collector.builder import compile_forms

HEAD = """---
title: Exit survey
language: en
privacy: Only HR reads the answers. Taking part is voluntary.
---

## About leaving {#leaving}

"""
DEPARTURE = """### How did your job end? {#departure}
- type: single choice
- choices:
  - voluntary: I resigned
  - dismissed: I was dismissed
"""


#: The page's English words as HR copies them to translate (docs/texts-en.yml).
TEXTS_EN = (Path(__file__).resolve().parents[1] / "docs" / "texts-en.yml").read_text(
    encoding="utf-8"
)


def translated_texts(words: dict[str, str]) -> str:
    """A texts file: docs/texts-en.yml with each quoted English text of ``words`` replaced."""
    text = TEXTS_EN
    for english, translation in words.items():
        assert english in text, f"not in docs/texts-en.yml: {english}"
        text = text.replace(english, translation)
    return text


def write(project: Path, text: str, name: str = "leavers.md") -> Path:
    """``text`` as questionnaires/``name`` in ``project`` (the current folder in tests)."""
    path = project / "questionnaires" / name
    path.write_text(text, encoding="utf-8")
    return path


def compile_text(project: Path, text: str, name: str = "t.md") -> tuple[list, list[str]]:
    """The forms and the problems, as printed, of questionnaires/ with ``text`` in it."""
    write(project, text, name)
    forms, problems, _ = compile_forms(Path("questionnaires"))
    return forms, [str(p) for p in problems]


def build(*args: str) -> tuple[int, str]:
    """``python build.py *args``: its exit code and output."""
    result = CliRunner().invoke(build_command, list(args), catch_exceptions=False)
    return result.exit_code, result.output
