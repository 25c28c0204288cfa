"""Odd real clients against the collector: bodies cut short or undecodable, a post's
address opened as a page, and what caches may keep."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from support.cut_posts import BODY, FORM, cut_short
from support.gunicorn import free_port, start_gunicorn, stop
from support.posts import stored, version

from collector.store import ResponseStore


def test_a_body_shorter_than_its_content_length_is_refused_and_not_stored(app, client):
    body = BODY + b"I+would+have+stayed+if+my+manager+had"
    response = client.post("/submit/exit-en", **cut_short(body, len(body) + 40))
    assert response.status_code == 400
    assert stored(app) == []
    # The script sends the whole post again with the same id: now it is stored, whole.
    whole = body + b"+listened"
    response = client.post("/submit/exit-en", **cut_short(whole, len(whole)))
    assert response.status_code == 303
    [record] = stored(app)
    assert record["answers"]["closing"] == "I would have stayed if my manager had listened"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"departure=voluntary&reasons=pay&closing=caf\xe9", FORM),  # Latin-1, not UTF-8
        (b"departure=voluntary", "multipart/form-data"),  # no boundary
        (
            b'--XX\r\nContent-Disposition: form-data; name="departure"\r\n\r\nvoluntary\r\n'
            b'--XX\r\nContent-Disposition: form-data; name="closing"\r\n\r\ncut off he',
            "multipart/form-data; boundary=XX",
        ),
    ],
    ids=["not-utf-8", "multipart-without-boundary", "multipart-cut-off"],
)
def test_a_body_that_cannot_be_read_is_a_400_not_every_question_unanswered(
    app, client, body, content_type
):
    """werkzeug read these as no fields at all: the 422 said the required questions were
    unanswered, on a page that had lost every answer the leaver gave."""
    response = client.post("/submit/exit-en", data=body, content_type=content_type)
    assert response.status_code == 400
    assert b"Select an answer" not in response.data
    assert stored(app) == []


def test_a_multipart_post_is_still_stored(app, client):
    response = client.post(
        "/submit/exit-en",
        data={"departure": "voluntary", "reasons": "pay", "_version": version(app)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    assert stored(app)[0]["answers"]["departure"] == "voluntary"


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_the_address_of_a_post_opened_as_a_page_leads_to_the_form(client, method):
    """Without JavaScript, answers sent back for correction show at /submit/<slug>: opening
    that address again (history, a restored tab) said there was no page there."""
    response = client.open("/submit/exit-en", method=method)
    assert response.status_code == 303
    assert response.headers["Location"] == "/exit-en/index.html"
    assert client.open("/submit/no-such-form", method=method).status_code == 404


def test_the_address_of_a_closed_questionnaire_s_post_says_it_is_closed(app, client):
    client.get("/exit-en/", buffered=True)  # archived, as when a leaver opened the page
    output = app.config["OUTPUT_DIR"]
    form = output / "exit-en" / "form.json"
    kept = form.read_bytes()
    form.unlink()
    try:
        response = client.get("/submit/exit-en")
    finally:
        form.write_bytes(kept)
    assert response.status_code == 410
    assert b"closed" in response.data


def test_answers_without_a_cache_policy_of_their_own_are_not_cached(client):
    """A proxy that kept /health's "ok", or a 404 from before HR's first build, would go on
    answering it after the disk filled or the form was built."""
    for path in ("/health", "/no-such-form/", "/submit/no-such-form"):
        assert client.get(path).headers["Cache-Control"] == "no-store", path
    page = client.get("/exit-en/", buffered=True)
    assert page.headers["Cache-Control"] == "no-cache, max-age=0"  # revalidated, not refetched


@pytest.mark.slow
def test_under_gunicorn_a_client_that_dies_mid_body_stores_nothing(
    built_site: Path, tmp_path: Path
) -> None:
    """gunicorn ends a body at the connection's end: the part before the cut was stored and
    acknowledged, and the script's complete resend (same id) was then dropped as a repeat."""
    port, data = free_port(), tmp_path / "data"
    server = start_gunicorn(built_site, data, port, workers=1)
    try:
        body = BODY + b"cut+off+mid"
        with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
            conn.sendall(
                b"POST /submit/exit-en HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                + FORM.encode()
                + b"\r\nContent-Length: %d\r\n\r\n" % (len(body) + 30)
                + body
            )
            conn.shutdown(socket.SHUT_WR)  # the client is gone
            reply = conn.recv(200)
    finally:
        errors = stop(server)
    assert reply.startswith(b"HTTP/1.1 400"), reply
    assert list(ResponseStore(data / "responses").responses("exit-en")) == []
    assert "Traceback" not in errors, errors
