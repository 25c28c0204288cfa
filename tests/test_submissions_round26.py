"""Round 26: the layoff day (many leavers behind one address, without JavaScript, giving
the same answers) and odd but real clients.

A post without JavaScript has no submission id; the collector makes one from the sender
and the answers, so that a second press on Send is stored once. These tests hold both
promises: a real double press is stored once, two leavers are stored twice.
"""

from __future__ import annotations

import errno
import time
from pathlib import Path

import pytest
from support.posts import stored, version

from collector.store import StoreError

#: A dismissed leaver who answers only the choices, the text left empty.
CHOICES_ONLY = {
    "departure": "dismissed",
    "practices": "partly",
    "manager": "3",
    "recommend": "5",
    "closing": "",
}
PHONE = {"User-Agent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) Mobile", "Origin": "null"}
OTHER_PHONE = {"User-Agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5) Mobile", "Origin": "null"}
OFFICE = {"REMOTE_ADDR": "198.51.100.7"}


def _post(client, app, headers: dict[str, str] = PHONE, **extra: str):
    data = {**CHOICES_ONLY, "_version": version(app), **extra}
    return client.post("/submit/exit-en", data=data, headers=headers, environ_base=OFFICE)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch):
    """``clock(seconds)`` moves the collector's wall clock on (the repeat check's seconds)."""
    offset = [0.0]
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + offset[0])

    def forward(seconds: float) -> None:
        offset[0] += seconds

    return forward


def test_a_sent_post_is_answered_with_a_redirect_so_a_reload_cannot_send_it_again(
    app, client
) -> None:
    response = _post(client, app)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/exit-en/thanks.html")


@pytest.mark.parametrize("seconds", [0, 30])
def test_a_double_press_is_stored_once(app, client, clock, seconds: int) -> None:
    """The second press may arrive first, or up to half a minute after (a slow network)."""
    assert _post(client, app).status_code == 303
    clock(seconds)
    assert _post(client, app).status_code == 303
    assert len(stored(app)) == 1


def test_a_double_press_whose_first_post_failed_is_stored_once(
    app, client, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = app.extensions["exit_survey"].store
    real_add = store.add
    calls = []

    def first_fails(*args, **kwargs):
        calls.append(kwargs["submission_id"])
        if len(calls) == 1:
            raise StoreError("cannot store") from OSError(errno.EIO, "Input/output error")
        return real_add(*args, **kwargs)

    monkeypatch.setattr(store, "add", first_fails)
    assert _post(client, app).status_code == 500
    assert _post(client, app).status_code == 303
    assert len(stored(app)) == 1
    assert calls[0] == calls[1]  # the same id: a third press would be a retry too


def test_a_second_press_that_failed_after_the_first_was_stored_is_stored_once(
    app, client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The browser shows the second press's answer (the first navigation is cancelled): a
    not-sent page although the first one was stored. Sending again must not store twice."""
    store = app.extensions["exit_survey"].store
    real_add = store.add
    calls = []

    def second_fails(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise StoreError("cannot store") from OSError(errno.EIO, "Input/output error")
        return real_add(*args, **kwargs)

    monkeypatch.setattr(store, "add", second_fails)
    assert _post(client, app).status_code == 303
    assert _post(client, app).status_code == 500
    assert _post(client, app).status_code == 303  # sent again from the not-sent page
    assert len(stored(app)) == 1


@pytest.mark.parametrize("minutes", [2, 5])
def test_two_leavers_with_the_same_answers_minutes_apart_are_both_stored(
    app, client, clock, minutes: int
) -> None:
    """The layoff day: one office wifi, the same phones, the same choices."""
    assert _post(client, app).status_code == 303
    clock(minutes * 60)
    assert _post(client, app).status_code == 303
    assert len(stored(app)) == 2


def test_two_leavers_on_different_phones_at_the_same_moment_are_both_stored(app, client) -> None:
    assert _post(client, app, PHONE).status_code == 303
    assert _post(client, app, OTHER_PHONE).status_code == 303
    assert len(stored(app)) == 2


def test_nothing_of_the_sender_is_kept_with_the_answers_or_in_the_clear(
    app, client, tmp_path: Path
) -> None:
    assert _post(client, app).status_code == 303
    [record] = stored(app)
    assert set(record) == {"id", "form", "version", "language", "date", "answers"}
    for path in (tmp_path / "data").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"198.51.100" not in data and b"Pixel" not in data and b"Android" not in data
