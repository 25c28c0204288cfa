"""Round 19: an outside check of the builder with 174 broken questionnaires. Two gave a
traceback or advice that would break the file; each now gets file:line and a fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from questionnaire_helpers import DEPARTURE, HEAD, build, write


def _problems(project: Path, text: str) -> list[str]:
    write(project, text)
    code, output = build("--check")
    assert code == 1, output
    assert "Traceback" not in output
    return [line for line in output.splitlines() if line.startswith("questionnaires/")]


@pytest.mark.parametrize("setting", ["owner: HR", "version: 2", "author: Jane de Vries"])
def test_a_setting_of_hrs_own_under_a_one_line_setting_is_called_unknown(project, setting):
    """It had been read as more words of 'language', with the advice to write
    'language: |', which would break the language."""
    text = HEAD.replace("language: en\n", f"language: en\n{setting}\n") + DEPARTURE
    [problem] = _problems(project, text)
    name = setting.split(":")[0]
    assert problem.startswith(
        f"questionnaires/leavers.md:4: in the front matter: unknown setting '{name}'"
    )
    assert "known: closed, contact, intro, language, privacy" in problem


def test_an_unindented_line_of_text_still_says_how_to_continue_a_text(project):
    text = HEAD.replace(
        "privacy: Only HR reads the answers. Taking part is voluntary.\n",
        "privacy: Only HR reads the answers.\nTaking part is voluntary.\n",
    )
    [problem] = _problems(project, text + DEPARTURE)
    assert problem.startswith(
        "questionnaires/leavers.md:5: in the front matter: this line continues"
    )
    assert "write 'privacy: |'" in problem


@pytest.mark.parametrize(
    ("where", "line"),
    [
        ("title", 2),  # in the front matter
        ("hint", 14),  # in a question's settings
    ],
)
def test_hundreds_of_nested_brackets_give_a_line_not_a_traceback(project, where, line):
    brackets = "[" * 600 + "]" * 600
    if where == "title":
        text = HEAD.replace("title: Exit survey", f"title: {brackets}") + DEPARTURE
    else:
        text = HEAD + DEPARTURE + f"- hint: {brackets}\n"
    [problem] = _problems(project, text)
    assert problem.startswith(f"questionnaires/leavers.md:{line}: ")
    assert "too many brackets" in problem and "double quotes" in problem


QUESTION = "\n### Anything else? {#closing}\n- type: long text\n"


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        (
            "- hint: [Optional] Tell us more",
            "17: a text that starts with '[' must be put in double quotes "
            "(write it as '- hint: \"[Optional] Tell us more\"')",
        ),
        (
            "- hint: [Optional]",
            "17: 'hint' must be a text (a text that starts with '[' must be put in double "
            "quotes: 'hint: \"[Optional]\"')",
        ),
        (
            "- hint: {optional}",
            "17: 'hint' must be a text (a text that starts with '{' must be put in double "
            "quotes: 'hint: \"{optional}\"')",
        ),
        (
            "- show if:",
            "17: 'show if' is empty (write the condition after 'show if: ', e.g. "
            "'show if: departure = voluntary')",
        ),
        ("- hint:", "17: 'hint' is empty (write its text after 'hint: ')"),
    ],
)
def test_a_text_setting_read_as_a_list_or_left_empty_says_what_to_write(project, setting, expected):
    """The guide promises the double quotes advice for a text that starts with '[' or '{';
    these got "'hint' must be a text (write 'hint: your text')", which HR had done."""
    assert _problems(project, HEAD + DEPARTURE + QUESTION + setting + "\n") == [
        f"questionnaires/leavers.md:{expected}"
    ]


def test_a_title_in_brackets_says_to_quote_it(project):
    text = HEAD.replace("title: Exit survey", "title: [Draft] Exit survey") + DEPARTURE
    assert _problems(project, text) == [
        "questionnaires/leavers.md:2: in the front matter: a text that starts with '[' must be "
        "put in double quotes (write it as 'title: \"[Draft] Exit survey\"')"
    ]


@pytest.mark.parametrize(
    ("question", "condition", "expected"),
    [
        ("- type: recommend", "recommend = 11", "no point 11: its points go from 0 to 10"),
        (
            "- type: rating\n- scale: agreement",
            "recommend = 6",
            "no point 6: its points go from 1 to 5",
        ),
    ],
)
def test_a_condition_on_a_point_outside_the_scale_gives_the_range(
    project, question, condition, expected
):
    """Not "did you mean '1'?": a guess at a typo where the scale is what HR must see."""
    text = (
        HEAD
        + f"### Recommend? {{#recommend}}\n{question}\n"
        + f"\n### Why? {{#why}}\n- type: long text\n- show if: {condition}\n"
    )
    line = text.splitlines().index(f"- show if: {condition}") + 1
    [problem] = _problems(project, text)
    assert problem.startswith(f"questionnaires/leavers.md:{line}: 'recommend' has ")
    assert expected in problem and "did you mean" not in problem


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00" + bytes(200), "a Word document (.docx)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200), "a Word document of the old kind"),
        (b"%PDF-1.7\n" + bytes(range(256)), "a PDF file"),
        (b"\x7fELF\x02\x01\x01" + bytes(300), "a program or another binary file"),
    ],
)
def test_a_file_that_is_no_text_is_called_so(project, data, kind):
    """It had been "saved as Windows-1252" or "saved as UTF-32", with advice to save it
    as UTF-8 from an editor that cannot open it."""
    (project / "questionnaires" / "leavers.md").write_bytes(data)
    code, output = build("--check")
    assert code == 1 and "Traceback" not in output
    [problem] = [line for line in output.splitlines() if line.startswith("questionnaires/")]
    assert problem.startswith(f"questionnaires/leavers.md:1: the file is {kind}")
    assert "not a text file" in problem and "Git host's web editor" in problem


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_text_in_utf16_or_utf32_without_a_mark_is_still_named_by_its_encoding(project, encoding):
    (project / "questionnaires" / "leavers.md").write_bytes((HEAD + DEPARTURE).encode(encoding))
    code, output = build("--check")
    assert code == 1
    assert f"the file is saved as {encoding[:6].upper()} text, not UTF-8" in output


def test_building_in_another_folder_says_where_to_run_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no questionnaires/ here
    code, output = build("--check")
    assert code == 1
    assert "questionnaires:1: the questionnaire folder does not exist" in output
    assert "run build.py in the project's folder, which holds questionnaires/" in output


def test_a_misspelt_title_is_one_message_not_two(project):
    """'titel:' had also given "the front matter has no title" at line 1."""
    text = HEAD.replace("title:", "titel:").replace("language:", "langauge:") + DEPARTURE
    assert _problems(project, text) == [
        "questionnaires/leavers.md:2: unknown front matter setting 'titel' (did you mean 'title'?)",
        "questionnaires/leavers.md:3: unknown front matter setting 'langauge' (did you mean "
        "'language'?)",
    ]


def test_a_translation_in_the_same_language_names_both_language_lines(project):
    english = HEAD.replace("language: en", "language: en\ntranslation: nl.md") + DEPARTURE
    write(project, english, "en.md")
    write(project, english.replace("translation: nl.md", "translation: en.md"), "nl.md")
    code, output = build("--check")
    assert code == 1
    assert (
        "questionnaires/en.md:4: 'nl.md' is in the same language (en) (a translation must be "
        "in the other language: correct 'language:' on line 3 here or on line 3 of 'nl.md'"
    ) in output


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        (
            "departure = I resigned",
            "'I resigned' is what people read at 'departure'; a condition tests the choice's "
            "code, 'voluntary' (write 'voluntary' instead of 'I resigned')",
        ),
        (
            "departure is not I was dismissed",
            "'I was dismissed' is what people read at 'departure'; a condition tests the "
            "choice's code, 'dismissed'",
        ),
        ("departure = I resignd", "'departure' has no choice 'I resignd' (choose from: "),
        ("departure = I resigned or dismissed", "a condition tests a choice's code"),
    ],
)
def test_a_label_in_a_condition_without_quotes_names_the_code_meant(project, condition, expected):
    """It got the generic "a condition tests a choice's code, one word such as
    'voluntary'"; the same label in quotes named the code."""
    text = HEAD + DEPARTURE + QUESTION
    text += f"- show if: {condition}\n"
    [problem] = _problems(project, text)
    line = text.splitlines().index(f"- show if: {condition}") + 1
    assert problem.startswith(f"questionnaires/leavers.md:{line}: ")
    assert expected in problem
