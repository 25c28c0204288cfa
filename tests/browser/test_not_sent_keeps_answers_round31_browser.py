"""Round 31: without the page's script, answers the collector cannot take now stay on screen.

A leaver without JavaScript (or whose page lost its script) sends; the collector refuses for
a while: too many posts from the connection (429) or its data folder away (503). It used to
answer with the not-sent page, and Back reloaded the form (Playwright, like a phone short of
memory, keeps no back/forward cache) with the "Other, namely" box empty. Now the form comes
back filled in, with why at the top, focused, in the form's language; once the collector can
take them, Send again stores the answers once. A real collector, a real Chromium.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_site import CollectorServer, build_examples
from browser_tools import describe_violations, run_axe, screenshot, wait_until_true
from leaver_steps import answers_are_kept, fill_resigned, send, send_button, unique

from collector import create_app
from collector.state import collector_state

#: Every test posts from here: the address the collector's rate limit counts.
ADDRESS = "127.0.0.1"
WORDS = {
    "exit-en": ("Error: Your answers were not sent – ", "Your answers were not sent"),
    "exit-nl": ("Fout: Je antwoorden zijn niet verstuurd – ", "Je antwoorden zijn niet verstuurd"),
}
WHY = {
    ("exit-en", 429): "Too many answers were sent from your connection in a short time.",
    ("exit-nl", 429): "Er zijn in korte tijd te veel antwoorden verstuurd vanaf jouw verbinding.",
    ("exit-en", 503): "Answers cannot be received right now, so nothing was stored",
    ("exit-nl", 503): "Er kunnen nu geen antwoorden worden ontvangen, dus er is niets bewaard",
}


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("kept-answers") / "output"
    build_examples(folder)
    return folder


@pytest.fixture
def collector(output: Path, tmp_path: Path) -> Iterator[CollectorServer]:
    """The real collector, taking one post per connection in its window: its own data
    folder per test, so that no test finds the limit used up by another."""
    app = create_app(
        {"TESTING": True, "OUTPUT_DIR": output, "DATA_DIR": tmp_path / "data", "RATE_LIMIT": 1}
    )
    server = CollectorServer(app)
    yield server
    server.close()
    collector_state(app).store.close()


def open_form(new_page, collector: CollectorServer, slug: str, mode: str):
    # "script-blocked": JavaScript on, our script never arrives; axe can run on the page.
    page = new_page(js=False) if mode == "javascript-off" else new_page(block_enhance=True)
    page.goto(f"{collector.url}/{slug}/index.html")
    return page


def refused_send(page) -> int:
    """Presses Send and waits for the collector's page; its status."""
    with page.expect_navigation() as arrived:
        send_button(page).click()
    return arrived.value.status


def the_message_is_told(page, slug: str, status: int, axe_source: str, mode: str) -> None:
    title, heading = WORDS[slug]
    assert page.title().startswith(title)
    summary = page.locator(".errsum")
    assert summary.locator("h2").inner_text() == heading
    assert WHY[slug, status] in summary.inner_text()
    wait_until_true(page, "document.activeElement.classList.contains('errsum')")  # keyboard focus
    assert page.locator(".errsum [role=alert]").count() == 1  # announced
    assert page.locator("main form").count() == 1
    if mode == "script-blocked":
        assert page.evaluate("document.documentElement.className") == ""  # not enhanced
        result = run_axe(page, axe_source)
        assert result["violations"] == [], describe_violations(result["violations"])
    screenshot(page, f"kept-answers-{slug}-{status}-{mode}", full_page=True)


@pytest.mark.parametrize(
    ("slug", "mode"), [("exit-en", "javascript-off"), ("exit-nl", "script-blocked")]
)
def test_too_many_posts_keep_the_answers_on_screen_to_send_again(
    new_page, collector, axe_source, slug: str, mode: str
) -> None:
    closing = unique("Too many at once")
    page = open_form(new_page, collector, slug, mode)
    fill_resigned(page, closing)
    # Another leaver on the same office connection has just sent theirs: the limit is used.
    limiter = collector_state(collector.app).limiter
    other = time.time()
    assert limiter.allow(ADDRESS, other)
    assert refused_send(page) == 429
    answers_are_kept(page, closing)
    the_message_is_told(page, slug, 429, axe_source, mode)
    assert collector.stored(slug) == []

    limiter.undo(ADDRESS, other)  # the window has passed
    send(page, f"**/{slug}/thanks.html")
    [record] = collector.stored(slug)
    assert record["answers"]["closing"] == closing
    assert record["answers"]["reasons__other"] == "Long commute"  # the box Back emptied
    assert record["answers"]["reasons"] == ["pay", "other"]
    assert page.problems == []


@pytest.mark.parametrize(
    ("slug", "mode"), [("exit-en", "script-blocked"), ("exit-nl", "javascript-off")]
)
def test_while_the_data_folder_is_away_the_answers_stay_on_screen(
    new_page, collector, axe_source, tmp_path: Path, slug: str, mode: str
) -> None:
    closing = unique("Folder away")
    data = tmp_path / "data"
    page = open_form(new_page, collector, slug, mode)
    fill_resigned(page, closing)
    data.rename(tmp_path / "away")
    try:
        assert refused_send(page) == 503
        answers_are_kept(page, closing)
        the_message_is_told(page, slug, 503, axe_source, mode)
        assert not data.exists()  # nothing made in its place
        # Pressed again while it is still away: the same page, answers and all.
        assert refused_send(page) == 503
        answers_are_kept(page, closing)
    finally:
        (tmp_path / "away").rename(data)
    send(page, f"**/{slug}/thanks.html")
    [record] = collector.stored(slug)
    assert record["answers"]["closing"] == closing
    assert record["answers"]["reasons__other"] == "Long commute"
    assert page.problems == []


def test_the_pages_script_still_shows_its_notice_above_the_form(new_page, collector) -> None:
    """With the script, the page stays and the not-sent block goes above the form, as
    before: the collector tells the script's send from a plain post."""
    closing = unique("With the script")
    page = new_page()
    page.goto(f"{collector.url}/exit-en/index.html")
    fill_resigned(page, closing)
    url = page.url
    assert collector_state(collector.app).limiter.allow(ADDRESS, time.time())
    send_button(page).click()
    page.wait_for_selector(".errsum")
    assert page.url == url  # not navigated: the script's own send
    assert WHY["exit-en", 429] in page.inner_text(".errsum")
    answers_are_kept(page, closing)
    assert collector.stored("exit-en") == []
