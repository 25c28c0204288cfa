"""Round 22, polish: the page's script fills in every {n} and {t} of a translation, as the
collector does; it filled only the first, and a German leaver read "Abschnitt 1 von 2
({n}/{t})". And a German leaver's mistyped link gets a German page in Chromium."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser_site import CollectorServer, served_collector
from questionnaire_helpers import translated_texts

DE = """---
title: Austrittsbefragung
language: de
privacy: Nur das HR-Team liest einzelne Antworten. Die Teilnahme ist freiwillig.
---

## Ihr Austritt {#your_departure}

### Was hätte Sie zum Bleiben bewogen? {#stay}
- type: long text
- max length: 10

## Rückblick {#looking_back}

### Möchten Sie noch etwas sagen? {#closing}
- type: long text
"""

#: Translations that use a placeholder twice: the builder accepts them, and the page
#: without the script (str.format) fills in both.
WORDS = {
    '"Section {n} of {t}"': '"Abschnitt {n} von {t} ({n}/{t})"',
    '"You have {n} characters remaining"': '"Noch {n} Zeichen – {n} frei"',
    '"You have {n} characters too many"': '"{n} Zeichen zu viel: bitte {n} löschen"',
    '"Page not found"': '"Seite nicht gefunden"',
}


@pytest.fixture(scope="module")
def german(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CollectorServer]:
    texts = {"austritt-de.md": DE, "texts-de.yml": translated_texts(WORDS)}
    server = served_collector(tmp_path_factory.mktemp("polish"), texts, range(9250, 9260))
    yield server
    server.close()


def test_a_placeholder_used_twice_is_filled_in_twice(new_page, german) -> None:
    page = new_page()
    page.goto(german.url + "/austritt-de/")
    progress = [x.strip() for x in page.locator(".progress").all_inner_texts()]
    assert progress == ["Abschnitt 1 von 2 (1/2)", "Abschnitt 2 von 2 (2/2)"]
    box = page.locator("#stay")
    info = page.locator("#stay-info")
    box.fill("Gehalt")
    assert info.inner_text() == "Noch 4 Zeichen – 4 frei"
    box.fill("Gehalt und Team")
    assert info.inner_text() == "5 Zeichen zu viel: bitte 5 löschen"
    assert page.problems == []  # type: ignore[attr-defined]


def test_a_mistyped_link_gets_a_page_in_the_questionnaires_language(new_page, german) -> None:
    page = new_page(locale="nl-NL")
    response = page.goto(german.url + "/austritt-de/danke")
    assert response is not None and response.status == 404
    assert page.evaluate("document.documentElement.lang") == "de"
    assert page.locator("h1").inner_text() == "Seite nicht gefunden"
    assert page.title() == "404 Seite nicht gefunden"
