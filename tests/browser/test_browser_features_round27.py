"""Round 27 in Chromium: a leaver and their browser's own features.

Found by hand against the built examples served by the collector, with and without
JavaScript: Back after sending (from the back/forward cache and reloaded), sending again
2 s and 62 s later, reload, a duplicated tab, two tabs, a page rewritten by translation
(text wrapped in <font>), a minimum font size, a copy saved to disk, and Enter on every
kind of control. What was wrong is tested here.
"""

from __future__ import annotations

import pytest
from browser_tools import wait_until_true
from leaver_steps import THANKS, send_button, unique

#: Set by a listener the test adds: whether the form was submitted at all (by the script's
#: fetch or as a plain post), however the submission was started.
WATCH_SUBMIT = (
    "window.submitted = false; document.addEventListener('submit', () => "
    "{ window.submitted = true; }, true)"
)


@pytest.mark.parametrize(
    ("control", "key"),
    [
        ("#departure", "Space"),  # a radio, chosen with the keyboard
        ("#reasons", "Space"),  # a checkbox, ticked
        ("#reasons-2", None),  # a checkbox left unticked
        ("#recommend", "Space"),  # a point of the 0-10 scale
        ("#come_back-none", "Space"),  # a question's "No answer" radio
        ("#reasons__other", None),  # a one-line box: the disabled default button's case
    ],
    ids=["radio", "checkbox", "unticked", "scale", "no-answer", "text-box"],
)
def test_enter_on_a_choice_does_not_send_the_questionnaire(new_page, collector, control, key):
    """Many people press Enter to choose. In Chromium, Enter on a radio or a checkbox sent
    the whole questionnaire with the send button (the disabled default button in form.html
    stops Enter only in a text box): a leaver at the first question was thanked, their
    one answer stored, and the form emptied behind Back."""
    closing = unique("Enter to choose")
    page = new_page(locale="en-US")
    page.goto(collector.url + "/exit-en/")
    page.fill("#closing", closing)
    page.check("#departure")  # the one required question: nothing else stops the post
    page.evaluate(WATCH_SUBMIT)
    page.focus(control)
    if key:
        page.keyboard.press(key)
    page.keyboard.press("Enter")
    # The submission would have started within the key press (implicit submission).
    assert page.evaluate("window.submitted") is False
    assert page.get_attribute("form button", "aria-disabled") is None
    assert page.input_value("#closing") == closing
    assert collector.stored("exit-en", closing) == []
    # Enter on the send button itself still sends, once.
    send_button(page).focus()
    with page.expect_navigation(url=THANKS):
        page.keyboard.press("Enter")
    wait_until_true(page, "document.readyState === 'complete'")
    assert len(collector.stored("exit-en", closing)) == 1
