"""Round 20, in Chromium: answers to a question that does not apply, with and without
JavaScript (the rules themselves: tests/test_not_applying_round20.py).

Without JavaScript the leaver is asked about each such answer and can take each one back;
with JavaScript the questions that do not apply are hidden and not sent, and a message the
collector sends back is never out of sight.
"""

from __future__ import annotations

import pytest
from support.not_applying import follow_collector, stored


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory):
    return follow_collector(tmp_path_factory.mktemp("follow-browser"))


#: Never bound: Playwright hands every request to the app's test client.
BASE = "http://127.0.0.1:8971"


def _page(browser, app, javascript: bool):
    """A page whose requests the collector answers in-process (no port to bind)."""
    client = app.test_client()
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()

    def answer(route) -> None:
        request = route.request
        headers = {
            k: v
            for k, v in request.headers.items()
            if k.lower() in ("content-type", "origin", "accept", "sec-fetch-site")
        }
        response = client.open(
            request.url[len(BASE) :],
            base_url=BASE,
            method=request.method,
            data=request.post_data_buffer,
            headers=headers,
            buffered=True,
            # Chromium would load a fulfilled redirect's target from the network: a page
            # posted to gets the thank-you page at once (enhance.js reads the redirect).
            follow_redirects=request.is_navigation_request(),
        )
        route.fulfill(
            status=response.status_code,
            headers=dict(response.headers),
            body=response.get_data(),
        )

    page.route(f"{BASE}/**", answer)
    return context, page


def _send(page) -> None:
    page.click("[type=submit]:not([hidden])")
    page.wait_for_load_state()


def test_without_javascript_a_leaver_is_asked_then_can_take_each_answer_back(browser, app) -> None:
    context, page = _page(browser, app, javascript=False)
    try:
        page.goto(f"{BASE}/follow-en/")
        page.check("#departure-2")  # "My employer ended my employment"
        page.check("input[name=reasons][value=pay]")
        page.check("input[name=talked][value=yes]")
        page.check("input[name=process][value='4']")
        page.select_option("#sector", "same")
        page.fill("#notice", "4")
        page.fill("#first_thought", "2025-03")
        page.fill("#closing", "no script")
        _send(page)
        assert page.title().startswith("Error: ")
        summary = page.locator(".errsum li").all_inner_texts()
        assert len(summary) == 6 and all("not for your answers above" in s for s in summary)
        assert page.is_checked("input[name=reasons][value=pay]")  # kept, not dropped
        assert page.input_value("#notice") == "4"
        page.uncheck("input[name=reasons][value=pay]")
        page.check("#talked-none")
        page.check("#process-none")
        page.select_option("#sector", "")
        page.fill("#notice", "")
        page.fill("#first_thought", "")
        _send(page)
        assert page.title().startswith("Thank you")
        assert stored(app, "no script") == [{"departure": "dismissed"}]
    finally:
        context.close()


def test_with_javascript_hidden_answers_are_not_sent_and_a_message_is_never_hidden(
    browser, app
) -> None:
    context, page = _page(browser, app, javascript=True)
    try:
        # A question that stops applying hides, and its answer is not sent: no message.
        page.goto(f"{BASE}/follow-en/")
        page.check("#departure")  # "I resigned"
        page.check("input[name=reasons][value=pay]")
        page.fill("#notice", "4")
        page.check("#departure-2")
        assert page.locator('[data-q="reasons"]').is_hidden()
        page.fill("#closing", "script")
        _send(page)
        page.wait_for_url("**/thanks.html")
        assert stored(app, "script") == [{"departure": "dismissed"}]
        # Sent without the script (pressed before it was ready): the page that comes back
        # shows the question it asks about, with its message, although it does not apply.
        page.goto(f"{BASE}/follow-en/")
        page.check("#departure-2")
        with page.expect_navigation():
            page.evaluate(
                """() => {
                    document.querySelector('input[name=reasons][value=pay]').checked = true;
                    document.querySelector('form[data-t]').submit();
                }"""
            )
        assert page.title().startswith("Error: ")
        assert page.locator("#reasons-error").is_visible()
        assert page.is_checked("input[name=reasons][value=pay]")
        page.click(".errsum a")
        assert page.locator("#reasons").is_visible()
    finally:
        context.close()


def test_with_javascript_a_statement_blocks_heading_hides_with_its_statements(browser, app) -> None:
    """A block with its own condition left its heading on the page, asking nothing."""
    context, page = _page(browser, app, javascript=True)
    try:
        page.goto(f"{BASE}/follow-en/")
        heading = page.locator("h3", has_text="Looking back at the ending")
        assert heading.is_hidden()
        page.check("#departure")
        page.check("input[name=come_back][value=yes]")
        assert heading.is_visible() and page.locator("#fair_end").is_visible()
        page.check("input[name=come_back][value=no]")
        assert heading.is_hidden()
    finally:
        context.close()
