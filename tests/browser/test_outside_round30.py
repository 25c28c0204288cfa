"""Round 30: issue 3's outside checks, written from the issue, the README and the docs.

An outside suite ran axe, keyboard-only, error-state, reflow, print and no-third-party
checks over the built example pages served by `scripts/demo.sh`, with and without
JavaScript, light and dark, at 320 and 1280 px: all passed. Two things it did that the
project's tests did not: a no-JavaScript send that meets a server error that is not the
collector's own (a proxy's 502 while the collector is down), and the demo on a port of its
own, where the script printed the address of port 5000 while serving another.
"""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest
from leaver_steps import fill_resigned, send_button, unique

ROOT = Path(__file__).resolve().parents[2]
PROXY_DOWN = "<!doctype html><title>Proxy error</title><h1>The server is not available</h1>"


@pytest.mark.parametrize("status", [500, 502, 503])
@pytest.mark.parametrize("slug", ["exit-en", "exit-nl"])
def test_without_javascript_a_proxy_error_then_back_keeps_the_answers(
    new_page, collector, slug, status
):
    """A reverse proxy answers the post itself (the collector stopped or restarting): the
    page is the proxy's, with nothing of ours on it. Back must give the answers again,
    and sending them then stores them once."""
    closing = unique(f"Proxy said {status}")
    page = new_page(js=False)
    page.goto(f"{collector.url}/{slug}/")
    fill_resigned(page, closing)
    page.route(
        f"**/submit/{slug}",
        lambda route: route.fulfill(status=status, content_type="text/html", body=PROXY_DOWN),
    )
    send_button(page).focus()
    with page.expect_navigation(url=f"**/submit/{slug}"):
        page.keyboard.press("Enter")
    assert page.title() == "Proxy error"
    page.unroute(f"**/submit/{slug}")
    page.go_back()
    assert page.url.endswith(f"/{slug}/")
    # Chromium restores these from the session history (Playwright turns the back/forward
    # cache off, as a browser does when it evicts the page). Not the one-line "Other,
    # namely" box: autocomplete="off" (kept so that a shared computer offers no typed
    # answer to the next person) also keeps it out of that history; the send below
    # stores what the leaver sees, so it is not asserted here (round 30 report).
    assert page.is_checked("#departure") and page.is_checked("#reasons-11")
    assert page.input_value("#stay") == "A shorter commute"
    assert page.input_value("#closing") == closing
    send_button(page).focus()
    with page.expect_navigation(url=f"**/{slug}/thanks.html"):
        page.keyboard.press("Enter")
    assert len(collector.stored(slug, closing)) == 1


def _stub(path: Path, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/usr/bin/env bash\n" + body + "\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


def test_the_demo_prints_the_address_it_serves(tmp_path):
    """`PORT=... bash scripts/demo.sh` served that port but said to open port 5000."""
    scripts = tmp_path / "scripts"
    scripts.mkdir()
    (scripts / "demo.sh").write_bytes((ROOT / "scripts" / "demo.sh").read_bytes())
    (scripts / "setup.sh").write_text(":\n", encoding="utf-8")  # no install in a test
    _stub(tmp_path / ".venv" / "bin" / "python", "exit 0")  # build.py: nothing to build
    _stub(tmp_path / ".venv" / "bin" / "gunicorn", 'echo "gunicorn $*"')
    env = {k: v for k, v in os.environ.items() if k not in ("PORT", "COLLECTOR_DATA_DIR")}
    shown = {}
    for port in (None, "10599"):
        run_env = env | ({"PORT": port} if port else {})
        out = subprocess.run(
            ["bash", str(scripts / "demo.sh")],
            env=run_env,
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout
        shown[port] = out
    assert "Open http://127.0.0.1:5000/ " in shown[None]
    assert "--bind 127.0.0.1:5000 " in shown[None]
    assert "Open http://127.0.0.1:10599/ " in shown["10599"]
    assert "--bind 127.0.0.1:10599 " in shown["10599"]
