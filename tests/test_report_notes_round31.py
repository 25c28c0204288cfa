"""Round 31: the note on answers given on an earlier scale goes by the small-group rule.

A rating whose scale changed leaves the old answers out with a note saying how many. It
said so once they were *k* or more, but the page also gives the responses and the
rating's answers: 12 responses, 6 on the new scale and "5 answers given on an earlier
scale" leave exactly 1 who skipped the question. Now that note gives its number only when
those who skipped are none or *k* or more, as the note on answers given to another type
of question does (one rule for both, and for a block that has both).
"""

from __future__ import annotations

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
