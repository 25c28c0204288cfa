"""Round 29: the report on paper keeps the numbers behind its stacked charts.

Each rating block and the eNPS chart have their numbers in a table inside "Show the
numbers" (<details>), which print hid altogether: on paper, a part of a stacked bar too
narrow for its label had no number anywhere, and a click cannot open anything there.
"""

from __future__ import annotations

import re
import subprocess

import report_servers
from browser_tools import screenshot

report_app = report_servers.report_app
report_file = report_servers.report_file


def test_the_numbers_behind_each_chart_are_on_paper(new_page, report_app, report_file) -> None:
    page = report_servers.open_report(new_page, report_app, report_file, "file")
    tables = page.locator("details table")
    assert tables.count() >= 2  # the rating statements and the eNPS points
    assert not tables.first.is_visible()  # on screen: closed until asked for
    page.emulate_media(media="print")
    screenshot(page, "report-round29-printed-numbers")
    for i in range(tables.count()):
        assert tables.nth(i).is_visible(), f"table {i} of the numbers is not on paper"
    # "Show the numbers" means nothing on paper: not printed.
    assert not page.locator("summary").first.is_visible()


def test_the_printed_pdf_has_the_numbers(new_page, report_app, report_file, tmp_path) -> None:
    """The eNPS chart's table, row by row, in the PDF as printed (File > Print)."""
    page = report_servers.open_report(new_page, report_app, report_file, "file")
    rows = page.evaluate(
        """[...[...document.querySelectorAll('details table')].pop().rows]
            .map((r) => [...r.cells].map((c) => c.textContent.trim()))"""
    )
    page.emulate_media(media="print")
    pdf = tmp_path / "report.pdf"
    page.pdf(path=str(pdf))
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for row in rows:
        line = r"\s+".join(re.escape(cell) for cell in row)
        assert re.search(line, text), f"not on paper: {' '.join(row)}"
