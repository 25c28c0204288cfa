"""Pages on one site, the collector on another (`build.py --collector-url`), as an operator
with a static host sets it up: the leaver gets the same experience, script or not."""

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


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def two_sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, CollectorServer]]:
    base = tmp_path_factory.mktemp("elsewhere")
    pages = base / "pages"
    pages.mkdir()
    static = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(pages)))
    static.daemon_threads = True
    threading.Thread(target=static.serve_forever, daemon=True).start()
    site = f"http://127.0.0.1:{static.server_address[1]}"
    app = create_app(
        {
            "TESTING": True,
            "OUTPUT_DIR": pages,  # the collector reads form.json; the forms appear once built
            "DATA_DIR": base / "data",
            "RATE_LIMIT": 1000,
            "ALLOWED_ORIGINS": (site,),
            "SITE_URL": site,
        }
    )
    collector = CollectorServer(app)
    source = base / "src"
    source.mkdir()
    for path in Path(QUESTIONNAIRES).glob("*.md"):
        (source / path.name).write_text(path.read_text("utf-8"), "utf-8")
    build_site(source, pages, collector_url=collector.url)
    yield site, collector
    collector.close()
    static.shutdown()
    static.server_close()


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_a_leaver_on_the_page_site_sends_to_the_collector_site(new_page, two_sites, js):
    site, collector = two_sites
    closing = f"Sent across sites ({uuid.uuid4().hex[:8]})"
    page = new_page(js=js)
    page.goto(f"{site}/exit-en/")
    page.check("#departure")
    page.check("#reasons-11")
    page.fill("#reasons__other", "x" * 501)  # one mistake first: the error page comes back
    page.fill("#closing", closing)
    page.locator("button[type=submit]").click()
    page.wait_for_selector(".errsum a[href='#reasons__other']")
    assert page.input_value("#closing") == closing
    page.fill("#reasons__other", "Long commute")
    with page.expect_navigation(url=f"{site}/exit-en/thanks.html"):
        page.locator("button[type=submit]").click()
    assert "Thank you" in page.text_content("h1")
    stored = collector.stored("exit-en", closing)
    assert len(stored) == 1 and stored[0]["answers"]["reasons__other"] == "Long commute"
    assert page.problems == []
