"""Round 33's review of "not now": a page of an older version refused for now, and the
words of a 503 on a page that has no form.

* A page of an older version the collector kept, posted without JavaScript while the data
  folder's contents are no longer its user's to read (a restore run with ``sudo`` left
  them to root, the folder itself still the collector's): its archive cannot be read, so
  the version was taken for one never kept and the form came back filled in as the
  current version. Sent again once the folder was given back, the answers were stored as
  answers to the current version, not to the page the leaver answered. Now the not-sent
  page says to go Back to that page.
* The same folder after HR built again: the first post to a worker that had not seen the
  new build raised an error while the collector answered it, and the leaver got no page
  at all (gunicorn closed the connection). Now a 503, the form filled in.
* The 503's words said "Your answers are still in the form" also on the not-sent page,
  which has no form (it says to go Back).
"""

from __future__ import annotations

import contextlib
import os
import pathlib
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.posts import VOLUNTARY, stored, version

from collector import create_app
from collector.builder import build_site
from collector.state import collector_state
from collector.ui_text import UI_TEXT

EXAMPLES = Path(__file__).resolve().parent.parent / "questionnaires"
ANSWERS = {**VOLUNTARY, "closing": "What I typed on the older page"}
PLAIN = {"Sec-Fetch-Mode": "navigate", "Sec-Fetch-Site": "same-origin"}


def make_app(site: Path, data: Path):
    return create_app({"TESTING": True, "OUTPUT_DIR": site, "DATA_DIR": data, "RATE_LIMIT": 1000})


def post(client, answers: dict, *, slug: str = "exit-en"):
    return client.post(f"/submit/{slug}", data=answers, headers=PLAIN)


def version_sent_again(page: str, answered: str) -> str:
    """The version the leaver's next press on Send posts: the form's on the page they got,
    or, on the not-sent page (no form), that of the page Back returns to."""
    found = re.search(r'name="_version" value="(\w+)"', page)
    return found.group(1) if found else answered


def reword(source: Path) -> None:
    for path in source.glob("exit-*.md"):
        text = path.read_text("utf-8")
        path.write_text(text.replace("years", "yrs").replace(" jaar", " jr"), "utf-8")


@contextlib.contextmanager
def taken_from_the_collector(data: Path) -> Iterator[None]:
    """``data``'s contents chowned to root, the folder itself still the collector's user's
    (mode 0700 inside, as the collector makes them): that user may see the folder's own
    entries, but open or list none of them, nor look at anything inside them. The tests
    run as root, whom permissions do not stop: what it may not do raises EACCES."""
    top = os.path.abspath(data)

    def depth(path: object) -> int:
        if isinstance(path, int):
            return -1  # a file descriptor: opened before
        where = os.path.abspath(os.fspath(path))  # type: ignore[call-overload]
        if not where.startswith(top + os.sep):
            return -1
        return len(Path(where).relative_to(top).parts)

    def refuse(path: object) -> None:
        raise PermissionError(13, os.strerror(13), os.fspath(path))  # type: ignore[call-overload]

    real_open, real_stat, real_scandir, real_access = os.open, os.stat, os.scandir, os.access
    real_path_open = pathlib.Path.open

    def fake_open(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if depth(path) >= 1:
            refuse(path)
        return real_open(path, *args, **kwargs)

    def fake_stat(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if depth(path) >= 2:
            refuse(path)
        return real_stat(path, *args, **kwargs)

    def fake_scandir(path=".", *args, **kwargs):  # type: ignore[no-untyped-def]
        if depth(path) >= 1:
            refuse(path)
        return real_scandir(path, *args, **kwargs)

    def fake_access(path, mode, *args, **kwargs):  # type: ignore[no-untyped-def]
        return False if depth(path) >= 1 else real_access(path, mode, *args, **kwargs)

    def fake_path_open(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if depth(self) >= 1:
            refuse(self)
        return real_path_open(self, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "open", fake_open)
        patch.setattr(os, "stat", fake_stat)
        patch.setattr(os, "scandir", fake_scandir)
        patch.setattr(os, "access", fake_access)
        patch.setattr(pathlib.Path, "open", fake_path_open)
        yield


@pytest.fixture
def kept_then_rebuilt(tmp_path: Path) -> tuple[Path, Path, Path, dict[str, str]]:
    """(the questionnaires, the site, the data folder, the older version of each survey):
    answers to the older versions were stored (so the collector kept them), then HR built
    reworded questions into the collector's site."""
    source = tmp_path / "questionnaires"
    shutil.copytree(EXAMPLES, source)
    site, data = tmp_path / "output", tmp_path / "data"
    build_site(source, site)
    app = make_app(site, data)
    older = {slug: version(app, slug) for slug in ("exit-en", "exit-nl")}
    for slug, kept in older.items():
        reply = post(app.test_client(), {**ANSWERS, "_version": kept}, slug=slug)
        assert reply.status_code == 303
    collector_state(app).store.close()
    reword(source)
    build_site(source, site)
    return source, site, data, older


def test_a_kept_older_page_is_not_filled_in_as_the_current_version_when_its_archive_is_unreadable(
    kept_then_rebuilt: tuple[Path, Path, Path, dict[str, str]],
) -> None:
    _, site, data, versions = kept_then_rebuilt
    older = versions["exit-en"]
    app = make_app(site, data)  # a worker that has not read the older version yet
    client = app.test_client()
    current = version(app)
    assert current != older
    with taken_from_the_collector(data):
        refused = post(client, {**ANSWERS, "_version": older})
    assert refused.status_code == 503
    page = refused.get_data(as_text=True)
    assert f'name="_version" value="{current}"' not in page
    # The folder given back, the leaver presses Send again: stored as answers to the page
    # they answered, as every post from it is.
    again = version_sent_again(page, older)
    assert post(client, {**ANSWERS, "_version": again}).status_code == 303
    assert [r["version"] for r in stored(app)] == [older, older]
    collector_state(app).store.close()


def test_a_new_build_while_the_folder_is_unreadable_gets_a_503_not_a_dropped_connection(
    kept_then_rebuilt: tuple[Path, Path, Path, dict[str, str]],
) -> None:
    source, site, data, _ = kept_then_rebuilt
    app = make_app(site, data)
    client = app.test_client()
    with taken_from_the_collector(data):
        for path in source.glob("exit-*.md"):
            path.write_text(path.read_text("utf-8").replace("Finally", "Last of all"), "utf-8")
        build_site(source, site)  # HR builds again; this worker has not seen the build
        newest = version(app)
        refused = post(client, {**ANSWERS, "_version": newest})
    assert refused.status_code == 503
    page = refused.get_data(as_text=True)
    assert f'name="_version" value="{newest}"' in page  # the form, filled in
    assert ANSWERS["closing"] in page
    assert post(client, {**ANSWERS, "_version": newest}).status_code == 303
    assert [r["version"] for r in stored(app)].count(newest) == 1
    collector_state(app).store.close()


def test_the_503_words_do_not_point_at_a_form_on_the_page_that_has_none(
    kept_then_rebuilt: tuple[Path, Path, Path, dict[str, str]], tmp_path: Path
) -> None:
    """While the data folder is away a page of an older version gets the not-sent page,
    which says to go Back; its 503 words said the answers were "still in the form"."""
    _, site, data, older = kept_then_rebuilt
    app = make_app(site, data)
    client = app.test_client()
    data.rename(tmp_path / "away")
    for slug, in_the_form in (("exit-en", "in the form"), ("exit-nl", "in het formulier")):
        language = "en" if slug == "exit-en" else "nl"
        refused = post(client, {**ANSWERS, "_version": older[slug]}, slug=slug)
        assert refused.status_code == 503
        page = refused.get_data(as_text=True)
        assert "<form" not in page
        assert UI_TEXT[language]["not_sent_503"] in page
        assert in_the_form not in page, slug
        assert UI_TEXT[language]["not_sent_back"].replace("'", "&#39;") in page
        # The current version's page still comes back filled in, with the same words.
        refilled = post(client, {**ANSWERS, "_version": version(app, slug)}, slug=slug)
        assert refilled.status_code == 503
        assert "<form" in refilled.get_data(as_text=True)
        assert UI_TEXT[language]["not_sent_503"] in refilled.get_data(as_text=True)
    (tmp_path / "away").rename(data)
    collector_state(app).store.close()
