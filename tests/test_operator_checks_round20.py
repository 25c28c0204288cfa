"""Round 20: what the collector and build.py check for an operator.

The collector answered to any Host header, so a DNS rebinding page could post made-up
answers to an intranet collector as if it were the collector's own page; a broken template
in COLLECTOR_TEMPLATES_DIR let the collector start and turned a leaver's refused answers
into a server error; and ``build.py --watch`` ended with a traceback when it could not
write the output folder.
"""

from __future__ import annotations

import errno
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import collector.build_command
import collector.builder
from collector import ConfigError, create_app
from collector.build_command import build_command
from collector.config import load_config
from collector.forms import form_from_json

ROOT = Path(__file__).resolve().parent.parent
THEME = ROOT / "site_templates"
REFUSED = b"Bad Request: this server does not answer to that host name."


def version(site: Path, slug: str = "exit-en") -> str:
    return form_from_json((site / slug / "form.json").read_text(encoding="utf-8")).version


def make_app(site: Path, data: Path, monkeypatch: pytest.MonkeyPatch, **env: str):
    """A collector started with ``COLLECTOR_*`` settings from the environment, as deployed."""
    for name, value in env.items():
        monkeypatch.setenv(f"COLLECTOR_{name}", value)
    return create_app({"TESTING": True, "OUTPUT_DIR": site, "DATA_DIR": data})


def rebinding_post(client, site: Path, host: str):
    """What a page at ``host`` (resolving to the collector) posts with its script."""
    return client.post(
        "/submit/exit-en",
        data={"_version": version(site), "departure": "voluntary", "closing": "made up"},
        headers={
            "Host": host,
            "Origin": f"http://{host}",
            "Sec-Fetch-Site": "same-origin",
            "Accept": "application/json",
        },
    )


# -- COLLECTOR_ALLOWED_HOSTS ----------------------------------------------------------------


def test_a_rebinding_page_s_answers_are_refused_and_nothing_is_stored(
    built_site, tmp_path, monkeypatch, scheduled, caplog
):
    app = make_app(built_site, tmp_path / "data", monkeypatch, ALLOWED_HOSTS="survey.example.com")
    client = app.test_client()
    store = app.extensions["exit_survey"].store
    scheduled.clear()
    caplog.set_level(logging.WARNING)

    refused = rebinding_post(client, built_site, "attacker.example")
    assert refused.status_code == 400
    assert refused.mimetype == "text/plain" and refused.data.startswith(REFUSED)
    assert store.count("exit-en") == 0
    assert scheduled == []  # not even the first request's upkeep was set going
    # HR's sign-in from such a page is refused before the password is looked at.
    sign_in = client.post(
        "/admin/login", data={"password": "guess"}, headers={"Host": "attacker.example"}
    )
    assert sign_in.status_code == 400 and sign_in.data.startswith(REFUSED)
    # One line per worker says why, with the host (a site's name, never a person's).
    said = [r.getMessage() for r in caplog.records if "refused a request" in r.getMessage()]
    assert len(said) == 1 and "'attacker.example'" in said[0]

    sent = rebinding_post(client, built_site, "survey.example.com")
    assert sent.status_code == 200 and sent.json["ok"]
    assert store.count("exit-en") == 1


def test_the_public_url_s_host_is_the_default_and_the_machine_itself_is_answered(
    built_site, tmp_path, monkeypatch
):
    app = make_app(
        built_site, tmp_path / "data", monkeypatch, PUBLIC_URL="https://Survey.Example.com/"
    )
    client = app.test_client()
    for host, status in [
        ("survey.example.com", 200),
        ("survey.example.com:8443", 200),  # any port
        ("localhost:8000", 200),  # curl on the machine itself
        ("127.0.0.1:8000", 200),
        ("10.0.0.5:8000", 400),  # a load balancer's check by address: list it
        ("attacker.example", 400),
    ]:
        assert client.get("/health", headers={"Host": host}).status_code == status, host


def test_a_load_balancer_s_address_can_be_listed_for_its_health_check(
    built_site, tmp_path, monkeypatch
):
    app = make_app(
        built_site,
        tmp_path / "data",
        monkeypatch,
        PUBLIC_URL="https://survey.example.com",
        ALLOWED_HOSTS="survey.example.com, 10.0.0.5, .intranet.example",
    )
    client = app.test_client()
    assert client.get("/health", headers={"Host": "10.0.0.5:8000"}).json == {"status": "ok"}
    assert (
        client.get("/exit-en/", headers={"Host": "hr.intranet.example"}, buffered=True).status_code
        == 200
    )
    assert (
        client.get("/exit-en/", headers={"Host": "intranet.example"}, buffered=True).status_code
        == 200
    )
    assert client.get("/exit-en/", headers={"Host": "10.0.0.6"}, buffered=True).status_code == 400


@pytest.mark.parametrize(
    "env",
    [{}, {"ALLOWED_HOSTS": "*", "PUBLIC_URL": "https://survey.example.com"}],
    ids=["unset", "star"],
)
def test_without_a_public_url_or_with_star_any_host_is_answered_as_before(
    built_site, tmp_path, monkeypatch, env
):
    app = make_app(built_site, tmp_path / "data", monkeypatch, **env)
    client = app.test_client()
    assert rebinding_post(client, built_site, "whatever.example").status_code == 200


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        (
            {"ALLOWED_HOSTS": "https://survey.example.com"},
            "COLLECTOR_ALLOWED_HOSTS: 'https://survey.example.com' is an address, not a host "
            "name: write the name only, e.g. survey.example.com",
        ),
        (
            {"ALLOWED_HOSTS": "survey.example.com:443"},
            "COLLECTOR_ALLOWED_HOSTS: 'survey.example.com:443' has a port: write "
            "'survey.example.com' (any port is accepted)",
        ),
        (
            {"ALLOWED_HOSTS": "*.example.com"},
            "COLLECTOR_ALLOWED_HOSTS: '*.example.com' is a pattern: write '.example.com' for "
            "'example.com' and all its subdomains",
        ),
        (
            {"ALLOWED_HOSTS": "::1"},
            "COLLECTOR_ALLOWED_HOSTS: '::1' is an IPv6 address without brackets",
        ),
        (
            {"ALLOWED_HOSTS": "survey example com"},
            "COLLECTOR_ALLOWED_HOSTS: 'survey example com' is not a host name",
        ),
        (
            {"ALLOWED_HOSTS": "survey.example.com,*"},
            "COLLECTOR_ALLOWED_HOSTS: '*' answers any host, so give either '*' alone or host "
            "names, not both",
        ),
        (
            {"PUBLIC_URL": "survey.example.com"},
            "COLLECTOR_PUBLIC_URL: 'survey.example.com' is not a web address: it does not "
            "start with https:// or http:// (write it like https://survey.example.com)",
        ),
    ],
)
def test_a_malformed_host_setting_stops_the_start_with_a_clear_line(env, expected):
    with pytest.raises(ConfigError) as refused:
        load_config({f"COLLECTOR_{name}": value for name, value in env.items()})
    assert expected in str(refused.value)


def test_host_names_are_taken_as_browsers_send_them():
    config = load_config({"COLLECTOR_ALLOWED_HOSTS": "Survey.Example.com, bücher.example"})
    assert config["ALLOWED_HOSTS"][:2] == ("survey.example.com", "xn--bcher-kva.example")


# -- the collector's theme at start-up ------------------------------------------------------


def theme(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """A theme folder overriding ``name`` with ``old`` replaced by ``new``."""
    folder = tmp_path / "my_theme"
    folder.mkdir(exist_ok=True)
    text = (THEME / name).read_text(encoding="utf-8")
    assert old in text
    (folder / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("name", "old", "new", "expected"),
    [
        (
            "not_sent.html",
            "{{ t.not_sent_back }}",
            "{{ t.not_sent_back | shout }}",
            "my_theme/not_sent.html:15: template error: No filter named 'shout'",
        ),
        (
            "not_sent.html",
            "{% block main %}",
            "{% block mian %}",
            "my_theme/not_sent.html:10: the block 'mian' is not in site_templates/base.html",
        ),
        (
            "question_notes.html",
            "{{ v.error }}",
            "{{ v.error.upper( }}",
            "my_theme/question_notes.html:",
        ),
    ],
)
def test_a_broken_theme_stops_the_collector_with_its_file_and_line(
    built_site, tmp_path, monkeypatch, name, old, new, expected
):
    folder = theme(tmp_path, name, old, new)
    monkeypatch.chdir(tmp_path)  # the theme is named as the operator gave it
    with pytest.raises(ConfigError) as refused:
        make_app(built_site, tmp_path / "data", monkeypatch, TEMPLATES_DIR=folder.name)
    assert str(refused.value).startswith("COLLECTOR_TEMPLATES_DIR: ")
    assert expected in str(refused.value)


def test_the_server_and_the_commands_refuse_to_start_on_a_broken_theme(built_site, tmp_path):
    """As run by an operator: one line, exit code 1, no traceback."""
    folder = theme(tmp_path, "not_sent.html", "{{ t.not_sent_back }}", "{{ t.nope() }}")
    env = {
        **os.environ,
        "COLLECTOR_OUTPUT_DIR": str(built_site),
        "COLLECTOR_DATA_DIR": str(tmp_path / "data"),
        "COLLECTOR_TEMPLATES_DIR": folder.name,
    }
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "collector", "export", "exit-en"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("Error: COLLECTOR_TEMPLATES_DIR: my_theme/not_sent.html:15: ")
    assert "Traceback" not in done.stderr


def test_a_working_theme_starts_and_renders_the_refused_answers_page(
    built_site, tmp_path, monkeypatch
):
    folder = theme(tmp_path, "not_sent.html", "<h1>", '<h1 class="mine">')
    app = make_app(built_site, tmp_path / "data", monkeypatch, TEMPLATES_DIR=str(folder))
    cut_off = app.test_client().post(
        "/submit/exit-en",
        data=b"_version=" + version(built_site).encode() + b"&departure=%ff%fe",
        content_type="application/x-www-form-urlencoded",
    )
    assert cut_off.status_code == 400
    assert b'<h1 class="mine">' in cut_off.data


# -- build.py --watch -----------------------------------------------------------------------


class _Stop(Exception):
    """Ends the watch loop in a test."""


def _watch(monkeypatch: pytest.MonkeyPatch, *args: str, sleeps: int = 1):
    """``build.py --watch`` until its ``sleeps``-th wait for a save."""
    waited = []

    def sleep(seconds: float) -> None:
        waited.append(seconds)
        if len(waited) >= sleeps:
            raise _Stop

    monkeypatch.setattr(collector.build_command.time, "sleep", sleep)
    return CliRunner().invoke(build_command, ["--watch", *args])


def test_watch_reports_an_output_folder_it_cannot_make_and_keeps_watching(
    example_project, monkeypatch
):
    (example_project / "site").write_text("a file where a folder should be")
    result = _watch(monkeypatch, "--output", "site/output")
    assert "Error: cannot write the site: File exists: " in result.output, result.output
    assert "save a questionnaire or template to build again" in result.output
    assert isinstance(result.exception, _Stop), result.output  # it went on to wait for a save


def test_watch_reports_a_full_disk_and_builds_after_the_next_save(example_project, monkeypatch):
    real = collector.builder._write_file
    full = [True]

    def write_file(path: Path, content: bytes) -> None:
        if full[0] and "questionnaires" not in path.parts:  # the site's disk
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        real(path, content)

    monkeypatch.setattr(collector.builder, "_write_file", write_file)
    saves = iter([None])

    def sleep(seconds: float) -> None:
        # The operator makes room, HR saves a questionnaire: the next look builds.
        if next(saves, _Stop) is _Stop:
            raise _Stop
        full[0] = False
        source = example_project / "questionnaires" / "exit-en.md"
        source.write_text(source.read_text(encoding="utf-8") + "\n", encoding="utf-8")

    monkeypatch.setattr(collector.build_command.time, "sleep", sleep)
    result = CliRunner().invoke(build_command, ["--watch"])
    assert "cannot write the site: No space left on device" in result.output, result.output
    assert "Built 2 questionnaire(s) into output/" in result.output
    assert (example_project / "output" / "exit-en" / "index.html").is_file()
    assert isinstance(result.exception, _Stop), result.output


def test_watch_keeps_watching_when_a_folder_goes_away_while_it_looks(example_project, monkeypatch):
    """An editor's temporary folder, listed and gone before it is looked into."""
    real = collector.build_command._stats
    looks = []

    def stats(folders):
        looks.append(1)
        if len(looks) == 3:
            raise FileNotFoundError(errno.ENOENT, "No such file or directory", "tmp.swp")
        return real(folders)

    monkeypatch.setattr(collector.build_command, "_stats", stats)
    result = _watch(monkeypatch, sleeps=3)
    assert isinstance(result.exception, _Stop), result.output
    assert result.output.count("Built 2 questionnaire(s)") == 1  # and built once, not again
