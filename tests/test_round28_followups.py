"""Round 28 follow-ups: a review of the two round 28 collector fixes (a typed
``prefer_not_to_say`` is words, not the marker; a multipart post with a file is refused).

* A question that was a text question and is a choice or number question now had the words
  typed in it that read as a marker ("n/a", "prefer_not_to_say") exported bare, as the
  markers themselves; the report counted such words as "prefer not to say".
* The report's comment lists left out comments typed as ``prefer_not_to_say`` also for
  questions without that choice: the report said 10 answers where the export had 11.
* The corrections page (422) dropped a value ``prefer_not_to_say`` from every question,
  also the words typed into a box without that choice: they vanished from the page.
* A multipart post with a file in it got the "questionnaire has changed" words, which are
  untrue, and an untouched file box (an empty part) refused every send without JavaScript.
* The other side of the first fix, kept: a text box that offers "prefer not to say" and had
  it ticked is exported as the marker, also after an earlier version without the choice.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from support.exports import read_csv, read_xlsx, run_export
from support.posts import stored, version
from support.report_page import add, report

from collector.export_cells import PREFER_NOT_MARK
from collector.ui_text import UI_TEXT

LONG_TEXT_CLOSING = (
    "### Is there anything else you would like to tell us? {#closing}\n"
    "- type: long text\n- max length: 2000",
    "### Wil je ons verder nog iets vertellen? {#closing}\n- type: long text\n- max length: 2000",
)
#: ``stay`` (long text, no "prefer not to say") made to offer the choice.
STAY_OFFERS_PNTS = (
    "{#stay}\n- type: long text\n- max length: 1500\n",
    "{#stay}\n- type: long text\n- max length: 1500\n- prefer not to say: yes\n",
)


#: What ``closing`` (long text) becomes, by kind; ``{}`` and ``{}``: yes and no.
NEW_TYPES = {
    "choice": "- type: single choice\n- choices:\n  - yes: {}\n  - no: {}",
    "multiple choice": "- type: multiple choice\n- choices:\n  - yes: {}\n  - no: {}",
    "number": "- type: number\n- min: 0\n- max: 10",
    "rating": "- type: rating\n- scale: quality",
}


def _closing_now(kind: str) -> list[tuple[str, str]]:
    """The edits that make ``closing`` (long text) a question of another ``kind``."""
    return [
        (old, old.split("\n")[0] + "\n" + NEW_TYPES[kind].format(yes, no))
        for old, yes, no in zip(LONG_TEXT_CLOSING, ("Yes", "Ja"), ("No", "Nee"), strict=True)
    ]


def _post(app, answers: dict, **headers: str):
    return app.test_client().post(
        "/submit/exit-en", data={**answers, "_version": version(app)}, headers=headers
    )


def _send(app, answers: dict) -> None:
    response = _post(app, answers)
    assert response.status_code == 303, response.get_data(as_text=True)[:500]


def _by_improve(rows: list[dict], column: str) -> dict:
    """``column`` of each exported row, keyed by the row's ``improve`` answer."""
    return {row["improve"]: row[column] for row in rows}


# -- 1: words typed in a text question that is a choice or number question now ----------


def _typed_then_changed(versions, kind: str):
    app, rebuild = versions
    for typed in (PREFER_NOT_MARK, "n/a", "N/A"):
        _send(app, {"departure": "voluntary", "improve": f"row {typed}", "closing": typed})
    rebuild(*_closing_now(kind))
    return app


def _check_typed_words(app, tmp_path: Path) -> None:
    expected = {
        f"row {PREFER_NOT_MARK}": "'" + PREFER_NOT_MARK,
        "row n/a": "'n/a",
        "row N/A": "'N/A",
    }
    data, _ = run_export(app, tmp_path, "exit-en", "--format", "csv")
    assert _by_improve(read_csv(data), "closing") == expected
    data, _ = run_export(app, tmp_path, "exit-en", "--format", "csv", "--excel-nl")
    assert _by_improve(read_csv(data, excel_nl=True), "closing") == expected
    data, _ = run_export(app, tmp_path, "exit-en", "--format", "xlsx")
    assert _by_improve(read_xlsx(data), "closing") == expected
    data, _ = run_export(app, tmp_path, "exit-en", "--format", "json")
    assert _by_improve(json.loads(data.read_text("utf-8")), "closing") == expected


def test_words_typed_before_a_question_became_a_choice_question_are_not_markers(
    versions, tmp_path: Path
) -> None:
    app = _typed_then_changed(versions, "choice")
    _check_typed_words(app, tmp_path)
    _send(app, {"departure": "voluntary", "improve": "row now", "closing": "yes"})
    data, _ = run_export(app, tmp_path, "exit-en", "--format", "csv")
    assert _by_improve(read_csv(data), "closing")["row now"] == "yes"  # codes stay as they are


def test_words_typed_before_a_question_became_a_number_question_are_not_markers(
    versions, tmp_path: Path
) -> None:
    app = _typed_then_changed(versions, "number")
    _check_typed_words(app, tmp_path)


@pytest.mark.parametrize(("kind", "code"), [("rating", "4"), ("multiple choice", ["yes"])])
def test_the_report_counts_words_typed_before_the_change_as_no_prefer_not_to_say(
    versions, kind: str, code
) -> None:
    app, rebuild = versions
    add(app, {"departure": "voluntary", "closing": PREFER_NOT_MARK}, n=6)
    rebuild(*_closing_now(kind))
    add(app, {"departure": "voluntary", "closing": code}, n=6)
    text = report(app).text()
    # As a stored code that no version offered: none, never "prefer not to say" (the
    # ratings' table had a prefer_not_to_say column, multiple choice a "6 chose" note).
    assert "prefer" not in text.lower(), text
    assert "Is there anything else you would like to tell us?" in text


# -- 5: the report's comments agree with the export ------------------------------------------


def test_comments_typed_as_the_marker_are_listed_where_the_question_has_no_such_choice(
    app, tmp_path: Path
) -> None:
    for i in range(11):
        words = PREFER_NOT_MARK if i < 2 else f"words {i}"
        _send(
            app,
            {
                "departure": "voluntary",
                "improve": f"row {i}",  # two posts alike would be one sent twice
                "stay": words,
                "reasons": ["other"],
                "reasons__other": words,
            },
        )
    data, _ = run_export(app, tmp_path, "exit-en", "--format", "csv")
    rows = read_csv(data)
    assert sum(1 for r in rows if r["stay"]) == 11
    assert sum(1 for r in rows if r["reasons__other"]) == 11
    text = report(app).text()
    assert "– Other, namely 11 answers, in random order." in text, text
    assert "What would have made you stay? 11 answers, in random order." in text, text
    assert text.count(PREFER_NOT_MARK) == 4, text


def test_a_ticked_prefer_not_to_say_is_still_no_comment(versions) -> None:
    """The report's rule kept: in a box that offers the choice, the marker is the tick."""
    app, rebuild = versions
    rebuild(STAY_OFFERS_PNTS)
    add(app, {"departure": "voluntary", "stay": PREFER_NOT_MARK}, n=2)
    for i in range(9):
        add(app, {"departure": "voluntary", "stay": f"words {i}"})
    text = report(app).text()
    assert "9 answers" not in text  # fewer than 10 comments: not listed
    assert "What would have made you stay?" in text.split("Not listed yet")[1].split(".")[0]


# -- 3: a box that offers the choice, ticked, is the marker ------------------------------


def test_a_text_box_that_offers_the_choice_ticked_is_exported_as_the_marker(
    versions, tmp_path: Path
) -> None:
    app, rebuild = versions
    _send(app, {"departure": "voluntary", "stay": PREFER_NOT_MARK, "improve": "v1 typed"})
    rebuild(STAY_OFFERS_PNTS)
    _send(app, {"departure": "voluntary", "stay": PREFER_NOT_MARK, "improve": "v2 ticked"})
    expected = {"v1 typed": "'" + PREFER_NOT_MARK, "v2 ticked": PREFER_NOT_MARK}
    data, _ = run_export(app, tmp_path, "exit-en", "--format", "csv")
    assert _by_improve(read_csv(data), "stay") == expected
    data, _ = run_export(app, tmp_path, "exit-en", "--format", "json")
    assert _by_improve(json.loads(data.read_text("utf-8")), "stay") == expected


# -- 4: the corrections page keeps the words typed ----------------------------------------


def _textarea(page: str, name: str) -> str:
    found = re.search(rf'<textarea[^>]* name="{name}"[^>]*>(.*?)</textarea>', page, re.S)
    assert found, name
    return html.unescape(found.group(1)).strip()


def test_the_corrections_page_keeps_words_typed_as_the_marker(app) -> None:
    answers = {"departure": "not a code", "stay": PREFER_NOT_MARK, "improve": "n/a"}
    # Without the script, and as the script's fetch asks for it: the same page.
    for headers in ({}, {"Accept": "*/*"}):
        response = _post(app, answers, **headers)
        assert response.status_code == 422
        page = response.get_data(as_text=True)
        assert _textarea(page, "stay") == PREFER_NOT_MARK
        assert _textarea(page, "improve") == "n/a"
    assert stored(app) == []


def test_the_corrections_page_shows_a_ticked_box_not_words(versions) -> None:
    app, rebuild = versions
    rebuild(STAY_OFFERS_PNTS)
    response = _post(app, {"departure": "not a code", "stay": PREFER_NOT_MARK})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert _textarea(page, "stay") == ""
    assert re.search(r'<input type="checkbox" id="stay-pnts"[^>]* checked', page)


# -- 6: files in a multipart post -----------------------------------------------------------


def _multipart(app, file_part: bytes) -> bytes:
    return (
        b'--XX\r\nContent-Disposition: form-data; name="_version"\r\n\r\n'
        + version(app).encode()
        + b'\r\n--XX\r\nContent-Disposition: form-data; name="departure"\r\n\r\nretirement'
        + b"\r\n--XX\r\n"
        + file_part
        + b"\r\n--XX--\r\n"
    )


def _send_multipart(app, file_part: bytes):
    return app.test_client().post(
        "/submit/exit-en",
        data=_multipart(app, file_part),
        content_type="multipart/form-data; boundary=XX",
        headers={"Origin": "null"},
    )


def test_an_untouched_file_box_does_not_stop_the_answers(app) -> None:
    """What every browser sends for a file box left empty: an empty part, no file name."""
    response = _send_multipart(
        app,
        b'Content-Disposition: form-data; name="cv"; filename=""\r\n'
        b"Content-Type: application/octet-stream\r\n\r\n",
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    assert [r["answers"] for r in stored(app)] == [{"departure": "retirement"}]


def test_a_file_is_refused_as_not_a_form_not_as_a_changed_questionnaire(app) -> None:
    files = (
        b'Content-Disposition: form-data; name="cv"; filename="a.txt"\r\n\r\nmy words',
        b'Content-Disposition: form-data; name="cv"; filename=""\r\n\r\nmy words',
        b'Content-Disposition: form-data; name="cv"; filename="empty.txt"\r\n\r\n',
        b'Content-Disposition: form-data; name="closing"; filename="a.txt"\r\n\r\nmy words',
    )
    for part in files:
        response = _send_multipart(app, part)
        assert response.status_code == 415, part
        page = html.unescape(response.get_data(as_text=True))
        assert UI_TEXT["en"]["not_sent_415"] in page, part
        assert "has changed" not in page, part
    assert stored(app) == []


# -- typed markers in a question that does not apply (from the follow-ups' review) ----------


@pytest.mark.parametrize("typed", ["hello", PREFER_NOT_MARK])
def test_words_typed_into_a_question_that_does_not_apply_are_asked_about(app, typed) -> None:
    """'stay' is asked only of those who resigned and offers no "prefer not to say": the
    marker typed there is words like any other, not a tick to drop without a word."""
    response = _post(app, {"departure": "dismissed", "stay": typed})
    assert response.status_code == 422
    assert stored(app) == []


def test_a_ticked_marker_in_a_question_that_does_not_apply_is_not_asked_about(versions) -> None:
    app, rebuild = versions
    rebuild(STAY_OFFERS_PNTS)
    _send(app, {"departure": "dismissed", "stay": PREFER_NOT_MARK})
    assert len(stored(app)) == 1
