"""Round 15 in Chromium: a long form's contents, and the contact on every page of a survey.

Keyboard only, on a 320 px phone and a desktop, with and without enhance.js, axe clean.
The pages are served from a port of this round's range (8400-8449).
"""

from __future__ import annotations

import functools
import sys
import threading
from collections.abc import Iterator
from dataclasses import replace
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from browser_site import ROOT
from browser_tools import check_focus, describe_violations, run_axe, wait_until_true

from collector.builder import compile_forms, render_site
from collector.render import PageRenderer
from collector.text import markdown_to_html

sys.path.insert(0, str(ROOT / "tests"))
from scale_questionnaires import write_long

PORTS = range(8400, 8450)
PHONE = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 900}
CONTACT = markdown_to_html(
    "Questions about this survey? Mail <hr-survey@example.com>; that message is not anonymous."
)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The long questionnaire and the examples, with a contact, on 127.0.0.1:84xx."""
    base = tmp_path_factory.mktemp("help-round15")
    write_long(base / "src")
    forms, problems, _ = compile_forms(base / "src")
    examples, _, _ = compile_forms(ROOT / "questionnaires")
    assert not problems.errors
    forms = [replace(f, contact_html=CONTACT) for f in forms + examples]
    renderer = PageRenderer()
    files = render_site(forms, renderer)
    example = forms[-2]
    files[f"{example.slug}/not-sent.html"] = renderer.not_sent_page(
        example, root="../", status=429
    ).encode()
    files[f"{example.slug}/errors.html"] = renderer.form_page(
        example, root="../", action="x", errors={"departure": "Choose how it ended"}
    ).encode()
    for name, data in files.items():
        path = base / "out" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    handler = functools.partial(_Quiet, directory=str(base / "out"))
    server = None
    for port in PORTS:
        try:
            server = ThreadingHTTPServer(("127.0.0.1", port), handler)
            break
        except OSError:
            continue
    if server is None:
        pytest.skip("no free port in 8400-8449")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(5)


def _axe_clean(page, axe_source: str) -> None:
    violations = run_axe(page, axe_source)["violations"]
    assert violations == [], describe_violations(violations)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["320px", "desktop"])
@pytest.mark.parametrize("mode", ["js", "nojs"])
def test_the_contents_take_a_keyboard_user_to_a_section(
    new_page, site: str, axe_source: str, viewport: dict, mode: str
) -> None:
    page = new_page(viewport=viewport, block_enhance=mode == "nojs")
    page.goto(f"{site}/long-en/index.html")
    _axe_clean(page, axe_source)
    # From the top, the contents come before any question.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('nav, .q')"):
            break
    assert page.evaluate("document.activeElement.closest('nav') !== null")
    assert page.evaluate("document.activeElement.textContent") == "Your departure"
    while page.evaluate("document.activeElement.textContent") != "Culture":
        page.keyboard.press("Tab")
        check_focus(page)
    page.keyboard.press("Enter")
    wait_until_true(page, "location.hash === '#s_culture--h'")
    heading = page.evaluate(
        """() => { const h = document.querySelector(':target'), r = h.getBoundingClientRect();
                   return {text: h.textContent, top: r.top, bottom: r.bottom, tag: h.tagName}; }"""
    )
    assert heading["tag"] == "H2" and heading["text"].startswith("Culture")
    assert heading["top"] >= 0 and heading["bottom"] <= viewport["height"]
    # The next Tab goes on from the heading: into the section, not back to the top.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('section').querySelector('h2').id") == (
        "s_culture--h"
    )
    check_focus(page)


def test_with_the_script_a_hidden_section_is_not_listed(
    new_page, site: str, axe_source: str
) -> None:
    page = new_page(viewport=PHONE)
    page.goto(f"{site}/long-en/index.html")
    entry = page.locator("nav li", has=page.locator("a[href='#s_decision--h']"))
    assert page.is_hidden("#s_decision--h") and entry.is_hidden()  # nothing answered yet
    page.focus("#departure-2")  # "My employer ended it"
    page.keyboard.press("Space")
    assert page.is_hidden("#s_decision--h") and entry.is_hidden()
    assert page.is_visible("#s_ending--h")
    page.focus("#departure")  # "I resigned": the section and its entry appear
    page.keyboard.press("Space")
    assert page.is_visible("#s_decision--h") and entry.is_visible()
    # What applies to everyone reads as such.
    assert page.locator("nav li", has_text="Culture").inner_text() == "Culture"
    _axe_clean(page, axe_source)


def test_the_printed_form_keeps_the_contents(new_page, site: str) -> None:
    page = new_page(viewport=DESKTOP)
    page.goto(f"{site}/long-en/index.html")
    page.emulate_media(media="print")
    assert page.is_visible("nav[aria-labelledby=_contents]")
    assert page.locator("nav li").count() == 10


@pytest.mark.parametrize(
    "path", ["index.html", "errors.html", "thanks.html", "not-sent.html"], ids=lambda p: p[:-5]
)
@pytest.mark.parametrize("mode", ["js", "nojs"])
def test_the_contact_is_on_every_page_and_reachable_by_keyboard(
    new_page, site: str, axe_source: str, path: str, mode: str
) -> None:
    page = new_page(viewport=PHONE, block_enhance=mode == "nojs")
    page.goto(f"{site}/exit-en/{path}")
    box = page.locator(".contact")
    assert box.count() == 1 and box.is_visible()
    assert "that message is not anonymous" in box.inner_text()
    _axe_clean(page, axe_source)
    page.locator("body").focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.contact') !== null"):
            break
    assert page.evaluate("document.activeElement.href") == "mailto:hr-survey@example.com"
    # An address wraps on a phone: check_focus's one point between the two halves of the
    # link is not on it, so each half is checked for being on top instead.
    state = page.evaluate(
        """() => { const a = document.activeElement, s = getComputedStyle(a);
                   return {ring: s.boxShadow !== 'none' || s.outlineStyle !== 'none',
                           onTop: [...a.getClientRects()].every(r => a.contains(
                             document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)))}; }"""
    )
    assert state == {"ring": True, "onTop": True}
