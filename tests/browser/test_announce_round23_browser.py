"""What a screen-reader user hears when the page changes: questions that appear or go
further down, and the "sent" note after Back. Read from Chromium's accessibility tree
(CDP), the way a screen reader gets it. Built example pages, the real collector.
"""

from __future__ import annotations

import pytest
from browser_tools import wait_until_true

CHANGED = "Questions further down were added or removed."


def spoken_politely(page) -> list[str]:
    """The text in every polite live region that the accessibility tree exposes."""
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    by_id = {n["nodeId"]: n for n in nodes}

    def text(node: dict) -> str:
        if node.get("ignored"):
            return ""
        if node["role"].get("value") == "StaticText":
            return node.get("name", {}).get("value", "")
        return "".join(text(by_id[c]) for c in node.get("childIds", []) if c in by_id)

    regions = []
    for node in nodes:
        props = {p["name"]: p["value"].get("value") for p in node.get("properties", [])}
        if props.get("live") == "polite" and not node.get("ignored"):
            said = text(node)
            if said:
                regions.append(said)
    return regions


def test_questions_that_appear_or_go_further_down_are_announced_once(new_page, collector):
    """GOV.UK's conditional reveal leaves screen-reader users unaware of a whole section
    that appeared below; one polite line says so, and only when the questions change."""
    page = new_page(locale="en-US")
    page.goto(collector.url + "/exit-en/")
    assert CHANGED not in spoken_politely(page), "nothing to say before an answer"
    page.focus("#departure")
    page.keyboard.press("Space")  # I resigned: "Your decision to leave" appears
    assert page.locator("#reasons").is_visible()
    assert spoken_politely(page).count(CHANGED) == 1
    # An answer that adds or removes nothing empties it: nothing stale, nothing new.
    page.check("#reasons")
    page.check("#manager")
    assert CHANGED not in spoken_politely(page)
    # A multiple-choice answer that adds one question further down, past the "other" box.
    page.check("#reasons-10")
    assert page.locator("#new_employer").is_visible()
    assert CHANGED in spoken_politely(page)
    page.check("#conditions")  # after a change: emptied again
    assert CHANGED not in spoken_politely(page)
    # Another answer swaps two questions for two others: the same count, still a change.
    page.focus("#departure")
    page.keyboard.press("ArrowDown")  # dismissed
    assert page.locator("#practices").is_visible() and not page.locator("#reasons").is_visible()
    assert CHANGED in spoken_politely(page)
    assert page.problems == []


def test_the_announcement_is_in_the_page_language(new_page, collector):
    page = new_page(locale="nl-NL")
    page.goto(collector.url + "/exit-nl/")
    page.check("#departure")
    assert "Verderop zijn vragen bijgekomen of weggevallen." in spoken_politely(page)


def focused_node(page) -> tuple[str, dict, str]:
    """The role, properties and text of the accessibility node of the focused element."""
    cdp = page.context.new_cdp_session(page)
    try:
        element = cdp.send("Runtime.evaluate", {"expression": "document.activeElement"})
        backend = cdp.send("DOM.describeNode", {"objectId": element["result"]["objectId"]})
        nodes = cdp.send(
            "Accessibility.getPartialAXTree",
            {"backendNodeId": backend["node"]["backendNodeId"], "fetchRelatives": False},
        )["nodes"]
        full = {n["nodeId"]: n for n in cdp.send("Accessibility.getFullAXTree")["nodes"]}
    finally:
        cdp.detach()
    node = full[nodes[0]["nodeId"]]

    def text(n: dict) -> str:
        if n["role"].get("value") == "StaticText":
            return n.get("name", {}).get("value", "")
        return "".join(text(full[c]) for c in n.get("childIds", []) if c in full)

    props = {p["name"]: p["value"].get("value") for p in node.get("properties", [])}
    return node["role"]["value"], props, text(node)


@pytest.mark.parametrize("cache", [True, False], ids=["bfcache", "reloaded"])
def test_back_after_sending_puts_the_focus_on_the_sent_note(
    browser, cached_browser, collector, cache
):
    """The note was scrolled to but not focused: a screen reader coming Back from the cache
    heard the page title and then the top of an empty form, never that the answers had
    arrived (a status already on the page says nothing again)."""
    context = (cached_browser if cache else browser).new_context(locale="en-US")
    try:
        page = context.new_page()
        page.goto(collector.url + "/exit-en/")
        page.check("#departure")
        page.fill("#closing", "Sent once, then Back")
        page.evaluate("window.leftForThanks = true")
        with page.expect_navigation(url="**/exit-en/thanks.html"):
            page.locator("button[type=submit]").click()
        page.go_back(wait_until="commit")  # a page from the cache fires no load event
        wait_until_true(page, "document.readyState === 'complete'")
        wait_until_true(page, "document.activeElement !== document.body")
        if cache:
            assert page.evaluate("window.leftForThanks") is True, "not from the cache"
        assert page.evaluate("document.activeElement.className") == "sent"
        role, props, said = focused_node(page)
        assert role == "status" and props.get("focusable"), (role, props)
        assert said.startswith("Your answers have been sent.")
        assert "no need to fill in the form again" in said
        assert not page.is_checked("#departure")
    finally:
        context.close()


def test_the_counter_counts_an_accent_typed_apart_as_the_collector_does(new_page, collector):
    """e + U+0301 looks like one "é": the counter said 1500 too many, and the collector,
    counting the same way, refused it. Both count the composed text now (NFC)."""
    page = new_page(locale="en-US")
    page.goto(collector.url + "/exit-en/")
    page.check("#departure")
    page.focus("#stay")
    page.keyboard.insert_text("e\u0301" * 1500)
    assert page.inner_text("#stay-info") == "You have 0 characters remaining"
    page.keyboard.insert_text("e\u0301")
    assert page.inner_text("#stay-info") == "You have 1 character too many"
    page.fill("#stay", "e\u0301" * 1500)
    assert page.inner_text("#stay-info") == "You have 0 characters remaining"
    with page.expect_navigation(url="**/exit-en/thanks.html"):
        page.locator("button[type=submit]").click()
    assert page.problems == []
