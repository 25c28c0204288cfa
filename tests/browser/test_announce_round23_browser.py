"""What a screen-reader user hears when the page changes: questions that appear or go
further down, and the "sent" note after Back. Read from Chromium's accessibility tree
(CDP), the way a screen reader gets it. Built example pages, the real collector.
"""

from __future__ import annotations

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
    # Answers that add or remove nothing say nothing new.
    page.evaluate("document.getElementById('_status').textContent = ''")
    page.check("#reasons")
    page.check("#manager")
    assert CHANGED not in spoken_politely(page)
    # A multiple-choice answer that adds one question further down, past the "other" box.
    page.check("#reasons-10")
    assert page.locator("#new_employer").is_visible()
    assert CHANGED in spoken_politely(page)
    # Another answer swaps two questions for two others: the same count, still a change.
    page.evaluate("document.getElementById('_status').textContent = ''")
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
