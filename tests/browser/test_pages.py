"""Every page type in real Chromium: axe (WCAG 2.2 AA), reflow at 320 px, screenshots, print."""

from __future__ import annotations

import pytest
from browser_tools import (
    SCREENSHOTS,
    describe_violations,
    run_axe,
    screenshot,
    tab_stops,
    width_with_text_at,
)


def open_page(new_page, server, path: str, mode: str, **options):
    page = new_page(block_enhance=mode == "nojs", **options)
    page.goto(server.url + path)
    page.wait_for_load_state("load")
    return page


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations(new_page, server, axe_source, site_name, path, kind, mode, scheme):
    page = open_page(new_page, server, path, mode, color_scheme=scheme)
    enhanced = page.evaluate("document.documentElement.classList.contains('js')")
    assert enhanced == (mode == "js" and kind in ("form", "errors"))
    result = run_axe(page, axe_source)
    incomplete = sorted({r["id"] for r in result["incomplete"]})
    if incomplete:
        print(
            f"\naxe needs review on {path or 'index'} ({mode}, {scheme}): {', '.join(incomplete)}"
        )
    assert result["violations"] == [], describe_violations(result["violations"])
    assert page.problems == []  # no CSP violations or script errors


def test_no_horizontal_scroll_at_320px(new_page, server, site_name, path, kind, mode):
    page = open_page(new_page, server, path, mode, viewport={"width": 320, "height": 640})
    if kind == "form" and mode == "js":
        # Reveal what can be revealed: the widest state of the page.
        for box in page.locator("input[value=other]").all():
            if box.is_visible():
                box.check()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{path}: the page is {width}px wide at a 320px viewport"
    # A phone set to large text: long words (Dutch compounds) must break, not stick out.
    width = width_with_text_at(page, "200%")
    assert width <= 320, f"{path}: with text at 200% the page is {width}px wide at 320px"
    # Targets: every radio and checkbox is at least 24 x 24 CSS px (WCAG 2.5.8).
    small = page.evaluate(
        """() => [...document.querySelectorAll('input[type=radio],input[type=checkbox]')]
               .filter(i => i.offsetParent)
               .map(i => i.getBoundingClientRect())
               .filter(r => r.width < 24 || r.height < 24).length"""
    )
    assert small == 0


def test_focus_ring_shows_in_forced_colours(new_page, server, site_name, path, kind, mode):
    """Windows contrast themes drop backgrounds and shadows: every stop still needs an outline."""
    page = open_page(new_page, server, path, mode, forced_colors="active")
    stops = tab_stops(page)
    assert stops
    for state in stops:
        assert state["outline"], f"{path or 'index'}: no focus outline in forced colours: {state}"


SCREENS = [(320, "light"), (320, "dark"), (1280, "light"), (1280, "dark")]


@pytest.mark.parametrize(("width", "scheme"), SCREENS, ids=[f"{w}-{s}" for w, s in SCREENS])
def test_screenshots(new_page, servers, width, scheme):
    """Full-page screenshots for people to look at (artifacts/screenshots/)."""
    for name, server in servers.items():
        pages = [("index", "")]
        for form in server.site.forms:
            for kind, page_name in (
                ("form", ""),
                ("errors", "errors.html"),
                ("thanks", "thanks.html"),
            ):
                pages.append((f"{form.slug}-{kind}", f"{form.slug}/{page_name}"))
        for label, path in pages:
            page = new_page(
                viewport={"width": width, "height": 900}, color_scheme=scheme, locale="en-US"
            )
            page.goto(server.url + path)
            screenshot(page, f"{name}-{label}-{width}-{scheme}", full_page=True)
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            page.context.close()


def test_print_is_a_paper_questionnaire(new_page, fixture_server):
    page = new_page(locale="en-US")
    page.goto(fixture_server.url + "sample-en/")
    assert not page.locator("#reasons").is_visible()  # hidden on screen until it applies
    page.emulate_media(media="print")
    page.evaluate("dispatchEvent(new Event('beforeprint'))")
    hidden = page.evaluate(
        """() => [...document.querySelectorAll('.q, section, .cond, .other')]
               .filter(el => getComputedStyle(el).display === 'none').length"""
    )
    assert hidden == 0, "every question, section, note and 'other' box is on paper"
    for chrome in ("button", "header"):
        assert page.evaluate(f"getComputedStyle(document.querySelector('{chrome}')).display") == (
            "none"
        )
    progress = page.locator(".progress").all_inner_texts()
    assert progress == ["Section 1 of 3", "Section 2 of 3", "Section 3 of 3"]
    assert page.locator("#improve-info").inner_text() == "You can enter up to 1200 characters"
    assert page.locator(".po").first.is_visible()  # dropdown choices listed on paper
    screenshot(page, "fixture-sample-en-print", full_page=True)
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    (SCREENSHOTS / "fixture-sample-en-print.pdf").write_bytes(pdf)
    page.evaluate("dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")
    shown = page.evaluate(
        "[...document.querySelectorAll('.progress')].filter(p => p.offsetParent)"
        ".map(p => p.textContent)"
    )
    assert shown == ["Section 1 of 2", "Section 2 of 2"]


def test_preview_from_disk_follows_every_link(new_page, servers):
    """The authoring guide tells HR to open output/index.html from disk: the links must
    open the forms and their translations there too, not a folder listing."""
    site = servers["examples"].site
    page = new_page(locale="en-US")
    page.goto((site.directory / "index.html").as_uri())
    page.click("text=Exit survey")
    assert page.locator("h1").inner_text() == "Exit survey"
    assert page.evaluate("document.documentElement.classList.contains('js')")  # script ran
    page.click("header a")  # the Dutch version
    assert page.locator("h1").inner_text() == "Vertrekenquête"
    assert page.evaluate("document.documentElement.lang") == "nl"
    page.goto((site.directory / "exit-nl" / "thanks.html").as_uri())
    page.click("header a")
    assert page.locator("h1").inner_text() == "Thank you"
    assert page.problems == []


def test_a_filled_in_form_prints_with_its_answers(new_page, fixture_server):
    """A leaver (or HR in an interview) prints a filled-in copy: the chosen dropdown answer
    shows instead of the list of choices, a long answer prints whole, and the focus ring of
    the last field touched does not end up on paper."""
    page = new_page(locale="en-US")
    page.goto(fixture_server.url + "sample-en/")
    page.select_option("#department", "sales")
    page.check("#how_ended")  # I resigned: the follow-ups appear
    long_answer = "\n".join(f"Line {n} of my answer" for n in range(1, 31))
    page.fill("#stay_factor", long_answer)
    page.focus("#stay_factor")
    page.emulate_media(media="print")
    page.evaluate("dispatchEvent(new Event('beforeprint'))")
    shown = page.evaluate(
        """() => {
          const select = document.querySelector('#department');
          const box = document.querySelector('#stay_factor');
          return {
            select: getComputedStyle(select).display,
            list: getComputedStyle(select.nextElementSibling).display,
            whole: box.clientHeight >= box.scrollHeight,
            outline: getComputedStyle(box).outlineStyle,
          };
        }"""
    )
    assert shown == {"select": "block", "list": "none", "whole": True, "outline": "none"}
    blank = page.evaluate("getComputedStyle(document.querySelector('#years')).display")
    assert blank != "none"
    screenshot(page, "fixture-sample-en-print-filled", full_page=True)
