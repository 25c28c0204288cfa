"""Round 21: small things earlier rounds noticed and left, built out.

Host names in any case and IPv6 addresses in COLLECTOR_ALLOWED_HOSTS; a /health that sees
a month's answers file the collector cannot write; a data folder others could look into;
a smallest group HR asked for and did not get, said on the page; one reading of the
collector's address for build.py and the collector; and Origin "null" from another site.
"""

from __future__ import annotations

import logging
import os
import shutil
import stat
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from collector import ConfigError, create_app, log_counts
from collector.build_command import build_command
from collector.builder import build_site
from collector.config import load_config
from collector.store_format import previous_month
from tests.conftest import EXAMPLES

MONTH = time.strftime("%Y-%m", time.gmtime())
PASSWORD = "correct horse battery staple"


def make_app(output: Path, data: Path, **config) -> object:
    return create_app(
        {"TESTING": True, "OUTPUT_DIR": output, "DATA_DIR": data, "RATE_LIMIT": 1000, **config}
    )


def answer(app, submission: str = "round21-answer-0001", **headers: str):
    version = app.extensions["exit_survey"].forms.current("exit-en").version
    return app.test_client().post(
        "/submit/exit-en",
        data={"_version": version, "_submission": submission, "departure": "voluntary"},
        headers=headers,
    )


# -- 1. COLLECTOR_ALLOWED_HOSTS: any case, IPv6 in brackets ------------------------------


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("survey.example.com", 200),
        ("Survey.Example.COM", 200),  # host names are case-insensitive (RFC 3986)
        ("SURVEY.EXAMPLE.COM:8443", 200),
        ("[2001:DB8:0::5]", 200),  # the same address, spelt another way
        ("[2001:db8::5]:8443", 200),
        ("[::1]:8000", 200),  # the machine itself, like localhost and 127.0.0.1
        ("[2001:db8::6]", 400),
        ("evil.example", 400),
        ("survey.example.com.evil.example", 400),
    ],
)
def test_allowed_hosts_ignore_case_and_take_ipv6(
    built_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, host: str, status: int
) -> None:
    monkeypatch.setenv("COLLECTOR_ALLOWED_HOSTS", "Survey.Example.com,[2001:db8::5]")
    app = make_app(built_site, tmp_path / "data")
    response = app.test_client().get("/health", headers={"Host": host})
    assert response.status_code == status, response.data


def test_a_post_to_a_host_name_in_capitals_passes_the_origin_check(
    built_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A client that writes Host in capitals and Origin as browsers do (lower case)."""
    monkeypatch.setenv("COLLECTOR_ALLOWED_HOSTS", "survey.example.com")
    app = make_app(built_site, tmp_path / "data")
    response = answer(
        app, Host="Survey.Example.com", Origin="http://survey.example.com", **{
            "Sec-Fetch-Site": "same-origin"
        }
    )  # fmt: skip
    assert response.status_code == 303


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("::1", "'::1' is an IPv6 address without brackets: write it as in a web address, '[::1]'"),
        ("[::1]:8000", "'[::1]:8000' has a port: write '[::1]' (any port is accepted)"),
        ("[fe80::1%eth0]", "'[fe80::1%eth0]' is not an IPv6 address in brackets"),
        ("[::1", "'[::1' is not an IPv6 address in brackets"),
        ("[zz::1]", "'[zz::1]' is not an IPv6 address in brackets"),
        ("[::1]x", "'[::1]x' is not an IPv6 address in brackets"),
    ],
)
def test_a_malformed_ipv6_host_stops_start_up_saying_how_to_write_it(
    entry: str, message: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config({"COLLECTOR_ALLOWED_HOSTS": f"survey.example.com,{entry}"})
    assert len(caught.value.problems) == 1
    assert caught.value.problems[0].startswith(f"COLLECTOR_ALLOWED_HOSTS: {message}")


def test_an_ipv6_public_url_is_the_host_answered_to() -> None:
    config = load_config({"COLLECTOR_PUBLIC_URL": "http://[2001:db8::5]:8000/"})
    assert "[2001:db8::5]" in config["ALLOWED_HOSTS"]


# -- 2. /health sees a month's answers file that cannot be written -----------------------


@contextmanager
def unwritable(path: Path) -> Iterator[None]:
    """``path`` as a file nobody can open for writing: 0400 for a user; for root (who may
    write any mode) the immutable flag, where the file system has one."""
    if os.geteuid() != 0:
        path.chmod(0o400)
        try:
            yield
        finally:
            path.chmod(0o600)
        return
    if shutil.which("chattr") is None:
        pytest.skip("running as root without chattr: no file root cannot write")
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"chattr +i is not supported here: {done.stderr.decode().strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


@pytest.fixture
def shard_app(built_site: Path, tmp_path: Path):
    app = make_app(built_site, tmp_path / "data")
    assert answer(app).status_code == 303
    return app


def test_health_says_so_when_this_months_file_cannot_be_written(
    shard_app, built_site: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    shard = tmp_path / "data" / "responses" / "exit-en" / f"{MONTH}.jsonl"
    assert shard_app.test_client().get("/health").status_code == 200
    before = shard.stat()
    caplog.set_level(logging.WARNING)
    with unwritable(shard):
        response = shard_app.test_client().get("/health")
        assert response.status_code == 503
        assert response.json["status"] == "cannot store answers"
        assert f"exit-en/{MONTH}.jsonl cannot be written" in response.json["reason"]
        assert shard_app.test_client().get("/health").status_code == 503
        # What /health promised: a collector (re)started now cannot store an answer.
        restarted = make_app(built_site, tmp_path / "data")
        assert answer(restarted, "round21-answer-0002").status_code == 500
    logged = [r.getMessage() for r in caplog.records if r.getMessage().startswith("/health")]
    assert len(logged) == 1, logged  # once, not at every probe
    assert shard_app.test_client().get("/health").status_code == 200
    # The probes opened the file and wrote nothing: its size and times are the answer's.
    after = shard.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def test_health_sees_the_month_before_too(shard_app, tmp_path: Path) -> None:
    """A writer opens the previous month's file as well (a retry may be stored there)."""
    earlier = tmp_path / "data" / "responses" / "exit-en" / f"{previous_month(MONTH)}.jsonl"
    earlier.touch(mode=0o600)
    with unwritable(earlier):
        response = shard_app.test_client().get("/health")
        assert response.status_code == 503
        assert earlier.name in response.json["reason"]


# -- 3. A data folder made with mkdir (0755) ---------------------------------------------


def test_a_data_folder_others_can_enter_is_made_the_owners_only(
    built_site: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    data.chmod(0o755)  # what `mkdir` makes with the usual umask
    caplog.set_level(logging.WARNING)
    make_app(built_site, data)
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert any("was mode 0755" in r.getMessage() for r in caplog.records)
    caplog.clear()
    make_app(built_site, data)  # the next start has nothing to say
    assert not any("DATA_DIR" in r.getMessage() for r in caplog.records)


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give the folder to another user")
def test_a_data_folder_of_another_user_is_left_alone_with_a_warning(
    built_site: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o777)
    data.chmod(0o777)
    os.chown(data, 65534, -1)
    caplog.set_level(logging.WARNING)
    make_app(built_site, data)
    assert stat.S_IMODE(data.stat().st_mode) == 0o777
    assert any("is mode 0777 and belongs to" in r.getMessage() for r in caplog.records)


# -- 4. A smallest group HR asked for and did not get ------------------------------------


@pytest.fixture
def hr_client(built_site: Path, tmp_path: Path):
    app = make_app(built_site, tmp_path / "data", REPORT_MIN_GROUP=6)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["set-password", "--password-stdin"], input=PASSWORD + "\n")
    client = app.test_client()
    page = client.get("/admin/login").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    client.post("/admin/login", data={"password": PASSWORD, "csrf_token": token})
    return client


@pytest.mark.parametrize(
    ("asked", "notice"),
    [
        ("3", "The min_group in the address (3) is below the smallest group this collector "
         "shows, so 6 is used"),
        ("5", "The min_group in the address (5) is below the smallest group this collector "
         "shows, so 6 is used"),
        ("200000", "The min_group in the address (200000) is above the largest possible, so "
         "100000 is used"),
        ("8", None),
    ],
)  # fmt: skip
def test_a_smaller_group_asked_for_in_the_address_is_not_ignored_silently(
    hr_client, asked: str, notice: str | None
) -> None:
    page = hr_client.get(f"/admin/report/exit-en?min_group={asked}").get_data(as_text=True)
    assert "Report: " in page
    if notice is None:
        assert "The min_group in the address" not in page
    else:
        assert notice in page


def test_the_report_command_says_when_comments_need_more_than_asked(app) -> None:
    result = app.test_cli_runner().invoke(
        args=["report", "exit-en", "--min-group", "12", "--min-text-group", "11", "-o", "-"]
    )
    assert result.exit_code == 0, result.output
    assert (
        "Comments are listed only from 12 on: --min-text-group 11 is below the smallest group "
        "(12)." in result.stderr
    )


# -- 5. One reading of the collector's address -------------------------------------------


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("https://survey.example.com?x=1", "it has a '?' or '#' part; give the address only"),
        ("https://survey.example.com/#top", "it has a '?' or '#' part; give the address only"),
        ("https://survey example.com", "it has a space in it"),
        ("https://survey.example.com:99999", "its port is not a number from 1 to 65535"),
        ("https://user:secret@survey.example.com", "it has a user name or password in it"),
        ("https://[zz::1]/", "its host is not a host name or an address"),
        ("ftp://survey.example.com", "it does not start with https:// or http://"),
        ("https://", "it has no host after the //"),
    ],
)
def test_build_and_collector_refuse_the_same_addresses_in_the_same_words(
    example_project: Path, address: str, why: str
) -> None:
    message = f"{address!r} is not a web address: {why}"
    built = CliRunner().invoke(build_command, ["--check", "--collector-url", address])
    assert built.exit_code == 2
    assert message in " ".join(built.output.split())
    with pytest.raises(ConfigError) as caught:
        load_config({"COLLECTOR_PUBLIC_URL": address})
    assert [p for p in caught.value.problems if message in p], caught.value.problems
    with pytest.raises(ConfigError) as caught:
        load_config({"COLLECTOR_SITE_URL": address})
    assert [p for p in caught.value.problems if message in p], caught.value.problems


@pytest.mark.parametrize(
    "address",
    ["https://survey.example.com/", "http://10.0.0.5:8000", "https://[2001:db8::5]:8443/exit"],
)
def test_build_and_collector_take_the_same_addresses(example_project: Path, address: str) -> None:
    built = CliRunner().invoke(build_command, ["--check", "-q", "--collector-url", address])
    assert built.exit_code == 0, built.output
    load_config({"COLLECTOR_PUBLIC_URL": address, "COLLECTOR_SITE_URL": address})


# -- 6. Origin "null" from another site --------------------------------------------------


@pytest.mark.parametrize(
    ("origins", "origin", "site", "status"),
    [
        ("https://pages.example.com", "null", "cross-site", 403),  # any site's form
        ("https://pages.example.com", "null", "same-site", 403),
        ("https://pages.example.com", "https://pages.example.com", "cross-site", 303),
        ("https://pages.example.com,null", "null", "cross-site", 303),  # listed: accepted
        ("https://pages.example.com", "null", "same-origin", 303),  # our own pages
        ("", "null", "cross-site", 403),
    ],
)
def test_origin_null_from_another_site_is_refused_unless_listed(
    built_site: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    origins: str,
    origin: str,
    site: str,
    status: int,
) -> None:
    monkeypatch.setenv("COLLECTOR_ALLOWED_ORIGINS", origins)
    app = make_app(built_site, tmp_path / "data")
    caplog.set_level(logging.WARNING)
    response = answer(app, Origin=origin, **{"Sec-Fetch-Site": site})
    assert response.status_code == status
    if status == 403 and origin == "null":
        log_counts.say_counted()  # the ten-minute mark
        assert any("(Origin: null)" in r.getMessage() for r in caplog.records)


def test_a_flood_of_origin_null_posts_is_explained_once(
    built_site: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A line per refused post would be a flood, and each line's time the minute a leaver
    with an old page tried to answer."""
    monkeypatch.setenv("COLLECTOR_ALLOWED_ORIGINS", "https://pages.example.com")
    app = make_app(built_site, tmp_path / "data")
    caplog.set_level(logging.WARNING)
    for _ in range(5):
        response = answer(app, Origin="null", **{"Sec-Fetch-Site": "cross-site"})
        assert response.status_code == 403
    assert not any("(Origin: null)" in r.getMessage() for r in caplog.records)
    log_counts.say_counted()  # the ten-minute mark
    lines = [r.getMessage() for r in caplog.records if "(Origin: null)" in r.getMessage()]
    assert len(lines) == 1 and "5 times since the last ten-minute mark" in lines[0]


def test_pages_hosted_elsewhere_send_their_origin_with_a_form_post(tmp_path: Path) -> None:
    """Under "no-referrer" a browser posts a form to another site as Origin "null" (Fetch
    standard), which the collector now refuses; "strict-origin" names the site only."""
    build_site(EXAMPLES, tmp_path / "elsewhere", collector_url="https://collector.example.com")
    build_site(EXAMPLES, tmp_path / "here")
    form = (tmp_path / "elsewhere" / "exit-en" / "index.html").read_text("utf-8")
    assert '<meta name="referrer" content="strict-origin">' in form
    thanks = (tmp_path / "elsewhere" / "exit-en" / "thanks.html").read_text("utf-8")
    assert '<meta name="referrer" content="no-referrer">' in thanks
    here = (tmp_path / "here" / "exit-en" / "index.html").read_text("utf-8")
    assert '<meta name="referrer" content="no-referrer">' in here
