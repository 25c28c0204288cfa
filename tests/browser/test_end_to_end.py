"""A leaver's whole journey with no stand-ins: built pages, the real collector, Chromium.

The builder writes the example surveys, the collector serves them and receives the posts
(werkzeug on 127.0.0.1), and each test reads back what the store kept. The other flow tests
use a stand-in collector so that they can choose the errors; these prove that the pages and
the collector agree.
"""

from __future__ import annotations

import logging
import uuid

import pytest
from browser_tools import (
    check_focus,
    describe_violations,
    run_axe,
    screenshot,
    wait_until_true,
)

#: What the collector keeps of a response (``id`` is the store's own random one): nothing
#: about the browser or the connection.
RECORD_KEYS = {"id", "form", "version", "language", "date", "answers"}


ACTIVE = """() => {
  const el = document.activeElement;
  return {tag: el.tagName.toLowerCase(), type: el.type || '', name: el.name || ''};
}"""


def answer_by_keyboard(page, text: str) -> list[str]:
    """Tab through the form to its send button, answering each question on the way: the
    first option of a group (Space), the first choice of a list (Down), ``text`` in a box.
    Every stop must show a focus ring. Returns the names of the questions answered."""
    answered: list[str] = []
    for _ in range(300):
        page.keyboard.press("Tab")
        check_focus(page)
        el = page.evaluate(ACTIVE)
        if el["tag"] == "button":
            return answered
        if not el["name"] or el["name"] in answered:
            continue  # a link, or a later option of a group already answered
        if el["type"] in ("radio", "checkbox"):
            page.keyboard.press("Space")
        elif el["tag"] == "select":
            page.keyboard.press("ArrowDown")
        else:
            page.keyboard.type(text)
        answered.append(el["name"])
    raise AssertionError(f"Tab never reached the send button; answered {answered}")


def error_links(page) -> list[str]:
    return page.locator(".errsum a").evaluate_all("as => as.map(a => a.getAttribute('href'))")


def test_with_javascript_errors_show_in_place_and_the_answer_is_stored_once(
    new_page, collector, axe_source, caplog
):
    caplog.set_level(logging.INFO)
    closing = f"Thanks for the years here ({uuid.uuid4().hex[:8]})"
    before = len(collector.stored("exit-en"))
    page = new_page(locale="en-US")
    page.goto(collector.url + "/exit-en/")
    page.evaluate("window.sameDocument = true")
    caplog.clear()

    page.fill("#closing", "x" * 2001)  # over the limit, and the required question skipped
    page.click("button[type=submit]")
    page.wait_for_selector(".errsum")
    assert page.evaluate("window.sameDocument") is True  # no reload
    assert page.title() == "Error: Exit survey"
    wait_until_true(page, "document.activeElement.classList.contains('errsum')")
    assert error_links(page) == ["#departure", "#closing"]
    assert page.get_attribute("#departure", "aria-invalid") == "true"
    assert page.input_value("#closing") == "x" * 2001  # kept
    assert page.locator("#closing-info").inner_text() == "You have 1 character too many"
    result = run_axe(page, axe_source)
    assert result["violations"] == [], describe_violations(result["violations"])
    screenshot(page, "end-to-end-js-errors", full_page=True)
    assert len(collector.stored("exit-en")) == before  # nothing kept from a refused post

    page.check("#departure")  # I resigned: the follow-up section appears
    page.check("#reasons-10")  # a better offer: its own follow-up appears
    page.check("#reasons-11")  # other
    page.fill("#reasons__other", "Moving abroad")
    page.fill("#new_employer", "A four-day week")
    page.check("#recommend-9")  # 8
    page.fill("#closing", closing)
    with page.expect_navigation(url="**/exit-en/thanks.html"):
        page.click("button[type=submit]")
    assert page.locator("h1").inner_text() == "Thank you"

    assert len(collector.stored("exit-en")) == before + 1
    [record] = collector.stored("exit-en", closing)
    assert set(record) == RECORD_KEYS
    assert len(record["date"]) == 7  # the month only
    assert record["answers"] == {
        "departure": "voluntary",
        "reasons": ["better_offer", "other"],
        "reasons__other": "Moving abroad",
        "new_employer": "A four-day week",
        "recommend": "8",
        "closing": closing,
    }
    # Nothing reaches the collector's own logs, at any level: not the address, not the
    # browser, and not even "stored", whose time would be the time of the answer.
    logged = [r.getMessage() for r in caplog.records if r.name.startswith("collector")]
    assert logged == []
    assert page.problems == []


@pytest.mark.parametrize("mode", ["javascript-off", "script-blocked"])
def test_without_the_script_the_collector_page_keeps_answers_and_asks_about_what_does_not_apply(
    new_page, collector, axe_source, mode
):
    closing = f"Succes allemaal ({uuid.uuid4().hex[:8]})"
    if mode == "javascript-off":
        page = new_page(js=False, locale="nl-NL")
    else:  # JavaScript on, our script never arrives: axe can run on the collector's page
        page = new_page(block_enhance=True, locale="nl-NL")
    page.goto(collector.url + "/exit-nl/")
    page.check("#departure-2")  # my employer ended it
    page.fill("#stay", "Meer thuiswerken")  # only for people who resigned
    page.fill("#closing", "y" * 2001)
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert page.title() == "Fout: Vertrekenquête"
    wait_until_true(page, "document.activeElement.classList.contains('errsum')")  # autofocus
    assert error_links(page) == ["#stay", "#closing"]
    assert "geldt niet voor jou, gezien je antwoorden hierboven" in page.inner_text("#stay-error")
    assert page.is_checked("#departure-2")
    assert page.input_value("#stay") == "Meer thuiswerken"
    assert page.input_value("#closing") == "y" * 2001
    if mode == "script-blocked":
        assert page.evaluate("document.documentElement.className") == ""  # not enhanced
        result = run_axe(page, axe_source)
        assert result["violations"] == [], describe_violations(result["violations"])
    screenshot(page, f"end-to-end-{mode}-errors", full_page=True)

    page.fill("#stay", "")
    page.fill("#closing", closing)
    with page.expect_navigation(url="**/exit-nl/thanks.html"):
        page.click("button[type=submit]")
    assert page.locator("h1").inner_text() == "Bedankt"
    [record] = collector.stored("exit-nl", closing)
    assert record["language"] == "nl"
    assert record["answers"] == {"departure": "dismissed", "closing": closing}


def test_a_post_retried_after_a_lost_reply_is_stored_once(new_page, collector):
    """The collector stored the answer but the reply never arrived: the page says it could
    not send, the leaver sends again, and the collector keeps the answer once."""
    closing = f"Lost reply ({uuid.uuid4().hex[:8]})"
    page = new_page()
    page.goto(collector.url + "/exit-en/")

    def reply_lost(route):
        route.fetch()  # the collector receives and stores it...
        route.abort("connectionreset")  # ...and the browser never hears back

    page.route("**/submit/exit-en", reply_lost)
    page.check("#departure-4")  # retiring
    page.fill("#closing", closing)
    page.click("button[type=submit]")
    page.wait_for_selector(".errsum")
    assert len(collector.stored("exit-en", closing)) == 1
    page.unroute("**/submit/exit-en")
    with page.expect_navigation(url="**/exit-en/thanks.html"):
        page.click("button[type=submit]")
    assert page.locator("h1").inner_text() == "Thank you"
    [record] = collector.stored("exit-en", closing)
    assert record["answers"] == {"departure": "retirement", "closing": closing}


#: What a keyboard run stores on each example form: the first option everywhere, so "I
#: resigned", and with it the questions for people who resigned, but not the ones for
#: people whose employment was ended, nor the one about a better offer.
KEYBOARD_ANSWERS = {
    "departure": "voluntary",
    "reasons": ["pay"],
    "stay": "",
    "conditions": "1",
    "work_itself": "1",
    "relationships": "1",
    "terms": "1",
    "manager": "1",
    "culture": "1",
    "went_well": "",
    "improve": "",
    "come_back": "yes",
    "recommend": "0",
    "department": "customer_service",
    "tenure": "under_1",
    "closing": "",
}
ONLY_IF_APPLICABLE = {"new_employer", "practices", "differently"}


@pytest.mark.parametrize("slug", ["exit-en", "exit-nl"])
@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_keyboard_only_completes_each_example_form(new_page, collector, slug, js):
    text = f"Typed by keyboard {uuid.uuid4().hex[:8]}"
    page = new_page(js=js, viewport={"width": 1280, "height": 720})
    page.goto(f"{collector.url}/{slug}/")
    answered = answer_by_keyboard(page, text)
    if js:  # questions that do not apply are hidden, and Tab passes them by
        assert not ONLY_IF_APPLICABLE & set(answered), answered
    else:  # all visible and reachable: what was answered there is asked about, not dropped
        assert set(answered) >= ONLY_IF_APPLICABLE, answered
        with page.expect_navigation():
            page.keyboard.press("Enter")
        asked = [link[1:] for link in error_links(page)]
        assert set(asked) == ONLY_IF_APPLICABLE, asked
        for n, field in enumerate(asked, start=1):  # follow each link, take the answer back
            page.focus(f".errsum li:nth-child({n}) a")
            page.keyboard.press("Enter")
            wait_until_true(page, f"document.activeElement.id === '{field}'")
            if page.evaluate(ACTIVE)["type"] == "radio":
                # From the first choice back round to the last: "Prefer not to say".
                page.keyboard.press("ArrowUp")
            else:
                page.keyboard.press("Control+A")
                page.keyboard.press("Delete")
        for _ in range(300):  # on to the send button
            page.keyboard.press("Tab")
            if page.evaluate(ACTIVE)["tag"] == "button":
                break
    with page.expect_navigation(url=f"**/{slug}/thanks.html"):
        page.keyboard.press("Enter")
    [record] = collector.stored(slug, text)
    expected = {k: v or text for k, v in KEYBOARD_ANSWERS.items()}
    if not js:  # the "Other, namely" box is on show too, and typing in it means "other"
        expected |= {"reasons": ["pay", "other"], "reasons__other": text}
    assert record["answers"] == expected


QUESTION_IN_VIEW = """() => {
  const el = document.activeElement;
  const q = el.closest('.q');
  const title = q.querySelector('legend, .lbl').getBoundingClientRect();
  const box = el.getBoundingClientRect();
  return {id: el.id, title: title.top, field: box.bottom, height: innerHeight};
}"""


@pytest.mark.parametrize("mode", ["js", "nojs"])
@pytest.mark.parametrize("width", [320, 1280])
def test_error_summary_links_bring_the_question_into_view(new_page, collector, mode, width):
    """Enter on an error link puts focus in the field with its question on screen: a field
    at the very top of the screen, its legend or label scrolled away, is no help."""
    page = new_page(js=mode == "js", viewport={"width": width, "height": 640})
    page.goto(collector.url + "/exit-en/")
    page.fill("#closing", "x" * 2001)  # the required question skipped, the last too long
    with page.expect_response("**/submit/exit-en"):
        page.click("button[type=submit]")
    page.wait_for_selector(".errsum")
    assert error_links(page) == ["#departure", "#closing"]
    for n, target in enumerate(["departure", "closing"], start=1):
        page.focus(f".errsum li:nth-child({n}) a")
        page.keyboard.press("Enter")
        wait_until_true(page, f"document.activeElement.id === '{target}'")
        state = page.evaluate(QUESTION_IN_VIEW)
        assert state["title"] >= -1 and state["field"] <= state["height"], state
    # The room kept above a linked field must not hide it when it is tabbed to later.
    page.evaluate("scrollTo(0, 0)")
    page.focus("#departure")
    while page.evaluate("document.activeElement.id") != "closing":
        page.keyboard.press("Tab")
        check_focus(page)
