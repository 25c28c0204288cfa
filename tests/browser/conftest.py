"""Browser test fixtures: one Chromium per session, the sites served on 127.0.0.1.

Uses Debian's /usr/bin/chromium through Playwright (never ``playwright install``) and
axe-core from node_modules (``tests/browser/setup.sh``). The sites are built once, at
collection time, so that tests can be parametrised over the pages that exist.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_site import (
    ERROR_PAGE,
    CollectorServer,
    Site,
    SiteServer,
    build_example_site,
    served_collector,
    write_fixture_site,
)
from browser_tools import AXE, CHROMIUM, CHROMIUM_ARGS, missing_browser_tools

_tmp = tempfile.TemporaryDirectory(prefix="exit-survey-browser-")
_sites: dict[str, Site] = {}


def built_sites() -> dict[str, Site]:
    """name -> Site, built once."""
    if not _sites:
        base = Path(_tmp.name)
        _sites["fixture"] = write_fixture_site(base / "fixture")
        _sites["examples"] = build_example_site(base / "examples")
    return _sites


def page_cases() -> list:
    """(site, path, kind, mode) for every page of every site, as pytest params.

    Form and error pages are checked twice: enhanced ("js") and with enhance.js blocked.
    """
    cases = []
    for name, site in built_sites().items():
        cases.append(pytest.param(name, "", "index", "js", id=f"{name}-index"))
        for form in site.forms:
            for kind, page in (("form", ""), ("errors", ERROR_PAGE), ("thanks", "thanks.html")):
                for mode in ("js", "nojs") if kind != "thanks" else ("js",):
                    cases.append(
                        pytest.param(
                            name,
                            f"{form.slug}/{page}",
                            kind,
                            mode,
                            id=f"{name}-{form.slug}-{kind}-{mode}",
                        )
                    )
    return cases


@pytest.hookimpl(tryfirst=True)  # before -m "not browser" deselects by marker
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test in this folder is a browser test, skipped with the reason when the tools
    are missing."""
    here = Path(__file__).parent
    reason = missing_browser_tools()
    for item in items:
        if item.path.is_relative_to(here):
            item.add_marker(pytest.mark.browser)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if {"site_name", "path", "kind", "mode"} <= set(metafunc.fixturenames):
        metafunc.parametrize(("site_name", "path", "kind", "mode"), page_cases())


def pytest_unconfigure(config: pytest.Config) -> None:
    _tmp.cleanup()


@pytest.fixture(scope="session")
def servers() -> Iterator[dict[str, SiteServer]]:
    running: dict[str, SiteServer] = {}
    try:
        for name, site in built_sites().items():
            running[name] = SiteServer(site).__enter__()
        yield running
    finally:
        for server in running.values():
            server.__exit__(None, None, None)


@pytest.fixture
def server(servers: dict[str, SiteServer], site_name: str) -> SiteServer:
    return servers[site_name]


@pytest.fixture(scope="session")
def fixture_server(servers: dict[str, SiteServer]) -> SiteServer:
    return servers["fixture"]


@pytest.fixture(scope="module")
def collector(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CollectorServer]:
    """The real collector serving the example surveys built by the real builder."""
    server = served_collector(tmp_path_factory.mktemp("end-to-end"))
    yield server
    server.close()


@pytest.fixture(scope="session")
def browser():
    reason = missing_browser_tools()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def cached_browser(browser):
    """Chromium with its back/forward cache on, as people use it: Playwright turns it off
    by default, and that cache restores a page exactly as it was left, script state included."""
    launched = browser.browser_type.launch(
        executable_path=str(CHROMIUM),
        args=CHROMIUM_ARGS,
        ignore_default_args=["--disable-back-forward-cache"],
    )
    yield launched
    launched.close()


@pytest.fixture
def new_page(browser):
    """Factory for pages in fresh contexts; records CSP and script errors; closes them all."""
    contexts = []

    def make(*, js: bool = True, block_enhance: bool = False, **options):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(java_script_enabled=js, **options)
        contexts.append(context)
        page = context.new_page()
        page.problems = []  # type: ignore[attr-defined]
        page.on("console", lambda msg: _note_console(page, msg))
        page.on("pageerror", lambda exc: page.problems.append(str(exc)))  # type: ignore[attr-defined]
        if block_enhance:
            page.route("**/*", _without_enhancement)
        return page

    yield make
    for context in contexts:
        context.close()


def _without_enhancement(route) -> None:
    """The page as a browser that never runs our script gets it, axe still allowed to run."""
    if route.request.resource_type != "document":
        route.continue_()
        return
    # Redirects go back to the browser, so that it lands on (and reports) the right address.
    response = route.fetch(max_redirects=0)
    if 300 <= response.status < 400:
        route.fulfill(response=response)
        return
    body = re.sub(r"<script>.*?</script>", "", response.text(), flags=re.S)
    route.fulfill(response=response, body=body)


def _note_console(page, msg) -> None:
    """Keep console errors (CSP violations, script errors), except expected failed loads."""
    url = (msg.location or {}).get("url", "")
    # Expected: no favicon, and a collector answering 422 to a post.
    expected = url.endswith("favicon.ico") or "/submit/" in url
    if msg.type == "error" and not expected:
        page.problems.append(msg.text)


@pytest.fixture(scope="session")
def axe_source() -> str:
    return AXE.read_text(encoding="utf-8")
