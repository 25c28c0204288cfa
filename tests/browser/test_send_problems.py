"""When sending goes wrong, or the leaver goes Back: the answers are never lost, never sent
half-filled by accident, and never stored twice. Built pages, the real collector, Chromium.
"""

from __future__ import annotations

import pytest
from browser_tools import (
    describe_violations,
    pageshow_has_run,
    run_axe,
    screenshot,
    wait_until_true,
)
from leaver_steps import THANKS, answers_are_kept, fill_resigned, send_button, unique


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_enter_in_a_text_field_does_not_send_the_questionnaire(new_page, collector, js):
    """Typing a short answer and pressing Enter (or a phone's Go key) is a reflex; it must
    not send a half-filled anonymous form that can never be corrected."""
    closing = unique("Enter pressed")
    page = new_page(js=js)
    page.goto(collector.url + "/exit-en/")
    page.check("#departure")
    page.check("#reasons-11")
    page.fill("#reasons__other", "Long commute")
    page.fill("#closing", closing)
    page.focus("#reasons__other")
    page.keyboard.press("Enter")
    page.wait_for_timeout(500)
    assert page.url.endswith("/exit-en/")
    assert collector.stored("exit-en", closing) == []
    with page.expect_navigation(url=THANKS):
        send_button(page).click()  # the button itself still sends
    assert len(collector.stored("exit-en", closing)) == 1


def test_no_connection_keeps_the_page_and_says_so(new_page, collector, axe_source):
    closing = unique("Offline for a moment")
    page = new_page(locale="en-US")
    page.goto(collector.url + "/exit-en/")
    fill_resigned(page, closing)
    page.route("**/submit/exit-en", lambda route: route.abort("internetdisconnected"))
    send_button(page).click()
    page.wait_for_selector(".errsum")
    assert page.url.endswith("/exit-en/")  # no browser error page
    wait_until_true(page, "document.activeElement.classList.contains('errsum')")
    assert "Check your connection" in page.locator(".errsum").inner_text()
    assert page.title() == "Error: Exit survey"  # a screen reader's first clue, as without JS
    answers_are_kept(page, closing)
    assert send_button(page).get_attribute("aria-disabled") is None
    assert send_button(page).inner_text() == "Send answers"
    send_button(page).click()  # still offline: one notice, one "Error:"
    page.wait_for_selector("button[type=submit]:not([aria-disabled])")
    assert page.locator(".errsum").count() == 1 and page.title() == "Error: Exit survey"
    result = run_axe(page, axe_source)
    assert result["violations"] == [], describe_violations(result["violations"])
    screenshot(page, "send-offline-notice", full_page=True)

    page.unroute("**/submit/exit-en")
    with page.expect_navigation(url=THANKS):
        send_button(page).click()
    assert len(collector.stored("exit-en", closing)) == 1


def too_long(page) -> None:
    """Far more text than the collector reads (a paste gone wrong), set without typing. In a
    hidden field: Chromium takes half a minute to lay out 3 MB in a text box, which is not
    what this is about."""
    page.evaluate(
        "const x = Object.assign(document.createElement('input'), {type: 'hidden', "
        "name: 'stay', value: 'x'.repeat(3000000)}); document.forms[0].append(x)"
    )


def test_answers_too_large_to_read_are_refused_in_place_with_javascript(
    new_page, collector, axe_source
):
    closing = unique("Too large")
    page = new_page(locale="nl-NL")
    page.goto(collector.url + "/exit-nl/")
    page.check("#departure")
    page.fill("#closing", closing)
    too_long(page)
    send_button(page).click()
    page.wait_for_selector(".errsum")
    assert page.url.endswith("/exit-nl/")
    wait_until_true(page, "document.activeElement.classList.contains('errsum')")
    assert "te lang om te versturen" in page.locator(".errsum").inner_text()
    assert page.title() == "Fout: Vertrekenquête"
    assert page.is_checked("#departure") and page.input_value("#closing") == closing
    assert send_button(page).get_attribute("aria-disabled") is None
    result = run_axe(page, axe_source)
    assert result["violations"] == [], describe_violations(result["violations"])
    assert collector.stored("exit-nl", closing) == []


def test_answers_too_large_to_read_without_javascript_get_a_page_to_come_back_from(
    new_page, collector, axe_source
):
    closing = unique("Too large, no script")
    page = new_page(block_enhance=True, locale="nl-NL")  # axe still runs; our script does not
    page.goto(collector.url + "/exit-nl/")
    page.check("#departure")
    page.fill("#closing", closing)
    too_long(page)
    with page.expect_navigation(url="**/submit/exit-nl"):
        send_button(page).click()
    assert page.title() == "Fout: Je antwoorden zijn niet verstuurd – Vertrekenquête"
    wait_until_true(page, "document.activeElement.classList.contains('errsum')")
    assert "terugknop" in page.locator("main").inner_text()
    assert page.evaluate("getComputedStyle(document.body).fontFamily") != "Times New Roman"
    result = run_axe(page, axe_source)
    assert result["violations"] == [], describe_violations(result["violations"])
    screenshot(page, "send-too-large-nojs", full_page=True)
    page.go_back()
    assert page.is_checked("#departure") and page.input_value("#closing") == closing


@pytest.mark.parametrize("cache", [True, False], ids=["bfcache", "reloaded"])
def test_back_after_sending_shows_an_empty_form_and_sending_again_is_a_new_response(
    browser, cached_browser, collector, cache
):
    """On a shared computer, the next person must not find the answers behind Back; a
    leaver who comes back to change something sends a new response, not a dropped one."""
    closing = unique("Back after sending")
    chosen = cached_browser if cache else browser
    context = chosen.new_context()
    try:
        page = context.new_page()
        page.goto(collector.url + "/exit-en/")
        fill_resigned(page, closing)
        first_id = page.input_value("[name=_submission]")
        page.evaluate("window.leftForThanks = true")
        with page.expect_navigation(url=THANKS):
            send_button(page).click()
        assert "shared computer" in page.locator("main").inner_text()
        page.go_back(wait_until="commit")  # a page from the cache fires no load event
        pageshow_has_run(page, first_id)
        if cache:  # the very page, script state and all, not a reload
            assert page.evaluate("window.leftForThanks") is True
        assert not page.is_checked("#departure")
        assert page.input_value("#closing") == ""
        assert not page.locator("#reasons__other").is_visible()
        assert page.locator("#closing-info").inner_text().startswith("You can enter up to")
        second_id = page.input_value("[name=_submission]")
        assert second_id and second_id != first_id
        assert send_button(page).is_enabled(), "the button must not stay 'Sending…'"
        assert send_button(page).inner_text() == "Send answers"
        changed = unique("Changed my mind")
        fill_resigned(page, changed)
        with page.expect_navigation(url=THANKS):
            send_button(page).click()
        assert len(collector.stored("exit-en", closing)) == 1
        assert len(collector.stored("exit-en", changed)) == 1
    finally:
        context.close()


def test_the_character_count_agrees_with_the_collector_on_emoji(new_page, collector):
    """An emoji is one character to the leaver and to the collector, two to JavaScript."""
    page = new_page(locale="en-US")
    page.goto(collector.url + "/exit-en/")
    page.check("#departure")  # I resigned: "What would have made you stay?" appears
    page.fill("#stay", "😀" * 1400)
    assert page.locator("#stay-info").inner_text() == "You have 100 characters remaining"
    page.fill("#stay", "😀" * 1501)
    assert page.locator("#stay-info").inner_text() == "You have 1 character too many"


def test_screen_readers_do_not_hear_a_hidden_condition_note(new_page, collector):
    """With the script, a question appears only when it applies; its 'only answer this if'
    note is hidden, and must not be read out as the field's description either."""
    page = new_page(locale="en-US")
    page.goto(collector.url + "/exit-en/")
    page.check("#departure")
    page.check("#reasons-10")  # a better offer: its follow-up appears
    described = page.get_attribute("#new_employer", "aria-describedby") or ""
    assert "new_employer-cond" not in described.split()
    assert "new_employer-hint" in described.split()


@pytest.mark.parametrize("slug", ["exit-en", "exit-nl"])
@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_an_error_link_on_a_phone_shows_the_question_it_is_about(new_page, collector, slug, js):
    """An error summary link goes to the field, and the question's words above it stay on
    the screen: on a 320 px phone an audit found the legend scrolled off the top."""
    page = new_page(viewport={"width": 320, "height": 640}, js=js)
    page.goto(f"{collector.url}/{slug}/")
    page.check("#departure")
    page.check("#reasons")
    page.check("input[name=reasons][value=prefer_not_to_say]")
    if js:  # the script unticks the others: send both the way a page without it does
        page.evaluate("document.querySelector('#reasons').checked = true")
    page.fill("#stay", "s" * 1600)
    send_button(page).click()
    page.wait_for_selector(".errsum a[href='#reasons']")
    for href in ("#reasons", "#stay"):
        page.locator(f".errsum a[href='{href}']").focus()
        page.keyboard.press("Enter")
        page.wait_for_timeout(200)
        box = page.evaluate(
            """() => {
                const field = document.activeElement;
                const words = field.closest('.q').querySelector('legend, label.lbl');
                return [field.id, words.getBoundingClientRect().top];
            }"""
        )
        assert box[0] == href[1:]
        assert box[1] >= 0, f"{href}: the question starts {-box[1]:.0f} px above the screen"
