"""The HR area as a new user meets it, and as an attacker tries it."""

from __future__ import annotations

import csv
import io
import os
import re
import stat
import time
from unittest import mock

import openpyxl
import pytest

from collector import admin, auth, create_app

PASSWORD = "correct horse battery staple"
ANSWERS = {"departure": "voluntary", "reasons": ["pay", "other"], "reasons__other": "=1+1"}


def set_password(app, password: str = PASSWORD):
    return app.test_cli_runner().invoke(
        args=["set-password", "--password-stdin"], input=password + "\n"
    )


def token(page: bytes | str) -> str:
    text = page.decode() if isinstance(page, bytes) else page
    match = re.search(r'name="csrf_token" value="([^"]+)"', text)
    assert match, text[:3000]
    return match.group(1)


def login(client, password: str = PASSWORD, **kwargs):
    page = client.get("/admin/login")
    return client.post(
        "/admin/login", data={"password": password, "csrf_token": token(page.data)}, **kwargs
    )


def session_cookie(client) -> str | None:
    cookie = client.get_cookie("exit_survey_admin", path="/admin")
    return cookie.value if cookie else None


@pytest.fixture
def hr(app):
    """The app with a password set."""
    assert set_password(app).exit_code == 0
    return app


def submit(app, client, slug: str, data: dict) -> None:
    version = app.extensions["exit_survey"].forms.current(slug).version
    assert client.post(f"/submit/{slug}", data={**data, "_version": version}).status_code == 303


# -- before a password is set ------------------------------------------------------------


@pytest.mark.parametrize("path", ["/admin/", "/admin/login", "/admin/download/exit-en/csv"])
def test_without_a_password_the_area_says_how_to_set_one(client, path):
    page = client.get(path)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "flask --app collector set-password" in text
    assert "no default password" in text
    assert "response_id" not in text


def test_without_a_password_no_server_path_is_shown(app, client):
    """Anyone may see this page: it names the command, never where the data lives."""
    for path in ("/admin/", "/admin/login"):
        text = client.get(path).get_data(as_text=True)
        assert "flask --app collector set-password" in text
        assert str(app.config["DATA_DIR"]) not in text and "/tmp" not in text
        assert "&lt;data dir&gt;/admin-password" in text


def test_without_a_password_nobody_signs_in(client):
    client.get("/admin/login")
    with client.session_transaction("/admin/") as session:
        csrf = session["csrf_token"]
    response = client.post("/admin/login", data={"password": "", "csrf_token": csrf})
    assert response.status_code == 200
    assert "set-password" in response.get_data(as_text=True)
    assert client.get("/admin/", buffered=True).status_code == 200  # the instructions again
    assert "response_id" not in client.get("/admin/download/exit-en/csv").get_data(as_text=True)


# -- set-password ----------------------------------------------------------------------------


def test_set_password_prompts_twice_hidden_and_stores_a_private_hash(app):
    result = app.test_cli_runner().invoke(args=["set-password"], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output  # hidden input: never echoed
    assert result.output.count("password") + result.output.count("again") >= 2
    path = auth.password_path(app)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    stored = path.read_text()
    assert stored.startswith(("scrypt:", "pbkdf2:")) and PASSWORD not in stored
    assert auth.password_matches(app, PASSWORD)
    assert not auth.password_matches(app, PASSWORD + "x")


def test_set_password_refuses_a_mismatch(app):
    result = app.test_cli_runner().invoke(
        args=["set-password"], input=f"{PASSWORD}\nsomething else\n{PASSWORD}\n{PASSWORD}\n"
    )
    assert "do not match" in result.output.lower() or "match" in result.output.lower()
    assert result.exit_code == 0  # it asked again and then took the matching pair


@pytest.mark.parametrize(
    ("password", "message"),
    [("", "at least 12 characters"), ("short", "at least 12"), (" " + PASSWORD, "space")],
)
def test_set_password_refuses_weak_passwords(app, password, message):
    result = set_password(app, password)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert not auth.password_path(app).exists()


def test_a_new_password_ends_every_session(hr, client):
    login(client)
    assert client.get("/admin/").status_code == 200
    assert set_password(hr, "another long passphrase").exit_code == 0
    assert client.get("/admin/").status_code == 303


# -- signing in and out ----------------------------------------------------------------------


def test_sign_in_see_counts_download_sign_out(hr, client):
    submit(hr, client, "exit-en", ANSWERS)
    submit(hr, client, "exit-nl", ANSWERS)
    assert client.get("/admin").status_code == 308
    first = client.get("/admin/")
    assert first.status_code == 303 and first.headers["Location"].endswith("/admin/login")
    form = client.get("/admin/login").get_data(as_text=True)
    assert '<label class="lbl" for="password">Password</label>' in form
    assert 'autocomplete="current-password"' in form
    response = login(client)
    assert response.status_code == 303 and response.headers["Location"].endswith("/admin/")
    page = client.get("/admin/").get_data(as_text=True)
    assert page.count('<section class="survey"') == 1  # one row for exit-en and exit-nl
    assert "<dd>2</dd>" in page
    for kind in ("xlsx", "csv-nl", "csv", "codebook"):
        assert f"/admin/download/exit-en/{kind}" in page
    signed_out = client.post("/admin/logout", data={"csrf_token": token(page)})
    assert signed_out.status_code == 200
    assert "You are signed out" in signed_out.get_data(as_text=True)
    assert client.get("/admin/").status_code == 303
    assert client.get("/admin/download/exit-en/csv").status_code == 303


def sign_out(client) -> None:
    page = client.get("/admin/").get_data(as_text=True)
    assert client.post("/admin/logout", data={"csrf_token": token(page)}).status_code == 200


def test_a_copied_session_cookie_is_refused_after_sign_out(hr, client):
    """Signing out ends the session on the server, not only in this browser."""
    login(client)
    copied = session_cookie(client)
    sign_out(client)
    thief = hr.test_client()
    thief.set_cookie("exit_survey_admin", copied, path="/admin")
    assert thief.get("/admin/").status_code == 303
    assert thief.get("/admin/download/exit-en/csv").status_code == 303
    assert thief.get("/admin/report/exit-en").status_code == 303
    login(client)  # signing in again gives a new session that works
    assert client.get("/admin/").status_code == 200


def test_sign_out_is_seen_by_every_worker(built_site, tmp_path):
    """Two app instances on one data folder are two gunicorn workers."""
    config = {"OUTPUT_DIR": built_site, "DATA_DIR": tmp_path / "d", "SECRET_KEY": "k" * 32}
    first, second = create_app(config), create_app(config)
    set_password(first)
    browser = first.test_client()
    login(browser)
    copied = session_cookie(browser)
    other = second.test_client()
    other.set_cookie("exit_survey_admin", copied, path="/admin")
    assert other.get("/admin/").status_code == 200  # the same session on the other worker
    sign_out(browser)
    assert other.get("/admin/").status_code == 303
    assert other.get("/admin/download/exit-en/csv").status_code == 303


def test_the_signed_out_list_is_small_and_anonymous(hr, client):
    from collector import revoked

    for _ in range(3):
        login(client, environ_base={"REMOTE_ADDR": "192.0.2.7"})
        sign_out(client)
    path = hr.config["DATA_DIR"] / revoked.FILE
    lines = path.read_text().splitlines()
    assert len(lines) == 3 and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert all(re.fullmatch(r"\d+ [0-9a-f]{32}", line) for line in lines)
    assert "192.0.2.7" not in path.read_text()
    # entries go once the sessions would have ended anyway
    revoked.revoke(hr.config["DATA_DIR"], "another", until=time.time() + 60)
    later = time.time() + (auth.MAX_SESSION_HOURS + 1) * 3600
    with mock.patch("time.time", return_value=later):
        revoked.revoke(hr.config["DATA_DIR"], "last", until=later + 60)
    assert len(path.read_text().splitlines()) == 1


def test_a_wrong_password_shows_an_error_summary(hr, client):
    response = login(client, "not the password")
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "<title>Error: Sign in" in text
    assert '<div class="errsum" tabindex="-1" autofocus><div role="alert">' in text
    assert '<a href="#password">The password is not right' in text
    assert 'aria-invalid="true" aria-describedby="password-error"' in text
    assert client.get("/admin/").status_code == 303
    empty = login(client, "")
    assert empty.status_code == 422 and "Enter the password" in empty.get_data(as_text=True)


def test_login_attempts_are_rate_limited(hr, client):
    for _ in range(auth.LOGIN_LIMIT):
        assert login(client, "guess").status_code == 422
    blocked = login(client)  # even the right password waits now
    assert blocked.status_code == 429
    assert "Too many attempts to sign in. Wait 15 minutes" in blocked.get_data(as_text=True)
    assert client.get("/admin/").status_code == 303
    other = hr.test_client()  # another address is not blocked
    assert login(other, environ_base={"REMOTE_ADDR": "192.0.2.9"}).status_code == 303


def test_login_attempts_are_limited_across_workers(built_site, tmp_path):
    """5 attempts per client in all workers together, not 5 in each."""
    config = {"OUTPUT_DIR": built_site, "DATA_DIR": tmp_path / "d", "SECRET_KEY": "k" * 32}
    first, second = create_app(config), create_app(config)
    set_password(first)
    clients = [first.test_client(), second.test_client()]
    codes = [login(clients[i % 2], "guess").status_code for i in range(auth.LOGIN_LIMIT)]
    assert codes == [422] * auth.LOGIN_LIMIT
    assert login(clients[0]).status_code == 429
    assert login(clients[1]).status_code == 429
    stored = "".join(p.read_text() for p in (tmp_path / "d" / "limits").rglob("*") if p.is_file())
    assert "127.0.0.1" not in stored and stored


def test_the_session_is_replaced_on_sign_in(hr, client):
    page = client.get("/admin/login")
    before_cookie, before_token = session_cookie(client), token(page.data)
    login(client)
    assert session_cookie(client) != before_cookie
    page = client.get("/admin/").get_data(as_text=True)
    assert token(page) != before_token
    # The token an attacker could have planted before sign-in is worthless now.
    refused = client.post("/admin/logout", data={"csrf_token": before_token})
    assert refused.status_code == 403
    assert client.get("/admin/").status_code == 200


def test_a_fixed_session_cookie_does_not_survive_sign_in(hr):
    attacker = hr.test_client()
    attacker.get("/admin/login")
    planted = session_cookie(attacker)
    victim = hr.test_client()
    victim.set_cookie("exit_survey_admin", planted, path="/admin")
    login(victim)
    assert session_cookie(victim) != planted
    attacker_view = hr.test_client()
    attacker_view.set_cookie("exit_survey_admin", planted, path="/admin")
    assert attacker_view.get("/admin/").status_code == 303


# -- forged posts ----------------------------------------------------------------------------


@pytest.mark.parametrize("csrf", [None, "", "wrong-token"])
def test_posts_without_the_right_csrf_token_are_refused(hr, client, csrf):
    login(client)
    data = {} if csrf is None else {"csrf_token": csrf}
    response = client.post("/admin/logout", data=data)
    assert response.status_code == 403
    assert "This form has expired" in response.get_data(as_text=True)
    assert client.get("/admin/").status_code == 200  # still signed in
    page = client.get("/admin/login")
    forged = client.post("/admin/login", data={"password": PASSWORD, **data})
    assert forged.status_code == 403 and page.status_code == 303


def test_login_csrf_is_checked_too(hr, client):
    response = client.post("/admin/login", data={"password": PASSWORD})
    assert response.status_code == 403
    assert client.get("/admin/").status_code == 303


def test_a_post_from_another_site_is_refused_even_with_a_token(hr, client):
    login(client)
    good = token(client.get("/admin/").data)
    for headers in ({"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}):
        response = client.post("/admin/logout", data={"csrf_token": good}, headers=headers)
        assert response.status_code == 403
    assert client.get("/admin/").status_code == 200
    ours = {"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"}
    assert client.post("/admin/logout", data={"csrf_token": good}, headers=ours).status_code == 200


# -- cookies and headers ---------------------------------------------------------------------


def test_cookie_flags(hr):
    client = hr.test_client()
    response = login(client)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/admin" in cookie
    assert "Secure" not in cookie  # plain HTTP (development)
    expires = re.search(r"Expires=([^;]+)", cookie).group(1)
    left = time.mktime(time.strptime(expires, "%a, %d %b %Y %H:%M:%S GMT")) - time.mktime(
        time.gmtime()
    )
    assert 25 * 60 < left <= 31 * 60  # 30 minutes idle
    secure = hr.test_client()
    response = login(secure, base_url="https://localhost")
    assert "Secure" in response.headers["Set-Cookie"]


def test_secure_cookie_behind_a_trusted_proxy(built_site, tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "OUTPUT_DIR": built_site,
            "DATA_DIR": tmp_path / "d",
            "TRUSTED_PROXIES": 1,
        }
    )
    set_password(app)
    client = app.test_client()
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.5"}
    page = client.get("/admin/login", headers=headers)
    assert "Secure" in page.headers["Set-Cookie"]


def test_sessions_end_after_the_maximum_time(hr, client):
    login(client)
    assert client.get("/admin/").status_code == 200
    with client.session_transaction("/admin/") as session:
        session["since"] = int(time.time()) - auth.MAX_SESSION_HOURS * 3600 - 1
    assert client.get("/admin/").status_code == 303


def test_no_session_cookie_on_the_public_pages(hr, client):
    assert client.get("/exit-en/", buffered=True).headers.get("Set-Cookie") is None
    login(client)
    assert client.get("/exit-en/", buffered=True).headers.get("Set-Cookie") is None


def test_admin_pages_carry_the_security_headers(hr, client):
    for response in (client.get("/admin/login"), login(client), client.get("/admin/")):
        headers = response.headers
        assert "unsafe-inline" not in headers["Content-Security-Policy"]
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Cache-Control"] == "no-store"
        assert "noindex" in headers["X-Robots-Tag"]
    page = client.get("/admin/").get_data(as_text=True)
    assert "<script" not in page and "style=" not in page and "<style" not in page


def test_stylesheets_are_served(hr, client):
    page = client.get("/admin/login").get_data(as_text=True)
    links = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)
    assert len(links) == 2
    for href in links:
        response = client.get(href)
        assert response.status_code == 200 and response.mimetype == "text/css"
    assert client.get("/admin/static/../../pyproject.toml").status_code == 404
    assert client.get("/admin/static/enhance.js").status_code == 404


# -- downloads -------------------------------------------------------------------------------


def test_downloads_need_a_session(hr, client):
    for kind in ("xlsx", "csv-nl", "csv", "codebook"):
        response = client.get(f"/admin/download/exit-en/{kind}")
        assert response.status_code == 303
        assert response.headers["Location"].endswith("/admin/login")


def test_downloads(hr, client):
    submit(hr, client, "exit-nl", ANSWERS)
    login(client)
    csv_nl = client.get("/admin/download/exit-nl/csv-nl", buffered=True)
    assert csv_nl.status_code == 200
    assert csv_nl.headers["Content-Disposition"].startswith("attachment;")
    assert 'filename="exit-nl-' in csv_nl.headers["Content-Disposition"]
    assert csv_nl.headers["Cache-Control"] == "no-store"
    assert csv_nl.data.startswith(b"\xef\xbb\xbfresponse_id;date;language;")
    plain = client.get("/admin/download/exit-en/csv", buffered=True)
    [row] = list(csv.DictReader(io.StringIO(plain.get_data(as_text=True), newline="")))
    assert row["language"] == "nl" and row["reasons__other"] == "'=1+1"
    book = openpyxl.load_workbook(
        io.BytesIO(client.get("/admin/download/exit-en/xlsx", buffered=True).data)
    )
    assert book.sheetnames == ["Responses", "Codebook"]
    codebook = openpyxl.load_workbook(
        io.BytesIO(client.get("/admin/download/exit-en/codebook", buffered=True).data)
    )
    assert codebook.sheetnames == ["Codebook"]
    assert client.get("/admin/download/nope/csv").status_code == 404
    assert client.get("/admin/download/exit-en/pdf").status_code == 404


# -- the report ------------------------------------------------------------------------------


def test_report_is_served_behind_the_login(hr, client, monkeypatch):
    monkeypatch.setattr(
        admin, "render_report", lambda app, slug: f"<!doctype html><title>Report {slug}</title>"
    )
    assert client.get("/admin/report/exit-en").status_code == 303
    login(client)
    assert "/admin/report/exit-en" in client.get("/admin/").get_data(as_text=True)
    response = client.get("/admin/report/exit-nl")
    assert response.status_code == 200
    assert "Report exit-nl" in response.get_data(as_text=True)
    assert client.get("/admin/report/nope").status_code == 404


# -- the signing key -------------------------------------------------------------------------


def test_without_a_secret_key_setting_workers_share_a_stored_key(built_site, tmp_path, monkeypatch):
    monkeypatch.delenv("COLLECTOR_SECRET_KEY", raising=False)
    config = {"OUTPUT_DIR": built_site, "DATA_DIR": tmp_path / "d"}
    first, second = create_app(config), create_app(config)
    assert first.secret_key == second.secret_key
    path = tmp_path / "d" / auth.SECRET_FILE
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    set_password(first)
    client = first.test_client()
    login(client)
    other = second.test_client()
    other.set_cookie("exit_survey_admin", session_cookie(client), path="/admin")
    assert other.get("/admin/").status_code == 200  # signed in on the other worker too


def test_a_bad_session_length_setting_is_reported(built_site, tmp_path, monkeypatch):
    from collector.config import ConfigError

    monkeypatch.setenv("COLLECTOR_ADMIN_SESSION_MINUTES", "forever")
    with pytest.raises(ConfigError, match="COLLECTOR_ADMIN_SESSION_MINUTES"):
        create_app({"TESTING": True, "OUTPUT_DIR": built_site, "DATA_DIR": tmp_path / "d"})


def test_the_session_length_setting_is_used(built_site, tmp_path, monkeypatch):
    monkeypatch.setenv("COLLECTOR_ADMIN_SESSION_MINUTES", "45")
    app = create_app({"TESTING": True, "OUTPUT_DIR": built_site, "DATA_DIR": tmp_path / "d"})
    assert app.permanent_session_lifetime.total_seconds() == 45 * 60
