"""Round 31: a question changed between the 0-10 type and a rating is another scale.

The report left out answers given on a rating scale with another number of points, but
a question that was a 0-10 question ("0".."10") and became a 7-point rating ("1".."7"),
or the reverse, was not seen as a scale change: six 7s of 10 counted as six 7s of 7,
"Excellent". Now they are left out with the note on an earlier scale, under the same
rule for saying how many, and the build warning says so.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from support.report_page import add, report
from support.type_changes import closing_as

from collector.builder import build_site

KINDS = {
    "0-10": ("- type: recommend",) * 2,
    "rating": (
        "- type: rating\n- scale:\n" + "".join(f"  - Point {i}\n" for i in range(1, 8)),
        "- type: rating\n- scale:\n" + "".join(f"  - Punt {i}\n" for i in range(1, 8)),
    ),
    "long text": ("- type: long text\n- max length: 2000",) * 2,
}
AFTER = "anything else you would like to tell us?"
EARLIER = "answers given on an earlier scale"


def _change(now: str, to: str) -> list[tuple[str, str]]:
    """The edits that make ``closing``, a ``now`` question, a ``to`` question."""
    return list(zip(closing_as(KINDS[now]), closing_as(KINDS[to]), strict=True))


def _closing(text: str) -> str:
    """What the report says of ``closing`` (the last question), up to the comments."""
    return text.split(AFTER)[-1].split("Comments")[0]


def test_a_0_10_answer_is_no_point_of_a_7_point_rating(versions) -> None:
    app, rebuild = versions
    rebuild(*_change("long text", "0-10"))
    add(app, {"departure": "voluntary", "closing": "7"}, n=6)
    rebuild(*_change("0-10", "rating"))
    add(app, {"departure": "voluntary", "closing": "3"}, n=5)
    text = report(app).text()
    said = _closing(text)
    # 5 answers, each a 3 of 7: none favourable; not six 7s of 7 beside them
    assert f"{AFTER} 0% favourable · 5 answers" in text, text
    assert "11 answers" not in said and "55%" not in said, said
    assert f"6 {EARLIER}" in said and "are left out" in said, said
    assert "when this question was a 0-10 question or a rating" in said, said


def test_a_rating_is_no_answer_to_a_0_10_question(versions) -> None:
    app, rebuild = versions
    rebuild(*_change("long text", "rating"))
    add(app, {"departure": "voluntary", "closing": "7"}, n=6)
    rebuild(*_change("rating", "0-10"))
    add(app, {"departure": "voluntary", "closing": "9"}, n=5)
    said = _closing(report(app).text())
    assert f"6 {EARLIER}" in said and "are left out" in said, said
    assert "11 answers" not in said, said


def test_how_many_only_when_no_small_group_is_given_away(versions) -> None:
    """12 responses, 6 ratings, 5 given on 0-10: 12 - 6 - 5 = 1 skipped it."""
    app, rebuild = versions
    rebuild(*_change("long text", "0-10"))
    add(app, {"departure": "voluntary", "closing": "7"}, n=5)
    rebuild(*_change("0-10", "rating"))
    add(app, {"departure": "voluntary", "closing": "3"}, n=6)
    add(app, {"departure": "voluntary"})
    said = _closing(report(app).text())
    assert "Answers given on an earlier scale" in said, said
    assert f"5 {EARLIER}" not in said, said


def test_the_dutch_report_leaves_them_out_too(versions) -> None:
    app, rebuild = versions
    rebuild(*_change("long text", "0-10"))
    add(app, {"departure": "voluntary", "closing": "7"}, n=6, slug="exit-nl")
    rebuild(*_change("0-10", "rating"))
    add(app, {"departure": "voluntary", "closing": "3"}, n=5, slug="exit-nl")
    text = report(app, "exit-nl").text()
    assert "6 antwoorden op een eerdere schaal" in text, text


def test_the_build_warning_says_the_report_leaves_them_out(tmp_path: Path) -> None:
    source = tmp_path / "questionnaires"
    source.mkdir()
    for path in (Path(__file__).resolve().parent.parent / "questionnaires").glob("*.md"):
        shutil.copy(path, source / path.name)

    def build(now: str, to: str) -> list[str]:
        for path in source.glob("*.md"):
            text = path.read_text("utf-8")
            for old, new in _change(now, to):
                text = text.replace(old, new)
            path.write_text(text, "utf-8")
        return [str(w) for w in build_site(source, tmp_path / "output").warnings]

    build("long text", "0-10")
    said = [w for w in build("0-10", "rating") if "the type of 'closing'" in w]
    assert said, said
    assert "the report leaves answers given before out, with a note" in said[0], said
    assert "may be read as the new type" not in said[0], said
