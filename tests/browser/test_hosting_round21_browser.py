"""The pages on two intranet sites, one of which adds a policy of its own (round 21).

The second site is listed in COLLECTOR_ALLOWED_ORIGINS and sends every page with its own
Content-Security-Policy header, a common site-wide one: scripts and styles inline allowed,
but connections only to itself. A leaver there must reach a thank-you page, with the
script (whose fetch that policy forbids) and without it (whose redirect to the first
site's thank-you page the page's own form-action forbade).
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from browser_site import QUESTIONNAIRES, CollectorServer

from collector import create_app
from collector.builder import build_site

#: This module's ports: werkzeug exits (rather than raising) on one in use, so the
#: collector gets its own.
SITE_PORTS, COLLECTOR_PORTS = range(9100, 9106), range(9106, 9110)
SITE_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:"
)


class PolicyHandler(SimpleHTTPRequestHandler):
    """A static host that adds its own policy header to every file."""

    policy = ""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        if self.policy:
            self.send_header("Content-Security-Policy", self.policy)
        super().end_headers()


def _static_site(pages: Path, policy: str) -> ThreadingHTTPServer:
    handler = type("Handler", (PolicyHandler,), {"policy": policy})
    for port in SITE_PORTS:
        try:
            server = ThreadingHTTPServer(("127.0.0.1", port), partial(handler, directory=pages))
            break
        except OSError:
            continue
    else:
        pytest.skip(f"no free port in {SITE_PORTS.start}-{SITE_PORTS.stop - 1}")
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, CollectorServer]]:
    """(the second site's address, the collector); the first site is SITE_URL."""
    base = tmp_path_factory.mktemp("hosting21")
    pages = base / "pages"
    pages.mkdir()
    first = _static_site(pages, "")
    second = _static_site(pages, SITE_POLICY)
    urls = [f"http://127.0.0.1:{s.server_address[1]}" for s in (first, second)]
    app = create_app(
        {
            "TESTING": True,
            "OUTPUT_DIR": pages,
            "DATA_DIR": base / "data",
            "RATE_LIMIT": 1000,
            "ALLOWED_ORIGINS": tuple(urls),
            "SITE_URL": urls[0],
        }
    )
    collector = CollectorServer(app, ports=COLLECTOR_PORTS)
    source = base / "src"
    source.mkdir()
    for path in Path(QUESTIONNAIRES).glob("*.md"):
        (source / path.name).write_text(path.read_text("utf-8"), "utf-8")
    build_site(source, pages, collector_url=collector.url)
    yield urls[1], collector
    collector.close()
    for server in (first, second):
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_a_leaver_on_a_second_site_with_its_own_policy_reaches_thank_you(new_page, sites, js):
    site, collector = sites
    closing = f"Sent from the second site ({uuid.uuid4().hex[:8]})"
    page = new_page(js=js)
    page.goto(f"{site}/exit-en/index.html")
    page.check("#departure")
    page.fill("#closing", closing)
    if js:
        # An answer the script hides (the question does not apply) stays out of the plain
        # post too: the collector would otherwise send the form back to ask about it.
        page.evaluate("document.getElementById('new_employer').value = 'Hidden'")
    with page.expect_navigation(url="**/exit-en/thanks.html"):
        page.locator("button[type=submit]").click()
    assert "Thank you" in page.text_content("h1")
    [stored] = collector.stored("exit-en", closing)
    assert "new_employer" not in stored["answers"]
