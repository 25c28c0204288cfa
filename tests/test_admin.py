"""The HR area as a new user meets it, and as an attacker tries it."""

from __future__ import annotations

import csv
import html
import io
import os
import re
import shutil
import stat
import time
from pathlib import Path
from unittest import mock

import openpyxl
import pytest
from support.hr_area import (
    ANSWERS,
    PASSWORD,
    hidden_fields,
    login,
    set_password,
    sign_out,
    submit,
    token,
)

from collector import admin, admin_report, auth, create_app, log_counts
from collector.rate_limit import RateLimiter
from tests.conftest import EXAMPLES


def session_cookie(client) -> str | None:
    cookie = client.get_cookie("exit_survey_admin", path="/admin")
    return cookie.value if cookie else None


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
    assert signed_out.status_code == 303
    assert "You are signed out" in client.get(signed_out.headers["Location"]).get_data(as_text=True)
    assert client.get("/admin/").status_code == 303
    assert client.get("/admin/download/exit-en/csv").status_code == 303


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


def test_login_guesses_from_rotating_ipv6_addresses_share_one_limit(hr):
    client = hr.test_client()
    codes = [
        login(client, "guess", environ_base={"REMOTE_ADDR": f"2001:db8::{n + 0x65:x}"}).status_code
        for n in range(auth.LOGIN_LIMIT + 1)
    ]
    assert codes == [422] * auth.LOGIN_LIMIT + [429]


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


def test_only_failed_sign_ins_count_toward_the_limit(hr):
    """An HR team behind one office address: signing in right never locks anyone out."""
    for _ in range(auth.LOGIN_LIMIT - 1):
        assert login(hr.test_client()).status_code == 303
    assert login(hr.test_client(), "a typo").status_code == 422
    assert login(hr.test_client()).status_code == 303
    for _ in range(auth.LOGIN_LIMIT - 1):
        assert login(hr.test_client(), "guess").status_code == 422
    # Five failures: now even the right password waits, or the limit would stop no guesser.
    assert login(hr.test_client()).status_code == 429


def test_an_empty_password_is_not_an_attempt(hr, client):
    for _ in range(auth.LOGIN_LIMIT + 1):
        assert login(client, "").status_code == 422
    assert login(client).status_code == 303


@pytest.mark.parametrize(
    ("later", "shown", "seconds"),
    [(0, "15 minutes", 900), (570, "6 minutes", 330), (841, "1 minute", 59)],
)
def test_the_page_says_how_long_is_left(hr, client, later, shown, seconds):
    start = time.time()
    with mock.patch("time.time", return_value=start):
        for _ in range(auth.LOGIN_LIMIT):
            assert login(client, "guess").status_code == 422
    with mock.patch("time.time", return_value=start + later):
        blocked = login(client)
    assert blocked.status_code == 429
    text = blocked.get_data(as_text=True)
    assert f"Too many attempts to sign in. Wait {shown}, then try again" in text
    assert blocked.headers["Retry-After"] == str(seconds)
    with mock.patch("time.time", return_value=start + later + seconds):
        assert login(client).status_code == 303


@pytest.mark.parametrize("shared", [True, False], ids=["files", "memory"])
def test_the_limiter_takes_a_hit_back_and_says_how_long_to_wait(tmp_path, shared):
    limiter = RateLimiter(2, 60, folder=tmp_path / "limits" if shared else None, secret="k")
    # 10 seconds before a window ends, so the hits fall in two windows; now, or the sweeper
    # thread would clear them as long expired.
    start = (int(time.time()) // 60 + 1) * 60 - 10
    assert limiter.wait("192.0.2.1", start) == 0
    assert limiter.allow("192.0.2.1", start) and limiter.allow("192.0.2.1", start + 20)
    assert not limiter.allow("192.0.2.1", start + 30)
    assert limiter.wait("192.0.2.1", start + 30) == 30  # when the hit at start expires
    assert limiter.wait("192.0.2.2", start + 30) == 0
    limiter.undo("192.0.2.1", start + 20)
    assert limiter.wait("192.0.2.1", start + 30) == 0
    assert limiter.allow("192.0.2.1", start + 30)
    limiter.undo("192.0.2.1", start)
    limiter.undo("192.0.2.1", start + 30)
    assert limiter.allow("192.0.2.1", start + 31) and limiter.allow("192.0.2.1", start + 31)


# -- the page asked for, after signing in ----------------------------------------------------


@pytest.mark.parametrize(
    "page",
    [
        "/admin/report/exit-en",
        "/admin/report/exit-nl?breakdown=tenure",
    ],
)
def test_a_page_asked_for_while_signed_out_opens_after_sign_in(hr, client, page):
    asked = client.get(page)
    assert asked.status_code == 303
    form = client.get(asked.headers["Location"]).get_data(as_text=True)
    fields = hidden_fields(form)
    assert fields["next"] == page
    wrong = client.post("/admin/login", data={**fields, "password": "not it"})
    assert hidden_fields(wrong.get_data(as_text=True))["next"] == page  # kept on an error
    signed_in = client.post("/admin/login", data={**fields, "password": PASSWORD})
    assert signed_in.status_code == 303 and signed_in.headers["Location"] == page
    assert client.get(page).status_code == 200
    # Signed in already: the sign-in address goes straight on too.
    again = client.get("/admin/login", query_string={"next": page})
    assert again.status_code == 303 and again.headers["Location"] == page


OUTSIDE = [
    "//evil.example/",
    "https://evil.example/admin/",
    "/\\evil.example/admin/",
    "\\\\evil.example",
    "/admin/../x",
    "/admin/%2e%2e/x",
    "/admin/.%2E/.%2e/x",
    "/admin/report/..",
    "/admin/.\t./x",
    "/admin/\\evil.example",
    "/admin/%5c%5cevil.example",
    "/admin/x\r\nLocation: //evil.example",
    "/adminx",
    " /admin/",
    "javascript:alert(1)//admin/",
    "",
]


@pytest.mark.parametrize("target", OUTSIDE)
def test_only_pages_of_the_hr_area_are_gone_on_to(target):
    assert admin.hr_page(target) is None


def test_sign_in_never_leads_outside_the_hr_area(hr, client):
    for target in OUTSIDE:
        form = client.get("/admin/login", query_string={"next": target}).get_data(as_text=True)
        assert "next" not in hidden_fields(form), target
    data = {"password": PASSWORD, "csrf_token": token(form), "next": "//evil.example/"}
    signed_in = client.post("/admin/login", data=data)
    assert signed_in.status_code == 303 and signed_in.headers["Location"] == "/admin/"
    for target in OUTSIDE:  # signed in already: straight on, to the start page
        again = client.get("/admin/login", query_string={"next": target})
        assert again.headers["Location"] == "/admin/", target


@pytest.mark.parametrize(
    "target", ["/admin/", "/admin/report/exit-en?breakdown=tenure&min_group=7", "/admin/a.b/c..d"]
)
def test_pages_of_the_hr_area_are_fine_to_go_on_to(target):
    assert admin.hr_page(target) == target


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


# -- when a session ends ---------------------------------------------------------------------


def idle_expired(hr, client) -> None:
    """The browser drops the cookie once the idle time is up."""
    client.delete_cookie("exit_survey_admin", path="/admin")


def too_old(hr, client) -> None:
    with client.session_transaction("/admin/") as session:
        session["since"] = int(time.time()) - auth.MAX_SESSION_HOURS * 3600 - 1


def new_password(hr, client) -> None:
    assert set_password(hr, "another long passphrase").exit_code == 0


@pytest.mark.parametrize("end", [idle_expired, too_old, new_password])
def test_the_sign_in_page_says_when_a_session_ended(hr, client, end):
    first = client.get("/admin/login").get_data(as_text=True)
    assert "<h1>Sign in</h1>" in first and "session has ended" not in first
    login(client)
    assert client.get("/admin/").status_code == 200
    end(hr, client)
    asked = client.get("/admin/report/exit-en")
    assert asked.status_code == 303
    page = client.get(asked.headers["Location"]).get_data(as_text=True)
    assert "<title>Your session has ended – " in page
    assert "<h1>Your session has ended</h1>" in page and "Sign in again." in page
    assert "after 30 minutes without activity, and after 8 hours" in page
    assert hidden_fields(page)["next"] == "/admin/report/exit-en"
    # Said once; a first visit in another browser never hears it.
    assert "session has ended" not in client.get("/admin/login").get_data(as_text=True)
    fresh = hr.test_client().get("/admin/login").get_data(as_text=True)
    assert "session has ended" not in fresh


def test_a_session_refused_after_the_idle_time_has_ended_too(hr, client):
    """The browser may still send the cookie: the server's own idle check ends it."""
    login(client)
    later = time.time() + hr.permanent_session_lifetime.total_seconds() + 60
    with mock.patch("time.time", return_value=later):
        assert client.get("/admin/").status_code == 303
        page = client.get("/admin/login").get_data(as_text=True)
    assert "<h1>Your session has ended</h1>" in page


# -- signing out -----------------------------------------------------------------------------


def test_signing_out_leads_to_a_page_that_can_be_reloaded(hr, client):
    login(client)
    page = client.get("/admin/").get_data(as_text=True)
    response = client.post("/admin/logout", data={"csrf_token": token(page)})
    assert response.status_code == 303
    after = response.headers["Location"]
    assert after.startswith("/admin/login?")
    for _ in range(2):  # shown, then reloaded
        shown = client.get(after)
        text = shown.get_data(as_text=True)
        assert shown.status_code == 200
        assert "<title>You are signed out – " in text and "<h1>You are signed out</h1>" in text
        assert "session has ended" not in text
        assert 'id="password"' in text  # and one can sign in again right there
    assert hr.test_client().get(after).status_code == 200  # reopened later
    assert login(client).status_code == 303


def test_signing_out_after_the_session_ended_says_signed_out(hr, client):
    """Sign out clicked on a page left open too long: no "This form has expired"."""
    login(client)
    page = client.get("/admin/").get_data(as_text=True)
    idle_expired(hr, client)
    response = client.post("/admin/logout", data={"csrf_token": token(page)})
    assert response.status_code == 303
    text = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<h1>You are signed out</h1>" in text


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
    assert client.post("/admin/logout", data={"csrf_token": good}, headers=ours).status_code == 303


# -- cookies and headers ---------------------------------------------------------------------


def test_cookie_flags(hr):
    client = hr.test_client()
    response = login(client)
    cookies = {c.partition("=")[0]: c for c in response.headers.getlist("Set-Cookie")}
    cookie = cookies["exit_survey_admin"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/admin" in cookie
    marker = cookies[auth.HAD_SESSION_COOKIE]  # holds nothing but "1"
    assert marker.startswith(f"{auth.HAD_SESSION_COOKIE}=1;")
    assert "HttpOnly" in marker and "SameSite=Lax" in marker and "Path=/admin" in marker
    assert "Secure" not in cookie  # plain HTTP (development)
    expires = re.search(r"Expires=([^;]+)", cookie).group(1)
    left = time.mktime(time.strptime(expires, "%a, %d %b %Y %H:%M:%S GMT")) - time.mktime(
        time.gmtime()
    )
    assert 25 * 60 < left <= 31 * 60  # 30 minutes idle
    secure = hr.test_client()
    response = login(secure, base_url="https://localhost")
    assert all("Secure" in c for c in response.headers.getlist("Set-Cookie"))


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
        assert response.headers["Location"].endswith(
            f"/admin/login?next=/admin/download/exit-en/{kind}"
        )


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
        admin_report,
        "render_report",
        lambda app, slug: f"<!doctype html><title>Report {slug}</title><body><p>Report</p>",
    )
    assert client.get("/admin/report/exit-en").status_code == 303
    login(client)
    assert "/admin/report/exit-en" in client.get("/admin/").get_data(as_text=True)
    response = client.get("/admin/report/exit-nl")
    assert response.status_code == 200
    assert "Report exit-nl" in response.get_data(as_text=True)
    assert client.get("/admin/report/nope").status_code == 404


def test_the_report_page_leads_back_to_the_hr_area_and_out(hr, client):
    login(client)
    page = client.get("/admin/report/exit-nl").get_data(as_text=True)
    assert '<html lang="nl">' in page
    bar = page.index('<nav class="top admin-bar" aria-label="HR area" lang="en">')
    assert page.index("<body>") < bar < page.index('<header class="top">')
    assert page.count("<header") == 1  # one banner: the bar is a <nav>
    assert '<a class="admin-home" href="/admin/">Exit survey HR area</a>' in page[bar:]
    assert '<form method="post" action="/admin/logout" class="signout">' in page[bar:]
    assert re.search(
        r'<link rel="stylesheet" href="/admin/static/admin\.css\?v=\w+">\n</head>', page
    )
    assert "<style" not in page  # the collector's CSP allows no inline style
    signed_out = client.post("/admin/logout", data=hidden_fields(page))
    assert signed_out.status_code == 303
    assert client.get("/admin/report/exit-nl").status_code == 303


def test_the_report_can_be_downloaded_as_one_file_to_keep_or_share(hr, client):
    """A page saved from the browser loses the linked stylesheet; the download has it inside,
    with the same choices (here the breakdown) and without the HR area's bar."""
    for _ in range(5):
        submit(hr, client, "exit-en", {**ANSWERS, "department": "it"})
    assert client.get("/admin/report/exit-en/download").status_code == 303
    login(client)
    page = client.get("/admin/report/exit-en?breakdown=department").get_data(as_text=True)
    link = re.search(r'<a href="([^"]+)">Download this report', page)
    assert link, page[:2000]
    href = html.unescape(link.group(1))
    assert href == "/admin/report/exit-en/download?breakdown=department"
    response = client.get(href)
    assert response.status_code == 200
    disposition = response.headers["Content-Disposition"]
    assert re.fullmatch(r'attachment; filename="exit-en-report-\d{4}-\d\d-\d\d\.html"', disposition)
    text = response.get_data(as_text=True)
    assert "<style>" in text and 'rel="stylesheet"' not in text
    assert 'id="breakdown"' in text
    assert "admin-bar" not in text and "Sign out" not in text and "csrf" not in text
    assert client.get("/admin/report/nope/download").status_code == 404


def test_the_report_file_has_no_hr_area_bar(hr, tmp_path):
    target = tmp_path / "report.html"
    result = hr.test_cli_runner().invoke(args=["report", "exit-nl", "--output", str(target)])
    assert result.exit_code == 0, result.output
    text = target.read_text()
    assert "<h1>" in text
    assert "/admin" not in text and "Sign out" not in text and "csrf" not in text


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


def test_answers_of_a_renamed_questionnaire_stay_reachable(tmp_path):
    """HR renames a questionnaire (a new slug): the old answers stay in the HR area."""
    from collector.builder import build_site

    source, output = tmp_path / "questionnaires", tmp_path / "output"
    shutil.copytree(Path(__file__).parents[1] / "questionnaires", source)
    build_site(source, output)
    app = create_app({"TESTING": True, "OUTPUT_DIR": output, "DATA_DIR": tmp_path / "data"})
    assert set_password(app).exit_code == 0
    client = app.test_client()
    for _ in range(2):
        submit(app, client, "exit-en", ANSWERS)
    submit(app, client, "exit-nl", ANSWERS)

    english = source / "exit-en.md"
    english.write_text(
        english.read_text(encoding="utf-8").replace("slug: exit-en\n", "slug: exit-2026\n", 1),
        encoding="utf-8",
    )
    build_site(source, output)
    submit(app, client, "exit-2026", ANSWERS)
    assert client.get("/exit-en/").status_code == 410  # the old address says it has closed

    login(client)
    page = client.get("/admin/").get_data(as_text=True)
    sections = page.split('<section class="survey"')[1:]
    assert len(sections) == 2
    current, retired = sections
    assert "exit-2026" in current and "exit-nl" in current and "<dd>2</dd>" in current
    assert "No longer published" not in current
    assert "No longer published" in retired and "slug: exit-en" in retired
    assert "<dd>2</dd>" in retired and "exit-nl" not in retired
    rows = list(csv.reader(io.StringIO(client.get("/admin/download/exit-en/csv").text)))
    assert len(rows) == 1 + 2
    assert client.get("/admin/report/exit-en").status_code == 200
    exported = app.test_cli_runner().invoke(args=["export", "exit-en", "--format", "csv"])
    assert exported.exit_code == 0, exported.output
    assert len(list(csv.reader(io.StringIO(exported.output)))) == 1 + 2
    unknown = app.test_cli_runner().invoke(args=["export", "nope"])
    assert "known: exit-2026, exit-nl, exit-en" in unknown.output


def test_choosing_a_breakdown_keeps_a_raised_smallest_group(hr, client):
    """A bookmark with ?min_group=8: picking a breakdown sent only 'breakdown', and the
    report fell back to groups of 5 without a word."""
    for _ in range(8):
        submit(hr, client, "exit-en", {**ANSWERS, "department": "it"})
    login(client)
    page = client.get("/admin/report/exit-en?min_group=8&split_by=tenure").get_data(as_text=True)
    form = re.search(r'<form class="picker"[^>]*>(.*?)</form>', page, re.S)
    assert form, page[:2000]
    assert 'action="#breakdown"' in form.group(0)  # back at the breakdown, not the top
    kept = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]+)">', form.group(1)))
    assert kept == {"min_group": "8", "split_by": "tenure"}
    # Without options in the address there is nothing to send again.
    plain = client.get("/admin/report/exit-en").get_data(as_text=True)
    form = re.search(r'<form class="picker"[^>]*>(.*?)</form>', plain, re.S)
    assert form and 'type="hidden"' not in form.group(1)


def test_a_sign_in_refused_for_its_origin_says_so_in_the_log(hr, client, caplog):
    """Behind a proxy that rewrites Host every sign-in is refused: the log must name the
    cause, as it does for leavers' posts, not 'without a valid CSRF token'."""
    page = client.get("/admin/login").get_data(as_text=True)
    caplog.clear()
    with caplog.at_level("WARNING"):
        refused = client.post(
            "/admin/login",
            data={**hidden_fields(page), "password": "x" * 12},
            headers={"Origin": "http://survey.example.com"},
        )
        log_counts.say_counted()  # said at the next ten-minute mark, with a count
    assert refused.status_code == 403
    assert (
        "refused an HR area post from a page on another site (the first from "
        "'http://survey.example.com'): this collector is 'http://localhost'" in caplog.text
    )
    assert "CSRF" not in caplog.text


@pytest.mark.parametrize(
    ("kept", "browser", "title"),
    [
        ("exit-nl.md", "en", "Vertrekenquête"),  # a Dutch-only company, an English HR browser
        ("exit-nl.md", "de", "Vertrekenquête"),  # a language the HR area does not speak
        ("exit-en.md", "nl", "Exit survey"),
    ],
)
def test_the_start_page_lists_a_questionnaire_with_no_version_in_the_areas_language(
    tmp_path, kept, browser, title
):
    """Named by the version it has: the start page had failed with a server error, for
    good, once one questionnaire had no form in the language the browser asked for."""
    from collector.builder import build_site

    source = tmp_path / "questionnaires"
    source.mkdir()
    text = (EXAMPLES / kept).read_text("utf-8")
    (source / kept).write_text(re.sub(r"(?m)^translation: .*\n", "", text), "utf-8")
    build_site(source, tmp_path / "output")
    app = create_app(
        {"TESTING": True, "OUTPUT_DIR": tmp_path / "output", "DATA_DIR": tmp_path / "data"}
    )
    assert set_password(app).exit_code == 0
    client = app.test_client()
    headers = {"Accept-Language": browser}
    assert login(client, headers=headers).status_code == 303
    start = client.get("/admin/", headers=headers)
    assert start.status_code == 200
    page = start.get_data(as_text=True)
    language = "nl" if title == "Vertrekenquête" else "en"
    assert f'lang="{language}">{title}</h2>' in page
