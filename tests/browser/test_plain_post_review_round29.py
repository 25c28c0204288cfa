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
from leaver_steps import fill_resigned, send, unique
from strict_host import refused_connection, send_as_plain_post, sent_back

sites = strict_host.sites
host = strict_host.host
collector = strict_host.collector
form_page = strict_host.form_page


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


def test_a_corrected_send_keeps_the_submission_id(form_page, host, collector):
    host.policy = ""  # the script's own send
    page = form_page()
    ids = _posted_ids(page)
    closing = unique("Corrected in place")
    sent_back(page, closing)
    assert page.url == host.url + "/exit-en/"  # in place, not the collector's page
    page.check("#departure")
    send(page)
    assert ids[0] and ids == [ids[0], ids[0]]
    assert len(collector.stored("exit-en", closing)) == 1


@pytest.mark.parametrize("policy", ["", strict_host.STRICT], ids=["fetch", "plain-post"])
def test_forward_to_the_thank_you_page_keeps_what_was_typed_since(form_page, host, policy):
    """Sent, Back (an empty form), new words typed, Forward to the thank-you page and Back
    again, without the back/forward cache: the new words are still there."""
    host.policy = policy
    page = form_page()
    fill_resigned(page, unique("Sent first"))
    if policy:
        send_as_plain_post(page)
    else:
        send(page)
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


@pytest.mark.parametrize("policy", ["", strict_host.STRICT], ids=["fetch", "plain-post"])
def test_started_in_english_sent_in_dutch_leaves_no_answers_behind(
    form_page, host, collector, policy
):
    host.policy = policy
    page = form_page()
    closing = unique("Begun in English, sent in Dutch")
    fill_resigned(page, closing)
    with page.expect_navigation(url="**/exit-nl/index.html"):
        page.click("header a[hreflang=nl]")
    assert page.input_value("#closing") == closing  # the shared draft
    send(page, "**/exit-nl/thanks.html")
    page.go_back()
    page.go_back()
    wait_until_true(page, "location.pathname === '/exit-en/' && !!document.querySelector('.sent')")
    assert page.input_value("#closing") == ""
    page.goto(host.url + "/exit-en/")  # the next person
    assert page.input_value("#closing") == ""
    assert len(collector.stored("exit-nl", closing)) == 1


def test_a_policy_only_reported_sends_once_and_corrects_in_place(form_page, host):
    host.header = "Content-Security-Policy-Report-Only"
    page = form_page()
    ids = _posted_ids(page)
    sent_back(page, unique("Report-only host"))
    page.wait_for_timeout(300)  # a second post would have started by now
    assert page.url == host.url + "/exit-en/"
    assert len(ids) == 1


def test_a_refused_connection_to_the_collector_s_root_sends_nothing(form_page, host, collector):
    page = form_page()
    closing = unique("Halfway, another script knocks at the collector")
    page.check("#departure")
    page.fill("#closing", closing)
    refused_connection(page, collector.url + "/")
    assert page.url == host.url + "/exit-en/"
    assert collector.stored("exit-en", closing) == []
