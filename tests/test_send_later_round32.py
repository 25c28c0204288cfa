"""Round 32: what a leaver (or a client) is told when the collector cannot take answers now.

* A 429 (too many posts from one connection) says when the connection may post again, in
  ``Retry-After``, as the HR sign-in's 429 does: on the form filled in again, on the page
  for the page's script and on JSON. Read from the rate limit's keyed hashes: nothing
  more kept, nothing logged.
* A 503 (the data folder away or read-only) has words of its own, in English and Dutch,
  where it had "Something went wrong on our side", and ``Retry-After: 60``.
* A post that sends a field twice that its page sends once (two texts for one question,
  two answers to one radio group, two versions) is no form any page makes: refused as a
  whole (400), nothing stored, rather than one of the values kept or asked about.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from questionnaire_helpers import build, without_words
from support.posts import VOLUNTARY, stored, version
from support.third_language import copy_questionnaires, fixture_text

import collector.log_counts
from collector import create_app
from collector.builder import build_site
from collector.state import collector_state
from collector.ui_text import UI_TEXT

EXAMPLES = Path(__file__).resolve().parent.parent / "questionnaires"
ANSWERS = {**VOLUNTARY, "closing": "Thanks for the years"}
SCRIPT = {"Sec-Fetch-Mode": "cors", "Sec-Fetch-Site": "same-origin"}
PLAIN = {"Sec-Fetch-Mode": "navigate", "Sec-Fetch-Site": "same-origin"}
JSON = {"Accept": "application/json"}
WINDOW = 600


def make_app(site: Path, data: Path, **config):
    return create_app(
        {"TESTING": True, "OUTPUT_DIR": site, "DATA_DIR": data, "RATE_LIMIT": 1000, **config}
    )


def post(client, answers, *, slug: str = "exit-en", headers: dict | None = None):
    return client.post(f"/submit/{slug}", data=answers, headers=headers or PLAIN)


def has_a_form(response) -> bool:
    return "<form" in response.get_data(as_text=True)


# -- 429: when to send again ---------------------------------------------------------------


def test_too_many_posts_say_when_the_connection_may_post_again(
    built_site: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    app = make_app(built_site, tmp_path / "data", RATE_LIMIT=1, RATE_WINDOW=WINDOW)
    client = app.test_client()
    assert post(client, ANSWERS).status_code == 303
    limits = tmp_path / "data" / "limits" / "submit"
    kept_before = {p.name: p.read_bytes() for p in limits.iterdir()}
    caplog.clear()
    with caplog.at_level(logging.DEBUG):
        replies = {
            "plain": post(client, ANSWERS),
            "script": post(client, ANSWERS, headers=SCRIPT),
            "json": post(client, ANSWERS, headers=JSON),
        }
    for kind, reply in replies.items():
        assert reply.status_code == 429, kind
        wait = reply.headers.get("Retry-After", "")
        assert wait.isdigit() and 1 <= int(wait) <= WINDOW, (kind, wait)
    assert has_a_form(replies["plain"])  # the form filled in again, as in round 31
    assert replies["json"].get_json() == {"ok": False, "error": UI_TEXT["en"]["not_sent_429"]}
    # Asking how long to wait keeps nothing: the limit's files are as the one post left
    # them (keyed hashes and seconds, no address), and no line is logged or counted.
    assert {p.name: p.read_bytes() for p in limits.iterdir()} == kept_before
    assert b"127.0.0.1" not in b"".join(kept_before.values())
    assert caplog.records == [] and collector.log_counts._counted == {}
    assert len(stored(app)) == 1
    collector_state(app).store.close()


# -- 503: words of its own ------------------------------------------------------------------


def test_while_the_data_folder_is_away_the_leaver_is_told_so_in_english_and_dutch(
    built_site: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    app = make_app(built_site, data)
    client = app.test_client()
    data.rename(tmp_path / "away")
    for language, slug in (("en", "exit-en"), ("nl", "exit-nl")):
        words = UI_TEXT[language]["not_sent_503"]
        answers = {**ANSWERS, "_version": version(app, slug)} if language == "en" else ANSWERS
        for headers in (PLAIN, SCRIPT, JSON):
            reply = post(client, answers, slug=slug, headers=headers)
            assert reply.status_code == 503
            assert reply.headers["Retry-After"] == "60"
            text = reply.get_data(as_text=True)
            if headers is JSON:
                assert reply.get_json() == {"ok": False, "error": words}
            else:
                assert words.replace("'", "&#39;") in text, (language, headers)
                assert UI_TEXT[language]["not_sent_500"] not in text
    english = UI_TEXT["en"]["not_sent_503"]
    # Not "still in the form": the not-sent page has none (round 33's review).
    for said in ("right now", "nothing was stored", "again later"):
        assert said in english
    (tmp_path / "away").rename(data)
    assert post(client, ANSWERS).status_code == 303
    collector_state(app).store.close()


def test_a_texts_file_without_the_503_words_builds_with_a_warning_and_falls_back(
    project: Path,
) -> None:
    """A translated survey from before this round: the build says what to add and the
    page shows the English words there, marked English (as for every page word a release
    adds); a form.json built before the word existed keeps its translated 500 words."""
    texts = without_words(fixture_text("texts-de.yml"), ("not_sent_503",))
    copy_questionnaires(project / "questionnaires", texts={"texts-de.yml": texts})
    code, output = build()
    assert code == 0, output
    assert "texts-de.yml:2: warning: 'page' lacks the text 'not_sent_503'" in output, output
    app = make_app(project / "output", project / "data")
    client = app.test_client()
    german = collector_state(app).forms.current("austritt-de")
    (project / "data").rename(project / "away")
    reply = post(client, {"departure": "dismissed"}, slug="austritt-de", headers=SCRIPT)
    assert reply.status_code == 503
    assert f'<p lang="en">{UI_TEXT["en"]["not_sent_503"]}</p>' in reply.get_data(as_text=True)
    del german.texts["page"]["not_sent_503"]  # as read from a form.json built before
    reply = post(client, {"departure": "dismissed"}, slug="austritt-de", headers=JSON)
    assert reply.get_json()["error"] == german.texts["page"]["not_sent_500"]
    assert german.texts["page"]["not_sent_500"].startswith("Bei uns")


# -- a field sent twice --------------------------------------------------------------------


@pytest.fixture(scope="module")
def with_prefer_not_on_a_text(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples, with "prefer not to say" beside the last (long text) question: its
    page sends the text box and, ticked, the tick box under one name."""
    root = tmp_path_factory.mktemp("pnts")
    shutil.copytree(EXAMPLES, root / "questionnaires")
    for path in (root / "questionnaires").glob("*.md"):
        text = path.read_text("utf-8")
        path.write_text(
            text.replace("- max length: 2000", "- max length: 2000\n- prefer not to say: yes"),
            "utf-8",
        )
    build_site(root / "questionnaires", root / "output")
    return root / "output"


TWICE = [
    {"closing": ["Thanks", "Goodbye"]},  # two texts for one text question
    {"closing": ["Thanks", ""]},
    {"departure": ["voluntary", "dismissed"]},  # one radio group, two answers
    {"departure": ["voluntary", "voluntary"]},
    {"reasons__other": ["Commute", "Parking"]},  # an "other" box twice
    {"recommend": ["8", "9"]},
    {"_submission": ["a" * 32, "b" * 32]},
    {"_version": ["VERSION", "0123456789ab"]},
]


@pytest.mark.parametrize("twice", TWICE)
def test_a_field_its_page_sends_once_sent_twice_is_refused_as_a_whole(
    with_prefer_not_on_a_text: Path,
    tmp_path: Path,
    twice: dict,
    caplog: pytest.LogCaptureFixture,
) -> None:
    app = make_app(with_prefer_not_on_a_text, tmp_path / "data")
    client = app.test_client()
    current = version(app)
    twice = {k: [current if v == "VERSION" else v for v in vs] for k, vs in twice.items()}
    answers = {**ANSWERS, "_version": current, **twice}
    words = UI_TEXT["en"]["not_sent_415"]  # "not sent as a form": a post no page makes
    caplog.clear()
    with caplog.at_level(logging.DEBUG):
        as_json = post(client, answers, headers=JSON)
        plain = post(client, answers)
    assert as_json.status_code == 400
    assert as_json.get_json() == {"ok": False, "error": words}
    assert plain.status_code == 400 and not has_a_form(plain)
    assert words.replace("'", "&#39;") in plain.get_data(as_text=True)
    assert stored(app) == []
    # Nothing of it in the log, now or at the next ten-minute mark.
    assert caplog.records == [] and collector.log_counts._counted == {}
    # What a page does send more than once still goes in.
    legit = [
        {"reasons": ["pay", "growth", "other"]},  # a multiple choice
        {"closing": ["", "prefer_not_to_say"]},  # the text box empty, its tick box ticked
        # The words typed in the box, too (other answers: the same ones from the same
        # sender within a minute count once).
        {"closing": ["prefer_not_to_say", "prefer_not_to_say"], "stay": "More pay"},
    ]
    for fields in legit:
        assert post(client, {**ANSWERS, "_version": current, **fields}).status_code == 303
    asked = post(client, {**ANSWERS, "closing": ["Thanks", "prefer_not_to_say"]}, headers=JSON)
    assert asked.status_code == 422  # both a text and the tick: asked about, as before
    answers = [r["answers"] for r in stored(app)]  # not kept in the order sent
    closings = sorted(a["closing"] for a in answers)
    assert closings == [ANSWERS["closing"], "prefer_not_to_say", "prefer_not_to_say"]
    assert ["pay", "growth", "other"] in [a["reasons"] for a in answers]
    collector_state(app).store.close()


def test_validation_names_the_fields_sent_twice_and_never_their_values(
    built_site: Path, tmp_path: Path
) -> None:
    from collector.validation import RepeatedFields, validate

    app = make_app(built_site, tmp_path / "data")
    form = collector_state(app).forms.current("exit-en")
    with pytest.raises(RepeatedFields) as refused:
        validate(form, {"departure": ["voluntary"], "closing": ["secret one", "secret two"]})
    assert refused.value.fields == ("closing",)
    assert "secret" not in str(refused.value)
    collector_state(app).store.close()


def test_a_post_with_a_field_twice_refused_as_too_many_is_not_filled_in(
    built_site: Path, tmp_path: Path
) -> None:
    """Filled in again after a 429, the form would show one of the two texts as the
    leaver's answer: the not-sent page instead, and Back."""
    app = make_app(built_site, tmp_path / "data", RATE_LIMIT=1)
    client = app.test_client()
    assert post(client, ANSWERS).status_code == 303
    refused = post(client, {**ANSWERS, "closing": ["Thanks", "Goodbye"]})
    assert refused.status_code == 429
    assert not has_a_form(refused)
    assert UI_TEXT["en"]["not_sent_429"] in refused.get_data(as_text=True)
    collector_state(app).store.close()
