"""Round 32: a statements grid's notes on answers left out count each statement apart.

A grid's note on answers given on an earlier scale gave its number when the total over
the statements was none or k or more: 6 left out of one statement and 1 of another made
a note of 7, and with nobody skipping either, each statement's answers on the page
(16 responses, 10 and 15 answers) gave away the 1. Now each statement's own number, and
those who skipped it, must be none or k or more before the note says how many.
"""

from __future__ import annotations

from support.report_page import add, report

#: The example grid's statements, English and Dutch, as the questionnaires have them.
STATEMENTS = {
    "en": [
        "  - conditions: My working conditions were good (safety, tools, workplace)\n",
        "  - work_itself: The work itself suited me (tasks, variety, workload)\n",
        "  - relationships: I had good working relationships (manager, colleagues, team)\n",
        "  - terms: My terms of employment were fair (pay, benefits, hours, training)\n",
    ],
    "nl": [
        "  - conditions: Mijn arbeidsomstandigheden waren goed (veiligheid, middelen, werkplek)\n",
        "  - work_itself: Het werk zelf paste bij mij (taken, afwisseling, werkdruk)\n",
        "  - relationships: Ik had goede werkrelaties (leidinggevende, collega's, team)\n",
        "  - terms: Mijn arbeidsvoorwaarden waren eerlijk"
        " (salaris, vergoedingen, werktijden, opleiding)\n",
    ],
}
SEVEN = {
    "en": "- scale:\n" + "".join(f"  - Point {i}\n" for i in range(1, 8)),
    "nl": "- scale:\n" + "".join(f"  - Punt {i}\n" for i in range(1, 8)),
}
#: ``work_itself`` as a 7-point rating of its own, after the grid.
ALONE = {
    "en": "\n### Did the work itself suit you? {#work_itself}\n- type: rating\n",
    "nl": "\n### Paste het werk zelf bij je? {#work_itself}\n- type: rating\n",
}
EARLIER = "answers given on an earlier scale"


def _grid(lang: str, scale: str, which: list[int], alone: bool = False) -> str:
    """The grid ``areas`` (in ``lang``) with the statements ``which`` on ``scale``."""
    scale = SEVEN[lang] if scale == "seven" else "- scale: agreement\n"
    text = "- type: statements\n" + scale + "- statements:\n"
    text += "".join(STATEMENTS[lang][i] for i in which)
    return text + (ALONE[lang] + SEVEN[lang] if alone else "")


def _edit(before: tuple, after: tuple) -> list[tuple[str, str]]:
    return [(_grid(lang, *before), _grid(lang, *after)) for lang in ("en", "nl")]


def _grid_text(text: str) -> str:
    """What the report says of the statements grid, up to the next question."""
    return text.split("about your time here?", 1)[1].split("How did you experience")[0]


def _six_and_one(versions, skipped: int = 0):
    """16 responses (+ ``skipped``): ``conditions`` 6 left out, 10 answers; ``work_itself``
    1 left out, 15 answers.

    1 answered both on the 5-point grid; 5 answered ``conditions`` on it while
    ``work_itself`` was a 7-point question of its own; 10 answered both on the 7-point
    grid, and ``skipped`` more skipped both."""
    app, rebuild = versions
    rebuild(*_edit(("agreement", [0, 1, 2, 3]), ("agreement", [0, 1])))
    add(app, {"departure": "voluntary", "conditions": "4", "work_itself": "4"})
    rebuild(*_edit(("agreement", [0, 1]), ("agreement", [0], True)))
    add(app, {"departure": "voluntary", "conditions": "4", "work_itself": "6"}, n=5)
    rebuild(*_edit(("agreement", [0], True), ("seven", [0, 1])))
    add(app, {"departure": "voluntary", "conditions": "6", "work_itself": "6"}, n=10)
    if skipped:
        add(app, {"departure": "voluntary"}, n=skipped)
    return app


def test_one_left_out_of_a_statement_is_not_counted_in_the_note(versions) -> None:
    text = report(_six_and_one(versions)).text()
    said = _grid_text(text)
    assert "16 responses" in text, text
    assert "10 answers" in said and "15 answers" in said, said
    assert f"7 {EARLIER}" not in said, said
    assert "Answers given on an earlier scale" in said, said


def test_a_statement_s_own_number_counts_when_others_skipped_too(versions) -> None:
    """5 more who skipped both: still 1 left out of ``work_itself``, a group under k."""
    said = _grid_text(report(_six_and_one(versions, skipped=5)).text())
    assert "10 answers" in said and "15 answers" in said, said
    assert f"7 {EARLIER}" not in said, said
    assert "Answers given on an earlier scale" in said, said
