"""Round 20: the leaver on a network that stalls halfway through the page.

The form's script runs from the page's <head>, but it decides what applies only once the
whole page is in. A page that stopped arriving halfway showed every conditional section it
had so far; a leaver who went on answering there (a box ticked in "Your decision to leave"
after choosing "My employer ended my employment") saw the section, the tick and the focus
vanish when the rest arrived.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

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
