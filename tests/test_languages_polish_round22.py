"""Round 22, polish: a questionnaire in a language without built-in words (German, Hebrew)
as a leaver meets it outside the form (a link with a typo, an address used the wrong way),
and the messages HR gets for a misspelt name or a lost pair of quotes in texts-de.yml."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from questionnaire_helpers import TEXTS_EN, translated_texts, without_english_warnings

from collector.build_command import build_command

DE = """---
title: Austrittsbefragung
language: de
privacy: Nur das HR-Team liest einzelne Antworten. Die Teilnahme ist freiwillig.
contact: Fragen? Schreiben Sie an <hr@example.com> (nicht anonym).
---

## Ihr Austritt {#your_departure}

### Was hätte Sie zum Bleiben bewogen? {#stay}
- type: long text
- max length: 200
"""

HE = """---
title: סקר עזיבה
language: he
privacy: רק צוות משאבי אנוש קורא תשובות בודדות. ההשתתפות היא מרצון.
---

## העזיבה שלך {#your_departure}

### מה היה גורם לך להישאר? {#stay}
- type: long text
"""

#: The words of the collector's error pages, as a German translator writes them.
DE_ERROR_WORDS = {
    '"Page not found"': '"Seite nicht gefunden"',
    '"There is no page at this address. Check the link you were given."': (
        '"Unter dieser Adresse gibt es keine Seite. Prüfen Sie den Link, den Sie erhalten haben."'
    ),
    '"This address does not accept that kind of request."': (
        '"Diese Adresse nimmt diese Art von Anfrage nicht an."'
    ),
    '"Something went wrong"': '"Etwas ist schiefgelaufen"',
    '"Something went wrong. Please try again later."': (
        '"Etwas ist schiefgelaufen. Bitte versuchen Sie es später noch einmal."'
    ),
}
HE_ERROR_WORDS = {'"Page not found"': '"הדף לא נמצא"'}
#: The lines a texts file written before this round did not have.
NEW_NAMES = ("no_page_title", "no_page", "wrong_request", "went_wrong_title", "went_wrong")


def _without_the_new_names(text: str) -> str:
    lines = text.splitlines(keepends=True)
    kept = [x for x in lines if x.split(":")[0].strip() not in NEW_NAMES]
    assert len(kept) == len(lines) - len(NEW_NAMES)
    return "".join(kept)


def _build(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(build_command, list(args))
    return result.exit_code, result.output


def _write(project: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (project / "questionnaires" / name).write_text(text, encoding="utf-8")


def _collector(project: Path):
    from collector import create_app

    app = create_app(
        {
            "TESTING": True,
            "OUTPUT_DIR": project / "output",
            "DATA_DIR": project / "data",
            "RATE_LIMIT": 1000,
        }
    )
    return app.test_client()


@pytest.fixture
def site(project: Path):
    """A German and a Hebrew questionnaire with their texts files, built and served."""
    _write(
        project,
        {
            "austritt-de.md": DE,
            "texts-de.yml": translated_texts(DE_ERROR_WORDS),
            "ivrit-he.md": HE,
            "texts-he.yml": translated_texts(HE_ERROR_WORDS),
        },
    )
    code, output = _build()
    assert code == 0, output
    return _collector(project)


# --- 1. The collector's error pages at a questionnaire's address -------------------------


@pytest.mark.parametrize(
    ("method", "path", "status", "title", "text"),
    [
        # Before: "Page not found" in English (or Dutch), to a German leaver.
        (
            "GET",
            "/austritt-de/nope",
            404,
            "Seite nicht gefunden",
            "Unter dieser Adresse gibt es keine Seite.",
        ),
        (
            "GET",
            "/austritt-de/thanks",
            404,
            "Seite nicht gefunden",
            "Unter dieser Adresse gibt es keine Seite.",
        ),
        # Before: "Method Not Allowed", werkzeug's English name.
        (
            "PUT",
            "/austritt-de/",
            405,
            "Etwas ist schiefgelaufen",
            "Diese Adresse nimmt diese Art von Anfrage nicht an.",
        ),
        (
            "DELETE",
            "/submit/austritt-de",
            405,
            "Etwas ist schiefgelaufen",
            "Diese Adresse nimmt diese Art von Anfrage nicht an.",
        ),
    ],
)
def test_an_error_page_at_a_questionnaires_address_is_in_its_language(
    site, method: str, path: str, status: int, title: str, text: str
) -> None:
    # A Dutch browser: the questionnaire's language wins over the browser's.
    response = site.open(path, method=method, headers={"Accept-Language": "nl,en;q=0.5"})
    assert response.status_code == status
    page = response.get_data(as_text=True)
    assert page.startswith("<!doctype html><html lang=de><meta charset=utf-8>")
    assert f"<title>{status} {title}</title>" in page
    assert f"<h1>{title}</h1>" in page
    assert text in page
    # Whom to ask: the questionnaire's own contact, in its language.
    assert 'Schreiben Sie an <a href="mailto:hr@example.com"' in page
    assert "Page not found" not in page and "Pagina" not in page


def test_a_script_asking_for_json_gets_the_questionnaires_language(site) -> None:
    response = site.put("/submit/austritt-de", headers={"Accept": "application/json"})
    assert response.status_code == 405
    assert response.get_json() == {
        "ok": False,
        "error": "Diese Adresse nimmt diese Art von Anfrage nicht an.",
    }


def test_a_right_to_left_questionnaires_error_page_is_right_to_left(site) -> None:
    response = site.get("/ivrit-he/nope")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert page.startswith("<!doctype html><html lang=he dir=rtl>")
    assert "<h1>הדף לא נמצא</h1>" in page


@pytest.mark.parametrize("path", ["/submit/unknown", "/nope", "/nope/austritt-de"])
def test_an_address_that_names_no_questionnaire_keeps_the_browsers_language(
    site, path: str
) -> None:
    response = site.get(path, headers={"Accept-Language": "nl-NL,nl;q=0.9"})
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert page.startswith("<!doctype html><html lang=nl>")
    assert "<h1>Pagina niet gevonden</h1>" in page
    english = site.get(path).get_data(as_text=True)
    assert english.startswith("<!doctype html><html lang=en>")
    assert "<h1>Page not found</h1>" in english


def test_a_texts_file_written_before_these_words_builds_and_shows_english(
    project: Path,
) -> None:
    _write(
        project,
        {"austritt-de.md": DE, "texts-de.yml": _without_the_new_names(TEXTS_EN)},
    )
    code, output = _build()
    assert code == 0, output
    assert (
        "questionnaires/texts-de.yml:9: warning: 'page' lacks the texts 'no_page_title', "
        "'no_page', 'wrong_request', 'went_wrong_title', 'went_wrong': the page shows the "
        "English words there (copy them from docs/texts-en.yml and translate them)"
    ) in output
    code, output = _build("--strict")
    assert code == 1
    page = _collector(project).get("/austritt-de/nope").get_data(as_text=True)
    # English words, said to be English: a screen reader must not read them as German.
    assert page.startswith("<!doctype html><html lang=en>")
    assert "<h1>Page not found</h1>" in page
    assert "There is no page at this address." in page


def test_a_form_built_by_an_earlier_release_gets_the_page_it_got_then(site, project: Path) -> None:
    """A form.json from before these words: English or Dutch as the browser asks, not a
    page that breaks or mixes two languages."""
    path = project / "output" / "austritt-de" / "form.json"
    form = json.loads(path.read_text("utf-8"))
    for name in NEW_NAMES:
        del form["texts"]["page"][name]
    path.write_text(json.dumps(form), "utf-8")
    for suffix in (".gz", ".br"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    client = _collector(project)
    page = client.get("/austritt-de/nope", headers={"Accept-Language": "nl"})
    assert page.status_code == 404
    assert page.get_data(as_text=True).startswith("<!doctype html><html lang=nl>")


# --- 3. One message, in the texts file's own terms -------------------------------------------


@pytest.fixture
def german(project: Path) -> Path:
    _write(project, {"austritt-de.md": DE, "texts-de.yml": translated_texts(DE_ERROR_WORDS)})
    return project


def test_a_misspelt_name_is_one_message(german: Path) -> None:
    """Before: a warning that 'page' lacks 'send' as well, for the one mistake."""
    texts = translated_texts(DE_ERROR_WORDS)
    line = texts.splitlines().index('  send: "Send answers"') + 1
    _write(german, {"texts-de.yml": texts.replace("  send:", "  sned:")})
    code, output = _build()
    assert code == 1
    assert (
        f"questionnaires/texts-de.yml:{line}: unknown text 'sned' in 'page' (did you mean 'send'?)"
    ) in output
    assert "lacks" not in output
    assert without_english_warnings(output).count("texts-de.yml") == 1, output


def test_a_misspelt_part_is_one_message(german: Path) -> None:
    _write(german, {"texts-de.yml": translated_texts(DE_ERROR_WORDS).replace("\npage:", "\npgae:")})
    code, output = _build()
    assert code == 1
    assert "unknown text 'pgae' (did you mean 'page'?)" in output
    assert "lacks" not in output


@pytest.mark.parametrize(
    ("english", "typed", "fix"),
    [
        ('  send: "Send answers"', "  send: Antworten: senden", 'send: "Antworten: senden"'),
        # A scale's label reads as a name and its text: the fix has no name in it.
        ('      - "Agree"', "      - Stimme zu: eher", '- "Stimme zu: eher"'),
        ('      - "Agree"', "      - Stimme zu: eher: ja", '- "Stimme zu: eher: ja"'),
    ],
)
def test_a_text_with_a_colon_and_no_quotes_is_told_to_put_them_back(
    german: Path, english: str, typed: str, fix: str
) -> None:
    """Before: "... (put such a text in double quotes: ...; explanations go in '- hint:')",
    and a scale's label was "'agreement' is empty or not a text"."""
    texts = translated_texts(DE_ERROR_WORDS)
    line = texts.splitlines().index(english) + 1
    _write(german, {"texts-de.yml": texts.replace(english + "\n", typed + "\n", 1)})
    code, output = _build()
    assert code == 1
    assert (
        f"questionnaires/texts-de.yml:{line}: this text has ': ' in it "
        f"(put the text in double quotes: {fix})"
    ) in output
    assert "hint" not in output and "not a text" not in output
