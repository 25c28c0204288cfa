"""Round 26: an exit survey in German and Hebrew (tests/fixtures/round26), every page and
state a leaver can meet, in Chromium: no axe violation in light or dark, and no English
word on a Hebrew page that HR could not have translated in texts-he.yml."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser_site import CollectorServer, served_collector
from browser_tools import describe_violations, run_axe, wait_until_true
from support.third_language import FIXTURES

#: Latin text the Hebrew pages may show: the department "IT" (a choice HR wrote so), the
#: contact's address and the date formats of texts-he.yml's hints.
LATIN_ALLOWED = ("IT", "hr-survey@example.com", "YYYY-MM", "YYYY-MM-DD")

#: Visible text outside an element in another language, with its element's direction.
_TEXTS = """() => { const out = []; const walk = document.createTreeWalker(document.body, 4);
  let node; while ((node = walk.nextNode())) { const text = node.textContent.trim();
    const el = node.parentElement; if (!text || !el.checkVisibility()) continue;
    const lang = el.closest('[lang]'); if (lang && lang.lang !== document.documentElement.lang) continue;
    out.push([text, getComputedStyle(el).direction]); } return out; }"""

LANGUAGES = {"exit-he": "he", "austritt-de": "de"}


def _sources(closed: bool) -> dict[str, str]:
    sources = {path.name: path.read_text("utf-8") for path in FIXTURES.iterdir()}
    if closed:
        for name in ("exit-he.md", "austritt-de.md"):
            sources[name] = sources[name].replace("\nslug:", "\nclosed: yes\nslug:", 1)
    return sources


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CollectorServer]:
    server = served_collector(tmp_path_factory.mktemp("third"), _sources(closed=False))
    yield server
    server.close()


@pytest.fixture(scope="module")
def closed_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CollectorServer]:
    server = served_collector(tmp_path_factory.mktemp("closed"), _sources(closed=True))
    yield server
    server.close()


def _check(page, axe_source: str, language: str) -> None:
    violations = run_axe(page, axe_source)["violations"]
    assert not violations, describe_violations(violations)
    assert page.evaluate("document.documentElement.lang") == language
    texts = page.evaluate(_TEXTS)
    if language == "he":
        assert page.evaluate("document.documentElement.dir") == "rtl"
        latin = [
            text
            for text, _ in texts
            if any(c.isascii() and c.isalpha() for c in text)
            and not any(word in text for word in LATIN_ALLOWED)
        ]
        assert not latin, latin
        assert {direction for _, direction in texts} == {"rtl"}, texts


def _form_states(page, url: str, slug: str) -> Iterator[str]:
    """The form, then the form with its errors (the script's in place, or the collector's
    page without the script), each yielded for checking."""
    page.goto(f"{url}/{slug}/")
    yield "form"
    page.check("[name=departure][value=voluntary]")
    page.check("[name=reasons][value=other]")
    page.fill("[name=reasons__other]", "x" * 501)
    page.fill("[name=home_days]", "7")
    page.fill("[name=career_talk]", "31-02-2026")
    page.click("button[type=submit]")
    wait_until_true(page, "!!document.querySelector('.errsum a')")
    yield "errors"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("script", [True, False], ids=["script", "no-script"])
@pytest.mark.parametrize("slug", list(LANGUAGES))
def test_the_form_and_its_errors(
    new_page, axe_source: str, site, slug: str, script: bool, scheme: str
) -> None:
    language = LANGUAGES[slug]
    page = new_page(block_enhance=not script, color_scheme=scheme, locale=language)
    for state in _form_states(page, site.url, slug):
        if state == "errors" and not script:
            assert "/submit/" in page.url
        _check(page, axe_source, language)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("slug", list(LANGUAGES))
def test_the_pages_around_the_form(new_page, axe_source: str, site, slug: str, scheme: str):
    """The thank-you page, the page that says answers were not sent (a changed
    questionnaire, without the script), the index and the collector's error pages, the one
    of a mistyped questionnaire name included."""
    language = LANGUAGES[slug]
    page = new_page(block_enhance=True, color_scheme=scheme, locale=language)
    page.goto(f"{site.url}/{slug}/thanks.html")
    _check(page, axe_source, language)
    page.goto(f"{site.url}/{slug}/")
    page.evaluate(
        "() => { const x = document.createElement('input'); x.type = 'hidden';"
        " x.name = 'gone_question'; x.value = '1'; document.forms[0].append(x); }"
    )
    page.click("button[type=submit]")
    wait_until_true(page, "location.pathname.startsWith('/submit/')")
    assert "/submit/" in page.url
    _check(page, axe_source, language)
    for path in (f"{slug}/nope", f"{slug}x/"):
        response = page.goto(f"{site.url}/{path}")
        assert response is not None and response.status == 404
        _check(page, axe_source, language)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("slug", list(LANGUAGES))
def test_the_closed_questionnaire(
    new_page, axe_source: str, closed_site, slug: str, scheme: str
) -> None:
    language = LANGUAGES[slug]
    page = new_page(color_scheme=scheme, locale=language)
    page.goto(f"{closed_site.url}/{slug}/")
    _check(page, axe_source, language)
    assert page.locator("form").count() == 0


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_index(new_page, axe_source: str, site, scheme: str) -> None:
    page = new_page(color_scheme=scheme)
    page.goto(f"{site.url}/")
    violations = run_axe(page, axe_source)["violations"]
    assert not violations, describe_violations(violations)
    assert page.locator("a[hreflang=he]").get_attribute("dir") == "rtl"
