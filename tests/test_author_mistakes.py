"""Findings of the HR author audit (audit5): texts taken literally, follow-on errors, lines
of conditions, lookalike characters, and what the ID lock remembers about published forms."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from questionnaire_helpers import DEPARTURE, HEAD, build, compile_text, write

from collector.id_lock import LOCK_NAME

# --- H3: plain-text-only texts are taken literally ---------------------------------------

LABELS = """### How long did you work here? {#tenure}
- type: single choice
- hint: An estimate is fine (type <month> <year>), **roughly**.
- choices:
  - lt1: < 1 year
  - gt10: "> 10 years"
  - gt20: ">20 years"
  - tech: "1. Technology"
  - t2: "+ more"
  - t3: Salary 2*3*4 or a_b_c
  - t5: "# of staff"
  - t8: "1999. A year"
  - tech2: Technology <and> IT, data and more

## Your manager {#mgr}

### Rate your manager {#manager}
- type: rating
- scale:
  - "> 1 year: *poor*"
  - "# good"
"""

LITERAL = [
    "< 1 year",
    "> 10 years",
    ">20 years",
    "1. Technology",
    "+ more",
    "Salary 2*3*4 or a_b_c",
    "# of staff",
    "1999. A year",
    "Technology <and> IT, data and more",
]


def test_choice_and_scale_labels_are_taken_literally(project: Path) -> None:
    (forms,), problems = compile_text(project, HEAD + LABELS)
    assert problems == []
    tenure, manager = forms.questions
    assert [c.label for c in tenure.choices] == LITERAL
    assert [c.label for c in manager.choices] == ["> 1 year: *poor*", "# good"]
    # the hint keeps its Markdown, and a '<word>' that is no HTML tag is text, not removed
    assert tenure.hint == "An estimate is fine (type <month> <year>), roughly."
    assert "(type &lt;month&gt; &lt;year&gt;), <strong>roughly</strong>." in tenure.hint_html


def test_literal_labels_are_escaped_on_the_page(project: Path) -> None:
    (project / "questionnaires" / "t.md").write_text(HEAD + LABELS, encoding="utf-8")
    code, output = build()
    assert code == 0, output
    page = (project / "output" / "t" / "index.html").read_text(encoding="utf-8")
    assert "&gt; 10 years" in page
    assert "Technology &lt;and&gt; IT, data and more" in page
    assert "Salary 2*3*4 or a_b_c" in page
    assert "<and>" not in page


def test_a_question_text_is_not_a_quote_or_a_list(project: Path) -> None:
    text = HEAD + "### > 10 people in your team? {#big}\n- type: yes no\n- hint: 1. Think.\n"
    (form,), problems = compile_text(project, text)
    assert problems == []
    (question,) = form.questions
    assert question.text == "> 10 people in your team?"
    assert question.text_html == "&gt; 10 people in your team?"
    assert question.hint == "1. Think."


def test_section_headings_are_taken_literally(project: Path) -> None:
    text = HEAD.replace("## About leaving", "## About *you* & <your> team") + DEPARTURE
    (form,), problems = compile_text(project, text)
    assert problems == []
    assert form.sections[0].title == "About *you* & <your> team"


# --- M3: a file with only front matter ---------------------------------------------------


@pytest.mark.parametrize("body", ["", "\n", "Some text.\n", "## Later {#later}\n"])
def test_a_questionnaire_without_questions_is_an_error(project: Path, body: str) -> None:
    front = HEAD.split("## About")[0]
    forms, problems = compile_text(project, front + body)
    assert forms == []
    assert any(
        p.startswith("questionnaires/t.md:6: the questionnaire has no questions (")
        for p in problems
    ), problems


# --- M1: numbered scale points -----------------------------------------------------------

NUMBERED = "  - 4: Often\n  - 3: Sometimes\n  - 2: Rarely\n  - 1: Never\n"


def test_an_inline_scale_with_numbers_is_an_error(project: Path) -> None:
    text = HEAD + "### Feedback? {#feedback}\n- type: rating\n- scale:\n" + NUMBERED
    forms, problems = compile_text(project, text)
    assert forms == []
    assert problems == [
        "questionnaires/t.md:12: scale points are written without numbers, from the lowest to "
        "the highest (write only the labels, the lowest first: '- Never', '- Rarely', "
        "'- Sometimes', '- Often'; the first line is stored as 1, the next as 2, and so on)"
    ]


def test_a_named_scale_with_numbers_is_an_error(project: Path) -> None:
    text = HEAD.replace(
        "language: en", "language: en\nscales:\n  often:\n  " + NUMBERED.replace("\n  ", "\n    ")
    )
    text += "### Feedback? {#feedback}\n- type: rating\n- scale: often\n"
    forms, problems = compile_text(project, text)
    assert forms == []
    assert problems[0].startswith(
        "questionnaires/t.md:6: in the scale 'often': scale points are written without numbers"
    ), problems


def test_a_scale_label_with_a_colon_must_be_quoted(project: Path) -> None:
    text = HEAD + "### Pay? {#pay}\n- type: rating\n- scale:\n  - Low: too low\n  - Fine\n"
    forms, problems = compile_text(project, text)
    assert forms == []
    assert problems == [
        "questionnaires/t.md:12: the scale label 'Low: too low' has ': ' in it (put the whole "
        "label in double quotes: '- \"Low: too low\"')"
    ]


# --- M2, M5, L10: conditions -------------------------------------------------------------

ENDING = """### How did it end? {#ending}
- type: single choice
- choices:
  - completed: As planned
  - early: Early
"""
LATER = "\n### Why early? {#why}\n- type: long text\n- show if: ending = early\n"


@pytest.mark.parametrize(
    ("mistake", "message"),
    [
        ("- requried: yes\n", ":14: unknown setting 'requried'"),
        ("- required: maybe\n", ":14: 'required' must be yes or no"),
        ("  - early: Again\n", ":14: duplicate choice code 'early'"),
    ],
)
def test_a_broken_question_gives_no_follow_on_condition_errors(
    project: Path, mistake: str, message: str
) -> None:
    forms, problems = compile_text(project, HEAD + ENDING + mistake + LATER)
    assert forms == []
    assert len(problems) == 1, problems
    assert message in problems[0]


def test_a_duplicate_id_gives_no_follow_on_condition_errors(project: Path) -> None:
    twice = ENDING + "\n### Name? {#ending}\n- type: short text\n"
    _, problems = compile_text(project, HEAD + twice + LATER)
    assert len(problems) == 1 and "duplicate question ID 'ending'" in problems[0], problems


def test_an_unknown_question_is_never_suggested_from_itself_or_later(project: Path) -> None:
    text = HEAD + DEPARTURE + "\n### Early money {#early_money}\n- type: yes no\n"
    text += (
        "- show if: early_reasons = pay\n\n### Early reasons {#early_reasons_2}\n- type: yes no\n"
    )
    _, problems = compile_text(project, text)
    assert problems == [
        "questionnaires/t.md:17: the condition refers to an unknown question 'early_reasons' "
        "(use the ID of an earlier question with choices, e.g. 'departure = voluntary')"
    ]


def test_the_example_of_an_unknown_question_comes_from_the_file(project: Path) -> None:
    text = HEAD + "### Name? {#name}\n- type: short text\n- show if: departure = voluntary\n"
    _, problems = compile_text(project, text)
    assert problems == [
        "questionnaires/t.md:11: the condition refers to an unknown question 'departure' "
        "(use the ID of an earlier question with choices; no question before it has any)"
    ]


def test_condition_errors_name_the_show_if_line(project: Path) -> None:
    text = (
        HEAD
        + "### Field? {#first}\n- type: yes no\n- hint: A hint.\n- show if: field = yes\n"
        + "\n## Later {#later}\nshow if: field = yes\n\n### Field {#field}\n- type: yes no\n"
    )
    _, problems = compile_text(project, text)
    assert [p.split(": the")[0] for p in problems] == ["questionnaires/t.md:12"] * 1 + [
        "questionnaires/t.md:15"
    ], problems


def test_a_condition_on_a_statements_block_lists_its_statements(project: Path) -> None:
    text = (
        HEAD
        + "### Learning {#learning}\n- type: statements\n- scale: agreement\n- statements:\n"
        + "  - learned: I learned a lot\n  - welcome: I felt welcome\n"
        + "\n### Why? {#why}\n- type: long text\n- show if: learning = 4\n"
    )
    _, problems = compile_text(project, text)
    assert problems == [
        "questionnaires/t.md:18: 'learning' is a block of statements, not one question: each "
        "statement is answered on its own (learned, welcome) (test one statement, e.g. "
        "'learned = 4')"
    ]


def test_a_question_missing_from_a_translation_is_reported_when_a_condition_uses_it(
    project: Path,
) -> None:
    en = HEAD.replace("language: en", "language: en\ntranslation: t-nl.md")
    nl = (
        HEAD.replace("language: en", "language: nl\ntranslation: t-en.md")
        .replace("Exit survey", "Vertrekenquête")
        .replace("Only HR reads the answers. Taking part is voluntary.", "Alleen HR. Vrijwillig.")
    )
    ask = "### Why? {#why}\n- type: long text\n- show if: ending = early\n"
    (project / "questionnaires" / "t-en.md").write_text(en + ENDING + ask, encoding="utf-8")
    _, problems = compile_text(project, nl + ask, "t-nl.md")
    assert (
        "questionnaires/t-nl.md:10: question 'ending' (questionnaires/t-en.md:10) is missing "
        in ("\n".join(problems))
    ), problems


# --- H2, H1, L8: what the ID lock remembers ----------------------------------------------

MANAGER = "### Your manager? {#manager}\n- type: rating\n- scale: satisfaction\n"
SURVEY = HEAD + DEPARTURE + "\n" + MANAGER


def test_a_changed_scale_under_the_same_id_warns(project: Path) -> None:
    survey = write(project, SURVEY)
    assert build() == (0, "Built 1 questionnaire(s) into output/: leavers\n")
    survey.write_text(
        SURVEY.replace("- scale: satisfaction", "- scale:\n  - Poor\n  - Fair\n  - Good")
    )
    code, output = build()
    assert code == 0
    assert (
        "questionnaires/leavers.md:15: warning: the scale of 'manager' changed from 5 to 3 "
        "points: answers given before cannot be compared with new ones (exports keep them apart "
        "in 'manager.scale_5', the report leaves them out) (give the question "
        "a new ID {#manager_2} if it asks something new, or run 'python build.py --accept-ids' "
        "if no answers were collected yet)"
    ) in output
    assert build("--strict")[0] == 1
    assert "warning" in build()[1]  # it stays until decided
    code, output = build("--accept-ids")
    assert code == 0 and "warning" not in output
    assert "Accepted, and written to ids.lock.json:" in output
    assert "questionnaires/leavers.md:15: the scale of 'manager' changed from 5 to 3" in output
    assert build() == (0, "Built 1 questionnaire(s) into output/: leavers\n")


def test_a_reversed_scale_warns(project: Path) -> None:
    scale = "- scale:\n  - Never\n  - Sometimes\n  - Often\n"
    survey = write(project, SURVEY.replace("- scale: satisfaction\n", scale))
    assert build()[0] == 0
    survey.write_text(
        SURVEY.replace(
            "- scale: satisfaction\n",
            scale.replace("Never", "X").replace("Often", "Never").replace("X", "Often"),
        )
    )
    output = build()[1]
    assert (
        "the scale of 'manager' has its points in another order than before (was: Never, Sometimes, Often)"
        in output
    )
    # new words for the same points are fine
    survey.write_text(
        SURVEY.replace("- scale: satisfaction\n", scale.replace("Often", "Frequently"))
    )
    assert "warning" not in build()[1]


def test_a_changed_type_under_the_same_id_warns(project: Path) -> None:
    survey = write(project, SURVEY)
    assert build()[0] == 0
    survey.write_text(SURVEY.replace("single choice", "dropdown"))  # stored the same way
    assert "warning" not in build()[1]
    survey.write_text(SURVEY.replace("single choice", "multiple choice"))
    output = build()[1]
    assert (
        "questionnaires/leavers.md:9: warning: the type of 'departure' changed from dropdown "
        "to multiple choice: the report counts an answer given before as that one choice; "
        "the export keeps them as given, and its columns change (give the question a new "
        "ID {#departure_2}"
    ) in output


def test_a_removed_choice_gets_a_heads_up_until_it_is_accepted(project: Path) -> None:
    with_more = SURVEY.replace(
        "  - dismissed: I was dismissed\n",
        "  - dismissed: I was dismissed\n  - retired: I retired\n",
    )
    survey = write(project, with_more)
    assert build() == (0, "Built 1 questionnaire(s) into output/: leavers\n")
    # New words for a choice that keeps its code: nothing to say.
    survey.write_text(with_more.replace("I retired", "I am retiring"))
    assert "warning" not in build()[1]
    survey.write_text(SURVEY)
    code, output = build()
    assert code == 0
    assert (
        "questionnaires/leavers.md:9: warning: the choice 'retired' of 'departure' is gone: "
        'answers given with it before keep the code in exports and count as "No longer '
        "offered\" in the report (if you only reworded it, keep its code: '- retired: new "
        "words'; if it should go, run 'python build.py --accept-ids' to stop this warning)"
    ) in output
    assert "warning: the choice 'retired'" in build()[1]  # it stays until decided
    assert "Accepted, and written to ids.lock.json:" in build("--accept-ids")[1]
    assert build() == (0, "Built 1 questionnaire(s) into output/: leavers\n")


def test_a_reworded_choice_without_a_code_is_reported_once(project: Path) -> None:
    derived = SURVEY.replace("  - voluntary: I resigned\n", "  - I resigned\n")
    survey = write(project, derived)
    assert build()[0] == 0
    survey.write_text(derived.replace("I resigned", "I quit"))
    output = build()[1]
    assert "the ID of this choice of 'departure' changes from 'i_resigned' to 'i_quit'" in output
    assert "is gone" not in output


def test_an_old_lock_file_still_loads(project: Path) -> None:
    (project / "questionnaires" / LOCK_NAME).write_text(
        json.dumps({"files": {"leavers.md": {"questions": [], "choices": {}}}})
    )
    write(project, SURVEY)
    assert build() == (0, "Built 1 questionnaire(s) into output/: leavers\n")
    lock = json.loads((project / "questionnaires" / LOCK_NAME).read_text())
    assert lock["files"]["leavers.md"]["slug"] == "leavers"
    assert lock["files"]["leavers.md"]["answers"]["manager"]["type"] == "rating"


def test_a_renamed_questionnaire_warns(project: Path) -> None:
    survey = write(project, SURVEY)
    assert build()[0] == 0
    survey.rename(project / "questionnaires" / "exit-2026.md")
    code, output = build()
    assert code == 0
    assert (
        "questionnaires/exit-2026.md:1: warning: this questionnaire was published as 'leavers' "
        "(as leavers.md); renaming it changes its web address, so the old link stops working "
        "and a new set of answers starts (add 'slug: leavers' to keep them"
    ) in output
    assert build("--strict")[0] == 1
    (project / "questionnaires" / "exit-2026.md").write_text(
        SURVEY.replace("language: en", "language: en\nslug: leavers")
    )
    assert build() == (0, "Built 1 questionnaire(s) into output/: leavers\n")


def test_a_changed_slug_warns(project: Path) -> None:
    survey = write(project, SURVEY.replace("language: en", "language: en\nslug: exit-2025"))
    assert build()[0] == 0
    survey.write_text(SURVEY.replace("language: en", "language: en\nslug: exit-2026"))
    output = build()[1]
    assert (
        "questionnaires/leavers.md:4: warning: this questionnaire was published as 'exit-2025' "
        "and is now 'exit-2026'"
    ) in output
    assert "(write 'slug: exit-2025' to keep them" in output


def test_a_removed_questionnaire_warns(project: Path) -> None:
    write(project, SURVEY)
    other = write(project, SURVEY, "other.md")
    assert build()[0] == 0
    other.unlink()
    output = build()[1]
    assert (
        "questionnaires/ids.lock.json:1: warning: the questionnaire 'other' (other.md) was "
        "published before, but no file builds it any more"
    ) in output
    assert "warning" not in build("--accept-ids")[1]
    assert "warning" not in build()[1]


# --- M6: lookalike and word-processor characters -----------------------------------------


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            ("{#departure}", "{#dеparture}"),
            ":9: 'dеparture' cannot be used as an ID: the 'е' in 'dеparture' is a Cyrillic "
            "letter that looks like 'e' (type the letter again on your keyboard, e.g. "
            "{#departure})",
        ),
        (
            ("  - voluntary:", "  - vоluntary:"),
            ":12: 'vоluntary' cannot be used as a choice code: the 'о' in 'vоluntary' is a "
            "Cyrillic letter that looks like 'o' (type the letter again on your keyboard, e.g. "
            "'- voluntary: I resigned')",
        ),
        (
            ("- type: single", "– type: single"),
            ":10: this line starts with a long dash '–' instead of '-'",
        ),
        (("  - dismissed:", "  — dismissed:"), ":13: this line starts with a long dash '—'"),
        (("- type: single", "- type\uff1a single"), ":10: this line has a full-width colon"),
        (
            ("### How did", "###\u00a0How did"),
            ":9: a no-break space follows '###', so it does not start a heading",
        ),
    ],
)
def test_lookalike_and_word_processor_characters(
    project: Path, edit: tuple[str, str], expected: str
) -> None:
    _, problems = compile_text(project, (HEAD + DEPARTURE).replace(*edit))
    assert len(problems) == 1 and expected in problems[0], problems


def test_a_lookalike_letter_in_a_condition_is_named(project: Path) -> None:
    text = (
        HEAD
        + DEPARTURE
        + "\n### Why? {#why}\n- type: long text\n- show if: dеparture = voluntary\n"
    )
    _, problems = compile_text(project, text)
    assert len(problems) == 1, problems
    assert (
        ":17: cannot read the condition: the 'е' in 'dеparture' is a Cyrillic letter that looks "
        "like 'e': type the letter again on your keyboard"
    ) in problems[0]


# --- L6: ' #' in a list item ---------------------------------------------------------------


def test_a_hash_in_a_front_matter_scale_label_is_an_error(project: Path) -> None:
    text = HEAD.replace(
        "language: en", "language: en\nscales:\n  fit:\n    - Too little # ok\n    - Right"
    )
    text += "### Fit? {#fit}\n- type: rating\n- scale: fit\n"
    _, problems = compile_text(project, text)
    assert len(problems) == 1 and ":6: in the front matter: a '#' in a setting" in problems[0]


def test_a_hash_in_a_block_text_is_kept(project: Path) -> None:
    text = HEAD.replace("privacy:", "intro: |\n  - Room #3 is closed\nprivacy:") + DEPARTURE
    (form,), problems = compile_text(project, text)
    assert problems == []
    assert "Room #3 is closed" in form.intro_html


# --- Audit 6, L2: two options people cannot tell apart -------------------------------------

TENURE = "### How long did you work here? {#tenure}\n- type: single choice\n- choices:\n"


@pytest.mark.parametrize(
    ("choices", "expected"),
    [
        (
            "  - short: Less than a year\n  - long: Less than a year\n",
            ":13: the choices 'short: Less than a year' (line 12) and 'long: Less than a year' "
            "have the same label, so people would see two identical options (give every "
            "choice a label of its own, or remove one of them)",
        ),
        # What people read decides: case and spacing do not make two options different.
        (
            "  - a: Pay\n  - b: Benefits\n  - c: pay \n",
            ":14: the choices 'a: Pay' (line 12) and 'c: pay' have the same label",
        ),
        ("  - a: Pay\n  - Pay\n", ":13: the choices 'a: Pay' (line 12) and 'pay: Pay'"),
    ],
)
def test_two_choices_with_the_same_label_are_an_error(
    project: Path, choices: str, expected: str
) -> None:
    forms, problems = compile_text(project, HEAD + TENURE + choices)
    assert forms == []
    assert len(problems) == 1 and expected in problems[0], problems


def test_two_scale_points_with_the_same_label_are_an_error(project: Path) -> None:
    text = HEAD + "### Pay? {#pay}\n- type: rating\n- scale:\n  - Good\n  - Fair\n  - Good\n"
    forms, problems = compile_text(project, text)
    assert forms == []
    assert problems == [
        "questionnaires/t.md:14: points 1 and 3 of the scale have the same label, 'Good' "
        "(line 12) and 'Good', so people would see two identical options (give every point "
        "a label of its own, from low to high)"
    ]


@pytest.mark.parametrize(
    ("setting", "choice", "expected"),
    [
        (
            "- prefer not to say: yes\n",
            "  - pnts: Prefer not to say\n",
            ":14: the 'prefer not to say' option has the same label as the choice 'pnts', "
            "'Prefer not to say', so people would see two identical options (remove the "
            "choice 'pnts': '- prefer not to say:' adds this option already)",
        ),
        (
            "- other: yes\n",
            "  - other_reason: Other, namely\n",
            ":14: the 'other' option has the same label as the choice 'other_reason'",
        ),
    ],
)
def test_an_added_option_that_repeats_a_choice_is_an_error(
    project: Path, setting: str, choice: str, expected: str
) -> None:
    text = HEAD + TENURE + "  - short: Less than a year\n" + choice + setting
    forms, problems = compile_text(project, text)
    assert forms == []
    assert len(problems) == 1 and expected in problems[0], problems


# --- Audit 6, L3: a number range that its step does not fit ---------------------------------

NUMBER = "### Hours per week? {#hours}\n- type: number\n"


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        (
            "- min: 8\n- max: 8\n",
            ":11: min and max are both 8, so that is the only answer possible (make max larger "
            "than min)",
        ),
        (
            "- min: 8\n- max: 40\n- step: 50\n",
            ":13: 'step: 50' is larger than the range from 8 to 40, so only 8 could be entered "
            "(use a step of at most 32, e.g. 'step: 1')",
        ),
        (
            "- min: 8\n- max: 40\n- step: 5\n",
            ":11: 'min: 8' is not a multiple of 'step: 5', so the numbers allowed would be 8, "
            "13, 18 and so on (make min a multiple of the step, e.g. 'min: 5' or 'min: 10')",
        ),
        (
            "- min: 10\n- max: 42\n- step: 5\n",
            ":12: 'max: 42' is not a multiple of 'step: 5', so 42 itself could not be entered "
            "(make max a multiple of the step, e.g. 'max: 40' or 'max: 45')",
        ),
        (
            "- min: 0.1\n- max: 0.35\n- step: 0.1\n",
            ":12: 'max: 0.35' is not a multiple of 'step: 0.1'",
        ),
        # Without a step only whole numbers are accepted, so 7.5 itself would be refused.
        (
            "- max: 7.5\n",
            ":11: 'max: 7.5' is not a whole number, and without a 'step:' only whole numbers "
            "can be entered (write a whole number, or add a step that fits it, e.g. "
            "'step: 0.5')",
        ),
    ],
)
def test_a_number_range_its_step_does_not_fit_is_an_error(
    project: Path, settings: str, expected: str
) -> None:
    forms, problems = compile_text(project, HEAD + NUMBER + settings)
    assert forms == []
    assert len(problems) == 1 and expected in problems[0], problems


@pytest.mark.parametrize(
    "settings",
    [
        "- min: 10\n- max: 40\n- step: 5\n",
        "- min: -20\n- max: 100\n- step: 0.5\n",
        "- min: 0\n- max: 5\n- step: 0.5\n",
        "- min: 0.3\n- max: 0.9\n- step: 0.1\n",
        "- min: 8\n- max: 40\n",
        "- max: 60\n- step: 0.25\n",
        "- min: 1\n",
    ],
)
def test_a_number_range_its_step_fits_builds(project: Path, settings: str) -> None:
    forms, problems = compile_text(project, HEAD + NUMBER + settings)
    assert problems == [] and len(forms) == 1


# --- Audit 6, L4: a named scale is reported at its own line, once ---------------------------


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        (
            "    - Only one\n",
            "questionnaires/t.md:5: the scale 'effort' has one point (list at least two "
            "labels, from low to high)",
        ),
        (
            "".join(f"    - Level {n}\n" for n in range(12)),
            "questionnaires/t.md:5: the scale 'effort' has 12 points; a scale can have at "
            "most 11 (shorten the scale)",
        ),
        (
            "    - Low\n    - High\n    - low\n",
            "questionnaires/t.md:8: points 1 and 3 of the scale 'effort' have the same label, "
            "'Low' (line 6) and 'low', so people would see two identical options (give every "
            "point a label of its own, from low to high)",
        ),
        # The same rules and words as a scale under a question, at the label's own line
        # (before, both read "the scale 'effort' has no labels", at the scale's name).
        (
            "    - Low: too low\n    - Fine\n",
            "questionnaires/t.md:6: the label 'Low: too low' in the scale 'effort' has ': ' in "
            "it (put the whole label in double quotes: '- \"Low: too low\"')",
        ),
        (
            "    - Low\n    -\n    - High\n",
            "questionnaires/t.md:7: a point of the scale 'effort' has no label (give every "
            "point a label, e.g. '- Agree')",
        ),
    ],
)
def test_a_named_scale_that_cannot_be_used_is_reported_in_the_front_matter(
    project: Path, labels: str, expected: str
) -> None:
    head = HEAD.replace("language: en", "language: en\nscales:\n  effort:\n" + labels)
    rating = "### Effort? {#effort}\n- type: rating\n- scale: effort\n"
    later = "\n### Why? {#why}\n- type: long text\n- show if: effort = 1\n"
    forms, problems = compile_text(project, head + rating + later)
    assert forms == []
    # Not again at the question that uses it, and no follow-on error for the condition.
    assert problems == [expected]


# --- Audit 6, L1: the fix for '###Why?' is never cut short ----------------------------------


def test_the_fix_for_a_heading_without_a_space_is_given_in_full(project: Path) -> None:
    heading = "What would you tell your manager about the midterm review? {#midterm_review}"
    _, problems = compile_text(project, HEAD + f"###{heading}\n- type: long text\n")
    assert problems == [
        "questionnaires/t.md:9: '###' needs a space after it to start a heading "
        f"(write '### {heading}')"
    ]


# --- Audit 6, L7: a label that starts with '>' or '|' ---------------------------------------


def test_a_hint_on_the_same_line_as_a_block_sign_is_asked_to_start_below(
    project: Path,
) -> None:
    item = "- hint: > Think of the last year\n  and the year before.\n"
    _, problems = compile_text(
        project,
        HEAD
        + TENURE.replace("- choices:\n", item + "- choices:\n")
        + "  - short: Less than a year\n",
    )
    assert problems == [
        "questionnaires/t.md:11: the text after '- hint: >' must start on the next line (write "
        "'- hint: >' alone, and 'Think of the last year' and the rest on the lines below it, "
        "each indented by two spaces)"
    ]


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        (
            "  - gt10: > 10 years\n",
            "'>' must be put in double quotes (write it as '- gt10: \"> 10 years\"')",
        ),
        ("  - >20 years\n", "'>' must be put in double quotes (write it as '- \">20 years\"')"),
        (
            "  - either: | or\n",
            "'|' must be put in double quotes (write it as '- either: \"| or\"')",
        ),
    ],
)
def test_a_label_starting_with_a_block_sign_names_it(
    project: Path, item: str, expected: str
) -> None:
    _, problems = compile_text(project, HEAD + TENURE + "  - short: Less than a year\n" + item)
    assert problems == [f"questionnaires/t.md:13: a text that starts with {expected}"]


# --- Audit 6, L10: a condition on a statements block -----------------------------------------

BLOCK = "### Learning {#learning}\n- type: statements\n- scale: {scale}\n- statements:\n"
BLOCK += "  - learned: I learned a lot\n  - welcome: I felt welcome\n"
ASK = "\n### Why? {#why}\n- type: long text\n- show if: learning = 3\n"


def test_the_example_for_a_statements_block_is_a_point_its_scale_has(project: Path) -> None:
    block = BLOCK.replace("{scale}", "\n  - Too little\n  - Right\n  - Too much")
    _, problems = compile_text(project, HEAD + block + ASK)
    assert problems == [
        "questionnaires/t.md:21: 'learning' is a block of statements, not one question: each "
        "statement is answered on its own (learned, welcome) (test one statement, e.g. "
        "'learned = 3')"
    ]


def test_a_condition_on_a_later_statements_block_says_it_comes_later(project: Path) -> None:
    _, problems = compile_text(
        project, HEAD + ASK.lstrip() + "\n" + BLOCK.replace("{scale}", "agreement")
    )
    assert problems == [
        "questionnaires/t.md:11: 'learning' is a block of statements, not one question: each "
        "statement is answered on its own (learned, welcome) (a condition can only look at "
        "questions asked before it)"
    ]


def test_a_scale_under_a_question_with_too_many_points_says_how_many(project: Path) -> None:
    points = "".join(f"  - Level {n}\n" for n in range(12))
    _, problems = compile_text(
        project, HEAD + "### Effort? {#effort}\n- type: rating\n- scale:\n" + points
    )
    assert problems == [
        "questionnaires/t.md:11: the scale has 12 points; a scale can have at most 11 "
        "(shorten the scale)"
    ]


# --- audit7: front matter texts, slugs, quotes, indentation, a condition written as text --

FRONT = "---\ntitle: Exit survey\nlanguage: en\n{}privacy: Only HR reads the answers.\n---\n\n"
BODY = "## About leaving {#leaving}\n\n" + DEPARTURE
PIPE = (
    "a text that runs over more than one line starts with '|': write 'intro: |' and put the "
    "text on the lines below it, each indented by two spaces"
)

FRONT_MATTER_MISTAKES = [
    (
        "a text continued on an unindented line",
        "intro: We would like to learn\nfrom your experience.\n",
        "5: in the front matter: this line continues the text of 'intro' (line 4), but is not "
        f"indented ({PIPE})",
    ),
    (
        "a second paragraph without '|'",
        "intro: First paragraph.\n\nSecond paragraph.\n",
        "6: in the front matter: this line continues the text of 'intro' (line 4), but is not "
        f"indented ({PIPE})",
    ),
    (
        "an indented continuation with ': ' in it",
        "intro: We would like to learn\n  from you: honestly.\n",
        "5: in the front matter: this line continues the text of 'intro' (line 4) and has ': ' "
        f"in it, which settings read as a new 'name: value' ({PIPE}; then a ': ' in it is fine)",
    ),
    (
        "a one-line text with ': ' in it",
        "intro: Note: this takes 5 minutes\n",
        "4: in the front matter: the text of 'intro' has ': ' in it (put the whole text in "
        'double quotes: intro: "Note: this takes 5 minutes")',
    ),
    (
        "the text under '|' not indented",
        "intro: |\nWe would like to learn.\n",
        "5: in the front matter: the text of 'intro: |' is not indented (indent every line of "
        "the text by two spaces)",
    ),
    (
        "a '|' text that stops being indented",
        "intro: |\n  We ask about:\n- pay\n",
        "6: in the front matter: this line is not indented, so it is not part of the text of "
        "'intro' (line 4) (indent every line of the text by two spaces, empty lines between "
        "paragraphs too)",
    ),
    (
        "the text on the same line as '|'",
        "intro: | We would like to learn\n  from your experience.\n",
        "4: in the front matter: the text after 'intro: |' must start on the next line (write "
        "'intro: |' alone, and 'We would like to learn' and the rest on the lines below it, "
        "each indented by two spaces)",
    ),
    (
        "a colon left out",
        "slug exit-en\n",
        "4: in the front matter: 'slug exit-en' has no ':' after 'slug' (write 'slug: exit-en')",
    ),
    (
        "no space after the colon",
        "slug:exit-en\n",
        "4: in the front matter: 'slug:exit-en' has no space after the colon "
        "(write 'slug: exit-en')",
    ),
    (
        "a setting indented",
        "  slug: exit-en\n",
        "4: in the front matter: 'slug' is indented, so it is read as part of the text of "
        "'language' (line 3) (start 'slug:' at the beginning of the line, without spaces "
        "before it)",
    ),
    (
        "a setting written with '- '",
        "- slug: exit-en\n",
        "4: in the front matter: '- slug: exit-en' starts with '- ' (write the settings at the "
        "top without '- ': 'slug: exit-en')",
    ),
    (
        "a '#' in a text",
        "intro: We are #1 for you\n",
        "4: in the front matter: a '#' in a setting starts a comment, so the rest of the line "
        'would be lost (put the whole text in double quotes: intro: "We are #1 for you")',
    ),
    (
        "double quotes inside double quotes",
        'intro: "The "new" survey"\n',
        "4: in the front matter: this text starts with a double quote, so it ends at the next "
        'one and the rest cannot be read (put the whole text in double quotes, with \\" for '
        'each double quote in it: intro: "The \\"new\\" survey")',
    ),
    (
        "a 300-character slug",
        "slug: " + "a" * 300 + "\n",
        "4: the slug '" + "a" * 30 + "...' is 300 characters long; a slug can have at most 100 "
        "characters (use a short slug: it is the form's web address, e.g. 'slug: exit-en')",
    ),
]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [case[1:] for case in FRONT_MATTER_MISTAKES],
    ids=[case[0] for case in FRONT_MATTER_MISTAKES],
)
def test_a_front_matter_mistake_says_which_line_and_what_to_do(
    project: Path, lines: str, expected: str
) -> None:
    _, problems = compile_text(project, FRONT.format(lines) + BODY)
    assert problems == [f"questionnaires/t.md:{expected}"]


def test_a_long_slug_stops_the_build_before_anything_is_written(project: Path) -> None:
    write(project, FRONT.format("slug: " + "a" * 300 + "\n") + BODY)
    (project / "output").mkdir()
    (project / "output" / "index.html").write_text("old site", encoding="utf-8")
    code, output = build()
    assert code == 1
    assert "questionnaires/leavers.md:4: the slug 'aaaa" in output
    assert "File name too long" not in output
    assert (project / "output" / "index.html").read_text(encoding="utf-8") == "old site"


def test_the_longest_slug_is_the_longest_the_collector_stores() -> None:
    from collector.front_matter import MAX_SLUG_LENGTH
    from collector.store_format import check_slug

    check_slug("a" * MAX_SLUG_LENGTH)
    with pytest.raises(ValueError, match="invalid questionnaire slug"):
        check_slug("a" * (MAX_SLUG_LENGTH + 1))


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("index.md", "'index' is used by the site itself"),
        ("Admin.md", "'admin' is used by the site itself"),
        ("日本.md", "it has no letters a to z or digits"),
    ],
)
def test_a_file_name_that_cannot_be_a_slug_is_reported(project: Path, name: str, why: str):
    _, problems = compile_text(project, FRONT.format("") + BODY, name)
    assert problems == [
        f"questionnaires/{name}:1: the file name '{name}' cannot be the form's web address "
        f"(slug): {why} (add a slug to the front matter, e.g. 'slug: exit-en', or give the "
        "file a name such as 'exit-en.md')"
    ]


SETTINGS_MISTAKES = [
    (
        "an apostrophe in single quotes",
        "  - unsure: 'I don't know'\n",
        "13: this text starts with an apostrophe, so it ends at the next one and the rest "
        'cannot be read (put the whole text in double quotes: - unsure: "I don\'t know")',
    ),
    (
        "a ': ' in a choice label",
        "  - pay: Pay: base salary\n",
        "13: a line is not a 'name: value' setting, or a text contains ': ' (put such a text in "
        "double quotes: - pay: \"Pay: base salary\"; explanations go in '- hint:')",
    ),
    (
        "a setting without its '- ' among dashed ones",
        "required: yes\n- hint: Pick one\n",
        "13: this line should be a list item, like the lines around it (start it with a dash "
        "and a space: '- ')",
    ),
    (
        "a colon left out after a setting's name",
        "- prefer not to say yes\n",
        "13: '- prefer not to say yes' has no ':' after 'prefer not to say' "
        "(write '- prefer not to say: yes')",
    ),
]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [case[1:] for case in SETTINGS_MISTAKES],
    ids=[case[0] for case in SETTINGS_MISTAKES],
)
def test_a_settings_mistake_says_how_to_write_it(project: Path, lines: str, expected: str):
    text = (FRONT.format("") + BODY).replace("  - dismissed: I was dismissed\n", "")
    _, problems = compile_text(project, text + lines)
    assert problems == [f"questionnaires/t.md:{expected}"]


def test_a_setting_indented_under_the_one_above_says_they_do_not_line_up(project: Path):
    text = (FRONT.format("") + BODY).replace("- choices:", "  - required: yes\n- choices:")
    _, problems = compile_text(project, text)
    assert problems == [
        "questionnaires/t.md:11: this line is indented by 2 spaces and the line above it by 0, "
        "so the settings and their lists do not line up (start every setting at the beginning "
        "of the line, e.g. '- type: single choice', and indent the items under '- choices:', "
        "'- scale:' or '- statements:' by two spaces)"
    ]


def test_a_choice_four_spaces_in_says_the_choices_do_not_line_up(project: Path) -> None:
    text = (FRONT.format("") + BODY).replace("  - voluntary", "    - voluntary")
    _, problems = compile_text(project, text)
    assert len(problems) == 1
    assert problems[0].startswith(
        "questionnaires/t.md:13: this line is indented by 2 spaces and the line above it by 4"
    )


def test_a_setting_indented_into_the_choices_says_to_move_it_out(project: Path) -> None:
    _, problems = compile_text(project, FRONT.format("") + BODY + "  - required: yes\n")
    assert problems == [
        "questionnaires/t.md:14: 'required: yes' is indented like a choice, but 'required' is "
        "a setting of the question (write it in line with '- choices:', not indented under "
        "it: '- required: yes')"
    ]


@pytest.mark.parametrize(
    "first_line",
    [
        "show if departure = voluntary",
        "only if: departure = voluntary",
        "toon als: departure = voluntary",
        "*show if: departure = voluntary*",
    ],
)
def test_a_section_condition_written_another_way_is_not_shown_as_text(
    project: Path, first_line: str
) -> None:
    text = FRONT.format("") + BODY + f"\n## Why you left {{#why_left}}\n{first_line}\n\n"
    _, problems = compile_text(project, text + "### Why? {#why}\n- type: long text\n")
    assert problems == [
        f"questionnaires/t.md:16: '{first_line}' is not read as the section's condition, so "
        "leavers would see it as text and the section would be shown to everyone (write it as "
        "'show if: departure = voluntary' on the first line under the '## ' heading)"
    ]


def test_a_section_intro_that_starts_with_if_is_still_text(project: Path) -> None:
    text = FRONT.format("") + BODY + "\n## Why you left {#why_left}\nIf you resigned, tell us.\n\n"
    forms, problems = compile_text(project, text + "### Why? {#why}\n- type: long text\n")
    assert problems == []
    assert "If you resigned" in forms[0].sections[1].intro_html
