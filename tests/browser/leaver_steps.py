"""A leaver's steps through the example form in the browser: fill it in, send it, see it sent."""

from __future__ import annotations

import uuid

THANKS = "**/exit-en/thanks.html"


def unique(text: str) -> str:
    return f"{text} ({uuid.uuid4().hex[:8]})"


def fill_resigned(page, closing: str) -> None:
    """I resigned, for pay and a reason of my own, and a closing comment."""
    page.check("#departure")
    page.check("#reasons")
    page.check("#reasons-11")
    page.fill("#reasons__other", "Long commute")
    page.fill("#stay", "A shorter commute")
    page.fill("#closing", closing)


def answers_are_kept(page, closing: str) -> None:
    assert page.is_checked("#departure")
    assert page.locator("#reasons-11").is_visible() and page.is_checked("#reasons-11")
    assert page.input_value("#reasons__other") == "Long commute"
    assert page.input_value("#stay") == "A shorter commute"
    assert page.input_value("#closing") == closing


def send_button(page):
    return page.locator("button[type=submit]")


def send(page, thanks: str = THANKS) -> None:
    """Sends the form and waits for the thank-you page (``thanks``, a URL pattern)."""
    with page.expect_navigation(url=thanks):
        send_button(page).click()
