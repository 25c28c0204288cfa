"""Round 22 review: what the merged work still got wrong.

Digits from other keyboards: only full-width forms and other scripts' decimal digits are
read, not superscripts, circled digits or fractions ('1²' was stored as 12), and not one
number in two scripts. A Click program that is not ``flask`` (an operator's own launcher,
a Click-based server) is a server, never a command: it may not start on a data folder it
cannot write, nor serve a help-only app because "--help" is among its arguments. And a
language tag with a script ('pa-Arab', 'ku-Latn') gets that script's direction.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from flask.cli import FlaskGroup

import collector
from collector import create_app
from collector.builder import build_site
from tests.conftest import ROOT

TEXTS_EN = ROOT / "docs" / "texts-en.yml"

SURVEY = """---
title: Exit survey
language: {language}
privacy: Only HR reads the answers. Taking part is voluntary.
---

## Your work {{#work}}

### How many days a week did you work from home? {{#home_days}}
- type: number
- min: 0
- max: 500
- step: 0.5

### When did you first think about leaving? {{#first_thought}}
- type: date
- month only: yes
"""


def build(tmp_path: Path, language: str = "en") -> Path:
    """A one-questionnaire site in ``language`` (with the English words as its texts file
    for a language without built-in ones); returns the output folder."""
    source = tmp_path / "questionnaires"
    source.mkdir()
    (source / "survey.md").write_text(SURVEY.format(language=language), "utf-8")
    if language not in ("en", "nl"):
        shutil.copy(TEXTS_EN, source / f"texts-{language}.yml")
    output = tmp_path / "output"
    build_site(source, output)
    return output


@pytest.fixture
def survey(tmp_path: Path):
    return create_app(
        {
            "TESTING": True,
            "OUTPUT_DIR": build(tmp_path),
            "DATA_DIR": tmp_path / "data",
            "RATE_LIMIT": 1000,
        }
    )


def send(app, **answers: str):
    version = app.extensions["exit_survey"].forms.current("survey").version
    return app.test_client().post(
        "/submit/survey",
        data={"_version": version, **answers},
        headers={"Accept": "application/json"},
    )


def stored(app) -> list[dict]:
    return list(app.extensions["exit_survey"].store.responses("survey"))


# -- 1. Digits: a keyboard's digits, not look-alikes ----------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "1²",  # was stored as 12
        "12³",  # was stored as 123
        "²",  # was 2
        "①",  # was 1
        "⑫",  # was 12
        "⒈",  # 'digit one full stop'
        "½",
        "1٢",  # two scripts in one number: was 12
        "١2",
        "۱2",
        "２٢",  # full-width and Arabic
    ],
)
def test_look_alike_digits_and_mixed_scripts_are_refused_not_stored(survey, typed: str) -> None:
    response = send(survey, home_days=typed)
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["errors"][0]["field"] == "home_days"
    assert stored(survey) == []


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("１２", 12),  # a Japanese input method
        ("２．５", 2.5),
        ("１2", 12),  # full-width and ASCII: one keyboard, its mode switched half-way
        ("٣٫٥", 3.5),  # Arabic
        ("۱۲", 12),  # Persian
        ("۱٢", 12),  # Persian and Arabic digits: one script's two sets
        ("१२", 12),  # Devanagari
    ],
)
def test_a_keyboards_own_digits_are_still_read(survey, typed: str, number: float) -> None:
    response = send(survey, home_days=typed)
    assert response.status_code == 200, response.get_json()
    assert [doc["answers"]["home_days"] for doc in stored(survey)] == [number]


@pytest.mark.parametrize(
    ("typed", "ok"),
    [
        ("2026年3月", True),
        ("２０２６－０３", True),
        ("٢٠٢٦-٠٣", True),
        ("²⁰²⁶-03", False),  # superscripts: was read as 2026-03
        ("2026-0٣", False),  # two scripts
    ],
)
def test_dates_take_the_same_digits(survey, typed: str, ok: bool) -> None:
    response = send(survey, first_thought=typed)
    assert response.status_code == (200 if ok else 422), response.get_json()
    assert [doc["answers"]["first_thought"] for doc in stored(survey)] == (
        ["2026-03"] if ok else []
    )


# -- 2. Only the `flask` command line loads the app for a command -------------------------


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The environment of a collector with a built site; returns the data folder."""
    for name in list(os.environ):
        if name.startswith("COLLECTOR_"):
            monkeypatch.delenv(name)
    data = tmp_path / "data"
    monkeypatch.setenv("COLLECTOR_OUTPUT_DIR", str(build(tmp_path)))
    monkeypatch.setenv("COLLECTOR_DATA_DIR", str(data))
    monkeypatch.setenv("COLLECTOR_SECRET_KEY", "k" * 40)
    return data


def launcher(found: dict) -> click.Command:
    """An operator's own Click program that serves the collector (as `waitress` would)."""

    @click.command()
    @click.option("--motd")
    def serve(motd: str | None) -> None:
        found["app"] = create_app()

    return serve


def test_a_click_launcher_with_help_among_its_arguments_serves_the_forms(
    settings: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Taken for `flask ... --help`, it got an app without pages: every form a 404."""
    found: dict = {}
    monkeypatch.setattr("sys.argv", ["serve", "--motd", "--help"])
    result = CliRunner().invoke(launcher(found), ["--motd", "--help"])
    assert result.exit_code == 0, result.output
    client = found["app"].test_client()
    assert client.get("/survey/").status_code == 200
    assert settings.is_dir()  # a server's data folder is made at start


def test_a_click_launcher_refuses_a_folder_it_may_not_write(
    settings: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Taken for a command, it started read-only and failed every leaver's post (500)."""
    settings.mkdir()
    monkeypatch.setattr(collector, "_on_read_only_disk", lambda folder: True)
    found: dict = {}
    result = CliRunner().invoke(launcher(found), [])
    assert result.exit_code == 1
    assert "is on a read-only file system" in result.output
    assert "app" not in found


def test_the_flask_command_line_still_reads_a_read_only_folder(
    settings: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A snapshot of a store (round 26: a folder holding none is refused).
    (settings / "responses").mkdir(parents=True)
    monkeypatch.setattr(collector, "_on_read_only_disk", lambda folder: True)
    monkeypatch.setattr("sys.argv", ["flask", "export", "survey"])
    cli = FlaskGroup(create_app=create_app)
    result = CliRunner().invoke(cli, ["export", "survey"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("response_id,")
    refused = CliRunner().invoke(cli, ["purge", "--older-than", "1", "--yes"])
    assert refused.exit_code == 1
    assert "nothing was deleted: COLLECTOR_DATA_DIR" in refused.output


# -- 3. A script in the language tag decides the direction -----------------------------------


@pytest.mark.parametrize(
    ("language", "direction"),
    [
        ("pa-Arab", "rtl"),  # Punjabi as Pakistan writes it
        ("az-Arab-IR", "rtl"),
        ("ku-Latn", "ltr"),  # Kurmanji, in Latin letters
        ("he-IL", "rtl"),
        ("he", "rtl"),
    ],
)
def test_a_script_in_the_language_tag_sets_the_pages_direction(
    tmp_path: Path, language: str, direction: str
) -> None:
    page = (build(tmp_path, language) / "survey" / "index.html").read_text("utf-8")
    shown = ' dir="rtl"' if direction == "rtl" else ""  # left to right is the default
    assert f'<html lang="{language}"{shown}>' in page
