"""Round 31, after review: a rating or one-answer question whose version asked it as text.

The report counted a typed "5" as a rating and a typed "pay" as the choice Pay, when the
question had been a text question: 6 typed "5" and 6 typed "1", then 5 real ratings of 3,
read as 35% favourable, and 6 typed "pay" beside 5 who chose their manager read as "Pay
6". Now such answers are left out with a note, as a number question's are. And a note
gives how many were left out only when those who skipped the question, the difference
of the numbers on the page, are none or a group of *k* or more.
"""

from __future__ import annotations

from support.report_page import add, report
from support.type_changes import closing_change

AFTER = "anything else you would like to tell us?"
TYPED = "given when this question was a text, number or date question"


def _closing(text: str) -> str:
    """What the report says of ``closing`` (the last question), up to the comments; not
    what the glance at the top says of it (a rating is its best or worst)."""
    return text.split(AFTER)[-1].split("Comments")[0]


# -- 1. a typed answer is no rating and no choice ----------------------------------------------


def test_text_typed_before_a_question_became_a_rating_is_not_rated(versions) -> None:
    app, rebuild = versions
    add(app, {"departure": "voluntary", "closing": "5"}, n=6)
    add(app, {"departure": "voluntary", "closing": "1"}, n=6)
    rebuild(*closing_change("long text", "rating"))
    add(app, {"departure": "voluntary", "closing": "3"}, n=5)
    text = report(app).text()
    # 5 answers, each a 3 of 5: none favourable
    assert f"{AFTER} 0% favourable · 5 answers" in text, text
    assert "35%" not in text and "17 answers" not in text, text
    said = _closing(text)
    assert f"12 answers {TYPED}" in said and "are left out" in said, said


def test_text_typed_before_a_question_became_a_choice_is_no_choice(versions) -> None:
    app, rebuild = versions
    add(app, {"departure": "voluntary", "closing": "pay"}, n=6)
    rebuild(*closing_change("long text", "single choice"))
    add(app, {"departure": "voluntary", "closing": "manager"}, n=5)
    said = _closing(report(app).text())
    assert "Pay 6" not in said and "My manager 5" in said, said
    assert f"6 answers {TYPED}" in said and "not counted as a choice" in said, said


def test_the_dutch_report_leaves_them_out_too(versions) -> None:
    app, rebuild = versions
    add(app, {"departure": "voluntary", "closing": "pay"}, n=6)
    rebuild(*closing_change("long text", "single choice"))
    add(app, {"departure": "voluntary", "closing": "manager"}, n=5)
    text = report(app, "exit-nl").text()
    assert "Salaris 6" not in text and "Mijn leidinggevende 5" in text, text
    assert "6 antwoorden die gegeven zijn toen deze vraag een tekst-, getal- of" in text, text


def test_a_breakdown_by_the_question_has_no_group_of_typed_words(versions) -> None:
    """The breakdown goes by the same rule as the chart: a typed "pay" is no group."""
    app, rebuild = versions
    add(app, {"departure": "voluntary", "closing": "pay"}, n=6)
    rebuild(*closing_change("long text", "single choice"))
    add(app, {"departure": "voluntary", "closing": "manager"}, n=5)
    add(app, {"departure": "voluntary", "closing": "pay"}, n=5)
    text = report(app, breakdown="closing").text()
    assert "Pay 5" in text and "Pay 11" not in text, text


# -- 2. how many were left out, only when no small group can be worked out -------------------


def test_a_number_note_does_not_give_away_one_who_skipped(versions) -> None:
    """12 responses, 6 numbers, 5 typed before: 12 - 6 - 5 = 1 skipped it."""
    app, rebuild = versions
    add(app, {"departure": "voluntary", "closing": "3000"}, n=5)
    rebuild(*closing_change("long text", "number"))
    add(app, {"departure": "voluntary", "closing": 20}, n=6)
    add(app, {"departure": "voluntary"})
    said = _closing(report(app).text())
    assert "6 answers. Median 20, mean 20." in said, said
    assert "Answers given when this question was not a number question" in said, said
    assert "5 answers" not in said, said


def test_a_number_note_counts_when_none_or_k_skipped(versions) -> None:
    app, rebuild = versions
    add(app, {"departure": "voluntary", "closing": "3000"}, n=5)
    rebuild(*closing_change("long text", "number"))
    add(app, {"departure": "voluntary", "closing": 20}, n=6)
    add(app, {"departure": "voluntary"}, n=5)
    said = _closing(report(app).text())
    assert "5 answers given when this question was not a number question" in said, said


def test_a_choice_note_does_not_give_away_two_who_skipped(versions) -> None:
    app, rebuild = versions
    add(app, {"departure": "voluntary", "closing": "pay"}, n=6)
    rebuild(*closing_change("long text", "single choice"))
    add(app, {"departure": "voluntary", "closing": "manager"}, n=5)
    add(app, {"departure": "voluntary"}, n=2)
    said = _closing(report(app).text())
    assert f"Answers {TYPED}" in said and "6 answers" not in said, said
