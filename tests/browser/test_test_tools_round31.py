"""The browser helpers themselves: a capture Chromium refuses once is tried again."""

from __future__ import annotations

import pytest
from browser_tools import screenshot
from playwright.sync_api import Error


class RefusingPage:
    """Stands in for a Playwright page whose first captures fail as CI's once did."""

    def __init__(self, refusals: int, message: str = "Unable to capture screenshot") -> None:
        self.refusals = refusals
        self.message = message
        self.captures = 0
        self.waits: list[int] = []

    def screenshot(self, path: str, **options) -> None:
        self.captures += 1
        if self.captures <= self.refusals:
            raise Error(f"Page.screenshot: Protocol error (Page.captureScreenshot): {self.message}")
        with open(path, "wb") as file:
            file.write(b"\x89PNG")

    def wait_for_timeout(self, ms: int) -> None:
        self.waits.append(ms)


def test_a_refused_capture_is_tried_again_and_saved():
    page = RefusingPage(refusals=2)
    path = screenshot(page, "round31-refused-twice", full_page=True)
    assert page.captures == 3
    assert page.waits == [500, 1000]
    assert path.read_bytes() == b"\x89PNG"
    path.unlink()


def test_a_capture_refused_every_time_fails_the_test():
    page = RefusingPage(refusals=5)
    with pytest.raises(Error, match="Unable to capture screenshot"):
        screenshot(page, "round31-refused-always")
    assert page.captures == 3


def test_any_other_error_is_not_hidden_by_a_retry():
    page = RefusingPage(refusals=1, message="Target page, context or browser has been closed")
    with pytest.raises(Error, match="has been closed"):
        screenshot(page, "round31-closed")
    assert page.captures == 1
