"""Review of round 32's authoring checks: what they got wrong about correct questionnaires
and folders, and the names they advised.

A 'README.markdown' beside the questionnaires, or a '.txt' note that starts with a '---'
line, failed the build as "a questionnaire that is not built". A hint that ends in '-->'
(an arrow) was called the end of an HTML comment, so a questionnaire that built before
failed. 'exit-fr.md.markdown' was told to become 'exit-fr.md.md', and 'exit-nl.md.txt'
beside 'exit-nl.md' to become 'exit-nl.md', the file it would replace. A file of many
'```' lines took minutes to split into blocks.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from questionnaire_helpers import build, build_examples, fails_leaving_site, site_bytes

from collector.blocks import split_blocks
from collector.problems import Problems
from tests.conftest import EXAMPLES


@pytest.fixture
def built(project: Path) -> dict[str, bytes]:
    """The example questionnaires built into output/; the bytes of every file in it."""
    return build_examples(project)


def _builds_as_before(project: Path, site: dict[str, bytes]) -> None:
    code, output = build("--strict")
    assert code == 0, output
    assert site_bytes(project) == site


def _french() -> str:
    text = (EXAMPLES / "exit-en.md").read_text(encoding="utf-8")
    return text.replace("slug: exit-en\ntranslation: exit-nl.md\n", "slug: exit-fr\n")


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("README.markdown", "# About this folder\n\nOne questionnaire per language.\n"),
        ("readme.md.txt", "Questionnaires go here.\n"),
        ("notes.txt", "---\nMeeting with legal, 3 March\n---\nKeep answers for two years.\n"),
        ("todo.txt", "----------\nAsk about the pension question\n"),
    ],
    ids=["readme markdown", "readme md txt", "notes with rules", "todo with a rule"],
)
def test_notes_beside_the_questionnaires_are_not_questionnaires(
    project: Path, built: dict[str, bytes], name: str, text: str
) -> None:
    (project / "questionnaires" / name).write_text(text, encoding="utf-8")
    _builds_as_before(project, built)


def test_a_questionnaire_saved_as_txt_is_still_found(
    project: Path, built: dict[str, bytes]
) -> None:
    # With a BOM and Windows line ends, as Notepad saves it.
    text = "\ufeff" + _french().replace("\n", "\r\n")
    (project / "questionnaires" / "exit-fr.txt").write_bytes(text.encode("utf-8"))
    assert fails_leaving_site(project, built) == [
        "questionnaires/exit-fr.txt:1: this questionnaire is not built: the builder reads only "
        "files whose name ends in '.md', and this one ends in '.txt' (rename it to "
        "'exit-fr.md'; Notepad adds '.txt' unless 'Save as type' is 'All files'; to keep it "
        "as a draft, start its name with '_')"
    ]


@pytest.mark.parametrize("sign", ["- ", ""], ids=["list style", "plain style"])
def test_a_hint_that_ends_in_an_arrow_is_no_html_comment(
    project: Path, built: dict[str, bytes], sign: str
) -> None:
    path = project / "questionnaires" / "exit-en.md"
    text = path.read_text(encoding="utf-8")
    old = "- type: long text\n- max length: 1500\n\n## The end"
    assert old in text
    new = (
        f"{sign}type: long text\n{sign}max length: 1500\n{sign}hint: Then press Next -->\n"
        "\n## The end"
    )
    path.write_text(text.replace(old, new), encoding="utf-8")
    code, output = build()
    assert code == 0, output
    assert "comment" not in output


def test_md_markdown_is_renamed_to_md(project: Path, built: dict[str, bytes]) -> None:
    (project / "questionnaires" / "exit-fr.md.markdown").write_text(_french(), encoding="utf-8")
    assert fails_leaving_site(project, built) == [
        "questionnaires/exit-fr.md.markdown:1: this questionnaire is not built: the builder "
        "reads only files whose name ends in '.md', and this one ends in '.md.markdown' "
        "(rename it to 'exit-fr.md'; to keep it as a draft, start its name with '_')"
    ]


def test_a_copy_beside_its_questionnaire_is_not_told_to_replace_it(
    project: Path, built: dict[str, bytes]
) -> None:
    shutil.copy(EXAMPLES / "exit-nl.md", project / "questionnaires" / "exit-nl.md.txt")
    assert fails_leaving_site(project, built) == [
        "questionnaires/exit-nl.md.txt:1: this questionnaire is not built: the builder reads "
        "only files whose name ends in '.md', and this one ends in '.md.txt' (there is an "
        "'exit-nl.md' already: if this is an old copy of it, delete it; if it is the newer "
        "one, copy what you changed into 'exit-nl.md' and delete this file; Notepad adds "
        "'.txt' unless 'Save as type' is 'All files'; to keep it as a draft, start its name "
        "with '_')"
    ]


def test_many_fence_lines_are_split_in_linear_time() -> None:
    # A paste gone wrong within the 1 MB a questionnaire may have: 100,000 '```' lines
    # (and one more, left open). Before: a list looked up for every line, minutes.
    lines = ["```"] * 100_001
    started = time.monotonic()
    problems = Problems()
    split_blocks(lines, 0, "x.md", problems)
    assert time.monotonic() - started < 5
    assert [p.line for p in problems] == [100_001]
