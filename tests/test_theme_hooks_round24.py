"""A form.html of the theme's own that lacks the markup the page's script relies on.

A theme copied from an earlier version lacks the live regions (round 23) and the
``<template id="_t">`` (round 24): the script then stops with an error where it uses them,
and nothing on the page shows it (without ``#_status`` or ``#_t`` the page stays on
"Sending…"; without ``#_changed`` every choice raises an error and a screen reader is not
told that questions came or went). The build refuses such a theme with the file, the line
and the markup to copy; the collector, whose pages come from the build, says so at
start-up.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from collector import create_app
from tests.questionnaire_helpers import build

THEME = Path(__file__).resolve().parent.parent / "site_templates"
EXAMPLES = Path(__file__).resolve().parent.parent / "questionnaires"

TEMPLATE = '<template id="_t">'
STATUS = '<p class="vh" id="_status" aria-live="polite"{{ en("sending") }}></p>'
CHANGED = '<p class="vh" id="_changed" aria-live="polite"{{ en("questions_changed") }}></p>'


def form_theme(tmp_path: Path, *, drop: str = "", add: str = "") -> Path:
    """A theme folder whose form.html is the default one, without the line holding ``drop``
    and with ``add`` before ``</form>``."""
    folder = tmp_path / "my_theme"
    folder.mkdir(exist_ok=True)
    lines = (THEME / "form.html").read_text(encoding="utf-8").splitlines(keepends=True)
    if drop:
        assert any(drop in line for line in lines)
        lines = [line for line in lines if drop not in line]
    text = "".join(lines).replace("</form>", add + "</form>", 1)
    (folder / "form.html").write_text(text, encoding="utf-8")
    return folder


def end_of_form(folder: Path) -> int:
    text = (folder / "form.html").read_text(encoding="utf-8")
    return text[: text.index("</form>")].count("\n") + 1


@pytest.mark.parametrize(
    ("drop", "named", "markup"),
    [
        (TEMPLATE, '<template id="_t">', "the whole '<template id=\"_t\">…</template>' block"),
        (STATUS, 'id="_status"', 'the line \'<p class="vh" id="_status" aria-live'),
        (CHANGED, 'id="_changed"', 'the line \'<p class="vh" id="_changed" aria-live'),
    ],
)
def test_a_form_theme_without_the_scripts_markup_is_refused_with_file_line_and_fix(
    tmp_path, monkeypatch, drop, named, markup
):
    folder = form_theme(tmp_path, drop=drop)
    monkeypatch.chdir(tmp_path)
    output = tmp_path / "out"
    code, printed = build(
        "--source", str(EXAMPLES), "--templates", "my_theme", "--output", str(output)
    )
    assert code == 1
    assert f"my_theme/form.html:{end_of_form(folder)}: the form page lacks" in printed
    assert named in printed
    assert f"copy {markup}" in printed
    assert "docs/theme.md" in printed
    assert not output.exists()  # nothing half-built


def test_every_missing_piece_is_named_at_once(tmp_path, monkeypatch):
    folder = tmp_path / "my_theme"
    folder.mkdir()
    text = (THEME / "form.html").read_text(encoding="utf-8")
    for line in (STATUS, CHANGED):
        text = text.replace(line, "")
    text = text[: text.index(TEMPLATE)] + "{% endblock %}\n"
    (folder / "form.html").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, printed = build("--source", str(EXAMPLES), "--templates", "my_theme", "--check")
    assert code == 1
    assert printed.count("the form page lacks") == 3


def test_an_empty_notices_template_is_refused(tmp_path, monkeypatch):
    """What the script copies from #_t must be in it: with an empty one, every leaver with
    JavaScript stayed on "Sending…" once the answers were stored (the review found the
    check passed it)."""
    folder = form_theme(tmp_path, drop=TEMPLATE, add="")
    text = (folder / "form.html").read_text(encoding="utf-8")
    (folder / "form.html").write_text(
        text.replace("{% endblock %}", '<template id="_t"></template>\n{% endblock %}'),
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    code, printed = build("--source", str(EXAMPLES), "--templates", "my_theme", "--check")
    assert code == 1
    assert "with a div.errsum and a p.sent" in printed
    assert 'stays on "Sending…"' in printed


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('<template id="_t">', '<template class="notices" id="_t">'),
        ('id="_status" aria-live="polite"', "aria-live='polite' id='_status'"),
        ('<p class="sent" role="status"', '<p role="status" class="sent big"'),
    ],
)
def test_the_markup_is_read_as_a_browser_reads_it(tmp_path, monkeypatch, old, new):
    """Attributes in another order or quoted otherwise are the same markup: no false alarm."""
    folder = form_theme(tmp_path)
    text = (folder / "form.html").read_text(encoding="utf-8")
    assert old in text
    (folder / "form.html").write_text(text.replace(old, new), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, printed = build("--source", str(EXAMPLES), "--templates", "my_theme", "--check")
    assert code == 0, printed


def test_a_form_theme_that_keeps_the_markup_builds(tmp_path, monkeypatch):
    """No false alarm: a theme that changes the form but keeps what the script needs."""
    form_theme(tmp_path, add='<p class="note">Questions? Ask HR.</p>\n')
    monkeypatch.chdir(tmp_path)
    output = tmp_path / "out"
    code, printed = build(
        "--source", str(EXAMPLES), "--templates", "my_theme", "--output", str(output)
    )
    assert code == 0, printed
    assert "Questions? Ask HR." in (output / "exit-en" / "index.html").read_text(encoding="utf-8")


def test_the_collector_warns_of_such_a_theme_at_start_up_and_still_starts(
    built_site, tmp_path, monkeypatch, caplog
):
    """Its form pages come from the build; the page it sends back with messages renders
    all the same, so a warning, not a refusal to take answers."""
    form_theme(tmp_path, drop=TEMPLATE)
    monkeypatch.setenv("COLLECTOR_TEMPLATES_DIR", str(tmp_path / "my_theme"))
    with caplog.at_level(logging.WARNING, logger="collector"):
        app = create_app({"TESTING": True, "OUTPUT_DIR": built_site, "DATA_DIR": tmp_path / "d"})
    warned = [r.getMessage() for r in caplog.records if "the form page lacks" in r.getMessage()]
    assert len(warned) == 1
    assert warned[0].startswith("COLLECTOR_TEMPLATES_DIR: ")
    assert '<template id="_t">' in warned[0]
    assert app.test_client().get("/health").status_code == 200


def test_the_collector_says_nothing_of_the_default_theme_or_a_complete_one(
    built_site, tmp_path, monkeypatch, caplog
):
    form_theme(tmp_path)
    monkeypatch.setenv("COLLECTOR_TEMPLATES_DIR", str(tmp_path / "my_theme"))
    with caplog.at_level(logging.WARNING, logger="collector"):
        create_app({"TESTING": True, "OUTPUT_DIR": built_site, "DATA_DIR": tmp_path / "d"})
    assert not [r for r in caplog.records if "the form page lacks" in r.getMessage()]
