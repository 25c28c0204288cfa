"""A theme changed and rebuilt while the collector runs: every page still gets a header
policy that lets its own inline style and script run, without a restart."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from collector import create_app
from collector.builder import build_site
from collector.csp import source_hash

EXAMPLES = Path(__file__).resolve().parent.parent / "questionnaires"
OLD_CSS, NEW_CSS = "main{border-top:1px solid teal}", "main{border-top:4px solid green}"
OLD_JS, NEW_JS = 'document.title+="";', 'document.title+=" ";'
INLINE = re.compile(r"<(style|script)>(.*?)</\1>", re.S)


def directives(header: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in header.split("; ")}


def blocked_blocks(page: str, header: str) -> list[str]:
    """The page's inline blocks that the header policy would not let run."""
    allowed = directives(header)
    return [
        f"{tag}: {text[:40]}"
        for tag, text in INLINE.findall(page)
        if source_hash(text) not in allowed[f"{tag}-src"]
    ]


def set_theme(theme: Path, css: str, js: str) -> None:
    (theme / "static").mkdir(parents=True, exist_ok=True)
    (theme / "static" / "form.css").write_text(css, encoding="utf-8")
    (theme / "static" / "enhance.js").write_text(js, encoding="utf-8")


@pytest.fixture
def themed(tmp_path: Path) -> tuple[Path, Path]:
    """A theme folder and a site built from it, as `build.py --templates theme` makes."""
    theme, output = tmp_path / "theme", tmp_path / "output"
    set_theme(theme, OLD_CSS, OLD_JS)
    build_site(EXAMPLES, output, template_dirs=[theme])
    return theme, output


@pytest.fixture
def client(themed: tuple[Path, Path], tmp_path: Path):
    theme, output = themed
    app = create_app(
        {
            "TESTING": True,
            "OUTPUT_DIR": output,
            "DATA_DIR": tmp_path / "data",
            "TEMPLATE_DIRS": [theme],
            "RATE_LIMIT": 1000,
        }
    )
    return app.test_client()


@pytest.mark.parametrize("accept", ["br", "gzip", ""])
@pytest.mark.parametrize("page", ["/exit-en/", "/exit-nl/thanks.html", "/"])
def test_a_rebuilt_page_is_served_with_the_policy_of_its_new_theme(
    client, themed, page: str, accept: str
) -> None:
    theme, output = themed
    before = client.get(page, headers={"Accept-Encoding": "identity"}, buffered=True)
    assert OLD_CSS in before.get_data(as_text=True)
    assert source_hash(OLD_CSS) in before.headers["Content-Security-Policy"]

    set_theme(theme, NEW_CSS, NEW_JS)
    build_site(EXAMPLES, output, template_dirs=[theme])

    after = client.get(page, headers={"Accept-Encoding": accept or "identity"}, buffered=True)
    assert after.headers.get("Content-Encoding") == (accept or None)
    header = after.headers["Content-Security-Policy"]
    assert source_hash(NEW_CSS) in directives(header)["style-src"]
    assert source_hash(OLD_CSS) not in header  # nothing kept from the theme before
    assert "frame-ancestors 'none'" in header and "unsafe-inline" not in header
    plain = client.get(page, headers={"Accept-Encoding": "identity"}, buffered=True)
    assert NEW_CSS in plain.get_data(as_text=True)
    assert blocked_blocks(plain.get_data(as_text=True), header) == []


def test_a_browser_revalidating_after_a_rebuild_gets_the_new_page_and_its_policy(
    client, themed
) -> None:
    theme, output = themed
    first = client.get("/exit-en/", buffered=True)
    etag = first.headers["ETag"]
    assert (
        client.get("/exit-en/", headers={"If-None-Match": etag}, buffered=True).status_code == 304
    )

    set_theme(theme, NEW_CSS, NEW_JS)
    build_site(EXAMPLES, output, template_dirs=[theme])

    again = client.get("/exit-en/", headers={"If-None-Match": etag}, buffered=True)
    assert again.status_code == 200
    page = again.get_data(as_text=True)
    assert NEW_CSS in page and blocked_blocks(page, again.headers["Content-Security-Policy"]) == []


def test_the_collectors_own_pages_take_the_changed_theme_and_allow_it(client, themed) -> None:
    """The form with error messages and the not-sent page are rendered by the collector:
    after the theme changed they show the new one, and the header lets it run."""
    theme, output = themed
    set_theme(theme, NEW_CSS, NEW_JS)
    build_site(EXAMPLES, output, template_dirs=[theme])

    errors = client.post("/submit/exit-en", data={"departure": "nonsense"})
    refused = client.post("/submit/exit-en", data={"closing": "x" * 3_000_000})
    assert (errors.status_code, refused.status_code) == (422, 413)
    for response in (errors, refused):
        page = response.get_data(as_text=True)
        assert NEW_CSS in page and OLD_CSS not in page
        assert blocked_blocks(page, response.headers["Content-Security-Policy"]) == []


def test_what_has_no_inline_code_is_sent_a_policy_without_any(client) -> None:
    for response in (client.get("/health"), client.get("/nope"), client.get("/admin/login")):
        header = response.headers["Content-Security-Policy"]
        assert "sha256-" not in header and "unsafe-inline" not in header


class UnixConnection(http.client.HTTPConnection):
    """HTTP over gunicorn's unix socket: no TCP port to pick or to clash with."""

    def __init__(self, path: str) -> None:
        super().__init__("localhost", timeout=10)
        self.socket_path = path

    def connect(self) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(10)
        self.sock.connect(self.socket_path)


def fetch(sock: str, path: str) -> tuple[int, str, str]:
    connection = UnixConnection(sock)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": "identity"})
        response = connection.getresponse()
        body = response.read().decode()
        return response.status, response.getheader("Content-Security-Policy") or "", body
    finally:
        connection.close()


@pytest.mark.slow
def test_every_gunicorn_worker_sends_the_policy_of_the_rebuilt_page(themed, tmp_path) -> None:
    theme, output = themed
    sock = str(tmp_path / "gunicorn.sock")
    env = {
        **os.environ,
        "COLLECTOR_OUTPUT_DIR": str(output),
        "COLLECTOR_DATA_DIR": str(tmp_path / "data"),
        "COLLECTOR_TEMPLATES_DIR": str(theme),
    }
    command = [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"unix:{sock}"]
    process = subprocess.Popen(
        [*command, "--no-control-socket", "collector:create_app()"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError):
                if fetch(sock, "/health")[0] == 200:
                    break
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.2)
        # Both workers have served the page (and kept its policy) before the rebuild.
        for _ in range(8):
            status, header, page = fetch(sock, "/exit-en/")
            assert status == 200 and OLD_CSS in page and blocked_blocks(page, header) == []

        set_theme(theme, NEW_CSS, NEW_JS)
        build_site(EXAMPLES, output, template_dirs=[theme])

        for _ in range(8):
            status, header, page = fetch(sock, "/exit-en/")
            assert status == 200 and NEW_CSS in page
            assert blocked_blocks(page, header) == []
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
