"""Round 24: mixed direction and language, second pass.

Management reads the report of a Hebrew (or Arabic) questionnaire in English: a question or
a choice quoted in the report's own sentences, lists and table cells must keep its "?", the
quote marks and the numbers after it on their own side, and be read with its own voice.
A leaver whose texts file lacks some words sees them in English: each is marked English.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from questionnaire_helpers import build, translated_texts, write
from test_report import add, report

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
