"""The seventh audit round, as a leaver: a radio clicked by mistake, an error summary at
400% zoom, a send that never ends. Built example pages, the real collector, Chromium, with
and without the enhancement script."""

from __future__ import annotations

import pytest
from browser_tools import (
    FOCUS_STATE,
    check_focus,
    describe_violations,
    run_axe,
    screenshot,
    wait_for_held,
    wait_until_true,
)
from leaver_steps import send_button, unique

BOTH = pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])


@BOTH
def test_a_radio_clicked_by_mistake_can_be_taken_back(new_page, collector, axe_source, js):
    """I clicked "Yes" to "Would you work for us again?" and 8 on the 0-10 scale, then
    thought better of both: a radio cannot be unticked, so the form offers "No answer"
    once there is an answer to take back, by keyboard and by mouse; nothing is stored."""
    closing = unique("Took it back")
    page = new_page(js=js, viewport={"width": 320, "height": 640})
    page.goto(collector.url + "/exit-en/")
    page.check("#departure-3")  # my contract ended: no follow-up sections
    assert not page.locator("#come_back-none").is_visible()  # nothing to take back yet
    page.focus("#come_back")
    page.keyboard.press("Space")  # "Yes"
    assert page.is_checked("#come_back")
    for _ in range(3):  # Maybe, No, No answer: the arrows move and select
        page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.id") == "come_back-none"
    assert page.is_checked("#come_back-none") and not page.is_checked("#come_back")
    check_focus(page)
    assert page.locator("#come_back-none").is_visible()  # it stays while chosen
    page.click("label[for=recommend-9]")  # 8
    page.click("label[for=recommend-none]")
    assert not page.is_checked("#recommend-9")
    assert page.get_by_role("radio", name="No answer").count() == 2
    if js:
        result = run_axe(page, axe_source)
        assert not result["violations"], describe_violations(result["violations"])
    screenshot(page, f"round7-no-answer-{'js' if js else 'nojs'}")
    page.fill("#closing", closing)
    send_button(page).click()
    page.wait_for_url("**/exit-en/thanks.html")
    [stored] = collector.stored("exit-en", closing)
    assert stored["answers"] == {"departure": "contract_end", "closing": closing}


ZOOM_400 = {"width": 320, "height": 256}  # a 1280 x 1024 screen at 400%


@BOTH
@pytest.mark.parametrize("case", ["required-radio", "long-text"])
def test_an_error_link_at_400_percent_zoom_shows_the_question_and_its_field(
    new_page, collector, js, case
):
    """At 400% zoom, following a link in the error summary scrolled the question's legend
    off the top of the screen: the leaver saw the radios (or a box) and the message, but
    not the question. Now the legend or label and the field both show."""
    page = new_page(js=js, viewport=ZOOM_400)
    page.goto(collector.url + "/exit-nl/")
    target = "departure"
    if case == "long-text":
        target = "closing"
        page.check("#departure-3")
        page.fill("#closing", "x" * 2001)  # one over the limit
    send_button(page).click()
    page.wait_for_selector(".errsum a")
    wait_until_true(page, "document.activeElement.classList.contains('errsum')")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == f"#{target}"
    page.keyboard.press("Enter")
    wait_until_true(page, f"document.activeElement.id === '{target}'")
    where = page.evaluate(
        """() => {
          const field = document.activeElement;
          const question = field.closest('.q').querySelector('legend, .lbl');
          const box = field.getBoundingClientRect();
          // The top of the field, a line high (a text box may go on below the screen).
          const line = Math.min(box.bottom, box.top + 28);
          const hit = document.elementFromPoint(box.left + 10, (box.top + line) / 2);
          return {question: question.getBoundingClientRect().top, line, height: innerHeight,
                  shown: hit === field || hit.control === field};
        }"""
    )
    screenshot(page, f"round7-zoom400-{case}-{'js' if js else 'nojs'}")
    assert where["question"] >= 0, where  # the question is not above the screen
    assert where["line"] <= where["height"] and where["shown"], where  # nor is the field
    assert page.evaluate(FOCUS_STATE)["ring"]


def test_a_send_that_stalls_gives_the_button_back(new_page, collector):
    """On a train the connection stalled while sending: "Sending…" stayed for minutes and
    the button did nothing. After a while it is a failed send, said as one; sending again
    stores the answers once."""
    closing = unique("Stalled")
    page = new_page()
    page.clock.install()
    page.goto(collector.url + "/exit-en/")
    page.check("#departure-3")
    page.fill("#closing", closing)
    stalled = []
    page.route("**/submit/exit-en", lambda route: stalled.append(route))  # never answered
    send_button(page).click()
    wait_until_true(page, "() => !!document.querySelector('[aria-disabled=true]')")
    wait_for_held(page, stalled)
    assert send_button(page).inner_text() == "Sending…"
    page.clock.run_for(25_000)
    page.wait_for_selector(".errsum")
    assert "Check your connection" in page.locator(".errsum").inner_text()
    wait_until_true(page, "document.activeElement.classList.contains('errsum')")
    assert send_button(page).get_attribute("aria-disabled") is None
    assert send_button(page).inner_text() == "Send answers"
    assert page.input_value("#closing") == closing
    page.unroute("**/submit/exit-en")
    with page.expect_navigation(url="**/exit-en/thanks.html"):
        send_button(page).click()
    assert len(collector.stored("exit-en", closing)) == 1
