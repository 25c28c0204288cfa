"""Round 23: one exit survey in five languages (English, Dutch, German, Hebrew, Japanese),
as a company with offices in five countries runs it: one questionnaire, five files linked
by 'translation:', answers in one dataset."""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

import pytest
from questionnaire_helpers import (
    TEXTS_EN,
    build,
    without_english_warnings,
    write,
    write_page_words,
)
from support.many_languages import LANGUAGES, LINKINGS, questionnaire


def write_five(project: Path, links: dict[str, str | None]) -> None:
    """leaving-<language>.md in five languages, with ``links[language]`` as 'translation:',
    and a texts file for each language without built-in words."""
    for language in LANGUAGES:
        write(project, questionnaire(language, links[language]), f"leaving-{language}.md")
    write_page_words(project)


@pytest.mark.parametrize("linking", list(LINKINGS))
def test_five_language_versions_are_one_questionnaire(project: Path, linking: str) -> None:
    write_five(project, LINKINGS[linking])
    code, output = build()
    assert code == 0, output
    for language in LANGUAGES:
        form = json.loads(
            (project / "output" / f"leaving-{language}" / "form.json").read_text("utf-8")
        )
        assert form["translations"] == {
            other: f"leaving-{other}" for other in LANGUAGES if other != language
        }


def test_each_page_links_to_the_four_others_in_their_own_words(project: Path) -> None:
    write_five(project, LINKINGS["star around English"])
    code, output = build()
    assert code == 0, output
    page = (project / "output" / "leaving-de" / "index.html").read_text("utf-8")
    header = re.search(r"<header>(.*?)</header>", page, re.S)
    assert header, page[:2000]
    links = re.findall(
        r'<a href="([^"]+)" hreflang="(\w+)" lang="(\w+)"[^>]*>([^<]+)</a>', header[1]
    )
    assert links == [
        ("../leaving-en/index.html", "en", "en", "This questionnaire in English"),
        ("../leaving-he/index.html", "he", "he", "השאלון הזה בעברית"),
        ("../leaving-ja/index.html", "ja", "ja", "このアンケートの日本語版"),
        ("../leaving-nl/index.html", "nl", "nl", "Deze vragenlijst in het Nederlands"),
    ]
    thanks = (project / "output" / "leaving-he" / "thanks.html").read_text("utf-8")
    assert 'hreflang="de" lang="de" dir="ltr">Diese Seite auf Deutsch</a>' in thanks
    assert 'hreflang="ja" lang="ja" dir="ltr">このページの日本語版</a>' in thanks


def test_a_question_missing_from_one_version_is_reported_once_at_that_file(
    project: Path,
) -> None:
    write_five(project, LINKINGS["star around English"])
    german = questionnaire("de", "leaving-en.md")
    german = german[: german.index("### Was hätte")]
    write(project, german, "leaving-de.md")
    code, output = build("--check")
    assert code == 1
    problems = [line for line in output.splitlines() if "'stay'" in line]
    assert problems == [
        "questionnaires/leaving-de.md:11: question 'stay' (questionnaires/leaving-en.md:17) "
        "is missing here (translate it, with the same {#stay} ID)"
    ], output


def test_a_version_copied_from_another_translation_and_left_untranslated_is_found(
    project: Path,
) -> None:
    """The German file made from the Dutch one, with only its language changed: compared
    with the English original alone, its texts differ, but they are Dutch. Which of the
    two is left untranslated the builder cannot tell; the message names both."""
    write_five(project, LINKINGS["star around English"])
    dutch_copy = questionnaire("nl", "leaving-en.md").replace("language: nl", "language: de")
    write(project, dutch_copy, "leaving-de.md")
    code, output = build("--check")
    assert code == 1, output
    assert (
        "questionnaires/leaving-nl.md:11: the question text of 'departure' is not translated: "
        "'Hoe is je dienstverband geëindigd?' (translate it; it is the same as in "
        "questionnaires/leaving-de.md:11)" in output
    )


def test_two_files_in_one_language_linked_into_one_questionnaire_are_refused(
    project: Path,
) -> None:
    """A name copied from another survey's file ('leaving-nl.md' in the Dutch follow-up
    survey) would pour two surveys into one dataset."""
    write_five(project, LINKINGS["star around English"])
    follow_up = questionnaire("nl", "leaving-en.md").replace("Vertrekenquête", "Vervolgenquête")
    write(project, follow_up, "later-nl.md")
    code, output = build("--check")
    assert code == 1
    assert (
        "questionnaires/leaving-nl.md:4: this file and questionnaires/later-nl.md are both in "
        "'nl', and 'translation:' lines link them as versions of one questionnaire"
    ) in output


def test_one_of_several_names_that_does_not_exist_is_named_alone(project: Path) -> None:
    links = dict(LINKINGS["star around English"])
    links["en"] = "leaving-nl.md, leaving-de.md, leaving-he.md, leaving-jp.md"
    write_five(project, links)
    code, output = build("--check")
    assert code == 1
    assert (
        "questionnaires/leaving-en.md:4: the translation 'leaving-jp.md' does not exist "
        "(did you mean 'leaving-ja.md'? It names this file as its translation)"
    ) in output


def test_a_page_word_left_in_english_is_reported_once_not_once_per_version(
    project: Path,
) -> None:
    """texts-de.yml's thank-you text left in English: the same as English's, and as
    Hebrew's and Japanese's that were left too; one message at its line, not three."""
    write_five(project, LINKINGS["star around English"])
    for language in LANGUAGES:
        path = project / "questionnaires" / f"leaving-{language}.md"
        text = path.read_text("utf-8")
        path.write_text(re.sub(r"thank_you: .*\n", "", text), "utf-8")
    code, output = build("--check")
    assert code == 1
    thanks = [
        line
        for line in without_english_warnings(output).splitlines()
        if "the text 'thank_you'" in line
    ]
    lines = TEXTS_EN.splitlines()
    at = next(
        n
        for n, line in enumerate(lines, 1)
        if line.startswith('  thank_you: "Thank you for taking')
    )
    assert [line.split(" is the same in ")[0] for line in thanks] == [
        f"questionnaires/texts-{language}.yml:{at}: the text 'thank_you' is not translated: "
        "'Thank you for taking the time to answer. Your a...'"
        for language in ("de", "he", "ja")
    ], output


#: Leavers per language: Hebrew's two alone would be a group too small to show.
LEAVERS = {"en": 6, "nl": 5, "de": 4, "he": 2, "ja": 3}


@pytest.fixture
def hr(project: Path):
    """A collector over the five versions, with every leaver's answers, and HR signed in."""
    from collector import create_app

    write_five(project, LINKINGS["star around English"])
    code, output = build()
    assert code == 0, output
    app = create_app(
        {
            "TESTING": True,
            "OUTPUT_DIR": project / "output",
            "DATA_DIR": project / "data",
            "RATE_LIMIT": 1000,
        }
    )
    password = "correct horse battery staple"
    runner = app.test_cli_runner()
    assert runner.invoke(args=["set-password", "--password-stdin"], input=password).exit_code == 0
    leaver = app.test_client()
    for language, count in LEAVERS.items():
        version = app.extensions["exit_survey"].forms.current(f"leaving-{language}").version
        for n in range(count):
            answers = {
                "departure": "voluntary" if n % 2 else "dismissed",
                "_version": version,
                "_submission": uuid.uuid4().hex,  # as the page's script sends it
            }
            sent = leaver.post(f"/submit/leaving-{language}", data=answers)
            assert sent.status_code == 303, sent.get_data(as_text=True)
    browser = app.test_client()
    browser.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = browser.get("/admin/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert csrf, page
    signed = browser.post("/admin/login", data={"password": password, "csrf_token": csrf[1]})
    assert signed.status_code == 303
    return browser


def test_the_answers_of_five_languages_are_one_export_and_one_report(hr) -> None:
    export = hr.get("/admin/download/leaving-he/csv").get_data(as_text=True)
    languages = [line.split(",")[2] for line in export.splitlines()[1:]]
    assert sorted(languages) == sorted(lang for lang, n in LEAVERS.items() for _ in range(n))
    # The report in Hebrew counts the twenty together: alone, Hebrew's two would show
    # nothing, and each language's report would be a group of its own.
    report = hr.get("/admin/report/leaving-he").get_data(as_text=True)
    assert "20 responses" in report
    assert report.count("</a>") > 0  # a whole page, not an error


def test_the_hr_area_keeps_a_hebrew_title_apart_from_its_language_name(hr) -> None:
    page = hr.get("/admin/").get_data(as_text=True)
    assert page.count("leaving-he</code>") == 1  # the questionnaire once, not per language
    assert (
        '<span lang="he" dir="rtl">סקר עזיבה</span> (<span lang="he" dir="rtl">עברית</span>, '
        "<code>leaving-he</code>)" in page
    )
    assert '(<span lang="he" dir="rtl">עברית</span>)' in page  # its report's link


def test_the_list_of_questionnaires_in_five_languages_speaks_english(project: Path) -> None:
    """Each survey once per language: no language has more questionnaires than another,
    and the page was German because 'leaving-de.md' comes first."""
    write_five(project, LINKINGS["star around English"])
    code, output = build()
    assert code == 0, output
    page = (project / "output" / "index.html").read_text("utf-8")
    assert '<html lang="en">' in page
    assert "<h1>Questionnaires</h1>" in page or ">Questionnaires<" in page
