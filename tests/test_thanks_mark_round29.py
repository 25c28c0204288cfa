"""The thank-you page marks the tab's answers sent (round 29; collector/sent_mark.py).

A form sent as a plain post (a host's policy forbade the script's fetch) never learns that
its answers were stored; the thank-you page does, and marks them under enhance.js's keys.
Its one line of script must run on any static host and under the collector's header, and
name exactly the form's keys. What it does in a browser: tests/browser/test_plain_post_round29.py.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from collector import csp
from collector.builder import build_site
from collector.page_policy import inline_sources

EXAMPLES = Path(__file__).resolve().parents[1] / "questionnaires"


def _meta_policy(page: str) -> str:
    return re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', page)[1]


def _script_sources(policy: str) -> list[str]:
    return re.search(r"script-src ([^;]*)", policy)[1].split()


def _inline_script(page: str) -> str:
    [script] = re.findall(r"<script>(.*?)</script>", page, re.S)
    return script


def test_the_thank_you_page_script_is_allowed_by_the_page_and_by_the_collector(
    built_site: Path, client
) -> None:
    page = (built_site / "exit-en" / "thanks.html").read_text(encoding="utf-8")
    script = _inline_script(page)
    assert csp.source_hash(script) in _script_sources(_meta_policy(page))
    served = client.get("/exit-en/thanks.html")
    assert served.status_code == 200
    assert csp.source_hash(script) in _script_sources(served.headers["Content-Security-Policy"])
    # Nothing else inline: the form page's own script is allowed there, and only that.
    assert inline_sources(page)[1] == [csp.source_hash(script)]


def test_it_names_the_form_keys_of_enhance_js(tmp_path: Path) -> None:
    """The key is enhance.js's key(): the form's action as the browser resolves it; the
    draft is the translations' shared one (form.html's data-draft)."""
    build_site(EXAMPLES, tmp_path / "out", collector_url="https://collect.example/exit/")
    for slug in ("exit-en", "exit-nl"):
        form_page = (tmp_path / "out" / slug / "index.html").read_text(encoding="utf-8")
        thanks = (tmp_path / "out" / slug / "thanks.html").read_text(encoding="utf-8")
        action = re.search(r'<form method="post" action="([^"]*)"', form_page)[1]
        draft = re.search(r'data-draft="([^"]*)"', form_page)[1]
        assert action == f"https://collect.example/exit/submit/{slug}"
        group = '["https://collect.example/exit/submit/exit-en", "https://collect.example/exit/submit/exit-nl"]'
        assert f'[{group}, "{draft}"]' in _inline_script(thanks)
        assert draft == "exit-en exit-nl"


def test_a_form_alone_uses_its_own_draft_and_a_relative_action(tmp_path: Path) -> None:
    source = tmp_path / "questionnaires"
    source.mkdir()
    text = (EXAMPLES / "exit-en.md").read_text(encoding="utf-8")
    (source / "exit-en.md").write_text(text.replace("translation: exit-nl.md\n", ""), "utf-8")
    build_site(source, tmp_path / "out")
    thanks = (tmp_path / "out" / "exit-en" / "thanks.html").read_text(encoding="utf-8")
    assert '[["../submit/exit-en"], ""]' in _inline_script(thanks)


def test_a_thank_you_page_rendered_without_an_action_has_no_script(built_site: Path) -> None:
    """The renderer's API as before (docs/theme.md): nothing to mark, nothing inline."""
    from collector.model import form_from_json
    from collector.render import PageRenderer

    form = form_from_json((built_site / "exit-en" / "form.json").read_text(encoding="utf-8"))
    page = PageRenderer().thank_you_page(form, root="../")
    assert "<script" not in page
    assert _script_sources(_meta_policy(page)) == [
        "'self'",
        PageRenderer().inline_assets().script_hash,
    ]


def test_a_theme_whose_page_frame_lacks_the_line_is_refused(tmp_path: Path) -> None:
    """A base.html copied before round 29 builds thank-you pages that never mark anything:
    the builder names the file and the line to copy, and writes nothing."""
    import subprocess

    theme = tmp_path / "theme"
    theme.mkdir()
    frame = (Path(__file__).resolve().parents[1] / "site_templates" / "base.html").read_text(
        encoding="utf-8"
    )
    line = "{% if sent_script %}<script>{{ sent_script }}</script>{% endif %}\n"
    assert line in frame
    (theme / "base.html").write_text(frame.replace(line, ""), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "build.py", "--templates", str(theme), "--output", str(tmp_path / "out")],
        cwd=Path(__file__).resolve().parents[1],
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert f"{theme}/base.html:" in result.stderr + result.stdout
    assert "the thank-you page lacks its line of script" in result.stderr + result.stdout
    assert not (tmp_path / "out").exists()
