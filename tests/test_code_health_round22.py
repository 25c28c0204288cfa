"""Round 22's code-health review: the bugs the type checker pointed at, as a leaver meets them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SOURCE = """---
title: Pay
language: {language}
privacy: Only HR reads the answers. Taking part is voluntary.
---

### Yearly salary {{#salary}}
- type: number
"""


@pytest.fixture(params=["en", "nl"])
def number_form(request: pytest.FixtureRequest, tmp_path: Path):
    """A collector serving one questionnaire with a number question, in English or Dutch."""
    from collector import create_app
    from collector.builder import build_site

    source = tmp_path / "questionnaires"
    source.mkdir()
    (source / "pay.md").write_text(SOURCE.format(language=request.param), "utf-8")
    build_site(source, tmp_path / "output")
    app = create_app(
        {"TESTING": True, "OUTPUT_DIR": tmp_path / "output", "DATA_DIR": tmp_path / "data"}
    )
    client = app.test_client()
    page = client.get("/pay/").get_data(as_text=True)
    version = re.search(r'name="_version" value="([^"]+)"', page)
    assert version is not None
    return client, version.group(1), request.param


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        # More digits than a float keeps: the suggestion was 1234567890123456768.
        ("1.234.567.890.123.456.789", "1234567890123456789"),
        ("1,234,567,890,123,456,789", "1234567890123456789"),
        # And more decimals than it keeps: the suggestion was 45000.123456789.
        ("45.000,123456789012345678", "45000{sep}123456789012345678"),
        ("45,000.5", "45000{sep}5"),
    ],
)
def test_the_number_suggested_for_thousands_separators_is_the_one_typed(
    number_form, typed: str, suggested: str
) -> None:
    """A leaver who writes thousands separators is shown their number without them, to type
    again: every digit of it must be theirs, not a float's rounding of it."""
    client, version, language = number_form
    response = client.post(
        "/submit/pay",
        data={"_version": version, "salary": typed},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 422
    (error,) = response.get_json()["errors"]
    expected = suggested.format(sep="," if language == "nl" else ".")
    assert error["message"].endswith((f"like {expected}", f"zoals {expected}")), error


def test_an_older_pages_answers_that_fit_only_todays_form_count_as_todays(versions) -> None:
    """A page of a version this collector archived, sent with an answer to a question only
    the questionnaire of today has (a draft the browser kept from the newer page, say): the
    answers count, as answers to today's form, rather than being refused whole."""
    app, rebuild = versions
    client = app.test_client()
    shared = app.extensions["exit_survey"]
    old = shared.forms.current("exit-en").version
    assert client.get("/exit-en/", buffered=True).status_code == 200  # archives it
    rebuild(
        ("## Finally {#finally}\n", "## Finally {#finally}\n\n### One more thing {#extra}\n"),
        ("## Tot slot {#finally}\n", "## Tot slot {#finally}\n\n### Nog één ding {#extra}\n"),
        ("{#extra}\n", "{#extra}\n- type: short text\n"),
    )
    new = shared.forms.current("exit-en").version
    assert new != old and shared.forms.version("exit-en", old) is not None
    posted = {"_version": old, "departure": "voluntary", "extra": "Yes"}
    assert client.post("/submit/exit-en", data=posted).status_code == 303
    [record] = shared.store.responses("exit-en")
    assert record["version"] == new and record["answers"]["extra"] == "Yes"
    # An answer neither version has is still refused, and nothing is kept.
    posted = {"_version": old, "departure": "voluntary", "nowhere": "Yes"}
    assert client.post("/submit/exit-en", data=posted).status_code == 400
    assert len(list(shared.store.responses("exit-en"))) == 1
