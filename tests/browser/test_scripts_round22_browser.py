"""Round 22: a Hebrew and a Japanese exit survey in Chromium, as leavers use them: a
right-to-left page must mirror (and not scroll sideways on a phone), and every word of the
page, the counter and the error state, is the questionnaire's language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser_site import CollectorServer, served_collector
from browser_tools import describe_violations, run_axe, screenshot, wait_until_true
from questionnaire_helpers import translated_texts

PHONE = {"width": 320, "height": 640}

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
- other: yes

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
- other: yes

### 他に伝えたいことはありますか？ {#closing}
- type: long text
- max length: 20
"""

WORDS = {
    "he": {
        '"English"': '"עברית"',
        '"This questionnaire in English"': '"השאלון הזה בעברית"',
        '"Send answers"': '"שליחת התשובות"',
        '"(optional)"': '"(לא חובה)"',
        '"There is a problem"': '"יש בעיה"',
        '"Error: "': '"שגיאה: "',
        '"You have {n} characters too many"': '"יש לך {n} תווים יותר מדי"',
        '"Select an answer to “{q}”"': '"יש לבחור תשובה לשאלה “{q}”"',
        '"Other, namely"': '"אחר, כלומר"',
        '"Thank you for taking the time to answer. Your answers have been received."': ('"תודה!"'),
    },
    "ja": {
        '"English"': '"日本語"',
        '"This questionnaire in English"': '"このアンケートを日本語で"',
        '"(optional)"': '"（任意）"',
        '"You have {n} characters remaining"': '"残り{n}文字です"',
        '"Other, namely"': '"その他"',
        '"Thank you for taking the time to answer. Your answers have been received."': (
            '"感謝します"'
        ),
    },
}


@pytest.fixture(scope="module")
def scripts_collector(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CollectorServer]:
    """The real builder and collector with a Hebrew and a Japanese questionnaire."""
    sources = {"he.md": HE, "ja.md": JA}
    sources.update({f"texts-{lang}.yml": translated_texts(w) for lang, w in WORDS.items()})
    server = served_collector(tmp_path_factory.mktemp("scripts"), sources, range(9180, 9190))
    yield server
    server.close()


def _box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_a_hebrew_phone_page_mirrors_and_does_not_scroll_sideways(
    new_page, scripts_collector, js: bool
) -> None:
    """Before: the spam trap's 'left: -9999px' made a 320 px right-to-left page 10,319 px
    wide, and the privacy bar and the "other" indent stayed on the left."""
    page = new_page(js=js, viewport=PHONE)
    page.goto(scripts_collector.url + "/he/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    bar = page.evaluate(
        "(() => { const s = getComputedStyle(document.querySelector('.privacy'));"
        " return [s.borderRightWidth, s.borderLeftWidth]; })()"
    )
    assert bar == ["5px", "0px"]
    # The radio is at the start of its line: on the right, its label to its left.
    radio, label = _box(page, "#departure"), _box(page, "label[for=departure]")
    assert radio["x"] > label["x"]
    assert radio["x"] + radio["width"] > PHONE["width"] - 40
    screenshot(page, f"round22-he-phone-{'js' if js else 'nojs'}", full_page=True)


def test_the_hebrew_error_state_by_keyboard(new_page, scripts_collector, axe_source) -> None:
    """Sent by keyboard with the required answer missing: the error summary, title and
    message in Hebrew, the message's bar on the right, and axe finds nothing."""
    # The script blocked, not JavaScript off: axe needs JavaScript to run.
    page = new_page(block_enhance=True, viewport={"width": 1024, "height": 800})
    page.goto(scripts_collector.url + "/he/")
    page.focus("button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.title() == "שגיאה: סקר עזיבה"
    wait_until_true(page, "document.activeElement.classList.contains('errsum')")  # autofocus
    summary = page.locator(".errsum")
    assert "יש בעיה" in summary.inner_text()
    assert "יש לבחור תשובה לשאלה “כיצד הסתיימה העסקתך?”" in summary.inner_text()
    bad = page.evaluate(
        "(() => { const s = getComputedStyle(document.querySelector('.bad'));"
        " return [s.borderRightWidth, s.borderLeftWidth]; })()"
    )
    assert bad == ["5px", "0px"]
    # The summary's link takes the keyboard to the question's first answer.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "departure"
    result = run_axe(page, axe_source)
    assert result["violations"] == [], describe_violations(result["violations"])
    screenshot(page, "round22-he-errors", full_page=True)


def test_the_japanese_counter_counts_in_japanese(new_page, scripts_collector) -> None:
    page = new_page(viewport=PHONE)
    page.goto(scripts_collector.url + "/ja/")
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "ltr"
    page.fill("#closing", "社風は最高でした")
    assert page.locator("#closing-info").inner_text() == "残り12文字です"
    # The Hebrew link on a Japanese page is marked right to left.
    link = page.locator("header a")
    assert link.get_attribute("dir") == "rtl" and link.inner_text() == "השאלון הזה בעברית"


def test_a_hebrew_leaver_sends_and_reads_thanks_in_hebrew(new_page, scripts_collector) -> None:
    page = new_page(viewport=PHONE)
    page.goto(scripts_collector.url + "/he/")
    page.check("#departure")
    page.fill("#closing", "תודה על הכל 🙏")
    page.click("button[type=submit]")
    page.wait_for_url("**/he/thanks.html")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert "תודה!" in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    stored = scripts_collector.stored("he", closing="תודה על הכל 🙏")
    assert len(stored) == 1


def test_the_hebrew_page_prints_and_darkens_without_sideways_scroll(
    new_page, scripts_collector
) -> None:
    page = new_page(viewport=PHONE, color_scheme="dark")
    page.goto(scripts_collector.url + "/he/")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(22, 22, 22)"
    page.emulate_media(media="print")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "round22-he-print", full_page=True)
