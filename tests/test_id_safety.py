"""Findings of the HR audit on what answers are filed under: a damaged ID lock, a question
ID written or changed by mistake, and a section condition written like a question setting."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from questionnaire_helpers import DEPARTURE, HEAD, build, compile_text, write

from collector.build_command import watched_files
from collector.id_lock import LOCK_NAME

CULTURE = """
### In a few words, how would you describe the culture here? {#culture}
- type: short text
"""
CLOSING = """
### Is there anything else you would like to tell us? {#closing}
- type: long text
"""
SURVEY = HEAD + DEPARTURE + CULTURE + CLOSING
BUILT = "Built 1 questionnaire(s) into output/: leavers\n"


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


# --- 1: a damaged ids.lock.json stops the build ------------------------------------------

CONFLICT = """{
  "about": "...",
  "files": {
<<<<<<< HEAD
    "leavers.md": {"slug": "leavers"}
=======
    "leavers.md": {"slug": "exit-2026"}
>>>>>>> feature
  }
}
"""
RESTORE = (
    "restore it with Git, e.g. take the version from the main branch with "
    "'git checkout main -- questionnaires/ids.lock.json', and build again)"
)


def _damage(lock: Path, how: str) -> None:
    text = lock.read_text(encoding="utf-8")
    if how == "conflict":
        lock.write_text(CONFLICT, encoding="utf-8")
    elif how == "cut off":
        lock.write_text(text[: len(text) // 2], encoding="utf-8")
    elif how == "comma":
        lines = text.split("\n")
        assert lines[4] == '      "questions": [],'
        lines[4] = lines[4].rstrip(",")
        lock.write_text("\n".join(lines), encoding="utf-8")
    else:
        lock.write_text("", encoding="utf-8")


@pytest.mark.parametrize(
    ("how", "expected"),
    [
        (
            "conflict",
            "questionnaires/ids.lock.json:4: cannot be read: it has Git merge conflict markers "
            "('<<<<<<<', '=======', '>>>>>>>') (keep one side: " + RESTORE,
        ),
        ("cut off", "cannot be read: it ends too early (the file was cut off) (" + RESTORE),
        (
            "comma",
            "questionnaires/ids.lock.json:6: cannot be read: it is damaged here "
            "(Expecting ',' delimiter) (" + RESTORE,
        ),
        ("empty", "questionnaires/ids.lock.json:1: cannot be read: it is empty (" + RESTORE),
    ],
)
@pytest.mark.parametrize("option", [[], ["--strict"], ["--accept-ids"], ["--check"]])
def test_a_damaged_lock_stops_the_build_and_is_kept(
    project: Path, how: str, expected: str, option: list[str]
) -> None:
    write(project, SURVEY)
    assert build() == (0, BUILT)
    lock = project / "questionnaires" / LOCK_NAME
    _damage(lock, how)
    damaged = lock.read_bytes()
    site = _tree(project / "output")
    code, output = build(*option)
    assert code == 1
    assert expected in output
    assert "1 problem found; nothing was written." in output
    assert lock.read_bytes() == damaged
    assert _tree(project / "output") == site


def test_a_lock_that_is_not_what_the_builder_writes_stops_the_build(project: Path) -> None:
    write(project, SURVEY)
    (project / "questionnaires" / LOCK_NAME).write_text('["leavers.md"]\n')
    code, output = build()
    assert code == 1
    assert (
        "questionnaires/ids.lock.json:1: cannot be read: it does not hold what build.py "
        "writes into it ("
    ) in output


def test_a_damaged_lock_is_reported_with_the_questionnaires_problems(project: Path) -> None:
    (project / "questionnaires" / LOCK_NAME).write_text(CONFLICT)
    problems = compile_text(project, HEAD + "### Why? {#why}\n")[1]
    assert any("t.md:9: question 'Why?' has no type" in p for p in problems)
    assert any(p.startswith("questionnaires/ids.lock.json:4: cannot be read") for p in problems)


def test_without_a_lock_the_first_build_writes_one(project: Path) -> None:
    write(project, SURVEY)
    assert build("--strict") == (0, BUILT)
    lock = json.loads((project / "questionnaires" / LOCK_NAME).read_text())
    assert list(lock["files"]["leavers.md"]["answers"]) == ["departure", "culture", "closing"]


def test_watch_sees_a_restored_lock(project: Path) -> None:
    lock = project / "questionnaires" / LOCK_NAME
    lock.write_text(CONFLICT)
    before = watched_files([project / "questionnaires"])
    lock.write_text('{"files": {}}\n')
    assert watched_files([project / "questionnaires"]) != before


# --- 2a: an ID written another way than {#id} at the end of the heading ------------------

TEXT = "In a few words, how would you describe the culture here?"
NOT_AN_ID = (
    "is not written as an ID, so leavers would see it as part of the question "
    "(write the ID at the end of the heading like this: {#culture_words})"
)
NOT_AT_THE_END = (
    "'{#culture_words}' is not at the end of the heading, so it is not read as the ID and "
    "leavers would see it as part of the question (move it to the end of the heading)"
)


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        (f"{TEXT} {{culture_words}}", f"'{{culture_words}}' {NOT_AN_ID}"),
        (f"{TEXT} {{ #culture_words }}", f"'{{ #culture_words }}' {NOT_AN_ID}"),
        (f"{TEXT} {{ culture_words}}", f"'{{ culture_words}}' {NOT_AN_ID}"),
        (f"{TEXT} (#culture_words)", f"'(#culture_words)' {NOT_AN_ID}"),
        (f"{TEXT} [#culture_words]", f"'[#culture_words]' {NOT_AN_ID}"),
        (f"{TEXT} #culture_words", f"'#culture_words' {NOT_AN_ID}"),
        (f"{TEXT} {{Culture-Words}}", f"'{{Culture-Words}}' {NOT_AN_ID}"),
        (f"{{#culture_words}} {TEXT}", NOT_AT_THE_END),
        (f"{{culture_words}} {TEXT}", f"'{{culture_words}}' {NOT_AN_ID}"),
        ("In a few words {#culture_words}, how would you describe it?", NOT_AT_THE_END),
    ],
)
def test_an_id_written_another_way_is_an_error(project: Path, heading: str, expected: str):
    # A condition on the ID meant gets no second message: the heading is read as meant.
    problems = compile_text(
        project,
        HEAD
        + DEPARTURE
        + f"\n### {heading}\n- type: single choice\n- choices:\n  - good: Good\n  - bad: Bad\n"
        + "\n### Why? {#why}\n- type: long text\n- show if: culture_words = bad\n",
    )[1]
    assert problems == [f"questionnaires/t.md:15: {expected}"]


def test_an_id_written_another_way_in_a_section_heading_is_an_error(project: Path) -> None:
    problems = compile_text(project, HEAD + DEPARTURE + "\n## Your work {your_work}\n" + CLOSING)[1]
    assert problems == [
        "questionnaires/t.md:15: '{your_work}' is not written as an ID, so leavers would see "
        "it as part of the section title (write the ID at the end of the heading like this: "
        "{#your_work})"
    ]


@pytest.mark.parametrize(
    "heading",
    [
        "How much did you earn per month? (in euros)",
        "Anything else you want to tell us? (optional)",
        "Which benefit was your #1 reason to stay?",
        "Rank the reasons (#1 is the most important)",
        "What would you put in {your own words}?",
        "Which of our values {#respect, #trust} did you see at work?",
        "Did you read our handbook? {#handbook}",
    ],
)
def test_a_heading_with_brackets_or_a_hash_is_not_mistaken_for_an_id(
    project: Path, heading: str
) -> None:
    assert (
        compile_text(project, HEAD + DEPARTURE + f"\n### {heading}\n- type: long text\n")[1] == []
    )


# --- 2b: a question ID that answers were given under is gone ----------------------------


def test_a_changed_question_id_warns_until_decided(project: Path) -> None:
    survey = write(project, SURVEY)
    assert build() == (0, BUILT)
    lock = project / "questionnaires" / LOCK_NAME
    committed = lock.read_text()
    survey.write_text(SURVEY.replace("{#culture}", "{#atmosphere}"))
    warning = (
        "questionnaires/leavers.md:15: warning: the ID of this question changed from 'culture' "
        "to 'atmosphere': answers given before stay under 'culture' (put back {#culture} if "
        "it asks the same thing, or run 'python build.py --accept-ids' if it is a new question)"
    )
    code, output = build()
    assert code == 0
    assert warning in output
    assert output.count("warning:") == 1
    assert warning in build()[1]  # it stays until decided
    assert build("--strict")[0] == 1
    # Putting the ID back is the end of it, and the lock is as before.
    survey.write_text(SURVEY)
    assert build() == (0, BUILT)
    assert lock.read_text() == committed
    # A new question on purpose: accepted once, then quiet.
    survey.write_text(SURVEY.replace("{#culture}", "{#atmosphere}"))
    code, output = build("--accept-ids")
    assert code == 0 and "warning" not in output
    assert "Accepted, and written to ids.lock.json:" in output
    assert "the ID of this question changed from 'culture' to 'atmosphere'" in output
    assert build("--strict") == (0, BUILT)


def test_a_changed_id_is_found_with_a_question_added_before_it(project: Path) -> None:
    survey = write(project, SURVEY)
    assert build()[0] == 0
    added = "\n### How many years did you work here? {#years}\n- type: number\n"
    survey.write_text(
        SURVEY.replace(CULTURE, added + CULTURE.replace("{#culture}", "{#atmosphere}"))
    )
    output = build()[1]
    assert (
        "questionnaires/leavers.md:18: warning: the ID of this question changed from 'culture' "
        "to 'atmosphere'"
    ) in output
    assert output.count("warning:") == 1
    assert output == build()[1]  # the same, again


def test_when_the_successor_is_unsure_the_question_is_named_as_gone(project: Path) -> None:
    survey = write(project, SURVEY)
    assert build()[0] == 0
    added = "\n### What was your role? {#role}\n- type: short text\n"
    survey.write_text(
        SURVEY.replace(CULTURE, added + CULTURE.replace("{#culture}", "{#atmosphere}"))
    )
    output = build()[1]
    assert "questionnaires/leavers.md:1: warning: the question 'culture' is gone" in output
    assert output.count("warning:") == 1


def test_an_id_given_to_a_question_without_one_warns(project: Path) -> None:
    without = SURVEY.replace(" {#culture}", "")
    survey = write(project, without)
    assert build()[0] == 0
    # The same text, now with an ID of its own, and moved to the end: found by its text.
    survey.write_text(without.replace(CULTURE.replace(" {#culture}", ""), "") + CULTURE)
    output = build()[1]
    assert (
        "questionnaires/leavers.md:18: warning: the ID of this question changed from "
        "'in_a_few_words_how_would_you_describe' to 'culture': answers given before stay "
        "under 'in_a_few_words_how_would_you_describe' (put back "
        "{#in_a_few_words_how_would_you_describe} if it asks the same thing"
    ) in output
    assert output.count("warning:") == 1


def test_an_id_taken_off_a_question_warns(project: Path) -> None:
    survey = write(project, SURVEY)
    assert build()[0] == 0
    survey.write_text(SURVEY.replace(" {#culture}", ""))
    output = build()[1]
    assert (
        "questionnaires/leavers.md:15: warning: the ID of this question changed from 'culture' "
        "to 'in_a_few_words_how_would_you_describe'"
    ) in output


def test_a_reworded_question_without_an_id_is_reported_once(project: Path) -> None:
    without = SURVEY.replace(" {#culture}", "")
    survey = write(project, without)
    assert build()[0] == 0
    survey.write_text(without.replace("In a few words, how", "How"))
    output = build()[1]
    assert "the ID of this question changes from 'in_a_few_words_how_would" in output
    assert "changed from" not in output
    assert output.count("warning:") == 1


def test_a_removed_question_gets_a_heads_up_until_it_is_accepted(project: Path) -> None:
    survey = write(project, SURVEY)
    assert build()[0] == 0
    survey.write_text(SURVEY.replace(CULTURE, ""))
    warning = (
        "questionnaires/leavers.md:1: warning: the question 'culture' is gone: the answers "
        "given to it before stay in exports (if it should go, run 'python build.py "
        "--accept-ids' to stop this warning; if it is still there under another ID, give it "
        "back its old ID 'culture')"
    )
    code, output = build()
    assert code == 0
    assert warning in output
    assert warning in build()[1]
    assert build("--strict")[0] == 1
    assert "Accepted, and written to ids.lock.json:" in build("--accept-ids")[1]
    assert build() == (0, BUILT)


def test_removed_questions_are_named_in_one_heads_up(project: Path) -> None:
    survey = write(project, SURVEY)
    assert build()[0] == 0
    survey.write_text(HEAD + DEPARTURE)
    output = build()[1]
    assert (
        "questionnaires/leavers.md:1: warning: the questions 'culture' and 'closing' are "
        "gone: the answers given to them before stay in exports"
    ) in output
    assert output.count("warning:") == 1


STATEMENTS = """
### How much do you agree? {#areas}
- type: statements
- scale: agreement
- statements:
  - learned: I learned a lot
  - valued: I felt valued
"""


def test_a_changed_statement_id_warns(project: Path) -> None:
    survey = write(project, SURVEY + STATEMENTS)
    assert build()[0] == 0
    survey.write_text(SURVEY + STATEMENTS.replace("- learned:", "- learning:"))
    output = build()[1]
    assert (
        "questionnaires/leavers.md:25: warning: the ID of this statement changed from "
        "'learned' to 'learning': answers given before stay under 'learned' (put back "
        "'- learned: ...' if it asks the same thing"
    ) in output
    # The ID of the block names no answers: changing it is fine.
    survey.write_text(SURVEY + STATEMENTS.replace("{#areas}", "{#statements}"))
    assert build() == (0, BUILT)


def test_a_removed_choice_still_gets_its_own_heads_up(project: Path) -> None:
    survey = write(project, SURVEY)
    assert build()[0] == 0
    survey.write_text(
        SURVEY.replace("dismissed: I was", "fired: I was").replace("{#culture}", "{#mood}")
    )
    output = build()[1]
    assert "warning: the choice 'dismissed' of 'departure' is gone" in output
    assert "warning: the ID of this question changed from 'culture' to 'mood'" in output


# --- 3: a section's condition written like a question setting ----------------------------

DECISION = "\n## Your decision to leave\nFIRST\n" + CLOSING


def test_a_section_condition_with_a_dash_says_so(project: Path) -> None:
    _, problems = compile_text(
        project, HEAD + DEPARTURE + DECISION.replace("FIRST", "- show if: departure = voluntary")
    )
    assert problems == [
        "questionnaires/t.md:16: a section's condition is written without '- ': "
        "'show if: departure = voluntary' (delete the '- ' at the start of the line)"
    ]


def test_a_section_condition_without_a_dash_is_fine(project: Path) -> None:
    text = HEAD + DEPARTURE + DECISION.replace("FIRST", "show if: departure = voluntary")
    assert compile_text(project, text)[1] == []


def test_other_settings_under_a_section_keep_their_message(project: Path) -> None:
    _, problems = compile_text(
        project,
        HEAD
        + DEPARTURE
        + DECISION.replace("FIRST", "- show if: departure = voluntary\n- type: long text"),
    )
    assert problems == [
        "questionnaires/t.md:15: 'Your decision to leave' is a section heading ('## '), but "
        "question settings follow it (line 16) (start a question with '### ' (three #))"
    ]


def test_a_dashed_section_condition_further_down_must_move_up(project: Path) -> None:
    _, problems = compile_text(
        project,
        HEAD + DEPARTURE + DECISION.replace("FIRST", "Intro.\n- show if: departure = voluntary"),
    )
    assert problems == [
        "questionnaires/t.md:17: 'show if:' must be the first line under the section heading "
        "(move it directly below the '## ' line; elsewhere it would be shown as text)"
    ]
