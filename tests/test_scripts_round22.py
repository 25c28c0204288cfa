"""Round 22: a questionnaire in Hebrew and Japanese (any language without built-in words),
right-to-left pages, and numbers and dates typed with other scripts' digits."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from questionnaire_helpers import TEXTS_EN, translated_texts

from collector.build_command import build_command

HE = """---
title: סקר עזיבה
language: he
translation: ja.md
privacy: רק צוות משאבי האנוש קורא את התשובות. ההשתתפות היא מרצון.
---

## העזיבה שלך {#leaving}

### כיצד הסתיימה העסקתך? {#departure}
- type: single choice
- required: yes
- choices:
  - voluntary: התפטרתי
  - dismissed: פוטרתי

### כמה ימים בשבוע עבדת מהבית? {#home_days}
- type: number
- min: 0
- max: 5
- step: 0.5

### מתי חשבת לראשונה על עזיבה? {#first_thought}
- type: date
- month only: yes

## מבט לאחור {#looking_back}

### עד כמה אתה מסכים? {#areas}
- type: statements
- scale: agreement
- statements:
  - terms: תנאי ההעסקה שלי היו הוגנים

### האם יש עוד משהו שתרצה לספר לנו? {#closing}
- type: long text
- max length: 20
"""

JA = """---
title: 退職アンケート
language: ja
translation: he.md
privacy: 個々の回答を読むのは人事チームのみです。参加は任意です。
---

## 退職について {#leaving}

### 雇用はどのように終了しましたか？ {#departure}
- type: single choice
- required: yes
- choices:
  - voluntary: 自己都合で退職した
  - dismissed: 会社都合で雇用が終了した

### 週に平均何日在宅勤務をしましたか？ {#home_days}
- type: number
- min: 0
- max: 5
- step: 0.5

### 最初に退職を考えたのはいつですか？ {#first_thought}
- type: date
- month only: yes

## 振り返り {#looking_back}

### どの程度同意しますか？ {#areas}
- type: statements
- scale: agreement
- statements:
  - terms: 雇用条件は公正だった

### 他に伝えたいことはありますか？ {#closing}
- type: long text
- max length: 20
"""

#: A few of the page's words translated, as HR would start; the rest may stay English.
HE_WORDS = {
    '"English"': '"עברית"',
    '"This questionnaire in English"': '"השאלון הזה בעברית"',
    '"Send answers"': '"שליחת התשובות"',
    '"(optional)"': '"(לא חובה)"',
    '"There is a problem"': '"יש בעיה"',
    '"Error:"': '"שגיאה:"',
    '"Error: "': '"שגיאה: "',
    '"Section {n} of {t}"': '"חלק {n} מתוך {t}"',
    '"Select an answer to “{q}”"': '"יש לבחור תשובה לשאלה “{q}”"',
    '"Prefer not to say"': '"מעדיף/ה לא לומר"',
    '"Strongly disagree"': '"מאוד לא מסכים/ה"',
    '"Disagree"': '"לא מסכים/ה"',
    '"Neither agree nor disagree"': '"לא מסכים/ה ולא מסכים/ה"',
    '"Agree"': '"מסכים/ה"',
    '"Strongly agree"': '"מסכים/ה מאוד"',
    '"Thank you for taking the time to answer. Your answers have been received."': '"תודה!"',
}
JA_WORDS = {
    '"English"': '"日本語"',
    '"This questionnaire in English"': '"このアンケートを日本語で"',
    '"(optional)"': '"（任意）"',
    '"Section {n} of {t}"': '"{t}部のうち第{n}部"',
    '"Strongly disagree"': '"まったくそう思わない"',
    '"Disagree"': '"そう思わない"',
    '"Neither agree nor disagree"': '"どちらともいえない"',
    '"Agree"': '"そう思う"',
    '"Strongly agree"': '"とてもそう思う"',
    '"Thank you for taking the time to answer. Your answers have been received."': '"感謝します"',
}


def _write(project: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (project / "questionnaires" / name).write_text(text, encoding="utf-8")


def _build(project: Path) -> tuple[int, str]:
    result = CliRunner().invoke(build_command, [])
    return result.exit_code, result.output


@pytest.fixture
def pair(project: Path) -> Path:
    """A Hebrew and a Japanese questionnaire with their words, built into output/."""
    _write(
        project,
        {
            "he.md": HE,
            "ja.md": JA,
            "texts-he.yml": translated_texts(HE_WORDS),
            "texts-ja.yml": translated_texts(JA_WORDS),
        },
    )
    code, output = _build(project)
    assert code == 0, output
    return project / "output"


def test_a_language_without_built_in_words_says_which_file_to_write(project: Path) -> None:
    """Before: "unknown language 'he' (use 'en' or 'nl')", and no way to have one."""
    _write(project, {"he.md": HE.replace("translation: ja.md\n", "")})
    code, output = _build(project)
    assert code == 1
    assert "questionnaires/he.md:3: the builder has no words in 'he' for the page itself" in output
    assert "copy docs/texts-en.yml to questionnaires/texts-he.yml" in output
    assert "translate every text between double quotes" in output


def test_a_language_name_is_still_no_language_code(project: Path) -> None:
    _write(project, {"he.md": HE.replace("language: he", "language: Hebrew")})
    code, output = _build(project)
    assert code == 1
    assert "questionnaires/he.md:3: unknown language 'Hebrew'" in output
    assert "such as 'he' or 'ja'" in output


def test_the_template_holds_every_built_in_english_word() -> None:
    """docs/texts-en.yml is what HR translates: it must be the words the page uses."""
    from collector.texts_file import english_texts_yaml

    assert english_texts_yaml() == TEXTS_EN


def test_a_text_missing_from_the_file_is_english_on_the_page_with_a_warning(
    project: Path,
) -> None:
    """A release that adds a page word must not stop translated questionnaires from
    building: the missing text is a warning (an error with --strict) and the page shows
    the English words in its place."""
    _write(
        project,
        {
            "he.md": HE,
            "ja.md": JA,
            "texts-he.yml": TEXTS_EN.replace('  send: "Send answers"\n', ""),
            "texts-ja.yml": translated_texts(JA_WORDS),
        },
    )
    code, output = _build(project)
    assert code == 0, output
    assert "texts-he.yml:9: warning: 'page' lacks the text 'send'" in output
    assert "the page shows the English words there" in output
    page = (project / "output" / "he" / "index.html").read_text(encoding="utf-8")
    assert ">Send answers<" in page
    strict = CliRunner().invoke(build_command, ["--strict"])
    assert strict.exit_code == 1
    assert "'page' lacks the text 'send'" in strict.output


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (('  optional: "(optional)"', '  optionl: "(לא חובה)"'), "unknown text 'optionl' in"),
        (
            ('"Section {n} of {t}"', '"חלק {n}"'),
            "'section_progress' must have {n} and {t} in it, as the English does",
        ),
        (('"You have {n} characters remaining"', '"נותרו {n} תווים}"'), "'chars_left' must"),
        (('  send: "Send answers"', '  send: ""'), "'send' is empty or not a text"),
        (('      - "Strongly agree"\n', ""), "the scale 'agreement' must have 5 labels"),
    ],
)
def test_a_wrong_texts_file_is_reported_at_its_line(
    project: Path, change: tuple[str, str], expected: str
) -> None:
    _write(
        project,
        {
            "he.md": HE,
            "ja.md": JA,
            "texts-he.yml": TEXTS_EN.replace(*change),
            "texts-ja.yml": TEXTS_EN,
        },
    )
    code, output = _build(project)
    assert code == 1
    assert expected in output
    lines = output.splitlines()
    assert len(lines) == len(set(lines)), output  # once, not once per questionnaire


def test_a_hebrew_page_is_right_to_left_in_its_own_words(pair: Path) -> None:
    he = (pair / "he" / "index.html").read_text(encoding="utf-8")
    ja = (pair / "ja" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="he" dir="rtl">' in he
    assert "(לא חובה)" in he and "חלק 1 מתוך 2" in he and "שליחת התשובות" in he
    assert "מאוד לא מסכים/ה" in he  # the built-in scale, from the texts file
    # The link to the other language in its own words and direction.
    assert 'hreflang="ja" lang="ja" dir="ltr">このアンケートを日本語で</a>' in he
    assert '<html lang="ja">' in ja
    assert "（任意）" in ja and "2部のうち第1部" in ja
    assert 'lang="he" dir="rtl">השאלון הזה בעברית</a>' in ja
    thanks = (pair / "he" / "thanks.html").read_text(encoding="utf-8")
    assert '<html lang="he" dir="rtl">' in thanks


def test_english_and_dutch_pages_and_forms_stay_as_they_were(built_site: Path) -> None:
    """No dir attribute on a left-to-right page, and no texts in a built-in language's
    form.json (its version stays what it was)."""
    page = (built_site / "exit-en" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "dir=" not in page.split(">", 2)[1]
    assert '"texts"' not in (built_site / "exit-nl" / "form.json").read_text(encoding="utf-8")


@pytest.fixture
def he_app(pair: Path, tmp_path: Path):
    from collector import create_app

    return create_app(
        {"TESTING": True, "OUTPUT_DIR": pair, "DATA_DIR": tmp_path / "data", "RATE_LIMIT": 1000}
    )


def test_the_collector_answers_in_the_questionnaires_words(he_app) -> None:
    response = he_app.test_client().post("/submit/he", data={"closing": "שלום"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert '<html lang="he" dir="rtl">' in page
    assert "<title>שגיאה: סקר עזיבה</title>" in page
    assert "יש לבחור תשובה לשאלה “כיצד הסתיימה העסקתך?”" in page


@pytest.mark.parametrize(
    ("home_days", "first_thought"),
    [
        ("２．５", "２０２６－０３"),  # a Japanese input method in full-width mode
        ("٢٫٥", "٢٠٢٦-٠٣"),  # an Arabic keyboard
        ("۲.۵", "2026年3月"),  # Persian digits; a date as Japanese and Chinese write it
        ("2.5", "2026年3月1日"),
    ],
)
def test_numbers_and_dates_in_any_keyboards_digits_are_read(
    he_app, home_days: str, first_thought: str
) -> None:
    """Before: "Enter a number, like 12" for '２．５', which is 2.5 to whoever typed it."""
    client = he_app.test_client()
    data = {"departure": "voluntary", "home_days": home_days, "first_thought": first_thought}
    response = client.post("/submit/ja", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)
    [stored] = list(he_app.extensions["exit_survey"].store.responses("ja"))
    assert stored["answers"]["home_days"] == 2.5
    assert stored["answers"]["first_thought"] == "2026-03"


@pytest.mark.parametrize("typed", ["Ⅲ", "٣x", "2,5,5"])
def test_what_is_no_number_in_any_script_is_still_refused(he_app, typed: str) -> None:
    response = he_app.test_client().post(
        "/submit/ja", data={"departure": "voluntary", "home_days": typed}
    )
    assert response.status_code != 303


def test_an_answer_the_counter_said_fits_is_kept_with_a_pasted_byte_order_mark(he_app) -> None:
    """The page counts as JavaScript's trim does, which drops U+FEFF at either end; the
    collector counted it, and refused "20 characters or less (it is 21)"."""
    answer = "社風は最高でした、ありがとうございました！"[:20]
    data = {"departure": "voluntary", "closing": "\ufeff" + answer}
    response = he_app.test_client().post("/submit/ja", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)
    [stored] = list(he_app.extensions["exit_survey"].store.responses("ja"))
    assert stored["answers"]["closing"] == answer


def test_the_report_of_a_hebrew_questionnaire_marks_its_hebrew(he_app) -> None:
    """The report's words are English: the page says so, and the questionnaire's own
    headings say Hebrew and find their direction (a '?' at their end, not their start)."""
    from collector.report import render_report

    client = he_app.test_client()
    for number in range(6):
        assert (
            client.post("/submit/he", data={"departure": "voluntary", "closing": f"{number}"})
        ).status_code == 303
    with he_app.app_context():
        page = render_report(he_app, "he")
    assert '<html lang="en">' in page
    assert '<h1 lang="he" dir="auto">סקר עזיבה</h1>' in page
    assert 'lang="he" dir="auto">כיצד הסתיימה העסקתך?</h3>' in page
