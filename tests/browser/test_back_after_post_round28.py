"""Back to a form that the script sent as a plain post (round 28).

A host whose own policy forbids the script's fetch gets the answers as a plain post
(enhance.js, 'securitypolicyviolation'), with what does not apply disabled so that it stays
out of that post. A leaver who changed an answer while that post was loading made a section
appear whose fields were still disabled; Back then showed it from the cache with those
fields greyed out and out of reach of the keyboard: 'pageshow' enabled only what was still
hidden.

The fetch fails before the browser reports the policy: the page had put up "could not be
sent" (title "Error: ...") and still said so after Back, though the post had stored the
answers. And the plain post left the draft and the submission ID in the tab: the next visit
there (the next person on a shared computer) found the answers and the ID, and its own
answers were thanked but dropped by the collector as a retry.
"""

from __future__ import annotations

import uuid

from browser_tools import wait_until_true

#: What a site-wide policy of a host may say: its own pages connect nowhere (the page's
#: <meta> policy allows the collector; a browser enforces both).
HOST_POLICY = "connect-src 'none'"


def _with_host_policy(route) -> None:
    response = route.fetch()
    headers = {**response.headers, "content-security-policy": HOST_POLICY}
    route.fulfill(response=response, headers=headers)


def test_back_after_a_plain_post_leaves_no_field_disabled(cached_browser, collector):
    context = cached_browser.new_context(locale="en-US")
    try:
        page = context.new_page()
        page.route("**/exit-en/", _with_host_policy)
        page.goto(collector.url + "/exit-en/")
        page.check("#departure-3")  # a contract that ended: "Your decision to leave" is hidden
        closing = "Sent as a plain post, then Back " + uuid.uuid4().hex
        page.fill("#closing", closing)
        page.evaluate("window.leftForThanks = true")
        page.evaluate("addEventListener('pageshow', (e) => { window.shownAgain = e.persisted; })")
        # The leaver changes her answer once the plain post is under way (the answers it
        # sends are taken already): "I resigned" brings the hidden section into view. Done
        # by the page itself, after the script's own listener has sent the form: DevTools
        # cannot reach a page while its form post is pending.
        page.evaluate(
            """document.addEventListener('securitypolicyviolation',
                () => document.getElementById('departure').click())"""
        )
        with page.expect_navigation(url="**/exit-en/thanks.html"):
            page.locator("button[type=submit]").click()
        page.go_back(wait_until="commit")  # a page from the cache fires no load event
        wait_until_true(page, "window.shownAgain === true")  # the script's pageshow ran first
        assert page.evaluate("window.leftForThanks") is True, "not from the cache"
        [stored] = collector.stored("exit-en", closing)
        assert stored["answers"]["departure"] == "contract_end"
        # Stored, so no "could not be sent" from the fetch that the policy refused.
        assert page.locator(".errsum").count() == 0
        assert not page.title().startswith("Error:")
        assert page.is_checked("#departure")
        assert page.locator("#reasons").is_visible()
        disabled = page.evaluate("[...document.querySelectorAll('[name]:disabled')].map(x => x.id)")
        assert disabled == [], f"left disabled after Back: {disabled}"
        # The page's own default button stays disabled: it stops Enter in a text box.
        assert page.evaluate("document.querySelector('input[type=submit][hidden]').disabled")
    finally:
        context.close()


def test_the_next_visit_in_the_tab_after_a_plain_post_starts_afresh(browser, collector):
    """A shared computer: the next person opens the form in the same tab."""
    context = browser.new_context(locale="en-US")
    try:
        page = context.new_page()
        page.route("**/exit-en/", _with_host_policy)
        page.goto(collector.url + "/exit-en/")
        first = "First person " + uuid.uuid4().hex
        page.check("#departure")
        page.fill("#closing", first)
        first_id = page.input_value("[name=_submission]")
        with page.expect_navigation(url="**/exit-en/thanks.html"):
            page.locator("button[type=submit]").click()
        assert len(collector.stored("exit-en", first)) == 1
        page.goto(collector.url + "/exit-en/")  # a new visit, not Back
        wait_until_true(page, "document.readyState === 'complete'")
        assert page.input_value("#closing") == ""
        assert not page.is_checked("#departure")
        assert page.input_value("[name=_submission]") not in ("", first_id)
        second = "Second person " + uuid.uuid4().hex
        page.check("#departure-2")
        page.fill("#closing", second)
        with page.expect_navigation(url="**/exit-en/thanks.html"):
            page.locator("button[type=submit]").click()
        [stored] = collector.stored("exit-en", second)
        assert stored["answers"]["departure"] == "dismissed"
    finally:
        context.close()
