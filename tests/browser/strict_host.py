"""Pages on one site, the collector on another, and a host policy that forbids the page's
script to connect to the collector: where enhance.js sends the form as a plain post
(tests/browser/test_plain_post_round29.py and its review's tests)."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable, Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from browser_site import QUESTIONNAIRES, CollectorServer
from browser_tools import wait_until_true
from leaver_steps import send, send_button
from support.gunicorn import free_port

from collector import create_app
from collector.builder import build_site

#: The host's own policy: its pages connect to nothing but the host (the page's <meta>
#: policy allows the collector; a browser enforces both).
STRICT = "connect-src 'self'"
#: A host that forbids sending forms elsewhere too: nothing can reach the collector.
STRICTER = "connect-src 'self'; form-action 'self'"

#: Whether the page ever showed a "could not be sent" notice: kept in the tab's storage,
#: which outlives the page's own navigation to the thank-you page.
WATCH_NOTICE = """
new MutationObserver(() => {
  if (document.querySelector('.errsum')) sessionStorage.setItem('test: notice', '1');
}).observe(document, {childList: true, subtree: true});
"""


class StaticHost:
    """The static pages on their own site (http://localhost:port), with the host's policy."""

    def __init__(self, output: Path) -> None:
        self.policy = STRICT
        #: Or "Content-Security-Policy-Report-Only": a host trying a policy out.
        self.header = "Content-Security-Policy"
        host = self

        class Handler(SimpleHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                if self.path == "/slow.png":  # a theme's image on a slow network
                    time.sleep(4)
                if self.path == "/exit-en/slow.html":  # the form page with such an image
                    page = (output / "exit-en" / "index.html").read_text("utf-8")
                    body = page.replace("</main>", '<img src="/slow.png" alt=""></main>').encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                super().do_GET()

            def end_headers(self) -> None:
                self.send_header("Cache-Control", "no-cache")
                if host.policy and self.path.endswith((".html", "/")):
                    self.send_header(host.header, host.policy)
                super().end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(output)))
        self.url = f"http://localhost:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[StaticHost, CollectorServer]]:
    base = tmp_path_factory.mktemp("plain-post")
    port = free_port()
    source = base / "questionnaires"
    shutil.copytree(QUESTIONNAIRES, source)
    build_site(source, base / "output", collector_url=f"http://127.0.0.1:{port}")
    host = StaticHost(base / "output")
    app = create_app(
        {
            "TESTING": True,
            "OUTPUT_DIR": base / "output",
            "DATA_DIR": base / "data",
            "RATE_LIMIT": 1000,
            "SITE_URL": host.url,
            "ALLOWED_ORIGINS": (host.url,),
        }
    )
    collector = CollectorServer(app, ports=range(port, port + 1))
    try:
        yield host, collector
    finally:
        collector.close()
        host.close()


@pytest.fixture
def host(sites) -> Iterator[StaticHost]:
    host = sites[0]
    yield host
    host.policy = STRICT
    host.header = "Content-Security-Policy"


@pytest.fixture
def collector(sites) -> CollectorServer:
    return sites[1]


@pytest.fixture
def form_page(browser, host: StaticHost) -> Iterator[Callable[..., Any]]:
    """Opens the English form on the strict host in a new browser context, as the host's
    policy stands when it is called: ``form_page()`` in the session's Chromium, or
    ``form_page(cached_browser)``. Every context it opened is closed after the test, passed
    or failed (before ``host`` puts its policy back)."""
    contexts = []

    def open_form(chosen=None):
        context = (chosen or browser).new_context(locale="en-US")
        contexts.append(context)
        page = context.new_page()
        page.problems = []
        page.on("pageerror", lambda exc: page.problems.append(str(exc)))
        page.add_init_script(WATCH_NOTICE)
        page.goto(host.url + "/exit-en/")
        return page

    yield open_form
    for context in contexts:
        context.close()


def submission(page) -> str:
    return page.input_value("input[name=_submission]")


def send_as_plain_post(page) -> None:
    send(page)
    wait_until_true(page, "document.readyState === 'complete'")


def sent_back(page, closing: str) -> None:
    """Sends the form with only the closing comment, "How did your job end?" (required) left
    unanswered, and waits for the messages on the form page."""
    page.fill("#closing", closing)
    send_button(page).click()
    wait_until_true(page, "!!document.querySelector('.errsum')")


def refused_connection(page, url: str) -> None:
    """Another script on the page (an extension, antivirus software) connects to ``url`` and
    the host's policy refuses it; returns a moment after the page hears of the refusal."""
    page.evaluate(
        """(url) => new Promise((done) => {
            document.addEventListener('securitypolicyviolation', () => setTimeout(done, 200));
            fetch(url).catch(() => {});
        })""",
        url,
    )


def noticed(page) -> bool:
    return page.evaluate("sessionStorage.getItem('test: notice')") == "1"
