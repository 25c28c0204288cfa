"""Round 33: loose ends in HR's report and the HR area's start page.

1. A number or date question that became multiple choice left the answers given before
   out of its chart without a word (round 32's build warning said so). Now the chart says
   how many, by round 31's rule for when a number may be shown, in English and Dutch, and
   the build warning says that the report notes them.
2. "Prefer not to say" ticked when a question was multiple choice (stored as a list
   holding the marker) counted as a skip once the question was a rating or 0-10 question:
   it counts as "prefer not to say" now, as one given on another scale or as a choice does.
3. The start page of the HR area counted the records that exports and the report leave out
   (a line that is no response, answers that are no object): its number of responses
   agrees with the exports now, and it says how many records could not be read.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

from support.hr_area import ANSWERS, login, submit
from support.report_page import Page, add, report
from support.type_changes import closing_as

from collector.builder import build_site
from collector.store_format import frame

KINDS = {
    "long text": ("- type: long text\n- max length: 2000",) * 2,
    "number": ("- type: number\n- min: 0\n- max: 100000\n- prefer not to say: yes",) * 2,
    "date": ("- type: date",) * 2,
    "multiple choice": (
        "- type: multiple choice\n- prefer not to say: yes\n- choices:\n  - pay: Pay\n"
        "  - manager: My manager",
        "- type: multiple choice\n- prefer not to say: yes\n- choices:\n  - pay: Salaris\n"
        "  - manager: Mijn leidinggevende",
    ),
    "rating": ("- type: rating\n- scale: quality\n- prefer not to say: yes",) * 2,
    "0-10": ("- type: recommend\n- prefer not to say: yes",) * 2,
}
AS_NUMBER = "given when this question was a number or date question"
PNTS = "prefer_not_to_say"


def _asked(versions, *steps: tuple[str, list[object]], slug: str = "exit-en") -> object:
    """``closing`` asked as each kind of ``steps`` in turn (a new build each), with those
    answers given."""
    app, rebuild = versions
    before = "long text"
    for kind, answers in steps:
        rebuild(*zip(closing_as(KINDS[before]), closing_as(KINDS[kind]), strict=True))
        for answer in answers:
            add(app, {"departure": "voluntary", "closing": answer}, slug=slug)
        before = kind
    return app


def _closing(page: Page) -> str:
    """What the report says of ``closing``: its section, the last one."""
    return page.section("s-finally").text()


# -- 1. a number or date given to what is multiple choice now ------------------------------


def test_numbers_given_before_it_became_multiple_choice_are_noted(versions, tmp_path) -> None:
    """`flask report`, as HR runs it: six numbers were no choice and are said to be left out."""
    app = _asked(versions, ("number", [3000, 42, 7, 7, 12, 60]), ("multiple choice", [["pay"]] * 5))
    output = tmp_path / "report.html"
    result = app.test_cli_runner().invoke(args=["report", "exit-en", "--output", str(output)])
    assert result.exit_code == 0, result.output
    said = _closing(Page(output.read_text("utf-8")))
    assert "of the 5 people who answered" in said, said
    assert f"6 answers {AS_NUMBER}" in said and "the export has them" in said, said
    for number in ("3000", "42", "60"):  # never what was given
        assert number not in said, said


def test_a_prefer_not_to_say_given_to_the_number_question_still_counts_as_one(versions) -> None:
    """Round 32 counted the number question's "prefer not to say" as the multiple choice
    question's (a note of left-out numbers must not swallow it): 5 numbers, 5 ticks."""
    app = _asked(versions, ("number", [10] * 5 + [PNTS] * 5), ("multiple choice", [["pay"]] * 5))
    said = _closing(report(app))
    assert "5 chose “prefer not to say”" in said, said
    assert f"5 answers {AS_NUMBER}" in said and f"10 answers {AS_NUMBER}" not in said, said


def test_dates_given_before_are_noted_in_dutch(versions) -> None:
    app = _asked(
        versions,
        ("date", ["2019-03-04"] * 6),
        ("multiple choice", [["pay"]] * 5),
        slug="exit-nl",
    )
    said = _closing(report(app, "exit-nl"))
    assert "6 antwoorden die gegeven zijn toen deze vraag een getal- of datumvraag was" in said
    assert "2019" not in said, said


def test_fewer_than_k_numbers_left_out_are_noted_without_their_number(versions) -> None:
    app = _asked(versions, ("number", [3000, 42]), ("multiple choice", [["pay"]] * 5))
    said = _closing(report(app))
    assert f"Answers {AS_NUMBER}" in said and "2 answers" not in said, said


def test_no_number_when_those_who_skipped_it_are_a_small_group(versions) -> None:
    """12 responses, 5 answers, 6 numbers left out: the number would say that 1 skipped it."""
    app = _asked(versions, ("number", [10] * 6), ("multiple choice", [["pay"]] * 5 + [None]))
    page = report(app)
    said = _closing(page)
    assert "12 responses" in page.text()
    assert f"Answers {AS_NUMBER}" in said and "6 answers" not in said, said


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
            for old, new in zip(closing_as(KINDS[before]), closing_as(KINDS[after]), strict=True):
                text = text.replace(old, new)
            path.write_text(text, "utf-8")
        warned = build_site(source, source / "output").warnings
    return next((str(w) for w in warned if "the type of 'closing'" in str(w)), "")


def test_the_build_warning_says_the_report_notes_them(tmp_path: Path) -> None:
    for then in ("number", "date"):
        said = _warning(tmp_path, then, "multiple choice")
        assert f"changed from {then} to multiple choice" in said, said
        assert "the report leaves answers given before out, with a note" in said, said
        assert "does not say how many" not in said, said


# -- 2. "prefer not to say" ticked when it was multiple choice ------------------------------


def test_a_ticked_prefer_not_to_say_counts_on_the_rating_it_became(versions) -> None:
    """The detail table of the rating has its "Prefer not to say" column: 6, not a skip."""
    app = _asked(versions, ("multiple choice", [[PNTS]] * 6), ("rating", ["4"] * 5))
    page = report(app)
    said = _closing(page)
    assert "100% favourable · 5 answers" in said, said
    assert "Prefer not to say" in said, said
    rows = [r for r in page.section("s-finally").find_all("tr") if "Prefer" not in r.text()]
    assert rows[-1].text().endswith("0 0 0 5 0 6"), rows[-1].text()
    assert "given when this question was a choice question" not in said, said


def test_a_ticked_prefer_not_to_say_counts_on_the_0_10_question_it_became(versions) -> None:
    app = _asked(versions, ("multiple choice", [[PNTS]] * 6), ("0-10", ["9"] * 5))
    said = _closing(report(app))
    assert "eNPS +100" in said and "6 chose “prefer not to say”" in said, said


def test_several_choices_are_still_left_out_beside_the_ticked_prefer_not_to_say(
    versions,
) -> None:
    """Choices given then are still no point of the scale, and are noted; the ticks are not."""
    app = _asked(versions, ("multiple choice", [[PNTS]] * 5 + [["pay"]] * 5), ("0-10", ["9"] * 5))
    said = _closing(report(app))
    assert "5 chose “prefer not to say”" in said, said
    assert "5 answers given when this question was a choice question" in said, said


# -- 3. the HR area's start page counts what the exports read -------------------------------


def _hand_edit(app, *records: object) -> None:
    """Lines an operator put into the open month by hand, each CRC made to match again."""
    store = app.extensions["exit_survey"].store
    shard = Path(store.shard_path("exit-en", store.months("exit-en")[-1]))
    with shard.open("ab") as f:
        for record in records:
            f.write(frame(json.dumps(record, separators=(",", ":")).encode()))


def _odd_lines(app) -> list[object]:
    """Two records no export reads (no response; answers as text) and one read in part."""
    version = app.extensions["exit_survey"].forms.current("exit-en").version
    record = {"form": "exit-en", "version": version, "language": "en", "date": "2026-11"}
    return [
        [1, 2],
        {"id": "a" * 32, "r": {**record, "answers": "pay"}},
        {"id": "b" * 32, "r": {**record, "version": ["x"], "answers": ANSWERS}},
    ]


def _start_page(app, language: str = "en") -> str:
    """The HR area's start page as text, in the language the browser asks for."""
    client = app.test_client()
    login(client)
    page = client.get("/admin/", headers={"Accept-Language": language}).get_data(as_text=True)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def _exported(app, tmp_path: Path) -> int:
    """How many responses `flask export` writes (a json array: one object each)."""
    output = tmp_path / "export.json"
    args = ["export", "exit-en", "--format", "json", "--output", str(output)]
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0, result.output
    return len(json.loads(output.read_text("utf-8")))


def test_the_start_page_counts_the_responses_the_exports_read(hr, tmp_path: Path) -> None:
    client = hr.test_client()
    for _ in range(6):
        submit(hr, client, "exit-en", ANSWERS)
    _hand_edit(hr, *_odd_lines(hr))
    said = _start_page(hr)
    assert _exported(hr, tmp_path) == 7  # six posted, one read in part
    assert "Responses 7 " in said, said
    assert "Besides these, 2 stored records could not be read (edited by hand?)" in said, said
    assert "pay" not in said.split("Responses 7", 1)[1].split("Download", 1)[0]


def test_the_start_page_says_the_report_waits_when_its_responses_are_fewer_than_k(hr) -> None:
    """4 responses and 2 lines that are none: the report shows nothing yet, and says so."""
    client = hr.test_client()
    for _ in range(4):
        submit(hr, client, "exit-en", ANSWERS)
    _hand_edit(hr, *_odd_lines(hr)[:2])
    said = _start_page(hr)
    assert "Responses 4 " in said, said
    assert "The report shows results from 5 responses on" in said, said
    assert "Besides these, 2 stored records" in said, said


def test_one_record_left_out_is_said_in_the_singular_and_in_dutch(hr) -> None:
    client = hr.test_client()
    submit(hr, client, "exit-en", ANSWERS)
    _hand_edit(hr, _odd_lines(hr)[0])
    assert "Besides these, 1 stored record could not be read" in _start_page(hr)
    dutch = _start_page(hr, "nl")
    assert "Reacties 1 Daarnaast kon 1 bewaarde reactie niet gelezen worden" in dutch, dutch


def test_a_record_edited_after_the_page_was_counted_is_counted_again(hr) -> None:
    """The count is remembered per version of the shard: an edit is a new version."""
    client = hr.test_client()
    for _ in range(5):
        submit(hr, client, "exit-en", ANSWERS)
    assert "Responses 5 " in _start_page(hr)
    _hand_edit(hr, _odd_lines(hr)[1])
    said = _start_page(hr)
    assert "Responses 5 " in said and "Besides these, 1 stored record" in said, said
