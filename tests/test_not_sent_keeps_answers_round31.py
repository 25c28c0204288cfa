"""Round 31: a post without JavaScript that the collector cannot take now keeps its answers.

Refused with 429 (too many posts from the connection), 503 (the data folder away) or 500
(a full disk), a plain post got the not-sent page, and Back to the form (reloaded where the
browser kept no copy) showed its one-line boxes empty. Now the same status comes with the
form filled in as sent and why at the top, to send again as it is; nothing stored or
counted. The page's script and JSON clients are answered as before, and the not-sent page
stays where there is no form to fill in.
"""

from __future__ import annotations

import errno
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from support.posts import VOLUNTARY, stored, version

from collector import create_app
from collector.builder import build_site
from collector.render import PageRenderer
from collector.state import collector_state
from collector.store import StoreError
from collector.theme_check import collector_theme_problems
from collector.ui_text import UI_TEXT

EXAMPLES = Path(__file__).resolve().parent.parent / "questionnaires"
ANSWERS = {**VOLUNTARY, "closing": "Thanks for the years"}
SCRIPT = {"Sec-Fetch-Mode": "cors", "Sec-Fetch-Site": "same-origin"}
PLAIN = {"Sec-Fetch-Mode": "navigate", "Sec-Fetch-Site": "same-origin"}


class FilledIn(HTMLParser):
    """What a browser shows of a page: each field's value (ticked boxes, a textarea's text,
    a chosen option), the focused block, and whether there is a form at all."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self.forms = 0
        self.autofocus: list[str] = []
        self.title = ""
        self._in: tuple[str, str] | None = None
        self._select = ""
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        name = a.get("name") or ""
        if "autofocus" in a:
            self.autofocus.append(a.get("class") or tag)
        if tag == "form":
            self.forms += 1
        elif tag == "input" and a.get("type") in ("radio", "checkbox"):
            if "checked" in a:
                self.values.setdefault(name, []).append(a.get("value") or "")
        elif tag == "input" and a.get("type") != "submit" and a.get("value"):
            self.values.setdefault(name, []).append(a["value"] or "")
        elif tag == "textarea":
            self._in = ("textarea", name)
        elif tag == "select":
            self._select = name
        elif tag == "option" and "selected" in a and a.get("value"):
            self.values.setdefault(self._select, []).append(a["value"] or "")
        elif tag == "title":
            self._in = ("title", "")

    def handle_data(self, data: str) -> None:
        if self._in and self._in[0] == "textarea" and data.strip():
            self.values.setdefault(self._in[1], []).append(data.strip())
        elif self._in and self._in[0] == "title":
            self.title += data

    def handle_endtag(self, tag: str) -> None:
        if tag in ("textarea", "title"):
            self._in = None


def kept(page: str, answers: dict) -> bool:
    """Whether every one of ``answers`` is filled in on ``page`` as it was sent."""
    shown = FilledIn(page).values
    return all(shown.get(k) == (v if isinstance(v, list) else [v]) for k, v in answers.items())


def make_app(site: Path, data: Path, limit: int = 1000, **config):
    return create_app(
        {"TESTING": True, "OUTPUT_DIR": site, "DATA_DIR": data, "RATE_LIMIT": limit, **config}
    )


def post(client, answers: dict, *, slug: str = "exit-en", headers: dict | None = None, **kw):
    return client.post(f"/submit/{slug}", data=answers, headers=headers or PLAIN, **kw)


@pytest.fixture
def limited(built_site: Path, tmp_path: Path):
    """A collector that takes one post per connection in its window: the second is a 429."""
    app = make_app(built_site, tmp_path / "data", limit=1)
    yield app
    collector_state(app).store.close()


def test_a_plain_post_refused_as_too_many_comes_back_filled_in(limited) -> None:
    client = limited.test_client()
    assert post(client, {**ANSWERS, "closing": "first"}).status_code == 303
    refused = post(client, {**ANSWERS, "_version": version(limited)})
    assert refused.status_code == 429
    assert refused.headers["Cache-Control"] == "no-store"
    page = refused.get_data(as_text=True)
    shown = FilledIn(page)
    assert shown.forms == 1
    assert kept(page, ANSWERS)
    assert shown.values["_version"] == [version(limited)]
    assert "_submission" not in shown.values  # no ID on a page the browser navigated to
    assert shown.autofocus == ["errsum"]
    assert shown.title.startswith("Error: Your answers were not sent – ")
    assert "<h2>Your answers were not sent</h2>" in page
    assert UI_TEXT["en"]["not_sent_429"] in page
    assert UI_TEXT["en"]["not_sent_back"] not in page  # no Back: the answers are here
    # Sent again once the limit allows: the same page posts the same answers.
    assert [r["answers"]["closing"] for r in stored(limited)] == ["first"]


def test_the_dutch_form_comes_back_in_dutch(limited) -> None:
    client = limited.test_client()
    assert post(client, ANSWERS, slug="exit-nl").status_code == 303
    refused = post(client, ANSWERS, slug="exit-nl")
    assert refused.status_code == 429
    page = refused.get_data(as_text=True)
    assert FilledIn(page).values["closing"] == ["Thanks for the years"]
    assert "<h2>Je antwoorden zijn niet verstuurd</h2>" in page
    assert UI_TEXT["nl"]["not_sent_429"] in page
    assert FilledIn(page).title.startswith("Fout: Je antwoorden zijn niet verstuurd – ")


def test_a_post_without_fetch_metadata_counts_as_plain(limited) -> None:
    """Older browsers send no Sec-Fetch-Mode: theirs is a plain post too."""
    client = limited.test_client()
    post(client, ANSWERS, headers={"X-None": "1"})
    refused = post(client, ANSWERS, headers={"X-None": "1"})
    assert refused.status_code == 429 and FilledIn(refused.get_data(as_text=True)).forms == 1


def test_the_script_and_json_clients_are_answered_as_before(limited) -> None:
    client = limited.test_client()
    post(client, ANSWERS)
    scripted = post(client, ANSWERS, headers=SCRIPT)
    assert scripted.status_code == 429
    page = scripted.get_data(as_text=True)
    assert FilledIn(page).forms == 0  # the not-sent page: its block goes above the form
    assert UI_TEXT["en"]["not_sent_429"] in page
    as_json = post(client, ANSWERS, headers={"Accept": "application/json"})
    assert as_json.status_code == 429
    assert as_json.get_json() == {"ok": False, "error": UI_TEXT["en"]["not_sent_429"]}


def test_while_the_data_folder_is_away_the_answers_stay_and_are_stored_once_after(
    built_site: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    app = make_app(built_site, data, limit=2)
    client = app.test_client()
    data.rename(tmp_path / "away")
    for _ in range(3):  # more than the limit: a refusal counts nothing
        refused = post(client, ANSWERS)
        assert refused.status_code == 503
        page = refused.get_data(as_text=True)
        assert kept(page, ANSWERS)
        assert "were not sent" in page and UI_TEXT["en"]["not_sent_503"] in page
    assert not data.exists()  # nothing made in its place
    (tmp_path / "away").rename(data)
    assert post(client, ANSWERS).status_code == 303
    assert [r["answers"] for r in stored(app)] == [
        {**VOLUNTARY, "closing": ANSWERS["closing"], "reasons": ["pay", "other"]}
    ]
    collector_state(app).store.close()


def test_on_a_full_disk_the_answers_stay_and_the_try_is_not_counted(
    built_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(built_site, tmp_path / "data", limit=1)
    client = app.test_client()
    store = collector_state(app).store
    real_add = store.add

    def full(*args, **kwargs):
        raise StoreError("cannot store") from OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store, "add", full)
    refused = post(client, ANSWERS)
    assert refused.status_code == 500
    assert kept(refused.get_data(as_text=True), ANSWERS)
    monkeypatch.setattr(store, "add", real_add)
    assert post(client, ANSWERS).status_code == 303  # not a 429: the refused try was undone
    assert len(stored(app)) == 1
    store.close()


@pytest.mark.parametrize(
    "answers",
    [
        {**ANSWERS, "no_such_question": "x"},  # fits no version: the page would drop it
        {**ANSWERS, "_version": "not a version"},  # no such version: the current form
    ],
)
def test_odd_posts_refused_as_too_many(limited, answers: dict) -> None:
    client = limited.test_client()
    post(client, ANSWERS)
    refused = post(client, answers)
    assert refused.status_code == 429
    shown = FilledIn(refused.get_data(as_text=True))
    if "no_such_question" in answers:
        assert shown.forms == 0  # the not-sent page, Back to the form
    else:
        assert shown.forms == 1 and shown.values["_version"] == [version(limited)]


def test_a_body_that_is_not_a_form_refused_as_too_many_gets_the_not_sent_page(limited) -> None:
    client = limited.test_client()
    post(client, ANSWERS)
    for body, kind in ((b'{"closing": "x"}', "application/json"), (b"caf\xe9=1", None)):
        refused = client.post(
            "/submit/exit-en", data=body, content_type=kind or "application/x-www-form-urlencoded"
        )
        assert refused.status_code == 429  # the refusal, not what reading it found
        page = refused.get_data(as_text=True)
        assert FilledIn(page).forms == 0 and UI_TEXT["en"]["not_sent_429"] in page
    assert len(stored(limited)) == 1


def test_refusals_that_sending_again_cannot_fix_keep_the_not_sent_page(
    built_site: Path, tmp_path: Path
) -> None:
    app = make_app(built_site, tmp_path / "data", ALLOWED_ORIGINS=("https://pages.example",))
    client = app.test_client()
    elsewhere = post(client, ANSWERS, headers={**PLAIN, "Origin": "https://evil.example"})
    assert elsewhere.status_code == 403 and FilledIn(elsewhere.get_data(as_text=True)).forms == 0
    changed = post(client, {**ANSWERS, "_version": version(app), "gone_question": "x"})
    assert changed.status_code == 400 and FilledIn(changed.get_data(as_text=True)).forms == 0
    too_long = post(client, {**ANSWERS, "closing": "x" * 3_000_000})
    assert too_long.status_code == 413 and FilledIn(too_long.get_data(as_text=True)).forms == 0
    unknown = post(client, ANSWERS, slug="exit-xx")
    assert unknown.status_code == 404 and FilledIn(unknown.get_data(as_text=True)).forms == 0
    assert stored(app) == []
    collector_state(app).store.close()


@pytest.fixture
def two_versions(tmp_path: Path):
    """The examples built, then built again with a question reworded (a new version)."""
    source = tmp_path / "questionnaires"
    shutil.copytree(EXAMPLES, source)
    build_site(source, tmp_path / "output")
    return source, tmp_path / "output"


def test_answers_to_an_older_version_come_back_on_that_version(two_versions, tmp_path) -> None:
    source, output = two_versions
    app = make_app(output, tmp_path / "data", limit=1)
    client = app.test_client()
    old = version(app)
    for path in source.glob("exit-en*.md"):
        path.write_text(path.read_text("utf-8").replace("years", "yrs"), "utf-8")
    build_site(source, output)
    assert version(app) != old
    post(client, ANSWERS)
    refused = post(client, {**ANSWERS, "_version": old})
    assert refused.status_code == 429
    assert FilledIn(refused.get_data(as_text=True)).values["_version"] == [old]
    collector_state(app).store.close()


def test_an_older_version_that_cannot_be_read_now_is_not_filled_in_as_the_current_one(
    two_versions, tmp_path
) -> None:
    """Round 31's review: with the data folder away (503) its archive of older versions is
    away too, and the answers to an older page came back on the current version, to be
    stored as answers to it when sent again (a scale reordered under the same codes would
    then count them on the wrong scale). The not-sent page and Back keep the page they were
    given on; once the folder is back, the old version comes back filled in as itself."""
    source, output = two_versions
    data = tmp_path / "data"
    app = make_app(output, data, limit=1)
    client = app.test_client()
    old = version(app)
    for path in source.glob("exit-en*.md"):
        path.write_text(path.read_text("utf-8").replace("years", "yrs"), "utf-8")
    build_site(source, output)
    new = version(app)
    assert new != old
    data.rename(tmp_path / "away")
    refused = post(client, {**ANSWERS, "_version": old})
    assert refused.status_code == 503
    page = FilledIn(refused.get_data(as_text=True))
    assert page.forms == 0 and new not in page.values.get("_version", [])
    # A post that names no version (made by hand): the current one, as the post itself
    # would be read, while the folder is away as well.
    refused = post(client, ANSWERS)
    assert FilledIn(refused.get_data(as_text=True)).values["_version"] == [new]
    (tmp_path / "away").rename(data)
    assert post(client, ANSWERS).status_code == 303
    refused = post(client, {**ANSWERS, "_version": old})
    assert refused.status_code == 429
    assert FilledIn(refused.get_data(as_text=True)).values["_version"] == [old]
    assert len(stored(app)) == 1
    collector_state(app).store.close()


def _theme(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "my_theme"
    folder.mkdir(exist_ok=True)
    form = (Path(PageRenderer().template_dirs[-1]) / "form.html").read_text("utf-8")
    assert old in form
    (folder / "form.html").write_text(form.replace(old, new), "utf-8")
    return folder


def test_a_theme_form_without_the_message_falls_back_to_the_not_sent_page(
    built_site: Path, tmp_path: Path
) -> None:
    """A form.html copied before round 31 says nothing of ``not_sent``: the leaver must
    still be told, by the not-sent page as before."""
    theme = _theme(tmp_path, "{% if not_sent %}", "{% if false %}")
    app = make_app(built_site, tmp_path / "data", limit=1, TEMPLATE_DIRS=[theme])
    client = app.test_client()
    post(client, ANSWERS)
    refused = post(client, ANSWERS)
    assert refused.status_code == 429
    page = refused.get_data(as_text=True)
    assert FilledIn(page).forms == 0 and UI_TEXT["en"]["not_sent_429"] in page
    collector_state(app).store.close()


def test_the_theme_check_renders_the_filled_in_form_with_its_message(
    built_site: Path, tmp_path: Path
) -> None:
    forms = [collector_state(make_app(built_site, tmp_path / "data")).forms.current("exit-en")]
    shouting = _theme(tmp_path, "{{ not_sent }}</p>", "{{ not_sent.upper() }}</p>")
    assert collector_theme_problems(PageRenderer([shouting]), forms) == []
    broken = _theme(tmp_path, "{{ not_sent }}</p>", "{{ not_sent | shout }}</p>")
    problems = collector_theme_problems(PageRenderer([broken]), forms)
    assert len(problems) == 1 and "No filter named 'shout'" in problems[0]


def test_a_server_error_from_a_mistake_in_the_code_keeps_the_not_sent_page(
    built_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not a refusal the collector made but a bug: nothing more is rendered on a path that
    went wrong, and the leaver gets the not-sent page with Back, as before."""
    app = make_app(built_site, tmp_path / "data", TESTING=False)
    store = collector_state(app).store

    def broken(*args, **kwargs):
        raise RuntimeError("a mistake in the code")

    monkeypatch.setattr(store, "add", broken)
    refused = post(app.test_client(), ANSWERS)
    assert refused.status_code == 500
    page = refused.get_data(as_text=True)
    assert FilledIn(page).forms == 0 and UI_TEXT["en"]["not_sent_500"] in page
    store.close()
