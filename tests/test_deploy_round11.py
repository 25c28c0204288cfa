"""Deployments beyond "location /" on a host of its own: the collector under a path prefix
behind a proxy, and environment files written the way operators write them."""

from __future__ import annotations

import html
import logging
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from support.hr_area import PASSWORD, set_password
from support.posts import VOLUNTARY
from werkzeug.test import Client

from collector import create_app, proxy
from collector.builder import build_site
from collector.config import ConfigError, load_config
from tests.conftest import EXAMPLES

HOST = "https://intranet.example.com"
PREFIX = "/exit-survey"


class PrefixProxy:
    """What nginx does with the README's ``location /exit-survey/ { proxy_pass
    http://127.0.0.1:8000/; ... }``: only that path reaches the collector, without the
    prefix, which goes in X-Forwarded-Prefix beside the client's address and scheme."""

    def __init__(self, app: Any, prefix: str = PREFIX, send_prefix: bool = True) -> None:
        self.app, self.prefix, self.send_prefix = app, prefix, send_prefix

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        path = environ["PATH_INFO"]
        if not path.startswith(self.prefix + "/"):
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"the intranet, not the collector"]
        forwarded = {
            "PATH_INFO": path[len(self.prefix) :],
            "HTTP_X_FORWARDED_FOR": environ.get("REMOTE_ADDR") or "203.0.113.7",
            "HTTP_X_FORWARDED_PROTO": environ["wsgi.url_scheme"],
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": "http",
        }
        if self.send_prefix:
            forwarded["HTTP_X_FORWARDED_PREFIX"] = self.prefix
        return self.app({**environ, **forwarded}, start_response)


def collector(built_site: Path, tmp_path: Path, **settings: Any) -> Any:
    return create_app(
        {
            "TESTING": True,
            "OUTPUT_DIR": built_site,
            "DATA_DIR": tmp_path / "data",
            "RATE_LIMIT": 1000,
            "TRUSTED_PROXIES": 1,
            **settings,
        }
    )


@pytest.fixture
def intranet(built_site: Path, tmp_path: Path) -> tuple[Any, Client]:
    """The collector behind nginx at https://intranet.example.com/exit-survey/, password set."""
    app = collector(built_site, tmp_path)
    assert set_password(app).exit_code == 0
    return app, Browser(PrefixProxy(app))


class Browser(Client):
    """A client on https://intranet.example.com: paths are on that host."""

    def open(self, *args: Any, **kwargs: Any) -> Any:
        if args and isinstance(args[0], str):
            url = urlsplit(urljoin(HOST, args[0]))
            assert f"{url.scheme}://{url.netloc}" == HOST, url  # never another site
            args = (path_of(url.geturl()), *args[1:])
        return super().open(*args, base_url=HOST, buffered=True, **kwargs)


def follow(browser: Client, url: str, response: Any) -> str:
    """Where a browser goes next after ``response`` to ``url``: the absolute address."""
    return urljoin(urljoin(HOST, url), response.headers["Location"])


def links(page: str, kinds: str = "href|action") -> list[str]:
    """The page's links and form addresses (not its in-page anchors and data: icon)."""
    found = re.findall(rf'(?:{kinds})="([^"#][^"]*)"', page)
    return [html.unescape(u) for u in found if not u.startswith("data:")]


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_a_leaver_answers_under_a_path_prefix_without_javascript(intranet):
    app, browser = intranet
    opened = browser.get(f"{PREFIX}/exit-en")
    assert opened.status_code == 308
    form_url = follow(browser, f"{PREFIX}/exit-en", opened)
    assert form_url == f"{HOST}{PREFIX}/exit-en/"
    page = browser.get(form_url).get_data(as_text=True)
    action = urljoin(form_url, html.unescape(re.search(r'<form[^>]* action="([^"]+)"', page)[1]))
    assert action == f"{HOST}{PREFIX}/submit/exit-en"  # not the intranet's own /submit/
    version = app.extensions["exit_survey"].forms.current("exit-en").version
    posted = {**VOLUNTARY, "_version": version}

    sent_back = browser.post(action, data={**posted, "recommend": "11"}, headers={"Origin": HOST})
    assert sent_back.status_code == 422
    for link in links(sent_back.get_data(as_text=True)):
        assert urljoin(action, link).startswith(f"{HOST}{PREFIX}/"), link

    sent = browser.post(action, data=posted, headers={"Origin": HOST})
    assert sent.status_code == 303
    thanks = follow(browser, action, sent)
    assert thanks == f"{HOST}{PREFIX}/exit-en/thanks.html"
    assert browser.get(thanks).status_code == 200
    assert app.extensions["exit_survey"].store.count("exit-en") == 1


def test_hr_signs_in_downloads_and_signs_out_under_a_path_prefix(intranet):
    _, browser = intranet
    wanted = f"{PREFIX}/admin/report/exit-en?breakdown=department"
    to_sign_in = browser.get(wanted)
    sign_in_url = follow(browser, wanted, to_sign_in)
    assert path_of(sign_in_url).startswith(f"{PREFIX}/admin/login?")
    sign_in = browser.get(sign_in_url).get_data(as_text=True)
    assert all(link.startswith(f"{PREFIX}/") for link in links(sign_in))
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', sign_in))
    fields = {k: html.unescape(v) for k, v in fields.items()}
    signed_in = browser.post(
        f"{PREFIX}/admin/login", data={**fields, "password": PASSWORD}, headers={"Origin": HOST}
    )
    assert signed_in.status_code == 303
    assert path_of(follow(browser, "/", signed_in)) == wanted  # the page asked for

    start = browser.get(f"{PREFIX}/admin/").get_data(as_text=True)
    found = links(start)
    assert f"{PREFIX}/admin/download/exit-en/csv" in found
    assert all(link.startswith(f"{PREFIX}/") for link in found)
    report = browser.get(f"{PREFIX}/admin/report/exit-en").get_data(as_text=True)
    for link in links(start, "href") + links(report, "href"):  # pages, files, style sheets
        assert browser.get(link).status_code == 200, link

    token = re.search(r'name="csrf_token" value="([^"]+)"', start)[1]
    signed_out = browser.post(
        f"{PREFIX}/admin/logout", data={"csrf_token": token}, headers={"Origin": HOST}
    )
    assert path_of(follow(browser, "/", signed_out)) == f"{PREFIX}/admin/login?signed_out=1"
    assert browser.get(f"{PREFIX}/admin/").status_code == 303


def test_the_hr_session_cookie_stays_within_the_prefix(intranet):
    _, browser = intranet
    response = browser.get(f"{PREFIX}/admin/login")
    cookie = response.headers["Set-Cookie"]
    assert f"Path={PREFIX}/admin" in cookie and "Secure" in cookie


def test_health_and_error_pages_answer_under_the_prefix(intranet):
    _, browser = intranet
    assert browser.get(f"{PREFIX}/health").json == {"status": "ok"}
    assert browser.get(f"{PREFIX}/no-such-page").status_code == 404
    refused = browser.post(
        f"{PREFIX}/submit/exit-en", data=VOLUNTARY, headers={"Origin": "https://evil.example"}
    )
    assert refused.status_code == 403


@pytest.mark.parametrize(
    "prefix",
    [
        "//evil.example",  # a browser reads //host as another site
        "/\\evil.example",
        "https://evil.example",
        "/a/../b",
        "/exit survey",
    ],
)
def test_a_prefix_that_is_not_a_plain_path_is_ignored(built_site, tmp_path, prefix, caplog):
    """A client's own X-Forwarded-Prefix reaches the collector through a proxy that does
    not set one; it must not send the redirect to another site."""
    client = collector(built_site, tmp_path).test_client()
    with caplog.at_level(logging.WARNING, logger="collector.proxy"):
        response = client.get("/exit-en", headers={"X-Forwarded-Prefix": prefix})
    assert response.status_code == 308
    assert response.headers["Location"] == "/exit-en/"
    assert "ignored X-Forwarded-Prefix" in caplog.text


def test_a_prefix_is_taken_only_from_a_trusted_proxy(built_site, tmp_path, caplog):
    client = collector(built_site, tmp_path, TRUSTED_PROXIES=0).test_client()
    with caplog.at_level(logging.WARNING, logger="collector.proxy"):
        response = client.get("/exit-en", headers={"X-Forwarded-Prefix": "/elsewhere"})
    assert response.headers["Location"] == "/exit-en/"
    assert "COLLECTOR_TRUSTED_PROXIES is 0" in caplog.text


def test_a_trailing_slash_in_the_forwarded_prefix_is_harmless(built_site, tmp_path):
    client = collector(built_site, tmp_path).test_client()
    response = client.get("/exit-en", headers={"X-Forwarded-Prefix": "/exit-survey/"})
    assert response.headers["Location"] == "/exit-survey/exit-en/"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("/exit-survey", "/exit-survey"), ("/hr/exit-survey/", "/hr/exit-survey"), ("", "")],
)
def test_plain_path_prefixes_are_accepted(value, expected):
    assert proxy.safe_prefix(value) == expected


def test_pages_built_for_a_collector_under_a_prefix_post_there(tmp_path):
    output = tmp_path / "out"
    build_site(EXAMPLES, output, collector_url=f"{HOST}{PREFIX}/")
    page = (output / "exit-en" / "index.html").read_text("utf-8")
    assert f'action="{HOST}{PREFIX}/submit/exit-en"' in page
    assert f"form-action 'self' {HOST}" in page


# -- environment files ------------------------------------------------------------------


def test_a_windows_line_ending_in_an_env_file_is_not_part_of_the_value(tmp_path):
    """`set -a; . ./collector.env` with a file saved on Windows leaves a CR on every value."""
    config = load_config(
        {
            "COLLECTOR_RATE_LIMIT": "10\r",
            "COLLECTOR_DATA_DIR": f"{tmp_path}/data\r",
            "COLLECTOR_SITE_URL": "https://survey.example.com\r",
        }
    )
    assert config["RATE_LIMIT"] == 10
    assert config["DATA_DIR"] == tmp_path / "data"
    assert config["SITE_URL"] == "https://survey.example.com"


# -- the built site, as the service user reads it -----------------------------------------

SERVICE = 65534  # nobody: not root, owns nothing
as_root_with_setpriv = pytest.mark.skipif(
    os.geteuid() != 0 or not shutil.which("setpriv"), reason="needs root and util-linux's setpriv"
)


def test_the_site_is_built_readable_whatever_the_umask(tmp_path):
    """`sudo python build.py` under a strict umask left folders the collector (and nginx),
    running as users of their own, could not enter: every page and post was a 500."""
    old = os.umask(0o077)
    try:
        build_site(EXAMPLES, tmp_path / "out")
    finally:
        os.umask(old)
    for path in [tmp_path / "out", *(tmp_path / "out").rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o755 if path.is_dir() else 0o644), (path, oct(mode))


def start_as_service(base: Path) -> subprocess.CompletedProcess[str]:
    """Load the collector as gunicorn's worker does, as the service user."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(base),
        "COLLECTOR_DATA_DIR": str(base / "data"),
        "COLLECTOR_OUTPUT_DIR": str(base / "output"),
        "COLLECTOR_SECRET_KEY": "x" * 32,
    }
    code = "import collector; collector.create_app(); print('started')"
    drop = ["setpriv", f"--reuid={SERVICE}", f"--regid={SERVICE}", "--clear-groups"]
    return subprocess.run(
        [*drop, sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@as_root_with_setpriv
@pytest.mark.parametrize(
    ("hidden", "named"), [(".", "the folder itself"), ("exit-en/form.json", "exit-en/form.json")]
)
def test_a_site_the_service_user_cannot_read_stops_the_collector(built_site, hidden, named):
    base = Path(tempfile.mkdtemp(prefix="exit-survey-site-"))
    try:
        base.chmod(0o755)
        shutil.copytree(built_site, base / "output")
        (base / "data").mkdir(mode=0o700)
        os.chown(base / "data", SERVICE, SERVICE)
        assert start_as_service(base).stdout.strip() == "started"
        (base / "output" / hidden).chmod(0o700 if hidden == "." else 0o600)

        result = start_as_service(base)

        assert result.returncode == 1 and "started" not in result.stdout
        assert result.stderr.strip().splitlines() == [
            f"Error: COLLECTOR_OUTPUT_DIR: the collector's user (nobody) cannot read the built "
            f"site in '{base}/output': {named}. It was probably built or copied by another "
            f"user with a strict umask; make it readable with 'chmod -R a+rX {base}/output'"
        ]
    finally:
        shutil.rmtree(base)


@pytest.mark.parametrize("quote", ['"', "'"])
def test_quotes_kept_by_an_env_file_reader_are_named(tmp_path, monkeypatch, quote):
    """docker --env-file and `env $(cat collector.env)` keep quotes that systemd removes:
    the data folder became a folder called '"/var/lib/exit-survey"' in the working folder."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as raised:
        load_config(
            {
                "COLLECTOR_DATA_DIR": f"{quote}/var/lib/exit-survey{quote}\r",
                "COLLECTOR_DATE_PRECISION": f"{quote}month{quote}",
            }
        )
    assert raised.value.problems == [
        f"COLLECTOR_DATA_DIR is {(quote + '/var/lib/exit-survey' + quote)!r}, quotes included: "
        "the tool that read your environment file kept them; write the value without quotes",
        f"COLLECTOR_DATE_PRECISION is {(quote + 'month' + quote)!r}, quotes included: "
        "the tool that read your environment file kept them; write the value without quotes",
    ]
    assert list(tmp_path.iterdir()) == []


# -- pages on another site ------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://pages.example"},  # the page's script
        # A plain form post, no script: pages built with --collector-url name their site
        # (strict-origin); "null" from another site is refused (test_followups_round21.py).
        {"Origin": "https://pages.example", "Sec-Fetch-Site": "cross-site"},
    ],
    ids=["js", "nojs"],
)
def test_the_site_url_s_pages_may_post_without_listing_it_twice(
    built_site, tmp_path, monkeypatch, headers
):
    """Setting COLLECTOR_SITE_URL but not COLLECTOR_ALLOWED_ORIGINS refused every answer."""
    monkeypatch.setenv("COLLECTOR_SITE_URL", "https://Pages.example/exit/")
    app = create_app({"TESTING": True, "OUTPUT_DIR": built_site, "DATA_DIR": tmp_path / "d"})
    version = app.extensions["exit_survey"].forms.current("exit-en").version
    sent = app.test_client().post(
        "/submit/exit-en", data={**VOLUNTARY, "_version": version}, headers=headers
    )
    assert sent.status_code == 303
    assert sent.headers["Location"] == "https://pages.example/exit/exit-en/thanks.html"
    assert app.extensions["exit_survey"].store.count("exit-en") == 1
