"""What a leaver does with the sample form: keyboard only, conditions, errors, no JavaScript."""

from __future__ import annotations

import re
from urllib.parse import parse_qs

import pytest
from browser_tools import (
    check_focus,
    describe_violations,
    run_axe,
    screenshot,
    wait_for_held,
    wait_until_true,
)


def tab_to(page, selector: str, limit: int = 40) -> None:
    """Press Tab until ``selector`` has focus, checking every stop on the way."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        check_focus(page)
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never received focus by Tab")


def next_tab_is(page, selector: str) -> None:
    page.keyboard.press("Tab")
    check_focus(page)
    active = page.evaluate("document.activeElement.id")
    assert page.evaluate("s => document.activeElement.matches(s)", selector), active


def visible(page, selector: str) -> bool:
    return page.locator(selector).first.is_visible()


def progress_texts(page) -> list[str]:
    return page.evaluate(
        "[...document.querySelectorAll('.progress')].filter(p => p.offsetParent)"
        ".map(p => p.textContent)"
    )


def posted(request) -> dict[str, list[str]]:
    return parse_qs(request.post_data or "", keep_blank_values=True)


def test_keyboard_only_completes_the_form(new_page, fixture_server):
    fixture_server.posts.clear()
    page = new_page(locale="en-US", viewport={"width": 1280, "height": 720})
    page.goto(fixture_server.url + "sample-en/")
    tab_to(page, "#how_ended")
    page.keyboard.press("Space")  # "I resigned"
    next_tab_is(page, "#reasons")  # the revealed follow-up is the next stop
    page.keyboard.press("Space")  # pay
    tab_to(page, "#reasons-3")
    page.keyboard.press("Space")  # manager
    tab_to(page, "#reasons-6")
    page.keyboard.press("Space")  # other
    next_tab_is(page, "#reasons__other")
    page.keyboard.type("Long commute")
    screenshot(page, "keyboard-other-text")
    tab_to(page, "#last_month")
    page.keyboard.type("2025-03")  # as the hint says
    tab_to(page, "#start_date")
    page.keyboard.type("2019-03-15")
    tab_to(page, "#department")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    tab_to(page, "#years")
    page.keyboard.type("7")
    tab_to(page, "#stay_factor")
    page.keyboard.type("More room to grow")
    assert page.locator("#stay_factor-info").inner_text() == "You have 583 characters remaining"
    tab_to(page, "#new_offer")
    page.keyboard.type("Working from home")
    tab_to(page, "#work_variety")
    page.keyboard.press("Space")
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    tab_to(page, "#work_manager")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    screenshot(page, "keyboard-radio-focus")
    tab_to(page, "#work_pay")
    page.keyboard.press("Space")
    tab_to(page, "#manager_detail")
    page.keyboard.type("Listen more")
    tab_to(page, "#recommend")
    page.keyboard.press("Space")
    for _ in range(7):
        page.keyboard.press("ArrowRight")
    tab_to(page, "#would_return")
    page.keyboard.press("Space")
    tab_to(page, "#improve")
    page.keyboard.type("Clearer career paths")
    tab_to(page, "button[type=submit]")
    screenshot(page, "keyboard-button-focus")
    with page.expect_navigation(url="**/sample-en/thanks.html"):
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Thank you"
    assert len(fixture_server.posts) == 1
    fields = fixture_server.posts[0]["fields"]
    assert fixture_server.posts[0]["headers"]["Sec-Fetch-Mode"] == "cors"  # fetch, no reload
    expected = {
        "how_ended": ["resigned"],
        "reasons": ["pay", "manager", "other"],
        "reasons__other": ["Long commute"],
        "last_month": ["2025-03"],
        "start_date": ["2019-03-15"],
        "department": ["sales"],
        "years": ["7"],
        "stay_factor": ["More room to grow"],
        "new_offer": ["Working from home"],
        "work_variety": ["4"],
        "work_manager": ["2"],
        "work_pay": ["1"],
        "manager_detail": ["Listen more"],
        "recommend": ["7"],
        "would_return": ["yes"],
        "improve": ["Clearer career paths"],
        "_trap": [""],
    }
    assert {k: v for k, v in fields.items() if k in expected} == expected
    assert "how_ended__other" not in fields  # hidden, so not sent
    # 128 random bits, in the form the collector takes (submit.py): a stored ID, not a time.
    assert re.fullmatch(r"[0-9]+(-[0-9]+){3}", fields["_submission"][0])
    assert 16 <= len(fields["_submission"][0]) <= 64
    assert fields["_version"] == [fixture_server.site.form("sample-en").version]
    assert page.problems == []


def test_conditions_reveal_and_hide_with_javascript(new_page, fixture_server, axe_source):
    page = new_page()
    page.goto(fixture_server.url + "sample-en/")
    assert not visible(page, "#reasons")
    assert not visible(page, "#stay_factor")
    assert not visible(page, "#how_ended__other")
    assert not visible(page, ".cond")  # the no-JS notes give way to the real thing
    assert progress_texts(page) == ["Section 1 of 2", "Section 2 of 2"]

    page.check("#how_ended")  # I resigned
    assert visible(page, "#reasons") and visible(page, "#stay_factor")
    assert progress_texts(page) == ["Section 1 of 3", "Section 2 of 3", "Section 3 of 3"]
    page.check("#reasons-3")  # my manager
    assert visible(page, "#manager_detail")
    page.check("#reasons-6")
    assert visible(page, "#reasons__other")
    result = run_axe(page, axe_source)  # the fully revealed state
    assert result["violations"] == [], describe_violations(result["violations"])

    # A hidden trigger counts as unanswered: its follow-ups hide too.
    page.check("#how_ended-2")  # contract ended
    assert not visible(page, "#reasons")
    assert not visible(page, "#manager_detail")
    assert progress_texts(page) == ["Section 1 of 2", "Section 2 of 2"]
    page.check("#work_manager")  # strongly disagree
    assert visible(page, "#manager_detail")
    assert visible(page, "#would_return")
    page.check("#how_ended-3")  # dismissed: "not" condition
    assert not visible(page, "#would_return")
    page.check("#how_ended-5")  # other
    assert visible(page, "#how_ended__other")
    page.fill("#how_ended__other", "Moved on")
    # What no longer applies stays on the page (Back must find it) but is never sent.
    sent = []

    def reply(route):
        sent.append(posted(route.request))
        collector_reply(fixture_server, route, None)

    page.route("**/submit/sample-en", reply)
    with page.expect_navigation(url="**/sample-en/thanks.html"):
        page.click("button[type=submit]")
    [fields] = sent
    assert page.problems == []
    assert fields["how_ended"] == ["other"] and fields["how_ended__other"] == ["Moved on"]
    assert fields["work_manager"] == ["1"]
    assert not {"reasons", "reasons__other", "would_return"} & set(fields), fields


def test_without_javascript_everything_shows_and_the_server_reports_errors(
    new_page, fixture_server
):
    page = new_page(js=False, locale="en-US")
    page.goto(fixture_server.url + "sample-en/")
    for follow_up in ("#reasons", "#how_ended__other", "#stay_factor", "#manager_detail"):
        assert visible(page, follow_up), follow_up
    note = page.locator("#reasons-cond").inner_text()
    assert note == "Only answer this if you answered “I resigned” to “How did your job end?”."
    described = page.get_attribute("fieldset:has(#reasons)", "aria-describedby")
    assert described == "reasons-cond reasons-hint"
    page.check("#reasons-2")
    page.fill("#years", "12")
    page.fill("#improve", "Less meetings")
    page.focus("button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.title() == "Error: Exit survey"
    wait_until_true(page, "document.activeElement.classList.contains('errsum')")  # autofocus
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("system-ui")
    # Answers are kept.
    assert page.is_checked("#reasons-2")
    assert page.input_value("#years") == "12"
    assert page.input_value("#improve") == "Less meetings"
    # The first link leads to the first radio of the question.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#how_ended"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "how_ended"
    assert page.get_attribute("#how_ended", "aria-invalid") == "true"
    screenshot(page, "nojs-server-errors")


ERRORS_1 = {
    "reasons__other": "Enter your own reason",
    "recommend": "Select how likely you are",
    "improve": "Use 1200 characters or less",
    "_version": "This questionnaire has changed",
}
ERRORS_2 = {"recommend": "Select a number"}


def collector_reply(server, route, errors: dict[str, str] | None) -> None:
    """Answer a post like the collector: its error page (422) or a redirect to thanks."""
    if errors is None:
        route.fulfill(status=303, headers={"Location": "/sample-en/thanks.html"})
        return
    form = server.site.form("sample-en")
    page = server.site.renderer.form_page(
        form, root="/", action="/submit/sample-en", answers=posted(route.request), errors=errors
    )
    route.fulfill(status=422, content_type="text/html; charset=utf-8", body=page)


def test_collector_errors_show_without_a_reload_and_keep_every_answer(
    new_page, fixture_server, axe_source
):
    page = new_page()
    page.goto(fixture_server.url + "sample-en/")
    page.evaluate("window.sameDocument = true")
    requests = []
    replies = [ERRORS_1, ERRORS_2, None]

    def stub(route):
        requests.append(route.request)
        collector_reply(fixture_server, route, replies.pop(0))

    page.route("**/submit/sample-en", stub)
    page.check("#how_ended")
    page.check("#reasons")
    page.check("#reasons-6")
    page.select_option("#department", "it")
    page.fill("#years", "4")
    page.check("#work_variety-4")
    page.fill("#improve", "More training")
    page.click("button[type=submit]")
    page.wait_for_selector(".errsum")

    request = requests[0]
    assert request.resource_type == "fetch"
    assert request.headers["content-type"].startswith("application/x-www-form-urlencoded")
    sent = posted(request)
    assert sent["reasons"] == ["pay", "other"] and "how_ended__other" not in sent
    assert page.evaluate("window.sameDocument") is True  # no reload

    assert page.title() == "Error: Exit survey"
    wait_until_true(page, "document.activeElement.classList.contains('errsum')")
    links = page.locator(".errsum a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert links == ["#reasons__other", "#recommend", "#improve"]
    assert page.locator(".errsum [role=alert] h2").inner_text() == "There are 4 problems"
    assert "This questionnaire has changed" in page.locator(".errsum li").last.inner_text()
    message = " ".join(page.text_content("#reasons__other-error").split())
    assert message == "Error: Enter your own reason"
    assert page.get_attribute("#reasons__other", "aria-invalid") == "true"
    assert (
        page.get_attribute("#reasons__other", "aria-describedby")
        == "reasons__other-error reasons__other-max"
    )
    recommend = page.locator("fieldset:has(#recommend)")
    assert recommend.get_attribute("aria-describedby") == "recommend-hint recommend-error"
    assert page.get_attribute("#recommend-11", "aria-invalid") == "true"
    assert page.get_attribute("#improve", "aria-describedby") == (
        "improve-hint improve-error improve-max"
    )
    # Every answer is still there, and the page is still enhanced.
    assert page.is_checked("#how_ended") and page.is_checked("#reasons")
    assert page.is_checked("#reasons-6") and page.is_checked("#work_variety-4")
    assert page.input_value("#department") == "it"
    assert page.input_value("#years") == "4"
    assert page.input_value("#improve") == "More training"
    assert not visible(page, "#how_ended__other")  # conditions still run
    assert page.locator("#improve-info").inner_text() == "You have 1187 characters remaining"
    screenshot(page, "js-errors")
    result = run_axe(page, axe_source)  # the error state as the script shows it
    assert result["violations"] == [], describe_violations(result["violations"])

    # Sending again replaces the errors instead of piling them up.
    page.fill("#reasons__other", "Moving abroad")
    page.click("button[type=submit]")
    page.wait_for_selector("#reasons__other-error", state="detached")
    assert page.locator(".errsum").count() == 1
    assert page.locator(".err").count() == 1
    assert page.get_attribute("#reasons__other", "aria-describedby") == "reasons__other-max"
    assert page.get_attribute("#reasons__other", "aria-invalid") is None
    assert page.title() == "Error: Exit survey"
    assert "Select a number" in page.text_content("#recommend-error")
    assert page.input_value("#reasons__other") == "Moving abroad"

    page.check("#recommend-9")
    with page.expect_navigation(url="**/sample-en/thanks.html"):
        page.click("button[type=submit]")
    assert len(requests) == 3
    assert posted(requests[2])["_submission"] == posted(requests[0])["_submission"]
    assert page.problems == []


def test_the_form_is_sent_once(new_page, fixture_server):
    page = new_page()
    page.goto(fixture_server.url + "sample-en/")
    pending = []
    page.route("**/submit/sample-en", lambda route: pending.append(route))
    page.focus("button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector("button[type=submit][aria-disabled=true]")
    assert page.locator("button[type=submit]").inner_text() == "Sending…"
    # Busy, not disabled: the keyboard focus stays on the button (a disabled one drops it
    # to the page), and a screen reader hears "Sending…" from the status line.
    assert page.evaluate("document.activeElement.type") == "submit"
    assert page.text_content("#_status[aria-live=polite]") == "Sending…"
    page.focus("#years")
    page.keyboard.press("Enter")  # implicit submission while sending
    page.evaluate("document.querySelector('form').requestSubmit()")
    wait_for_held(page, pending)
    page.wait_for_timeout(200)  # a second post would have reached the route by now
    assert len(pending) == 1
    collector_reply(fixture_server, pending[0], ERRORS_2)
    page.wait_for_selector(".errsum")
    assert page.get_attribute("button[type=submit]", "aria-disabled") is None
    assert page.locator("button[type=submit]").inner_text() == "Send answers"


def test_prefer_not_to_say_and_the_other_answers_untick_each_other(new_page, fixture_server):
    page = new_page()
    page.goto(fixture_server.url + "sample-en/")
    page.check("#how_ended")
    reasons = "input[name=reasons]"
    pnts = f"{reasons}[value=prefer_not_to_say]"
    page.check("#reasons")
    page.check("#reasons-2")
    page.focus(pnts)
    page.keyboard.press("Space")
    assert page.eval_on_selector_all(f"{reasons}:checked", "xs => xs.map(x => x.value)") == [
        "prefer_not_to_say"
    ]
    page.focus("#reasons")
    page.keyboard.press("Space")
    assert page.eval_on_selector_all(f"{reasons}:checked", "xs => xs.map(x => x.value)") == [
        page.get_attribute("#reasons", "value")
    ]
    # Only checkboxes: the single-choice question's radios already exclude each other.
    assert page.is_checked("#how_ended")


def test_character_count_is_announced_politely(new_page, fixture_server):
    page = new_page()
    page.goto(fixture_server.url + "sample-en/")
    page.fill("#improve", "x" * 1201)
    assert page.locator("#improve-info").inner_text() == "You have 1 character too many"
    live = page.locator("#improve-info + [aria-live=polite]")
    assert live.count() == 1
    for _ in range(40):  # announced once typing pauses (about a second)
        if "too many" in live.text_content():
            break
        page.wait_for_timeout(100)
    assert live.text_content() == "You have 1 character too many"
    assert page.get_attribute("#improve", "maxlength") is None  # no hard limit: paste, then edit
    # The collector drops spaces and line breaks at either end, so the count does too.
    page.fill("#improve", "x" * 1200 + "   \n")
    assert page.locator("#improve-info").inner_text() == "You have 0 characters remaining"


def test_a_one_line_answer_says_its_limit_before_sending(new_page, fixture_server):
    """The leaver audit: a short text with a limit said nothing until the collector
    refused the answer; the "other" box, also one line, had its limit and a count."""
    for script in (True, False):
        page = new_page(js=script)
        page.goto(fixture_server.url + "sample-en/")
        page.check("#how_ended")  # I resigned: the question applies
        info = page.locator("#new_offer-info")
        assert info.inner_text() == "You can enter up to 200 characters"
        # With the script, described by a fixed copy of the limit (the count changes).
        limit = "new_offer-max" if script else "new_offer-info"
        assert limit in page.get_attribute("#new_offer", "aria-describedby")
        page.fill("#new_offer", "y" * 201)
        expected = (
            "You have 1 character too many" if script else "You can enter up to 200 characters"
        )
        assert info.inner_text() == expected


def test_honeypot_is_skipped_by_people_and_screen_readers(new_page, fixture_server):
    page = new_page()
    page.goto(fixture_server.url + "sample-en/")
    trap = page.evaluate(
        """() => {
          const i = document.getElementById('_trap');
          const r = i.getBoundingClientRect();
          return {tab: i.tabIndex, hidden: !!i.closest('[aria-hidden=true]'),
                  offscreen: r.right <= 0 || r.width <= 1, auto: i.autocomplete};
        }"""
    )
    assert trap == {"tab": -1, "hidden": True, "offscreen": True, "auto": "off"}
    tab_to(page, "#how_ended")  # Tab from the top never lands on it
    assert page.evaluate("document.activeElement.id") == "how_ended"


@pytest.mark.parametrize("blocked", [False, True], ids=["js", "script-blocked"])
def test_typed_numbers_and_dates_are_sent_as_typed(new_page, fixture_server, blocked):
    """A browser's own number, month or date control sends nothing for what it cannot read
    (a Dutch '1,5', a month typed as the hint says): the answer was lost without a word.
    As text fields, what the leaver typed reaches the collector, which says what is wrong."""
    page = new_page(block_enhance=blocked)
    page.goto(fixture_server.url + "sample-en/")
    typed = {"years": "1,5", "last_month": "2025-03", "start_date": "2025-03-14"}
    for field, text in typed.items():
        page.click(f"#{field}")
        page.keyboard.type(text)
    sent = page.evaluate(
        "Object.fromEntries([...new FormData(document.querySelector('form'))]"
        ".filter(([k]) => ['years', 'last_month', 'start_date'].includes(k)))"
    )
    assert sent == typed
