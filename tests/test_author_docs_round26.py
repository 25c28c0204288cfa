"""Round 26: a new HR author writes a "Warehouse staff" survey from the guide alone, in a
Git host's web editor: its sections, scales and language versions.

What went wrong for them: a no-break space pasted between 'show' and 'if' (or a
full-width colon after it) turned a section's condition into text that every leaver saw,
and showed the section to everyone, without a word from the builder. A typo in the one
question that used a named scale came second, after a warning that the scale was unused
"or remove it": the first message, which the guide says to fix first. A question left out
of one language version got, besides the error at its place, a heads-up at line 1 to run
'--accept-ids', listed first; and when the original was the file blamed, it was told to
give the question "the same ID as the matching question" in a file that had none.
The mistakes such an editor invites in the lines themselves: test_author_typing_round26.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from questionnaire_helpers import build, compile_text, write
from support.warehouse import CONDITION, WAREHOUSE


def test_the_warehouse_survey_builds(project: Path) -> None:
    forms, problems = compile_text(project, WAREHOUSE, "warehouse.md")
    assert problems == []
    assert forms[0].sections[1].show_if is not None


@pytest.mark.parametrize(
    "written",
    [
        "show\u00a0if: shift = night",
        "show\u2009if: shift = night",
        "show\u00a0if:\u00a0shift = night",
    ],
    ids=["no-break space", "thin space", "no-break spaces"],
)
def test_a_section_condition_with_a_pasted_space_is_still_its_condition(
    project: Path, written: str
) -> None:
    forms, problems = compile_text(project, WAREHOUSE.replace(CONDITION, written), "w.md")
    assert problems == []
    night = forms[0].sections[1]
    assert night.show_if is not None
    assert "show" not in night.intro_html


def test_a_section_condition_with_a_full_width_colon_is_reported(project: Path) -> None:
    text = WAREHOUSE.replace(CONDITION, "show if\uff1ashift = night")
    _, problems = compile_text(project, text, "w.md")
    line = text.splitlines().index("show if\uff1ashift = night") + 1
    assert problems == [
        f"questionnaires/w.md:{line}: 'show if\uff1ashift = night' is not read as the "
        "section's condition, so leavers would see it as text and the section would be shown "
        "to everyone (write it as 'show if: shift = night' on the first line under the '## ' "
        "heading)"
    ]


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("- type: ratng", "unknown question type 'ratng' (did you mean 'rating'?)"),
        ("-\ttype: rating", "this line has a tab character in it"),
        ("- scale: safty", "unknown scale 'safty' (did you mean 'safety'?)"),
    ],
)
def test_a_broken_question_does_not_make_its_scale_unused(
    project: Path, typed: str, problem: str
) -> None:
    written = "- scale: safety" if "scale" in typed else "- type: rating"
    _, problems = compile_text(project, WAREHOUSE.replace(written, typed, 1), "w.md")
    assert len(problems) == 1, problems
    assert problem in problems[0]


def test_a_scale_no_question_uses_is_still_a_warning(project: Path) -> None:
    text = WAREHOUSE.replace("- type: rating\n- scale: safety", "- type: rating\n- scale: quality")
    _, problems = compile_text(project, text, "w.md")
    assert problems == [
        "questionnaires/w.md:9: warning: no question uses the scale 'safety' (use it with "
        "'- scale: safety' on a rating question, or remove it)"
    ]


WAREHOUSE_NL = """---
title: Vertrekenquête voor magazijnmedewerkers
language: nl
slug: magazijn
translation: warehouse.md
privacy: |
  Je antwoorden zijn anoniem. Alleen het HR-team leest losse antwoorden. Meedoen is
  vrijwillig: je kunt elke vraag overslaan en op elk moment stoppen.
scales:
  safety:
    - Zeer onveilig
    - Onveilig
    - Veilig
    - Zeer veilig
---

## Je werk {#your_work}

### In welke dienst werkte je meestal? {#shift}
- type: single choice
- choices:
  - day: Dagdienst
  - night: Nachtdienst
- other: Een ander rooster, namelijk

### Hoe veilig voelde je je op de werkvloer? {#floor_safety}
- type: rating
- scale: safety

## Nachtwerk {#night_work}
show if: shift = night

### Wat zou nachtdiensten makkelijker maken? {#night_easier}
- type: long text
- max length: 800
"""
FLOOR_SAFETY = """### How safe did you feel on the warehouse floor? {#floor_safety}
- type: rating
- scale: safety

"""
FLOOR_SAFETY_NL = """### Hoe veilig voelde je je op de werkvloer? {#floor_safety}
- type: rating
- scale: safety

"""
WAREHOUSE_EN = WAREHOUSE.replace(
    "slug: warehouse\n", "slug: warehouse\ntranslation: warehouse-nl.md\n"
)


def _published_pair(project: Path) -> None:
    write(project, WAREHOUSE_EN, "warehouse.md")
    write(project, WAREHOUSE_NL, "warehouse-nl.md")
    assert build() == (0, "Built 2 questionnaire(s) into output/: magazijn, warehouse\n")


def test_a_question_left_out_of_one_version_is_reported_once_at_its_place(project: Path) -> None:
    _published_pair(project)
    write(project, WAREHOUSE_NL.replace(FLOOR_SAFETY_NL, ""), "warehouse-nl.md")
    code, output = build("--check")
    assert code == 1
    assert "is gone" not in output
    assert output.splitlines()[1:] == [
        "questionnaires/warehouse.md:26: question 'floor_safety' is not in the translation "
        "questionnaires/warehouse-nl.md (add it to questionnaires/warehouse-nl.md, translated, "
        "with the same {#floor_safety}; or, if questionnaires/warehouse-nl.md asks it under "
        "another ID, give the two the same ID)",
        "1 problem found; nothing was written.",
    ]


def test_a_question_gone_from_every_version_still_gets_its_heads_up(project: Path) -> None:
    _published_pair(project)
    write(project, WAREHOUSE_EN.replace(FLOOR_SAFETY, ""), "warehouse.md")
    write(project, WAREHOUSE_NL.replace(FLOOR_SAFETY_NL, ""), "warehouse-nl.md")
    code, output = build("--check")
    assert code == 0, output
    for name in ("warehouse.md", "warehouse-nl.md"):
        assert f"questionnaires/{name}:1: warning: the question 'floor_safety' is gone" in output
