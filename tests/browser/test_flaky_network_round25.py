"""Round 25 in Chromium: a leaver on a poor connection, who waits on "Sending…" and leaves
the form open for hours in a phone's background.

Found by hand (slow 3G, offline at the moment of sending, a proxy that drops or holds the
post for 35 s, the collector killed mid-post, HR rebuilding under an open page): every
answer was stored once or kept on screen with a message. What was wrong is tested here.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator

import pytest
from browser_site import CollectorServer, served_collector
from browser_tools import wait_for_held, wait_until_true
from questionnaire_helpers import HEBREW_SHORT, translated_texts

#: The button translated, "Sending…" left in English (a texts file from before it).
HEBREW_SEND = translated_texts({'send: "Send answers"': 'send: "שליחת התשובות"'})
DRAFT = "sessionStorage['exit-en exit-nl draft']"
BUSY = "document.querySelector('form button').getAttribute('aria-disabled') === 'true'"

#: Whether the last character of the send button's text shows right of its first, in the
#: rendered page (an English "Sending…" must end on the right, also in a Hebrew page).
ENDS_ON_THE_RIGHT = """() => {
  const walk = document.createTreeWalker(document.querySelector('form button'), NodeFilter.SHOW_TEXT);
  const chars = [];
  for (let node = walk.nextNode(); node; node = walk.nextNode()) {
    for (let i = 0; i < node.length; i++) chars.push([node, i]);
  }
  const box = ([node, i]) => { const r = document.createRange(); r.setStart(node, i);
    r.setEnd(node, i + 1); return r.getBoundingClientRect(); };
  return box(chars[chars.length - 1]).left >= box(chars[0]).right - 1;
}"""


@pytest.fixture(scope="module")
def hebrew(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CollectorServer]:
    sources = {"leaving-he.md": HEBREW_SHORT, "texts-he.yml": HEBREW_SEND}
    server = served_collector(tmp_path_factory.mktemp("flaky-he"), sources, range(9762, 9772))
    yield server
    server.close()


def language_of_button_text(page) -> list[str]:
    """The language Chromium gives the text in the send button (each element holding text)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('form button, form button *')]
            .filter(x => [...x.childNodes].some(n => n.nodeType === 3 && n.data.trim()))
            .map(x => x.matches(':lang(en)') ? 'en' : x.matches(':lang(he)') ? 'he'
                : x.matches(':lang(nl)') ? 'nl' : '?')"""
    )


def hold_the_post(page) -> list:
    """Posts to the collector wait here (a connection that stalls) until let go."""
    held: list = []
    page.route("**/submit/**", lambda route: held.append(route))
    return held


def test_sending_in_a_hebrew_page_is_english_to_the_ear_and_the_eye(new_page, hebrew) -> None:
    # Before: the button said "Sending…" with the page's lang="he" (a Hebrew voice read it)
    # and right to left, so that it showed as "…Sending".
    page = new_page(locale="he-IL")
    page.goto(f"{hebrew.url}/leaving-he/")
    page.check("#departure")
    held = hold_the_post(page)
    page.click("button[type=submit]")
    wait_until_true(page, BUSY)
    wait_for_held(page, held)
    assert page.inner_text("form button") == "Sending…"
    assert language_of_button_text(page) == ["en"]
    assert page.evaluate(ENDS_ON_THE_RIGHT)
    # The connection fails: the button is the page's own again, in Hebrew.
    held[0].abort("internetdisconnected")
    wait_until_true(page, "!!document.querySelector('.errsum')")
    assert page.inner_text("form button") == "שליחת התשובות"
    assert language_of_button_text(page) == ["he"]
    assert not page.evaluate(ENDS_ON_THE_RIGHT)  # Hebrew: its last letter on the left
    assert page.get_attribute("form button", "aria-disabled") is None


def test_sending_in_a_translated_page_keeps_the_page_language(new_page, collector) -> None:
    page = new_page(locale="nl-NL")
    page.goto(f"{collector.url}/exit-nl/")
    page.check("#departure")
    held = hold_the_post(page)
    page.click("button[type=submit]")
    wait_until_true(page, BUSY)
    assert page.inner_text("form button") == "Bezig met versturen…"
    assert language_of_button_text(page) == ["nl"]
    wait_for_held(page, held)
    held[0].abort("internetdisconnected")
    wait_until_true(page, "!!document.querySelector('.errsum')")
    assert page.inner_text("form button") == "Verstuur antwoorden"


def hide(page) -> None:
    """The page goes out of sight (another app, the screen locked), as a phone's browser
    says it. Headless Chromium never hides a page, so the event is sent here."""
    page.evaluate(
        """() => {
            Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
            document.dispatchEvent(new Event('visibilitychange'));
            delete document.visibilityState;
        }"""
    )


def test_an_answer_being_typed_is_kept_when_the_page_is_hidden(new_page, collector) -> None:
    # Before: the draft was saved on 'change' (leaving the box) and on 'pagehide'; a phone
    # that ends a tab in the background fires neither, and the long answer typed before
    # switching apps was gone when the leaver came back to the reloaded tab.
    closing = f"Half a thought, typed on the train ({uuid.uuid4().hex[:8]})"
    page = new_page()
    page.goto(f"{collector.url}/exit-en/")
    page.check("#departure")
    page.locator("#closing").press_sequentially(closing)  # still in the box: no 'change'
    hide(page)
    draft = json.loads(page.evaluate(DRAFT))
    assert ["closing", closing] in draft
    page.reload()
    assert page.input_value("#closing") == closing


def test_a_page_hidden_after_sending_keeps_no_draft(new_page, collector) -> None:
    """Once the answers are stored the draft is gone, also when the page is hidden on its
    way to the thank-you page (a shared phone must not show them to the next person)."""
    closing = f"Sent and gone ({uuid.uuid4().hex[:8]})"
    page = new_page()
    page.goto(f"{collector.url}/exit-en/")
    page.check("#departure")
    page.fill("#closing", closing)
    held = hold_the_post(page)
    page.click("button[type=submit]")
    wait_until_true(page, BUSY)
    # The thank-you page does not come (204: the browser stays), so that the page can be
    # hidden between storing and leaving.
    page.route("**/thanks.html", lambda route: route.fulfill(status=204))
    wait_for_held(page, held)
    held[0].continue_()
    wait_until_true(page, f"{DRAFT} === undefined")
    hide(page)
    assert page.evaluate(DRAFT) is None
    assert len(collector.stored("exit-en", closing)) == 1


#: A page built from a version of the questionnaire the collector never kept, with an
#: answer to a question HR has since removed: its answers fit no version (a 400).
FROM_A_LOST_VERSION = """() => {
  const f = document.querySelector('form');
  f.elements._version.value = 'lost0version';
  f.append(Object.assign(document.createElement('input'), { type: 'hidden', name: 'removed_question', value: 'x' }));
}"""


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_answers_that_no_longer_fit_say_where_they_are(new_page, collector, js) -> None:
    # Before: with the script the answers stay on screen under the message, which said to go
    # Back to copy them: Back left the questionnaire for the invitation e-mail.
    page = new_page(block_enhance=not js)  # without our script, the form posts itself
    page.goto(f"{collector.url}/exit-en/")
    page.check("#departure")
    page.fill("#closing", "Long answer worth keeping")
    page.evaluate(FROM_A_LOST_VERSION)
    page.click("button[type=submit]")
    wait_until_true(page, "!!document.querySelector('.errsum')")
    message = page.inner_text(".errsum")
    assert "has changed since you opened it" in message
    if js:
        assert "Copy your longest answers from this page" in message
        assert "Back button" not in message
        assert page.input_value("#closing") == "Long answer worth keeping"
    else:
        assert page.url.endswith("/submit/exit-en")
        assert "Go back with your browser's Back button" in message
    assert page.locator(".errsum a", has_text="Open the new version").count() == 1
