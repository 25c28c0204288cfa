"""Round 22, second look: a German questionnaire with its English pair, and an Arabic one,
written as HR writes them on a Git host's web page, with the usual mistakes in the file of
the page's words (texts-de.yml)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from questionnaire_helpers import translated_texts, without_english_warnings

from collector.build_command import build_command

DE = """---
title: Austrittsbefragung
language: de
translation: leaving-en.md
privacy: Nur das HR-Team liest einzelne Antworten. Die Teilnahme ist freiwillig.
---

## Ihr Austritt {#your_departure}

### Wie endete Ihr Arbeitsverhältnis? {#departure}
- type: single choice
- choices:
  - voluntary: Ich habe selbst gekündigt
  - dismissed: Mein Arbeitgeber hat gekündigt

### Was hätte Sie zum Bleiben bewogen? {#stay}
- type: long text
- max length: 200
"""

EN = """---
title: Exit survey
language: en
translation: austritt-de.md
privacy: Only the HR team reads single answers. Taking part is voluntary.
---

## Your departure {#your_departure}

### How did your employment end? {#departure}
- type: single choice
- choices:
  - voluntary: I resigned
  - dismissed: My employer ended my employment

### What would have made you stay? {#stay}
- type: long text
- max length: 200
"""

#: A few of the page's words in German, as HR would start; the rest may stay English.
DE_WORDS = {
    '"English"': '"Deutsch"',
    '"This questionnaire in English"': '"Dieser Fragebogen auf Deutsch"',
    '"Send answers"': '"Antworten senden"',
    '"Section {n} of {t}"': '"Abschnitt {n} von {t}"',
    '"You have {n} characters too many"': '"Sie haben {n} Zeichen zu viel"',
    '"Thank you for taking the time to answer. Your answers have been received."': (
        '"Danke für Ihre Zeit. Ihre Antworten sind eingegangen."'
    ),
}


def _german_texts() -> str:
    return translated_texts(DE_WORDS)


def _write(project: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (project / "questionnaires" / name).write_text(text, encoding="utf-8")


def _build(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(build_command, list(args))
    return result.exit_code, result.output


@pytest.fixture
def german(project: Path) -> Path:
    """The German-English pair and its texts file, not built yet."""
    _write(project, {"austritt-de.md": DE, "leaving-en.md": EN, "texts-de.yml": _german_texts()})
    return project


@pytest.mark.parametrize(
    "name", ["texts-DE.yml", "texts-de.yaml", "texts_de.yml", "texts-de.yml.txt"]
)
def test_a_texts_file_with_a_near_miss_name_is_named_with_the_rename(
    german: Path, name: str
) -> None:
    """Before: "copy docs/texts-en.yml to questionnaires/texts-de.yml", to someone who had
    done just that but saved it as texts-DE.yml (or .yaml, or as a .txt)."""
    folder = german / "questionnaires"
    (folder / "texts-de.yml").rename(folder / name)
    code, output = _build()
    assert code == 1
    assert (
        "questionnaires/austritt-de.md:3: the builder reads the page's words in 'de' from" in output
    )
    assert f"but the file is named {name} (rename {name} to texts-de.yml" in output
    assert "copy docs/texts-en.yml" not in output
    assert not (german / "output").exists()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("texts-fr.yml", "no questionnaire in this folder has 'language: fr'"),
        ("texts-en.yml", "the page's words in 'en' are built in"),
        ("texts-DE.yaml", "the builder reads texts-de.yml"),
    ],
)
def test_a_texts_file_no_questionnaire_reads_is_a_warning_at_its_name(
    german: Path, name: str, expected: str
) -> None:
    """Before: silently skipped, its mistakes unseen until a questionnaire needed it, and
    texts-en.yml seemed to change the English page."""
    (german / "questionnaires" / name).write_text("page:\n  send: 'x\n", encoding="utf-8")
    code, output = _build("--check")
    assert code == 0, output
    assert f"questionnaires/{name}:1: warning: this file is not used: {expected}" in output
    code, output = _build("--check", "--strict")
    assert code == 1


def test_a_texts_file_shared_by_two_questionnaires_is_not_reported_unused(german: Path) -> None:
    _write(german, {"zweite-de.md": DE.replace("translation: leaving-en.md\n", "")})
    code, output = _build("--check")
    assert code == 0, output
    assert "warning" not in without_english_warnings(output)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # '{{n}}' passed the check, and the page showed "Abschnitt {n} von {t}".
        (
            ('"Abschnitt {n} von {t}"', '"Abschnitt {{n}} von {{t}}"'),
            "'section_progress' must have {n} and {t} in it, as the English does: 'Section {n} "
            "of {t}' (write each placeholder with one curly bracket on either side, as {n};",
        ),
        # A placeholder translated: the message said only what to keep, not what is wrong.
        (
            ('"Sie haben {n} Zeichen zu viel"', '"Sie haben {anzahl} Zeichen zu viel"'),
            "(the page does not know {anzahl}: a placeholder is not translated;",
        ),
    ],
)
def test_a_placeholder_written_wrong_is_named(
    german: Path, change: tuple[str, str], expected: str
) -> None:
    _write(german, {"texts-de.yml": _german_texts().replace(*change)})
    code, output = _build()
    assert code == 1
    assert expected in output
    assert not (german / "output").exists()


def test_a_text_whose_closing_quote_is_missing_is_reported_at_its_own_line(
    german: Path,
) -> None:
    """Before: line 10, the next one, with "the indentation, a missing ':' or a quote ...
    confuses the settings": YAML reads on to the next line's first quote."""
    texts = _german_texts()
    assert '  send: "Antworten senden"\n' in texts
    _write(german, {"texts-de.yml": texts.replace('"Antworten senden"', '"Antworten senden')})
    line = texts.splitlines().index('  send: "Antworten senden"') + 1
    code, output = _build()
    assert code == 1
    assert (
        f"questionnaires/texts-de.yml:{line}: this text starts with a double quote but does "
        'not end with one, so it runs on into the next line (add the closing " at the end'
    ) in output


def test_a_choice_whose_closing_quote_is_missing_is_reported_at_its_own_line(
    german: Path,
) -> None:
    """The same in a questionnaire, when the next line has a quote to end the text at."""
    quoted = EN.replace("dismissed: My employer ended my employment", 'dismissed: "My employer"')
    _write(german, {"leaving-en.md": quoted.replace("voluntary: I resigned", 'voluntary: "I quit')})
    code, output = _build()
    assert code == 1
    line = EN.splitlines().index("  - voluntary: I resigned") + 1
    assert f"questionnaires/leaving-en.md:{line}: this text starts with a double quote" in output


def test_words_left_in_english_in_the_texts_file_are_reported_there(german: Path) -> None:
    """Before: "leaving-en.md:1: 'thank_you' is the same as in austritt-de.md (translate it
    into English)", and the same for "Prefer not to say" and the scale's labels: the English
    file blamed, at its questions, for the German file's words."""
    thanks = '"Danke für Ihre Zeit. Ihre Antworten sind eingegangen."'
    english = '"Thank you for taking the time to answer. Your answers have been received."'
    texts = _german_texts().replace(thanks, english)
    statements = """
### {text} {{#areas}}
- type: statements
- scale: agreement
- statements:
  - terms: {terms}
"""
    pnts = "- type: single choice\n- prefer not to say: yes"
    de = DE.replace("- type: single choice", pnts) + statements.format(
        text="Wie sehr stimmen Sie zu?", terms="Meine Arbeitsbedingungen waren fair"
    )
    en = EN.replace("- type: single choice", pnts) + statements.format(
        text="How much do you agree?", terms="My terms of employment were fair"
    )
    _write(german, {"texts-de.yml": texts, "austritt-de.md": de, "leaving-en.md": en})
    code, output = _build()
    assert code == 1
    lines = texts.splitlines()
    for name, text in (
        ("the text 'thank_you'", "Thank you for taking the time to answer. Your a..."),
        ("the text 'prefer_not_to_say'", "Prefer not to say"),
        ("a label of the scale 'agreement'", "Neither agree nor disagree"),
    ):
        line = next(n for n, x in enumerate(lines, 1) if text.removesuffix("...") in x)
        assert (
            f"questionnaires/texts-de.yml:{line}: {name} is not translated: '{text}' is the "
            "same in questionnaires/leaving-en.md (translate it here: "
            "questionnaires/austritt-de.md shows it on its page)"
        ) in output
    assert "questionnaires/leaving-en.md:" not in output
    # Said once, as this error, not again as the texts file's warning (round 26).
    assert "still the English text: 'Prefer not to say'" not in output
    # Once each, not once per question (nor again as "still the English text").
    assert without_english_warnings(output).count("\n") == 4, output


@pytest.mark.parametrize(("typed", "meant"), [("DE", "de"), ("EN", "en"), ("De-AT", "de-AT")])
def test_a_language_code_in_capitals_says_to_write_it_small(
    german: Path, typed: str, meant: str
) -> None:
    _write(german, {"austritt-de.md": DE.replace("language: de", f"language: {typed}")})
    code, output = _build()
    assert code == 1
    assert (
        f"austritt-de.md:3: unknown language '{typed}' (write the code in small letters: "
        f"'language: {meant}')"
    ) in output


def test_texts_saved_with_windows_line_ends_and_a_byte_order_mark_build_the_same(
    german: Path,
) -> None:
    code, output = _build("--output", "plain")
    assert code == 0, output
    folder = german / "questionnaires"
    for path in folder.iterdir():
        text = path.read_text(encoding="utf-8")
        path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    code, output = _build("--output", "windows")
    assert code == 0, output
    for page in ("austritt-de/index.html", "leaving-en/index.html"):
        assert (german / "windows" / page).read_bytes() == (german / "plain" / page).read_bytes()
    assert "Antworten senden" in (german / "windows" / "austritt-de/index.html").read_text()


def test_the_report_names_a_language_by_its_texts_file(german: Path, tmp_path: Path) -> None:
    """Before: "All language versions together: de, English."."""
    from collector import create_app
    from collector.report import render_report

    code, output = _build()
    assert code == 0, output
    app = create_app(
        {
            "TESTING": True,
            "OUTPUT_DIR": german / "output",
            "DATA_DIR": tmp_path / "data",
            "RATE_LIMIT": 1000,
        }
    )
    client = app.test_client()
    for number, slug in enumerate(("austritt-de",) * 3 + ("leaving-en",) * 3):
        response = client.post(
            f"/submit/{slug}", data={"departure": "voluntary", "stay": f"{number}"}
        )
        assert response.status_code == 303
    with app.app_context():
        page = render_report(app, "austritt-de")
    assert "All language versions together: Deutsch, English." in page


def test_a_text_without_its_colon_is_reported_at_its_own_line(german: Path) -> None:
    """Before: the next line, with "the indentation, a missing ':' or a quote ...": YAML
    reads the name and its text as one word and stumbles only below it."""
    texts = _german_texts()
    _write(german, {"texts-de.yml": texts.replace('  send: "Antworten', '  send "Antworten')})
    line = texts.splitlines().index('  send: "Antworten senden"') + 1
    code, output = _build()
    assert code == 1
    assert (
        f"questionnaires/texts-de.yml:{line}: 'send \"Antworten senden\"' has no ':' after "
        "'send' (write 'send: \"Antworten senden\"')"
    ) in output
