"""Round 18: HR removes an answer, or a whole response, from the HR area (/admin/remove).

HR staff have no shell on the server: the page does what ``flask redact`` and
``flask delete-response`` do, through the same store functions, with a check page in
between that shows what goes. These tests use it as HR does (sign in, export, paste the
ID, check, confirm, export again) and as an attacker would (no token, a foreign origin,
skipping the check page, a GET).
"""

from __future__ import annotations

import csv
import io
import logging
import re
import uuid
from html import escape
from pathlib import Path

import pytest
from support.hr_area import PASSWORD, hidden_fields, login, set_password, submit, token

from collector import store_redact
from collector.store import StoreError

WORDS = "My manager Jan de Vries bullied me. I'm the only Finance analyst who left in March."
ANSWERS = {
    "departure": "voluntary",
    "reasons": ["pay", "other"],
    "reasons__other": "Jan's team",
    "closing": WORDS,
}


@pytest.fixture
def hr(app):
    """The app with a password set and three leavers' answers; the first one names Jan."""
    assert set_password(app).exit_code == 0
    leaver = app.test_client()
    submit(app, leaver, "exit-en", ANSWERS)
    submit(app, leaver, "exit-en", {"departure": "dismissed", "closing": "fine, thanks"})
    submit(app, leaver, "exit-nl", {"departure": "voluntary", "stay": "Meer thuiswerken"})
    return app


def signed_in(app, language: str = "en"):
    browser = app.test_client()
    browser.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    assert login(browser).status_code == 303
    return browser


def rows(browser, slug: str = "exit-en") -> dict[str, dict[str, str]]:
    """The export HR downloads, by response ID."""
    response = browser.get(f"/admin/download/{slug}/csv")
    assert response.status_code == 200
    return {r["response_id"]: r for r in csv.DictReader(io.StringIO(response.get_data(True)))}


def named(browser) -> str:
    """The response ID of the answer that names Jan, copied from the export."""
    return next(i for i, r in rows(browser).items() if "Jan de Vries" in r["closing"])


def text(response) -> str:
    return response.get_data(as_text=True)


def ask(browser, response_id: str, question_id: str = "", **more: str):
    """Fill in the form and press Continue."""
    page = text(browser.get("/admin/remove"))
    fields = {"csrf_token": token(page), "step": "check", **more}
    fields.update(response_id=response_id, question_id=question_id)
    return browser.post("/admin/remove", data=fields)


def confirm(browser, check_page: str):
    """Press the red button on the check page."""
    return browser.post("/admin/remove", data={**hidden_fields(check_page), "step": "remove"})


def raw(data: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(data.rglob("*")) if p.is_file())


# -- as HR uses it ------------------------------------------------------------------------


def test_the_start_page_leads_to_the_removal_page(hr):
    browser = signed_in(hr)
    start = text(browser.get("/admin/"))
    assert '<h2 id="removal">Remove an answer</h2>' in start
    assert '<a href="/admin/remove">Remove an answer or a whole response</a>' in start
    page = browser.get("/admin/remove")
    assert page.status_code == 200
    assert "<title>Remove an answer – Exit survey HR area</title>" in text(page)
    dutch = text(signed_in(hr, "nl").get("/admin/"))
    assert ">Een antwoord of een hele reactie verwijderen</a>" in dutch


def test_blank_one_answer_from_the_hr_area(hr, caplog, tmp_path):
    browser = signed_in(hr)
    bad = named(browser)
    # Pasted from a spreadsheet: quotes, spaces, capitals; the column name capitalised too.
    check = ask(browser, f' "{bad.upper()}"\t', " Closing ")
    assert check.status_code == 200
    page = text(check)
    assert "<title>Remove this answer? – Exit survey HR area</title>" in page
    assert f"<code>{bad}</code>" in page and "<dd><code>exit-en</code></dd>" in page
    # The first 40 characters, as the command shows them, and the length of the whole.
    assert "<q><bdi>My manager Jan de Vries bullied me. I&#39;m…</bdi></q> (83 characters)" in page
    assert "left in March" not in page
    assert check.headers["Cache-Control"] == "no-store"
    assert rows(browser)[bad]["closing"] == WORDS  # nothing happens before the confirmation

    with caplog.at_level(logging.INFO):
        done = confirm(browser, page)
    assert done.status_code == 303 and done.headers["Location"] == "/admin/remove"
    shown = text(browser.get("/admin/remove"))
    assert "<h1>The answer is removed</h1>" in shown
    assert f"<code>closing</code> of the response <code>{bad}</code>" in shown
    assert "Exports and reports made before still hold it" in shown
    assert "<h1>Remove an answer</h1>" in text(browser.get("/admin/remove"))  # said once

    after = rows(browser)
    assert after[bad]["closing"] == "removed_by_hr"
    assert after[bad]["reasons__other"] == "Jan's team" and after[bad]["departure"] == "voluntary"
    assert len(after) == 3  # the export holds every language
    assert b"Jan de Vries" not in raw(tmp_path / "data")
    listed = (tmp_path / "data" / "responses" / "exit-en" / "removed-by-hr").read_text()
    assert listed == f"{bad} blanked closing\n"
    # The operator's record, from the store, as for the command: IDs only, never the words.
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert f"HR removal: blanked closing of {bad}" in logged
    assert "Jan" not in logged and "Finance" not in logged


def test_delete_a_whole_response_from_the_hr_area(hr):
    browser = signed_in(hr)
    bad = named(browser)
    page = text(ask(browser, bad))
    assert "<h1>Delete this response?</h1>" in page
    assert "<dt>Answers</dt>\n<dd>4</dd>" in page
    # Its written answers (not the codes), each cut short.
    assert (
        "<dt><code>closing</code></dt>" in page and "<dt><code>reasons__other</code></dt>" in page
    )
    assert "<q><bdi>Jan&#39;s team</bdi></q> (10 characters)" in page
    assert "<dt><code>departure</code></dt>" not in page
    assert confirm(browser, page).status_code == 303
    assert "<h1>The response is deleted</h1>" in text(browser.get("/admin/remove"))
    assert bad not in rows(browser) and len(rows(browser)) == 2
    # The same removal as the command's: a second time there is nothing to do.
    again = hr.test_cli_runner().invoke(args=["delete-response", bad])
    assert again.exit_code == 0 and "deleted the response" in again.output


def test_a_deleted_response_sent_again_is_not_stored_again(hr):
    """A leaver's browser that never saw the "thank you" sends the same answers again: the
    tombstone the store leaves makes it the retry it is (same store function as the command)."""
    leaver = hr.test_client()
    version = hr.extensions["exit_survey"].forms.current("exit-en").version
    sent = {
        "departure": "voluntary",
        "closing": "Ask Piet",
        "_version": version,
        "_submission": uuid.uuid4().hex,
    }
    assert leaver.post("/submit/exit-en", data=sent).status_code == 303
    browser = signed_in(hr)
    doc_id = next(i for i, r in rows(browser).items() if r["closing"] == "Ask Piet")
    assert confirm(browser, text(ask(browser, doc_id))).status_code == 303
    assert leaver.post("/submit/exit-en", data=sent).status_code == 303
    assert "Ask Piet" not in {r["closing"] for r in rows(browser).values()}


def test_other_words_alone_and_a_whole_choice_question(hr):
    browser = signed_in(hr)
    bad = named(browser)
    page = text(ask(browser, bad, "reasons__other"))
    assert "<dt><code>reasons__other</code></dt>" in page and "<code>closing</code>" not in page
    assert confirm(browser, page).status_code == 303
    assert rows(browser)[bad]["reasons__other"] == "removed_by_hr"
    assert rows(browser)[bad]["reasons.pay"] == "1"
    page = text(ask(browser, bad, "reasons"))
    assert "<q><bdi>pay, other</bdi></q> (10 characters)" in page  # a list of choices, as written
    assert confirm(browser, page).status_code == 303
    assert rows(browser)[bad]["reasons.pay"] == "removed_by_hr"


def test_change_the_ids_keeps_what_was_typed(hr):
    browser = signed_in(hr)
    bad = named(browser)
    page = text(ask(browser, bad, "closing"))
    back = browser.post("/admin/remove", data={**hidden_fields(page), "step": "change"})
    form = text(back)
    assert "<h1>Remove an answer</h1>" in form
    assert (
        f'name="response_id" value="{bad}"' in form and 'name="question_id" value="closing"' in form
    )
    assert rows(browser)[bad]["closing"] == WORDS


def test_the_page_speaks_dutch_to_a_dutch_browser(hr):
    browser = signed_in(hr, "nl-NL,nl;q=0.9")
    bad = named(browser)
    assert "<h1>Antwoord verwijderen</h1>" in text(browser.get("/admin/remove"))
    wrong = text(ask(browser, "geen id"))
    assert "<title>Fout: Antwoord verwijderen – HR-omgeving vertrekenquête</title>" in wrong
    assert "Een reactie-ID bestaat uit 32 letters en cijfers" in wrong
    page = text(ask(browser, bad, "closing"))
    assert "<h1>Dit antwoord verwijderen?</h1>" in page and "(83 tekens)" in page
    assert '<q lang="en"><bdi>My manager' in page  # the leaver answered in English
    confirm(browser, page)
    assert "<h1>Het antwoord is verwijderd</h1>" in text(browser.get("/admin/remove"))


# -- mistakes HR makes --------------------------------------------------------------------


#: (response ID, question ID, {field: message}); BAD is the ID of a stored response.
BAD = "<the response that names Jan>"
BAD_INPUT = [
    ("", "", {"response_id": "Enter the response ID"}),
    ("  ", "closing", {"response_id": "Enter the response ID"}),
    ("not an id", "", {"response_id": "A response ID is 32 letters and digits"}),
    ("0" * 31, "", {"response_id": "A response ID is 32 letters and digits"}),
    ("0" * 32, "", {"response_id": "No response with this ID is stored"}),
    (BAD, "closing now", {"question_id": "A question ID is the name of a column"}),
    (BAD, "<script>", {"question_id": "A question ID is the name of a column"}),
    (
        BAD,
        "stay",
        {
            "question_id": "This response has no answer to stay. It answered: closing, "
            "departure, reasons, reasons__other"
        },
    ),
    (BAD, "reasons.pay", {"question_id": "reasons.pay is one choice of the question reasons"}),
    (
        "x",
        "a b",
        {
            "response_id": "A response ID is 32 letters and digits",
            "question_id": "A question ID is the name of a column",
        },
    ),
]


@pytest.mark.parametrize(("response_id", "question_id", "expected"), BAD_INPUT)
def test_bad_input_is_said_at_its_field_and_kept(hr, response_id, question_id, expected):
    browser = signed_in(hr)
    if response_id == BAD:
        response_id = named(browser)
    response = ask(browser, response_id, question_id)
    assert response.status_code == 422
    page = text(response)
    assert page.count("<title>Error: Remove an answer") == 1
    assert '<div class="errsum" tabindex="-1" autofocus>' in page
    for field, message in expected.items():
        assert f'<li><a href="#{field}">{message}' in page
        assert f'<p class="err" id="{field}-error"><span class="vh">Error:</span> {message}' in page
        assert re.search(
            rf'id="{field}"[^>]*aria-describedby="{field}-hint {field}-error" aria-invalid="true"',
            page,
        )
    for field in {"response_id", "question_id"} - set(expected):
        assert f"{field}-error" not in page
    assert f'name="response_id" value="{escape(response_id)}"' in page
    assert f'name="question_id" value="{escape(question_id)}"' in page
    after = rows(browser)
    assert len(after) == 3 and WORDS in {r["closing"] for r in after.values()}


def test_what_is_gone_already_is_said_so(hr):
    browser = signed_in(hr)
    bad = named(browser)
    page = text(ask(browser, bad, "closing"))
    assert confirm(browser, page).status_code == 303
    # A second click on the same button, or the same page in another tab.
    second = confirm(browser, page)
    assert second.status_code == 200 and "<h1>Nothing to remove</h1>" in text(second)
    again = ask(browser, bad, "closing")
    assert again.status_code == 422
    assert "The answer to closing was removed already" in text(again)
    confirm(browser, text(ask(browser, bad)))
    gone = text(ask(browser, bad, "reasons"))
    assert "HR deleted this whole response before" in gone


# -- what an attacker tries ---------------------------------------------------------------


def test_the_check_page_cannot_be_skipped(hr):
    """Posting the IDs straight to the removal (with a valid CSRF token, as a script in a
    signed-in tab could) shows the check page; it removes nothing."""
    browser = signed_in(hr)
    bad = named(browser)
    form_token = token(text(browser.get("/admin/remove")))
    fields = {"csrf_token": form_token, "response_id": bad, "step": "remove"}
    page = browser.post("/admin/remove", data=fields)
    assert page.status_code == 200 and "<h1>Delete this response?</h1>" in text(page)
    forged = browser.post("/admin/remove", data={**fields, "confirm": "0" * 64})
    assert "This response changed since you checked it" in text(forged)
    # The button of one check page does not confirm another removal.
    blank = hidden_fields(text(ask(browser, bad, "closing")))
    swapped = browser.post("/admin/remove", data={**blank, "question_id": "", "step": "remove"})
    assert "<h1>Delete this response?</h1>" in text(swapped)
    assert rows(browser)[bad]["closing"] == WORDS


def test_no_token_a_foreign_page_or_a_get_removes_nothing(hr):
    browser = signed_in(hr)
    bad = named(browser)
    page = text(ask(browser, bad))
    fields = {**hidden_fields(page), "step": "remove"}
    without = {k: v for k, v in fields.items() if k != "csrf_token"}
    assert browser.post("/admin/remove", data=without).status_code == 403
    wrong = {**fields, "csrf_token": "forged"}
    assert browser.post("/admin/remove", data=wrong).status_code == 403
    foreign = browser.post("/admin/remove", data=fields, headers={"Origin": "https://evil.example"})
    assert foreign.status_code == 403
    query = "&".join(f"{k}={v}" for k, v in fields.items())
    assert browser.get(f"/admin/remove?{query}").status_code == 200
    assert bad in rows(browser)
    assert confirm(browser, page).status_code == 303  # the page itself still works
    assert bad not in rows(browser)


def test_signed_out_the_page_asks_to_sign_in(hr):
    stranger = hr.test_client()
    assert stranger.get("/admin/remove").headers["Location"] == "/admin/login?next=/admin/remove"
    posted = stranger.post("/admin/remove", data={"response_id": "0" * 32, "step": "remove"})
    assert posted.status_code == 403


def test_the_words_stay_out_of_addresses_the_session_and_caches(hr):
    browser = signed_in(hr)
    bad = named(browser)
    check = ask(browser, bad, "closing")
    assert check.headers["Cache-Control"] == "no-store"
    done = confirm(browser, text(check))
    assert "Jan" not in done.headers["Location"]
    cookie = browser.get_cookie("exit_survey_admin", path="/admin")
    session = hr.session_interface.get_signing_serializer(hr).loads(cookie.value)
    assert session["removal_done"]["id"] == bad and "Jan" not in repr(session)
    shown = browser.get("/admin/remove")
    assert shown.headers["Cache-Control"] == "no-store" and "Jan" not in text(shown)


def test_a_leavers_text_stays_text_on_the_check_page(hr):
    leaver = hr.test_client()
    hostile = '"><img src=x onerror=alert(1)>\x1b[2J\u202eevil<script>alert(2)</script>'
    submit(hr, leaver, "exit-en", {"departure": "voluntary", "closing": hostile})
    browser = signed_in(hr)
    doc_id = next(i for i, r in rows(browser).items() if "onerror" in r["closing"])
    page = text(ask(browser, doc_id, "closing"))
    assert "<img src=x" not in page and "<script>alert" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;[2J evil&lt;s…</bdi></q>" in page
    assert "\x1b" not in page and "\u202e" not in page


def test_a_store_that_fails_removes_nothing_and_says_so(hr, monkeypatch, caplog):
    browser = signed_in(hr)
    bad = named(browser)
    page = text(ask(browser, bad, "closing"))

    def full_disk(*args: object) -> int:
        raise StoreError("cannot rewrite /data/responses/exit-en/2026-01.jsonl: No space left")

    monkeypatch.setattr(store_redact, "remove", full_disk)
    failed = confirm(browser, page)
    assert failed.status_code == 500 and "<h1>Nothing was removed</h1>" in text(failed)
    assert "Jan" not in caplog.text and "No space left" in caplog.text
    monkeypatch.undo()
    assert rows(browser)[bad]["closing"] == WORDS


def test_sign_in_again_then_a_page_from_before_is_expired(hr):
    """The check page's button belongs to its session: after signing in again (a new
    token) the old page cannot remove anything."""
    browser = signed_in(hr)
    bad = named(browser)
    page = text(ask(browser, bad))
    browser.post("/admin/logout", data={"csrf_token": token(page)})
    assert login(browser, PASSWORD).status_code == 303
    assert confirm(browser, page).status_code == 403
    assert bad in rows(browser)


def test_a_response_that_changed_meanwhile_is_shown_again(hr):
    """Between the check and the button, someone else took part of it out (the command,
    another tab): the page shows what goes now, and removes nothing unseen."""
    browser = signed_in(hr)
    bad = named(browser)
    page = text(ask(browser, bad, "reasons"))
    assert "<dt><code>reasons__other</code></dt>" in page
    cli = hr.test_cli_runner().invoke(args=["redact", bad, "reasons__other", "--yes"])
    assert cli.exit_code == 0, cli.output
    again = confirm(browser, page)
    assert again.status_code == 200
    shown = text(again)
    assert "This response changed since you checked it" in shown
    assert "<dt><code>reasons__other</code></dt>" not in shown
    assert rows(browser)[bad]["reasons.pay"] == "1"
    assert confirm(browser, shown).status_code == 303
    assert rows(browser)[bad]["reasons.pay"] == "removed_by_hr"
