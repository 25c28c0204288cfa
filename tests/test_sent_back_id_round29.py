"""A form sent back for corrections (422) to the script keeps its submission ID (round 29).

Without it the corrected send went as one without JavaScript, and a tab duplicated after
the 422 kept the first tab's ID, so one of the two responses was dropped as a resend
(tests/browser/test_plain_post_second_review_round29.py). Only a well-formed ID goes back.
"""

from __future__ import annotations

import re

import pytest


def _sent_back_id(client, posted: str, mode: str = "cors") -> str:
    response = client.post(
        "/submit/exit-en",
        data={"closing": "no answer to the required question", "_submission": posted},
        headers={"Sec-Fetch-Mode": mode},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    return re.search(r'<input type="hidden" name="_submission" value="([^"]*)"', page)[1]


def test_the_form_sent_back_keeps_its_submission_id(client) -> None:
    posted = "1901651933-4028724199-1955410503-1503101567"
    assert _sent_back_id(client, posted) == posted


@pytest.mark.parametrize(
    "posted", ["", "short", "x" * 65, "abc<def>ghi-jkl-mno", "a b c d e f g h i"]
)
def test_an_id_that_is_not_one_goes_back_empty(client, posted: str) -> None:
    assert _sent_back_id(client, posted) == ""


def test_a_plain_post_sent_back_gets_no_id(client) -> None:
    """The page a plain post lands on is the collector's, on another site than the form's
    tab storage: with the ID in it, Back to the form kept that ID after the corrected send
    was stored, and the next person's answers were taken for a resend and dropped. The
    collector's page takes an ID of its own instead (enhance.js)."""
    posted = "1901651933-4028724199-1955410503-1503101567"
    assert _sent_back_id(client, posted, mode="navigate") == ""
