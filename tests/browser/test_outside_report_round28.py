"""Round 28, the report from outside, on paper: the HR area's report printed without a
breakdown chosen. The breakdown section then holds only the picker, which print leaves
out, so the printed page had a lone "Breakdown" heading with nothing under it."""

from __future__ import annotations

import report_servers
from browser_tools import screenshot

report_app = report_servers.report_app
ORIGIN = report_servers.ORIGIN


def _open_hr_report(new_page, app, query: str):
    """The HR area's report page (with its picker), served with the collector's headers."""
    from collector.report import render_report

    client = app.test_client()
    page = new_page()

    def answer(route) -> None:
        path = route.request.url[len(ORIGIN) :]
        if path.startswith("/admin/report/"):
            with app.test_request_context(path):
                response = app.process_response(app.make_response(render_report(app, "exit-en")))
        else:
            response = client.get(path, buffered=True)
        route.fulfill(
            status=response.status_code, headers=dict(response.headers), body=response.get_data()
        )

    page.route(f"{ORIGIN}/**", answer)
    page.goto(f"{ORIGIN}/admin/report/exit-en{query}")
    page.wait_for_load_state("load")
    return page


def test_printed_without_a_breakdown_there_is_no_empty_breakdown_heading(
    new_page, report_app
) -> None:
    page = _open_hr_report(new_page, report_app, "")
    heading = page.locator("h2#breakdown")
    assert heading.is_visible()  # on screen: the picker's heading
    page.emulate_media(media="print")
    screenshot(page, "report-round28-printed-without-breakdown")
    assert not heading.is_visible()
    assert not page.locator("select#breakdown-q").is_visible()


def test_printed_with_a_breakdown_keeps_its_heading_and_table(new_page, report_app) -> None:
    page = _open_hr_report(new_page, report_app, "?breakdown=tenure")
    page.emulate_media(media="print")
    assert page.locator("h2#breakdown").is_visible()
    assert page.locator("#breakdown-table").is_visible()
