"""Back to a form that the script sent as a plain post (round 28).

A host whose own policy forbids the script's fetch gets the answers as a plain post
(enhance.js, 'securitypolicyviolation'), with what does not apply disabled so that it stays
out of that post. A leaver who changed an answer while that post was loading made a section
appear whose fields were still disabled; Back then showed it from the cache with those
fields greyed out and out of reach of the keyboard: 'pageshow' enabled only what was still
hidden.
"""

from __future__ import annotations

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
        page.fill("#closing", "Sent as a plain post, then Back")
        page.evaluate("window.leftForThanks = true")
        # The leaver changes her answer once the plain post is under way (the answers it
        # sends are taken already): "I resigned" brings the hidden section into view. Done
        # by the page itself, after the script's own listener has sent the form: DevTools
        # cannot reach a page while its form post is pending.
        page.evaluate(
            """document.addEventListener('securitypolicyviolation', () => {
                document.getElementById('departure').click();
                window.leftDisabled = [...document.querySelectorAll('[name]:disabled')]
                    .map(x => x.id);
            })"""
        )
        with page.expect_navigation(url="**/exit-en/thanks.html"):
            page.locator("button[type=submit]").click()
        page.go_back(wait_until="commit")  # a page from the cache fires no load event
        wait_until_true(page, "document.readyState === 'complete'")
        assert page.evaluate("window.leftForThanks") is True, "not from the cache"
        # Round 29: the fields are disabled only while the post takes the answers.
        assert page.evaluate("window.leftDisabled") == [], "left disabled by the plain post"
        disabled = page.evaluate("[...document.querySelectorAll('[name]:disabled')].map(x => x.id)")
        assert disabled == [], f"left disabled after Back: {disabled}"
        # Stored: the thank-you page marked them sent, so Back shows the note, not the answers.
        assert page.locator(".sent").is_visible()
        assert not page.is_checked("#departure")
        # The page's own default button stays disabled: it stops Enter in a text box.
        assert page.evaluate("document.querySelector('input[type=submit][hidden]').disabled")
    finally:
        context.close()
