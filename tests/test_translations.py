"""A Dutch and an English version must agree on everything but the words."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from collector.build_command import build_command

EN = """---
title: Exit survey
language: en
translation: nl.md
privacy: Only HR reads the answers. Taking part is voluntary.
---

## Leaving {#leaving}

### How did your job end? {#departure}
- type: single choice
- choices:
  - voluntary: I resigned
  - dismissed: I was dismissed

### Why did you decide to leave us? {#why}
- type: long text
- show if: departure = voluntary

## Your next step {#next}
show if: departure = voluntary

### Where are you going next? {#next_job}
- type: short text

### What would have made you stay? {#stay}
- type: long text
"""

NL = """---
title: Vertrekenquête
language: nl
translation: en.md
privacy: Alleen HR leest de antwoorden. Meedoen is vrijwillig.
---

## Vertrek {#leaving}

### Hoe is je baan geëindigd? {#departure}
- type: single choice
- choices:
  - voluntary: Ik heb ontslag genomen
  - dismissed: Ik ben ontslagen

### Waarom besloot je bij ons weg te gaan? {#why}
- type: long text
- show if: departure = voluntary

## Je volgende stap {#next}
show if: departure = voluntary

### Waar ga je hierna heen? {#next_job}
- type: short text

### Wat had ervoor gezorgd dat je was gebleven? {#stay}
- type: long text
"""

CASES = [
    (
        "question id differs",
        NL.replace("{#why}", "{#waarom}"),
        16,
        "question 'waarom' is not in the translation",
    ),
    (
        "type differs",
        NL.replace("- type: long text", "- type: short text"),
        16,
        "'type' of question 'why' differs",
    ),
    (
        "choices differ",
        NL.replace("dismissed: Ik ben", "fired: Ik ben"),
        10,
        "question 'departure' has choices voluntary, fired here but voluntary, dismissed",
    ),
    (
        "condition differs",
        NL.replace("show if: departure = voluntary", "show if: departure = dismissed"),
        16,
        "'show if' of question 'why' differs",
    ),
    (
        "untranslated question",
        NL.replace("Waarom besloot je bij ons weg te gaan?", "Why did you decide to leave us?"),
        16,
        "the question text of 'why' is not translated",
    ),
    (
        "untranslated choice",
        NL.replace("Ik heb ontslag genomen", "I resigned from my job"),
        10,
        "the choice 'voluntary' of 'departure' is not translated",
    ),
    # Everything below is about the second section, so the message must point there, not
    # at the first section or the top of the file.
    (
        "section condition differs",
        NL.replace(
            "show if: departure = voluntary\n\n### Waar",
            "show if: departure = dismissed\n\n### Waar",
        ),
        20,
        "the 'show if' of section 'next' differs from questionnaires/en.md:20",
    ),
    (
        "section id differs",
        NL.replace("{#next}", "{#volgende}"),
        20,
        "section 'volgende' is not in the translation",
    ),
    (
        "questions in another order",
        NL.replace(
            "### Waar ga je hierna heen? {#next_job}\n- type: short text\n\n"
            "### Wat had ervoor gezorgd dat je was gebleven? {#stay}\n- type: long text\n",
            "### Wat had ervoor gezorgd dat je was gebleven? {#stay}\n- type: long text\n\n"
            "### Waar ga je hierna heen? {#next_job}\n- type: short text\n",
        ),
        23,
        "the questions are in a different order than in questionnaires/en.md: 'stay' comes here",
    ),
    (
        "question missing",
        NL.replace("### Waar ga je hierna heen? {#next_job}\n- type: short text\n\n", ""),
        23,
        "question 'next_job' (questionnaires/en.md:23) is missing here",
    ),
    (
        "section starts at another question",
        NL.replace(
            "## Je volgende stap {#next}\nshow if: departure = voluntary\n\n"
            "### Waar ga je hierna heen? {#next_job}\n- type: short text\n",
            "### Waar ga je hierna heen? {#next_job}\n- type: short text\n\n"
            "## Je volgende stap {#next}\nshow if: departure = voluntary\n",
        ),
        23,
        "section 'next' holds the questions stay here but next_job, stay",
    ),
    ("same language", NL.replace("language: nl", "language: en"), 4, "is in the same language"),
]


@pytest.mark.parametrize(("name", "nl", "line", "expected"), CASES, ids=[c[0] for c in CASES])
def test_translation_mismatch(project: Path, name: str, nl: str, line: int, expected: str) -> None:
    en_text = (
        EN.replace("I resigned", "I resigned from my job") if name == "untranslated choice" else EN
    )
    (project / "questionnaires" / "en.md").write_text(en_text)
    (project / "questionnaires" / "nl.md").write_text(nl)
    result = CliRunner().invoke(build_command, [])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert any(
        m.startswith(f"questionnaires/{'nl' if name != 'same language' else 'en'}.md:{line}: ")
        and expected in m
        for m in result.output.splitlines()
    ), result.output
    assert not (project / "output").exists()


def test_missing_translation_file(project: Path) -> None:
    (project / "questionnaires" / "en.md").write_text(
        EN.replace("translation: nl.md", "translation: exit-nl.md")
    )
    result = CliRunner().invoke(build_command, [])
    assert result.exit_code == 1
    assert "questionnaires/en.md:4: the translation 'exit-nl.md' does not exist" in result.output


def _errors(result) -> list[str]:
    return [line for line in result.output.splitlines() if line.startswith("questionnaires/")]


def test_a_translation_renamed_in_capitals_is_named_once_with_the_real_file(project: Path) -> None:
    (project / "questionnaires" / "en.md").write_text(EN)
    (project / "questionnaires" / "NL.md").write_text(NL)  # renamed in a web editor
    result = CliRunner().invoke(build_command, [])
    assert result.exit_code == 1
    # One message with the fix, not a second one about the same link seen from the other end.
    assert _errors(result) == [
        "questionnaires/en.md:4: the translation 'nl.md' does not exist (did you mean "
        "'NL.md'? It names this file as its translation)"
    ]


def test_a_translation_name_with_a_typo_gets_the_nearest_file(project: Path) -> None:
    (project / "questionnaires" / "en.md").write_text(
        EN.replace("translation: nl.md", "translation: nl.mdd")
    )
    (project / "questionnaires" / "nl.md").write_text(NL.replace("translation: en.md\n", ""))
    result = CliRunner().invoke(build_command, [])
    assert result.exit_code == 1
    assert (
        "questionnaires/en.md:4: the translation 'nl.mdd' does not exist (did you mean 'nl.md'?)"
        in _errors(result)
    )


def test_a_translation_not_written_yet_says_to_add_it_or_leave_the_line_out(
    project: Path,
) -> None:
    (project / "questionnaires" / "exit-en.md").write_text(
        EN.replace("translation: nl.md", "translation: exit-nl.md")
    )
    result = CliRunner().invoke(build_command, [])
    assert result.exit_code == 1
    assert _errors(result) == [
        "questionnaires/exit-en.md:4: the translation 'exit-nl.md' does not exist (add the "
        "other language version as questionnaires/exit-nl.md, or leave the line out until "
        "the translation is written)"
    ]


def test_a_good_pair_shares_ids_and_links_both_ways(project: Path) -> None:
    (project / "questionnaires" / "en.md").write_text(EN)
    (project / "questionnaires" / "nl.md").write_text(NL)
    result = CliRunner().invoke(build_command, [])
    assert result.exit_code == 0, result.output
    import json

    en = json.loads((project / "output" / "en" / "form.json").read_text())
    nl = json.loads((project / "output" / "nl" / "form.json").read_text())
    assert en["translations"] == {"nl": "nl"}
    assert nl["translations"] == {"en": "en"}
    assert [q["id"] for q in en["questions"]] == [q["id"] for q in nl["questions"]]
    assert en["version"] != nl["version"]


def test_missing_translation_suggests_the_other_language_file(project: Path) -> None:
    (project / "questionnaires" / "leaving-nl.md").write_text(
        NL.replace("translation: en.md", "translation: x.md")
    )
    result = CliRunner().invoke(build_command, [])
    assert result.exit_code == 1
    assert "e.g. 'translation: leaving-en.md'" in result.output


def test_scales_of_different_sizes_are_named_as_such(project: Path) -> None:
    rating = "\n### {text} {{#manager}}\n- type: rating\n- scale:{labels}\n"
    (project / "questionnaires" / "en.md").write_text(
        EN + rating.format(text="How was your manager?", labels=" quality")
    )
    (project / "questionnaires" / "nl.md").write_text(
        NL
        + rating.format(
            text="Hoe was je leidinggevende?", labels="\n  - Slecht\n  - Redelijk\n  - Goed"
        )
    )
    result = CliRunner().invoke(build_command, [])
    assert result.exit_code == 1
    # Not "has choices 1, 2, 3 here but 1, 2, 3, 4, 5": the author never wrote those codes.
    assert (
        "questionnaires/nl.md:29: the scale of question 'manager' has 3 points here but 5 in "
        "questionnaires/en.md:29 (give the scale the same number of points, in the same "
        "order, in both languages)"
    ) in result.output, result.output
