"""Round 23's review: English words left from a texts file, where the round added them,
are marked English (a screen reader reads them with an English voice, and a Hebrew page
keeps their full stop where it belongs)."""

from __future__ import annotations

import shutil
from pathlib import Path

from questionnaire_helpers import DEPARTURE, HEAD, build, compile_text, translated_texts, write

from collector import create_app

HEBREW = {
    'send: "Send answers"': 'send: "שליחת התשובות"',
    'sending: "Sending…"': 'sending: "שולח…"',
}


def _without(texts: str, *names: str) -> str:
    return "\n".join(line for line in texts.splitlines() if line.strip().split(":")[0] not in names)


def _hebrew_site(project: Path, *missing: str) -> Path:
    """A Hebrew questionnaire built with a texts file that lacks the texts ``missing``."""
    write(project, HEAD.replace("language: en", "language: he") + DEPARTURE)
    texts = _without(translated_texts(HEBREW), *missing)
    (project / "questionnaires" / "texts-he.yml").write_text(texts, encoding="utf-8")
    code, output = build()
    assert code == 0, output
    return project / "output"


def test_the_script_s_live_regions_speak_english_words_as_english(project: Path) -> None:
    # Before: the script made one region for both lines, with no language: every texts file
    # from before this round lacks questions_changed, and a Hebrew voice read the English.
    page = (_hebrew_site(project, "questions_changed") / "leavers" / "index.html").read_text(
        "utf-8"
    )
    assert '<p class="vh" id="_changed" aria-live="polite" lang="en" dir="ltr"></p>' in page
    assert '<p class="vh" id="_status" aria-live="polite"></p>' in page  # "sending" translated


def test_the_closed_page_marks_its_english_sentence_english(project: Path) -> None:
    output = _hebrew_site(project, "not_sent_410")
    app = create_app({"TESTING": True, "OUTPUT_DIR": output, "DATA_DIR": project / "data"})
    client = app.test_client()
    assert client.get("/leavers/", buffered=True).status_code == 200  # seen, so archived
    shutil.rmtree(output / "leavers")  # HR closed it
    response = client.get("/leavers/")
    assert response.status_code == 410
    page = response.get_data(as_text=True)
    assert "<html lang=he dir=rtl>" in page  # the questionnaire's own title and contact
    assert "<p lang=en dir=ltr>This questionnaire has been closed" in page


def test_a_direction_character_s_column_counts_a_zero_width_space_before_it(project) -> None:
    # Before: column 16, counted after the zero-width space was taken out; the editor
    # shows the override at column 17.
    text = HEAD + DEPARTURE.replace("voluntary: I resigned", "voluntary: \u200b\u202eI resigned")
    _, problems = compile_text(project, text)
    assert len(problems) == 1 and "(column 17: U+202E" in problems[0], problems


def test_no_answer_and_select_all_left_in_english_are_marked_english(project: Path) -> None:
    # Before: <label ...>No answer</label> and <p>Select all that apply</p> on a Hebrew page,
    # read with a Hebrew voice; the guide said every English word left was marked.
    extra = (
        "\n### מה? {#what}\n- type: multiple choice\n- choices:\n  - a: א\n  - b: ב\n"
        "\n### למה? {#why}\n- type: single choice\n- required: no\n- choices:\n  - a: א\n  - b: ב\n"
    )
    write(project, HEAD.replace("language: en", "language: he") + DEPARTURE + extra)
    texts = _without(translated_texts(HEBREW), "no_answer", "select_all")
    (project / "questionnaires" / "texts-he.yml").write_text(texts, encoding="utf-8")
    code, output = build()
    assert code == 0, output
    page = (project / "output" / "leavers" / "index.html").read_text("utf-8")
    assert '<p lang="en" dir="ltr">Select all that apply</p>' in page
    assert 'for="why-none" lang="en" dir="ltr"><input' in page
