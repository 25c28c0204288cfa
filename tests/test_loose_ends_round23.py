"""Loose ends an operator running curl, and HR closing a questionnaire, ran into: the link
to a closed questionnaire, the host check's answer, 405s without Allow, and ``-h``."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.test import EnvironBuilder

from collector import create_app
from collector.builder import build_site
from tests.conftest import EXAMPLES, ROOT

NL_CONTACT = "Vragen? Mail <hr-enquete@example.com> (niet anoniem)."
#: Every address under a questionnaire's name that an old invitation or a leaver's history
#: may hold.
ITS_ADDRESSES = ("/exit-nl/", "/exit-nl", "/exit-nl/index.html", "/exit-nl/thanks.html")


def _build(tmp_path: Path, dutch_settings: str = "slug: exit-nl") -> Path:
    """The examples built into ``tmp_path/output``, the Dutch one's slug line replaced by
    ``dutch_settings`` (a contact after it, another slug)."""
    source = tmp_path / "questionnaires"
    shutil.copytree(EXAMPLES, source, dirs_exist_ok=True)
    dutch = source / "exit-nl.md"
    dutch.write_text(dutch.read_text("utf-8").replace("slug: exit-nl", dutch_settings, 1), "utf-8")
    output = tmp_path / "output"
    build_site(source, output)
    return output


def _app(output: Path, tmp_path: Path) -> Flask:
    return create_app({"TESTING": True, "OUTPUT_DIR": output, "DATA_DIR": tmp_path / "data"})


def _close_dutch(output: Path) -> None:
    """What a build without exit-nl.md (or with another slug in it) does to output/."""
    shutil.rmtree(output / "exit-nl")


def test_the_link_to_a_closed_questionnaire_says_it_has_closed_and_whom_to_ask(tmp_path):
    """The link in an old invitation said "page not found, check the link you were given"
    (404): a leaver had the right link, to a survey HR had closed."""
    output = _build(tmp_path, f"slug: exit-nl\ncontact: {NL_CONTACT}")
    client = _app(output, tmp_path).test_client()
    assert client.get("/exit-nl/", buffered=True).status_code == 200  # seen, so archived
    _close_dutch(output)
    # GET /submit/exit-nl said "your answers were not sent": nothing had been sent.
    for path in (*ITS_ADDRESSES, "/submit/exit-nl"):
        response = client.get(path, headers={"Accept-Language": "en"})
        assert response.status_code == 410, path
        page = response.get_data(as_text=True)
        assert "<html lang=nl>" in page, path
        assert "<h1>Vertrekenquête</h1>" in page, path
        assert "Deze vragenlijst is gesloten" in page, path
        assert "mailto:hr-enquete@example.com" in page, path
        assert "niet gevonden" not in page and "niet verstuurd" not in page, path
    head = client.head("/exit-nl/")
    assert head.status_code == 410 and head.data == b""
    as_json = client.get("/exit-nl/", headers={"Accept": "application/json"})
    assert as_json.status_code == 410
    assert "gesloten" in as_json.get_json()["error"]
    # Not every missing page is a closed questionnaire.
    assert client.get("/exit-en/no-such-page").status_code == 404
    assert client.get("/never-built/").status_code == 404


def test_a_renamed_questionnaire_s_old_link_names_whom_to_ask_now(tmp_path):
    """The closed version had no contact; the version that replaced it (a new slug, for a
    new year) has one in the same language: the old link names it."""
    output = _build(tmp_path)
    client = _app(output, tmp_path).test_client()
    assert client.get("/exit-nl/", buffered=True).status_code == 200
    _build(tmp_path, f"slug: exit-nl-2027\ncontact: {NL_CONTACT}")
    assert not (output / "exit-nl").exists()
    response = client.get("/exit-nl/")
    assert response.status_code == 410
    assert "mailto:hr-enquete@example.com" in response.get_data(as_text=True)


def test_a_post_to_a_closed_questionnaire_is_neither_stored_nor_logged(tmp_path, caplog):
    output = _build(tmp_path)
    app = _app(output, tmp_path)
    client = app.test_client()
    opened = app.extensions["exit_survey"].forms.current("exit-nl").version
    _close_dutch(output)
    with caplog.at_level(logging.DEBUG):
        response = client.post(
            "/submit/exit-nl",
            data={"_version": opened, "departure": "voluntary", "closing": "Mijn naam is Jan"},
        )
    assert response.status_code == 410
    assert "Deze vragenlijst is gesloten" in response.get_data(as_text=True)
    assert list(app.extensions["exit_survey"].store.responses("exit-nl")) == []
    assert [r for r in caplog.records if r.name.startswith("collector")] == []


@pytest.mark.parametrize(
    ("method", "path", "methods"),
    [
        ("PUT", "/exit-en/", {"GET", "HEAD"}),
        ("POST", "/health", {"GET", "HEAD"}),
        ("DELETE", "/submit/exit-en", {"GET", "HEAD", "POST"}),
        ("PATCH", "/admin/", {"GET", "HEAD"}),  # the HR area's own page
    ],
)
def test_a_405_names_the_methods_the_address_takes(client, method, path, methods):
    """RFC 9110 (15.5.6): a 405 must have Allow. werkzeug's does; the collector's pages in
    its place (in the questionnaire's language, the HR area's) dropped it."""
    response = client.open(path, method=method)
    assert response.status_code == 405
    assert methods <= set(response.allow), response.headers


def _refused(
    built_site: Path, tmp_path: Path, method: str, language: str
) -> tuple[str, dict, bytes]:
    """(status, headers, body) of a request for a host the collector does not answer to,
    as the WSGI server gets them."""
    app = create_app(
        {
            "TESTING": True,
            "OUTPUT_DIR": built_site,
            "DATA_DIR": tmp_path / "data",
            "ALLOWED_HOSTS": ["survey.example.com"],
        }
    )
    environ = EnvironBuilder(
        path="/exit-nl/",
        method=method,
        headers={"Host": "rebound.example", "Accept-Language": language},
    ).get_environ()
    started: list = []
    body = b"".join(
        app.wsgi_app(environ, lambda status, headers: started.extend([status, dict(headers)]))
    )
    return started[0], started[1], body


def test_the_host_check_sends_no_body_to_head(built_site, tmp_path):
    """gunicorn dropped the body and logged "WSGI app sent body bytes on a no-body
    response" for every such HEAD: a line per request, where the check logs once."""
    status, headers, body = _refused(built_site, tmp_path, "HEAD", "en")
    assert status.startswith("400")
    assert body == b""
    _, get_headers, get_body = _refused(built_site, tmp_path, "GET", "en")
    assert headers["Content-Length"] == get_headers["Content-Length"] == str(len(get_body))


def test_the_host_check_answers_in_dutch_to_a_dutch_browser(built_site, tmp_path):
    status, headers, body = _refused(built_site, tmp_path, "GET", "nl-NL,nl;q=0.9,en;q=0.5")
    assert status.startswith("400")
    assert headers["Content-Language"] == "nl"
    assert body.startswith(b"Ongeldig verzoek: deze server antwoordt niet op die hostnaam")
    _, headers, body = _refused(built_site, tmp_path, "GET", "de")
    assert headers["Content-Language"] == "en"
    assert body.startswith(b"Bad Request: this server does not answer to that host name")


#: Every command the collector adds to ``flask``; ``routes``, ``run`` and ``shell`` are
#: Flask's (``run -h`` is its host).
COMMANDS = [
    "export", "report", "purge", "redact", "delete-response", "backup", "restore",
    "set-password",
]  # fmt: skip


def test_every_command_takes_h_for_help(app):
    """``build.py -h`` printed the help; ``flask --app collector export -h`` said "No such
    option '-h'"."""
    runner = app.test_cli_runner()
    for name in COMMANDS:
        done = runner.invoke(args=[name, "-h"])
        assert done.exit_code == 0, (name, done.output)
        assert done.output.startswith("Usage: ") and f" {name} " in done.output.split("\n")[0]
        assert "-h, --help" in done.output


@pytest.mark.slow
def test_h_on_a_fresh_checkout_prints_only_the_help(tmp_path):
    """As for ``--help``: the help alone, no warning that nothing is built, no data folder."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COLLECTOR_")}
    env.update(PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1")
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "collector", "export", "-h"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.startswith("Usage: ")
    assert list(tmp_path.iterdir()) == []
