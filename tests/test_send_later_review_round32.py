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

A ``form.html`` of a theme's own that sends a field twice (a second honeypot ``_trap``, a
second ``_version``) was taken before round 32; since, every post from it is refused as a
whole, nothing stored and nothing logged. The build now refuses such a theme with its
file and line, and the collector warns of one at start-up.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from werkzeug.datastructures import MultiDict

from collector import create_app
from collector.builder import build_site
from tests.questionnaire_helpers import build

ROOT = Path(__file__).resolve().parent.parent

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


# -- a theme's form.html that sends a field twice -----------------------------------------

SECOND_TRAP = (
    '<p class="trap" aria-hidden="true"><input type="text" name="_trap" tabindex="-1" '
    'autocomplete="off" aria-label="Leave this field empty"></p>\n'
)


def theme_with(tmp_path: Path, extra: str) -> Path:
    """A theme whose form.html is the default one with ``extra`` just inside the form."""
    folder = tmp_path / "my_theme"
    folder.mkdir()
    text = (ROOT / "site_templates" / "form.html").read_text(encoding="utf-8")
    hidden = '<input type="hidden" name="_submission" value="{{ submission }}">\n'
    assert hidden in text
    (folder / "form.html").write_text(text.replace(hidden, hidden + extra), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        (SECOND_TRAP, "_trap"),
        ('<input type="hidden" name="_version" value="{{ form.version }}">\n', "_version"),
    ],
)
def test_a_theme_whose_form_sends_a_field_twice_is_refused_by_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str, named: str
) -> None:
    text = (theme_with(tmp_path, extra) / "form.html").read_text(encoding="utf-8")
    line = text[: text.index(f'name="{named}"')].count("\n") + 1  # its first
    monkeypatch.chdir(tmp_path)
    output = tmp_path / "out"
    code, printed = build(
        "--source", str(ROOT / "questionnaires"), "--templates", "my_theme", "--output", str(output)
    )
    assert code == 1, printed
    said = f"my_theme/form.html:{line}: the form page of exit-en sends {named} more than once"
    assert said in printed
    assert "no leaver's answers would be stored" in printed
    assert not output.exists()


def test_the_collector_warns_of_such_a_theme_at_start_up(
    built_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog
) -> None:
    monkeypatch.setenv("COLLECTOR_TEMPLATES_DIR", str(theme_with(tmp_path, SECOND_TRAP)))
    with caplog.at_level(logging.WARNING, logger="collector"):
        create_app({"TESTING": True, "OUTPUT_DIR": built_site, "DATA_DIR": tmp_path / "d"})
    warned = [r.getMessage() for r in caplog.records if "more than once" in r.getMessage()]
    assert [w.startswith("COLLECTOR_TEMPLATES_DIR: ") for w in warned] == [True, True], warned


def test_the_default_theme_sends_no_field_twice_for_any_type(tmp_path: Path) -> None:
    """Every type with "other" and "prefer not to say" where it may have them: what a
    page sends under one name (ticks, a box with its tick) is what the collector takes."""
    from collector.render import PageRenderer
    from collector.theme_check import repeated_field_problems

    source = tmp_path / "questionnaires"
    source.mkdir()
    (source / "leaving.md").write_text(EVERY_TYPE, encoding="utf-8")
    forms = build_site(source, tmp_path / "output").forms
    assert list(repeated_field_problems(PageRenderer(), forms)) == []


EVERY_TYPE = HEAD + "".join(
    f"### {kind} {{#{kind.replace(' ', '_')}}}\n- type: {kind}\n{extra}- prefer not to say: yes\n\n"
    for kind, extra in (
        ("single choice", "- choices:\n  - a: A\n  - b: B\n- other: yes\n"),
        ("multiple choice", "- choices:\n  - a: A\n  - b: B\n- other: yes\n"),
        ("dropdown", "- choices:\n  - a: A\n  - b: B\n"),
        ("short text", ""),
        ("long text", ""),
        ("number", ""),
        ("date", "- month only: yes\n"),
        ("yes no", ""),
        ("rating", "- scale: agreement\n"),
        ("recommend", ""),
        ("statements", "- scale: agreement\n- statements:\n  - s1: One\n  - s2: Two\n"),
    )
)
