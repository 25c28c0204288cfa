"""Round 31: the note on answers given on an earlier scale goes by the small-group rule.

A rating whose scale changed leaves the old answers out with a note saying how many. It
said so once they were *k* or more, but the page also gives the responses and the
rating's answers: 12 responses, 6 on the new scale and "5 answers given on an earlier
scale" leave exactly 1 who skipped the question. Now that note gives its number only when
those who skipped are none or *k* or more, as the note on answers given to another type
of question does (one rule for both, and for a block that has both).
"""

from __future__ import annotations

from pathlib import Path

from support.report_page import add, report
from support.type_changes import closing_as

#: ``closing`` as a 5-point rating, then as a 4-point one (a scale named in front matter).
FIVE = closing_as(("- type: rating\n- scale: quality",) * 2)
FOUR = closing_as(("- type: rating\n- scale: four",) * 2)
SCALE_FOUR = (
    "thank_you: |",
    "scales:\n  four:\n    - One\n    - Two\n    - Three\n    - Four\nthank_you: |",
)
AFTER = "anything else you would like to tell us?"
EARLIER = "answers given on an earlier scale"
TYPED = "given when this question was a text, number or date question"
LONG_TEXT = closing_as(("- type: long text\n- max length: 2000",) * 2)


def _closing(text: str) -> str:
    """What the report says of ``closing`` (the last question), up to the comments."""
    return text.split(AFTER)[-1].split("Comments")[0]


def _five_then_four(versions, earlier: int, now: int, skipped: int):
    """``earlier`` answers on the 5-point scale, then ``now`` on the 4-point one and
    ``skipped`` responses without ``closing``: the app."""
    app, rebuild = versions
    rebuild(*zip(LONG_TEXT, FIVE, strict=True))
    add(app, {"departure": "voluntary", "closing": "4"}, n=earlier)
    rebuild(SCALE_FOUR, *zip(FIVE, FOUR, strict=True))
    add(app, {"departure": "voluntary", "closing": "3"}, n=now)
    if skipped:
        add(app, {"departure": "voluntary"}, n=skipped)
    return app


def test_an_earlier_scale_note_does_not_give_away_one_who_skipped(versions) -> None:
    """12 responses, 6 on the new scale, 5 on the old: 12 - 6 - 5 = 1 skipped it."""
    app = _five_then_four(versions, earlier=5, now=6, skipped=1)
    text = report(app).text()
    assert f"{AFTER} 100% favourable · 6 answers" in text, text
    said = _closing(text)
    assert "Answers given on an earlier scale" in said, said
    assert f"5 {EARLIER}" not in said, said


def test_the_dutch_note_does_not_either(versions) -> None:
    app = _five_then_four(versions, earlier=5, now=6, skipped=1)
    text = report(app, "exit-nl").text()
    assert "Antwoorden op een eerdere schaal" in text, text
    assert "5 antwoorden op een eerdere schaal" not in text, text


def test_an_earlier_scale_note_counts_when_none_or_k_skipped(versions) -> None:
    app = _five_then_four(versions, earlier=5, now=6, skipped=0)
    assert f"5 {EARLIER}" in _closing(report(app).text())


def test_an_earlier_scale_note_counts_when_k_skipped(versions) -> None:
    app = _five_then_four(versions, earlier=5, now=6, skipped=5)
    assert f"5 {EARLIER}" in _closing(report(app).text())


def test_a_prefer_not_to_say_on_the_earlier_scale_is_no_answer_left_out(versions) -> None:
    """A "prefer not to say" given on the old scale is no rating on any scale: the note
    counted it as an answer left out (5 + 1 = "6 answers given on an earlier scale")."""
    app, rebuild = versions
    rebuild(*zip(LONG_TEXT, FIVE, strict=True))
    add(app, {"departure": "voluntary", "closing": "4"}, n=5)
    add(app, {"departure": "voluntary", "closing": "prefer_not_to_say"})
    rebuild(SCALE_FOUR, *zip(FIVE, FOUR, strict=True))
    add(app, {"departure": "voluntary", "closing": "3"}, n=6)
    said = _closing(report(app).text())
    assert f"6 {EARLIER}" not in said, said


# -- what the page hides stays hidden (round 31's review of the notes) ----------------------


def _question_block(language: str, qid: str) -> str:
    """The example questionnaire's question ``qid``, from its heading to the blank line."""
    text = (Path(__file__).parent.parent / "questionnaires" / f"exit-{language}.md").read_text(
        encoding="utf-8"
    )
    heading = text.index(f"{{#{qid}}}")
    start = text.rindex("### ", 0, heading)
    return text[start : text.index("\n\n", heading)]


#: The example's ``department`` dropdown, and the same question as a short text box.
DEPARTMENT = (_question_block("en", "department"), _question_block("nl", "department"))
DEPARTMENT_TYPED = tuple(b.split("\n")[0] + "\n- type: short text" for b in DEPARTMENT)


def _department_typed_then_chosen(versions, typed: int, finance: int, hr: int):
    """``typed`` answers to ``department`` as a text box, then ``finance`` and ``hr``
    chosen from the dropdown: the app."""
    app, rebuild = versions
    rebuild(*zip(DEPARTMENT, DEPARTMENT_TYPED, strict=True))
    add(app, {"departure": "voluntary", "department": "finance dept"}, n=typed)
    rebuild(*zip(DEPARTMENT_TYPED, DEPARTMENT, strict=True))
    add(app, {"departure": "voluntary", "department": "finance"}, n=finance)
    add(app, {"departure": "voluntary", "department": "hr"}, n=hr)
    return app


def _department(text: str) -> str:
    """The department chart and its notes (a breakdown's table names the question first)."""
    parts = text.split("Which department did you work in?")[1:]
    return [p[:900] for p in parts if "Finance" in p[:900]][-1]


def test_a_note_gives_no_number_that_tells_a_hidden_small_group(versions) -> None:
    """15 responses, Finance 7 shown, HR (2) and "No answer" hidden together: "6 answers
    given when it was a text question ... under 'No answer'" told that the other 8 hidden
    were 6 typed and 2 in HR."""
    app = _department_typed_then_chosen(versions, typed=6, finance=7, hr=2)
    for view in ({}, {"breakdown": "department"}):
        said = _department(report(app, **view).text())
        assert "Finance" in said and " 7 " in f" {said} ", said
        assert "6 answers" not in said and "No answer 6" not in said, said
        assert TYPED in said, said  # still said, without the number


def test_the_number_stays_where_no_answer_is_shown(versions) -> None:
    app = _department_typed_then_chosen(versions, typed=6, finance=7, hr=0)
    said = _department(report(app).text())
    assert "6 answers" in said and TYPED in said, said


def test_a_chart_hidden_for_too_few_answers_keeps_its_count_hidden(versions) -> None:
    """9 responses, a rating "Fewer than 5 answers: not shown", and "6 answers ... left
    out": 9 - 6 = the 3 answers the page does not show."""
    app, rebuild = versions
    rebuild(*zip(LONG_TEXT, LONG_TEXT, strict=True))
    add(app, {"departure": "voluntary", "closing": "fine"}, n=6)
    rebuild(*zip(LONG_TEXT, FIVE, strict=True))
    add(app, {"departure": "voluntary", "closing": "4"}, n=3)
    said = _closing(report(app).text())
    assert "not shown" in said and TYPED in said, said
    assert "6 answers" not in said, said
