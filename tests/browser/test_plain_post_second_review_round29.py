"""What the second review of the round 29 plain-post fallback found, in Chromium.

The pages on one site and the collector on another (tests/browser/strict_host.py), here
with no host policy: the script's own send, where each of these lost answers that were kept
before round 29:

* the thank-you page marked the other language's page sent although it never ran in the
  tab, and the next person who switched to it had their answers emptied as sent (a page
  whose own earlier send was stored still empties what the next person brings along: at
  pageshow nothing tells those from a previous leaver's that the browser put back, see
  docs/theme.md);
* a send before the page's load event, in a tab whose last answers were stored, emptied
  the form and sent it empty;
* a form sent back with messages came without its submission ID, so a tab duplicated
  after that kept the first tab's, and one of the two responses was dropped as a resend.
"""

from __future__ import annotations

import strict_host
from browser_tools import wait_until_true
from leaver_steps import fill_resigned, send, unique
from strict_host import sent_back

sites = strict_host.sites
host = strict_host.host
collector = strict_host.collector
form_page = strict_host.form_page


def test_the_next_person_who_switches_language_keeps_their_answers(form_page, host, collector):
    host.policy = ""
    page = form_page()
    fill_resigned(page, unique("The first person"))
    send(page)
    page.goto(host.url + "/exit-en/")  # the next person, same tab
    assert page.input_value("#closing") == ""
    closing = unique("The next person, switching to Dutch")
    fill_resigned(page, closing)
    with page.expect_navigation(url="**/exit-nl/index.html"):
        page.click("header a[hreflang=nl]")
    wait_until_true(page, "document.readyState === 'complete'")
    page.wait_for_timeout(200)  # pageshow
    assert page.input_value("#closing") == closing
    assert page.locator(".sent").count() == 0
    send(page, "**/exit-nl/thanks.html")
    assert len(collector.stored("exit-nl", closing)) == 1


def test_a_send_before_the_page_has_loaded_sends_what_is_on_it(form_page, host, collector):
    """A theme's image still loading: the leaver is quicker than the page's load event."""
    host.policy = ""
    page = form_page()
    fill_resigned(page, unique("The first person"))
    send(page)

    page.goto(host.url + "/exit-en/slow.html", wait_until="domcontentloaded")
    closing = unique("Sent before the page had loaded")
    fill_resigned(page, closing)
    assert page.evaluate("document.readyState") != "complete", "loaded too soon to tell"
    send(page)
    assert len(collector.stored("exit-en", closing)) == 1


def test_a_tab_duplicated_after_a_correction_is_stored_apart(form_page, host, collector):
    host.policy = ""
    first = form_page()
    sent_back(first, "needs a correction")
    first_id = first.input_value("[name=_submission]")
    assert first_id, "the form came back without its submission ID"
    copied = first.evaluate("JSON.stringify(Object.entries(sessionStorage))")
    copy = first.context.new_page()
    copy.add_init_script(
        f"if (!sessionStorage.length) {copied}.forEach(([k, v]) => sessionStorage[k] = v)"
    )
    copy.goto(host.url + "/exit-en/")
    for _ in range(400):  # the tabs ask each other once the copy is ready
        if copy.input_value("[name=_submission]") not in ("", first_id):
            break
        copy.wait_for_timeout(50)
    mine, theirs = unique("First tab, corrected"), unique("Duplicated tab")
    for page, closing in ((first, mine), (copy, theirs)):
        fill_resigned(page, closing)
        send(page)
    assert len(collector.stored("exit-en", mine)) == 1
    assert len(collector.stored("exit-en", theirs)) == 1


def test_a_language_never_opened_in_the_tab_is_not_said_to_be_sent(form_page, host):
    """The thank-you page marks the other language's form only if its page ran in the tab:
    the next person who opens the Dutch form is not told "your answers were sent"."""
    host.policy = ""
    page = form_page()
    fill_resigned(page, unique("Sent in English only"))
    send(page)
    page.goto(host.url + "/exit-nl/")
    wait_until_true(page, "!!document.querySelector('[name=_submission]').value")
    assert page.locator(".sent").count() == 0
