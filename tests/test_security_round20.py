"""Round 20: the collector as an outside penetration tester meets it, over HTTP.

What is left after earlier rounds: the HR area's stylesheet, public and cached for a day,
carried HR's session cookie; and a rate limit that could not be counted (a full disk)
logged a line at the second of every leaver's post while the store kept the answers.
"""

from __future__ import annotations

import errno
import html
import logging
import re
import time

import pytest
from support.hr_area import login

from collector import log_counts, sweeper


def _stylesheets(page: str) -> list[str]:
    return [
        html.unescape(url) for url in re.findall(r'href="([^"]*/static/[^"]+\.css[^"]*)"', page)
    ]


# -- the HR area's stylesheet ------------------------------------------------------------


def test_the_hr_stylesheets_cached_for_a_day_carry_no_session_cookie(hr, client):
    """A proxy may keep a public response for a day; one holding the HR session's cookie
    would hand that cookie to whoever it serves the copy to."""
    login(client)
    page = client.get("/admin/")
    urls = _stylesheets(page.get_data(as_text=True))
    assert len(urls) == 2  # form.css and admin.css
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200
        assert "public" in response.headers["Cache-Control"]
        assert "Set-Cookie" not in response.headers
        assert "Cookie" not in response.vary


def test_the_hr_pages_still_keep_the_session_going(hr, client):
    """Leaving the stylesheets out must not end a session that is in use."""
    login(client)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "exit_survey_admin=" in " ".join(response.headers.getlist("Set-Cookie"))
    assert response.headers["Cache-Control"] == "no-store"
    for url in _stylesheets(response.get_data(as_text=True)):
        client.get(url)
    assert client.get("/admin/").status_code == 200  # still signed in


# -- logs while the limits cannot be counted ---------------------------------------------


@pytest.fixture
def broken_limits(app, monkeypatch: pytest.MonkeyPatch) -> None:
    """The limits folder cannot be written (a full disk that still lets the month file
    grow, or inodes used up), while the store can."""

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    state = app.extensions["exit_survey"]
    for limiter in (state.limiter, state.repeats):
        monkeypatch.setattr(limiter._store, "change", full)
    monkeypatch.setattr(log_counts, "_counted", {})


def _post_without_javascript(app, client, closing: str) -> int:
    version = app.extensions["exit_survey"].forms.current("exit-en").version
    data = {"_version": version, "departure": "voluntary", "closing": closing}
    return client.post("/submit/exit-en", data=data).status_code


def test_answers_stored_while_the_limit_cannot_be_counted_leave_no_log_line_with_their_time(
    app, client, broken_limits, scheduled, caplog
):
    caplog.set_level(logging.DEBUG)
    before = time.time()
    for n in range(3):
        assert _post_without_javascript(app, client, f"answer {n}") == 303
    store = app.extensions["exit_survey"].store
    assert store.count("exit-en") == 3  # the limit lets leavers through
    # Nothing was logged while the posts were under way: each line's time would be the
    # second of an answer that is kept, and their count the number of answers.
    assert [r.getMessage() for r in caplog.records if r.name.startswith("collector")] == []
    # One line per kind of trouble instead, at the next ten-minute mark.
    due = [at for task, at in scheduled if task is log_counts.say_counted]
    assert len(due) == 1
    assert due[0] % sweeper.MARK_SECONDS == 0 and due[0] > before
    log_counts.say_counted()
    lines = [r.getMessage() for r in caplog.records if r.name == "collector.rate_limit"]
    assert lines == [
        "rate limit: cannot count in limits (No space left on device); allowing "
        "(3 times since the last ten-minute mark)",
        "rate limit: cannot keep a token in limits (No space left on device) "
        "(3 times since the last ten-minute mark)",
    ]
    assert all(
        r.levelno == logging.ERROR for r in caplog.records if r.name == "collector.rate_limit"
    )


def test_trouble_after_the_report_is_reported_again(app, client, broken_limits, scheduled, caplog):
    caplog.set_level(logging.ERROR)
    assert _post_without_javascript(app, client, "first") == 303
    assert not caplog.records
    log_counts.say_counted()
    assert _post_without_javascript(app, client, "second") == 303
    assert [task for task, _ in scheduled].count(log_counts.say_counted) == 2
    log_counts.say_counted()
    log_counts.say_counted()  # nothing new: nothing said
    lines = [r.getMessage() for r in caplog.records if "cannot count" in r.getMessage()]
    assert len(lines) == 2 and all("(once since" in line for line in lines)


def test_sign_in_waits_when_its_limit_cannot_be_counted_and_says_so_later(
    hr,
    client,
    scheduled,
    caplog,
    monkeypatch: pytest.MonkeyPatch,
):
    """Password guesses must not become unlimited: the refusal is immediate, the line is
    not (it would be the second of HR's attempt)."""

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(log_counts, "_counted", {})
    for key in ("exit_survey_login_limiter", "exit_survey_login_overall_limiter"):
        monkeypatch.setattr(hr.extensions[key]._store, "change", full)
    caplog.set_level(logging.ERROR)
    assert login(client).status_code == 429
    assert not [r for r in caplog.records if r.name == "collector.rate_limit"]
    log_counts.say_counted()
    lines = [r.getMessage() for r in caplog.records if r.name == "collector.rate_limit"]
    assert any("cannot count in limits" in line and "refusing" in line for line in lines)
