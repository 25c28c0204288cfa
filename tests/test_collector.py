"""The collector as browsers and scripts use it: submit, errors, anonymity, abuse."""

from __future__ import annotations

import calendar
import datetime as dt
import json
import logging
import os
import re
import time
from pathlib import Path

import pytest
from support.posts import VOLUNTARY, stored, version

from collector import create_app, log_counts, retention, retention_clock
from collector.config import ConfigError, load_config
from collector.csp import source_hash


def test_serves_the_built_site(client) -> None:
    assert client.get("/", buffered=True).status_code == 200
    page = client.get("/exit-en/", buffered=True)
    assert page.status_code == 200
    assert b'lang="en"' in page.data
    assert client.get("/exit-en").status_code == 308
    assert client.get("/exit-en/form.json", buffered=True).json["slug"] == "exit-en"
    assert b"<style>" in page.data and b"<script>" in page.data  # one request per page
    assert client.get("/../pyproject.toml").status_code == 404
    assert client.get("/nothing-here/").status_code == 404


def test_browser_submit_redirects_to_thank_you_and_stores_once(app, client) -> None:
    response = client.post("/submit/exit-en", data={**VOLUNTARY, "_version": version(app)})
    assert response.status_code == 303
    assert response.headers["Location"] == "/exit-en/thanks.html"
    assert client.get(response.headers["Location"], buffered=True).status_code == 200
    [record] = stored(app)
    assert record["answers"] == {
        "departure": "voluntary",
        "reasons": ["pay", "other"],
        "reasons__other": "Commute",
        "stay": "A shorter commute",
        "conditions": "4",
        "recommend": "8",
        "department": "prefer_not_to_say",
    }


def test_stored_response_holds_exactly_the_anonymous_fields(app, client, tmp_path: Path) -> None:
    client.post(
        "/submit/exit-en",
        data={
            **VOLUNTARY,
            "_version": version(app),
            "_submission": "0f6a2b1c-1111-4222-8333-944455556666",
        },
        headers={
            "User-Agent": "UniqueAgent/9.9 (fingerprint-xyz)",
            "Referer": "https://intranet.example/leavers/jan-de-vries",
            "Cookie": "session=cookie-secret-123",
            "X-Forwarded-For": "203.0.113.77",
        },
        environ_base={"REMOTE_ADDR": "198.51.100.23"},
    )
    [record] = stored(app)
    assert set(record) == {"id", "form", "version", "language", "date", "answers"}
    assert len(record["date"]) == 7  # YYYY-MM: the month only
    assert record["id"] != "0f6a2b1c-1111-4222-8333-944455556666"
    everything = b"".join(p.read_bytes() for p in (tmp_path / "data").rglob("*") if p.is_file())
    for secret in (
        b"UniqueAgent",
        b"fingerprint",
        b"jan-de-vries",
        b"cookie-secret",
        b"203.0.113.77",
        b"198.51.100.23",
        b"0f6a2b1c-1111-4222-8333-944455556666",
    ):
        assert secret not in everything


def test_files_are_private(app, client, tmp_path: Path) -> None:
    client.post("/submit/exit-en", data=VOLUNTARY)
    for path in (tmp_path / "data").rglob("*"):
        mode = path.stat().st_mode & 0o777
        assert mode & 0o077 == 0, f"{path} is {oct(mode)}"


def test_retried_submission_is_stored_once(app, client) -> None:
    data = {**VOLUNTARY, "_submission": "6b1f3c1e-9d2a-4c4f-8f00-0a1b2c3d4e5f"}
    for _ in range(3):
        assert client.post("/submit/exit-en", data=data).status_code == 303
    assert len(stored(app)) == 1


def test_a_second_press_on_send_without_javascript_stores_once(app, client, tmp_path) -> None:
    """The leaver audit: without JavaScript the page has no submission id, and pressing
    Send two or three times on a slow collector stored the answers two or three times."""
    for _ in range(3):
        assert client.post("/submit/exit-en", data=VOLUNTARY).status_code == 303
    assert len(stored(app)) == 1
    # Other answers, or the same answers from another connection, are other leavers.
    other = {**VOLUNTARY, "recommend": "9"}
    assert client.post("/submit/exit-en", data=other).status_code == 303
    elsewhere = {"REMOTE_ADDR": "198.51.100.8"}
    assert client.post("/submit/exit-en", data=VOLUNTARY, environ_base=elsewhere).status_code == 303
    assert len(stored(app)) == 3
    # What is kept to recognise it: keyed hashes, never the answers or the address.
    kept = b"".join(
        p.read_bytes() for p in (tmp_path / "data" / "limits").rglob("*") if p.is_file()
    )
    assert b"Commute" not in kept and b"127.0.0.1" not in kept and b"198.51" not in kept


def test_a_post_refused_by_a_full_disk_is_stored_when_sent_again(app, client, monkeypatch) -> None:
    import errno

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fdatasync", full)
    assert client.post("/submit/exit-en", data=VOLUNTARY).status_code == 500
    monkeypatch.undo()
    assert client.post("/submit/exit-en", data=VOLUNTARY).status_code == 303
    assert len(stored(app)) == 1


def test_posts_refused_by_a_full_disk_do_not_use_up_the_rate_limit(
    built_site: Path, tmp_path: Path, monkeypatch
) -> None:
    """The audit: a leaver who sent again while the disk was full was told "too many tries"
    (429) once it had room again: every refused post had counted as one taken."""
    import errno

    app = create_app(
        {"TESTING": True, "OUTPUT_DIR": built_site, "DATA_DIR": tmp_path / "d", "RATE_LIMIT": 2}
    )
    client = app.test_client()

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    data = {**VOLUNTARY, "_version": version(app), "_submission": "e" * 32}
    monkeypatch.setattr(os, "fdatasync", full)
    assert [client.post("/submit/exit-en", data=data).status_code for _ in range(3)] == [500] * 3
    monkeypatch.undo()
    assert client.post("/submit/exit-en", data=data).status_code == 303
    assert len(stored(app)) == 1


def test_answers_that_do_not_apply_are_dropped(app, client) -> None:
    """Quietly where nothing is lost: "Prefer not to say" is no answer. A real answer to a
    question that does not apply is asked about (tests/test_not_applying_round20.py)."""
    data = {"departure": "dismissed", "reasons": "prefer_not_to_say", "practices": "partly"}
    assert client.post("/submit/exit-en", data=data).status_code == 303
    [record] = stored(app)
    assert record["answers"] == {"departure": "dismissed", "practices": "partly"}


def test_text_for_a_question_that_does_not_apply_is_asked_about_not_dropped(app, client) -> None:
    """The leaver audit, without JavaScript: text typed into a follow-up whose note says it
    is for other answers was dropped, and the leaver thanked. Text is never dropped
    unasked, as with the "other" box."""
    data = {"departure": "dismissed", "stay": "More flexible hours"}
    response = client.post("/submit/exit-en", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "is not for your answers above, so this text would not be kept" in page
    assert '<a href="#stay">' in page and "More flexible hours" in page  # linked, kept
    assert stored(app) == []
    del data["stay"]
    assert client.post("/submit/exit-en", data=data).status_code == 303
    assert stored(app)[0]["answers"] == {"departure": "dismissed"}


def test_errors_rerender_the_form_with_answers_kept(app, client) -> None:
    data = {
        "departure": "voluntary",
        "stay": "Kept text <b>",
        "recommend": "11",
        "improve": "x" * 1501,
    }
    response = client.post("/submit/exit-en", data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "<title>Error:" in html
    assert "Kept text &lt;b&gt;" in html
    assert 'href="#recommend"' in html and 'href="#improve"' in html
    assert "1500 characters or less" in html
    assert stored(app) == []


def test_dutch_errors_are_in_dutch(client) -> None:
    response = client.post("/submit/exit-nl", data={"recommend": "5"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "<title>Fout:" in html
    assert "Kies een antwoord bij" in html


def test_script_submit_gets_json(app, client) -> None:
    headers = {"Accept": "application/json"}
    bad = client.post("/submit/exit-en", data={"recommend": "7"}, headers=headers)
    assert bad.status_code == 422
    assert bad.json["ok"] is False
    assert bad.json["errors"] == [
        {
            "field": "departure",
            "target": "departure",
            "message": "Select an answer to “How did your employment end?”",
        }
    ]
    good = client.post("/submit/exit-en", data=VOLUNTARY, headers=headers)
    assert good.status_code == 200
    assert good.json == {"ok": True, "redirect": "/exit-en/thanks.html"}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"departure": "fired"}, "departure"),
        ({"departure": "voluntary", "reasons": ["pay", "prefer_not_to_say"]}, "reasons"),
        ({"departure": "voluntary", "recommend": "-1"}, "recommend"),
        ({"departure": "voluntary", "closing": "y" * 2001}, "closing"),
        ({"departure": "voluntary", "conditions": "6"}, "conditions"),
    ],
)
def test_values_the_form_does_not_offer_are_refused(client, data: dict, field: str) -> None:
    response = client.post("/submit/exit-en", data=data, headers={"Accept": "application/json"})
    assert response.status_code == 422
    assert [e["field"] for e in response.json["errors"]] == [field]


def test_unknown_fields_are_refused(app, client) -> None:
    response = client.post("/submit/exit-en", data={**VOLUNTARY, "email": "me@example.com"})
    assert response.status_code == 400
    assert b"me@example.com" not in response.data
    assert stored(app) == []
    # A page from a form that changed: sending again cannot work, so the page does not say
    # "send them again" but links to the new version (an audit found no-JS leavers going
    # round between Back and Send).
    page = response.get_data(as_text=True)
    assert "Sending them again will not work" in page
    assert '<a href="/exit-en/index.html">Open the new version of the questionnaire</a>' in page
    assert "Then send them again" not in page


def test_honeypot_looks_successful_but_stores_nothing(app, client) -> None:
    response = client.post("/submit/exit-en", data={**VOLUNTARY, "_trap": "http://spam.example"})
    assert response.status_code == 303
    assert stored(app) == []


def test_rate_limit_per_client(built_site: Path, tmp_path: Path) -> None:
    app = create_app(
        {"TESTING": True, "OUTPUT_DIR": built_site, "DATA_DIR": tmp_path / "d", "RATE_LIMIT": 3}
    )
    client = app.test_client()
    codes = [
        client.post(
            "/submit/exit-en", data=VOLUNTARY, environ_base={"REMOTE_ADDR": "10.0.0.1"}
        ).status_code
        for _ in range(4)
    ]
    assert codes == [303, 303, 303, 429]
    other = client.post("/submit/exit-en", data=VOLUNTARY, environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert other.status_code == 303
    assert b"10.0.0.1" not in b"".join(
        p.read_bytes() for p in (tmp_path / "d").rglob("*") if p.is_file()
    )


def test_answers_sent_back_for_correction_do_not_use_up_the_rate_limit(
    built_site: Path, tmp_path: Path
) -> None:
    """Behind one office address every leaver shares the limit: a leaver who needs a few
    rounds of corrections must not lock the next one out."""
    app = create_app(
        {"TESTING": True, "OUTPUT_DIR": built_site, "DATA_DIR": tmp_path / "d", "RATE_LIMIT": 2}
    )
    client = app.test_client()
    office = {"REMOTE_ADDR": "10.0.0.1"}
    too_long = {**VOLUNTARY, "stay": "x" * 5000}
    codes = [
        client.post("/submit/exit-en", data=too_long, environ_base=office).status_code
        for _ in range(5)
    ]
    assert codes == [422] * 5
    assert client.post("/submit/exit-en", data=VOLUNTARY, environ_base=office).status_code == 303
    # What is refused as a whole still counts: the limit is not switched off.
    junk = {"departure": "voluntary", "no_such_question": "x"}
    codes = [
        client.post("/submit/exit-en", data=junk, environ_base=office).status_code for _ in range(2)
    ]
    assert codes == [400, 429]


@pytest.fixture
def app_config(built_site: Path, tmp_path: Path) -> dict:
    return {"TESTING": True, "OUTPUT_DIR": built_site, "DATA_DIR": tmp_path / "d"}


def test_rate_limit_holds_across_worker_processes(app_config: dict) -> None:
    """Two app instances on one data folder are two gunicorn workers: one limit for both."""
    config = {**app_config, "RATE_LIMIT": 3, "SECRET_KEY": "the same key in every worker"}
    first, second = create_app(config).test_client(), create_app(config).test_client()
    client = {"REMOTE_ADDR": "10.0.0.1"}
    codes = [
        c.post("/submit/exit-en", data=VOLUNTARY, environ_base=client).status_code
        for c in (first, second, first, second, first)
    ]
    assert codes == [303, 303, 303, 429, 429]
    other = second.post("/submit/exit-en", data=VOLUNTARY, environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert other.status_code == 303


def test_rate_limit_counts_a_sliding_window_and_keeps_nothing_older(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from collector import sweeper
    from collector.rate_limit import RateLimiter

    monkeypatch.setattr(sweeper, "expect", lambda task, at: None)  # these times are long past
    folder = tmp_path / "limits"
    limiter = RateLimiter(2, 60, folder=folder, secret="key")
    start = 6000.0  # the start of a window: the key changes at every window
    assert [limiter.allow("192.0.2.1", now=start + t) for t in (50, 55, 61)] == [True, True, False]
    assert limiter.allow("192.0.2.1", now=start + 111)  # the hit at 50 has expired
    assert limiter.allow("192.0.2.2", now=start + 111)
    stored = "".join(p.read_text() for p in folder.iterdir())
    assert "192.0.2" not in stored
    # a keyed hash per client and window (the key changes each window, so the hit at 6055
    # is under another hash than those at 6111), and the seconds of its hits
    lines = sorted(line.split(" ", 1)[1] for line in stored.splitlines())
    assert lines == ["6055:1", "6111:1", "6111:1"]
    assert all(re.fullmatch(r"[0-9a-f]{32} .+", line) for line in stored.splitlines())


def test_rate_limit_files_are_emptied_when_the_window_ends(tmp_path: Path, monkeypatch) -> None:
    """Even when no request comes after it: nothing stays on disk longer than the window
    and the mark after it (every second here, instead of every ten minutes)."""
    import time

    from collector import rate_limit
    from collector.rate_limit import RateLimiter

    monkeypatch.setattr(rate_limit.sweeper, "MARK_SECONDS", 1)
    folder = tmp_path / "limits"
    limiter = RateLimiter(5, 1, folder=folder, secret="key")
    assert limiter.allow("192.0.2.1")
    assert any(p.read_text() for p in folder.iterdir())
    deadline = time.monotonic() + 5
    while any(p.read_text() for p in folder.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(p.read_text() for p in folder.iterdir())


def test_origin_check(client, caplog) -> None:
    caplog.clear()
    with caplog.at_level("WARNING"):
        evil = client.post(
            "/submit/exit-en", data=VOLUNTARY, headers={"Origin": "https://evil.example"}
        )
        log_counts.say_counted()  # said at the next ten-minute mark, with a count
    assert evil.status_code == 403
    # An operator whose proxy rewrites Host sees this for every post: the log says why.
    assert (
        "refused a post from a page on another site (the first from 'https://evil.example'): "
        "this collector is 'http://localhost'" in caplog.text
    )
    own = client.post("/submit/exit-en", data=VOLUNTARY, headers={"Origin": "http://localhost"})
    assert own.status_code == 303
    cross_null = client.post(
        "/submit/exit-en",
        data=VOLUNTARY,
        headers={"Origin": "null", "Sec-Fetch-Site": "cross-site"},
    )
    assert cross_null.status_code == 403
    same_null = client.post(
        "/submit/exit-en",
        data=VOLUNTARY,
        headers={"Origin": "null", "Sec-Fetch-Site": "same-origin"},
    )
    assert same_null.status_code == 303


def test_a_proxy_that_is_not_trusted_is_reported_once(
    app, client, caplog, scheduled, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("collector.submit._proxy_warned", False)
    with caplog.at_level("WARNING"):
        for _ in range(3):
            client.post("/submit/exit-en", data=VOLUNTARY, headers={"X-Forwarded-For": "10.1.2.3"})
        # Not now: the log line's time would be the second of a leaver's post.
        assert "COLLECTOR_TRUSTED_PROXIES is 0" not in caplog.text
        [(say, at)] = [(task, at) for task, at in scheduled if "proxy" in task.__name__]
        assert at % 600 == 0 and time.time() < at <= time.time() + 601
        say()
    assert caplog.text.count("COLLECTOR_TRUSTED_PROXIES is 0") == 1
    assert "10.1.2.3" not in caplog.text  # never an address


def test_allowed_origin_for_pages_hosted_elsewhere(built_site: Path, tmp_path: Path) -> None:
    app = create_app(
        {
            "TESTING": True,
            "OUTPUT_DIR": built_site,
            "DATA_DIR": tmp_path / "d",
            "ALLOWED_ORIGINS": ("https://pages.example",),
            "SITE_URL": "https://pages.example",
        }
    )
    response = app.test_client().post(
        "/submit/exit-en", data=VOLUNTARY, headers={"Origin": "https://pages.example"}
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "https://pages.example/exit-en/thanks.html"
    # The page's script may read the answer: without this the browser hid the redirect and
    # every error page from it, and leavers were told "not sent" for stored answers.
    assert response.headers["Access-Control-Allow-Origin"] == "https://pages.example"
    assert "Origin" in response.headers["Vary"]
    errors = app.test_client().post(
        "/submit/exit-en", data={"recommend": "11"}, headers={"Origin": "https://pages.example"}
    )
    assert errors.status_code == 422
    assert errors.headers["Access-Control-Allow-Origin"] == "https://pages.example"
    other = app.test_client().post(
        "/submit/exit-en", data=VOLUNTARY, headers={"Origin": "https://elsewhere.example"}
    )
    assert other.status_code == 403 and "Access-Control-Allow-Origin" not in other.headers


def _every_text_at_its_limit(app, slug: str, character: str) -> dict[str, str]:
    form = app.extensions["exit_survey"].forms.current(slug)
    answers = {"_version": form.version, "departure": "voluntary", "reasons": "other"}
    for q in form.questions:
        if q.max_length:
            answers[q.id] = character * q.max_length
        if q.other_label is not None:
            answers[q.other_field] = character * 500
    return answers


def test_every_answer_at_its_limit_fits_in_any_script(app, client) -> None:
    """Chinese or emoji text up to every shown limit takes 9-12 bytes a character in a
    post; the collector must take it, not refuse the whole submission as too large."""
    from collector.conditions import applicable_questions

    for slug, character in (("exit-nl", "漢"), ("exit-en", "😀")):
        form = app.extensions["exit_survey"].forms.current(slug)
        data = _every_text_at_its_limit(app, slug, character)
        # Read in full, not refused as too large: only the texts for questions that do
        # not apply to these answers are asked about, none is too long.
        response = client.post(f"/submit/{slug}", data=data)
        assert response.status_code == 422
        page = response.get_data(as_text=True)
        assert "or less" not in page and "hoogstens" not in page
        applies = {q.id for q in applicable_questions(form, {k: [v] for k, v in data.items()})}
        kept = {k: v for k, v in data.items() if k == "_version" or k.split("__")[0] in applies}
        response = client.post(f"/submit/{slug}", data=kept)
        assert response.status_code == 303, response.get_data(as_text=True)[:300]
    answers = [r["answers"] for r in stored(app)]
    assert any(a.get("stay") == "😀" * 1500 for a in answers), "an emoji counts as one character"


def test_one_answer_far_over_its_limit_gets_its_own_message(client) -> None:
    response = client.post("/submit/exit-en", data={"closing": "x" * 200_000})
    assert response.status_code == 422
    assert "must be 2000 characters or less (it is 200000)" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("slug", "title", "reason", "back"),
    [
        ("exit-en", "Error: Your answers were not sent", "too long to send", "Back button"),
        ("exit-nl", "Fout: Je antwoorden zijn niet verstuurd", "te lang om te", "terugknop"),
    ],
)
def test_a_submission_too_large_to_read_gets_a_page_in_the_forms_language(
    client, slug: str, title: str, reason: str, back: str
) -> None:
    response = client.post(f"/submit/{slug}", data={"closing": "x" * 3_000_000})
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert f"<title>{title} – " in page
    assert '<div class="errsum" tabindex="-1" autofocus><div role="alert">' in page
    assert reason in page and back in page
    assert "<style>" in page  # the theme's own look, not a bare server page
    as_json = client.post(
        f"/submit/{slug}", data={"closing": "x" * 3_000_000}, headers={"Accept": "application/json"}
    )
    assert as_json.status_code == 413 and reason in as_json.get_json()["error"]


def test_security_headers_on_every_response(client) -> None:
    for response in (
        client.get("/exit-en/", buffered=True),
        client.post("/submit/exit-en", data={}),
        client.get("/nope"),
    ):
        csp = response.headers["Content-Security-Policy"]
        assert "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert "Set-Cookie" not in response.headers


def test_the_header_policy_lets_exactly_the_pages_own_style_and_script_run(client) -> None:
    """Pages from output/ and the error page rendered here carry their CSS and script
    inline; the header allows those blocks by hash and nothing else inline."""
    for response in (
        client.get("/exit-en/", buffered=True),
        client.post("/submit/exit-en", data={"departure": "nonsense"}),
    ):
        page = response.get_data(as_text=True)
        header = response.headers["Content-Security-Policy"]
        directives = {d.split()[0]: d.split()[1:] for d in header.split("; ")}
        blocks = re.findall(r"<(style|script)>(.*?)</\1>", page, re.S)
        assert [tag for tag, _ in blocks] == ["style", "script"]
        for tag, text in blocks:
            assert source_hash(text) in directives[f"{tag}-src"]
        assert source_hash("alert(1)") not in header


def test_unknown_form_is_404(client) -> None:
    assert client.post("/submit/no-such-form", data=VOLUNTARY).status_code == 404
    assert client.post("/submit/..%2f..%2fetc", data=VOLUNTARY).status_code in (404, 405)


def test_page_from_an_older_version_is_still_accepted(app, client, built_site: Path) -> None:
    old = version(app)
    form_json = built_site / "exit-en" / "form.json"
    original = form_json.read_text()
    try:
        data = json.loads(original)
        data["questions"] = [q for q in data["questions"] if q["id"] != "culture"]
        for section in data["sections"]:
            section["question_ids"] = [q for q in section["question_ids"] if q != "culture"]
        data["version"] = "newer0000000"
        form_json.write_text(json.dumps(data))
        os.utime(form_json, ns=(1, 1))  # make sure the registry sees a change
        response = client.post(
            "/submit/exit-en", data={**VOLUNTARY, "culture": "4", "_version": old}
        )
        assert response.status_code == 303
        [record] = stored(app)
        assert record["version"] == old
        assert record["answers"]["culture"] == "4"
    finally:
        form_json.write_text(original)


def test_a_page_handed_out_is_accepted_after_a_rebuild_that_drops_its_question(
    app, client, built_site: Path
) -> None:
    """HR builds a version with a new question, a leaver opens it, HR rebuilds without it
    before the collector has seen a single answer: that leaver's answers still count."""
    form_json = built_site / "exit-en" / "form.json"
    original = form_json.read_text()
    try:
        data = json.loads(original)
        extra = {**next(q for q in data["questions"] if q["id"] == "closing"), "id": "extra"}
        data["questions"].append(extra)
        data["sections"][-1]["question_ids"].append("extra")
        data["version"] = "handedout000"
        form_json.write_text(json.dumps(data))
        os.utime(form_json, ns=(2, 2))
        assert client.get("/exit-en/", buffered=True).status_code == 200  # a leaver opens it
        form_json.write_text(original)  # HR rebuilds
        os.utime(form_json, ns=(3, 3))
        response = client.post(
            "/submit/exit-en",
            data={"departure": "voluntary", "extra": "Yes", "_version": "handedout000"},
        )
        assert response.status_code == 303
        [record] = stored(app)
        assert record["version"] == "handedout000" and record["answers"]["extra"] == "Yes"
    finally:
        form_json.write_text(original)


def test_no_request_details_in_logs(app, client, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("DEBUG")
    client.post(
        "/submit/exit-en",
        data={**VOLUNTARY, "stay": "secret-answer-text"},
        environ_base={"REMOTE_ADDR": "192.0.2.99"},
        headers={"User-Agent": "AgentSmith"},
    )
    text = caplog.text
    assert (
        "192.0.2.99" not in text and "AgentSmith" not in text and "secret-answer-text" not in text
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"COLLECTOR_DATE_PRECISION": "day"},
            "COLLECTOR_DATE_PRECISION must be one of month, quarter, year",
        ),
        (
            {"COLLECTOR_RATE_LIMIT": "lots"},
            "COLLECTOR_RATE_LIMIT must be a whole number from 1 to 10000, not 'lots'",
        ),
        ({"COLLECTOR_RATE_LIMIT": "0"}, "COLLECTOR_RATE_LIMIT must be between 1 and 10000, not 0"),
        ({"COLLECTOR_RATE_WINDOW": "1h"}, "COLLECTOR_RATE_WINDOW must be a whole number from 1 "),
        ({"COLLECTOR_MAX_REQUEST_BYTES": "10"}, "COLLECTOR_MAX_REQUEST_BYTES must be between 1024"),
        ({"COLLECTOR_TRUSTED_PROXIES": "-1"}, "COLLECTOR_TRUSTED_PROXIES must be between 0 and 5"),
        ({"COLLECTOR_RETENTION_MONTHS": "2y"}, "COLLECTOR_RETENTION_MONTHS must be a whole number"),
        (
            {"COLLECTOR_ADMIN_SESSION_MINUTES": "forever"},
            "COLLECTOR_ADMIN_SESSION_MINUTES must be a whole number from 5 to 720, not 'forever'",
        ),
        (
            {"COLLECTOR_REPORT_MIN_GROUP": "4"},
            r"COLLECTOR_REPORT_MIN_GROUP must be at least 5 \(smaller groups identify people, "
            r"and leavers are told no group of fewer than 5 is shown\)",
        ),
        (
            {"COLLECTOR_REPORT_MIN_TEXT_GROUP": "ten"},
            "COLLECTOR_REPORT_MIN_TEXT_GROUP must be a whole number of at least 5, not 'ten'",
        ),
        ({"COLLECTOR_ALLOWED_ORIGINS": "pages.example"}, "'pages.example' is not an origin"),
        (
            {"COLLECTOR_SITE_URL": "not-a-url"},
            "COLLECTOR_SITE_URL: 'not-a-url' is not a web address: it does not start with "
            "https:// or http://",
        ),
        ({"COLLECTOR_SITE_URL": "https://x.example/?a=1"}, "COLLECTOR_SITE_URL: "),
        ({"COLLECTOR_TEMPLATES_DIR": "/no/such/folder"}, "'/no/such/folder' is not a folder"),
        ({"COLLECTOR_DATA_DIR": __file__}, "COLLECTOR_DATA_DIR: .* exists and is not a folder"),
        ({"COLLECTOR_OUTPUT_DIR": __file__}, "COLLECTOR_OUTPUT_DIR: .* exists and is not a folder"),
        (
            {"COLLECTOR_SECRET_KEY": "short"},
            "COLLECTOR_SECRET_KEY must be a random text of at least",
        ),
    ],
)
def test_bad_settings_are_explained(env: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config(env)


def test_every_bad_setting_is_reported_at_once() -> None:
    env = {
        "COLLECTOR_RATE_LIMIT": "lots",
        "COLLECTOR_SITE_URL": "nope",
        "COLLECTOR_DATE_PRECISION": "day",
    }
    with pytest.raises(ConfigError) as caught:
        load_config(env)
    assert [p.split()[0].rstrip(":") for p in caught.value.problems] == [
        "COLLECTOR_DATE_PRECISION",
        "COLLECTOR_SITE_URL",
        "COLLECTOR_RATE_LIMIT",
    ]


def test_good_settings_are_taken() -> None:
    config = load_config(
        {
            "COLLECTOR_SITE_URL": "https://pages.example/exit/",
            "COLLECTOR_ADMIN_SESSION_MINUTES": "60",
            "COLLECTOR_REPORT_MIN_GROUP": "7",
        }
    )
    assert config["SITE_URL"] == "https://pages.example/exit"
    assert config["ADMIN_SESSION_MINUTES"] == 60 and config["REPORT_MIN_GROUP"] == 7


def test_defaults_work_from_the_repo_root() -> None:
    config = load_config({})
    assert config["OUTPUT_DIR"] == Path("output")
    assert config["DATA_DIR"] == Path("data")
    assert config["DATE_PRECISION"] == "month"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "RATE_LIMIT",
            "lots",
            "COLLECTOR_RATE_LIMIT must be a whole number from 1 to 10000, not 'lots'",
        ),
        # These three were checked outside create_app's check, and gave a traceback.
        (
            "ADMIN_SESSION_MINUTES",
            "0",
            "COLLECTOR_ADMIN_SESSION_MINUTES must be between 5 and 720, not 0",
        ),
        ("REPORT_MIN_GROUP", "3", "COLLECTOR_REPORT_MIN_GROUP must be at least 5 (smaller"),
        ("REPORT_MIN_TEXT_GROUP", "x", "COLLECTOR_REPORT_MIN_TEXT_GROUP must be a whole number"),
        (
            "DATA_DIR",
            "/proc/nonexistent/data",
            "COLLECTOR_DATA_DIR: cannot create '/proc/nonexistent/data' (",
        ),
        ("SITE_URL", "not-a-url", "COLLECTOR_SITE_URL: 'not-a-url' is not a web address"),
    ],
)
def test_bad_setting_stops_start_up_with_one_line(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
    tmp_path: Path,
    name: str,
    value: str,
    message: str,
) -> None:
    monkeypatch.setenv("COLLECTOR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv(f"COLLECTOR_{name}", value)
    with pytest.raises(SystemExit) as stopped:
        create_app()
    assert stopped.value.code == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {message}"), lines


def test_a_missing_output_folder_is_a_warning_at_start(tmp_path: Path, caplog) -> None:
    """Forms are read per request, so a build after start-up works: warn, don't refuse."""
    config = {"TESTING": True, "OUTPUT_DIR": tmp_path / "none", "DATA_DIR": tmp_path / "data"}
    with caplog.at_level("WARNING"):
        app = create_app(config)
    assert "COLLECTOR_OUTPUT_DIR: no built questionnaire in" in caplog.text
    assert "python build.py" in caplog.text
    assert app.test_client().get("/health").status_code == 200


def test_an_unknown_setting_is_a_warning(
    app_config: dict, monkeypatch: pytest.MonkeyPatch, caplog
) -> None:
    monkeypatch.setenv("COLLECTOR_RATELIMIT", "5")
    # build.py's own setting, in an environment file both share: not a typo.
    monkeypatch.setenv("COLLECTOR_PUBLIC_URL", "https://collector.example.com")
    with caplog.at_level("WARNING"):
        create_app(app_config)
    assert "COLLECTOR_RATELIMIT is not a collector setting" in caplog.text
    assert "COLLECTOR_PUBLIC_URL" not in caplog.text


def test_a_site_built_with_another_theme_is_reported_at_start(tmp_path, caplog) -> None:
    """Pages built with another theme than the collector renders its own pages with (the
    form with error messages, the not-sent page): say so at start, don't fail."""
    from collector.builder import build_site

    theme = tmp_path / "theme" / "static"
    theme.mkdir(parents=True)
    (theme / "form.css").write_text("body { color: teal; }", encoding="utf-8")
    output = tmp_path / "output"
    build_site(
        Path(__file__).resolve().parents[1] / "questionnaires", output, template_dirs=[theme.parent]
    )
    config = {"TESTING": True, "OUTPUT_DIR": output, "DATA_DIR": tmp_path / "data"}
    with caplog.at_level("WARNING"):
        create_app(config)
    assert "COLLECTOR_TEMPLATES_DIR" in caplog.text and "index.html" in caplog.text
    caplog.clear()
    with caplog.at_level("WARNING"):
        app = create_app({**config, "TEMPLATE_DIRS": [theme.parent]})
    assert "COLLECTOR_TEMPLATES_DIR" not in caplog.text
    page = app.test_client().get("/exit-en/", buffered=True)
    assert source_hash("body{color:teal}") in page.headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    "accept, encoding",
    [("gzip, deflate, br, zstd", "br"), ("gzip, deflate", "gzip"), ("", None), ("br;q=0", None)],
)
def test_pages_travel_compressed_when_the_browser_accepts_it(client, accept, encoding) -> None:
    import gzip

    import brotli

    plain = client.get("/exit-en/", buffered=True, headers={"Accept-Encoding": "identity"})
    response = client.get("/exit-en/", buffered=True, headers={"Accept-Encoding": accept})
    assert response.status_code == 200
    assert response.headers.get("Content-Encoding") == encoding
    assert response.mimetype == "text/html" and "Accept-Encoding" in response.headers["Vary"]
    body = response.data
    if encoding == "br":
        body = brotli.decompress(body)
    elif encoding == "gzip":
        body = gzip.decompress(body)
    assert body == plain.data
    if encoding:
        assert len(response.data) * 3 < len(plain.data)


@pytest.mark.parametrize(
    ("content_type", "body"),
    [("application/json", '{"departure": "voluntary"}'), ("text/plain", "departure=voluntary")],
)
def test_a_post_that_is_not_a_form_is_refused_not_stored_empty(
    app, client, content_type: str, body: str
) -> None:
    response = client.post("/submit/exit-en", data=body, content_type=content_type)
    assert response.status_code == 415
    assert stored(app) == []


def test_a_full_disk_refuses_the_post_with_one_log_line(app, client, caplog, monkeypatch) -> None:
    """Nothing is acknowledged that was not stored, the leaver gets the page that says to
    send again later, and the log gets one line, not a traceback, and not one line per
    post: with systemd's time on each, those lines were the times leavers tried (the
    forensic audit), and the questionnaire named beside each told their language."""
    import errno

    from collector import submit

    def full(fd: int) -> None:  # the store's own write path fails, as on a full disk
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fdatasync", full)
    monkeypatch.setattr(submit, "_disk_logged_at", None)
    with caplog.at_level("ERROR"):
        response = client.post("/submit/exit-en", data=VOLUNTARY)
        for _ in range(3):
            assert client.post("/submit/exit-nl", data=VOLUNTARY).status_code == 500
    monkeypatch.undo()
    assert response.status_code == 500
    assert "Wait a few minutes" in response.get_data(as_text=True)
    assert caplog.messages == [
        "could not store answers: No space left on device (logged at most every 5 minutes)"
    ]
    assert stored(app) == []


def test_another_users_old_boot_marker_is_left_alone(tmp_path: Path, monkeypatch) -> None:
    """A marker root left behind cannot be deleted by the service user: starting must go
    on (and end in the one-line error) instead of a PermissionError traceback."""
    from collector import startup

    (tmp_path / f"{startup.MARKER}999999999-1").touch()  # a master that has ended

    def refuse(self, missing_ok=False):
        raise PermissionError(1, "Operation not permitted", str(self))

    monkeypatch.setattr(Path, "unlink", refuse)
    startup._forget_old_claims(tmp_path)  # no exception
    assert (tmp_path / f"{startup.MARKER}999999999-1").exists()


# -- coarse dates: quarter and year precision -----------------------------------------------


def test_a_quarter_or_a_year_is_filed_under_its_last_month() -> None:
    from collector.submit import coarse_date

    assert coarse_date("quarter", dt.date(2026, 10, 1)) == ("2026-Q4", "2026-12")
    assert coarse_date("quarter", dt.date(2026, 12, 31)) == ("2026-Q4", "2026-12")
    assert coarse_date("quarter", dt.date(2027, 2, 3)) == ("2027-Q1", "2027-03")
    assert coarse_date("year", dt.date(2026, 1, 1)) == ("2026", "2026-12")
    assert coarse_date("month", dt.date(2026, 11, 21)) == ("2026-11", "2026-11")


@pytest.fixture
def coarse_app(built_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """make(precision, day): a collector (a fresh worker each call) whose clock reads
    ``day``, storing in one data folder."""
    import calendar

    from collector import store_months, submit
    from collector.store_format import closed_before

    real_coarse_date = submit.coarse_date

    def make(precision: str, day: dt.date):
        now = calendar.timegm(day.timetuple()) + 12 * 3600
        monkeypatch.setattr(submit, "coarse_date", lambda p: real_coarse_date(p, day))
        monkeypatch.setattr(store_months, "closed_before", lambda: closed_before(now))
        return create_app(
            {
                "TESTING": True,
                "OUTPUT_DIR": built_site,
                "DATA_DIR": tmp_path / "data",
                "RATE_LIMIT": 1000,
                "DATE_PRECISION": precision,
            }
        )

    return make


def post_once(app, submission: str) -> None:
    data = {**VOLUNTARY, "_version": version(app), "_submission": submission}
    assert app.test_client().post("/submit/exit-en", data=data).status_code == 303


@pytest.mark.parametrize(
    ("precision", "first", "retry"),
    [
        # The audit: a worker start in the quarter's second month shuffled the quarter's
        # file as if it had closed, dropping its retry keys; the retry was stored twice.
        ("quarter", dt.date(2026, 10, 2), dt.date(2026, 11, 10)),
        ("quarter", dt.date(2026, 12, 31), dt.date(2027, 1, 1)),  # across the quarter's end
        ("year", dt.date(2026, 3, 2), dt.date(2026, 9, 1)),
        ("year", dt.date(2026, 12, 31), dt.date(2027, 1, 1)),
        ("month", dt.date(2026, 11, 30), dt.date(2026, 12, 1)),
    ],
)
def test_a_retry_is_stored_once_whatever_the_date_precision(
    coarse_app, precision: str, first: dt.date, retry: dt.date
) -> None:
    post_once(coarse_app(precision, first), "7d0c9a52-3b1e-4f6a-9c2d-5e8f1a2b3c4d")
    app = coarse_app(precision, retry)  # a restarted worker, days or months later
    post_once(app, "7d0c9a52-3b1e-4f6a-9c2d-5e8f1a2b3c4d")
    assert len(stored(app)) == 1


def test_a_quarters_answers_are_not_purged_before_the_quarter_is_old(coarse_app) -> None:
    """The audit: quarter precision with one month's retention deleted answers of
    December 15 the same day, since the quarter was filed under October."""
    app = coarse_app("quarter", dt.date(2026, 12, 15))
    for n in range(3):
        post_once(app, f"0a1b2c3d-0000-4000-8000-00000000000{n}")
    store = app.extensions["exit_survey"].store
    assert store.purge(None, "2026-11") == 0  # one month's retention on December 15
    assert len(stored(app)) == 3
    assert store.purge(None, "2027-01") == 3  # January 2027: the whole quarter is over


def test_a_closed_questionnaire_says_so_in_its_language(app, client, built_site: Path) -> None:
    """HR stopped building exit-nl while a leaver had it open: sending again can never work,
    so the page says the questionnaire is closed (in Dutch), not "check your connection"."""
    opened = version(app, "exit-nl")  # the collector has seen it
    form_json = built_site / "exit-nl" / "form.json"
    removed = form_json.with_name("form.json.removed")
    form_json.rename(removed)
    try:
        response = client.post(
            "/submit/exit-nl", data={"departure": "voluntary", "_version": opened}
        )
        assert response.status_code == 410
        page = response.get_data(as_text=True)
        assert '<html lang="nl"' in page and 'class="errsum"' in page
        assert "Deze vragenlijst is gesloten" in page
        assert "terugknop" not in page  # no "go back and send them again"
        assert stored(app) == []
        assert client.post("/submit/never-built", data=VOLUNTARY).status_code == 404
    finally:
        removed.rename(form_json)


def test_an_error_outside_a_questionnaire_speaks_the_browsers_language(client) -> None:
    dutch = client.get("/no-such-page/", headers={"Accept-Language": "nl-NL,nl;q=0.9,en;q=0.5"})
    assert dutch.status_code == 404
    page = dutch.get_data(as_text=True)
    assert "<html lang=nl>" in page and "Op dit adres staat geen pagina" in page
    english = client.get("/no-such-page/", headers={"Accept-Language": "de, en;q=0.5"})
    assert "<html lang=en>" in english.get_data(as_text=True)


def test_an_ipv6_client_counts_as_its_slash_64(built_site: Path, tmp_path: Path) -> None:
    """One home or phone gets a whole /64 and may rotate through it: every address in it
    shares one count, while a neighbouring /64 has its own."""
    app = create_app(
        {"TESTING": True, "OUTPUT_DIR": built_site, "DATA_DIR": tmp_path / "d", "RATE_LIMIT": 3}
    )
    client = app.test_client()
    codes = [
        client.post(
            "/submit/exit-en",
            data={**VOLUNTARY, "closing": f"answer {n}"},
            environ_base={"REMOTE_ADDR": f"2001:db8::{n + 1:x}"},
        ).status_code
        for n in range(4)
    ]
    assert codes == [303, 303, 303, 429]
    neighbour = client.post(
        "/submit/exit-en", data=VOLUNTARY, environ_base={"REMOTE_ADDR": "2001:db8:0:1::1"}
    )
    assert neighbour.status_code == 303


def test_allowed_origins_are_compared_as_browsers_send_them(monkeypatch) -> None:
    monkeypatch.setenv("COLLECTOR_ALLOWED_ORIGINS", "https://Survey.Example.com/")
    assert load_config()["ALLOWED_ORIGINS"] == ("https://survey.example.com",)


def test_health_says_so_when_answers_cannot_be_stored(app, client) -> None:
    """Monitoring asks /health: "ok" while every post fails would hide an outage."""
    assert client.get("/health").get_json() == {"status": "ok"}
    folder = Path(app.extensions["exit_survey"].store.directory)
    folder.rename(folder.with_name("moved-away"))
    try:
        response = client.get("/health")
        assert response.status_code == 503
        assert response.get_json() == {
            "status": "cannot store answers",
            "reason": "the data folder has lost its responses/ folder (moved or deleted)",
        }
    finally:
        folder.with_name("moved-away").rename(folder)


def test_a_script_posting_to_an_unknown_questionnaire_gets_json(client) -> None:
    response = client.post(
        "/submit/no-such-form", data=VOLUNTARY, headers={"Accept": "application/json"}
    )
    assert response.status_code == 404
    assert response.get_json() == {
        "ok": False,
        "error": "There is no page at this address. Check the link you were given.",
    }


# -- a change of COLLECTOR_DATE_PRECISION (an operator's audit) ---------------------------

PRECISION_SUBMISSION = "5b1f0c3e-8d2a-4c6b-9e7f-0a1b2c3d4e5f"


@pytest.mark.parametrize(
    ("before", "after", "first", "retry"),
    [
        # The audit: a year's file is named for December, so a month's shard in June did
        # not look at it, and a retry across the restart was stored a second time.
        ("year", "month", dt.date(2026, 6, 10), dt.date(2026, 6, 10)),
        ("quarter", "month", dt.date(2026, 11, 10), dt.date(2026, 11, 11)),
        ("year", "quarter", dt.date(2026, 6, 10), dt.date(2026, 6, 11)),
        # The other way round was already right: the earlier shard is looked at.
        ("month", "year", dt.date(2026, 6, 10), dt.date(2026, 6, 10)),
        ("month", "quarter", dt.date(2026, 5, 31), dt.date(2026, 6, 1)),
    ],
)
def test_a_retry_across_a_change_of_precision_is_stored_once(
    coarse_app, before: str, after: str, first: dt.date, retry: dt.date
) -> None:
    post_once(coarse_app(before, first), PRECISION_SUBMISSION)
    app = coarse_app(after, retry)  # restarted with the new setting
    post_once(app, PRECISION_SUBMISSION)
    assert len(stored(app)) == 1


def test_a_change_from_month_to_year_and_back_keeps_every_answer_in_its_period(
    coarse_app,
) -> None:
    """May 2026 by month, then by year from June, then by month again from March 2027: the
    export has every answer with the date it was given, a purge never deletes an answer
    younger than it says, and the year's files go only once the whole year is old."""
    post_once(coarse_app("month", dt.date(2026, 5, 20)), "a" * 32)
    post_once(coarse_app("year", dt.date(2026, 6, 10)), "b" * 32)
    post_once(coarse_app("year", dt.date(2027, 2, 10)), "c" * 32)
    app = coarse_app("month", dt.date(2027, 3, 5))
    post_once(app, "d" * 32)
    store = app.extensions["exit_survey"].store
    assert store.months("exit-en") == ["2026-05", "2026-12", "2027-03", "2027-12"]
    assert sorted(doc["date"] for doc in stored(app)) == ["2026", "2026-05", "2027", "2027-03"]

    result = app.test_cli_runner().invoke(args=["export", "exit-en", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert sorted(row["date"] for row in json.loads(result.stdout)) == [
        "2026",
        "2026-05",
        "2027",
        "2027-03",
    ]
    report = app.test_cli_runner().invoke(args=["report", "exit-en", "--output", "-"])
    assert report.exit_code == 0, report.output

    # June 2027, twelve months kept (June 2026 on): May 2026 goes, the year 2026 stays.
    assert retention_clock.cutoff_month(12, dt.date(2027, 6, 1)) == "2026-06"
    assert store.purge(None, "2026-06") == 1
    assert sorted(doc["date"] for doc in stored(app)) == ["2026", "2027", "2027-03"]
    # January 2027 is kept from: all of 2026 is older; 2027's file stays.
    assert store.purge(None, "2027-01") == 1
    assert sorted(doc["date"] for doc in stored(app)) == ["2027", "2027-03"]


@pytest.mark.parametrize("precision", ["month", "quarter", "year"])
def test_automatic_retention_trusts_a_steady_clock_whatever_the_precision(
    coarse_app, precision: str
) -> None:
    """Two years of a steadily used survey, files with the times they would really have
    (each period's last answer, then its shuffle two days after it closed): retention with
    12 months deletes what is older and keeps every period that is not over a year old."""
    app = coarse_app(precision, dt.date(2026, 6, 1))
    app.config["RETENTION_MONTHS"] = 12
    store = app.extensions["exit_survey"].store
    step = {"month": 1, "quarter": 3, "year": 12}[precision]
    months = [f"{2025 + i // 12}-{i % 12 + 1:02d}" for i in range(step - 1, 24, step)]
    for n, month in enumerate(months):
        store.add("exit-en", {"n": n}, submission_id=f"s{n}", month=month)
        year, number = map(int, month.split("-"))
        closed = calendar.timegm((year + number // 12, number % 12 + 1, 3, 0, 0, 0))
        mtime = min(closed, calendar.timegm((2026, 12, 20, 0, 0, 0)))
        os.utime(store.shard_path("exit-en", month), (mtime, mtime))
    now = calendar.timegm((2026, 12, 20, 12, 0, 0))
    before = retention_clock.cutoff_month(12, retention_clock.utc_date(now))
    shards = retention_clock.list_shards(store)
    assert retention_clock.clock_doubts(shards, 12, now, precision) == []
    expected = sum(1 for month in months if month < before)
    assert retention.apply_retention(app, now) == expected
    assert all(month >= before for month in store.months("exit-en"))
    assert store.months("exit-en")[-1] == months[-1]


def test_storing_an_answer_logs_nothing_at_any_level(app, client, caplog) -> None:
    """The audit: an operator whose logging config takes INFO (a --log-config, journald at
    info, `flask run --debug`) got 'response stored for exit-en' for every answer, with its
    exact time, in the order of the current month's file: the log would date each answer."""
    caplog.set_level(logging.DEBUG)
    data = {**VOLUNTARY, "_version": version(app)}
    assert client.post("/submit/exit-en", data={**data, "_submission": "f" * 32}).status_code == 303
    assert client.post("/submit/exit-en", data={**data, "_submission": "f" * 32}).status_code == 303
    assert client.post("/submit/exit-en", data=data).status_code == 303  # no JavaScript
    assert client.post("/submit/exit-en", data=data).status_code == 303  # pressed twice
    assert len(stored(app)) == 2
    assert [r.getMessage() for r in caplog.records if r.name.startswith("collector")] == []


@pytest.mark.parametrize(
    ("free_blocks", "free_inodes", "healthy"),
    [(0, 1000, False), (3, 1000, False), (1000, 0, False), (1000, 1000, True)],
)
def test_health_says_so_when_the_disk_is_full(
    app, client, monkeypatch, free_blocks: int, free_inodes: int, healthy: bool
) -> None:
    """The audit: on a full disk every post failed with 500 ('short write (disk full?)')
    while /health kept answering ok, so monitoring never told anyone."""
    real = os.statvfs(app.extensions["exit_survey"].store.directory)
    sizes = (4096, 4096, real.f_blocks, free_blocks, free_blocks, 5000, free_inodes, free_inodes)
    full = os.statvfs_result((*sizes, *tuple(real)[8:]))
    monkeypatch.setattr(os, "statvfs", lambda path: full)
    response = client.get("/health")
    if healthy:
        assert (response.status_code, response.get_json()) == (200, {"status": "ok"})
    else:
        assert response.status_code == 503
        assert response.get_json() == {
            "status": "cannot store answers",
            "reason": "the disk is full",
        }
