"""The small settings under a question heading, as HR writes them: yes and no in English
or Dutch, a label of their own, and IDs made from the text."""

from __future__ import annotations

from pathlib import Path

import pytest

from collector.parser import parse_file
from collector.problems import Problems


def parse(tmp_path: Path, language: str, settings: str, heading: str = "Why did you go?"):
    source = (
        f"---\ntitle: Exit\nlanguage: {language}\nprivacy: Only HR reads the answers.\n---\n\n"
        f"## Leaving {{#leaving}}\n\n### {heading}\n- type: multiple choice\n"
        "- choices:\n  - pay: Pay\n  - growth: Growth\n" + settings
    )
    path = tmp_path / "survey.md"
    path.write_text(source, encoding="utf-8")
    problems = Problems()
    parsed = parse_file(path, "survey.md", problems)
    return parsed.form, [str(p) for p in problems]


@pytest.mark.parametrize(
    ("language", "settings", "other", "pnts"),
    [
        ("en", "- other: yes\n- prefer not to say: yes\n", "Other, namely", "Prefer not to say"),
        ("nl", "- other: ja\n- prefer not to say: ja\n", "Anders, namelijk", "Zeg ik liever niet"),
        ("en", "- other: no\n- prefer not to say: no\n", None, None),
        ("nl", "- other: nee\n- prefer not to say: nee\n", None, None),
        ("en", "- other: Something else\n- prefer not to say: Skip\n", "Something else", "Skip"),
        ("en", "", None, None),
    ],
)
def test_other_and_prefer_not_to_say_take_yes_no_or_a_label(
    tmp_path: Path, language: str, settings: str, other: str | None, pnts: str | None
) -> None:
    form, problems = parse(tmp_path, language, settings)
    assert problems == []
    (question,) = form.questions
    assert question.other_label == other
    assert question.prefer_not_to_say == pnts


@pytest.mark.parametrize("key", ["other", "prefer not to say"])
def test_a_list_as_label_is_refused_with_its_line(tmp_path: Path, key: str) -> None:
    form, problems = parse(tmp_path, "en", f"- {key}:\n  - a\n  - b\n")
    assert form is None  # nothing is built from a file with a problem
    assert problems == [
        f"survey.md:14: '{key}' must be a text (write '{key}: your text' on one line)"
    ]


@pytest.mark.parametrize(
    ("heading", "expected"),
    [("Why did you go?", "why_did_you_go"), ("2024: a year of change", "q_2024_a_year_of_change")],
)
def test_an_id_made_from_the_heading_starts_with_a_letter(
    tmp_path: Path, heading: str, expected: str
) -> None:
    form, problems = parse(tmp_path, "en", "", heading=heading)
    assert problems == []
    assert [q.id for q in form.questions] == [expected]
