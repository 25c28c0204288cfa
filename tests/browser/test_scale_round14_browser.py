"""The 60-question questionnaire in Chromium, on a 320 px phone, keyboard only.

Served by the real collector, so that the
error page is the collector's own. With and without enhance.js.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_site import ROOT, CollectorServer
from browser_tools import wait_until_true

from collector import create_app
from collector.builder import build_site

sys.path.insert(0, str(ROOT / "tests"))
from scale_questionnaires import write_long

PHONE = {"width": 320, "height": 640}


class LongSurvey(CollectorServer):
    """The long questionnaire, built, behind the real collector on 127.0.0.1."""

    def __init__(self, base: Path) -> None:
        write_long(base / "src")
        build_site(base / "src", base / "out")
        app = create_app(
            {
                "TESTING": True,
                "OUTPUT_DIR": base / "out",
                "DATA_DIR": base / "data",
                "RATE_LIMIT": 1000,
            }
        )
        self.required = [
            q.id
            for q in app.extensions["exit_survey"].forms.current("long-en").questions
            if q.required
        ]
        super().__init__(app)
        self.url += "/long-en/index.html"


@pytest.fixture(scope="module")
def long_survey(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LongSurvey]:
    survey = LongSurvey(tmp_path_factory.mktemp("long-survey"))
    yield survey
    survey.close()


def send_empty(new_page, survey: LongSurvey, mode: str):
    """Open the form on a phone and send it untouched, from the keyboard."""
    page = new_page(viewport=PHONE, block_enhance=mode == "nojs")
    page.goto(survey.url)
    page.focus("button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector(".errsum a")
    wait_until_true(page, "document.activeElement.classList.contains('errsum')")
    return page


def top_of(page, selector: str) -> float:
    return page.eval_on_selector(selector, "e => e.getBoundingClientRect().top")


@pytest.mark.parametrize("mode", ["js", "nojs"])
def test_a_long_error_summary_is_shown_from_its_heading(new_page, long_survey, mode) -> None:
    """Twenty problems make a summary three screens tall: it must open at its heading, not
    halfway down its links (the script's focus() scrolled it to its middle)."""
    page = send_empty(new_page, long_survey, mode)
    heading = top_of(page, ".errsum h2")
    assert 0 <= heading < PHONE["height"] / 2, heading
    targets = page.eval_on_selector_all(".errsum a", "as => as.map(a => a.hash.slice(1))")
    assert targets == long_survey.required
    assert page.problems == []


@pytest.mark.parametrize("mode", ["js", "nojs"])
def test_each_error_link_shows_its_question_and_its_field(new_page, long_survey, mode) -> None:
    """Followed from the keyboard, every link puts the focus on its field with the question
    above it on screen, also for a question with a hint of five lines on a 320 px phone."""
    page = send_empty(new_page, long_survey, mode)
    missed = []
    for target in long_survey.required:
        page.focus(f".errsum a[href='#{target}']")
        page.keyboard.press("Enter")
        wait_until_true(page, f"document.activeElement.id === {target!r}")
        where = page.evaluate(
            """() => {
                const field = document.activeElement;
                const question = field.closest('.q').querySelector('legend, label.lbl');
                return [question.getBoundingClientRect().top,
                        field.getBoundingClientRect().bottom, innerHeight];
            }"""
        )
        question, field, height = where
        if not (question >= 0 and field <= height):
            missed.append((target, round(question), round(field)))
    assert missed == []
