"""Every mistake HR can make gets file:line, what is wrong and how to fix it; exit code 1,
no traceback, and the previous output left exactly as it was."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from collector.build_command import build_command

HEAD = """---
title: Exit survey
language: en
privacy: Only HR reads the answers. Taking part is voluntary.
---

"""

GOOD_QUESTION = """## About leaving {#leaving}

### How did your job end? {#departure}
- type: single choice
- choices:
  - voluntary: I resigned
  - dismissed: I was dismissed
"""

# (name, file contents, expected line, expected text in the message)
CASES = [
    ("empty file", "", 1, "the file is empty"),
    ("only spaces", "  \n\n", 1, "the file is empty"),
    ("no front matter", "## Hello\n", 1, "must start with front matter"),
    ("front matter not closed", "---\ntitle: x\n", 1, "front matter is not closed"),
    (
        "bad yaml in front matter",
        "---\ntitle: x\nlanguage: en\nprivacy: a: b\n---\n" + GOOD_QUESTION,
        4,
        "the text of 'privacy' has ': ' in it (put the whole text in double quotes: "
        'privacy: "a: b")',
    ),
    ("tab in front matter", "---\ntitle: x\n\tlanguage: en\n---\n", 3, "tab"),
    (
        "unknown front matter key",
        HEAD.replace("language: en", "language: en\ntitel: x") + GOOD_QUESTION,
        4,
        "unknown front matter setting 'titel' (did you mean 'title'?)",
    ),
    (
        "missing privacy",
        HEAD.replace("privacy: Only HR reads the answers. Taking part is voluntary.\n", "")
        + GOOD_QUESTION,
        1,
        "no privacy",
    ),
    (
        "unknown language",
        HEAD.replace("language: en", "language: de") + GOOD_QUESTION,
        3,
        "the builder has no words in 'de' for the page itself",
    ),
    (
        "bad slug",
        HEAD.replace("language: en", "language: en\nslug: Exit Survey!") + GOOD_QUESTION,
        4,
        "cannot be used as a slug",
    ),
    (
        "reserved slug",
        HEAD.replace("language: en", "language: en\nslug: static") + GOOD_QUESTION,
        4,
        "'static' is reserved",
    ),
    (
        "bad yaml in question",
        HEAD + GOOD_QUESTION + "\n### Why? {#why}\n- type: long text\n- hint: Note: be brief\n",
        17,
        "put such a text in double quotes",
    ),
    (
        "unknown question key",
        HEAD
        + GOOD_QUESTION.replace("- type: single choice", "- type: single choice\n- requird: yes"),
        11,
        "unknown setting 'requird' (did you mean 'required'?)",
    ),
    (
        "key of another type",
        HEAD
        + GOOD_QUESTION.replace("- type: single choice", "- type: single choice\n- max length: 5"),
        11,
        "'max length' does not apply to a single choice question",
    ),
    (
        "unknown type",
        HEAD + GOOD_QUESTION.replace("single choice", "singel choice"),
        10,
        "unknown question type 'singel choice' (did you mean 'single choice'?)",
    ),
    (
        "unknown type nubmer",
        HEAD + "### Age {#age}\n- type: nubmer\n",
        8,
        "unknown question type 'nubmer' (did you mean 'number'?)",
    ),
    ("missing type", HEAD + "### Age {#age}\n- hint: x\n", 7, "has no type"),
    (
        "duplicate question id",
        HEAD + GOOD_QUESTION + "\n### Again? {#departure}\n- type: long text\n",
        15,
        "duplicate question ID 'departure' (also on line 9)",
    ),
    (
        "duplicate choice code",
        HEAD + GOOD_QUESTION + "  - voluntary: Again\n",
        14,
        "duplicate choice code 'voluntary' (also on line 12)",
    ),
    ("bad id", HEAD + "### Age {#My Age}\n- type: number\n", 7, "'My Age' cannot be used as an ID"),
    (
        "bad choice code",
        HEAD + GOOD_QUESTION.replace("voluntary: I", "Voluntary Leave: I"),
        12,
        "'Voluntary Leave' cannot be used as a choice code",
    ),
    (
        "condition on unknown question",
        HEAD
        + GOOD_QUESTION
        + "\n### Why? {#why}\n- type: long text\n- show if: departur = voluntary\n",
        17,
        "unknown question 'departur' (did you mean 'departure'?)",
    ),
    (
        "condition on later question",
        HEAD
        + "## A\n\n### First {#first}\n- type: yes/no\n- show if: second = yes\n\n### Second {#second}\n- type: yes/no\n",
        11,
        "refers to 'second', which comes later",
    ),
    (
        "condition on itself",
        HEAD + "### First {#first}\n- type: yes/no\n- show if: first = yes\n",
        9,
        "the condition of 'first' refers to the question itself",
    ),
    (
        "condition on missing value",
        HEAD
        + GOOD_QUESTION
        + "\n### Why? {#why}\n- type: long text\n- show if: departure = voluntry\n",
        17,
        "'departure' has no choice 'voluntry' (did you mean 'voluntary'?)",
    ),
    (
        "condition on a text question",
        HEAD
        + "### Name a thing {#thing}\n- type: short text\n\n### Why {#why}\n- type: long text\n- show if: thing = x\n",
        12,
        "conditions can only test questions with choices",
    ),
    (
        "condition syntax",
        HEAD
        + GOOD_QUESTION
        + "\n### Why? {#why}\n- type: long text\n- show if: departure == voluntary\n",
        17,
        "cannot read the condition",
    ),
    (
        "and with or, no brackets",
        HEAD
        + GOOD_QUESTION
        + "\n### Why? {#why}\n- type: long text\n"
        + "- show if: departure = voluntary or departure = dismissed and departure = voluntary\n",
        17,
        "cannot read the condition: 'and' and 'or' are mixed without brackets, so it is "
        "unclear which goes first (if you mean 'departure = voluntary or (departure = "
        "dismissed and departure = voluntary)', write it with those brackets; otherwise put "
        "the brackets around the tests that belong together)",
    ),
    (
        "section condition, and with or, no brackets",
        HEAD
        + GOOD_QUESTION
        + "\n## More\nshow if: departure = voluntary and departure = dismissed or "
        + "departure = voluntary\n\n### Why? {#why}\n- type: long text\n",
        16,
        "if you mean '(departure = voluntary and departure = dismissed) or departure = "
        "voluntary', write it with those brackets",
    ),
    (
        "section condition on unknown question",
        HEAD
        + GOOD_QUESTION
        + "\n## More\nshow if: nothing = x\n\n### Why? {#why}\n- type: long text\n",
        16,
        "unknown question 'nothing'",
    ),
    (
        "empty choice list",
        HEAD + "### Pick {#pick}\n- type: single choice\n- choices:\n",
        9,
        "the choice list is empty",
    ),
    (
        "empty choice list brackets",
        HEAD + "### Pick {#pick}\n- type: multiple choice\n- choices: []\n",
        9,
        "the choice list is empty",
    ),
    (
        "choice without label",
        HEAD + "### Pick {#pick}\n- type: dropdown\n- choices:\n  - a:\n  - b: B\n",
        10,
        "choice 'a' has no label",
    ),
    (
        "rating without scale",
        HEAD + "### Rate {#rate}\n- type: rating\n",
        7,
        "needs a scale with a label for every point",
    ),
    (
        "scale without labels",
        HEAD + "### Rate {#rate}\n- type: rating\n- scale: []\n",
        9,
        "the scale has no labels",
    ),
    (
        "scale with an empty label",
        HEAD + "### Rate {#rate}\n- type: rating\n- scale:\n  - Bad\n  -\n",
        11,
        "has no label",
    ),
    (
        "unknown named scale",
        HEAD + "### Rate {#rate}\n- type: rating\n- scale: agreemnt\n",
        9,
        "unknown scale 'agreemnt' (did you mean 'agreement'?)",
    ),
    (
        "named scale without labels",
        HEAD.replace("language: en", "language: en\nscales:\n  effort: []")
        + "### Rate {#rate}\n- type: rating\n- scale: effort\n",
        5,
        "the scale 'effort' has no labels",
    ),
    (
        "statements without list",
        HEAD + "### Agree? {#agree}\n- type: statements\n- scale: agreement\n",
        7,
        "needs a list of statements",
    ),
    (
        "number min above max",
        HEAD + "### Hours {#hours}\n- type: number\n- min: 40\n- max: 10\n",
        9,
        "min is larger than max",
    ),
    (
        "required not yes or no",
        HEAD + "### Hours {#hours}\n- type: number\n- required: maybe\n",
        9,
        "must be yes or no",
    ),
    (
        "text limit not a number",
        HEAD + "### Say {#say}\n- type: long text\n- max length: lots\n",
        9,
        "'max length' must be a whole number, not 'lots'",
    ),
    # What Word, web pages and YAML's own rules do to text that looks right.
    ("title starts with !", HEAD.replace("title: Exit", "title: !Exit") + GOOD_QUESTION, 2, "'!'"),
    ("choice starts with !", HEAD + GOOD_QUESTION + "  - !Important: Pay\n", 14, "'!'"),
    ("hint starts with @", HEAD + GOOD_QUESTION + "- hint: @home\n", 14, "starts with '@'"),
    ("hint is an alias", HEAD + GOOD_QUESTION + "- hint: *note\n", 14, "starts with '*'"),
    ("choice with * bullet", HEAD + GOOD_QUESTION + "  * pay: Pay\n", 14, "starts with '*'"),
    (
        "curly quotes",
        HEAD + GOOD_QUESTION + "  - pay: \u201cPay: base\u201d\n",
        14,
        "curly quotes",
    ),
    ("word line break", HEAD + GOOD_QUESTION + "  - pay: Pay\u000band more\n", 14, "U+000B"),
    (
        "page break in privacy",
        HEAD.replace("voluntary.", "voluntary.\f") + GOOD_QUESTION,
        4,
        "U+000C",
    ),
    ("nul character", HEAD + GOOD_QUESTION.replace("dismissed", "dis\x00missed", 1), 13, "U+0000"),
    ("question under ##", HEAD + GOOD_QUESTION + "\n## Why?\n- type: long text\n", 15, "'### '"),
    ("choice code without space", HEAD + GOOD_QUESTION + "  - pay:Pay\n", 14, "no space after"),
    ("other among the choices", HEAD + GOOD_QUESTION + "  - other: yes\n", 14, "reserved"),
    (
        "dutch thousands",
        HEAD + GOOD_QUESTION + "\n### Years {#years}\n- type: number\n- max: 1.000\n",
        17,
        "'max: 1000'",
    ),
    (
        "decimal comma",
        HEAD + GOOD_QUESTION + "\n### Years {#years}\n- type: number\n- step: 0,5\n",
        17,
        "'step: 0.5'",
    ),
    (
        "not a number",
        HEAD + GOOD_QUESTION + "\n### Years {#years}\n- type: number\n- max: .inf\n",
        17,
        "'max' must be a number",
    ),
    (
        "text limit left empty",
        HEAD + GOOD_QUESTION + "\n### Why {#why}\n- type: long text\n- max length:\n",
        17,
        "'max length' must be a whole number, but it is empty",
    ),
    (
        "explanation under settings",
        HEAD + GOOD_QUESTION + "\nPlease be honest.\n",
        15,
        "not a setting",
    ),
    (
        "choice without dash",
        HEAD + GOOD_QUESTION.replace("  - dismissed", "  dismissed"),
        13,
        "'- '",
    ),
    (
        "choice dash without space",
        HEAD + GOOD_QUESTION.replace("  - voluntary", "  -voluntary"),
        12,
        "'- '",
    ),
    (
        "heading without space",
        HEAD + GOOD_QUESTION + "\n###Why? {#why}\n- type: long text\n",
        15,
        "space",
    ),
    ("bare question heading", HEAD + GOOD_QUESTION + "\n###\n- type: long text\n", 15, "no text"),
    (
        "question without text",
        HEAD + GOOD_QUESTION + "\n### {#why}\n- type: long text\n",
        15,
        "no text",
    ),
    (
        "section without title",
        HEAD + GOOD_QUESTION + "\n##\n\n### Why? {#why}\n- type: long text\n",
        15,
        "no title",
    ),
    (
        "front matter key twice",
        HEAD.replace("language: en", "language: en\nintro: Hi\nIntro: Bye") + GOOD_QUESTION,
        5,
        "given twice (also on line 4)",
    ),
    (
        "front matter key twice, spelled the same",
        HEAD.replace("title: Exit survey", "title: Exit survey\ntitle: Exit survey")
        + GOOD_QUESTION,
        3,
        "'title' is given twice (also on line 2; keep one of them",
    ),
    ("h1 heading", HEAD + "# Exit survey\n\n" + GOOD_QUESTION, 7, "'# ' heading is not used"),
    (
        "text before first heading",
        HEAD + "Welcome!\n\n" + GOOD_QUESTION,
        7,
        "outside any section or question",
    ),
    (
        "questions before first section",
        HEAD + "### Lost {#lost}\n- type: yes/no\n\n" + GOOD_QUESTION,
        10,
        "questions before the first section heading",
    ),
    (
        "section without questions",
        HEAD + "## Empty\n\nNothing here.\n\n" + GOOD_QUESTION,
        7,
        "has no questions",
    ),
    (
        "settings not a list",
        HEAD + "### Lost {#lost}\nJust some words here.\n",
        8,
        "this line under a question is not a setting",
    ),
    (
        "empty prefer not to say",
        HEAD + '### Pick {#pick}\n- type: yes/no\n- prefer not to say: ""\n',
        9,
        "'prefer not to say' is empty",
    ),
    ("empty other label", HEAD + GOOD_QUESTION + '- other: ""\n', 14, "'other' is empty"),
    (
        "show if not on the first line of a section",
        HEAD
        + GOOD_QUESTION
        + "\n## More\n\nSome intro.\nshow if: departure = voluntary\n\n### Why {#why}\n- type: long text\n",
        18,
        "'show if:' must be the first line under the section heading",
    ),
    (
        "single choice with one choice",
        HEAD + "### Pick {#pick}\n- type: single choice\n- choices:\n  - only: The only one\n",
        9,
        "needs at least two choices",
    ),
    (
        "choice label with a colon",
        HEAD
        + "### Pick {#pick}\n- type: single choice\n- choices:\n  - Pay: base salary\n  - b: B\n",
        10,
        "put it in double quotes",
    ),
    (
        "choices not indented",
        HEAD + "### Pick {#pick}\n- type: single choice\n- choices:\n- pay: Pay\n",
        10,
        "indent each choice by two spaces under '- choices:'",
    ),
    (
        "statement without an id-able text",
        HEAD
        + '### Agree? {#agree}\n- type: statements\n- scale: agreement\n- statements:\n  - "???"\n',
        11,
        "no ID can be made from this statement",
    ),
    (
        "plain text under a question",
        HEAD + "### Why {#why}\nPlease be honest.\n- type: long text\n",
        8,
        "this line under a question is not a setting",
    ),
    # found by tests/test_fuzz_builder.py: YAML counts U+2028 and U+2029 as line ends, so
    # the lines after one were reported too late (past the end of the file, even)
    (
        "line separator in a hint",
        HEAD + "### Why? {#why}\n- type: long text\n- hint: a\u2029\u2029\u2029b\n- bad: x\n",
        9,
        "(U+2029, a paragraph separator",
    ),
    (
        "setting after a line separator",
        HEAD + "### Why? {#why}\n- type: long text\n- hint: a\u2028b\n- bad: x\n",
        10,
        "unknown setting 'bad'",
    ),
    # YAML refused these with its own words over two lines, at the block's first line
    ("non-character in a setting", HEAD + GOOD_QUESTION + "- required: yes\uffff\n", 14, "U+FFFF"),
    (
        "quote never closed",
        HEAD + GOOD_QUESTION.replace("I resigned", 'I resigned\n  - x: "Other'),
        13,
        "a quote is opened but never closed (add the closing quote)",
    ),
]


def _run(project: Path) -> tuple[int, str]:
    result = CliRunner().invoke(build_command, [], catch_exceptions=True)
    return result.exit_code, result.output


@pytest.fixture
def previous_output(project: Path) -> Path:
    """An output/ folder from an earlier build, which a failed build must leave alone."""
    out = project / "output"
    (out / "old-form").mkdir(parents=True)
    (out / "old-form" / "index.html").write_text("previous build")
    return out


@pytest.mark.parametrize(("name", "content", "line", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_mistake_is_reported_with_file_and_line(
    project: Path, previous_output: Path, name: str, content: str, line: int, expected: str
) -> None:
    (project / "questionnaires" / "survey.md").write_text(content, encoding="utf-8")
    code, output = _run(project)
    assert code == 1, output
    assert "Traceback" not in output
    messages = [m for m in output.splitlines() if m.startswith("questionnaires/survey.md:")]
    assert any(
        m.startswith(f"questionnaires/survey.md:{line}: ") and expected in m for m in messages
    ), output
    # every problem line carries a fix in brackets
    assert all(re.search(r"\(.+\)$", m) for m in messages), output
    assert (previous_output / "old-form" / "index.html").read_text() == "previous build"
    assert sorted(p.name for p in previous_output.iterdir()) == ["old-form"]


def test_not_utf8_names_the_line(project: Path, previous_output: Path) -> None:
    text = (HEAD + GOOD_QUESTION).replace("I resigned", "Ik ben weggegaan café").encode("utf-8")
    text = text.replace("café".encode(), "caf\xe9".encode("latin-1"))
    (project / "questionnaires" / "survey.md").write_bytes(text)
    code, output = _run(project)
    assert code == 1
    assert "questionnaires/survey.md:12: the file is not UTF-8 text (byte 0xe9" in output
    assert "save the file as UTF-8" in output
    assert (previous_output / "old-form" / "index.html").read_text() == "previous build"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_a_file_saved_as_utf16_is_one_problem(
    project: Path, previous_output: Path, encoding: str
) -> None:
    # found by tests/test_fuzz_builder.py: without a byte-order mark, UTF-16 was read as
    # UTF-8 with a NUL on every line, and each line was told to delete an invisible character
    data = (HEAD + GOOD_QUESTION).encode(encoding)
    (project / "questionnaires" / "survey.md").write_bytes(data)
    code, output = _run(project)
    assert code == 1
    size = encoding[:6].upper()
    assert output.splitlines()[0] == (
        f"questionnaires/survey.md:1: the file is saved as {size} text, not UTF-8 "
        "(save the file as UTF-8 in your editor; in Notepad: Save as, Encoding: UTF-8)"
    )
    assert "1 problem found" in output
    assert (previous_output / "old-form" / "index.html").read_text() == "previous build"


def test_all_problems_in_all_files_are_reported_at_once(project: Path) -> None:
    (project / "questionnaires" / "a.md").write_text(HEAD + "### X {#x}\n- type: nubmer\n")
    (project / "questionnaires" / "b.md").write_text("")
    (project / "questionnaires" / "c.md").write_text(
        HEAD
        + "### Y {#y}\n- type: rating\n\n### Z {#z}\n- type: yes/no\n\n### Z2 {#z}\n- type: yes/no\n"
    )
    code, output = _run(project)
    assert code == 1
    assert "questionnaires/a.md:8:" in output
    assert "questionnaires/b.md:1:" in output
    assert "questionnaires/c.md:7:" in output  # rating without scale
    assert "questionnaires/c.md:13: duplicate question ID 'z'" in output
    assert "4 problems found; nothing was written." in output


def test_a_front_matter_problem_does_not_hide_the_questions_problems(project: Path) -> None:
    """HR fixes everything in one round: a missing privacy text, a wrong language and a
    misspelt setting are reported together with the mistakes in the questions below."""
    head = HEAD.replace("privacy: Only HR reads the answers. Taking part is voluntary.\n", "")
    head = head.replace("language: en", "language: de\ntranslaton: b.md")
    body = "## Part {#part}\n\n### X {#x}\n- type: nubmer\n\n### Y {#y}\n- type: rating\n"
    (project / "questionnaires" / "a.md").write_text(head + body)
    code, output = _run(project)
    assert code == 1
    assert "questionnaires/a.md:1: the front matter has no privacy" in output
    assert "questionnaires/a.md:3: the builder has no words in 'de'" in output
    assert "questionnaires/a.md:4: unknown front matter setting 'translaton'" in output
    assert "questionnaires/a.md:10: unknown question type 'nubmer'" in output
    assert "questionnaires/a.md:12: a rating question needs a scale" in output
    assert "5 problems found; nothing was written." in output


def test_an_unreadable_named_scale_stops_at_the_front_matter(project: Path) -> None:
    """Every question on that scale would be wrong too: one message, not one per question."""
    head = HEAD.replace("language: en", "language: en\nscales:\n  effort: none")
    body = "## Part {#part}\n\n### X {#x}\n- type: rating\n- scale: effort\n"
    (project / "questionnaires" / "a.md").write_text(head + body)
    code, output = _run(project)
    assert code == 1
    assert "questionnaires/a.md:5: the scale 'effort' has no labels" in output
    assert "1 problem found; nothing was written." in output


def test_no_questionnaires_is_an_error(project: Path) -> None:
    code, output = _run(project)
    assert code == 1
    assert "questionnaires:1: no questionnaires found" in output


def test_duplicate_slug_across_files(project: Path) -> None:
    head = HEAD.replace("language: en", "language: en\nslug: exit")
    (project / "questionnaires" / "a.md").write_text(head + GOOD_QUESTION)
    (project / "questionnaires" / "b.md").write_text(head + GOOD_QUESTION)
    code, output = _run(project)
    assert code == 1
    assert "questionnaires/b.md:4: the slug 'exit' is also used by questionnaires/a.md:4 " in output


def test_check_writes_nothing(project: Path) -> None:
    (project / "questionnaires" / "survey.md").write_text(HEAD + GOOD_QUESTION)
    result = CliRunner().invoke(build_command, ["--check"])
    assert result.exit_code == 0, result.output
    assert "Checked 1 questionnaire" in result.output
    assert not (project / "output").exists()


def test_dashes_inside_a_front_matter_text_do_not_end_it(project: Path) -> None:
    text = HEAD.replace(
        "privacy: Only HR reads the answers. Taking part is voluntary.",
        "privacy: |\n  Only HR reads the answers.\n  ---\n  Taking part is voluntary.",
    )
    (project / "questionnaires" / "survey.md").write_text(text + GOOD_QUESTION)
    result = CliRunner().invoke(build_command, ["--check"])
    assert result.exit_code == 0, result.output


def test_text_pasted_from_word_builds_as_meant(project: Path) -> None:
    """No-break spaces where YAML needs a space, a zero-width space and a leading zero are
    what pasting from Word or a web page produces; the form must read as the author sees it."""
    body = (
        GOOD_QUESTION.replace("- type: single", "- type:\u00a0single").replace(
            "  - voluntary: ", "\u00a0\u00a0- voluntary:\u00a0"
        )
        + "\n### Why? {#why}\n- type: long text\n- max length: 0500\u200b\n"
        + "- hint: Pay\u00a0%\n"
    )
    (project / "questionnaires" / "survey.md").write_text(HEAD + body, encoding="utf-8")
    code, output = _run(project)
    assert code == 0, output
    form = json.loads((project / "output" / "survey" / "form.json").read_text())
    departure, why = form["questions"]
    assert [c["label"] for c in departure["choices"]] == ["I resigned", "I was dismissed"]
    assert [c["value"] for c in departure["choices"]] == ["voluntary", "dismissed"]
    assert why["max_length"] == 500
    assert why["hint"] == "Pay\u00a0%"  # inside a text a no-break space is kept
