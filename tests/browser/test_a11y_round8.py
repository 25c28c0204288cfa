"""The eighth audit round: what axe does not see, on the HR area and the report.

Windows contrast themes (forced colours, here on a dark theme), a password manager at the
sign-in page, and the names a screen reader hears for the report's controls. Real
Chromium; the report through the same page the HR area serves, the sign-in page from a
real collector.
"""

from __future__ import annotations

import hr_servers
import pytest
import report_servers
from browser_tools import screenshot
from hr_servers import PASSWORD
from report_servers import open_report

# Fixtures of hr_servers and report_servers: the HR area's collectors with each test's fresh
# sign-in limit, and the report's collector and the file `flask report` wrote.
servers = hr_servers.servers
fresh_sign_in_limit = hr_servers.fresh_sign_in_limit
report_app = report_servers.report_app
report_file = report_servers.report_file

CONTRAST = """() => {
  const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = (c) => {
    const [r, g, b] = rgb(c).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => {
    const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
    return Math.round(((hi + 0.05) / (lo + 0.05)) * 100) / 100;
  };
  const page = getComputedStyle(document.body).backgroundColor;
  const paint = (sel, prop) => [...document.querySelectorAll(sel)].map(
    (el) => [sel, (el.textContent || '').trim(), ratio(getComputedStyle(el)[prop], page)]);
  return {
    page,
    text: paint('svg.line text', 'fill'),
    lines: [...paint('svg.line polyline', 'stroke'), ...paint('svg.line circle', 'fill')],
  };
}"""


@pytest.mark.parametrize("way", ["file", "served"])
def test_the_trend_charts_show_in_a_dark_contrast_theme(
    new_page, report_app, report_file, way
) -> None:
    """With Windows' dark contrast theme, the trend charts' quarters, percentages, line and
    points were drawn in near-black on the black page (SVG paint is not forced): the
    charts showed as empty boxes (WCAG 1.4.11, 1.4.3). They take the theme's colours."""
    page = open_report(
        new_page, report_app, report_file, way, forced_colors="active", color_scheme="dark"
    )
    found = page.evaluate(CONTRAST)
    assert found["page"] == "rgb(0, 0, 0)"  # the dark theme is on
    assert found["text"] and found["lines"]
    faint = [t for t in found["text"] if t[2] < 4.5] + [x for x in found["lines"] if x[2] < 3]
    page.locator("svg.line").first.scroll_into_view_if_needed()
    screenshot(page, f"round8-trend-forced-dark-{way}")
    assert faint == [], faint


def test_report_buttons_keep_their_outline_in_a_contrast_theme(
    new_page, report_app, report_file
) -> None:
    """In a contrast theme the report's "Show" button lost its green background and kept
    only a line under it: it looked like a link or a heading, not a button (WCAG 1.4.11)."""
    page = open_report(new_page, report_app, report_file, "served", forced_colors="active")
    sides = page.evaluate(
        """() => [...document.querySelectorAll('button')].map((b) => {
             const s = getComputedStyle(b);
             return [b.textContent, ...['Top', 'Right', 'Bottom', 'Left'].map(
               (side) => s['border' + side + 'Style'] !== 'none'
                         && parseFloat(s['border' + side + 'Width']) >= 1)];
           })"""
    )
    assert sides
    assert [s for s in sides if not all(s[1:])] == []


def test_each_show_the_numbers_says_which_numbers(new_page, report_app, report_file) -> None:
    """Tabbing through the report, a screen reader said "Show the numbers, collapsed" again
    and again, never for which question (WCAG 2.4.6). Each one now names its chart, after
    the words on screen (2.5.3)."""
    page = open_report(new_page, report_app, report_file, "file")
    cdp = page.context.new_cdp_session(page)
    nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    names = [
        n["name"]["value"]
        for n in nodes
        if n.get("role", {}).get("value") == "DisclosureTriangle" and not n.get("ignored")
    ]
    shown = "Show the numbers"  # the words on screen (the file is in English)
    assert len(names) >= 3
    # Chromium puts a space before the hidden words: "Show the numbers : How …"
    assert all(name.startswith(shown) and len(name) > len(shown) + 5 for name in names), names
    assert len(set(names)) == len(names), names


def test_a_password_manager_can_save_and_fill_the_hr_password(new_page, servers) -> None:
    """The sign-in page has a password and no user name, so Chromium (and password
    managers) would not file the password to fill it in later: HR had to type or paste it
    each time (WCAG 3.3.8). A hidden user name, never sent, completes the pair; pasting
    still works."""
    page = new_page()
    messages: list[str] = []
    page.on("console", lambda msg: messages.append(msg.text))
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(servers["hr"].url + "/admin/login")
    fields = page.evaluate(
        """() => [...document.querySelector('#password').form.elements]
                 .filter((e) => e.autocomplete)
                 .map((e) => [e.type, e.autocomplete, e.name])"""
    )
    assert fields == [["text", "username", ""], ["password", "current-password", "password"]]
    assert not [m for m in messages if "Password forms should have" in m], messages
    page.evaluate("text => navigator.clipboard.writeText(text)", PASSWORD)
    page.focus("#password")
    page.keyboard.press("Control+V")
    assert page.input_value("#password") == PASSWORD
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Responses"


TEXT_SPACING = """() => {
  const s = document.createElement('style');
  s.textContent = '* { line-height: 1.5 !important; letter-spacing: .12em !important;'
    + ' word-spacing: .16em !important; } p { margin-bottom: 2em !important; }';
  document.head.append(s);
}"""
CLIPPED = """() => [...document.querySelectorAll('body *')]
  .filter((el) => el.offsetParent && !el.closest('.vh, .trap, .wide'))
  .filter((el) => {
    const s = getComputedStyle(el);
    return [s.overflowX, s.overflowY].some((o) => o !== 'visible')
      && (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1);
  })
  .map((el) => el.outerHTML.slice(0, 80))"""


@pytest.mark.parametrize("path", ["/exit-nl/", "/exit-en/thanks.html", "/"])
def test_text_spacing_cuts_nothing_off_at_320px(new_page, collector, path) -> None:
    """WCAG 1.4.12: with the wider spacing a reader's own style sheet may set, at 320 px
    (400% zoom), no text is cut off and nothing scrolls sideways; on the form with its
    errors and a "No answer" shown too. (Already so: a guard.)"""
    page = new_page(bypass_csp=True, viewport={"width": 320, "height": 256})
    page.goto(collector.url + path)
    if path == "/exit-nl/":
        page.locator("button[type=submit]:not([hidden])").click()
        page.wait_for_selector(".errsum")
        page.check("#come_back")
        assert page.locator("#come_back-none").is_visible()
    page.evaluate(TEXT_SPACING)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert page.evaluate(CLIPPED) == []
