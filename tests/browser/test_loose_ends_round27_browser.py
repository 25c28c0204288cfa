"""Round 27 in Chromium: the error pages a German or Hebrew leaver can still reach (a post
to a survey the collector does not know, a host name the operator did not list), in their
language and direction, axe clean; and ``output/index.html`` of a German and Hebrew build."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_site import CollectorServer
from browser_tools import (
    CHROMIUM,
    CHROMIUM_ARGS,
    describe_violations,
    run_axe,
    screenshot,
    wait_until_true,
)
from support.third_language import copy_questionnaires

from collector import create_app
from collector.builder import build_site

#: Chromium's own Accept-Language for these locales.
LOCALES = {"de": "de-DE", "he": "he-IL"}
#: Words of each language's texts file the pages must show.
WORDS = {
    "de": ("Seite nicht gefunden", "Etwas ist schiefgegangen"),
    "he": ("הדף לא נמצא", "משהו השתבש"),
}
#: The block the script shows for an unknown survey (since round 27's follow-ups): the
#: answers were not sent, and to copy them before leaving the page, the only one with them.
SCRIPT_WORDS = {
    "de": ("Ihre Antworten wurden nicht gesendet", "Kopieren Sie Ihre längsten Antworten"),
    "he": ("התשובות שלך לא נשלחו", "העתיקו את התשובות הארוכות"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("round27")
    copy_questionnaires(base / "questionnaires")
    build_site(base / "questionnaires", base / "output")
    return base


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[CollectorServer]:
    app = create_app(
        {
            "TESTING": True,
            "OUTPUT_DIR": site / "output",
            "DATA_DIR": site / "data",
            "RATE_LIMIT": 1000,
            "ALLOWED_HOSTS": ["survey.example", "127.0.0.1"],
        }
    )
    served = CollectorServer(app)
    yield served
    served.close()


@pytest.fixture(scope="module")
def mistyped_host_browser(browser):
    """Chromium that finds the collector under a name the operator did not list."""
    launched = browser.browser_type.launch(
        executable_path=str(CHROMIUM),
        args=[*CHROMIUM_ARGS, "--host-resolver-rules=MAP wrong.example 127.0.0.1"],
    )
    yield launched
    launched.close()


def _check_page(page, axe_source: str, language: str, words: str) -> None:
    violations = run_axe(page, axe_source)["violations"]
    assert not violations, describe_violations(violations)
    assert page.evaluate("document.documentElement.lang") == language
    direction = "rtl" if language == "he" else "ltr"
    assert page.evaluate("getComputedStyle(document.body).direction") == direction
    assert page.inner_text("h1") == words


@pytest.mark.parametrize("language", ["de", "he"])
def test_a_post_to_an_unknown_survey_answers_in_the_browser_s_language(
    new_page, server: CollectorServer, axe_source: str, language: str
) -> None:
    # Without the script, as a form page whose survey the collector no longer knows (an old
    # copy, a mistyped address in a link) posts: the answer replaces the page.
    page = new_page(block_enhance=True, locale=LOCALES[language])
    page.goto(f"{server.url}/austritt-de/")
    page.evaluate("document.querySelector('main form').action = '/submit/austrit-de'")
    with page.expect_navigation():
        page.click("button[type=submit]")
    _check_page(page, axe_source, language, WORDS[language][0])


@pytest.mark.parametrize("language", ["de", "he"])
def test_the_script_says_why_a_post_to_an_unknown_survey_was_refused(
    new_page, server: CollectorServer, axe_source: str, language: str
) -> None:
    # With the script, the form stays and a block above it says why: it said "check your
    # connection and send them again", which cannot work for a survey the collector does
    # not know.
    page = new_page(locale=LOCALES[language])
    page.goto(f"{server.url}/austritt-de/")
    page.evaluate("document.querySelector('main form').action = '/submit/austrit-de'")
    page.fill("main form textarea:visible", "Meine längste Antwort")
    page.click("button[type=submit]")
    wait_until_true(page, "!!document.querySelector('main .errsum')")
    block = page.locator("main .errsum")
    assert block.get_attribute("lang") == language
    direction = "rtl" if language == "he" else "ltr"
    assert block.evaluate("(x) => getComputedStyle(x).direction") == direction
    heading, copy = SCRIPT_WORDS[language]
    assert block.locator("h2").inner_text() == heading
    assert copy in block.locator("p").last.inner_text()
    # The answers it says to copy are still there.
    assert page.input_value("main form textarea:visible") == "Meine längste Antwort"
    wait_until_true(page, "document.activeElement.classList.contains('errsum')")
    violations = run_axe(page, axe_source)["violations"]
    assert not violations, describe_violations(violations)


@pytest.mark.parametrize("language", ["de", "he"])
def test_a_host_the_operator_did_not_list_answers_in_the_browser_s_language(
    mistyped_host_browser, server: CollectorServer, axe_source: str, language: str
) -> None:
    context = mistyped_host_browser.new_context(locale=LOCALES[language])
    try:
        page = context.new_page()
        port = server.url.rsplit(":", 1)[1]
        answer = page.goto(f"http://wrong.example:{port}/austritt-de/")
        assert answer is not None and answer.status == 400
        _check_page(page, axe_source, language, WORDS[language][1])
    finally:
        context.close()


#: The index's heading lines and opening lines, by language and computed direction.
_INDEX_LINES = """() => [...document.querySelectorAll('h1, h1 > span, main > p')].map((x) => [
  x.tagName, x.closest('[lang]').lang, getComputedStyle(x).direction,
  (x.tagName === 'H1' ? x.firstChild.textContent : x.textContent).trim()])"""


@pytest.mark.parametrize(
    ("which", "lines"),
    [
        (
            "de-he",
            [
                ["H1", "de", "ltr", "Befragungen"],
                ["SPAN", "he", "rtl", "סקרים"],
                ["P", "de", "ltr", "Wählen Sie"],
                ["P", "he", "rtl", "בחרו את הסקר"],
            ],
        ),
        (
            "en-nl",
            [
                ["H1", "en", "ltr", "Questionnaires"],
                ["SPAN", "nl", "ltr", "Vragenlijsten"],
                ["P", "en", "ltr", "Choose the questionnaire"],
                ["P", "nl", "ltr", "Kies de vragenlijst"],
            ],
        ),
    ],
)
def test_the_index_says_what_it_is_in_each_survey_s_language(
    new_page, server: CollectorServer, collector: CollectorServer, axe_source, which, lines
) -> None:
    page = new_page()
    page.goto(f"{(server if which == 'de-he' else collector).url}/")
    violations = run_axe(page, axe_source)["violations"]
    assert not violations, describe_violations(violations)
    found = page.evaluate(_INDEX_LINES)
    assert [line[:3] for line in found] == [line[:3] for line in lines]
    assert all(f[3].startswith(want[3]) for f, want in zip(found, lines, strict=True)), found
    # Each survey's link still in its own language, beside its language's name.
    links = page.evaluate("[...document.querySelectorAll('.forms a')].map((a) => a.hreflang)")
    assert sorted(links) == sorted(line[1] for line in lines if line[0] == "P")
    screenshot(page, f"round27-index-{which}")
