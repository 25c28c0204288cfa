"""Round 18: removing an answer from the HR area, in real Chromium.

axe (WCAG 2.2 AA) on the form, its error page, the check page and the page after, in light
and dark; no horizontal scroll at 320 px (also with text at 200%); the whole removal by
keyboard alone, from the start page to the page that says it is done; the error summary
takes focus and its links lead to the fields.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from browser_site import CollectorServer, build_examples, set_hr_password
from browser_tools import (
    check_focus,
    describe_violations,
    run_axe,
    screenshot,
    wait_until_true,
    width_with_text_at,
)

PASSWORD = "correct horse battery staple"
WORDS = "My manager Jan de Vries bullied me. I'm the only Finance analyst who left in March."


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CollectorServer]:
    """A collector with a password and a few responses, each naming someone."""
    from collector import create_app

    base = tmp_path_factory.mktemp("removal")
    build_examples(base / "output")
    app = create_app({"TESTING": True, "OUTPUT_DIR": base / "output", "DATA_DIR": base / "data"})
    set_hr_password(app, PASSWORD)
    state = app.extensions["exit_survey"]
    for n in range(6):
        form = state.forms.current("exit-en")
        answers = {
            "departure": "voluntary",
            "reasons": ["pay", "other"],
            "reasons__other": f"Team {n}",
            "closing": f"{WORDS} ({n})",
        }
        record = {
            "form": "exit-en",
            "version": form.version,
            "language": "en",
            "date": "2025-01",
            "answers": answers,
        }
        state.store.add("exit-en", record, submission_id=uuid.uuid4().hex, month="2025-01")
    server = CollectorServer(app)
    yield server
    server.close()


def response_ids(served: CollectorServer) -> list[str]:
    return sorted(r["id"] for r in served.stored("exit-en"))


def check(page, axe_source: str, name: str) -> None:
    """axe finds nothing, no CSP or script errors, no horizontal scroll at 320 px."""
    result = run_axe(page, axe_source)
    assert result["violations"] == [], describe_violations(result["violations"])
    # An error page's own status (422) is logged as a failed load: that is expected.
    assert [p for p in page.problems if "server responded with a status" not in p] == []
    page.set_viewport_size({"width": 320, "height": 640})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{name} is {width}px wide at a 320px viewport"
    screenshot(page, f"admin-removal-{name}-320", full_page=True)
    width = width_with_text_at(page, "200%")
    assert width <= 320, f"{name}: with text at 200% the page is {width}px wide at 320px"
    page.set_viewport_size({"width": 1280, "height": 900})


def sign_in(page, served: CollectorServer) -> None:
    page.goto(served.url + "/admin/login")
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state("load")


def press(page, key: str) -> None:
    with page.expect_navigation():
        page.keyboard.press(key)


def tab_to(page, test: str, limit: int = 40) -> dict:
    """Tab until ``test`` (a JS expression on ``el``) holds for the focused element."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {test}; }})()"):
            return check_focus(page)
    raise AssertionError(f"Tab never reached an element where {test}")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_step_is_accessible(new_page, served, axe_source, scheme):
    page = new_page(color_scheme=scheme)
    sign_in(page, served)
    page.click("text=Remove an answer or a whole response")
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == "Remove an answer"
    check(page, axe_source, f"form-{scheme}")

    page.fill("#response_id", "not an id")
    page.fill("#question_id", "closing now")
    page.click("main button[type=submit]")
    page.wait_for_load_state("load")
    assert page.title().startswith("Error: Remove an answer")
    assert page.input_value("#response_id") == "not an id"
    check(page, axe_source, f"errors-{scheme}")

    doc_id = response_ids(served)[0 if scheme == "light" else 1]
    page.fill("#response_id", doc_id.upper())
    page.fill("#question_id", "closing")
    page.click("main button[type=submit]")
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == "Remove this answer?"
    assert "My manager Jan de Vries bullied me. I'm…" in page.locator("main").inner_text()
    check(page, axe_source, f"check-{scheme}")

    page.click("button.danger")
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == "The answer is removed"
    check(page, axe_source, f"done-{scheme}")
    gone = next(r for r in served.stored("exit-en") if r["id"] == doc_id)
    assert "closing" not in gone["answers"] and gone["removed_by_hr"] == ["closing"]


def test_delete_a_response_by_keyboard_only(new_page, served):
    page = new_page()
    sign_in(page, served)
    doc_id = response_ids(served)[-1]
    tab_to(page, "el.textContent === 'Remove an answer or a whole response'")
    press(page, "Enter")
    assert page.locator("h1").inner_text() == "Remove an answer"

    # Continue with nothing filled in: the summary takes focus, its link leads to the field.
    tab_to(page, "el.textContent === 'Continue'")
    press(page, "Enter")
    wait_until_true(page, "document.activeElement.className === 'errsum'")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").startswith("Enter the response ID")
    check_focus(page)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "response_id"
    check_focus(page)

    page.keyboard.type(f'"{doc_id}"')
    press(page, "Enter")  # the question left empty: the whole response
    assert page.locator("h1").inner_text() == "Delete this response?"
    assert "reasons__other" in page.locator("main").inner_text()
    tab_to(page, "el.textContent === 'Delete this response for good'")
    press(page, "Enter")
    assert page.locator("h1").inner_text() == "The response is deleted"
    assert doc_id not in response_ids(served)
    tab_to(page, "el.textContent === 'Remove another answer'")
    press(page, "Enter")
    assert page.locator("h1").inner_text() == "Remove an answer"


def test_change_the_ids_and_dutch(new_page, served, axe_source):
    page = new_page(locale="nl-NL")
    sign_in(page, served)
    page.goto(served.url + "/admin/remove")
    assert page.evaluate("document.documentElement.lang") == "nl"
    doc_id = response_ids(served)[2]
    page.fill("#response_id", doc_id)
    page.fill("#question_id", "reasons__other")
    page.click("main button[type=submit]")
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == "Dit antwoord verwijderen?"
    check(page, axe_source, "check-nl")
    page.click("text=De ID's wijzigen")
    page.wait_for_load_state("load")
    assert page.input_value("#question_id") == "reasons__other"
    assert page.input_value("#response_id") == doc_id
    answers = next(r for r in served.stored("exit-en") if r["id"] == doc_id)["answers"]
    assert answers["reasons__other"].startswith("Team ")  # changing the IDs removed nothing
