"""Round 24 in Chromium: a Hebrew leaver whose texts file lacks some words, and management
reading the report of a Hebrew questionnaire in English.

The language a screen reader picks for a line is the one Chromium computes for it (``lang``
on it or an ancestor): read here with ``:lang()``. Where a "?" lands is read from the
rendered page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from browser_site import CollectorServer, served_collector
from browser_tools import screenshot, wait_until_true
from questionnaire_helpers import HEBREW_SHORT, translated_texts, without_words

from collector.report import build_page

#: Translated; every other word of the page is left in English (texts-he.yml lacks it).
HEBREW = {
    'send: "Send answers"': 'send: "שליחת התשובות"',
    'optional: "(optional)"': 'optional: "(לא חובה)"',
    'char_limit: "You can enter up to {n} characters"': 'char_limit: "אפשר לכתוב עד {n} תווים"',
    'chars_left: "You have {n} characters remaining"': 'chars_left: "נותרו {n} תווים"',
    'too_long: "The answer to “{q}” must be {n} characters or less (it is {length})"': (
        'too_long: "התשובה ל“{q}” ארוכה מ-{n} תווים ({length})"'
    ),
}
MISSING = ("section_progress", "number_range", "error_summary", "error_summary_many")
MISSING += ("error_prefix", "required_choice", "too_large", "chars_over", "char_over")
MISSING += ("not_sent_network",)


def _texts() -> str:
    return without_words(translated_texts(HEBREW), MISSING)


@pytest.fixture(scope="module")
def hebrew(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CollectorServer]:
    sources = {"leaving-he.md": HEBREW_SHORT, "texts-he.yml": _texts()}
    server = served_collector(tmp_path_factory.mktemp("hebrew"), sources, range(9485, 9495))
    yield server
    server.close()


def language_of(page, selector: str) -> list[str]:
    """The language Chromium gives each element of ``selector`` (as a screen reader gets it)."""
    return page.eval_on_selector_all(
        selector,
        "xs => xs.map(x => x.matches(':lang(en)') ? 'en' : x.matches(':lang(he)') ? 'he' : '?')",
    )


#: Whether the last character of ``text`` (its "?") shows left of its first (a Hebrew
#: text's end is on the left), found in the rendered text of the element ``selector``.
QUESTION_MARK_LEFT = """([selector, text]) => {
  const walk = document.createTreeWalker(document.querySelector(selector), NodeFilter.SHOW_TEXT);
  const chars = [];
  for (let node = walk.nextNode(); node; node = walk.nextNode()) {
    for (let i = 0; i < node.length; i++) chars.push([node, i]);
  }
  const at = chars.map(([node, i]) => node.data[i]).join('').indexOf(text);
  const box = ([node, i]) => { const r = document.createRange(); r.setStart(node, i);
    r.setEnd(node, i + 1); return r.getBoundingClientRect(); };
  return box(chars[at + text.length - 1]).right <= box(chars[at]).left + 1;
}"""


def test_every_english_word_of_the_error_state_is_marked_english(new_page, hebrew) -> None:
    # Before: "There are 2 problems", "Select an answer to …", "Error:", "Section 1 of 2"
    # and "Enter a number from 0 to 7" had the page's lang="he": a Hebrew voice read them.
    page = new_page(locale="he-IL")
    page.goto(f"{hebrew.url}/leaving-he/")
    page.fill("#years", "9")
    page.fill("#stay", "א" * 25)
    page.click("button[type=submit]")
    wait_until_true(page, "!!document.querySelector('.errsum li')")
    screenshot(page, "round24-hebrew-error-state", full_page=True)
    assert language_of(page, ".errsum h2") == ["en"]
    # required_choice and too_large are English; too_long is Hebrew, and stays so.
    assert language_of(page, ".errsum li") == ["en", "en", "he"]
    assert language_of(page, ".err .vh") == ["en", "en", "en"]  # "Error:"
    assert language_of(page, ".progress") == ["en", "en"]
    assert language_of(page, "#years-hint p") == ["en"]
    # The question quoted in an English message is Hebrew, and keeps its "?" at its end.
    assert language_of(page, ".errsum li:first-child bdi") == ["he"]
    assert page.evaluate(QUESTION_MARK_LEFT, [".errsum li:first-child", "איך הסתיימה העבודה שלך?"])
    # The words the texts file has are not marked.
    assert set(language_of(page, "button[type=submit], #stay-max, .opt")) == {"he"}
    assert page.problems == []


def test_the_count_is_said_in_the_language_of_its_words(new_page, hebrew) -> None:
    # Before: the script wrote "You have 5 characters too many" (English: the texts file
    # lacks chars_over) into a live region without a language.
    page = new_page()
    page.goto(f"{hebrew.url}/leaving-he/")
    live = "document.getElementById('stay-info').nextElementSibling"
    page.fill("#stay", "אבג")
    wait_until_true(page, f"{live}.textContent.includes('17')")
    assert page.evaluate(f"{live}.matches(':lang(he)')")  # chars_left is Hebrew
    page.fill("#stay", "א" * 25)
    wait_until_true(page, f"{live}.textContent === 'You have 5 characters too many'")
    assert page.evaluate(f"{live}.matches(':lang(en)')")
    # The field's description (the limit, in Hebrew) keeps its language.
    assert language_of(page, "#stay-max") == ["he"]
    assert page.problems == []


def test_the_notice_without_a_connection_is_marked_english(new_page, hebrew) -> None:
    # Before: the script built it from its own words, with no language.
    page = new_page()
    page.goto(f"{hebrew.url}/leaving-he/")
    page.route("**/submit/**", lambda route: route.abort())
    page.check("#departure")
    page.click("button[type=submit]")
    wait_until_true(page, "!!document.querySelector('main > .errsum')")
    assert page.inner_text("main > .errsum h2") == "There is a problem"
    assert language_of(page, "main > .errsum h2, main > .errsum p") == ["en", "en"]
    wait_until_true(page, "document.activeElement.classList.contains('errsum')")


def test_the_report_keeps_a_hebrew_question_s_mark_at_its_end(new_page, hebrew) -> None:
    # Before: "Breakdown by “באיזו …?”": in the English line the "?" showed at the right of
    # the Hebrew, its start for a Hebrew reader.
    from support.report_page import add

    app = hebrew.app
    for departure in ("voluntary", "dismissed"):
        add(app, {"departure": departure, "years": "3"}, n=6, slug="leaving-he")
    html = build_page(app, "leaving-he", breakdown="departure", split_by=None, k=5, kt=10,
                      today=dt.date(2099, 1, 1), inline_css=True)  # fmt: skip
    page = new_page()
    page.set_content(html)
    screenshot(page, "round24-hebrew-report", full_page=True)
    question = "איך הסתיימה העבודה שלך?"
    for heading in ("#breakdown", "#breakdown-table-c"):
        assert page.evaluate(QUESTION_MARK_LEFT, [heading, question]), heading
        assert language_of(page, f"{heading} bdi") == ["he"]
    assert language_of(page, "#breakdown") == ["en"]
