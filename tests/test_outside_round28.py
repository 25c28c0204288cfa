"""Round 28: issues 4 and 5 checked again from outside (the collector under fire, HR's
exports). What that check found, each kept from coming back:

* A leaver who typed the words ``prefer_not_to_say`` into a comment box of a question that
  offers no "prefer not to say" had them exported as the marker itself, not as their words
  with a ``'`` in front as docs/hr-data.md promises for typed words that read as a marker.
* A multipart post with a file in it (no page sends one: the form has no file box) had the
  file dropped without a word and the rest of the answers stored and acknowledged.
"""

from __future__ import annotations

import json
from pathlib import Path

from support.exports import read_csv, read_xlsx, run_export
from support.posts import stored, version

from collector.export_cells import PREFER_NOT_MARK

#: The free-text answers of a voluntary leaver, typed as the marker (``stay`` offers no
#: "prefer not to say") and, for comparison, as another marker (which gets its ``'``).
TYPED_MARKERS = {
    "departure": "voluntary",
    "stay": PREFER_NOT_MARK,
    "improve": "n/a",
    "closing": "typed markers",
}


def _post(app, answers: dict) -> None:
    response = app.test_client().post("/submit/exit-en", data={**answers, "_version": version(app)})
    assert response.status_code == 303, response.get_data(as_text=True)[:500]


def _row(rows: list[dict]) -> dict:
    return next(r for r in rows if r["closing"] == "typed markers")


def test_typed_prefer_not_to_say_in_a_text_box_is_exported_as_words(app, tmp_path: Path) -> None:
    _post(app, TYPED_MARKERS)
    data, _ = run_export(app, tmp_path, "exit-en", "--format", "csv")
    row = _row(read_csv(data))
    assert row["improve"] == "'n/a"
    assert row["stay"] == "'" + PREFER_NOT_MARK
    data, _ = run_export(app, tmp_path, "exit-en", "--format", "xlsx")
    assert _row(read_xlsx(data))["stay"] == "'" + PREFER_NOT_MARK
    data, _ = run_export(app, tmp_path, "exit-en", "--format", "json")
    assert _row(json.loads(data.read_text("utf-8")))["stay"] == "'" + PREFER_NOT_MARK


def test_prefer_not_to_say_chosen_is_still_the_marker(app, tmp_path: Path) -> None:
    """The other side of the fix: a question that offers the choice keeps its marker."""
    _post(app, {"departure": "prefer_not_to_say", "closing": "typed markers"})
    data, _ = run_export(app, tmp_path, "exit-en", "--format", "csv")
    row = _row(read_csv(data))
    assert row["departure"] == PREFER_NOT_MARK
    assert row["stay"] == "n/a"  # for voluntary leavers only


def _multipart_with_file(app, name: bytes) -> bytes:
    return (
        b'--XX\r\nContent-Disposition: form-data; name="_version"\r\n\r\n'
        + version(app).encode()
        + b'\r\n--XX\r\nContent-Disposition: form-data; name="departure"\r\n\r\nretirement'
        + b'\r\n--XX\r\nContent-Disposition: form-data; name="'
        + name
        + b'"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nmy words\r\n--XX--\r\n'
    )


def test_a_post_with_a_file_in_it_is_refused_and_nothing_stored(app, client) -> None:
    for name in (b"closing", b"not_a_question"):
        response = client.post(
            "/submit/exit-en",
            data=_multipart_with_file(app, name),
            content_type="multipart/form-data; boundary=XX",
            headers={"Origin": "null"},
        )
        assert response.status_code == 415, name  # not a form the questionnaire takes
        assert "not sent" in response.get_data(as_text=True)
    assert stored(app) == []
