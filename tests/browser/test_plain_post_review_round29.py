"""What the review of the round 29 plain-post fallback found, in Chromium.

The pages on one site, the collector on another (tests/browser/strict_host.py); some tests
take the host's policy away, for the script's own send (fetch), which must behave as before:

* a form sent back with messages (422, in place) had no submission ID, so its corrected
  send could be stored twice;
* Forward to the thank-you page (reloaded, no cache) marked the answers typed since then
  as sent, and Back emptied them;
* a leaver who started in English and sent from the Dutch page found the English page,
  Back or a new visit, still filled in;
* a host trying a policy out (Report-Only) made every send go twice, and a 422 end on
  the collector's page;
* a refused connection to the collector's own root (a prefix of the action) sent a
  half-filled form.
"""

from __future__ import annotations

import pytest
import strict_host
from browser_tools import wait_until_true
from leaver_steps import fill_resigned, send_button, unique
from strict_host import open_form, send_as_plain_post

sites = strict_host.sites
host = strict_host.host
collector = strict_host.collector


def _posted_ids(page) -> list[str]:
    """The _submission of every post to the collector the page makes, as it makes them."""
    ids: list[str] = []

    def seen(request) -> None:
        if request.method == "POST" and "/submit/" in request.url:
            body = request.post_data or ""
            pairs = dict(p.split("=", 1) for p in body.split("&") if "=" in p)
            ids.append(pairs.get("_submission", ""))

    page.on("request", seen)
    return ids


def test_a_corrected_send_keeps_the_submission_id(browser, host, collector):
    host.policy = ""  # the script's own send
    context = browser.new_context(locale="en-US")
    try:
        page = open_form(context, host)
        ids = _posted_ids(page)
        closing = unique("Corrected in place")
        page.fill("#closing", closing)  # "Why are you leaving?" is required
        send_button(page).click()
        wait_until_true(page, "!!document.querySelector('.errsum')")
        assert page.url == host.url + "/exit-en/"  # in place, not the collector's page
        page.check("#departure")
        with page.expect_navigation(url="**/exit-en/thanks.html"):
            send_button(page).click()
        assert ids[0] and ids == [ids[0], ids[0]]
        assert len(collector.stored("exit-en", closing)) == 1
    finally:
        context.close()


@pytest.mark.parametrize("policy", ["", strict_host.STRICT], ids=["fetch", "plain-post"])
def test_forward_to_the_thank_you_page_keeps_what_was_typed_since(browser, host, collector, policy):
    """Sent, Back (an empty form), new words typed, Forward to the thank-you page and Back
    again, without the back/forward cache: the new words are still there."""
    host.policy = policy
    context = browser.new_context(locale="en-US")
    try:
        page = open_form(context, host)
        fill_resigned(page, unique("Sent first"))
        if policy:
            send_as_plain_post(page)
        else:
            with page.expect_navigation(url="**/exit-en/thanks.html"):
                send_button(page).click()
        page.go_back()
        wait_until_true(page, "!!document.querySelector('.sent')")
        second = unique("Typed after Back")
        page.fill("#closing", second)
        page.go_forward()
        wait_until_true(page, "location.pathname.endsWith('/thanks.html')")
        page.go_back()
        wait_until_true(page, "document.readyState === 'complete'")
        page.wait_for_timeout(200)  # pageshow, after the browser restores the fields
        assert page.input_value("#closing") == second
    finally:
        context.close()


@pytest.mark.parametrize("policy", ["", strict_host.STRICT], ids=["fetch", "plain-post"])
def test_started_in_english_sent_in_dutch_leaves_no_answers_behind(
    browser, host, collector, policy
):
    host.policy = policy
    context = browser.new_context(locale="en-US")
    try:
        page = open_form(context, host)
        closing = unique("Begun in English, sent in Dutch")
        fill_resigned(page, closing)
        with page.expect_navigation(url="**/exit-nl/index.html"):
            page.click("header a[hreflang=nl]")
        assert page.input_value("#closing") == closing  # the shared draft
        with page.expect_navigation(url="**/exit-nl/thanks.html"):
            send_button(page).click()
        page.go_back()
        page.go_back()
        wait_until_true(
            page, "location.pathname === '/exit-en/' && !!document.querySelector('.sent')"
        )
        assert page.input_value("#closing") == ""
        page.goto(host.url + "/exit-en/")  # the next person
        assert page.input_value("#closing") == ""
        assert len(collector.stored("exit-nl", closing)) == 1
    finally:
        context.close()


def test_a_policy_only_reported_sends_once_and_corrects_in_place(browser, host, collector):
    host.header = "Content-Security-Policy-Report-Only"
    context = browser.new_context(locale="en-US")
    try:
        page = open_form(context, host)
        ids = _posted_ids(page)
        closing = unique("Report-only host")
        page.fill("#closing", closing)
        send_button(page).click()
        wait_until_true(page, "!!document.querySelector('.errsum')")
        page.wait_for_timeout(300)  # a second post would have started by now
        assert page.url == host.url + "/exit-en/"
        assert len(ids) == 1
    finally:
        context.close()


def test_a_refused_connection_to_the_collector_s_root_sends_nothing(browser, host, collector):
    context = browser.new_context(locale="en-US")
    try:
        page = open_form(context, host)
        closing = unique("Halfway, another script knocks at the collector")
        page.check("#departure")
        page.fill("#closing", closing)
        page.evaluate(
            """(root) => new Promise((done) => {
                document.addEventListener('securitypolicyviolation', () => setTimeout(done, 200));
                fetch(root).catch(() => {});
            })""",
            collector.url + "/",
        )
        assert page.url == host.url + "/exit-en/"
        assert collector.stored("exit-en", closing) == []
    finally:
        context.close()
