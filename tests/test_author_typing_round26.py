"""Round 26: a new HR author writes a "Warehouse staff" survey from the guide alone, in a
Git host's web editor, and makes the mistakes such an editor (or a word processor) invites
in the lines themselves.

A title the web editor had put in curly quotes was to be put "in double quotes" around the
curly ones, and a curly-quoted setting under a question got a made-up example to copy. A
long question, hint or choice broken over two lines by an Enter, and a section written
with '###', got messages that did not say so (the choice's at the line after the broken
one). A question of 900 characters (a question with its explanation pasted in) built
without a word. A tab after '- ' or a colon was called indentation. A front matter line
'---' that Word made one long dash '—' was not named, as '—-' was. 'closed: yes # until
March' was to be put in double quotes, which would have made the yes a text the builder
refuses. The survey's sections, scales and language versions: test_author_docs_round26.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from questionnaire_helpers import compile_text
from support.warehouse import WAREHOUSE


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "title: \u201cExit survey: warehouse\u201d",
            "2: in the front matter: the text of 'title' has ': ' in it, and its quotes are "
            "curly quotes (\u201c \u201d or \u2018 \u2019), which settings do not count as quotes (use "
            'straight double quotes: title: "Exit survey: warehouse"; a word processor often '
            "curls them, a plain text editor does not)",
        ),
        (
            "title: \u2018Exit survey: warehouse\u2019",
            "2: in the front matter: the text of 'title' has ': ' in it, and its quotes are "
            "curly quotes (\u201c \u201d or \u2018 \u2019), which settings do not count as quotes (use "
            'straight double quotes: title: "Exit survey: warehouse"; a word processor often '
            "curls them, a plain text editor does not)",
        ),
        (
            "  - night: \u201cNight: ten to six\u201d",
            "22: this text is in curly quotes (\u201c \u201d or \u2018 \u2019), which settings do not "
            'count as quotes (use straight double quotes, e.g. - night: "Night: ten to six"; '
            "a word processor often curls them, a plain text editor does not)",
        ),
    ],
    ids=["title", "title in single curly quotes", "choice"],
)
def test_curly_quotes_are_fixed_with_straight_ones(
    project: Path, written: str, message: str
) -> None:
    typed = (
        "title: Exit survey for warehouse staff" if "title" in written else "  - night: Night shift"
    )
    _, problems = compile_text(project, WAREHOUSE.replace(typed, written), "w.md")
    assert problems == [f"questionnaires/w.md:{message}"]


def test_a_question_broken_over_two_lines_is_told_to_join_them(project: Path) -> None:
    heading = "### How safe did you feel on the warehouse floor? {#floor_safety}"
    broken = "### How safe did you feel on the\nwarehouse floor? {#floor_safety}"
    _, problems = compile_text(project, WAREHOUSE.replace(heading, broken), "w.md")
    assert problems == [
        "questionnaires/w.md:26: this line under a question is not a setting (write settings "
        "as '- name: value'; put an explanation in '- hint: ...'; if it is the rest of the "
        "question, join it to the heading on line 25: a heading is one line, however long)"
    ]


def test_an_explanation_further_down_is_not_called_part_of_the_heading(project: Path) -> None:
    text = WAREHOUSE.replace("- scale: safety\n", "- scale: safety\nThink of forklifts.\n", 1)
    _, problems = compile_text(project, text, "w.md")
    assert problems == [
        "questionnaires/w.md:28: this line under a question is not a setting (write settings "
        "as '- name: value'; put an explanation in '- hint: ...')"
    ]


def test_a_section_written_with_three_hashes_is_told_to_use_two(project: Path) -> None:
    text = WAREHOUSE.replace("## Night work {#night_work}", "### Night work {#night_work}")
    _, problems = compile_text(project, text, "w.md")
    assert problems == [
        "questionnaires/w.md:29: question 'Night work' has no type (add a line such as "
        "'- type: single choice' under the heading; if it starts a section, write it with two "
        "#: '## Night work {#night_work}'; see docs/authoring.md)"
    ]


def test_a_question_with_settings_but_no_type_is_not_called_a_section(project: Path) -> None:
    text = WAREHOUSE.replace("- type: long text\n- max length: 800", "- max length: 800")
    _, problems = compile_text(project, text, "w.md")
    assert problems == [
        "questionnaires/w.md:32: question 'What would make night shifts easier?' has no type "
        "(add a line such as '- type: single choice' under the heading; see docs/authoring.md)"
    ]


@pytest.mark.parametrize(
    ("typed", "broken", "message"),
    [
        (
            "- max length: 800",
            "- max length: 800\n- hint: You may skip this question if you\n  prefer not to answer",
            "36: this line continues the text of 'hint' (line 35), but is read as a new setting "
            "(join it to the end of line 35; the Git website wraps a long line on the screen "
            "only)",
        ),
        (
            "  - night: Night shift",
            "  - night: Night shift, from ten in the evening\n    to six in the morning",
            "23: this line continues the text of 'night' (line 22), but is read as a new setting "
            "(join it to the end of line 22; the Git website wraps a long line on the screen "
            "only)",
        ),
        (
            "- max length: 800",
            "- max length: 800\n- hint: You may skip this question if you\nprefer not to answer",
            "36: this line under a question is not a setting (write settings as '- name: value'; "
            "put an explanation in '- hint: ...'; if it is the rest of the text of 'hint', join "
            "it to the end of line 35)",
        ),
    ],
    ids=["hint", "choice", "hint at the margin"],
)
def test_a_text_broken_over_two_lines_is_told_to_join_them(
    project: Path, typed: str, broken: str, message: str
) -> None:
    _, problems = compile_text(project, WAREHOUSE.replace(typed, broken), "w.md")
    assert problems == [f"questionnaires/w.md:{message}"]


def test_a_hint_continued_further_in_is_one_text(project: Path) -> None:
    broken = (
        "- max length: 800\n- hint: You may skip this question if you\n    prefer not to answer"
    )
    forms, problems = compile_text(project, WAREHOUSE.replace("- max length: 800", broken), "w.md")
    assert problems == []
    assert "you prefer not to answer" in forms[0].questions[-1].hint_html


@pytest.mark.parametrize(
    "saved",
    [
        lambda text: "\ufeff" + text,
        lambda text: text.replace("\n", "\r\n"),
        lambda text: text.rstrip("\n"),
        lambda text: text.replace("  - night:", "\u00a0\u00a0- night:").replace(
            "- type: rating", "-\u00a0type: rating"
        ),
    ],
    ids=["byte order mark", "Windows line ends", "no last line end", "no-break spaces"],
)
def test_what_the_guide_says_a_web_editor_may_save_builds_the_same(project: Path, saved) -> None:
    """docs/authoring.md, section 2, says these are fine."""
    plain, problems = compile_text(project, WAREHOUSE, "w.md")
    assert problems == []
    forms, problems = compile_text(project, saved(WAREHOUSE), "w.md")
    assert problems == []
    assert forms[0].version == plain[0].version


def _with_question_of(length: int) -> str:
    heading = "How safe did you feel on the warehouse floor?"
    longer = heading + " Think of forklifts, racking, ladders and loading docks." * 6
    return WAREHOUSE.replace(heading, longer[: length - 1] + "?")


def test_a_very_long_question_is_a_warning(project: Path) -> None:
    forms, problems = compile_text(project, _with_question_of(326), "w.md")
    assert forms  # a warning: the build goes on
    assert problems == [
        "questionnaires/w.md:25: warning: the question is 326 characters long; a leaver reads "
        "it on a phone and a screen reader reads all of it, so keep it under 250 (ask the "
        "question in one short sentence and put the explanation in '- hint: ...' under it)"
    ]


def test_a_question_of_250_characters_is_fine(project: Path) -> None:
    _, problems = compile_text(project, _with_question_of(250), "w.md")
    assert problems == []


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "- type:\tlong text",
            "this line has a tab character in it (type a space instead of the tab)",
        ),
        (
            "\t- type: long text",
            "a tab character is used for indentation (use spaces instead of tabs)",
        ),
    ],
    ids=["after the colon", "indentation"],
)
def test_a_tab_is_named_where_it_is(project: Path, typed: str, message: str) -> None:
    text = WAREHOUSE.replace("- type: long text", typed)
    _, problems = compile_text(project, text, "w.md")
    assert problems == [f"questionnaires/w.md:33: {message}"]


@pytest.mark.parametrize("dash", ["\u2014", "\u2013"], ids=["em dash", "en dash"])
@pytest.mark.parametrize("where", ["first", "closing"])
def test_a_front_matter_line_made_one_long_dash_is_named(
    project: Path, dash: str, where: str
) -> None:
    if where == "first":
        text, line, this = dash + WAREHOUSE[3:], 1, "the first line"
    else:
        text, line, this = WAREHOUSE.replace("\n---\n", f"\n{dash}\n", 1), 14, "this line"
    _, problems = compile_text(project, text, "w.md")
    assert problems[0] == (
        f"questionnaires/w.md:{line}: {this} is '{dash}', not '---' (type three minus signs "
        "'---' on a line of their own; a word processor may turn '--' into a long dash '\u2014')"
    )


@pytest.mark.parametrize(
    ("typed", "fix"),
    [
        (
            "slug: warehouse\nclosed: yes # until March",
            "delete '# until March': a note cannot go on a setting's line; write 'closed: yes'",
        ),
        (
            "- type: long text\n- required: no  # for now",
            "delete '# for now': a note cannot go on a setting's line; write '- required: no'",
        ),
        (
            "- type: long text\n- hint: Tell us #1 thing",
            'put the whole text in double quotes: - hint: "Tell us #1 thing"',
        ),
    ],
    ids=["closed", "required", "a text"],
)
def test_a_note_after_yes_or_no_is_to_be_deleted_not_quoted(
    project: Path, typed: str, fix: str
) -> None:
    written = "slug: warehouse" if "closed" in typed else "- type: long text"
    _, problems = compile_text(project, WAREHOUSE.replace(written, typed), "w.md")
    assert len(problems) == 1
    assert problems[0].endswith(
        f"a '#' in a setting starts a comment, so the rest of the line would be lost ({fix})"
    )
