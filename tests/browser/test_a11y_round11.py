"""The eleventh audit round: what a screen reader hears, which axe does not check.

Read from Chromium's accessibility tree (what it hands to NVDA, JAWS and VoiceOver): the
name, description and states of each control, the headings and the landmarks, on the
example surveys as the builder writes them, with and without the script, served by the
real collector (its 422 page with the errors, and the errors shown in place).
"""

from __future__ import annotations

import json
from itertools import pairwise

import pytest
from browser_tools import wait_until_true

PAGES = {"en": "/exit-en/", "nl": "/exit-nl/"}
CONTROLS = {"radio", "checkbox", "textbox", "combobox", "button", "link"}


def ax_nodes(page) -> list[dict]:
    """The accessibility tree in reading order, as {role, name, description, props,
    groups} (groups: the names of the groups around the node, outermost first)."""
    cdp = page.context.new_cdp_session(page)
    nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    by_id = {n["nodeId"]: n for n in nodes}
    found: list[dict] = []

    def walk(node_id: str, groups: tuple[str, ...]) -> None:
        node = by_id[node_id]
        role = node.get("role", {}).get("value", "")
        name = node.get("name", {}).get("value", "")
        if not node.get("ignored"):
            found.append(
                {
                    "role": role,
                    "name": " ".join(name.split()),
                    "description": " ".join(node.get("description", {}).get("value", "").split()),
                    "props": {
                        p["name"]: p["value"].get("value") for p in node.get("properties", [])
                    },
                    "groups": groups,
                }
            )
            if role == "group":
                groups = (*groups, name)
        for child in node.get("childIds", []):
            walk(child, groups)

    walk(nodes[0]["nodeId"], ())
    return found


def ax_of(page, selector: str) -> dict:
    """One element's name, description and states, as a screen reader gets them."""
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node_id = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    node = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node_id, "fetchRelatives": False})
    node = node["nodes"][0]
    return {
        "name": " ".join(node.get("name", {}).get("value", "").split()),
        "description": " ".join(node.get("description", {}).get("value", "").split()),
        "invalid": next(
            (p["value"]["value"] for p in node.get("properties", []) if p["name"] == "invalid"),
            "false",
        ),
    }


def send_empty(page, js: bool) -> None:
    """Send the form as it is: the collector answers with its page of errors."""
    if js:
        page.click("button[type=submit]")
        page.wait_for_selector(".errsum a")
    else:
        with page.expect_navigation():
            page.click("button[type=submit]")


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_each_section_heading_says_where_in_the_form_it_is(new_page, collector, lang, js):
    """ "Section 2 of 4" was a paragraph beside the heading (in an <hgroup>, which Chromium
    exposes as a nameless group): a screen reader going from heading to heading, as most
    do to get an overview, heard "Your decision to leave, heading level 2" and never where
    it was. The count is part of the heading now, and follows the sections that apply."""
    page = new_page(js=js)
    page.goto(collector.url + PAGES[lang])
    progress = {"en": "Section {n} of {t}", "nl": "Deel {n} van {t}"}[lang]

    def section_headings() -> list[str]:
        return [
            n["name"]
            for n in ax_nodes(page)
            if n["role"] == "heading" and n["props"].get("level") == 2
        ]

    headings = section_headings()
    total = 5 if js else 7  # the script hides the two sections that do not apply yet
    assert len(headings) == total, headings
    for n, heading in enumerate(headings, start=1):
        assert heading.endswith(" " + progress.format(n=n, t=total)), heading
    if js:
        page.check("#departure")  # "I resigned": the voluntary leavers' section applies
        assert section_headings()[1].endswith(" " + progress.format(n=2, t=6))


def test_a_conditional_sections_note_is_heard_at_its_first_question(new_page, collector):
    """Without the script every section shows, with a note "Only fill in this section if
    you answered “I resigned” …" above it; a screen reader going from field to field skips
    that note, so a dismissed leaver heard "What were the main reasons you decided to leave?"
    as if it were asked of them, and the answers were then dropped as not applying. The
    section's first question is described by the note; with the script, which hides the
    sections that do not apply, it is not."""
    page = new_page(js=False)
    page.goto(collector.url + "/exit-en/")
    note = page.inner_text("#decision--cond")
    assert note.startswith("Only fill in this section if you answered “I resigned”")
    reasons = ax_of(page, "fieldset:has(#reasons)")
    assert reasons["name"] == "What were the main reasons you decided to leave? (optional)"
    assert reasons["description"] == f"{note} Select all that apply"
    practices = ax_of(page, "fieldset:has(#practices)")
    assert practices["description"].startswith("Only fill in this section if you answered “My")
    # Only the first: the note is not heard again at each question of the section.
    assert "Only fill in" not in ax_of(page, "#stay")["description"]

    page = new_page()
    page.goto(collector.url + "/exit-en/")
    page.check("#departure")
    assert ax_of(page, "fieldset:has(#reasons)")["description"] == "Select all that apply"


@pytest.mark.parametrize("field", ["#went_well", "#reasons__other"])
def test_typing_does_not_change_what_the_field_is_described_by(new_page, collector, field):
    """The count below a text box ("You have 1497 characters remaining") was the box's
    description, and it changed at every key: NVDA reads a changed description of the
    focused field, so each letter typed was followed by the count (nvaccess/nvda#8796), and
    then the polite announcement said it once more. The box is described by its limit,
    which stays put; the count is said once typing pauses, and the counter on screen is not
    read a second time."""
    page = new_page()
    page.goto(collector.url + "/exit-en/")
    if field == "#reasons__other":
        page.check("#departure")
        page.check("input[name=reasons][value=other]")
    limit = page.inner_text(f"{field}-info")
    assert limit.startswith("You can enter up to")
    assert ax_of(page, field)["description"] == limit
    page.type(field, "abc")
    count = page.inner_text(f"{field}-info")
    assert count.endswith("characters remaining")  # on screen, at once
    assert ax_of(page, field)["description"] == limit
    live = f"{field}-info + [aria-live=polite]"
    wait_until_true(
        page, f"document.querySelector({json.dumps(live)}).textContent === {json.dumps(count)}"
    )
    heard = [n for n in ax_nodes(page) if n["role"] == "StaticText" and count in n["name"]]
    assert len(heard) == 1, heard  # the announcement, not also the counter on screen


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_only_the_question_in_error_is_invalid_and_answering_it_clears_that(
    new_page, collector, js
):
    """On the collector's page of errors, only the unanswered required question is
    invalid, its message is its description (once), and the summary has the focus. With
    the script, answering it took nothing back: each radio was still read "invalid entry"
    after the leaver had chosen one. Now an answered question is no longer invalid (its
    message stays on screen until the form is sent again)."""
    page = new_page(js=js)
    page.goto(collector.url + "/exit-nl/")
    send_empty(page, js)
    assert page.title().startswith("Fout: ")
    wait_until_true(page, "document.activeElement.classList.contains('errsum')")
    nodes = ax_nodes(page)
    invalid = [n for n in nodes if n["props"].get("invalid") not in (None, "false")]
    question = "Hoe is je dienstverband geëindigd?"
    assert invalid and all(n["groups"][-1:] == (question,) for n in invalid), invalid
    [group] = [n for n in nodes if n["role"] == "group" and n["name"] == question]
    message = "Fout: Kies een antwoord bij “Hoe is je dienstverband geëindigd?”"
    assert group["description"] == message
    if not js:
        return
    page.check("#departure-2")
    assert [ax_of(page, f"#departure{s}")["invalid"] for s in ("", "-2", "-5")] == ["false"] * 3
    assert page.inner_text("#departure-error").endswith(message[6:])  # still on screen


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("state", ["form-js", "form-nojs", "errors-js", "errors-nojs"])
def test_what_a_screen_reader_hears_control_by_control(new_page, collector, lang, state):
    """A guard over every control: named by its question (a radio or checkbox inside a
    group named by its question), no hint or message twice in a description, one h1 and
    no skipped heading level, a main landmark, the other language's link marked as such."""
    kind, mode = state.split("-")
    page = new_page(js=mode == "js")
    page.goto(collector.url + PAGES[lang])
    if kind == "errors":
        send_empty(page, mode == "js")
    nodes = ax_nodes(page)
    problems = []
    for n in nodes:
        if n["role"] not in CONTROLS:
            continue
        if not n["name"] or n["name"].lower() == "on":
            problems.append(("no name", n))
        if n["role"] in ("radio", "checkbox") and not (n["groups"] and n["groups"][-1]):
            problems.append(("not in a named group", n))
    for n in nodes:
        parts = [p for p in n["description"].split(". ") if len(p) > 15]
        if len(parts) != len(set(parts)):
            problems.append(("said twice", n))
    assert problems == [], problems
    levels = [n["props"]["level"] for n in nodes if n["role"] == "heading"]
    assert levels.count(1) == 1
    assert all(b - a <= 1 for a, b in pairwise(levels)), levels
    assert [n["role"] for n in nodes].count("main") == 1
    other = {"en": "nl", "nl": "en"}[lang]
    link = page.locator("header a")
    assert (link.get_attribute("lang"), link.get_attribute("hreflang")) == (other, other)


@pytest.mark.parametrize("path", ["/", "/exit-nl/thanks.html"])
def test_the_index_and_thank_you_pages_have_a_main_and_one_h1(new_page, collector, path):
    """The other pages a leaver meets have a main landmark and one h1 (a guard). The
    index's links to each questionnaire said which language they open in only with
    ``lang`` on the Dutch one; each has ``hreflang`` now, like the translation links."""
    page = new_page()
    page.goto(collector.url + path)
    nodes = ax_nodes(page)
    assert [n["role"] for n in nodes].count("main") == 1
    assert [n["props"].get("level") for n in nodes if n["role"] == "heading"] == [1]
    assert all(n["name"] for n in nodes if n["role"] == "link")
    if path == "/":  # each questionnaire is marked as in its language, to be read in it
        links = page.locator("main a").evaluate_all(
            "as => as.map(a => [a.textContent, a.lang, a.hreflang])"
        )
        assert links == [["Exit survey", "", "en"], ["Vertrekenquête", "nl", "nl"]]
