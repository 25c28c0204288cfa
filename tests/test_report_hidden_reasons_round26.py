"""Round 26 review of the hidden reasons: a hidden choice must not show through elsewhere.

Since round 26 a reason chosen by fewer than *k* people has no row in the reasons chart.
What the review found:

1. A follow-up question asked only of the people who chose it gave its count away: with
   'manager' asked if "reasons includes better_offer or reasons includes pay", six leavers
   choosing pay and one choosing a better offer, the chart said "Pay and benefits 6" and
   the manager rating "7 answers" (0 0 7 0 0): one person had a better offer, and their
   rating was in the table. Only one-answer questions were checked for this.
2. With every reason hidden, "At a glance" showed the question's heading over nothing,
   and the chart an empty table.
3. The people who answered minus the sum of the counts shown is a lower bound on those who
   chose only hidden reasons: with one hidden reason, any difference said that somebody
   chose it.
"""

from __future__ import annotations

import pytest
from support.report_page import add, report, table_of

from collector.report_hiding import hidden_choices

MANAGER = "{#manager}\n- type: rating\n"
VOLUNTARY = {"departure": "voluntary", "culture": "3", "recommend": "7"}


def manager_if(condition: str) -> tuple[str, str]:
    """The edit that asks the manager rating only under ``condition`` (both languages)."""
    return (MANAGER, f"{MANAGER}- show if: {condition}\n")


def held(page) -> bool:
    """Whether the manager rating is held back in every view of ``page``."""
    block = page.by_id("q-manager").text()
    split = table_of(page, "split-table")
    glance = page.section("glance").text()
    return (
        "is not shown" in block
        and "answers" not in block
        and not any("direct manager" in row for row in split)
        and "direct manager" not in glance
    )


# -- 1. a question asked because of a hidden reason -------------------------------------------


@pytest.mark.parametrize("steps", [False, True])
def test_a_rating_asked_of_a_hidden_reason_with_a_shown_one_is_held_back(versions, steps) -> None:
    """The reviewer's page: "Pay and benefits 6", and the manager rating "7 answers"."""
    app, rebuild = versions
    rebuild(manager_if("reasons includes better_offer or reasons includes pay"))
    add(app, {**VOLUNTARY, "reasons": ["pay", "growth"], "manager": "3"}, n=6)
    add(app, {**VOLUNTARY, "reasons": ["growth", "better_offer"], "manager": "3"})
    page = report(app, steps=steps)
    assert "Pay and benefits" in page.by_id("q-reasons").text()
    assert "A better offer elsewhere" in page.by_id("q-reasons").text()  # named, hidden
    assert held(page)
    assert "What does your new employer offer" in page.section("comments").text()
    assert "asked only of people whose answer is not shown" in page.section("comments").text()


@pytest.mark.parametrize(
    "condition",
    [
        "not reasons includes better_offer",  # the section minus the people who chose it
        "reasons in (better_offer, location)",  # two hidden choices together
        "departure = voluntary and reasons includes better_offer",
    ],
)
def test_any_condition_naming_a_hidden_reason_holds_the_question_back(versions, condition) -> None:
    app, rebuild = versions
    rebuild(manager_if(condition))
    add(app, {**VOLUNTARY, "reasons": ["pay"], "manager": "4"}, n=8)
    add(app, {**VOLUNTARY, "reasons": ["better_offer"], "manager": "2"}, n=2)
    page = report(app)
    assert held(page)


def test_a_condition_naming_only_reasons_shown_leaves_the_question_shown(versions) -> None:
    """How many chose pay is on the page already: nothing to hold back."""
    app, rebuild = versions
    rebuild(manager_if("reasons includes pay"))
    add(app, {**VOLUNTARY, "reasons": ["pay"], "manager": "4"}, n=8)
    add(app, {**VOLUNTARY, "reasons": ["better_offer"]}, n=2)
    page = report(app)
    assert "8 answers" in page.by_id("q-manager").text()


def test_a_question_asked_because_of_a_held_question_is_held_back(versions) -> None:
    """'reasons' is asked of the voluntary leavers, hidden along with the one retiree; the
    manager rating asked of those who chose pay said "5 answers": 5 resigned, so of the 6
    hidden, 1 retired."""
    app, rebuild = versions
    rebuild(manager_if("reasons includes pay"))
    add(app, {"departure": "dismissed", "manager": "3", "recommend": "5"}, n=12)
    add(app, {**VOLUNTARY, "reasons": ["pay"], "manager": "4"}, n=5)
    add(app, {"departure": "retirement", "recommend": "8"})
    page = report(app)
    assert "is not shown" in page.by_id("q-reasons").text()
    assert held(page)


# -- 2. every reason hidden -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "waiting"),
    [
        ("exit-en", "Not shown yet: each reason was chosen by fewer than 5 people"),
        ("exit-nl", "Nog niet getoond: elke reden is door minder dan 5 mensen gekozen"),
    ],
)
def test_with_every_reason_hidden_the_page_says_so_instead_of_an_empty_table(
    app, slug, waiting
) -> None:
    for reason in ("pay", "growth", "manager", "workload", "hours", "location"):
        add(app, {**VOLUNTARY, "reasons": [reason]})
    page = report(app, slug=slug)
    block = page.by_id("q-reasons")
    assert not block.find_all("table")
    assert "Pay and benefits" in block.text() or "Salaris" in block.text()
    glance = page.section("glance").text()
    assert waiting in glance


# -- 3. the people the shown reasons leave out ------------------------------------------------


def test_one_hidden_reason_is_not_shown_to_have_been_chosen() -> None:
    # 7 answered, "Pay: 6" shown: somebody chose the one hidden reason.
    assert hidden_choices({"pay": 6, "better_offer": 1}, 7, 5) == {"pay", "better_offer"}
    # The same with nobody in it: hidden only because nobody chose it, and pay is shown.
    assert hidden_choices({"pay": 7, "better_offer": 0}, 7, 5) == {"better_offer"}
    # Overlapping choices can cover everybody: no hidden reason is shown to be chosen.
    assert hidden_choices({"pay": 6, "growth": 7, "better_offer": 1}, 7, 5) == {"better_offer"}
    # Two people outside the one shown reason, among two hidden ones: either may hold both.
    assert hidden_choices({"pay": 6, "growth": 2, "hours": 0}, 8, 5) == {"growth", "hours"}


def test_hidden_reasons_are_not_shown_to_have_been_chosen_by_how_many(app) -> None:
    """5 chose pay, and 4 each one of the ten other reasons: "45 answered", "Pay 5" and
    ten hidden reasons of at most 4 each said that every one of them had exactly 4."""
    add(app, {**VOLUNTARY, "reasons": ["pay"]}, n=5)
    others = ["growth", "manager", "workload", "work_content", "colleagues", "hours"]
    others += ["location", "personal", "better_offer", "other"]
    for reason in others:
        add(app, {**VOLUNTARY, "reasons": [reason]}, n=4)
    page = report(app)
    block = page.by_id("q-reasons")
    assert not block.find_all("table")
    assert "Pay and benefits" in block.text()  # named among the hidden
