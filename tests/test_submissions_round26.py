"""Round 26: the layoff day (many leavers behind one address, without JavaScript, giving
the same answers) and odd but real clients.

A post without JavaScript has no submission id; the collector makes one from the sender
and the answers, so that a second press on Send is stored once. These tests hold both
promises: a real double press is stored once, two leavers are stored twice.
"""

from __future__ import annotations

import errno
import http.client
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
from support.gunicorn import free_port, start_gunicorn, stop
from support.posts import multipart_body, stored, version

from collector.model import form_from_json
from collector.store import ResponseStore, StoreError

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


def _post_over_http(port: int, body: bytes, user_agent: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": "null",
            "User-Agent": user_agent,
        }
        connection.request("POST", "/submit/exit-en", body=body, headers=headers)
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.mark.slow
def test_under_gunicorn_double_presses_count_once_and_two_phones_twice(
    built_site: Path, tmp_path: Path
) -> None:
    """Each of two leavers on the office wifi presses Send twice at once; the presses land
    on different workers, which share the repeat check through limits/. Which worker takes
    a press is the kernel's choice: a gunicorn hook notes the worker of each, and two more
    leavers press until one leaver's two presses were taken by both workers."""
    port = free_port()
    served = tmp_path / "served"
    server = start_gunicorn(built_site, tmp_path / "data", port, workers=2, served=served)
    statuses: list[int] = []
    current = form_from_json((built_site / "exit-en" / "form.json").read_text())
    body = urllib.parse.urlencode({**CHOICES_ONLY, "_version": current.version}).encode()
    rounds = 0
    try:
        while rounds < 20 and not _split_across_workers(served, 4 * rounds):
            rounds += 1
            agents = [f"{PHONE['User-Agent']} {rounds}", f"{OTHER_PHONE['User-Agent']} {rounds}"]
            presses = [
                threading.Thread(
                    target=lambda agent=agent: statuses.append(_post_over_http(port, body, agent))
                )
                for agent in agents * 2
            ]
            for press in presses:
                press.start()
            for press in presses:
                press.join()
    finally:
        errors = stop(server)
    assert _split_across_workers(served, 4 * rounds), "no press was taken by another worker"
    assert statuses == [303] * 4 * rounds, errors
    kept = list(ResponseStore(tmp_path / "data" / "responses").responses("exit-en"))
    assert len(kept) == 2 * rounds


def _split_across_workers(served: Path, presses: int) -> bool:
    """Whether a leaver's presses were taken by two workers (``served``: the worker of
    each request, noted before the request was handled)."""
    lines = served.read_text().splitlines() if served.exists() else []
    posts = [line.split(" POST ", 1) for line in lines if " POST " in line]
    assert len(posts) == presses, lines
    workers: dict[str, set[str]] = {}
    for worker, agent in posts:
        workers.setdefault(agent, set()).add(worker)
    return any(len(taken) == 2 for taken in workers.values())


# Odd but real clients.


def _multipart(app, closing: bytes, part_type: bytes = b"") -> bytes:
    """A multipart body as a client without a browser may make it, the text as given."""
    fields = [
        (b"_version", version(app).encode(), b""),
        (b"departure", b"dismissed", b""),
        (b"closing", closing, part_type),
    ]
    return multipart_body(fields)


def _send(client, body: bytes, content_type: str):
    return client.post(
        "/submit/exit-en", data=body, content_type=content_type, headers={"Origin": "null"}
    )


MULTIPART = "multipart/form-data; boundary=XX"


def test_a_multipart_answer_that_is_not_utf8_is_refused_not_stored_garbled(app, client) -> None:
    response = _send(client, _multipart(app, b"caf\xe9 cr\xe8me"), MULTIPART)
    assert response.status_code == 400
    assert "did not arrive whole" in response.get_data(as_text=True)
    assert stored(app) == []


def test_a_multipart_answer_in_the_character_set_its_part_declares_is_read_by_it(
    app, client
) -> None:
    body = _multipart(app, b"caf\xe9", b"text/plain; charset=iso-8859-1")
    assert _send(client, body, MULTIPART).status_code == 303
    assert stored(app)[0]["answers"]["closing"] == "café"


def test_a_replacement_character_the_leaver_typed_is_kept(app, client) -> None:
    body = _multipart(app, "pasted \ufffd here".encode())
    assert _send(client, body, MULTIPART).status_code == 303
    assert stored(app)[0]["answers"]["closing"] == "pasted \ufffd here"


@pytest.mark.parametrize("body", [b"closing=caf%E9", b"closing=caf\xe9"])
def test_a_form_post_that_declares_latin1_is_read_as_latin1(app, client, body: bytes) -> None:
    data = b"_version=" + version(app).encode() + b"&departure=dismissed&" + body
    content_type = "application/x-www-form-urlencoded; charset=ISO-8859-1"
    assert _send(client, data, content_type).status_code == 303
    assert stored(app)[0]["answers"]["closing"] == "café"


def test_a_form_post_in_latin1_that_declares_nothing_is_still_refused(app, client) -> None:
    data = b"_version=" + version(app).encode() + b"&departure=dismissed&closing=caf%E9"
    assert _send(client, data, "application/x-www-form-urlencoded").status_code == 400
    assert stored(app) == []


@pytest.mark.parametrize("posted", ["0123456789ab", "../../etc/passwd", "x" * 5000])
def test_answers_to_a_version_never_kept_are_filed_under_the_current_one_and_the_operator_told(
    app, client, caplog: pytest.LogCaptureFixture, posted: str
) -> None:
    from collector import log_counts

    data = {"_version": posted, "departure": "dismissed"}
    response = client.post("/submit/exit-en", data=data, headers={"Origin": "null"})
    assert response.status_code == 303
    [record] = stored(app)
    assert record["version"] == version(app)
    assert "version" not in caplog.text  # not now: the line's time would be the post's
    caplog.set_level("WARNING")
    log_counts.say_counted()
    assert f"filed under the current version {version(app)}" in caplog.text
    assert "passwd" not in caplog.text and "x" * 50 not in caplog.text


def test_a_post_without_a_version_is_filed_under_the_current_one(
    app, client, caplog: pytest.LogCaptureFixture
) -> None:
    """Every page sends its version, with and without its script: a post without one was
    made from no page, by a client answering the questionnaire as it is now."""
    from collector import log_counts

    response = client.post("/submit/exit-en", data={"departure": "dismissed"})
    assert response.status_code == 303
    assert stored(app)[0]["version"] == version(app)
    caplog.set_level("WARNING")
    log_counts.say_counted()
    assert "never kept" not in caplog.text


def _many_fields(app) -> bytes:
    fields = "&".join(f"f{i}=x" for i in range(5000))
    return f"_version={version(app)}&departure=dismissed&{fields}".encode()


BAD_POSTS = {
    "two answers to a single choice": (
        lambda app: f"_version={version(app)}&departure=dismissed&departure=voluntary".encode(),
        "application/x-www-form-urlencoded",
        400,  # no page sends it: refused as a whole since round 32, not asked about (422)
    ),
    "a field name with a NUL": (
        lambda app: f"_version={version(app)}&departure=dismissed&clos%00ing=hi".encode(),
        "application/x-www-form-urlencoded",
        400,
    ),
    "thousands of fields": (_many_fields, "application/x-www-form-urlencoded", 400),
    "multipart text not in UTF-8": (
        lambda app: _multipart(app, b"\xff\xfe"),
        MULTIPART,
        400,
    ),
}


@pytest.mark.parametrize("name", BAD_POSTS)
def test_a_bad_post_gets_a_clear_answer_and_loses_nothing_stored(app, client, name: str) -> None:
    assert _post(client, app).status_code == 303
    make, content_type, status = BAD_POSTS[name]
    response = _send(client, make(app), content_type)
    assert response.status_code == status
    page = response.get_data(as_text=True)
    assert "Exit survey" in page and ("not sent" in page or "There is a problem" in page)
    assert len(stored(app)) == 1


@pytest.mark.parametrize("path", ["/exit-en/", "/exit-en/index.html", "/submit/exit-en"])
def test_other_methods_on_the_form_addresses(app, client, path: str) -> None:
    assert client.head(path).status_code in (200, 303)
    assert client.head(path).get_data() == b""
    options = client.options(path)
    assert options.status_code == 200 and "GET" in options.headers["Allow"]
    put = client.put(path, data={"departure": "dismissed"})
    assert put.status_code == 405 and "PUT" not in put.headers["Allow"]
    assert "does not accept that kind of request" in put.get_data(as_text=True)
    assert stored(app) == []
