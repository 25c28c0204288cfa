"""Round 20: the leaver on a network that stalls halfway through the page, and on paper.

The form's script runs from the page's <head>, but it decides what applies only once the
whole page is in. A page that stopped arriving halfway showed every conditional section it
had so far; a leaver who went on answering there (a box ticked in "Your decision to leave"
after choosing "My employer ended my employment") saw the section, the tick and the focus
vanish when the rest arrived. On paper, a section's opening could end a page without its
questions, and a long one-line answer was cut off at the edge of its box.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from browser_site import SiteServer
from browser_tools import screenshot

#: The controls the leaver sees and the one that has the focus.
SHOWN = """() => ({
  shown: [...document.querySelectorAll('form input:not([type=hidden]), form textarea, form select')]
    .filter((x) => x.getClientRects().length && x.tabIndex >= 0).map((x) => x.id),
  focus: document.activeElement.id,
})"""


class StalledPage:
    """Serves one page in two parts: the second only once ``arrive()`` is called, as a
    connection that stalls (a train in a tunnel) and then recovers. No timing involved."""

    def __init__(self, html: str, cut_before: str, csp: str) -> None:
        cut = html.index(cut_before)
        head, rest = html[:cut].encode(), html[cut:].encode()
        self.gate = threading.Event()
        gate = self.gate

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Security-Policy", csp)
                self.end_headers()
                self.wfile.write(head)
                self.wfile.flush()
                gate.wait(60)
                self.wfile.write(rest)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/exit-en/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def arrive(self) -> None:
        self.gate.set()

    def close(self) -> None:
        self.gate.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def stalled_form(servers: dict[str, SiteServer]) -> Iterator[StalledPage]:
    """The English example form, stalled in the middle of "Your decision to leave" (after
    its reasons, before "What would have made you stay?")."""
    site = servers["examples"].site
    html = (site.directory / "exit-en" / "index.html").read_text(encoding="utf-8")
    stalled = StalledPage(html, '<div class="q" data-q="stay"', servers["examples"].csp)
    yield stalled
    stalled.close()


def test_what_a_leaver_answers_while_the_page_loads_stays_on_the_page(new_page, stalled_form):
    page = new_page()
    page.goto(stalled_form.url, wait_until="commit")
    page.wait_for_selector("#reasons", state="attached")
    assert page.evaluate("document.readyState") == "loading"  # the case in question
    # The leaver answers what is there: employment ended by us, then Tab onwards.
    page.locator("#departure-2").focus()
    page.keyboard.press("Space")
    before = page.evaluate(SHOWN)
    screenshot(page, "round20-stalled-page")
    assert "reasons" not in before["shown"], "a section for those who resigned is on offer"

    stalled_form.arrive()
    page.wait_for_load_state("domcontentloaded")
    page.wait_for_selector("#practices")  # the section for those whose employment we ended
    after = page.evaluate(SHOWN)
    assert after["focus"] == "departure-2"
    assert page.is_checked("#departure-2")
    gone = [x for x in before["shown"] if x not in after["shown"]]
    assert not gone, f"shown while loading, hidden once loaded: {gone}"


# -- the paper questionnaire ------------------------------------------------------------------


def pdf_pages(pdf: bytes, directory: Path) -> list[str]:
    """The text of each page of a PDF, by poppler's pdftotext (pages break only in print)."""
    path = directory / "form.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [" ".join(page.split()) for page in text.split("\f")]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is missing")
@pytest.mark.parametrize("slug", ["exit-en", "exit-nl"])
def test_each_printed_section_starts_on_the_page_of_its_first_question(
    new_page, servers, tmp_path, slug
):
    """HR prints the form for exit interviews: a section's heading, its "only if" note and
    its introduction stood alone at the foot of a page, the questions they introduce on
    the next."""
    page = new_page()
    page.goto(servers["examples"].url + f"{slug}/")
    sections = page.evaluate(
        """() => [...document.querySelectorAll('section')].map((s) => [
             s.querySelector('h2').firstChild.textContent.trim(),
             s.querySelector('legend, .lbl').firstChild.textContent.trim()])"""
    )
    pages = pdf_pages(page.pdf(format="A4"), tmp_path)
    for heading, question in sections:
        on = [n for n, text in enumerate(pages) if heading in text]
        assert on, heading
        assert question[:40] in pages[on[0]], (
            f"'{heading}' is on page {on[0] + 1}, its first question '{question}' is not"
        )


def test_a_long_one_line_answer_prints_in_full(new_page, servers):
    """A filled-in copy printed (the leaver keeping their answers): an "other" answer of
    hundreds of characters showed only its first words, cut off at the edge of its box."""
    page = new_page()
    page.goto(servers["examples"].url + "exit-en/")
    page.check("#departure")
    page.check("#reasons-11")  # Other, namely
    answer = " ".join(f"reason{n}" for n in range(60))
    page.fill("#reasons__other", answer)
    page.emulate_media(media="print")
    page.evaluate("dispatchEvent(new Event('beforeprint'))")
    on_paper = page.evaluate(
        """() => [...document.querySelectorAll('.other *')]
             .filter((x) => x.getClientRects().length)
             .map((x) => ({text: x.value || x.textContent, whole: x.scrollWidth <= x.clientWidth}))
             .filter((x) => x.text.includes('reason0'))"""
    )
    assert on_paper == [{"text": answer, "whole": True}]
    screenshot(page, "round20-print-long-answer", full_page=True)
    page.evaluate("dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")
    assert page.is_visible("#reasons__other")
    assert page.locator(".pv").count() == 0
