"""The plain-post fallback, as a leaver on a strict host meets it (round 29).

The form pages live on one site and post to the collector on another (build.py
--collector-url). The host adds a policy of its own that forbids the page's script to
connect anywhere else (``connect-src 'self'``), so the script's fetch is refused and
enhance.js sends the form as a plain post instead. Found in Chromium (review of round 28):

* the next visit in the same tab showed the previous leaver's answers, and their own
  answers were thanked but dropped as a resend of those;
* a focused "could not be sent" notice came up just before the plain post (and stayed for
  Back);
* any refused connection on the page (a script an extension or antivirus software puts in)
  sent a half-filled form;
* a host that forbids the plain post as well (``form-action``) left the page saying nothing.

What must still hold: a post that failed or whose reply was lost keeps the answers and the
submission ID for Back, and sending again stores the answers once.
"""

from __future__ import annotations

import pytest
import strict_host
from browser_tools import wait_until_true
from leaver_steps import answers_are_kept, fill_resigned, send, send_button, unique
from strict_host import STRICTER, noticed, refused_connection, send_as_plain_post, submission

sites = strict_host.sites
host = strict_host.host
collector = strict_host.collector
form_page = strict_host.form_page


def test_stored_plain_post_then_a_new_visit_starts_empty_and_is_stored(form_page, host, collector):
    """The next person at a shared computer, in the same tab, sees nothing of the answers
    before theirs, and theirs are stored, not taken for a resend."""
    page = form_page()
    first = unique("First leaver, plain post")
    fill_resigned(page, first)
    first_id = submission(page)
    send_as_plain_post(page)
    assert page.url == host.url + "/exit-en/thanks.html"
    assert len(collector.stored("exit-en", first)) == 1
    assert not noticed(page), "said 'could not be sent' before a post that was stored"

    page.goto(host.url + "/exit-en/")  # the next person, same tab
    assert page.input_value("#closing") == ""
    assert not page.is_checked("#departure")
    assert page.locator(".sent").is_visible()  # as after the script's own send
    second_id = submission(page)
    assert second_id and second_id != first_id
    second = unique("Second leaver, same tab")
    fill_resigned(page, second)
    send_as_plain_post(page)
    assert len(collector.stored("exit-en", second)) == 1
    assert len(collector.stored("exit-en", first)) == 1
    assert page.problems == []


@pytest.mark.parametrize("cache", ["bfcache", "reloaded"])
def test_back_after_a_stored_plain_post_shows_it_sent(form_page, cached_browser, collector, cache):
    """Back from the thank-you page: the answers are gone from the form (a shared
    computer), the page says they arrived, and a new send is a new submission."""
    page = form_page(cached_browser if cache == "bfcache" else None)
    closing = unique(f"Back after a plain post ({cache})")
    fill_resigned(page, closing)
    first_id = submission(page)
    page.evaluate("window.leftForThanks = true")
    send_as_plain_post(page)
    page.go_back(wait_until="commit")
    wait_until_true(page, "document.readyState === 'complete' && !!document.querySelector('.sent')")
    from_cache = page.evaluate("window.leftForThanks === true")
    assert from_cache is (cache == "bfcache")
    assert page.input_value("#closing") == ""
    assert not page.is_checked("#departure")
    assert submission(page) != first_id
    assert len(collector.stored("exit-en", closing)) == 1


@pytest.mark.parametrize("failure", ["no reply", "never arrived"])
def test_a_plain_post_that_failed_keeps_the_answers_for_back_and_stores_once(
    form_page, collector, failure
):
    """The post is stored but its reply is lost (or it never arrives): Back shows the
    answers with the same submission ID, and sending again stores them once."""
    page = form_page()
    closing = unique(f"Plain post, {failure}")
    fill_resigned(page, closing)
    first_id = submission(page)

    def lose(route) -> None:
        if failure == "no reply":
            route.fetch(max_redirects=0)  # the collector stores it...
        route.abort("connectionreset")  # ...and the leaver sees an error page

    page.route("**/submit/exit-en", lose)
    send_button(page).click()
    wait_until_true(page, "location.href.startsWith('chrome-error:')")
    page.unroute("**/submit/exit-en")
    page.go_back()
    wait_until_true(page, "document.readyState === 'complete'")
    answers_are_kept(page, closing)
    assert submission(page) == first_id
    send_as_plain_post(page)
    assert len(collector.stored("exit-en", closing)) == 1


def test_a_stopped_plain_post_leaves_the_form_usable(form_page, host, collector):
    """Stopped while loading (Esc, or the browser gave up): every question can still be
    answered, also one that comes into view now, and sending again works."""
    page = form_page()
    closing = unique("Plain post stopped")
    page.check("#departure-3")  # a contract that ended: "Your decision to leave" hidden
    page.fill("#closing", closing)
    page.route("**/submit/exit-en", lambda route: route.abort("aborted"))
    send_button(page).click()
    wait_until_true(page, "document.readyState === 'complete'")
    page.wait_for_timeout(300)  # the aborted post settles; nothing to poll for
    page.unroute("**/submit/exit-en")
    assert page.url == host.url + "/exit-en/"
    page.check("#departure")  # "I resigned": the hidden section comes into view
    assert page.locator("#reasons").is_visible()
    disabled = page.evaluate("[...document.querySelectorAll('[name]:disabled')].map(x => x.id)")
    assert disabled == [], f"left disabled: {disabled}"
    assert send_button(page).get_attribute("aria-disabled") is None
    page.check("#reasons")
    send_as_plain_post(page)
    [stored] = collector.stored("exit-en", closing)
    assert stored["answers"]["departure"] == "voluntary"


def test_a_host_that_forbids_the_plain_post_too_gets_the_notice(form_page, host, collector):
    host.policy = STRICTER
    page = form_page()
    closing = unique("Nothing may leave this host")
    page.check("#departure-3")
    page.fill("#closing", closing)
    send_button(page).click(no_wait_after=True)  # a navigation the policy stops
    wait_until_true(page, "!!document.querySelector('.errsum')")
    assert page.evaluate("document.title").startswith("Error: ")
    wait_until_true(page, "document.activeElement.classList.contains('errsum')")
    assert page.url == host.url + "/exit-en/"
    assert page.input_value("#closing") == closing
    assert page.evaluate("document.querySelectorAll('[name]:disabled').length") == 0
    assert send_button(page).get_attribute("aria-disabled") is None
    assert collector.stored("exit-en", closing) == []


def test_a_refused_connection_of_another_script_sends_nothing(form_page, host, collector):
    """A script put into the page by an extension or antivirus software connects to its own
    server; the host's policy refuses it. The leaver is halfway: nothing is sent."""
    page = form_page()
    closing = unique("Halfway, with a noisy extension")
    page.check("#departure")
    page.fill("#closing", closing)
    refused_connection(page, "http://127.0.0.1:9/telemetry")
    assert page.url == host.url + "/exit-en/"
    assert page.input_value("#closing") == closing
    assert collector.stored("exit-en", closing) == []
    assert not noticed(page)


def test_answers_that_need_correcting_come_back_from_the_collector(form_page, collector):
    """The plain post's 422 is the collector's own page: the answers are kept there, and
    sending from it stores them once."""
    page = form_page()
    closing = unique("Plain post, corrected")
    page.fill("#closing", closing)  # the one required question left unanswered
    send(page, "**/submit/exit-en")
    assert page.locator(".errsum").is_visible()
    assert page.input_value("#closing") == closing
    page.check("#departure")
    send(page)
    assert len(collector.stored("exit-en", closing)) == 1
