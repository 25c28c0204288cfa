"""The HR area as HR staff meet it (ninth round): in Dutch, after a session ended in the
middle of a download, with two tabs, before a password was set, with few responses."""

from __future__ import annotations

import re

import pytest
from support.hr_area import ANSWERS, PASSWORD, hidden_fields, login, set_password, submit, token

DUTCH = {"Accept-Language": "nl-NL,nl;q=0.9,en;q=0.8"}
#: What a browser sends with a post from one of our own pages.
OURS = {"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"}


@pytest.fixture
def hr(app):
    assert set_password(app).exit_code == 0
    return app


def text_of(response) -> str:
    return response.get_data(as_text=True)


# -- a download asked for while signed out -----------------------------------------------------


@pytest.mark.parametrize(
    ("download", "label"),
    [
        ("/admin/download/exit-en/csv-nl", "CSV for Dutch Excel (exit-en)"),
        ("/admin/report/exit-nl/download", "the report as one file (exit-nl)"),
    ],
)
def test_a_download_interrupted_by_sign_in_is_offered_on_the_start_page(
    hr, client, download, label
):
    """The browser would save the file and leave the sign-in page on screen, its form
    stale: the start page opens instead, with the download HR asked for."""
    asked = client.get(download)
    fields = hidden_fields(text_of(client.get(asked.headers["Location"])))
    assert fields["next"] == download
    signed_in = client.post("/admin/login", data={**fields, "password": PASSWORD})
    assert signed_in.status_code == 303 and signed_in.headers["Location"] == "/admin/"
    page = text_of(client.get("/admin/"))
    assert "You are signed in again. Your download did not start" in page
    assert f'<a href="{download}">Download it now: {label}</a>' in page
    assert client.get(download).status_code == 200
    assert "Download it now" not in text_of(client.get("/admin/"))  # offered once


def test_no_link_asks_the_browser_to_save_what_it_gets(hr, client):
    """With a `download` attribute, a link followed after the session ended saved the
    sign-in page as "login.html" and left HR on the old page."""
    for _ in range(5):
        submit(hr, client, "exit-en", ANSWERS)
    login(client)
    for page in ("/admin/", "/admin/report/exit-en"):
        text = text_of(client.get(page))
        assert "/download" in text
        assert not re.search(r"<a\b[^>]*\sdownload[\s=>]", text), page


# -- in Dutch ----------------------------------------------------------------------------------


def test_a_dutch_browser_gets_the_hr_area_in_dutch(hr, client):
    form = client.get("/admin/login", headers=DUTCH)
    page = text_of(form)
    assert '<html lang="nl">' in page and "<h1>Inloggen</h1>" in page
    assert '<label class="lbl" for="password">Wachtwoord</label>' in page
    assert "Accept-Language" in form.headers["Vary"]
    data = {"csrf_token": token(page), "password": "not the password"}
    wrong = text_of(client.post("/admin/login", data=data, headers=DUTCH))
    assert "<title>Fout: Inloggen – HR-omgeving vertrekenquête</title>" in wrong
    assert "Het wachtwoord klopt niet" in wrong
    english = text_of(client.get("/admin/login"))
    assert '<html lang="en">' in english and "<h1>Sign in</h1>" in english


def test_being_locked_out_is_said_in_dutch_with_what_to_do(hr, client):
    page = text_of(client.get("/admin/login", headers=DUTCH))
    data = {"csrf_token": token(page), "password": "not the password"}
    for _ in range(5):
        client.post("/admin/login", data=data, headers=DUTCH)
    locked = client.post("/admin/login", data={**data, "password": PASSWORD}, headers=DUTCH)
    assert locked.status_code == 429
    text = text_of(locked)
    assert "Te vaak geprobeerd in te loggen. Wacht 15 minuten" in text
    assert "Tot dan wordt ook het juiste wachtwoord geweigerd" in text
    assert "kan ze maken met de opdrachten <code>flask --app collector</code>" in text
    english = text_of(client.post("/admin/login", data=data))
    assert "Wait 15 minutes, then try again" in english
    assert "Need the files sooner? Whoever runs the server can make them" in english


def test_the_signed_in_pages_and_the_report_bar_are_dutch_too(hr, client):
    login(client)
    start = text_of(client.get("/admin/", headers=DUTCH))
    assert "<h1>Reacties</h1>" in start and "CSV voor Nederlandse Excel" in start
    assert '<h2 id="survey-exit-en">Vertrekenquête</h2>' in start  # its Dutch title
    assert '<h2 id="survey-exit-en">Exit survey</h2>' in text_of(client.get("/admin/"))
    assert '<button type="submit" class="secondary">Uitloggen</button>' in start
    report = text_of(client.get("/admin/report/exit-nl", headers=DUTCH))
    assert '<nav class="top admin-bar" aria-label="HR-omgeving" lang="nl">' in report
    assert "Download dit rapport" in report
    ended = hr.test_client()
    assert "Stel eerst" not in text_of(ended.get("/admin/", headers=DUTCH))


def test_without_a_password_the_page_says_what_to_ask_the_operator(client):
    for headers, words in (
        ({}, ["Ask whoever runs the server", "Run it as the user the collector runs as"]),
        (DUTCH, ["Vraag wie de server beheert", "Voer hem uit als de gebruiker"]),
    ):
        page = text_of(client.get("/admin/", headers=headers))
        for word in words:
            assert word in page
        assert "<code>COLLECTOR_DATA_DIR</code>" in page
        assert "<code>&lt;data dir&gt;/admin-password</code>" in page
        assert "flask --app collector set-password" in page


# -- the start page ----------------------------------------------------------------------------


def test_the_start_page_offers_the_report_in_every_language(hr, client):
    login(client)
    page = text_of(client.get("/admin/"))
    assert '<a href="/admin/report/exit-en">Report for management (<span lang="en">' in page
    assert '<a href="/admin/report/exit-nl">Report for management (<span lang="nl">' in page


def test_the_start_page_says_why_a_report_shows_nothing_yet(hr, client):
    login(client)
    empty = text_of(client.get("/admin/"))
    assert "<dd>0 (none yet)</dd>" in empty
    assert "The report shows results from 5 responses on" in empty
    for _ in range(5):
        submit(hr, client, "exit-nl", ANSWERS)
    full = text_of(client.get("/admin/"))
    assert "<dd>5</dd>" in full and "The report shows results from" not in full


# -- two tabs ----------------------------------------------------------------------------------


def test_sign_out_from_a_tab_of_an_earlier_session_signs_out(hr, client):
    """Tab A and B signed in; the session ended; A signed in again (a new token): "Sign out"
    in B refused with "This form has expired" and left HR signed in."""
    login(client)
    old_tab = text_of(client.get("/admin/"))
    client.delete_cookie("exit_survey_admin", path="/admin")
    login(client)
    response = client.post("/admin/logout", data=hidden_fields(old_tab), headers=OURS)
    assert response.status_code == 303 and "signed_out" in response.headers["Location"]
    assert client.get("/admin/").status_code == 303


def test_signing_in_from_a_stale_tab(hr, client):
    """A sign-in page left open in a second tab: signed in already, it goes on; signed out
    since, it asks for the password again with a token that works."""
    first = text_of(client.get("/admin/login?next=/admin/report/exit-en"))
    login(client)
    again = client.post(
        "/admin/login", data={**hidden_fields(first), "password": PASSWORD}, headers=OURS
    )
    assert again.status_code == 303 and again.headers["Location"] == "/admin/report/exit-en"
    tab = text_of(client.get("/admin/"))
    client.post("/admin/logout", data=hidden_fields(tab), headers=OURS)
    stale = client.post(
        "/admin/login", data={**hidden_fields(first), "password": PASSWORD}, headers=OURS
    )
    assert stale.status_code == 403
    page = text_of(stale)
    assert "This sign-in page was out of date" in page and 'id="password"' in page
    assert hidden_fields(page)["next"] == "/admin/report/exit-en"
    assert client.get("/admin/").status_code == 303  # no password was checked
    ok = client.post("/admin/login", data={**hidden_fields(page), "password": PASSWORD})
    assert ok.status_code == 303 and ok.headers["Location"] == "/admin/report/exit-en"


def test_a_stale_token_from_another_site_is_still_refused(hr, client):
    login(client)
    tab = hidden_fields(text_of(client.get("/admin/")))
    foreign = {"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}
    response = client.post("/admin/logout", data={**tab, "csrf_token": "old"}, headers=foreign)
    assert response.status_code == 403
    assert client.get("/admin/").status_code == 200
