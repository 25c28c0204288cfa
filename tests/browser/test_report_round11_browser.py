"""The eleventh audit round in Chromium: the report on a phone, on paper, and to axe.

A director opens the report on a phone: the first screen held only the privacy text. They
print it for a meeting: the department names in the breakdown broke mid-word ("Custome /
r service"), the bars of the narrow columns were shorter for the same percentage, and the
notes were larger than the text. And a small report's new markup (a split with no group
to show, comments waiting for more) must pass axe like the rest.
"""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from pathlib import Path

import pytest
from browser_site import build_examples
from browser_tools import describe_violations, run_axe, screenshot

DEPARTMENTS = ["customer_service", "finance", "hr", "it", "logistics", "marketing"]
DEPARTMENTS += ["production", "sales", "elsewhere"]
A4_WIDTH = 718  # CSS px: A4 less the report's print margins


def _app(base: Path, n: int):
    """A collector over the examples with ``n`` Dutch and English responses, in every
    department, spread over six ended quarters."""
    from collector import create_app

    build_examples(base / "output")
    app = create_app({"TESTING": True, "OUTPUT_DIR": base / "output", "DATA_DIR": base / "data"})
    state = app.extensions["exit_survey"]
    departments = itertools.cycle(DEPARTMENTS)
    for i in range(n):
        slug = "exit-nl" if i % 3 else "exit-en"
        form = state.forms.current(slug)
        month = f"{2024 + i % 6 // 4}-{1 + 3 * (i % 6 % 4):02d}"
        answers = {
            "departure": ["voluntary", "voluntary", "dismissed"][i % 3],
            "reasons": ["pay", "growth"][: 1 + i % 2],
            "conditions": str(1 + i % 5),
            "culture": str(1 + (i * 3) % 5),
            "recommend": str(i % 11),
            "department": next(departments),
        }
        record = {
            "form": slug,
            "version": form.version,
            "language": form.language,
            "date": month,
            "answers": answers,
        }
        state.store.add(slug, record, submission_id=uuid.uuid4().hex, month=month)
    return app


def _write(app, slug: str, target: Path) -> Path:
    from collector.report import build_page

    html = build_page(
        app, slug, breakdown="department", split_by=None, k=5, kt=10, inline_css=True,
        today=dt.date(2026, 1, 15),
    )  # fmt: skip
    target.write_text(html, encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("round11")
    # Small: 10 resigned and 5 dismissed, both shown (with 4 dismissed, hidden, the
    # reasons asked of those who resigned would be held back: round 19).
    big, small = _app(base / "big", 270), _app(base / "small", 15)
    return {
        "en": _write(big, "exit-en", base / "en.html"),
        "nl": _write(big, "exit-nl", base / "nl.html"),
        "small": _write(small, "exit-nl", base / "small.html"),
    }


@pytest.mark.parametrize("which", ["en", "nl"])
def test_a_phone_shows_numbers_on_its_first_screen(new_page, reports, which: str) -> None:
    page = new_page(viewport={"width": 375, "height": 740})
    page.goto(reports[which].as_uri())
    first_number = page.locator(".cards .big").first.bounding_box()
    assert first_number is not None and first_number["y"] + first_number["height"] < 740
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, f"report-round11-phone-{which}")


@pytest.mark.parametrize("which", ["en", "nl"])
def test_printed_breakdown_keeps_words_whole_and_bars_comparable(
    new_page, reports, which: str
) -> None:
    page = new_page(viewport={"width": A4_WIDTH, "height": 1000})
    page.goto(reports[which].as_uri())
    page.emulate_media(media="print")
    assert page.evaluate("document.documentElement.scrollWidth") <= A4_WIDTH + 1
    columns = page.locator("#breakdown-table thead th").count()
    assert columns >= 10  # Measure, All and every department: the hard case
    broken = page.evaluate(
        """() => {
        const out = [];
        const ctx = document.createElement('canvas').getContext('2d');
        for (const th of document.querySelectorAll('table.groups th')) {
          const s = getComputedStyle(th);
          const room = th.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
          ctx.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
          for (const word of th.textContent.split(/\\s+/)) {
            if (word && ctx.measureText(word).width > room + 0.5) out.push(word);
          }
        }
        return out;
      }"""
    )
    assert broken == [], f"words broken in a printed column header: {broken}"
    widths = page.evaluate(
        "[...document.querySelectorAll('#breakdown-table td svg.bar')]"
        ".map(s => Math.round(s.getBoundingClientRect().width))"
    )
    assert widths and len(set(widths)) == 1, f"bars of different lengths: {set(widths)}"
    sizes = page.evaluate(
        """() => [getComputedStyle(document.body).fontSize,
                  getComputedStyle(document.querySelector('.note')).fontSize]
                 .map(parseFloat)"""
    )
    assert sizes[1] <= sizes[0], f"notes print larger than the text: {sizes}"
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")


def test_the_first_printed_page_names_report_period_and_date(new_page, reports) -> None:
    page = new_page(viewport={"width": A4_WIDTH, "height": 1000})
    page.goto(reports["nl"].as_uri())
    page.emulate_media(media="print")
    # A4 is 297 mm less 28 mm of margins: about 1016 CSS px of the first sheet.
    meta = page.locator("#meta").bounding_box()
    assert meta is not None and meta["y"] + meta["height"] < 1016
    text = page.locator("#meta").inner_text()
    assert "Gemaakt op 15 januari 2026." in text and "reacties" in text
    assert page.locator("h1").inner_text() == "Vertrekenquête"


def test_the_small_report_reads_well_to_axe_and_a_screen_reader(
    new_page, reports, axe_source
) -> None:
    page = new_page()
    page.goto(reports["small"].as_uri())
    result = run_axe(page, axe_source)
    assert result["violations"] == [], describe_violations(result["violations"])
    tree = page.locator("main").aria_snapshot()
    assert "Nog geen enkele groep kan getoond worden." in tree
    assert "Nog niet getoond, omdat ze elk minder dan 10 opmerkingen hebben:" in tree
    glance = page.locator("section.glance").aria_snapshot()
    assert "De percentages zijn van de" in glance
    assert "Van −100 tot +100" in glance
