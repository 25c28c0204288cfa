"""Round 23: the links to the other languages of a questionnaire in five languages, on a
phone and a laptop, and a leaver who changes language halfway."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser_site import CollectorServer, served_collector
from questionnaire_helpers import page_words_files
from support.many_languages import LANGUAGES, LINKINGS, questionnaire


@pytest.fixture(scope="module")
def five(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CollectorServer]:
    links = LINKINGS["star around English"]
    sources = {
        f"leaving-{language}.md": questionnaire(language, links[language]) for language in LANGUAGES
    }
    sources.update(page_words_files())
    server = served_collector(tmp_path_factory.mktemp("five"), sources, range(9420, 9430))
    yield server
    server.close()


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("language", ["de", "he"])
def test_the_links_to_four_languages_are_apart_and_fit(
    new_page, five, width: int, language: str
) -> None:
    page = new_page(viewport={"width": width, "height": 800})
    page.goto(f"{five.url}/leaving-{language}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    boxes = page.eval_on_selector_all(
        "header a",
        "links => links.map(a => { const r = a.getBoundingClientRect();"
        " return [r.left, r.right, r.top]; })",
    )
    assert len(boxes) == 4
    # Two links on one line have a visible gap between them: run together, "This
    # questionnaire in EnglishהשאלוןDeze vragenlijst" reads as one link.
    for left_box in boxes:
        for right_box in boxes:
            if left_box[2] == right_box[2] and left_box[1] <= right_box[0]:
                assert right_box[0] - left_box[1] >= 8, boxes


def test_a_leaver_who_changes_language_twice_keeps_the_answers(new_page, five) -> None:
    page = new_page()
    page.goto(f"{five.url}/leaving-de/")
    page.check("input[name=departure][value=voluntary]")
    page.fill("textarea[name=stay]", "Mehr Gehalt")
    page.click("header a[hreflang=he]")
    page.wait_for_url("**/leaving-he/**")
    assert page.is_checked("input[name=departure][value=voluntary]")
    page.click("header a[hreflang=ja]")
    page.wait_for_url("**/leaving-ja/**")
    assert page.is_checked("input[name=departure][value=voluntary]")
    assert page.input_value("textarea[name=stay]") == "Mehr Gehalt"
