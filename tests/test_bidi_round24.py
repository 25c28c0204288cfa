"""Round 24: mixed direction and language, second pass.

Management reads the report of a Hebrew (or Arabic) questionnaire in English: a question or
a choice quoted in the report's own sentences, lists and table cells must keep its "?", the
quote marks and the numbers after it on their own side, and be read with its own voice.
A leaver whose texts file lacks some words sees them in English: each is marked English.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from questionnaire_helpers import HEBREW_SHORT, build, translated_texts, without_words, write
from support.report_page import add, report

from collector import create_app

HEBREW_FORM = """---
title: סקר עזיבה
language: he
privacy: רק צוות משאבי אנוש קורא את התשובות.
---

## העזיבה שלך {#leaving}

### איך הסתיימה העבודה שלך? {#departure}
- type: single choice
- choices:
  - voluntary: התפטרתי
  - dismissed: פוטרתי
- other: yes

### באיזו מחלקה עבדת? {#department}
- type: single choice
- choices:
  - sales: מכירות 2
  - ops: תפעול

### עד כמה אתה מסכים? {#areas}
- type: statements
- scale: agreement
- statements:
  - pay: השכר היה הוגן
  - team: הצוות היה טוב
"""
AGREEMENT = ["מאוד לא מסכים", "לא מסכים", "ניטרלי", "מסכים", "מסכים מאוד"]


@pytest.fixture
def hebrew_app(project: Path):
    """A collector over a Hebrew questionnaire (its page words from texts-he.yml)."""
    write(project, HEBREW_FORM)
    english = [
        "Strongly disagree",
        "Disagree",
        "Neither agree nor disagree",
        "Agree",
        "Strongly agree",
    ]
    words = {f'- "{e}"': f'- "{h}"' for e, h in zip(english, AGREEMENT, strict=True)}
    texts = translated_texts({'other: "Other, namely"': 'other: "אחר, כלומר"', **words})
    (project / "questionnaires" / "texts-he.yml").write_text(texts, encoding="utf-8")
    code, output = build()
    assert code == 0, output
    return create_app(
        {"TESTING": True, "OUTPUT_DIR": project / "output", "DATA_DIR": project / "data"}
    )


def _answers(app) -> None:
    for date, n in (("2025-02", 6), ("2025-05", 6)):
        for departure, department, pay in (("voluntary", "sales", "4"), ("dismissed", "ops", "2")):
            answers = {"departure": departure, "department": department, "pay": pay, "team": "5"}
            add(app, answers, n=n, slug="leavers", date=date)
    add(app, {"departure": "other", "department": "ops"}, n=2, slug="leavers")


def _bdi(text: str) -> str:
    return f'<bdi lang="he">{text}</bdi>'


def test_questions_quoted_in_the_report_s_sentences_are_isolated(hebrew_app) -> None:
    # Before: Breakdown by “באיזו מחלקה עבדת?” with the "?" after the Hebrew, in an English
    # line: it showed at the question's right end, its start for a Hebrew reader.
    _answers(hebrew_app)
    html = report(hebrew_app, "leavers", breakdown="department").html
    question = "באיזו מחלקה עבדת?"
    assert f'<h2 id="breakdown">Breakdown by “{_bdi(question)}”</h2>' in html
    assert f"Groups by the answer to “{_bdi(question)}”." in html
    assert f"Groups by the answer to “{_bdi('איך הסתיימה העבודה שלך?')}”." in html
    # The highest and lowest rated, with their share after them.
    assert f"Highest rated: {_bdi('הצוות היה טוב')} (100% favourable)." in html
    assert f"Lowest rated: {_bdi('השכר היה הוגן')} (50% favourable)." in html
    # The trend's table names the statements too (and still finds its rows by them).
    trend = html[html.index('id="trend-table"') :]
    assert f'<th scope="row">{_bdi("השכר היה הוגן")}</th>' in trend[: trend.index("</table>")]
    assert "&lt;bdi" not in html  # never escaped into view


def test_choices_listed_or_in_cells_are_isolated_each(hebrew_app) -> None:
    # Before: "(מסכים, מסכים מאוד)" was one right-to-left run in an English line, the two
    # labels in reverse order for a reader of the English; a column header and a group's
    # name had no language ("מכירות 2" read with an English voice).
    _answers(hebrew_app)
    html = report(hebrew_app, "leavers", breakdown="department").html
    assert f"top 2 of 5 points ({_bdi('מסכים')}, {_bdi('מסכים מאוד')})." in html
    assert f'<th scope="col" class="num">{_bdi("מכירות 2")}</th>' in html
    assert f'<th scope="row">{_bdi("השכר היה הוגן")}</th>' in html
    assert f'<span class="lbl">{_bdi("התפטרתי")}</span>' in html
    assert f"{_bdi('ניטרלי')}</li>" in html  # the legend
    hidden = f"{_bdi('פוטרתי')}, {_bdi('אחר, כלומר')}, No answer."
    assert f"hidden along with a smaller group): {hidden}" in html


def test_the_report_s_own_words_among_the_answers_are_not_marked_hebrew(hebrew_app) -> None:
    # Before: every row of an answer table was lang="he", "No answer" too.
    _answers(hebrew_app)
    add(hebrew_app, {"departure": "voluntary"}, n=5, slug="leavers")
    html = report(hebrew_app, "leavers").html
    assert '<span class="lbl">No answer</span>' in html


def test_an_english_report_of_an_english_questionnaire_isolates_nothing(app) -> None:
    for _ in range(2):
        add(app, {"departure": "voluntary", "conditions": "4"}, n=5)
    html = report(app).html
    assert "<bdi lang" not in html
    assert "Groups by the answer to “How did your employment end?”." in html


# -- the form: every word a texts file lacks is marked English ---------------------------

#: With a step: the number's hint is its range and its step, each English or not.
FORM = HEBREW_SHORT.replace("- max: 7\n", "- max: 7\n- step: 0.5\n")
MARK = ' lang="en" dir="ltr"'


def _hebrew_form(project: Path, *missing: str):
    """A collector over the Hebrew form, its texts file translated except ``missing``."""
    write(project, FORM)
    translated = {
        'send: "Send answers"': 'send: "שליחת התשובות"',
        'section_progress: "Section {n} of {t}"': 'section_progress: "חלק {n} מתוך {t}"',
        'error_summary_many: "There are {n} problems"': 'error_summary_many: "יש {n} בעיות"',
        'error_prefix: "Error:"': 'error_prefix: "שגיאה:"',
        'number_range: "Enter a number from {min} to {max}"': 'number_range: "מספר בין {min} ל-{max}"',
        'number_step: ", in steps of {step}"': 'number_step: ", בקפיצות של {step}"',
        'required_choice: "Select an answer to “{q}”"': 'required_choice: "בחרו תשובה ל“{q}”"',
        'too_large: "The number for “{q}” must be {n} or less"': 'too_large: "עד {n} ב“{q}”"',
        'chars_left: "You have {n} characters remaining"': 'chars_left: "נותרו {n} תווים"',
        'char_left: "You have 1 character remaining"': 'char_left: "נותר תו אחד"',
    }
    texts = without_words(translated_texts(translated), missing)
    (project / "questionnaires" / "texts-he.yml").write_text(texts, encoding="utf-8")
    code, output = build()
    assert code == 0, output
    app = create_app(
        {"TESTING": True, "OUTPUT_DIR": project / "output", "DATA_DIR": project / "data"}
    )
    page = (project / "output" / "leavers" / "index.html").read_text(encoding="utf-8")
    return app, page


def _errors(app) -> str:
    client = app.test_client()
    version = app.extensions["exit_survey"].forms.current("leavers").version
    response = client.post(
        "/submit/leavers",
        data={"_version": version, "_submission": "a-b-c-d", "years": "9"},
        headers={"Origin": "http://localhost"},
    )
    assert response.status_code == 422
    return response.get_data(as_text=True)


def test_the_progress_line_and_a_number_s_hint_are_marked_when_english(project: Path) -> None:
    # Before: <span class="progress">Section 1 of 2</span> and <p>Enter a number from 0 to
    # 7, in steps of 0.5</p> in a page of lang="he", read with a Hebrew voice.
    _, page = _hebrew_form(project, "section_progress", "number_range", "number_step")
    assert f'<span class="progress"{MARK}>Section 1 of 2</span>' in page
    assert f"<p{MARK}>Enter a number from 0 to 7, in steps of 0.5</p>" in page


def test_translated_progress_and_hint_stay_unmarked(project: Path) -> None:
    _, page = _hebrew_form(project)
    assert '<span class="progress">חלק 1 מתוך 2</span>' in page
    assert "<p>מספר בין 0 ל-7, בקפיצות של 0.5</p>" in page


def test_the_error_summary_s_english_words_are_marked_and_the_question_isolated(
    project: Path,
) -> None:
    # Before: <h2>There are 2 problems</h2> and "Select an answer to “איך …?”" unmarked;
    # marked left to right without isolating the question, its "?" would show after it.
    missing = ("error_summary_many", "error_prefix", "required_choice")
    app, _ = _hebrew_form(project, *missing)
    page = _errors(app)
    assert f"<h2{MARK}>There are 2 problems</h2>" in page
    question = '<bdi lang="he">איך הסתיימה העבודה שלך?</bdi>'
    assert f'<li{MARK}><a href="#departure">Select an answer to “{question}”</a></li>' in page
    assert f'<span class="vh"{MARK}>Error:</span> <span{MARK}>Select an answer to' in page
    # too_large is translated: its lines stay as they were.
    assert '<li><a href="#years">עד 7 ב“כמה שנים עבדת אצלנו?”</a></li>' in page
    assert "</span> עד 7 ב“כמה שנים עבדת אצלנו?”</p>" in page


def test_the_not_sent_page_marks_its_english_words(project: Path) -> None:
    app, _ = _hebrew_form(project, "not_sent", "not_sent_413", "not_sent_back")
    page = app.test_client().post(
        "/submit/leavers", data={"x": "a" * 70_000}, headers={"Origin": "http://localhost"}
    )
    assert page.status_code == 413
    html = page.get_data(as_text=True)
    assert f"<h2{MARK}>Your answers were not sent</h2><p{MARK}>Your answers are too long" in html
    assert f"<p{MARK}>Go back to the questionnaire" in html


def test_the_script_s_words_say_which_are_english(project: Path) -> None:
    # The count's words the script writes (T.L), and the notices it copies from the page.
    _, page = _hebrew_form(project, "chars_over", "char_over", "error_summary")
    assert '"L":["o","o1"]' in page
    assert f'<template id="_t"><div class="errsum"><div role="alert"><h2{MARK}>There is' in page
    assert '"e":' not in page and '"s":' not in page  # no longer words of the script


def test_a_condition_note_in_english_is_marked(project: Path) -> None:
    # Before: "Only answer this if you answered …" in a page of lang="he", unmarked.
    extra = "\n### למה? {#why}\n- type: long text\n- show if: departure = voluntary\n"
    write(project, FORM + extra)
    texts = without_words(translated_texts({'send: "Send answers"': 'send: "שליחה"'}), ("only_if",))
    (project / "questionnaires" / "texts-he.yml").write_text(texts, encoding="utf-8")
    code, output = build()
    assert code == 0, output
    page = (project / "output" / "leavers" / "index.html").read_text(encoding="utf-8")
    assert f'<p class="cond" id="why-cond"{MARK}>Only answer this if <bdi>' in page
