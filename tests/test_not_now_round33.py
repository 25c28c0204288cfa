"""Round 33: what a leaver is told when the collector cannot take their answers now.

* A page of a build the collector never kept (the pages' site not updated yet, a tab
  opened before HR built again into the collector's folder) posted without JavaScript and
  refused for now (429, a read-only data folder's 503) got the bare not-sent page, and Back
  reloaded the form with its one-line boxes empty. A 422 for the same page sends back the
  current form filled in (its answers would be filed under the current version anyway):
  the 429 and 503 now do the same. Only while the data folder is away does the not-sent
  page stay, with Back: its archive of versions is away too, so a version it kept cannot
  be told from one it never kept.
* "Wait a few minutes" was said for every 429, also when the operator's
  ``COLLECTOR_RATE_WINDOW`` made the wait an hour or a day. The words now say about how
  long, rounded up, as the ``Retry-After`` beside them already did; the page, the form
  filled in and the script's JSON alike, in English, Dutch and a texts file's language.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from questionnaire_helpers import build, without_words
from support.posts import VOLUNTARY, stored, version
from support.third_language import copy_questionnaires, fixture_text

from collector import create_app
from collector.builder import build_site
from collector.state import collector_state
from collector.ui_text import UI_TEXT

EXAMPLES = Path(__file__).resolve().parent.parent / "questionnaires"
ANSWERS = {**VOLUNTARY, "closing": "What I typed on the older page"}
PLAIN = {"Sec-Fetch-Mode": "navigate", "Sec-Fetch-Site": "same-origin"}
SCRIPT = {"Sec-Fetch-Mode": "cors", "Sec-Fetch-Site": "same-origin"}
JSON = {"Accept": "application/json"}


def make_app(site: Path, data: Path, **config):
    return create_app(
        {"TESTING": True, "OUTPUT_DIR": site, "DATA_DIR": data, "RATE_LIMIT": 1000, **config}
    )


def post(client, answers: dict, *, slug: str = "exit-en", headers: dict | None = None):
    return client.post(f"/submit/{slug}", data=answers, headers=headers or PLAIN)


def has_a_form(page: str) -> bool:
    return "<form" in page


@pytest.fixture
def older_build(tmp_path: Path) -> tuple[Path, str]:
    """(the site the collector serves, built from reworded questions; the version of the
    page built before, into another folder: the collector never saw it)."""
    source = tmp_path / "questionnaires"
    shutil.copytree(EXAMPLES, source)
    build_site(source, tmp_path / "pages-site")
    older = json.loads((tmp_path / "pages-site" / "exit-en" / "form.json").read_text("utf-8"))
    for path in source.glob("exit-en*.md"):
        path.write_text(path.read_text("utf-8").replace("years", "yrs"), "utf-8")
    build_site(source, tmp_path / "output")
    return tmp_path / "output", older["version"]


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """``folder`` as on a disk remounted read-only after an error: every write in it fails
    with EROFS (the tests run as root, whom chmod does not stop)."""
    inside = str(folder) + os.sep
    real_open, real_write = os.open, os.write
    writing = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC

    def refuse(path: object) -> None:
        if os.fspath(path).startswith(inside):  # type: ignore[arg-type]
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), os.fspath(path))  # type: ignore[arg-type]

    def fake_open(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        if flags & writing:
            refuse(path)
        return real_open(path, flags, *args, **kwargs)

    def fake_write(fd: int, data: bytes) -> int:
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            target = ""
        refuse(target)
        return real_write(fd, data)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "open", fake_open)
        patch.setattr(os, "write", fake_write)
        yield


# -- a page of a build the collector never kept ----------------------------------------------


def test_a_page_of_a_build_never_kept_refused_as_too_many_comes_back_filled_in(
    older_build: tuple[Path, str], tmp_path: Path
) -> None:
    output, older = older_build
    app = make_app(output, tmp_path / "data", RATE_LIMIT=1)
    client = app.test_client()
    current = version(app)
    assert older != current
    # The same page's answers with one left out: a 422 sends the current form back.
    corrected = post(
        client, {k: v for k, v in ANSWERS.items() if k != "departure"} | {"_version": older}
    )
    assert corrected.status_code == 422
    assert ANSWERS["closing"] in corrected.get_data(as_text=True)
    assert post(client, {**ANSWERS, "closing": "first"}).status_code == 303
    refused = post(client, {**ANSWERS, "_version": older})
    assert refused.status_code == 429
    page = refused.get_data(as_text=True)
    assert has_a_form(page)  # was the bare not-sent page
    assert ANSWERS["closing"] in page and 'value="Commute"' in page  # the one-line box too
    assert f'name="_version" value="{current}"' in page  # as the 422 sends it back
    assert UI_TEXT["en"]["not_sent_429"] in page
    assert UI_TEXT["en"]["not_sent_back"] not in page  # no Back: the answers are here
    assert "Retry-After" in refused.headers
    # A choice the current page does not have (the older build had it): filled in, it
    # would come back unticked without a word. The not-sent page and Back, as before.
    gone = post(client, {**ANSWERS, "departure": "sabbatical", "_version": older})
    assert gone.status_code == 429
    assert not has_a_form(gone.get_data(as_text=True))
    assert UI_TEXT["en"]["not_sent_back"].replace("'", "&#39;") in gone.get_data(as_text=True)
    assert [r["answers"]["closing"] for r in stored(app)] == ["first"]
    collector_state(app).store.close()


def test_a_page_of_a_build_never_kept_keeps_its_answers_on_a_read_only_folder_not_one_away(
    older_build: tuple[Path, str], tmp_path: Path
) -> None:
    """A read-only data folder still reads: a version not in its archive was never kept.
    One away (moved, unmounted) has its archive away too, and a version it kept would be
    filled in as the current one and stored as answers to it: the not-sent page and Back
    stay for that one case."""
    output, older = older_build
    data = tmp_path / "data"
    app = make_app(output, data)
    client = app.test_client()
    with read_only(data):
        refused = post(client, {**ANSWERS, "_version": older})
        assert refused.status_code == 503
        page = refused.get_data(as_text=True)
        assert has_a_form(page) and ANSWERS["closing"] in page
        assert UI_TEXT["en"]["not_sent_503"] in page
    data.rename(tmp_path / "away")
    refused = post(client, {**ANSWERS, "_version": older})
    assert refused.status_code == 503
    page = refused.get_data(as_text=True)
    assert not has_a_form(page)
    assert UI_TEXT["en"]["not_sent_back"].replace("'", "&#39;") in page
    (tmp_path / "away").rename(data)
    assert post(client, {**ANSWERS, "_version": older}).status_code == 303
    [record] = stored(app)
    assert record["version"] == version(app)  # filed under the current one, as before
    collector_state(app).store.close()


# -- how long to wait --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("window", "english", "dutch"),
    [
        (3000, "Wait about 50 minutes", "Wacht ongeveer 50 minuten"),
        (5400, "Wait about 90 minutes", "Wacht ongeveer 90 minuten"),
        (7200, "Wait about 2 hours", "Wacht ongeveer 2 uur"),
        (86_400, "Wait about 24 hours", "Wacht ongeveer 24 uur"),
    ],
)
def test_a_long_rate_window_is_said_in_the_words_not_a_few_minutes(
    built_site: Path, tmp_path: Path, window: int, english: str, dutch: str
) -> None:
    app = make_app(built_site, tmp_path / "data", RATE_LIMIT=1, RATE_WINDOW=window)
    client = app.test_client()
    assert post(client, ANSWERS).status_code == 303
    for slug, words, few in (("exit-en", english, "a few minutes"), ("exit-nl", dutch, "paar")):
        replies = {
            "plain": post(client, ANSWERS, slug=slug),
            "script": post(client, ANSWERS, slug=slug, headers=SCRIPT),
            "json": post(client, ANSWERS, slug=slug, headers=JSON),
        }
        for kind, reply in replies.items():
            assert reply.status_code == 429, kind
            said = reply.get_json()["error"] if kind == "json" else reply.get_data(as_text=True)
            assert words in said and few not in said, (slug, kind)
            # Rounded up: a leaver who comes back when told is let in.
            told = int("".join(c for c in words if c.isdigit()))
            unit = 60 if "minut" in words else 3600
            assert told * unit >= int(reply.headers["Retry-After"])
        assert has_a_form(replies["plain"].get_data(as_text=True))
    assert len(stored(app)) == 1
    collector_state(app).store.close()


def test_the_default_window_still_says_a_few_minutes(built_site: Path, tmp_path: Path) -> None:
    """Ten minutes at most: "a few minutes" is true, and the words HR translated stay."""
    app = make_app(built_site, tmp_path / "data", RATE_LIMIT=1, RATE_WINDOW=600)
    client = app.test_client()
    post(client, ANSWERS)
    assert post(client, ANSWERS, headers=JSON).get_json()["error"] == UI_TEXT["en"]["not_sent_429"]
    collector_state(app).store.close()
    # One second longer than ten minutes is no longer "a few".
    app = make_app(built_site, tmp_path / "data2", RATE_LIMIT=1, RATE_WINDOW=601)
    client = app.test_client()
    post(client, ANSWERS)
    said = post(client, ANSWERS, headers=JSON).get_json()["error"]
    assert "Wait about 15 minutes" in said
    collector_state(app).store.close()


def test_a_texts_file_says_the_wait_in_its_language_or_marks_the_english(project: Path) -> None:
    """The round 26 German survey says the hours in German; a texts file from before
    this round builds with a warning, and its page says the wait in English, marked as
    English, rather than "einige Minuten" for two hours."""
    copy_questionnaires(project / "questionnaires")
    code, output = build()
    assert code == 0, output
    app = make_app(project / "output", project / "data", RATE_LIMIT=1, RATE_WINDOW=7200)
    client = app.test_client()
    assert collector_state(app).limiter.allow("127.0.0.1")  # another leaver here sent theirs
    reply = post(client, {"departure": "dismissed"}, slug="austritt-de", headers=JSON)
    assert reply.status_code == 429
    assert "Warten Sie etwa 2 Stunden" in reply.get_json()["error"]
    collector_state(app).store.close()

    names = ("not_sent_429_minutes", "not_sent_429_hours")
    texts = without_words(fixture_text("texts-de.yml"), names)
    copy_questionnaires(project / "questionnaires", texts={"texts-de.yml": texts})
    code, output = build()
    assert code == 0, output
    assert "lacks the texts 'not_sent_429_minutes', 'not_sent_429_hours'" in output, output
    shutil.rmtree(project / "data")
    app = make_app(project / "output", project / "data", RATE_LIMIT=1, RATE_WINDOW=7200)
    client = app.test_client()
    assert collector_state(app).limiter.allow("127.0.0.1")
    reply = post(client, {"departure": "dismissed"}, slug="austritt-de", headers=SCRIPT)
    assert reply.status_code == 429
    english = UI_TEXT["en"]["not_sent_429_hours"].format(n=2)
    assert f'<p lang="en">{english}</p>' in reply.get_data(as_text=True)
    collector_state(app).store.close()
