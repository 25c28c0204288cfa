"""One rule for "characters": the page's counter and the collector count code points of the
composed (NFC) text, and no field has a `maxlength`, which browsers count in UTF-16 units
(an emoji as two). Round 23: text that looked like it fitted was refused."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from collector.validation import OTHER_TEXT_LIMIT

STAY_LIMIT = 1500  # questionnaires/exit-en.md, "What would have made you stay?"


def post(app, client, **answers: str):
    version = app.extensions["exit_survey"].forms.current("exit-en").version
    data = {"departure": "voluntary", "_version": version, **answers}
    return client.post("/submit/exit-en", data=data)


def stored_answers(app) -> list[dict]:
    return [r["answers"] for r in app.extensions["exit_survey"].store.responses("exit-en")]


@pytest.mark.parametrize(
    "unit",
    [
        pytest.param("e\u0301", id="e-and-combining-accent"),
        pytest.param("\u1ec7", id="vietnamese-precomposed"),
        pytest.param("e\u0323\u0302", id="vietnamese-decomposed"),
        pytest.param("\U0001f600", id="emoji-two-utf16-units"),
        pytest.param("\u6f22", id="cjk"),
    ],
)
def test_text_that_looks_like_the_limit_is_taken_and_stored_composed(app, client, unit) -> None:
    """e + U+0301 is one "é" on screen and in the counter; the collector counted two."""
    response = post(app, client, stay=unit * STAY_LIMIT)
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    [answers] = stored_answers(app)
    assert answers["stay"] == unicodedata.normalize("NFC", unit) * STAY_LIMIT
    assert len(answers["stay"]) == STAY_LIMIT


def test_one_character_over_is_refused_with_the_count_the_page_showed(app, client) -> None:
    response = post(app, client, stay="e\u0301" * (STAY_LIMIT + 1))
    assert response.status_code == 422
    assert f"must be {STAY_LIMIT} characters or less (it is {STAY_LIMIT + 1})" in (
        response.get_data(as_text=True)
    )
    assert stored_answers(app) == []


def test_the_other_box_counts_the_same_way(app, client) -> None:
    response = post(app, client, reasons=["other"], reasons__other="a\u0308" * OTHER_TEXT_LIMIT)
    assert response.status_code == 303
    [answers] = stored_answers(app)
    assert answers["reasons__other"] == "\u00e4" * OTHER_TEXT_LIMIT


def test_hebrew_points_do_not_compose_and_count_each(app, client) -> None:
    """NFC has no composed Hebrew pointed letters: each point is a character, on the page
    and in the collector alike (documented in docs/authoring.md)."""
    shalom = "\u05e9\u05c1\u05b8\u05dc\u05d5\u05b9\u05dd"  # shin, shin dot, qamats, ...
    assert len(unicodedata.normalize("NFC", shalom)) == 7
    response = post(app, client, stay=shalom)
    assert response.status_code == 303
    assert len(stored_answers(app)[0]["stay"]) == 7


@pytest.mark.parametrize("slug", ["exit-en", "exit-nl"])
def test_no_text_field_has_a_maxlength(built_site: Path, slug: str) -> None:
    """A browser stops typing at `maxlength` UTF-16 units: half the limit in emoji."""
    page = (built_site / slug / "index.html").read_text(encoding="utf-8")
    assert "data-max=" in page
    assert not re.search(r"\smaxlength=", page, re.I)
