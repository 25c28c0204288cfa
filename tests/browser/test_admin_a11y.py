"""The HR area in real Chromium: axe (WCAG 2.2 AA) on every page, the CSP, keyboard, reflow.

The collector runs on a real local server (sign-in needs cookies and form posts), with its
own headers, so a CSP violation shows up as a console error.
"""

from __future__ import annotations

import hr_servers
import pytest
from browser_site import CollectorServer
from browser_tools import (
    check_focus,
    describe_violations,
    run_axe,
    screenshot,
    wait_until_true,
    width_with_text_at,
)
from hr_servers import PASSWORD

# hr_servers' fixtures: the HR area's collectors, and each test's fresh sign-in limit.
servers = hr_servers.servers
fresh_sign_in_limit = hr_servers.fresh_sign_in_limit


def check(page, axe_source: str, name: str) -> None:
    """axe finds nothing, no CSP or script errors, no horizontal scroll at 320 px."""
    result = run_axe(page, axe_source)
    incomplete = sorted({r["id"] for r in result["incomplete"]})
    if incomplete:
        print(f"\naxe needs review on {name}: {', '.join(incomplete)}")
    assert result["violations"] == [], describe_violations(result["violations"])
    # An error page's own status (403, 422) is logged as a failed load: that is expected.
    assert [p for p in page.problems if "server responded with a status" not in p] == []
    page.set_viewport_size({"width": 320, "height": 640})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{name} is {width}px wide at a 320px viewport"
    screenshot(page, f"admin-{name}-320", full_page=True)
    width = width_with_text_at(page, "200%")
    assert width <= 320, f"{name}: with text at 200% the page is {width}px wide at 320px"
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, f"admin-{name}-1280", full_page=True)


def sign_in(page, served: CollectorServer, password: str = PASSWORD) -> None:
    page.goto(served.url + "/admin/login")
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("load")


def test_no_password_page(new_page, servers, axe_source):
    page = new_page()
    page.goto(servers["fresh"].url + "/admin/")
    assert page.locator("h1").inner_text() == "Set a password first"
    check(page, axe_source, "no-password")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_login_page_and_its_error_page(new_page, servers, axe_source, scheme):
    page = new_page(color_scheme=scheme)
    page.goto(servers["hr"].url + "/admin/")
    assert page.url.endswith("/admin/login")
    check(page, axe_source, f"login-{scheme}")
    sign_in(page, servers["hr"], "not the password")
    assert page.title().startswith("Error: ")
    check(page, axe_source, f"login-error-{scheme}")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_responses_page_and_signing_out(new_page, servers, axe_source, scheme):
    page = new_page(color_scheme=scheme)
    sign_in(page, servers["hr"])
    assert page.locator("h1").inner_text() == "Responses"
    assert page.locator(".facts dd").nth(1).inner_text() == "3"
    check(page, axe_source, f"responses-{scheme}")
    page.click("text=Sign out")
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == "You are signed out"
    check(page, axe_source, f"signed-out-{scheme}")
    page.reload()  # a page of its own (post/redirect/get), not the answer to the post
    assert page.locator("h1").inner_text() == "You are signed out"


def test_out_of_date_sign_in_page(new_page, servers, axe_source):
    """A sign-in form whose token no longer holds (another tab signed in or out) asks for
    the password again, on a form that works, rather than "This form has expired"."""
    page = new_page()
    page.goto(servers["hr"].url + "/admin/login")
    page.evaluate("document.querySelector('[name=csrf_token]').value = 'forged'")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("load")
    assert "This sign-in page was out of date" in page.locator(".errsum").inner_text()
    check(page, axe_source, "out-of-date")
    sign_in_here(page)
    assert page.locator("h1").inner_text() == "Responses"


def test_sign_in_by_keyboard_only(new_page, servers):
    page = new_page()
    page.goto(servers["hr"].url + "/admin/login")
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "password":
            break
    else:
        pytest.fail("Tab never reached the password field")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # a visible focus indicator
    page.keyboard.type("wrong password")
    page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    # The error summary has focus; its link takes you to the field.
    wait_until_true(page, "document.activeElement.className === 'errsum'")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "password"
    page.keyboard.type(PASSWORD)
    # Wait for the navigation Enter starts: "load" of the page already shown returns at
    # once, before the post (a failure seen on a loaded machine).
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Responses"


def test_report_page_leads_back_and_out_by_keyboard(new_page, servers, axe_source):
    page = new_page()
    sign_in(page, servers["hr"])
    page.goto(servers["hr"].url + "/admin/report/exit-nl")
    assert page.evaluate("document.documentElement.lang") == "nl"
    check(page, axe_source, "report")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Exit survey HR area"
    check_focus(page)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").startswith("Download this report")
    check_focus(page)
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.startswith("exit-nl-report-")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Sign out"
    check_focus(page)
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Responses"
    page.go_back()
    page.locator("button", has_text="Sign out").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "You are signed out"


def test_a_bookmark_opens_after_signing_in(new_page, servers):
    page = new_page()
    page.goto(servers["hr"].url + "/admin/report/exit-nl")
    assert "/admin/login?next=" in page.url
    sign_in_here(page)
    assert page.url == servers["hr"].url + "/admin/report/exit-nl"


def sign_in_here(page, password: str = PASSWORD) -> None:
    """Sign in on the sign-in page that is open (keeping what it carries)."""
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("load")


def test_session_ended_page(new_page, servers, axe_source):
    page = new_page()
    sign_in(page, servers["hr"])
    page.context.clear_cookies(name="exit_survey_admin")  # as after 30 minutes idle
    page.goto(servers["hr"].url + "/admin/")
    assert page.locator("h1").inner_text() == "Your session has ended"
    check(page, axe_source, "session-ended")
    sign_in_here(page)
    assert page.locator("h1").inner_text() == "Responses"


def test_too_many_attempts_page(new_page, servers, axe_source):
    page = new_page()
    for _ in range(5):
        sign_in(page, servers["hr"], "not the password")
    sign_in(page, servers["hr"])
    assert "Wait 15 minutes, then try again" in page.locator(".errsum").inner_text()
    check(page, axe_source, "too-many-attempts")
