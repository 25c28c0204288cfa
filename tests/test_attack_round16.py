"""Round 16: an attacker against the HR area's sign-in, shared addresses and the log."""

from __future__ import annotations

import http.client
import logging
import re
import urllib.parse
from http.cookies import SimpleCookie

import pytest
from support.gunicorn import free_port, start_gunicorn, stop
from support.hr_area import PASSWORD, login, set_password, sign_out, submit

from collector import create_app, sign_in_limits

#: A small overall limit, so that the tests need not hash 50 wrong passwords.
OVERALL = 4
OFFICE = {"environ_base": {"REMOTE_ADDR": "203.0.113.5"}}


@pytest.fixture
def hr(built_site, tmp_path, monkeypatch):
    monkeypatch.setattr(sign_in_limits, "OVERALL_LIMIT", OVERALL)
    config = {"OUTPUT_DIR": built_site, "DATA_DIR": tmp_path / "data", "RATE_LIMIT": 1000}
    app = create_app({"TESTING": True, **config})
    assert set_password(app).exit_code == 0
    return app


def overall_limit(app, limit: int) -> None:
    """Another overall limit, for a test about one address."""
    limiter = app.extensions[sign_in_limits.OVERALL_KEY]
    app.extensions[sign_in_limits.OVERALL_KEY] = type(limiter)(limit, limiter.window)


def test_a_colleague_at_the_office_address_cannot_keep_hr_out(hr):
    """Everyone at the office shares one address: five wrong passwords from a colleague's
    laptop every quarter of an hour used to keep HR's own browser out as well."""
    overall_limit(hr, 50)
    browser = hr.test_client()
    assert login(browser, **OFFICE).status_code == 303
    sign_out(browser)
    colleague = hr.test_client()
    codes = [login(colleague, "guess", **OFFICE).status_code for _ in range(6)]
    assert codes == [422] * sign_in_limits.LOGIN_LIMIT + [429]
    assert login(hr.test_client(), **OFFICE).status_code == 429  # a new browser waits
    assert login(browser, **OFFICE).status_code == 303  # HR's browser does not


def test_a_known_browser_still_has_only_its_own_few_guesses(hr):
    """Counted per cookie, a browser that once signed in gets no more guesses than an
    address, wherever it moves; the addresses it guessed from keep their own counts."""
    overall_limit(hr, 50)
    browser = hr.test_client()
    assert login(browser, **OFFICE).status_code == 303
    sign_out(browser)
    codes = [
        login(browser, "guess", environ_base={"REMOTE_ADDR": f"198.51.100.{n}"}).status_code
        for n in range(6)
    ]
    assert codes == [422] * sign_in_limits.LOGIN_LIMIT + [429]
    assert login(browser, **OFFICE).status_code == 429  # even the right one now waits
    assert login(hr.test_client(), environ_base={"REMOTE_ADDR": "198.51.100.0"}).status_code == 303


def test_the_log_says_once_when_guessing_from_everywhere_locks_new_browsers_out(hr, caplog):
    """Until now the log showed only "a sign-in failed" lines, and HR on a new browser a
    page saying to wait: the operator could not tell that someone was guessing."""
    caplog.set_level(logging.WARNING)
    for n in range(OVERALL + 3):
        login(hr.test_client(), "guess", environ_base={"REMOTE_ADDR": f"198.51.100.{n}"})
    reached = [r.getMessage() for r in caplog.records if "all addresses together" in r.getMessage()]
    assert len(reached) == 1, reached
    assert f"{OVERALL} wrong passwords within 15 minutes" in reached[0]
    assert "only browsers that signed in before can sign in" in reached[0]
    assert not re.search(r"198\.51\.100", caplog.text)  # no address, ever


# -- against gunicorn, as deployed behind one proxy ----------------------------------------

PORT = free_port()


class Browser:
    """A browser behind the proxy, as the collector sees it: its address in X-Forwarded-For."""

    def __init__(self, address: str) -> None:
        self.address = address
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str]:
        headers = {"X-Forwarded-For": self.address}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://127.0.0.1:{PORT}"
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            return response.status, text
        finally:
            connection.close()

    def post_form(self, path: str, page: str, **fields: str) -> int:
        """Send a form of ``page`` (its CSRF token) to ``path``."""
        token = re.search(r'name="csrf_token" value="([^"]+)"', self.request("GET", page)[1])
        assert token, page
        return self.request("POST", path, {"csrf_token": token.group(1), **fields})[0]

    def sign_in(self, password: str = PASSWORD) -> int:
        return self.post_form("/admin/login", "/admin/login", password=password)


@pytest.mark.slow
def test_behind_a_proxy_the_office_address_does_not_lock_hr_out(built_site, tmp_path):
    data = tmp_path / "data"
    assert set_password(create_app({"OUTPUT_DIR": built_site, "DATA_DIR": data})).exit_code == 0
    server = start_gunicorn(built_site, data, PORT, 2, {"COLLECTOR_TRUSTED_PROXIES": "1"})
    try:
        hr_browser = Browser("203.0.113.5")
        assert hr_browser.sign_in() == 303
        assert hr_browser.post_form("/admin/logout", "/admin/") == 303
        colleague = Browser("203.0.113.5")
        codes = [colleague.sign_in("a wrong guess") for _ in range(6)]
        assert codes == [422] * sign_in_limits.LOGIN_LIMIT + [429]
        assert Browser("203.0.113.5").sign_in() == 429
        assert hr_browser.sign_in() == 303
        assert hr_browser.request("GET", "/admin/")[0] == 200
    finally:
        errors = stop(server)
    assert "203.0.113.5" not in errors


def test_hostile_comments_stay_text_in_the_hr_area_and_both_reports(hr):
    """A leaver's comment is attacker-controlled and HR reads it: nothing in it may become
    markup in the HR area, the report page or the report file opened from disk."""
    client = hr.test_client()
    hostile = '"><img src=x onerror=alert(1)><script>alert(2)</script>'
    for n in range(12):
        answers = {"departure": "voluntary", "closing": f"{hostile} {n}", "improve": hostile}
        submit(hr, client, "exit-en", answers)
    browser = hr.test_client()
    assert login(browser).status_code == 303
    pages = ["/admin/", "/admin/report/exit-en", "/admin/report/exit-en/download"]
    for path in pages:
        page = browser.get(path).get_data(as_text=True)
        assert "&lt;script&gt;alert(2)" in page or path == "/admin/", path
        assert "<script>alert" not in page and "<img src=x" not in page, path
