"""Password guessing at /admin from many addresses, and locking HR out on purpose."""

from __future__ import annotations

import pytest
from support.hr_area import ANSWERS, PASSWORD, login, set_password, sign_out, submit

from collector import create_app, sign_in_limits

#: A small overall limit, so that the test need not hash 50 wrong passwords.
OVERALL = 4


@pytest.fixture
def hr(built_site, tmp_path, monkeypatch):
    monkeypatch.setattr(sign_in_limits, "OVERALL_LIMIT", OVERALL)
    app = create_app({"TESTING": True, "OUTPUT_DIR": built_site, "DATA_DIR": tmp_path / "data"})
    assert set_password(app).exit_code == 0
    return app


def address(n: int) -> dict:
    return {"environ_base": {"REMOTE_ADDR": f"198.51.100.{n}"}}


def guess_from_many_addresses(app, count: int) -> list[int]:
    """``count`` wrong passwords, each from another address (a botnet, IPv6 /64s)."""
    return [login(app.test_client(), "guess", **address(n)).status_code for n in range(count)]


def test_guesses_from_many_addresses_hit_an_overall_limit(hr):
    assert guess_from_many_addresses(hr, OVERALL) == [422] * OVERALL
    # A fresh address, with the right password even: the guesser cannot tell it was right.
    refused = login(hr.test_client(), **address(200))
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= sign_in_limits.LOGIN_WINDOW
    assert "exit_survey_admin_device" not in refused.headers.get("Set-Cookie", "")


def test_a_refused_attempt_does_not_use_up_the_address_s_own_limit(hr):
    guess_from_many_addresses(hr, OVERALL)
    client = hr.test_client()
    for _ in range(sign_in_limits.LOGIN_LIMIT + 2):
        assert login(client, "guess", **address(201)).status_code == 429
    # The overall limit passed: this address still has all of its own attempts.
    limiter = hr.extensions[sign_in_limits.OVERALL_KEY]
    hr.extensions[sign_in_limits.OVERALL_KEY] = type(limiter)(OVERALL, limiter.window)
    assert login(client, **address(201)).status_code == 303


def test_hr_signed_in_before_is_not_locked_out_by_the_overall_limit(hr):
    """Failing on purpose from many addresses must not lock HR out: a browser that signed
    in lately carries a signed cookie that the overall limit lets through."""
    browser = hr.test_client()
    signed_in = login(browser, **address(250))
    assert signed_in.status_code == 303
    device = browser.get_cookie(sign_in_limits.DEVICE_COOKIE, path="/admin")
    assert device is not None and device.http_only and device.path == "/admin"
    sign_out(browser)
    assert browser.get("/admin/").status_code == 303
    assert browser.get_cookie(sign_in_limits.DEVICE_COOKIE, path="/admin") is not None
    guess_from_many_addresses(hr, OVERALL + 3)
    assert login(hr.test_client(), **address(251)).status_code == 429  # a new browser waits
    assert login(browser, **address(250)).status_code == 303  # HR's browser signs in
    sign_out(browser)
    # A guesser holding such a cookie still has only its own address's attempts.
    codes = [login(browser, "guess", **address(252)).status_code for _ in range(6)]
    assert codes == [422] * sign_in_limits.LOGIN_LIMIT + [429]


def test_a_forged_or_outdated_device_cookie_does_not_pass(hr):
    browser = hr.test_client()
    assert login(browser, **address(250)).status_code == 303
    guess_from_many_addresses(hr, OVERALL)
    forger = hr.test_client()
    forger.set_cookie(sign_in_limits.DEVICE_COOKIE, "x" * 40, path="/admin")
    assert login(forger, **address(253)).status_code == 429
    # A new password ends what the old one earned.
    with hr.app_context():
        tag = "a" * 32
        stolen = sign_in_limits._serializer(hr).dumps(tag)
    forger.set_cookie(sign_in_limits.DEVICE_COOKIE, stolen, path="/admin")
    assert login(forger, **address(254)).status_code == 429
    assert set_password(hr, PASSWORD + " again").exit_code == 0
    assert login(browser, PASSWORD + " again", **address(250)).status_code == 429


def test_sign_in_waits_when_its_limit_cannot_be_counted(hr, tmp_path):
    """A full disk or a broken limits folder must not make guessing unlimited; leavers'
    answers still go through (their limit lets them pass)."""
    limits = tmp_path / "data" / "limits"
    limits.mkdir(exist_ok=True)
    for name in ("sign-in", "sign-in-overall", "submit"):
        if (limits / name).is_dir():
            (limits / name).rmdir()  # made, empty, at start-up
        (limits / name).write_text("not a folder")  # every count now fails with an OSError
    assert login(hr.test_client()).status_code == 429
    submit(hr, hr.test_client(), "exit-en", ANSWERS)
