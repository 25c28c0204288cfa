"""Round 26: an exit survey in German and Hebrew, written from the docs alone, built: every
word and mark a leaver reads comes from HR's texts file, and the build names any it lacks."""

from __future__ import annotations

import re
from pathlib import Path

from questionnaire_helpers import build, without_words
from support.third_language import copy_questionnaires, fixture_text


def _condition_notes(page: str) -> list[str]:
    return re.findall(r'<p class="cond" id="[^"]+">([^<]*)', page)


def test_the_german_and_hebrew_questionnaires_build_without_a_warning(project: Path) -> None:
    copy_questionnaires(project / "questionnaires")
    code, output = build("--strict")
    assert code == 0, output
    assert "warning" not in output, output


def test_a_condition_quotes_answers_in_the_marks_of_the_texts_file(project: Path) -> None:
    """'Nur wenn Ihre Antwort „0“ bis „6“ war', not “0” bis “6” in English marks beside
    the German „question“: the marks around an answer were built in."""
    copy_questionnaires(project / "questionnaires")
    code, output = build()
    assert code == 0, output
    german = (project / "output" / "austritt-de" / "index.html").read_text("utf-8")
    notes = _condition_notes(german)
    assert "„0“ bis „6“ war." in " ".join(notes), notes
    assert not [note for note in notes if "“" in note.replace("“ ", "").replace("“)", "")], notes
    hebrew = (project / "output" / "exit-he" / "index.html").read_text("utf-8")
    assert "הייתה &#34;0&#34; עד &#34;6&#34;." in " ".join(_condition_notes(hebrew))


def test_a_texts_file_without_the_quote_marks_is_named_with_its_line(project: Path) -> None:
    texts = without_words(fixture_text("texts-de.yml"), ("quote",))
    copy_questionnaires(project / "questionnaires", texts={"texts-de.yml": texts})
    code, output = build()
    assert code == 0, output
    found = re.search(
        r"texts-de\.yml:(\d+): note: 'conditions' lacks the text 'quote': the page uses "
        r"the English marks there \(copy it from docs/texts-en\.yml and put your language's "
        r"quotation marks in it\)",
        output,
    )
    assert found, output
    # At the block the text belongs in (its first line), where HR adds it.
    start = texts.splitlines().index("conditions:") + 1
    assert start <= int(found[1]) <= start + 1, output
    german = (project / "output" / "austritt-de" / "index.html").read_text("utf-8")
    assert "“0” bis “6” war." in " ".join(_condition_notes(german))


def _collector(project: Path):
    from collector import create_app

    app = create_app(
        {"TESTING": True, "OUTPUT_DIR": project / "output", "DATA_DIR": project / "data"}
    )
    return app.test_client()


def test_a_mistyped_link_answers_in_the_browsers_language_from_its_texts_file(
    project: Path,
) -> None:
    """A leaver in Israel who mistyped the link (no questionnaire's name in it) read
    'Page not found' in English, though HR had given the Hebrew words in texts-he.yml."""
    copy_questionnaires(project / "questionnaires")
    code, output = build()
    assert code == 0, output
    client = _collector(project)
    hebrew = client.get("/exit-hee/", headers={"Accept-Language": "he-IL,he;q=0.9,en;q=0.5"})
    assert hebrew.status_code == 404
    page = hebrew.get_data(as_text=True)
    assert page.startswith("<!doctype html><html lang=he dir=rtl>"), page
    assert "<h1>הדף לא נמצא</h1><p>אין דף בכתובת הזו. בדקו את הקישור שקיבלתם.</p>" in page
    assert "hr-survey@example.com" in page  # the Hebrew questionnaire's contact
    german = client.put("/", headers={"Accept-Language": "de-DE,de;q=0.9"})
    assert german.status_code == 405
    page = german.get_data(as_text=True)
    assert page.startswith("<!doctype html><html lang=de>"), page
    assert "Diese Adresse nimmt diese Art von Anfrage nicht an." in page
    # English and Dutch stay as they were; a language no questionnaire has gets English.
    for asked, language in (("nl", "nl"), ("en", "en"), ("fr", "en"), ("", "en")):
        page = client.get("/nope", headers={"Accept-Language": asked}).get_data(as_text=True)
        assert page.startswith(f"<!doctype html><html lang={language}>"), (asked, page)


def test_texts_left_in_english_are_named_at_their_lines(project: Path) -> None:
    """A German survey beside a Hebrew one has no English partner to compare with: the
    texts HR copied from docs/texts-en.yml and forgot to translate reached the page as
    English, with not a word from the build, --strict included."""
    german = fixture_text("texts-de.yml").replace('"Antworten senden"', '"Send answers"')
    hebrew = fixture_text("texts-he.yml").replace('"מעדיף/ה לא לומר"', '"Prefer not to say"')
    hebrew = hebrew.replace('"מרוצה מאוד"', '"Very satisfied"')
    # One word may be the same in a language: German says "(optional)" too.
    german = german.replace('"(freiwillig)"', '"(optional)"').replace('"Inhalt"', '"Contents"')
    copy_questionnaires(
        project / "questionnaires", texts={"texts-de.yml": german, "texts-he.yml": hebrew}
    )
    code, output = build()
    assert code == 0, output

    def line_of(text: str, words: str) -> int:
        return next(n for n, line in enumerate(text.splitlines(), 1) if words in line)

    warnings = [line for line in output.splitlines() if "warning" in line]
    assert warnings == [
        f"questionnaires/texts-de.yml:{line_of(german, 'Send answers')}: warning: the text "
        "'send' is still the English text: 'Send answers' (translate it: leavers read it in "
        "English on the page)",
        f"questionnaires/texts-he.yml:{line_of(hebrew, 'Prefer not to say')}: warning: the "
        "text 'prefer_not_to_say' is still the English text: 'Prefer not to say' (translate "
        "it: leavers read it in English on the page)",
        f"questionnaires/texts-he.yml:{line_of(hebrew, 'Very satisfied')}: warning: a label "
        "of the scale 'satisfaction' is still the English text: 'Very satisfied' (translate "
        "it: leavers read it in English on the page)",
    ], output
    code, output = build("--strict")
    assert code == 1, output
