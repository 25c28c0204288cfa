"""Round 32: a question changed from one code question into another.

Round 31 left out, with a note, the answers given when a question was a text, number or
date question. Between two code questions the report still read a stored code as one of
the question's codes now, whatever it meant then: a rating's "3" ("Fair") counted as the
choice "3" ("Average"), a choice "3" as a 3 on a rating or of 0-10 (a detractor), a
rating's points as a "No longer offered (Very poor, ...)" choice; and several choices
given to what is a one-answer question now, or choices given to what is a rating now,
were dropped without a word. Now answers whose codes mean the same (a yes/no or single
choice answer to what is multiple choice now, one one-answer question as another) count
by their code, and the others are left out with a note, its number under round 31's rule.
A question that was a rating on other points and a 0-10 question has both notes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from support.report_page import Page, add, report, table_of
from support.type_changes import KINDS, closing_as

from collector.builder import build_site

CODED = {
    **KINDS,
    "digit choice": (
        '- type: single choice\n- choices:\n  - "1": Very poor\n  - "3": Average\n'
        '  - "5": Excellent',
        '- type: single choice\n- choices:\n  - "1": Zeer slecht\n  - "3": Gemiddeld\n'
        '  - "5": Uitstekend',
    ),
    "multiple choice": (
        "- type: multiple choice\n- choices:\n  - pay: Pay\n  - manager: My manager",
        "- type: multiple choice\n- choices:\n  - pay: Salaris\n  - manager: Mijn leidinggevende",
    ),
    "yes no": ("- type: yes no",) * 2,
    "0-10": ("- type: recommend",) * 2,
    "7 points": (
        "- type: rating\n- scale:\n" + "".join(f"  - Point {i}\n" for i in range(1, 8)),
        "- type: rating\n- scale:\n" + "".join(f"  - Punt {i}\n" for i in range(1, 8)),
    ),
}
AS_CHOICE = "given when this question was a rating, 0-10 or multiple-choice question"
AS_SCORE = "given when this question was a choice question"
AS_MANY = "given when this question was a rating or 0-10 question"


def _change(now: str, to: str) -> list[tuple[str, str]]:
    """The edits (English and Dutch) that make ``closing``, a ``now`` question of
    ``CODED``, a ``to`` question."""
    return list(zip(closing_as(CODED[now]), closing_as(CODED[to]), strict=True))


def _asked(versions, *steps: tuple[str, list[object]]) -> object:
    """``closing`` asked as each kind of ``steps`` in turn, with those answers given."""
    app, rebuild = versions
    before = "long text"
    for kind, answers in steps:
        rebuild(*_change(before, kind))
        for answer in answers:
            add(app, {"departure": "voluntary", "closing": answer})
        before = kind
    return app


def _closing(page: Page) -> str:
    """What the report says of ``closing``: its section, the last one."""
    return page.section("s-finally").text()


# -- 1. a point of a scale is no choice, a choice no point ------------------------------------


def test_a_rating_point_is_not_the_choice_with_the_same_code(versions, tmp_path: Path) -> None:
    """`flask report`, as HR runs it: six "3"s of a rating ("Fair") are no "Average"."""
    app = _asked(versions, ("rating", ["3"] * 6), ("digit choice", ["3"] * 5))
    output = tmp_path / "report.html"
    result = app.test_cli_runner().invoke(args=["report", "exit-en", "--output", str(output)])
    assert result.exit_code == 0, result.output
    said = _closing(Page(output.read_text("utf-8")))
    assert "Average 5 45%" in said and "Average 11" not in said, said
    assert f"6 answers {AS_CHOICE}" in said and "under “No answer”" in said, said
    assert "Fair" not in said and "No longer offered" not in said, said


def test_a_choice_is_no_point_of_a_rating(versions) -> None:
    app = _asked(versions, ("digit choice", ["3"] * 6), ("rating", ["5"] * 5))
    page = report(app)
    said = _closing(page)
    assert "100% favourable · 5 answers" in page.text(), said
    assert "11 answers" not in said and f"6 answers {AS_SCORE}" in said, said


def test_a_choice_is_no_score_of_the_0_10_question(versions) -> None:
    """A choice "3" counted as a 3 of 0-10 made six detractors: eNPS -10, not +100."""
    app = _asked(versions, ("digit choice", ["3"] * 6), ("0-10", ["9"] * 5))
    said = _closing(report(app))
    assert "eNPS +100" in said and "5 answers." in said, said
    assert "−10" not in said and f"6 answers {AS_SCORE}" in said, said


def test_a_rating_is_no_earlier_choice_of_a_multiple_choice_question(versions) -> None:
    app = _asked(versions, ("rating", ["4"] * 6), ("multiple choice", [["pay"]] * 5))
    said = _closing(report(app))
    assert "No longer offered" not in said and "Very poor" not in said, said
    assert "of the 5 people who answered" in said, said
    assert f"6 answers {AS_MANY}" in said, said


def test_a_breakdown_by_it_has_no_group_of_rating_points(versions) -> None:
    """A rating given when the breakdown's question was a rating is no group of it."""
    app = _asked(versions, ("rating", ["4"] * 6), ("single choice", ["pay"] * 5))
    page = report(app, breakdown="closing")
    table = table_of(page, "breakdown-table")
    assert not any("No longer offered" in cell for cell in [*table, *table[""]]), table
    assert f"6 answers {AS_CHOICE}" in _closing(page)


# -- 2. several choices are no one answer ------------------------------------------------------


def test_several_choices_given_to_a_now_one_answer_question_are_not_dropped_silently(
    versions,
) -> None:
    given = [["pay", "manager"]] * 3 + [["pay"]] * 3
    app = _asked(versions, ("multiple choice", given), ("single choice", ["manager"] * 5))
    said = _closing(report(app))
    assert "My manager 5 45%" in said and "No answer 6 55%" in said, said
    assert f"6 answers {AS_CHOICE}" in said, said


def test_the_dutch_report_says_so_in_dutch(versions) -> None:
    app, rebuild = versions
    rebuild(*_change("long text", "multiple choice"))
    add(app, {"departure": "voluntary", "closing": ["pay"]}, n=6, slug="exit-nl")
    rebuild(*_change("multiple choice", "single choice"))
    add(app, {"departure": "voluntary", "closing": "pay"}, n=5, slug="exit-nl")
    said = _closing(report(app, "exit-nl"))
    assert "6 antwoorden die gegeven zijn toen deze vraag een beoordeling" in said, said


# -- 3. where the codes mean the same, they count ----------------------------------------------


def test_a_yes_no_answer_counts_as_that_one_choice_and_says_so(versions) -> None:
    app = _asked(versions, ("yes no", ["yes"] * 6), ("multiple choice", [["pay"]] * 5))
    said = _closing(report(app))
    assert "No longer offered (Yes, No) 6" in said, said
    assert "An earlier version allowed only one answer to this question" in said, said
    assert "given when this question was" not in said, said


# -- 4. how many: only when no small group is given away ---------------------------------------


def test_fewer_than_k_left_out_are_noted_without_their_number(versions) -> None:
    app = _asked(versions, ("multiple choice", [["pay"]] * 2), ("single choice", ["pay"] * 5))
    said = _closing(report(app))
    assert f"Answers {AS_CHOICE}" in said and "2 answers" not in said, said


def test_no_number_when_those_who_skipped_it_are_a_small_group(versions) -> None:
    """12 responses, 5 answers, 6 left out: 1 skipped it."""
    app = _asked(versions, ("0-10", ["8"] * 6), ("multiple choice", [["pay"]] * 5 + [None]))
    said = _closing(report(app))
    assert f"Answers {AS_MANY}" in said and "6 answers" not in said, said


# -- 5. another number of points and the 0-10 question, both -----------------------------------


def test_a_rating_once_on_other_points_and_once_0_10_has_both_notes(versions) -> None:
    app = _asked(versions, ("rating", ["4"] * 5), ("0-10", ["7"] * 6), ("7 points", ["3"] * 5))
    said = _closing(report(app))
    assert "5 answers given on an earlier scale (another number of points" in said, said
    assert "6 answers given on an earlier scale (when this question was a 0-10" in said, said
    assert "11 answers" not in said, said


# -- 6. the build's warning says what the report does ------------------------------------------


def _warning(tmp_path: Path, then: str, now: str) -> str:
    """The build's warning on ``closing`` when it was a ``then`` question and is a ``now``."""
    source = tmp_path / f"{then}-{now}"
    source.mkdir()
    for path in (Path(__file__).resolve().parent.parent / "questionnaires").glob("*.md"):
        shutil.copy(path, source / path.name)  # not its ids.lock.json: built afresh
    warned = []
    for before, after in (("long text", then), (then, now)):
        for path in source.glob("*.md"):
            text = path.read_text("utf-8")
            for old, new in _change(before, after):
                text = text.replace(old, new)
            path.write_text(text, "utf-8")
        warned = build_site(source, source / "output").warnings
    return next((str(w) for w in warned if "the type of 'closing'" in str(w)), "")


def test_the_build_warning_says_which_answers_are_left_out_and_which_count(
    tmp_path: Path,
) -> None:
    said = _warning(tmp_path, "rating", "single choice")
    assert "the report leaves answers given before out, with a note" in said, said
    said = _warning(tmp_path, "yes no", "single choice")
    assert "counts an answer given before as the choice with the same code" in said, said
    assert "may be read as the new type" not in said, said
    # A number or date that became multiple choice: left out with a note since round 33.
    said = _warning(tmp_path, "number", "multiple choice")
    assert "the report leaves answers given before out, with a note" in said, said


# -- round 32's review: the words typed before count among what the page shows -------------
# A multiple choice question that was a text question and then a rating: its page gives the
# responses, the answers, the words typed then (a comment list) and, in the note, the
# ratings left out. Those who skipped it are what is left: the note may give its number only
# when that is none or a group of k or more, as for every other question.


def test_no_number_when_the_words_typed_before_leave_one_who_skipped(versions) -> None:
    """21 responses, 5 answers, 5 ratings left out, 10 words typed before: 1 skipped it."""
    app = _asked(
        versions,
        ("long text", ["Too little room to grow"] * 10),
        ("rating", ["4"] * 5),
        ("multiple choice", [["pay"]] * 5 + [None]),
    )
    page = report(app)
    assert "21 responses" in page.text() and "10 answers, in random order" in page.text()
    said = _closing(page)
    assert f"Answers {AS_MANY}" in said and "5 answers given" not in said, said


def test_the_number_is_given_when_those_who_skipped_are_k_or_more(versions) -> None:
    """The same with 5 who skipped it: each group the numbers give is 5 or more."""
    app = _asked(
        versions,
        ("long text", ["Too little room to grow"] * 10),
        ("rating", ["4"] * 5),
        ("multiple choice", [["pay"]] * 5 + [None] * 5),
    )
    said = _closing(report(app))
    assert f"5 answers {AS_MANY}" in said, said
