"""Round 32's review of the send-later changes: what a real page may send is still taken.

A page of a version this collector never kept (HR built twice within minutes, or the
pages' site has a build the collector does not: ``_version`` in docs/theme.md) is filed
under the current version when its answers fit it. Its question may have had another type
there: a multiple choice that is a single choice now sends two ticks, a text whose
"prefer not to say" has since been removed sends its box and its tick. Such a page sends
those fields twice as a matter of course; refusing the post as a whole ("not sent as a
form", 400) lost the leaver's answers for good, where before round 32 they were sent back
to choose one answer. A field that no page of any version sends twice (an "other" box,
the page's own fields) is still refused.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from werkzeug.datastructures import MultiDict

from collector import create_app
from collector.builder import build_site

HEAD = "---\ntitle: Leaving\nlanguage: en\nslug: leaving\nprivacy: Anonymous.\n---\n\n## All {#all}\n\n"
#: The page the leaver opened: "reasons" a multiple choice, "team" a text with its tick.
BEFORE = (
    HEAD
    + "### Why? {#reasons}\n- type: multiple choice\n- choices:\n  - pay: Pay\n  - boss: Boss\n"
    + "- other: yes\n\n"
    + "### Team? {#team}\n- type: short text\n- prefer not to say: yes\n"
)
#: The version built since, which the collector has: one reason, no tick.
NOW = (
    HEAD
    + "### Why? {#reasons}\n- type: single choice\n- choices:\n  - pay: Pay\n  - boss: Boss\n"
    + "- other: yes\n\n"
    + "### Team? {#team}\n- type: short text\n"
)
PLAIN = {"Sec-Fetch-Mode": "navigate", "Sec-Fetch-Site": "same-origin"}


@pytest.fixture
def older_page(tmp_path: Path):
    """(a client of a collector that only ever saw the version built now, the version of
    the page opened before it)."""
    source, output = tmp_path / "questionnaires", tmp_path / "output"
    source.mkdir()
    (source / "leaving.md").write_text(BEFORE, encoding="utf-8")
    build_site(source, output)
    opened = json.loads((output / "leaving" / "form.json").read_text(encoding="utf-8"))
    (source / "leaving.md").write_text(NOW, encoding="utf-8")
    build_site(source, output)
    app = create_app(
        {"TESTING": True, "OUTPUT_DIR": output, "DATA_DIR": tmp_path / "data", "RATE_LIMIT": 99}
    )
    return app.test_client(), opened["version"]


def send(client, version: str, answers: list[tuple[str, str]]):
    fields = [("_version", version), ("_submission", ""), ("_trap", ""), *answers]
    return client.post("/submit/leaving", data=MultiDict(fields), headers=PLAIN)


def test_two_ticks_of_an_older_pages_multiple_choice_are_asked_about(older_page) -> None:
    client, version = older_page
    reply = send(client, version, [("reasons", "pay"), ("reasons", "boss"), ("team", "")])
    page = reply.get_data(as_text=True)
    assert reply.status_code == 422, page  # sent back with the answers, not refused
    assert "Select only one answer to “Why?”" in page
    assert "not sent as a form" not in page


def test_an_older_pages_text_with_its_tick_is_asked_about(older_page) -> None:
    client, version = older_page
    reply = send(
        client, version, [("reasons", "pay"), ("team", "Sales"), ("team", "prefer_not_to_say")]
    )
    assert reply.status_code == 422, reply.get_data(as_text=True)


def test_a_field_no_page_sends_twice_is_still_refused_from_an_older_page(older_page) -> None:
    client, version = older_page
    for twice in (
        [("reasons", "other"), ("reasons__other", "a"), ("reasons__other", "b")],
        [("reasons", "pay"), ("_submission", "x")],
        [("reasons", "pay"), ("_trap", "")],
    ):
        reply = send(client, version, twice)
        assert reply.status_code == 400, twice
        assert "not sent as a form" in reply.get_data(as_text=True)
