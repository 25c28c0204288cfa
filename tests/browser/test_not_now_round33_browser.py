"""Round 33 in Chromium: a page of a build the collector never kept, refused for now.

The pages' site still has the page HR built first; the collector only ever saw the build
made since (a question reworded). A leaver without JavaScript fills that older page in
and sends while the collector cannot take it: too many posts from the office connection,
in a window the operator set to 50 minutes. They used to get the bare not-sent page ("wait
a few minutes", Back), and Back reloaded the form with its one-line boxes empty. Now the
form comes back filled in, as the current version (what a 422 does for that page), with
how long to wait at the top; sent again once the limit allows, the answers go in once.
While the data folder is away its archive of versions is away too: that page keeps the
not-sent page, which says to go Back. A real collector, a real Chromium, axe on both.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_site import QUESTIONNAIRES, CollectorServer
from browser_tools import describe_violations, run_axe, screenshot, wait_until_true
from leaver_steps import answers_are_kept, fill_resigned, send, send_button, unique

from collector import create_app
from collector.builder import build_site
from collector.state import collector_state

PORTS = range(11000, 11020)
ADDRESS = "127.0.0.1"
WINDOW = 3000  # 50 minutes
MODES = ["javascript-off", "script-blocked"]


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """(the site the collector serves, the page of the build before, that build's version)."""
    base = tmp_path_factory.mktemp("never-kept")
    source = base / "questionnaires"
    shutil.copytree(QUESTIONNAIRES, source)
    build_site(source, base / "pages-site")
    older = base / "pages-site" / "exit-en"
    page = (older / "index.html").read_text(encoding="utf-8")
    version = json.loads((older / "form.json").read_text(encoding="utf-8"))["version"]
    for path in source.glob("exit-en*.md"):
        path.write_text(path.read_text("utf-8").replace("years", "yrs"), "utf-8")
    build_site(source, base / "output")
    return base / "output", page, version


@pytest.fixture
def collector(builds, tmp_path: Path) -> Iterator[CollectorServer]:
    output, _, _ = builds
    app = create_app(
        {
            "TESTING": True,
            "OUTPUT_DIR": output,
            "DATA_DIR": tmp_path / "data",
            "RATE_LIMIT": 1,
            "RATE_WINDOW": WINDOW,
        }
    )
    server = CollectorServer(app, ports=PORTS)
    yield server
    server.close()
    collector_state(app).store.close()


def open_the_older_page(new_page, collector: CollectorServer, older: str, mode: str):
    """The pages' site serves the page of the first build, with the collector's headers.
    "script-blocked": JavaScript on, our script never arrives, so that axe can run."""
    blocked = mode == "script-blocked"
    page = new_page(js=False) if not blocked else new_page(block_enhance=True)
    body = re.sub(r"<script>.*?</script>", "", older, flags=re.S) if blocked else older
    address = f"{collector.url}/exit-en/index.html"
    page.route(address, lambda route: route.fulfill(response=route.fetch(), body=body))
    page.goto(address)
    assert "years" in page.inner_text("main")  # the wording before HR's rebuild
    return page


def refused_send(page) -> int:
    with page.expect_navigation() as arrived:
        send_button(page).click()
    return arrived.value.status


def no_axe_violations(page, axe_source: str, mode: str) -> None:
    if mode == "script-blocked":
        assert page.evaluate("document.documentElement.className") == ""  # not enhanced
        result = run_axe(page, axe_source)
        assert result["violations"] == [], describe_violations(result["violations"])


@pytest.mark.parametrize("mode", MODES)
def test_the_older_page_refused_as_too_many_comes_back_filled_in_with_the_real_wait(
    new_page, collector, builds, axe_source, mode: str
) -> None:
    _, older, older_version = builds
    closing = unique("Typed on the older page")
    page = open_the_older_page(new_page, collector, older, mode)
    fill_resigned(page, closing)
    # Another leaver on the same office connection has just sent theirs: the limit is used.
    limiter = collector_state(collector.app).limiter
    other = time.time()
    assert limiter.allow(ADDRESS, other)
    assert refused_send(page) == 429
    assert page.locator("main form").count() == 1  # was the bare not-sent page
    answers_are_kept(page, closing)  # the "Other, namely" box too: Back emptied it
    summary = page.locator(".errsum")
    assert summary.locator("h2").inner_text() == "Your answers were not sent"
    told = summary.inner_text()
    assert "Wait about 50 minutes and send them again." in told
    assert "a few minutes" not in told and "Back button" not in page.inner_text("main")
    wait_until_true(page, "document.activeElement.classList.contains('errsum')")
    assert page.locator(".errsum [role=alert]").count() == 1
    assert "yrs" in page.inner_text("main")  # the current version, as a 422 shows it
    assert page.input_value("input[name=_version]") != older_version
    no_axe_violations(page, axe_source, mode)
    screenshot(page, f"never-kept-429-{mode}", full_page=True)
    assert collector.stored("exit-en") == []

    limiter.undo(ADDRESS, other)  # the window has passed
    send(page)
    [record] = collector.stored("exit-en")
    assert record["answers"]["closing"] == closing
    assert record["answers"]["reasons__other"] == "Long commute"
    assert record["version"] != older_version  # filed under the current one, as before

    # While the data folder is away its archive of versions is away too: the collector
    # cannot tell this page from one of a version it kept, whose answers must not come
    # back as the current version's. The not-sent page says to go Back.
    page = open_the_older_page(new_page, collector, older, mode)
    fill_resigned(page, unique("Folder away, older page"))
    data = collector.app.config["DATA_DIR"]
    data.rename(data.with_name("away"))
    try:
        assert refused_send(page) == 503
        main = page.inner_text("main")
        assert "Answers cannot be received right now" in main
        assert "Go back to the questionnaire with your browser's Back button" in main
        assert page.locator("main form").count() == 0
        no_axe_violations(page, axe_source, mode)
        screenshot(page, f"never-kept-503-away-{mode}", full_page=True)
    finally:
        data.with_name("away").rename(data)
    assert len(collector.stored("exit-en")) == 1
    assert page.problems == []
