"""Round 32: mistakes HR make in the example questionnaires, in a Git host's web editor,
that got no message or the wrong one.

'{#went_well' with its '}' lost built (the heading showed '{#went_well' to leavers) or was
called a changed ID. A questionnaire saved as 'exit-fr.md.txt' (Notepad) or
'exit-fr.markdown' was skipped without a word. A Markdown table showed its pipes and
dashes on the form without a warning. A '---' line under a question, the '<!--' and '-->'
of a comment around a question, and settings started with '* ', '1. ' or '-type' were all
"not a setting", without saying what was wrong. A '```' never closed hid every heading
below it, and the messages were about those headings. A file emptied below its front
matter listed every question of its translation as missing.

Each mistake: exit code 1, the message at file:line with how to fix it, and the output/ of
the build before byte for byte as it was.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from questionnaire_helpers import build_examples, fails_leaving_site

from tests.conftest import EXAMPLES

EN = "questionnaires/exit-en.md"


@pytest.fixture
def built(project: Path) -> dict[str, bytes]:
    """The example questionnaires built into output/; the bytes of every file in it."""
    return build_examples(project)


def _edit(project: Path, old: str, new: str, name: str = "exit-en.md") -> None:
    path = project / "questionnaires" / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "{#went_well",
            "'{#went_well' has no closing brace, so it is not read as the ID and leavers "
            "would see it as part of the question (write the ID with a brace on both sides: "
            "{#went_well})",
        ),
        (
            "#went_well}",
            "'#went_well}' has no opening brace, so it is not read as the ID and leavers "
            "would see it as part of the question (write the ID with a brace on both sides: "
            "{#went_well})",
        ),
    ],
    ids=["closing", "opening"],
)
def test_an_id_that_lost_a_brace_is_named(
    project: Path, built: dict[str, bytes], written: str, message: str
) -> None:
    # Before: a changed-ID warning (exit 0 without the Dutch file), with '{#went_well'
    # shown in the question on the form.
    _edit(project, "{#went_well}", written)
    assert fails_leaving_site(project, built) == [f"{EN}:117: {message}"]


@pytest.mark.parametrize(
    ("name", "ending", "fix"),
    [
        ("exit-fr.md.txt", ".md.txt", "Notepad adds '.txt' unless 'Save as type' is 'All files'; "),
        ("exit-fr.markdown", ".markdown", ""),
        ("exit-fr.txt", ".txt", "Notepad adds '.txt' unless 'Save as type' is 'All files'; "),
    ],
)
def test_a_questionnaire_not_named_md_is_not_skipped_without_a_word(
    project: Path, built: dict[str, bytes], name: str, ending: str, fix: str
) -> None:
    text = (EXAMPLES / "exit-en.md").read_text(encoding="utf-8")
    text = text.replace("slug: exit-en\ntranslation: exit-nl.md\n", "slug: exit-fr\n")
    (project / "questionnaires" / name).write_text(text, encoding="utf-8")
    # Notes beside the questionnaires are no questionnaire: not reported.
    (project / "questionnaires" / "notes.txt").write_text("Ask legal about retention.\n")
    assert fails_leaving_site(project, built) == [
        f"questionnaires/{name}:1: this questionnaire is not built: the builder reads only "
        f"files whose name ends in '.md', and this one ends in '{ending}' (rename it to "
        f"'exit-fr.md'; {fix}to keep it as a draft, start its name with '_')"
    ]


def test_a_table_in_a_text_is_a_warning_at_its_line(project: Path, built: dict[str, bytes]) -> None:
    _edit(
        project,
        "  the colleagues who stay.\n",
        "  the colleagues who stay.\n\n  | Part | Time |\n  |---|---|\n  | Your work | 2 min |\n",
    )
    # At the table's first row (round 33: it was the '|---|' line under it).
    assert fails_leaving_site(project, built, "--strict") == [
        f"{EN}:11: warning: this line is part of a table, which the page shows as plain text "
        "with its | and - signs: a form page has no tables (write it as a list instead, one "
        "line per row: '- Part A: 2 minutes')"
    ]


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        (
            "## What we can learn",
            "---\n\n## What we can learn",
            115,
            "a '---' line is only used at the top of the file, above and below the front "
            "matter, not under a question (delete it: a section starts with its '## ' heading "
            "and needs no line above it)",
        ),
        (
            "### What went well during your time with us? {#went_well}\n"
            "- type: long text\n- max length: 1500\n",
            "<!--\n### What went well during your time with us? {#went_well}\n"
            "- type: long text\n- max length: 1500\n-->\n",
            121,
            "the builder does not read '<!--' and '-->' as a comment: the questions and "
            "settings between them are still built (delete the '<!--' and '-->' lines; to "
            "leave a question out, delete it: Git keeps the old version, to copy back later)",
        ),
        (
            "- type: recommend",
            "* type: recommend",
            133,
            "a setting starts with a dash and a space, not '*' (write '- type: recommend')",
        ),
        (
            "- type: recommend",
            "1. type: recommend",
            133,
            "a setting starts with a dash and a space, not '1.' (write '- type: recommend')",
        ),
        (
            "- type: recommend",
            "-type: recommend",
            133,
            "a setting starts with a dash and a space, not '-' (write '- type: recommend')",
        ),
    ],
    ids=["rule", "html comment", "star", "number", "no space"],
)
def test_a_line_markdown_knows_under_a_question_is_named(
    project: Path, built: dict[str, bytes], old: str, new: str, line: int, message: str
) -> None:
    _edit(project, old, new)
    assert fails_leaving_site(project, built) == [f"{EN}:{line}: {message}"]


def test_an_unclosed_code_fence_is_named_and_the_headings_below_it_still_read(
    project: Path, built: dict[str, bytes]
) -> None:
    # Before: "'What we can learn' is a section heading, but question settings follow it",
    # "has no questions" and seven questions "not in the translation".
    _edit(project, "## What we can learn {#learn}\n", "## What we can learn {#learn}\n\n```\n")
    assert fails_leaving_site(project, built) == [
        f"{EN}:117: '```' starts a block of code that is never closed, so the page would show "
        "everything below it as code (delete this line: a questionnaire has no blocks of code)"
    ]


def test_a_file_without_questions_does_not_list_the_translations_questions(
    project: Path, built: dict[str, bytes]
) -> None:
    path = project / "questionnaires" / "exit-en.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("## Your departure")], encoding="utf-8")
    assert fails_leaving_site(project, built) == [
        f"{EN}:30: the questionnaire has no questions (below the front matter, add a section "
        "heading ('## Your departure') and under it the questions, each starting with '### '; "
        "see docs/authoring.md)"
    ]
