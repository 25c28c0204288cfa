"""The report in real Chromium: axe (WCAG 2.2 AA), the CSP, reflow at 320 px, print to PDF.

Two ways in: the file ``flask report`` writes (CSS inline), and the page the admin area
serves through ``render_report`` with the collector's headers (CSS linked, CSP on). The
second is fetched through the Flask test client, so no server is started.
"""

from __future__ import annotations

import pytest
import report_servers
from browser_tools import (
    describe_violations,
    run_axe,
    screenshot,
    tab_stops,
    width_with_text_at,
)
from report_servers import open_report

# report_servers' fixtures: the report's collector and the file `flask report` wrote.
report_app = report_servers.report_app
report_file = report_servers.report_file


@pytest.mark.parametrize("way", ["file", "served"])
def test_report_has_no_axe_violations(new_page, report_app, report_file, axe_source, way) -> None:
    page = open_report(new_page, report_app, report_file, way)
    assert page.locator("svg").count() > 10
    if way == "served":
        assert page.evaluate("document.documentElement.lang") == "nl"
        # The linked stylesheet applied (so the CSP let it through), and nothing was blocked.
        assert page.evaluate("getComputedStyle(document.querySelector('.cards')).display") == "grid"
    result = run_axe(page, axe_source)
    incomplete = sorted({r["id"] for r in result["incomplete"]})
    if incomplete:
        print(f"\naxe needs review on the report ({way}): {', '.join(incomplete)}")
    assert result["violations"] == [], describe_violations(result["violations"])
    assert page.problems == []  # no CSP violations or script errors
    screenshot(page, f"report-{way}-1280", full_page=True)


@pytest.mark.parametrize("way", ["file", "served"])
def test_report_reflows_at_320px(new_page, report_app, report_file, way) -> None:
    page = open_report(
        new_page, report_app, report_file, way, viewport={"width": 320, "height": 640}
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    screenshot(page, f"report-{way}-320", full_page=True)
    # Text at 200% (WCAG 1.4.4): long Dutch words and wide tables stay within the screen;
    # a table too wide for it scrolls in its own box, not the whole page.
    width = width_with_text_at(page, "200%")
    assert width <= 320, f"with text at 200% the report is {width}px wide at 320px"


@pytest.mark.parametrize("way", ["file", "served"])
def test_report_focus_shows_in_forced_colours(new_page, report_app, report_file, way) -> None:
    """Windows contrast themes drop shadows and backgrounds: every Tab stop keeps an outline."""
    page = open_report(new_page, report_app, report_file, way, forced_colors="active")
    stops = tab_stops(page)
    assert len(stops) > 5  # the links, the scrollable tables and the picker were reached
    for state in stops:
        assert state["outline"], f"no focus outline in forced colours: {state}"


def test_report_prints_to_pdf_within_the_page(new_page, report_app, report_file) -> None:
    page = open_report(new_page, report_app, report_file, "file")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 718, "height": 1000})  # A4 less the print margins
    assert page.evaluate("document.documentElement.scrollWidth") <= 718 + 1  # sub-pixel
    # Links and "Show the numbers" mean nothing on paper; the numbers themselves are
    # printed (round 29: tests/browser/test_report_print_round29.py).
    hidden = page.evaluate(
        "[...document.querySelectorAll('nav, summary')].every(e => getComputedStyle(e).display === 'none')"
    )
    assert hidden
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
