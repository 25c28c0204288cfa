"""Round 32's review in Chromium: the page of an earlier build still gets its answers in.

The pages' site still has the page HR built first (a static host that was not updated
yet, or a tab opened before HR built again within minutes); the collector only ever saw
the version built since, in which "Why?" became a single choice. The leaver ticks two
reasons and sends: since round 32 that was refused as a whole ("not sent as a form", a
400), and sending again could never work. Now the collector sends the form back to choose
one, and the answers go in. With the page's script and without JavaScript.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from browser_site import CollectorServer
from leaver_steps import send_button

from collector import create_app
from collector.builder import build_site
from collector.state import collector_state

HEAD = "---\ntitle: Leaving\nlanguage: en\nslug: leaving\nprivacy: Anonymous.\n---\n\n## All {#all}\n\n"
REST = "- choices:\n  - pay: Pay\n  - boss: My manager\n\n### Anything else? {#closing}\n- type: long text\n"
BEFORE = HEAD + "### Why? {#reasons}\n- type: multiple choice\n" + REST
NOW = HEAD + "### Why? {#reasons}\n- type: single choice\n" + REST
PORTS = range(10910, 10920)


@pytest.fixture(scope="module")
def older_page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[CollectorServer, str]]:
    """(the collector, with only the version built now; the page built before it)."""
    base = tmp_path_factory.mktemp("older-page")
    source, output = base / "questionnaires", base / "output"
    source.mkdir()
    (source / "leaving.md").write_text(BEFORE, encoding="utf-8")
    build_site(source, output)
    page = (output / "leaving" / "index.html").read_text(encoding="utf-8")
    first = json.loads((output / "leaving" / "form.json").read_text(encoding="utf-8"))
    (source / "leaving.md").write_text(NOW, encoding="utf-8")
    build_site(source, output)
    assert json.loads((output / "leaving" / "form.json").read_text())["version"] != first["version"]
    app = create_app(
        {"TESTING": True, "OUTPUT_DIR": output, "DATA_DIR": base / "data", "RATE_LIMIT": 99}
    )
    server = CollectorServer(app, ports=PORTS)
    yield server, page
    server.close()
    collector_state(app).store.close()


@pytest.mark.parametrize("js", [True, False], ids=["script", "javascript-off"])
def test_two_reasons_ticked_on_the_earlier_page_are_asked_about_and_then_stored(
    new_page, older_page, js: bool
) -> None:
    collector, earlier = older_page
    page = new_page(js=js)
    address = f"{collector.url}/leaving/index.html"
    # The pages' site serves the page of the first build, with the collector's headers.
    page.route(address, lambda route: route.fulfill(response=route.fetch(), body=earlier))
    page.goto(address)
    assert page.locator("input[name=reasons][type=checkbox]").count() == 2
    closing = f"Two reasons ({'script' if js else 'plain'})"
    page.check("#reasons")
    page.check("#reasons-2")
    page.fill("#closing", closing)
    statuses: list[int] = []
    page.on("response", lambda r: statuses.append(r.status) if "/submit/" in r.url else None)
    send_button(page).click()
    summary = page.locator(".errsum")
    summary.wait_for()
    assert statuses == [422], statuses  # was 400: refused for good
    assert "Select only one answer to “Why?”" in summary.inner_text()
    assert "not sent as a form" not in summary.inner_text()
    # The form as it is now, the text kept: one reason, and send again.
    assert page.input_value("#closing") == closing
    page.check("#reasons-2")
    with page.expect_navigation(url="**/leaving/thanks.html"):
        send_button(page).click()
    [stored] = collector.stored("leaving", closing)
    assert stored["answers"]["reasons"] == "boss"
