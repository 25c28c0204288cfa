"""Round 13, the leaver on a bad network: a post cut off on the way is not a changed
questionnaire. Both are 400s; only the second cannot be sent again.

(The browser tests of the round are tests/browser/test_leaver_round13.py; this file has
another name, as two test modules of one name cannot be collected in one run.)
"""

from __future__ import annotations

import html

import pytest
from support.cut_posts import BODY, FORM, cut_short
from support.posts import stored, version

#: What a leaver reads: the answers did not arrive whole, send them again; and, for a
#: changed questionnaire only, that it changed and where its new version is.
WORDS = {
    "en": {
        "unreadable": ("did not arrive whole", "Send them again"),
        "back": "Go back to the questionnaire with your browser's Back button",
        "changed": ("has changed since you opened it", "Open the new version"),
    },
    "nl": {
        "unreadable": ("niet volledig aan", "Verstuur ze opnieuw"),
        "back": "Ga terug naar de vragenlijst met de terugknop van je browser",
        "changed": ("is veranderd sinds je hem opende", "Open de nieuwe versie"),
    },
}


def says(response) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_a_post_cut_off_on_the_way_says_send_it_again(app, client, lang) -> None:
    """The page said "This questionnaire has changed since you opened it ... Sending them
    again will not work", with a link to a "new version": for a post the connection cut."""
    slug, words = f"exit-{lang}", WORDS[lang]
    body = BODY + b"I+would+have+stayed+if"
    response = client.post(f"/submit/{slug}", **cut_short(body, len(body) + 40))
    page = says(response)
    assert response.status_code == 400
    assert all(w in page for w in words["unreadable"]), page
    assert words["back"] in page  # without JavaScript: Back to the answers, then send again
    assert not any(w in page for w in words["changed"]), page
    assert stored(app) == []
    # Answers that no longer fit the questionnaire keep their words and the link.
    changed = {"_version": version(app, slug), "departure": "voluntary", "no_such_question": "1"}
    response = client.post(f"/submit/{slug}", data=changed)
    page = says(response)
    assert response.status_code == 400
    assert all(w in page for w in words["changed"]), page
    assert not any(w in page for w in words["unreadable"]), page


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"departure=voluntary&closing=caf\xe9", FORM),  # not UTF-8
        (b"departure=voluntary", "multipart/form-data"),  # no boundary
    ],
    ids=["not-utf-8", "multipart-without-boundary"],
)
def test_a_post_that_cannot_be_decoded_says_send_it_again(client, body, content_type) -> None:
    response = client.post("/submit/exit-nl", data=body, content_type=content_type)
    page = says(response)
    assert response.status_code == 400
    assert all(w in page for w in WORDS["nl"]["unreadable"]), page
    assert not any(w in page for w in WORDS["nl"]["changed"]), page


def test_a_script_asking_for_json_gets_the_same_reason(client) -> None:
    body = BODY + b"cut"
    response = client.post(
        "/submit/exit-en", headers={"Accept": "application/json"}, **cut_short(body, 99)
    )
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert all(w in error for w in WORDS["en"]["unreadable"]), error
