"""Round 23: mixed-direction text and the invisible characters that set its direction.

HR in Israel pastes Hebrew from Word into a questionnaire or texts-he.yml; leavers answer
in Hebrew, Arabic and English mixed; HR and management read those answers in English
pages. A direction character left open must not turn the page's words around, and a
Hebrew text inside an English sentence must not move the words and numbers beside it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from questionnaire_helpers import DEPARTURE, HEAD, build, compile_text, translated_texts, write
from support.hr_area import login, set_password, submit, token

from collector import bidi_controls

RLO, LRO, RLE, PDF = "\u202e", "\u202d", "\u202b", "\u202c"
RLI, FSI, PDI, RLM, LRM, ALM = "\u2067", "\u2068", "\u2069", "\u200f", "\u200e", "\u061c"


# -- the builder: direction characters in a questionnaire or texts file ------------------


@pytest.mark.parametrize(
    ("line", "found"),
    [
        (f"a {RLO}bc", [(RLO, 3)]),
        (f"{RLE}שלום{PDF} ok", []),
        (f"{RLI}שלום{PDI} ok", []),
        (f"x{PDF}", [(PDF, 2)]),
        (f"x{PDI}", [(PDI, 2)]),
        # an isolate's end closes what was opened inside it, as the bidi algorithm does
        (f"{FSI}a{RLE}b{PDI}", []),
        # ... but an embedding's end does not close past an open isolate
        (f"{RLE}a{RLI}b{PDF}", [(RLE, 1), (RLI, 3), (PDF, 5)]),
        (f"{RLM}{LRM}{ALM} marks", []),
    ],
)
def test_unclosed_pairs_as_the_bidi_algorithm(line: str, found: list[tuple[str, int]]) -> None:
    assert [(x.char, x.column) for x in bidi_controls.unclosed(line)] == found


def test_an_open_override_in_a_choice_is_an_error_with_line_and_column(project: Path) -> None:
    # Before: built without a word; the page showed "I resigned" with the page's own words
    # after it turned around, and HR's editor showed the line as typed.
    text = HEAD + DEPARTURE.replace("voluntary: I resigned", f"voluntary: {RLO}I resigned")
    _, problems = compile_text(project, text)
    assert problems == [
        "questionnaires/t.md:12: this line holds an invisible direction character (column 16: "
        "U+202E, RIGHT-TO-LEFT OVERRIDE, before 'I resigned') that is not closed on its line: "
        "the page turns the words after it around, its own words too, so it does not show "
        "what your editor shows (delete it: retype the text around column 16, or paste it "
        "again as plain text, in Word with Paste Special, Unformatted Text; a right-to-left "
        "or left-to-right mark (U+200F, U+200E) is fine)"
    ]


@pytest.mark.parametrize("char", [RLE, RLI, FSI, PDF, PDI])
def test_every_unpaired_direction_character_stops_the_build(project: Path, char: str) -> None:
    write(project, HEAD + DEPARTURE.replace("I was dismissed", f"I was {char}dismissed"))
    code, output = build("--check")
    assert code == 1
    assert "questionnaires/leavers.md:13: this line holds an invisible direction" in output
    assert f"column 22: U+{ord(char):04X}" in output


def test_marks_and_closed_pairs_are_fine(project: Path) -> None:
    text = HEAD + DEPARTURE.replace("I resigned", f"I resigned {RLM}(ב{RLI}HR{PDI}){LRM}")
    forms, problems = compile_text(project, text)
    assert problems == []
    assert forms


def test_a_closed_override_is_a_warning(project: Path) -> None:
    text = HEAD + DEPARTURE.replace("I resigned", f"I {LRO}resigned{PDF}")
    forms, problems = compile_text(project, text)
    assert forms
    assert len(problems) == 1
    assert problems[0].startswith(
        "questionnaires/t.md:12: warning: this line holds an invisible direction character "
        "(column 18: U+202D, LEFT-TO-RIGHT OVERRIDE, before 'resigned') that shows the "
        "letters after it in reverse order"
    )


def test_a_message_quoting_a_direction_character_shows_its_code(project: Path) -> None:
    # Before: "'max' must be a number, not '6‮0'" put the override itself in the terminal,
    # which turned the rest of the message around.
    text = HEAD + f"### Years {{#years}}\n- type: number\n- max: 6{RLO}0\n"
    _, problems = compile_text(project, text)
    assert any("'max' must be a number, not '6<U+202E>0'" in p for p in problems), problems
    assert not any(RLO in p for p in problems)


def test_the_texts_file_is_checked_the_same_way(project: Path) -> None:
    write(project, HEAD.replace("language: en", "language: he") + DEPARTURE)
    texts = translated_texts({'send: "Send answers"': f'send: "{RLO}שליחת התשובות"'})
    (project / "questionnaires" / "texts-he.yml").write_text(texts, encoding="utf-8")
    code, output = build("--check")
    assert code == 1
    line = texts.splitlines().index(f'  send: "{RLO}שליחת התשובות"') + 1
    assert (
        f"questionnaires/texts-he.yml:{line}: this line holds an invisible direction character "
        "(column 10: U+202E, RIGHT-TO-LEFT OVERRIDE, before 'שליחת התשובות\"')"
    ) in output


# -- the HR area: leavers' words and other languages' titles in an English page ----------

HEBREW = "שכר נמוך (בערך 12,000 ₪) ותנאים לא הוגנים, והמנהל לא הקשיב"


def test_a_hebrew_answer_on_the_removal_page_is_isolated(app) -> None:
    # Before: <q>שכר נמוך … הוגני…</q> (58 characters): the "…" after the Hebrew took its
    # direction and showed at the answer's start, as the first thing a Hebrew reader sees.
    assert set_password(app).exit_code == 0
    submit(app, app.test_client(), "exit-en", {"departure": "voluntary", "closing": HEBREW})
    browser = app.test_client()
    assert login(browser).status_code == 303
    export = browser.get("/admin/download/exit-en/csv").get_data(as_text=True)
    response_id = next(line.split(",")[0] for line in export.splitlines() if "שכר" in line)
    form = browser.get("/admin/remove").get_data(as_text=True)
    page = browser.post(
        "/admin/remove",
        data={
            "csrf_token": token(form),
            "step": "check",
            "response_id": response_id,
            "question_id": "closing",
        },
    ).get_data(as_text=True)
    assert f"<q><bdi>{HEBREW[:40].rstrip()}…</bdi></q> (58 characters)" in page


# -- the form: English words in place of a text the texts file lacks ---------------------


def _without(texts: str, *names: str) -> str:
    return "\n".join(line for line in texts.splitlines() if line.strip().split(":")[0] not in names)


def test_english_words_on_a_hebrew_page_are_marked_english(project: Path) -> None:
    # Before: <p class="hint">You can enter up to 1500 characters</p> on a page of
    # lang="he" dir="rtl": read with a Hebrew voice, its full stop on the wrong side.
    question = "### מה היה גורם לך להישאר? {#stay}\n- type: long text\n- max length: 1500\n"
    write(project, HEAD.replace("language: en", "language: he") + DEPARTURE + "\n" + question)
    texts = translated_texts(
        {
            'send: "Send answers"': 'send: "שליחת התשובות"',
            'prefer_not_to_say: "Prefer not to say"': 'prefer_not_to_say: "מעדיף/ה לא לומר"',
        }
    )
    counter = ("char_limit", "chars_left", "char_left", "chars_over", "char_over")
    missing = _without(texts, *counter, "shared_computer")
    (project / "questionnaires" / "texts-he.yml").write_text(missing, encoding="utf-8")
    code, output = build()
    assert code == 0, output
    page = (project / "output" / "leavers" / "index.html").read_text(encoding="utf-8")
    assert (
        '<p class="hint" id="stay-info" lang="en" dir="ltr">You can enter up to 1500 characters'
        in page
    )
    assert '<button type="submit">שליחת התשובות</button>' in page
    thanks = (project / "output" / "leavers" / "thanks.html").read_text(encoding="utf-8")
    assert '<p lang="en" dir="ltr">On a shared computer?' in thanks


def test_the_counter_line_is_not_marked_english_when_its_script_words_are_translated(
    project: Path,
) -> None:
    # The script writes "chars_left" into the same line: marked English, it would read the
    # Hebrew words with an English voice. (Since round 24 the line is marked by the words it
    # shows: English "char_limit" as the page comes, and the script marks each count it
    # writes by its own words, T.L: tests/test_bidi_round24.py.)
    question = "### מה היה גורם לך להישאר? {#stay}\n- type: long text\n- max length: 1500\n"
    write(project, HEAD.replace("language: en", "language: he") + DEPARTURE + "\n" + question)
    texts = translated_texts(
        {
            'prefer_not_to_say: "Prefer not to say"': 'prefer_not_to_say: "מעדיף/ה לא לומר"',
            'chars_left: "You have {n} characters remaining"': 'chars_left: "נותרו {n} תווים"',
        }
    )
    (project / "questionnaires" / "texts-he.yml").write_text(
        _without(texts, "char_limit"), encoding="utf-8"
    )
    code, output = build()
    assert code == 0, output
    page = (project / "output" / "leavers" / "index.html").read_text(encoding="utf-8")
    assert '<p class="hint" id="stay-info" lang="en" dir="ltr">You can enter up to 1500' in page
    assert '"L":["r1","o","o1"]' in page  # "chars_left" ("r") is Hebrew
