"""Round 27's follow-ups, from the review of its loose ends.

1. The page's script that sent answers to a survey the collector does not know showed
   "Page not found: check the link you were given", never that the answers were not sent,
   and sent the leaver away from the only page that held them.
2. Every refused host and every 404 read the data folder's archive (4.5 ms a request with
   40 removed surveys), and archived a newly built form.json: a refused request wrote into
   the data folder.
3. A texts-file language's wrong-host page said "try again later", which never helps, with
   its title repeated as the text's first words.
4. The index took its ``lang`` from closed surveys too, whose headings it does not show.
5. A texts file that translated the index's title but not its intro marked the English
   intro as its own language.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from collector import create_app
from collector.builder import build_site
from collector.forms import FormRegistry, form_from_json
from collector.render import PageRenderer
from tests.support.operator_commands import tree
from tests.support.third_language import copy_questionnaires, fixture_text

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def _built(folder: Path, texts: dict[str, str] | None = None) -> Path:
    """The round 26 German and Hebrew surveys, built into ``folder``/output."""
    copy_questionnaires(folder / "questionnaires", texts=texts)
    build_site(folder / "questionnaires", folder / "output")
    return folder / "output"


@pytest.fixture(scope="module")
def german_hebrew(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _built(tmp_path_factory.mktemp("de-he"))


def _script_post(site: Path, data: Path, language: str) -> str:
    """What the page's script gets back for answers sent to a survey never built here."""
    client = create_app({"TESTING": True, "OUTPUT_DIR": site, "DATA_DIR": data}).test_client()
    headers = {"Accept-Language": language, "Accept": "*/*", "Sec-Fetch-Mode": "cors"}
    answer = client.post("/submit/austrit-de", data={"closing": "x"}, headers=headers)
    assert answer.status_code == 404
    return answer.get_data(as_text=True)


# --- 1. answers sent to a survey the collector does not know ------------------------------


@pytest.mark.parametrize(
    ("language", "block"),
    [
        (
            "en",
            "<div class=errsum lang=en dir=ltr><div role=alert><h2>Your answers were not sent"
            "</h2><p>There is no page at this address. Check the link you were given.</p>"
            "<p>Sending them again will not work. Copy your longest answers from this page "
            "before you leave it.</p></div></div>",
        ),
        (
            "nl",
            "<h2>Je antwoorden zijn niet verstuurd</h2><p>Op dit adres staat geen pagina. "
            "Controleer de link die je kreeg.</p><p>Opnieuw versturen werkt niet. Kopieer je "
            "langste antwoorden van deze pagina voordat je hem verlaat.</p>",
        ),
        (
            "de",
            "<div class=errsum lang=de dir=ltr><div role=alert><h2>Ihre Antworten wurden "
            "nicht gesendet</h2><p>Unter dieser Adresse gibt es keine Seite. Prüfen Sie den "
            "Link, den Sie erhalten haben.</p><p>Erneutes Senden funktioniert nicht. Kopieren "
            "Sie Ihre längsten Antworten von dieser Seite, bevor Sie sie verlassen.</p>",
        ),
        ("he", "<h2>התשובות שלך לא נשלחו</h2><p>אין דף בכתובת הזו."),
    ],
)
def test_the_script_is_told_its_answers_were_not_sent_and_to_copy_them_first(
    german_hebrew: Path, tmp_path: Path, language: str, block: str
) -> None:
    assert block in _script_post(german_hebrew, tmp_path / "data", language)


def test_a_texts_file_without_the_copy_line_shows_it_in_english_marked(tmp_path: Path) -> None:
    german = "".join(
        line
        for line in fixture_text("texts-de.yml").splitlines(keepends=True)
        if "no_page_copy" not in line
    )
    site = _built(tmp_path, {"texts-de.yml": german})
    page = _script_post(site, tmp_path / "data", "de")
    assert "<h2>Ihre Antworten wurden nicht gesendet</h2><p>Unter dieser Adresse" in page
    assert "<p lang=en dir=ltr>Sending them again will not work." in page


# --- 2. a refused host: nothing written, nothing read again ------------------------------


def _refused(app, language: str, accept: str = BROWSER_ACCEPT):
    headers = {"Host": "other.example", "Accept-Language": language, "Accept": accept}
    return app.test_client().get("/austritt-de/", headers=headers)


def _host_checked_app(site: Path, data: Path):
    settings = {"OUTPUT_DIR": site, "DATA_DIR": data, "ALLOWED_HOSTS": ["survey.example"]}
    return create_app({"TESTING": True, **settings})


def test_a_refused_host_writes_nothing_in_the_data_folder(tmp_path: Path) -> None:
    site, data = _built(tmp_path), tmp_path / "data"
    app = _host_checked_app(site, data)
    # HR rebuilds: a version the collector has not archived yet.
    path = site / "austritt-de" / "form.json"
    form = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**form, "version": "0123456789ab"}), encoding="utf-8")
    before = tree(data)
    for accept in (BROWSER_ACCEPT, "*/*"):
        assert _refused(app, "de", accept).status_code == 400
    assert tree(data) == before


def test_the_folders_are_read_once_and_again_only_after_a_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _built(tmp_path)
    app = _host_checked_app(site, tmp_path / "data")
    reads = []
    retired = FormRegistry.retired
    monkeypatch.setattr(FormRegistry, "retired", lambda self: reads.append(1) or retired(self))
    # English or Dutch first: no texts file can change the choice.
    for language in ("en", "nl-NL,nl;q=0.9", "en-GB,en;q=0.9,de;q=0.8", "de,en", ""):
        assert _refused(app, language).status_code == 400
    assert reads == []
    for _ in range(3):
        assert "Diese Adresse nimmt" in _refused(app, "de").get_data(as_text=True)
    assert len(reads) == 1
    # HR rebuilt with new words: read again.
    path = site / "austritt-de" / "form.json"
    form = json.loads(path.read_text(encoding="utf-8"))
    form["texts"]["page"]["wrong_request"] = "Neue Worte."
    path.write_text(json.dumps(form), encoding="utf-8")
    assert "<p>Neue Worte.</p>" in _refused(app, "de").get_data(as_text=True)
    assert len(reads) == 1  # the archive did not change


def test_the_refusal_is_never_kept_and_varies_with_the_browser_s_languages(
    german_hebrew: Path, tmp_path: Path
) -> None:
    app = _host_checked_app(german_hebrew, tmp_path / "data")
    for accept in (BROWSER_ACCEPT, "*/*"):
        refused = _refused(app, "he", accept)
        assert refused.headers["Vary"] == "Accept, Accept-Language"
        assert refused.headers["Cache-Control"] == "no-store"
        assert refused.headers["Content-Language"] == "he"


# --- 3. the wrong-host page of a texts-file language --------------------------------------


def test_a_texts_file_language_s_refusal_says_no_try_again_later(
    german_hebrew: Path, tmp_path: Path
) -> None:
    app = _host_checked_app(german_hebrew, tmp_path / "data")
    page = _refused(app, "de").get_data(as_text=True)
    assert "<h1>Etwas ist schiefgegangen</h1><p>Diese Adresse nimmt" in page
    assert "später" not in page and page.count("Etwas ist schiefgegangen") == 2  # and <title>
    # For a script, "title: text" as in English and Dutch.
    for language, plain in [
        ("en", "Bad Request: this server does not answer to that host name.\n"),
        ("de", "Etwas ist schiefgegangen: Diese Adresse nimmt diese Art von Anfrage nicht an.\n"),
    ]:
        assert _refused(app, language, "*/*").get_data(as_text=True) == plain


# --- 4. and 5. the index's language and its words ----------------------------------------


def _form(site: Path, name: str, **changes):
    form = form_from_json((site / name / "form.json").read_text(encoding="utf-8"))
    return dataclasses.replace(form, **changes)


def test_the_index_speaks_the_language_of_its_open_surveys(german_hebrew: Path) -> None:
    closed = [
        _form(german_hebrew, "austritt-de", slug=slug, closed=True, translations={})
        for slug in ("austritt-2024", "austritt-2025")
    ]
    page = PageRenderer([]).index_page([*closed, _form(german_hebrew, "exit-he")], root="")
    assert '<html lang="he" dir="rtl">' in page
    assert "Befragungen" not in page and "<h1>סקרים</h1>" in page


def test_an_index_word_a_texts_file_left_in_english_is_marked_english(tmp_path: Path) -> None:
    hebrew = fixture_text("texts-he.yml")
    line = next(x for x in hebrew.splitlines() if x.strip().startswith("index_intro:"))
    intro = "Choose the questionnaire from the invitation you received, in the language you prefer."
    site = _built(tmp_path, {"texts-he.yml": hebrew.replace(line, f'  index_intro: "{intro}"')})
    page = PageRenderer([]).index_page([_form(site, "exit-he")], root="")
    assert '<html lang="he" dir="rtl">' in page and "<h1>סקרים</h1>" in page
    assert f'<p lang="en" dir="ltr">{intro}</p>' in page
