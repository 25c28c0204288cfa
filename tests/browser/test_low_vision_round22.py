"""Round 22: low vision and screen readers. What a leaver hears and reads when the collector
sends a page back, checked in Chromium against the real builder and the real collector.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser_site import CollectorServer, served_collector

#: A number question that cannot take 12: days a week, in halves.
HOME_DAYS = """---
title: {title}
language: {language}
slug: {slug}
privacy: Only HR reads single answers; taking part is voluntary.
---

## Work {{#work}}

### {question} {{#home_days}}
- type: number
- min: 0
- max: 5
- step: 0.5
"""
FORMS = {
    "days-en": ("en", "Days survey", "How many days a week did you work from home?"),
    "days-nl": ("nl", "Dagenenquête", "Hoeveel dagen per week werkte je thuis?"),
}


@pytest.fixture(scope="module")
def days_collector(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CollectorServer]:
    """The real collector with a questionnaire in each language, on this module's ports."""
    sources = {
        f"{slug}.md": HOME_DAYS.format(title=title, language=language, slug=slug, question=q)
        for slug, (language, title, q) in FORMS.items()
    }
    server = served_collector(tmp_path_factory.mktemp("low-vision"), sources, range(9190, 9200))
    yield server
    server.close()


@pytest.mark.parametrize(
    ("slug", "js", "example"),
    [("days-en", True, "2.5"), ("days-nl", False, "2,5")],
    ids=["en-js", "nl-nojs"],
)
def test_a_number_message_suggests_a_number_the_question_takes(
    browser, days_collector: CollectorServer, slug: str, js: bool, example: str
) -> None:
    """The message "Enter a number, like 12" for a question from 0 to 5 suggested an answer
    that is refused in turn. A screen reader reads the message (the error link, the field's
    description) and not the hint it came with, so the example must be one that is taken:
    typed as suggested, the answer is stored."""
    context = browser.new_context(java_script_enabled=js)
    try:
        page = context.new_page()
        page.goto(f"{days_collector.url}/{slug}/")
        page.fill("#home_days", "a few")
        page.click("button[type=submit]:not([hidden])")
        link = page.locator(".errsum a[href='#home_days']")
        link.wait_for()
        message = link.inner_text()
        assert message.endswith(f" {example}"), message
        assert "12" not in message
        # The field says the same to a screen reader: its description holds the message.
        field = page.get_by_role("textbox", name=FORMS[slug][2])
        assert message in page.evaluate(
            """(el) => el.getAttribute('aria-describedby').split(' ')
                .map((id) => document.getElementById(id).textContent).join(' ')""",
            field.element_handle(),
        )
        field.fill(example)
        page.click("button[type=submit]:not([hidden])")
        page.wait_for_url(f"**/{slug}/thanks.html")
        assert [r["answers"]["home_days"] for r in days_collector.stored(slug)] == [2.5]
    finally:
        context.close()
