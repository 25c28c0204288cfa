"""Answers that survive what leavers do by accident: a reload, a thank-you page that fails
to load, a duplicated tab, a round of corrections. Built pages, the real collector,
Chromium with the enhancement script."""

from __future__ import annotations

from leaver_steps import THANKS, answers_are_kept, fill_resigned, send_button, unique


def test_a_reload_keeps_the_answers_until_they_are_sent(new_page, collector):
    """A phone's pull to refresh must not empty a half-filled form; once the answers are
    stored, nothing of them is kept in the tab."""
    closing = unique("Reloaded")
    page = new_page()
    page.goto(collector.url + "/exit-en/")
    fill_resigned(page, closing)
    page.reload()
    answers_are_kept(page, closing)
    with page.expect_navigation(url=THANKS):
        send_button(page).click()
    assert len(collector.stored("exit-en", closing)) == 1
    page.goto(collector.url + "/exit-en/")
    assert not page.is_checked("#departure")
    assert page.input_value("#closing") == ""
    assert page.evaluate("Object.keys(sessionStorage).filter(k => k.endsWith('draft'))") == []


def test_a_thank_you_page_that_fails_to_load_is_not_taken_for_a_failed_send(new_page, collector):
    """The answers arrived but the network dropped before the thank-you page: Back shows
    the (emptied) form saying they were sent, so the leaver neither retypes nor gives up."""
    closing = unique("Thanks page lost")
    page = new_page()
    page.route(THANKS, lambda route: route.abort())
    page.goto(collector.url + "/exit-en/")
    fill_resigned(page, closing)
    # The post is stored before the redirect to the thank-you page, whose load then fails:
    # waiting for that failure, not for a time, the answers are surely stored (under load
    # 800 ms was not always enough).
    with page.expect_event("requestfailed", predicate=lambda r: r.url.endswith("/thanks.html")):
        send_button(page).click()
    page.wait_for_timeout(800)  # Chromium puts its error page in the history after that
    assert len(collector.stored("exit-en", closing)) == 1
    page.go_back()
    page.wait_for_selector(".sent")
    assert page.locator(".sent").inner_text().startswith("Your answers have been sent.")
    assert page.locator(".sent").get_attribute("role") == "status"
    assert not page.is_checked("#departure") and page.input_value("#closing") == ""


def test_a_duplicated_tab_gets_its_own_submission(new_page, collector):
    """Chromium's "Duplicate tab" copies the tab's storage, submission ID included: the
    copy must not have its different answers dropped as a resend of the first tab's."""
    first = new_page()
    first.goto(collector.url + "/exit-en/")
    first_id = first.input_value("[name=_submission]")
    copied = first.evaluate("JSON.stringify(Object.entries(sessionStorage))")
    copy = first.context.new_page()
    copy.add_init_script(
        f"if (!sessionStorage.length) {copied}.forEach(([k, v]) => sessionStorage[k] = v)"
    )
    copy.goto(collector.url + "/exit-en/")
    # Polled from here: a predicate Playwright has to poll in the page is compiled there,
    # which the page's CSP refuses (no 'unsafe-eval') when the script is not done at once.
    for _ in range(400):
        if copy.input_value("[name=_submission]") != first_id:
            break
        copy.wait_for_timeout(50)
    assert copy.input_value("[name=_submission]") != first_id
    assert first.input_value("[name=_submission]") == first_id  # the first tab keeps its own
    mine, theirs = unique("First tab"), unique("Duplicated tab")
    for page, closing in ((first, mine), (copy, theirs)):
        fill_resigned(page, closing)
        with page.expect_navigation(url=THANKS):
            send_button(page).click()
    assert len(collector.stored("exit-en", mine)) == 1
    assert len(collector.stored("exit-en", theirs)) == 1


def test_answers_to_a_section_switched_away_survive_a_round_of_corrections(new_page, collector):
    """I resigned, wrote why I would have stayed, then picked another answer, which hides
    that section; the collector sent the form back for a correction. Picking "I resigned"
    again shows what I wrote: the page kept it, and the correction round must too."""
    page = new_page()
    page.goto(collector.url + "/exit-en/")
    fill_resigned(page, "x" * 2001)  # one character over the limit
    page.check("#departure-2")  # "My employer ended my employment"
    assert not page.locator("#stay").is_visible()
    send_button(page).click()
    page.wait_for_selector(".errsum a")
    page.check("#departure")
    answers_are_kept(page, "x" * 2001)


def test_switching_to_the_translation_halfway_keeps_the_answers(new_page, collector):
    """A Dutch leaver starts in English, finds the link to Dutch halfway and follows it:
    the same questions (same IDs and codes) keep their answers. Sent in Dutch, neither
    language shows them again."""
    closing = unique("Switched language")
    page = new_page()
    page.goto(collector.url + "/exit-en/")
    fill_resigned(page, closing)
    with page.expect_navigation():
        page.click("header a[hreflang=nl]")
    assert page.locator("html").get_attribute("lang") == "nl"
    answers_are_kept(page, closing)
    with page.expect_navigation(url="**/exit-nl/thanks.html"):
        send_button(page).click()
    stored = collector.stored("exit-nl", closing)
    assert len(stored) == 1 and stored[0]["answers"]["reasons__other"] == "Long commute"
    assert collector.stored("exit-en", closing) == []
    page.goto(collector.url + "/exit-en/")
    assert not page.is_checked("#departure") and page.input_value("#closing") == ""
