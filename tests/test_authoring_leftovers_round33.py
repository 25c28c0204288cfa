"""Thirty-third round: what HR still met when editing questionnaires/ and running build.py.

A questionnaire in a subfolder ('questionnaires/2024/exit-en.md', 'archive/old.md') was
skipped without a word. Two language versions 300 questions apart were 300 lines, one per
question; 30 more choices in one language were one line naming all of them twice. The
table warning pointed at the '|---|' line instead of the table's first row, and at a table
shown as an example in a code block before the one meant; an indented code block's table
was warned about, though the page shows it as code.

Each mistake: the message at file:line with how to fix it; a build that errors exits 1
and leaves output/ byte for byte as it was.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from questionnaire_helpers import build, build_examples, fails_leaving_site, site_bytes

EN = "questionnaires/exit-en.md"
NL = "questionnaires/exit-nl.md"


@pytest.fixture
def built(project: Path) -> dict[str, bytes]:
    """The example questionnaires built into output/; the bytes of every file in it."""
    return build_examples(project)


def _edit(project: Path, old: str, new: str, name: str = "exit-en.md") -> None:
    path = project / "questionnaires" / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(project: Path, text: str, name: str = "exit-en.md") -> int:
    lines = (project / "questionnaires" / name).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


def _copy_into(project: Path, folder: str, name: str, source: str = "exit-en.md") -> None:
    (project / "questionnaires" / folder).mkdir(parents=True, exist_ok=True)
    shutil.copy(project / "questionnaires" / source, project / "questionnaires" / folder / name)


# --- questionnaires in subfolders ---------------------------------------------------------


def test_questionnaires_in_subfolders_are_named_in_one_warning(
    project: Path, built: dict[str, bytes]
) -> None:
    _copy_into(project, "2024", "exit-en.md")
    _copy_into(project, "archive", "old.md")
    # Notepad's name in a subfolder: meant as a questionnaire too.
    _copy_into(project, "archive", "old-fr.md.txt")
    # Not questionnaires: a drafts folder, hidden folders, notes and a README.
    _copy_into(project, "_drafts", "exit-fr.md")
    _copy_into(project, ".github", "template.md")
    _copy_into(project, "archive/.old", "exit.md")
    (project / "questionnaires" / "archive" / "notes.md").write_text("# Why we archived\n")
    (project / "questionnaires" / "archive" / "README.md").write_text("# Old surveys\n")
    code, output = build()
    assert code == 0, output
    assert [line for line in output.splitlines() if "subfolder" in line] == [
        "questionnaires/2024/exit-en.md:1: warning: this questionnaire and 2 more are in "
        "subfolders (archive/old-fr.md.txt, archive/old.md), and the builder reads only the "
        "files directly in 'questionnaires/': they are not built (to build one, move it up "
        "into 'questionnaires/', or, if a file of that name is there already, copy what you "
        "changed into that one; to keep them where they are without this warning, start the "
        "subfolder's name with '_', e.g. '_archive')"
    ]
    # Said, not fixed: --strict stops at it, leaving the site as it was.
    assert len(fails_leaving_site(project, site_bytes(project), "--strict")) == 1


def test_many_questionnaires_in_subfolders_are_named_ten_at_most(
    project: Path, built: dict[str, bytes]
) -> None:
    for year in range(2001, 2016):
        _copy_into(project, f"archive/{year}", "exit-en.md")
    code, output = build()
    assert code == 0, output
    (warning,) = [line for line in output.splitlines() if "subfolder" in line]
    assert warning.startswith(
        "questionnaires/archive/2001/exit-en.md:1: warning: this questionnaire and 14 more "
        "are in subfolders (archive/2002/exit-en.md, archive/2003/exit-en.md, "
    )
    assert "archive/2011/exit-en.md and 4 more), " in warning
    assert "2012" not in warning


def test_only_questionnaires_in_a_subfolder_is_an_error_naming_them(
    project: Path, built: dict[str, bytes]
) -> None:
    # A web editor's "new file" in a folder: the survey the build should have made.
    folder = project / "questionnaires"
    (folder / "2024").mkdir()
    for name in ("exit-en.md", "exit-nl.md"):
        (folder / name).rename(folder / "2024" / name)
    assert fails_leaving_site(project, built) == [
        "questionnaires/2024/exit-en.md:1: this questionnaire and 1 more are in subfolders "
        "(2024/exit-nl.md), and the builder reads only the files directly in "
        "'questionnaires/': they are not built (move the ones to build up into "
        "'questionnaires/': there is no questionnaire directly in it, so there is nothing "
        "to build)"
    ]


# --- two language versions far apart ------------------------------------------------------


def _add_questions(project: Path, count: int, name: str = "exit-en.md") -> None:
    path = project / "questionnaires" / name
    added = "".join(
        f"\n### New question {n}? {{#new_{n:03d}}}\n- type: short text\n" for n in range(count)
    )
    path.write_text(path.read_text(encoding="utf-8") + added, encoding="utf-8")


def test_eleven_missing_questions_are_each_named_twelve_are_ten_and_the_other_two(
    project: Path, built: dict[str, bytes]
) -> None:
    _add_questions(project, 12)
    at = _line_of(project, "{#closing}", "exit-nl.md")

    def missing(n: int) -> str:
        return (
            f"{NL}:{at}: question 'new_{n:03d}' ({EN}:{_line_of(project, f'{{#new_{n:03d}}}')}) "
            f"is missing here (translate it, with the same {{#new_{n:03d}}} ID)"
        )

    assert fails_leaving_site(project, built) == [
        *(missing(n) for n in range(10)),
        f"{NL}:{at}: the other 2 questions of {EN} from 'new_010' "
        f"({EN}:{_line_of(project, '{#new_010}')}) on are missing here too (translate them "
        "as well, with the same IDs; the build names them one by one once fewer are left)",
    ]
    # Eleven, not "ten and 1 more": the words would take the room that naming it does.
    _edit(project, "\n### New question 11? {#new_011}\n- type: short text\n", "")
    assert fails_leaving_site(project, built) == [missing(n) for n in range(11)]


def test_three_hundred_missing_questions_are_ten_lines_and_the_rest_in_one(
    project: Path, built: dict[str, bytes]
) -> None:
    _add_questions(project, 300)
    at = _line_of(project, "{#closing}", "exit-nl.md")
    problems = fails_leaving_site(project, built)
    assert len(problems) == 11
    assert problems[9].startswith(f"{NL}:{at}: question 'new_009' ")
    assert problems[10] == (
        f"{NL}:{at}: the other 290 questions of {EN} from 'new_010' "
        f"({EN}:{_line_of(project, '{#new_010}')}) on are missing here too (translate them "
        "as well, with the same IDs; the build names them one by one once fewer are left)"
    )


def test_three_hundred_questions_not_in_the_translation_are_ten_lines_and_one(
    project: Path, built: dict[str, bytes]
) -> None:
    _add_questions(project, 300, "exit-nl.md")
    problems = fails_leaving_site(project, built)
    assert len(problems) == 11
    assert problems[10] == (
        f"{NL}:{_line_of(project, '{#new_010}', 'exit-nl.md')}: the other 290 questions "
        f"here, from 'new_010' on, are not in the translation {EN} either (add them to {EN}, "
        "translated, with the same IDs; the build names them one by one once fewer are left)"
    )


def test_many_more_choices_in_one_language_show_where_they_differ(
    project: Path, built: dict[str, bytes]
) -> None:
    more = "".join(f"  - reason_{n:02d}: Reason {n}\n" for n in range(30))
    _edit(project, "  - retirement: I am retiring\n", f"  - retirement: I am retiring\n{more}")
    assert fails_leaving_site(project, built) == [
        f"{NL}:{_line_of(project, '{#departure}', 'exit-nl.md')}: question 'departure' has "
        "choices ..., retirement here but ..., retirement, reason_00, reason_01, reason_02, "
        "reason_03, reason_04, reason_05, reason_06, reason_07, reason_08 and 21 more in "
        f"{EN}:{_line_of(project, '{#departure}')} (use the same choice codes in the same "
        "order in both languages)"
    ]


# --- Markdown tables ----------------------------------------------------------------------

_TABLE = "| Part | Time |\n|---|---|\n| Your work | 2 min |\n"


def _indented(text: str, spaces: int) -> str:
    return "".join(" " * spaces + line if line.strip() else line for line in text.splitlines(True))


def test_a_table_in_a_code_block_is_no_table(project: Path, built: dict[str, bytes]) -> None:
    # Fenced with backticks (with a language or without) or indented, in the intro (front
    # matter) and in a section's text: the page shows it as code, as its author asked.
    fenced = f"```\n{_TABLE}```\n"
    _edit(
        project,
        "  the colleagues who stay.\n",
        f"  the colleagues who stay.\n\n{_indented(fenced, 2)}",
    )
    _edit(
        project,
        "## Finally {#finally}\n",
        f"## Finally {{#finally}}\n\nFor example:\n\n```text\n{_TABLE}```\n\nOr:\n\n"
        f"{_indented(_TABLE, 4)}",
    )
    code, output = build("--strict")
    assert code == 0, output


def test_a_table_after_one_in_a_code_block_is_named_at_its_first_row(
    project: Path, built: dict[str, bytes]
) -> None:
    _edit(
        project,
        "## Finally {#finally}\n",
        f"## Finally {{#finally}}\n\nWritten like this:\n\n```\n{_TABLE}```\n\n"
        f"Shown like this:\n\n{_TABLE}",
    )
    first_row = _line_of(project, "Shown like this:") + 2
    assert fails_leaving_site(project, built, "--strict") == [
        f"{EN}:{first_row}: warning: this line is part of a table, which the page shows as "
        "plain text with its | and - signs: a form page has no tables (write it as a list "
        "instead, one line per row: '- Part A: 2 minutes')"
    ]
