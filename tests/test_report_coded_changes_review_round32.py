"""Round 32's review of the coded type changes: what the notes' numbers may not give away.

A multiple choice question that was a text question and then a rating: its page gives
the responses, the answers, the words typed then (a comment list, "10 answers") and, in
the note, the ratings left out. Those who skipped it are what is left: the note may give
its number only when that is none or a group of k or more, as for every other question.
"""

from __future__ import annotations

from support.report_page import report
from test_report_coded_changes_round32 import AS_MANY, _asked, _closing


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
