"""Round 27: loose ends leavers and operators still saw after round 26.

1. A refused request for a host name the operator did not list (``COLLECTOR_ALLOWED_HOSTS``)
   answered in English or Dutch only, as plain text; an address that names no questionnaire
   took its words only from the questionnaires built now, not from one HR removed.
2. ``output/index.html`` gave the one language of its first survey as everyone's heading.
3. ``flask --app collector routes`` and ``shell`` made a whole store in a mistyped or
   missing ``COLLECTOR_DATA_DIR``, where the other commands make nothing since round 26.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from collector import create_app
from collector.builder import build_site
from collector.forms import form_from_json
from collector.render import PageRenderer
from collector.ui_text import UI_TEXT
from tests.support.gunicorn import free_port
from tests.support.operator_commands import ROOT, command, tree
from tests.support.third_language import copy_questionnaires, fixture_text

# --- 1. error pages a leaver meets, in the browser's language ---------------------------

#: What Chromium sends for a page it navigates to.
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(scope="module")
def german_hebrew(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The round 26 German and Hebrew surveys, built."""
    base = tmp_path_factory.mktemp("de-he")
    copy_questionnaires(base / "questionnaires")
    build_site(base / "questionnaires", base / "output")
    return base / "output"


def _wrong_host(site: Path, data: Path, language: str, accept: str | None = BROWSER_ACCEPT):
    app = create_app(
        {"TESTING": True, "OUTPUT_DIR": site, "DATA_DIR": data, "ALLOWED_HOSTS": ["survey.example"]}
    )
    headers = {"Host": "other.example", "Accept-Language": language}
    if accept:
        headers["Accept"] = accept
    return app.test_client().get("/austritt-de/", headers=headers)


@pytest.mark.parametrize(
    ("language", "lang", "words"),
    [
        ("de-DE,de;q=0.9,en;q=0.8", "<html lang=de>", "<h1>Etwas ist schiefgegangen</h1><p>Diese"),
        ("he-IL,he;q=0.9", "<html lang=he dir=rtl>", "<h1>משהו השתבש</h1><p>הכתובת"),
        ("nl", "<html lang=nl>", "Deze server antwoordt niet op die hostnaam."),
        ("fr", "<html lang=en>", "This server does not answer to that host name."),
    ],
)
def test_a_host_the_operator_did_not_list_is_refused_in_the_browser_s_language(
    german_hebrew: Path, tmp_path: Path, language: str, lang: str, words: str
) -> None:
    refused = _wrong_host(german_hebrew, tmp_path / "data", language)
    assert refused.status_code == 400
    assert refused.mimetype == "text/html"
    page = refused.get_data(as_text=True)
    assert page.startswith(f"<!doctype html>{lang}")
    assert words in page
    assert f"<html lang={refused.headers['Content-Language']}" in page
    # Served under whatever name the request gave: a page that loads nothing.
    assert refused.headers["Content-Security-Policy"].startswith("default-src 'none'")


def test_a_script_still_gets_the_refusal_as_plain_text(german_hebrew: Path, tmp_path: Path) -> None:
    for accept, language, text in [
        (None, "en", "Bad Request: this server does not answer to that host name.\n"),
        # The same shape in every language (round 27's follow-ups).
        ("*/*", "he", "משהו השתבש: הכתובת הזו לא מקבלת בקשה מסוג זה.\n"),
        (
            "application/json",
            "de",
            "Etwas ist schiefgegangen: Diese Adresse nimmt diese Art von Anfrage nicht an.\n",
        ),
    ]:
        refused = _wrong_host(german_hebrew, tmp_path / "data", language, accept)
        assert refused.status_code == 400 and refused.mimetype == "text/plain"
        assert refused.get_data(as_text=True) == text


def test_a_removed_survey_s_language_still_says_page_not_found(
    german_hebrew: Path, built_site: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    create_app({"TESTING": True, "OUTPUT_DIR": german_hebrew, "DATA_DIR": data})
    # HR removed the German and Hebrew surveys; the English and Dutch ones stay.
    app = create_app({"TESTING": True, "OUTPUT_DIR": built_site, "DATA_DIR": data})
    client = app.test_client()
    for language, lang, title in [
        ("de", "lang=de", "Seite nicht gefunden"),
        ("he", "lang=he dir=rtl", "הדף לא נמצא"),
    ]:
        headers = {"Accept-Language": language}
        for answer in (
            client.post("/submit/austrit-de", data={"closing": "x"}, headers=headers),
            client.get("/austrit-de/", headers=headers),
        ):
            assert answer.status_code == 404
            page = answer.get_data(as_text=True)
            assert f"<html {lang}>" in page and f"<h1>{title}</h1>" in page
        # Its own old address still says it has closed, as before.
        assert client.get("/austritt-de/", headers=headers).status_code == 410


def test_the_page_s_script_gets_why_a_post_to_an_unknown_survey_was_refused(
    german_hebrew: Path, tmp_path: Path
) -> None:
    app = create_app({"TESTING": True, "OUTPUT_DIR": german_hebrew, "DATA_DIR": tmp_path / "d"})
    client = app.test_client()

    def post(mode: str) -> tuple[int, str]:
        headers = {"Accept-Language": "he", "Accept": "*/*", "Sec-Fetch-Mode": mode}
        answer = client.post("/submit/austrit-de", data={"closing": "x"}, headers=headers)
        return answer.status_code, answer.get_data(as_text=True)

    # The script (fetch) shows a page's .errsum above the form; without one it said "check
    # your connection and send them again".
    status, page = post("cors")
    assert status == 404
    # (Since round 27's follow-ups, under the not-sent heading: tests/test_round27_followups.py.)
    assert "<div class=errsum lang=he dir=rtl><div role=alert><h2>התשובות שלך לא נשלחו</h2>" in page
    # Without the script the page replaces the form, as before.
    status, page = post("navigate")
    assert status == 404 and "<h1>הדף לא נמצא</h1>" in page and "errsum" not in page


# --- 2. output/index.html in each survey's language --------------------------------------


def _index(*sites_and_slugs: tuple[Path, str]) -> str:
    forms = [
        form_from_json((site / slug / "form.json").read_text(encoding="utf-8"))
        for site, slug in sites_and_slugs
    ]
    return PageRenderer([]).index_page(forms, root="")


def test_the_index_says_what_it_is_in_each_language_of_its_surveys(
    german_hebrew: Path, built_site: Path
) -> None:
    page = _index((german_hebrew, "austritt-de"), (german_hebrew, "exit-he"))
    assert '<html lang="de">' in page
    assert "<title>Befragungen / סקרים</title>" in page
    assert '<h1>Befragungen<br><span lang="he" dir="rtl">סקרים</span></h1>' in page
    assert '<p lang="he" dir="rtl">בחרו את הסקר מההזמנה שקיבלתם' in page
    page = _index((built_site, "exit-en"), (built_site, "exit-nl"))
    assert '<h1>Questionnaires<br><span lang="nl">Vragenlijsten</span></h1>' in page
    assert '<p lang="nl">Kies de vragenlijst' in page


def test_a_one_language_index_and_a_texts_file_left_in_english_say_it_once(
    german_hebrew: Path, built_site: Path, tmp_path: Path
) -> None:
    page = _index((built_site, "exit-en"))
    assert "<title>Questionnaires</title>" in page and "<h1>Questionnaires</h1>" in page
    assert "<span lang=" not in page and "<p lang=" not in page
    # A Hebrew texts file that kept these two lines as docs/texts-en.yml has them: English
    # once, not a second "Questionnaires" marked as Hebrew.
    english = fixture_text("texts-he.yml")
    for name in ("index_title", "index_intro"):
        line = next(x for x in english.splitlines() if x.strip().startswith(f"{name}:"))
        words = UI_TEXT["en"][name]
        english = english.replace(line, f'  {name}: "{words}"')
    copy_questionnaires(tmp_path / "q", texts={"texts-he.yml": english})
    build_site(tmp_path / "q", tmp_path / "out")
    page = _index((built_site, "exit-en"), (tmp_path / "out", "exit-he"))
    assert page.count("Questionnaires") == 2  # the title and the heading
    assert "<h1>Questionnaires</h1>" in page and 'lang="he"' in page  # the Hebrew link


# --- 3. flask routes / flask shell on a wrong data folder ---------------------------------


@pytest.mark.parametrize("look", [("routes",), ("shell",)])
@pytest.mark.parametrize("made", [False, True], ids=["missing", "empty"])
def test_routes_and_shell_make_nothing_in_a_wrong_data_folder(
    built_site: Path, tmp_path: Path, look: tuple[str, ...], made: bool
) -> None:
    data = tmp_path / "data-typo"
    if made:
        data.mkdir()
    result = command(built_site, data, *look, stdin=b"print('shell ran')\n")
    assert result.returncode == 0, result.stderr.decode()
    if look == ("routes",):
        assert b"/submit/<slug>" in result.stdout
    else:
        assert b"shell ran" in result.stdout
    # Not a store (responses/, forms/, limits/, secret-key): nothing at all.
    assert (tree(data) if made else data.exists()) == ([] if made else False)


def test_the_shell_still_writes_a_real_store(built_site: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    _serve_until_the_store_is_made(built_site, data)
    # What an operator's shell may do to a store the collector made: archive a version.
    archive = (
        "s = app.extensions['exit_survey']; f = s.forms.current('exit-en'); "
        "import dataclasses; s.forms.archive(dataclasses.replace(f, version='0123456789ab'))\n"
    )
    result = command(built_site, data, "shell", stdin=archive.encode())
    assert result.returncode == 0, result.stderr.decode()
    assert (data / "forms" / "exit-en" / "0123456789ab.json").is_file(), result.stderr.decode()


def test_flask_run_still_makes_the_store_on_a_first_start(built_site: Path, tmp_path: Path) -> None:
    data = tmp_path / "new-data"
    _serve_until_the_store_is_made(built_site, data)  # fails unless flask run makes it


def _serve_until_the_store_is_made(site: Path, data: Path) -> None:
    """``flask run`` as on a first start, stopped once its store is there."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COLLECTOR_")}
    env.update(COLLECTOR_OUTPUT_DIR=str(site), COLLECTOR_DATA_DIR=str(data))
    # free_port()'s port is closed again before flask binds it: under load another process
    # can take it, and the server stops at start. Then once more, on another port.
    for attempt in range(5):
        server = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "collector", "run", "-p", str(free_port())],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            deadline = time.monotonic() + 60
            while not all((data / name).exists() for name in ("responses", "forms", "secret-key")):
                if server.poll() is not None:
                    break
                assert time.monotonic() < deadline, "flask run made no store"
                time.sleep(0.1)
            else:
                return
        finally:
            server.terminate()
            error = server.communicate(timeout=30)[1].decode()
        assert "in use" in error and attempt < 4, f"flask run stopped: {error}"
