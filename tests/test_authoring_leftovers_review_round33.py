"""Thirty-third round, the review of the authoring leftovers: code blocks and tables.

The table warning was made to stay quiet about a table in a code block, "shown as code, as
its author asked". On the form it was not: the page has no '<pre>', so a code block's
lines ran together into one, and leavers met '| Part | Time | |---|---| | Your work |'
in one line, the very pipes and dashes the warning is for. Three backticks were not even
a code block: the words after them ('```text') were shown as the first word of the code.
Now a code block keeps its lines (and their indent) on the form, so a table in one is
shown as written. Where the page still runs a table together (three backticks inside a
list, which Markdown reads as `code`), the warning is back, at the table's first row;
so is a table in a quote, which was named at the start of the text.

What is asserted is what a leaver sees: the page's text, one line per line the browser
shows (spaces and line ends in the HTML run together, as a browser runs them).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from questionnaire_helpers import build, build_examples, fails_leaving_site

EN = "questionnaires/exit-en.md"
_TABLE = "| Part | Time |\n|---|---|\n| Your work | 2 min |\n"
_TABLE_LINES = ["| Part | Time |", "|---|---|", "| Your work | 2 min |"]
_CODE = "def parts():\n    return 2\n"
_FENCED = f"```\n{_TABLE}```\n"
#: Elements a browser starts a new line for (and '<br>').
_LINE_BREAKS = re.compile(r"<(?:br|/?(?:p|li|ul|ol|blockquote|h\d|div|main|form|legend))\b[^>]*>")


@pytest.fixture
def built(project: Path) -> dict[str, bytes]:
    """The example questionnaires built into output/; the bytes of every file in it."""
    return build_examples(project)


def _edit(project: Path, old: str, new: str) -> None:
    path = project / "questionnaires" / "exit-en.md"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(project: Path, text: str) -> int:
    lines = (project / "questionnaires" / "exit-en.md").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


def _shown_lines(project: Path) -> list[str]:
    """The English form's text as a browser lays it out, one shown line per item."""
    page = (project / "output" / "exit-en" / "index.html").read_text(encoding="utf-8")
    page = re.sub(r"<script\b.*?</script>|<style\b.*?</style>", "", page, flags=re.DOTALL)
    collapsed = re.sub(r"\s+", " ", page)  # as a browser does outside <pre>
    text = re.sub(r"<[^>]*>", "", _LINE_BREAKS.sub("\n", collapsed))
    return [line.strip(" ") for line in html.unescape(text).split("\n") if line.strip()]


def _indented(text: str, spaces: int) -> str:
    return "".join(" " * spaces + line if line.strip() else line for line in text.splitlines(True))


def test_a_code_block_keeps_its_lines_on_the_form(project: Path, built: dict[str, bytes]) -> None:
    _edit(
        project,
        "## Finally {#finally}\n",
        f"## Finally {{#finally}}\n\nFor example:\n\n```text\n{_TABLE}```\n\nOr indented:\n\n"
        f"{_indented(_CODE, 4)}\nThe end.\n",
    )
    code, output = build("--strict")
    assert code == 0, output  # shown as written: no table warning
    lines = _shown_lines(project)
    at = lines.index("For example:")
    # Each row on its own line, and no 'text' from the opening backticks.
    assert lines[at + 1 : at + 4] == _TABLE_LINES
    assert lines[at + 4 : at + 8] == [
        "Or indented:",
        "def parts():",
        "\xa0" * 4 + "return 2",
        "The end.",
    ]


def test_a_table_run_together_in_code_is_warned_at_its_first_row(
    project: Path, built: dict[str, bytes]
) -> None:
    # Three backticks inside a list item are `code` to Markdown, not a code block: the
    # page runs the table's lines together, pipes and dashes and all.
    _edit(
        project,
        "## Finally {#finally}\n",
        f"## Finally {{#finally}}\n\n- For example:\n\n{_indented(_FENCED, 4)}\n",
    )
    first_row = _line_of(project, "| Part | Time |")
    assert fails_leaving_site(project, built, "--strict") == [
        f"{EN}:{first_row}: warning: this line is part of a table, which the page shows as "
        "plain text with its | and - signs: a form page has no tables (write it as a list "
        "instead, one line per row: '- Part A: 2 minutes')"
    ]
    code, output = build()
    assert code == 0, output
    assert "| Part | Time | |---|---| | Your work | 2 min |" in _shown_lines(project)


def test_a_table_in_a_quote_is_named_at_its_first_row(
    project: Path, built: dict[str, bytes]
) -> None:
    quoted = "".join(f"> {line}\n" for line in _TABLE.splitlines())
    _edit(
        project,
        "## Finally {#finally}\n",
        f"## Finally {{#finally}}\n\nAs one colleague put it:\n\n{quoted}",
    )
    first_row = _line_of(project, "> | Part | Time |")
    assert fails_leaving_site(project, built, "--strict") == [
        f"{EN}:{first_row}: warning: this line is part of a table, which the page shows as "
        "plain text with its | and - signs: a form page has no tables (write it as a list "
        "instead, one line per row: '- Part A: 2 minutes')"
    ]
