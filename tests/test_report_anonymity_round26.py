"""Round 26: a manager who knows that one leaver left Sales in March reads the report.

What it found: the reasons question (multiple choice) listed every choice with its count,
so "A better offer elsewhere: 1" showed a group of one: the one leaver who had told
colleagues about the offer had answered, and was the only one to name that reason. The
other views already hid every group under *k*; a choice chosen by fewer than *k* people
(nobody included, as rule 2 treats an empty group) is now left out of the chart and the
glance and named in a note, like a hidden answer of a one-answer question.
"""

from __future__ import annotations

from support.report_page import add, report

#: The note under a multiple-choice chart that names the choices it hides.
HIDDEN_NOTE = "Not shown (chosen by fewer than 5 people, or hidden along with such a choice)"

VOLUNTARY = {"departure": "voluntary", "manager": "3", "recommend": "7"}


def reasons_rows(page) -> dict[str, list[str]]:
    """The reasons chart as {choice: [count, percent]}."""
    block = page.by_id("q-reasons")
    rows: dict[str, list[str]] = {}
    for tr in block.find_all("tr")[1:]:
        cells = [c.text() for c in tr.children if getattr(c, "tag", None) in ("th", "td")]
        rows[cells[0]] = cells[1:]
    return rows


def test_a_reason_chosen_by_fewer_than_k_people_is_not_shown(app) -> None:
    """Sam is the only leaver who named a better offer: before, the chart said
    "A better offer elsewhere 1 6%". Now it has no row, and the note names it hidden."""
    add(app, {**VOLUNTARY, "reasons": ["pay", "growth"]}, n=12)
    add(app, {**VOLUNTARY, "reasons": ["manager", "better_offer"]})
    with app.app_context():
        page = report(app)
    rows = reasons_rows(page)
    assert rows["Pay and benefits"] == ["12", "92%"]
    assert "My manager" not in rows
    assert "A better offer elsewhere" not in rows
    note = page.by_id("q-reasons").text()
    assert HIDDEN_NOTE in note
    assert "A better offer elsewhere" in note
    # Nobody chose "The work itself": named the same way, so that "fewer than 5" does not
    # say that somebody did.
    assert "The work itself" in note and "The work itself" not in rows


def test_a_reason_chosen_by_k_people_is_shown_with_its_count(app) -> None:
    add(app, {**VOLUNTARY, "reasons": ["pay"]}, n=7)
    add(app, {**VOLUNTARY, "reasons": ["pay", "better_offer"]}, n=5)
    with app.app_context():
        page = report(app)
    rows = reasons_rows(page)
    assert rows["A better offer elsewhere"] == ["5", "42%"]
    assert rows["Pay and benefits"] == ["12", "100%"]


def test_the_glance_names_no_reason_of_fewer_than_k(app) -> None:
    """The glance's main reasons come from the same rows: with two reasons shown, a third
    chosen by one person is not among the "main reasons" either."""
    add(app, {**VOLUNTARY, "reasons": ["pay", "growth"]}, n=8)
    add(app, {**VOLUNTARY, "reasons": ["hours"]})
    with app.app_context():
        page = report(app)
    glance = page.section("glance").text()
    top = glance.split("What were the main reasons")[1].split("Percentages are of")[0]
    assert "Pay and benefits" in top and "Career growth" in top
    assert "Working hours" not in top


def test_hidden_reasons_are_not_ranked_by_their_count(app) -> None:
    """The note names hidden choices in the questionnaire's order, whatever their counts:
    ranked by count, the order would tell which one a person chose."""
    add(app, {**VOLUNTARY, "reasons": ["pay"]}, n=9)
    add(app, {**VOLUNTARY, "reasons": ["pay", "location"]}, n=3)
    with app.app_context():
        page = report(app)
    note = page.by_id("q-reasons").text().split(HIDDEN_NOTE)[1]
    order = ["Career growth", "My manager", "Workload", "The work itself", "Travel time"]
    positions = [note.index(name) for name in order]
    assert positions == sorted(positions)
