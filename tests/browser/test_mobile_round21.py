"""Round 21: leavers on phones. Chromium with phone emulation (a touch screen, a coarse
pointer, device scale 3, a phone's user agent), the example surveys built by the real
builder and served by the real collector, answered by tapping.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from browser_site import CollectorServer, served_collector
from browser_tools import pageshow_has_run, screenshot, wait_until_true

PHONE_UA = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Mobile Safari/537.36"
)
PORTRAIT = {"width": 360, "height": 640}
TALL = {"width": 390, "height": 844}
LANDSCAPE = {"width": 640, "height": 360}
THANKS = "**/exit-en/thanks.html"

#: The answers a page holds, as the leaver sees them (what is ticked, chosen or typed).
ANSWERS = """() => [...document.querySelectorAll('main [name]')]
    .filter((x) => x.name[0] !== '_' && (/radio|checkbox/.test(x.type) ? x.checked : x.value))
    .map((x) => [x.name, x.value])"""


@pytest.fixture(scope="module")
def phone_collector(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CollectorServer]:
    """The real collector with the example surveys, on this module's own ports."""
    server = served_collector(tmp_path_factory.mktemp("phones"), ports=range(9080, 9090))
    yield server
    server.close()


@pytest.fixture
def phone(browser):
    """Factory for a page on an emulated phone; closes its contexts afterwards."""
    contexts = []

    def make(viewport=PORTRAIT, *, js: bool = True, chosen=None):
        context = (chosen or browser).new_context(
            viewport=viewport,
            is_mobile=True,
            has_touch=True,
            device_scale_factor=3,
            user_agent=PHONE_UA,
            java_script_enabled=js,
        )
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def unique(text: str) -> str:
    return f"{text} ({uuid.uuid4().hex[:8]})"


def tap_choice(page, text: str) -> None:
    page.locator("label.o", has_text=text).first.tap()


def tap_and_type(page, selector: str, text: str) -> None:
    page.locator(selector).tap()
    page.fill(selector, text)


def back_from_thanks(page, sent_id: str) -> None:
    page.go_back(wait_until="commit")  # a page from the cache fires no load event
    pageshow_has_run(page, sent_id)


@pytest.mark.parametrize("cache", [True, False], ids=["bfcache", "reloaded"])
def test_back_after_a_round_of_corrections_shows_the_next_person_no_answers(
    phone, cached_browser, phone_collector, cache
):
    """A page sent back with a message holds the answers as its defaults: emptying it with
    reset() after sending put them all back, so on a shared phone Back showed the next person
    what the leaver had written, under "Your answers have been sent"."""
    page = phone(chosen=cached_browser if cache else None)
    page.goto(phone_collector.url + "/exit-en/")
    closing = unique("Something only I would say")
    tap_and_type(page, "#went_well", "The team around Bob")
    page.locator("label[for=recommend-8]").tap()
    page.select_option("#department", "it")
    tap_and_type(page, "#closing", closing)
    page.locator("button[type=submit]").tap()  # the one required question left out
    page.wait_for_selector(".errsum a")
    assert ["went_well", "The team around Bob"] in page.evaluate(ANSWERS)
    tap_choice(page, "I resigned")
    sent_id = page.input_value("[name=_submission]")
    with page.expect_navigation(url=THANKS):
        page.locator("button[type=submit]").tap()
    assert len(phone_collector.stored("exit-en", closing)) == 1

    back_from_thanks(page, sent_id)
    assert page.locator(".sent").is_visible()
    assert page.evaluate(ANSWERS) == []
    page.reload()
    assert page.evaluate(ANSWERS) == []


@pytest.mark.parametrize("cache", [True, False], ids=["bfcache", "reloaded"])
def test_back_after_sending_on_a_phone_shows_that_the_answers_were_sent(
    phone, cached_browser, phone_collector, cache
):
    """A phone comes Back to where Send was: the foot of a form emptied for the next person,
    with the note that the answers arrived some 4000 px higher up. It looked as if the
    answers were lost, and a leaver who fills it in again counts twice in the report."""
    page = phone(chosen=cached_browser if cache else None)
    page.goto(phone_collector.url + "/exit-en/")
    closing = unique("Sent once")
    tap_choice(page, "I resigned")
    page.locator("label[for=recommend-9]").tap()
    tap_and_type(page, "#closing", closing)
    sent_id = page.input_value("[name=_submission]")
    with page.expect_navigation(url=THANKS):
        page.locator("button[type=submit]").tap()
    back_from_thanks(page, sent_id)
    note = page.locator(".sent")
    assert note.inner_text() == (
        "Your answers have been sent. Thank you. There is no need to fill in the form again."
    )
    top, bottom = page.evaluate(
        "() => { const r = document.querySelector('.sent').getBoundingClientRect();"
        " return [r.top, r.bottom]; }"
    )
    assert top >= -1 and bottom <= PORTRAIT["height"], "the note is out of sight"
    assert page.evaluate(ANSWERS) == []
    screenshot(page, f"phone-back-after-sending-{'bfcache' if cache else 'reloaded'}")
    assert len(phone_collector.stored("exit-en", closing)) == 1


@pytest.mark.parametrize(
    ("viewport", "keyboard"),
    [(PORTRAIT, 0.45), (TALL, 0.45), (LANDSCAPE, 0.55)],
    ids=["360x640", "390x844", "landscape"],
)
@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_an_error_link_keeps_its_text_box_above_the_phone_keyboard(
    phone, phone_collector, viewport, keyboard, js
):
    """On a touch screen an error link focuses its text box, and the on-screen keyboard opens
    over the lower part of the screen: the box, put 30rem down the screen, lay under it.
    The keyboard is emulated by a shorter viewport; what shows above it must include the box,
    also for the form's last question, and the summary must be in view after sending."""
    page = phone(viewport, js=js)
    page.goto(phone_collector.url + "/exit-en/")
    tap_choice(page, "I resigned")
    page.fill("#stay", "x" * 1600)
    page.fill("#closing", "y" * 2100)
    page.locator("button[type=submit]").tap()
    page.wait_for_selector(".errsum a")
    summary_top = page.evaluate("document.querySelector('.errsum').getBoundingClientRect().top")
    assert 0 <= summary_top < viewport["height"] / 2
    assert page.title().startswith("Error: ")
    for target in ("stay", "closing"):
        page.evaluate("scrollTo(0, 0)")
        page.set_viewport_size(viewport)
        page.locator(f'.errsum a[href="#{target}"]').tap()
        wait_until_true(page, f"document.activeElement.id === '{target}'")
        above = int(viewport["height"] * (1 - keyboard))
        page.set_viewport_size({"width": viewport["width"], "height": above})
        top = page.evaluate(f"document.getElementById('{target}').getBoundingClientRect().top")
        assert top >= 0 and top + 40 <= above, f"#{target} at {top} px, keyboard from {above} px"
    screenshot(page, f"phone-keyboard-{viewport['width']}x{viewport['height']}-{js}")


@pytest.mark.parametrize(
    ("viewport", "js"), [(PORTRAIT, True), (LANDSCAPE, False)], ids=["portrait-js", "landscape"]
)
def test_every_control_can_be_tapped_and_the_page_fits_the_phone(
    phone, phone_collector, viewport, js
):
    """Targets of 24 px or more that do not overlap, a whole option row that ticks its box,
    text of 16 px or more in every box (smaller, and iOS zooms the page in on focus), nothing
    wider than the screen, and no answer lost when the phone is turned."""
    page = phone(viewport, js=js)
    page.goto(phone_collector.url + "/exit-en/")
    tap_choice(page, "I resigned")
    tap_choice(page, "Other, namely")
    tap_choice(page, "A better offer elsewhere")
    tap_and_type(page, "#reasons__other", "Commute")
    tap_and_type(page, "#new_employer", "More pay")
    answers = page.evaluate(ANSWERS)
    for name, value in (("reasons__other", "Commute"), ("new_employer", "More pay")):
        assert [name, value] in answers
    assert page.get_attribute("#reasons__other", "autocomplete") == "off"
    turned = {"width": viewport["height"], "height": viewport["width"]}
    page.set_viewport_size(turned)
    assert page.evaluate("document.documentElement.scrollWidth") <= turned["width"]
    assert page.evaluate(ANSWERS) == answers
    page.set_viewport_size(viewport)
    assert page.evaluate(ANSWERS) == answers

    labels = page.locator("label.o")
    for i in range(labels.count()):
        label = labels.nth(i)
        if not label.is_visible():
            continue
        box_input = label.locator("input")
        was = box_input.is_checked()
        label.scroll_into_view_if_needed()
        rect = label.bounding_box()
        # The far end of the row, away from the box and its words.
        page.touchscreen.tap(rect["x"] + rect["width"] - 2, rect["y"] + rect["height"] / 2)
        now = box_input.is_checked()
        name = box_input.get_attribute("id")
        assert now if box_input.get_attribute("type") == "radio" else now != was, name
    problems = page.evaluate(
        """() => {
          const found = [];
          const shown = [...document.querySelectorAll(
              'main a, button, label.o, input:not([type=hidden], [type=radio], [type=checkbox]),'
              + ' select, textarea')].filter((e) => e.offsetParent && !e.closest('.trap'));
          const rects = shown.map((e) => [e, e.getBoundingClientRect()]);
          for (const [e, r] of rects) {
            const inline = e.tagName === 'A' && getComputedStyle(e).display === 'inline';
            if (!inline && (r.width < 24 || r.height < 24)) found.push('small ' + e.outerHTML);
            if (/INPUT|SELECT|TEXTAREA/.test(e.tagName) && parseFloat(getComputedStyle(e).fontSize) < 16)
              found.push('font ' + e.id);
          }
          rects.forEach(([a, p], i) => rects.slice(i + 1).forEach(([b, q]) => {
            const x = Math.min(p.right, q.right) - Math.max(p.left, q.left);
            const y = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
            if (x > 0.5 && y > 0.5 && !a.contains(b) && !b.contains(a))
              found.push('overlap ' + a.outerHTML.slice(0, 50) + ' ' + b.outerHTML.slice(0, 50));
          }));
          if (document.documentElement.scrollWidth > innerWidth) found.push('wider than the screen');
          return found;
        }"""
    )
    assert problems == []
