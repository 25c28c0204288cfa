"""Round 25: the page the build writes for a questionnaire HR closed ('closed: yes'), in
Chromium: accessible (axe) in light and dark, readable at 320 px, and a page opened before
it closed keeps what the leaver typed when the collector refuses it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_site import CollectorServer, served_collector
from browser_tools import describe_violations, run_axe, wait_until_true

from collector.builder import build_site

SURVEY = """---
title: {title}
language: {language}
slug: {slug}
privacy: {privacy}
contact: {contact}
---

## Leaving {{#leaving}}

### {question} {{#stay}}
- type: long text
"""
FORMS = {
    "closing-en": {
        "language": "en",
        "title": "Exit survey",
        "privacy": "Only HR reads single answers; taking part is voluntary.",
        "contact": "Questions about this survey? Mail <hr-survey@example.com>.",
        "question": "What would have made you stay?",
    },
    "closing-nl": {
        "language": "nl",
        "title": "Vertrekenquête",
        "privacy": "Alleen HR leest losse antwoorden; meedoen is vrijwillig.",
        "contact": "Vragen over deze enquête? Mail <hr-survey@example.com>.",
        "question": "Wat had ervoor gezorgd dat je was gebleven?",
    },
}
TYPED = "More room to grow, and fewer meetings."


def _sources(closed: bool) -> dict[str, str]:
    return {
        f"{slug}.md": SURVEY.format(slug=slug, **words).replace(
            "---\n\n", "closed: yes\n---\n\n" if closed else "---\n\n"
        )
        for slug, words in FORMS.items()
    }


def _build(base: Path, *, closed: bool) -> None:
    source = base / "questionnaires"
    for name, text in _sources(closed).items():
        (source / name).write_text(text, encoding="utf-8")
    build_site(source, base / "output")


@pytest.fixture(scope="module")
def closing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[CollectorServer, Path]]:
    """The real collector over the two questionnaires, open; the test closes them."""
    base = tmp_path_factory.mktemp("closing")
    server = served_collector(base, _sources(closed=False), range(9790, 9799))
    yield server, base
    server.close()


def test_a_page_opened_before_closing_keeps_the_answers_it_could_not_send(
    new_page, closing: tuple[CollectorServer, Path]
) -> None:
    server, base = closing
    _build(base, closed=False)
    page = new_page()
    page.goto(f"{server.url}/closing-en/")
    page.fill("#stay", TYPED)
    _build(base, closed=True)  # HR closes it while the leaver is typing
    page.click("button[type=submit]:not([hidden])")
    wait_until_true(page, "!!document.querySelector('.errsum')")
    summary = page.locator(".errsum").inner_text()
    assert "This questionnaire has been closed" in summary
    assert page.input_value("#stay") == TYPED  # nothing typed is lost
    assert server.stored("closing-en") == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("slug", sorted(FORMS))
def test_the_closed_page_is_accessible_and_fits_320_px(
    new_page, axe_source: str, closing: tuple[CollectorServer, Path], slug: str, scheme: str
) -> None:
    server, base = closing
    _build(base, closed=True)
    page = new_page(viewport={"width": 320, "height": 640}, color_scheme=scheme)
    response = page.goto(f"{server.url}/{slug}/")
    assert response is not None and response.status == 410
    assert page.locator("form, input, textarea, button").count() == 0
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == FORMS[slug]["title"]
    assert page.locator("html").get_attribute("lang") == FORMS[slug]["language"]
    assert page.get_by_role("link", name="hr-survey@example.com").count() == 1
    # Nothing wider than the phone: no sideways scrolling to read it.
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    result = run_axe(page, axe_source)
    assert result["violations"] == [], describe_violations(result["violations"])
