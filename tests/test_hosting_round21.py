"""The static pages on the hosts companies use, the collector elsewhere (round 21).

An operator hosts output/ on a static host (an intranet under a path, an object store
without folder indexes, a second site) and runs the collector on its own. The pages then
never pass through the collector, and the browser holds each page to its own policy.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from collector import create_app
from collector.builder import build_site
from collector.store_upkeep import ARCHIVE_CHECK_SECONDS, archive_new_builds
from tests.conftest import EXAMPLES

STAY_EN = "### What would have made you stay? {#stay}\n- type: long text\n- max length: 1500\n\n"
STAY_NL = (
    "### Wat had ervoor kunnen zorgen dat je was gebleven? {#stay}\n"
    "- type: long text\n- max length: 1500\n\n"
)


def _version(output: Path, slug: str = "exit-en") -> str:
    return json.loads((output / slug / "form.json").read_text("utf-8"))["version"]


def test_a_page_replaced_before_its_first_answer_still_sends(scheduled, versions, tmp_path):
    """HR publishes a reworded form; a leaver opens it from the static host (the collector
    sees nothing) and keeps the tab open; the next day HR removes a question and publishes
    again. The leaver's answers, to the question that is gone too, must be kept as answers
    to the version they saw, not refused as "the questionnaire has changed"."""
    app, rebuild = versions
    output = tmp_path / "output"
    rebuild(("This survey takes", "This short survey takes"))
    opened = _version(output)
    # No request reaches the collector; its clean-up thread runs what is due within a minute.
    due = [task for task, at in scheduled if at <= time.time() + ARCHIVE_CHECK_SECONDS + 1]
    for task in due:
        task()
    rebuild((STAY_EN, ""), (STAY_NL, ""))
    assert _version(output) != opened
    response = app.test_client().post(
        "/submit/exit-en",
        data={"_version": opened, "departure": "voluntary", "stay": "A manager who listens"},
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    [stored] = app.extensions["exit_survey"].store.responses("exit-en")
    assert stored["version"] == opened
    assert stored["answers"]["stay"] == "A manager who listens"


def test_archiving_new_builds_goes_on_after_a_build_swapped_in_mid_read(
    scheduled, versions, tmp_path, monkeypatch
):
    """A build is swapped into place while the minute's check reads it: that check fails,
    the next one must still come, or later builds would again be unknown until a restart."""
    app, rebuild = versions
    output = tmp_path / "output"
    forms = app.extensions["exit_survey"].forms
    archive = archive_new_builds(forms)  # the task the clean-up thread runs every minute
    swapped = OSError(2, "No such file or directory")
    monkeypatch.setattr(forms, "all_current", lambda: (_ for _ in ()).throw(swapped))
    again = archive()
    assert again is not None and again > time.time()
    monkeypatch.undo()
    rebuild(("This survey takes", "This short survey takes"))
    archive()
    assert (tmp_path / "data" / "forms" / "exit-en" / f"{_version(output)}.json").is_file()


@pytest.fixture
def object_store(built_site: Path, tmp_path: Path):
    """A collector whose pages live on an object store (no index.html for a folder)."""
    site = "https://bucket.example/hr/exit"
    return create_app(
        {
            "TESTING": True,
            "OUTPUT_DIR": built_site,
            "DATA_DIR": tmp_path / "data",
            "SITE_URL": site,
            "ALLOWED_ORIGINS": ("https://bucket.example",),
        }
    ), site


def _on_the_object_store(url: str, site: str, output: Path) -> Path:
    """The file an object store serves at ``url``: the key as it is, no folder index."""
    assert url.startswith(site + "/"), url
    return output / url[len(site) + 1 :]


def test_the_link_to_a_changed_forms_new_version_opens_on_an_object_store(object_store, built_site):
    """A leaver whose answers no longer fit a rebuilt form is sent to its new version; on
    an object store 'exit-en/' is no page at all (S3 answers NoSuchKey)."""
    app, site = object_store
    page = app.test_client().post(
        "/submit/exit-en", data={"departure": "voluntary", "no_such_question": "1"}
    )
    assert page.status_code == 400
    [link] = re.findall(r'<a href="([^"]+)">Open the new version', page.get_data(as_text=True))
    assert _on_the_object_store(link, site, built_site).is_file()


def test_the_address_of_a_post_opened_again_leads_to_a_page_on_an_object_store(
    object_store, built_site
):
    app, site = object_store
    response = app.test_client().get("/submit/exit-en")
    assert response.status_code == 303
    assert _on_the_object_store(response.headers["Location"], site, built_site).is_file()


def _form_action_sources(page: str) -> list[str]:
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert policy
    directive = next(d for d in policy.group(1).split(";") if d.strip().startswith("form-action"))
    return directive.split()[1:]


def _allowed_by(sources: list[str], page_url: str, target: str) -> bool:
    """What Chromium checks for a form post and every redirect after it (form-action)."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(target))
    own = "{0.scheme}://{0.netloc}".format(urlsplit(page_url))
    return any(s == origin or (s == "'self'" and origin == own) for s in sources)


@pytest.fixture
def two_sites(tmp_path: Path):
    """Pages built for a collector at http://localhost, hosted on two intranet sites."""
    output = tmp_path / "output"
    build_site(EXAMPLES, output, collector_url="http://localhost")

    def collector(*origins: str):
        return create_app(
            {
                "TESTING": True,
                "OUTPUT_DIR": output,
                "DATA_DIR": tmp_path / "data",
                "SITE_URL": "https://intranet.example/hr/exit",
                "ALLOWED_ORIGINS": origins,
            }
        )

    return output, collector


def no_script(page_url: str) -> dict[str, str]:
    """A plain form post from a page built with --collector-url, as Chromium sends it: its
    referrer policy (strict-origin) gives the page's site as its origin, never a path."""
    return {
        "Origin": "{0.scheme}://{0.netloc}".format(urlsplit(page_url)),
        "Sec-Fetch-Site": "cross-site",
    }


@pytest.mark.parametrize(
    "page_url",
    ["https://intranet.example/hr/exit/exit-en/index.html", "https://www.example/exit/exit-en/"],
)
def test_without_the_script_a_second_site_still_reaches_a_thank_you_page(two_sites, page_url):
    """A leaver without JavaScript on the second site listed in COLLECTOR_ALLOWED_ORIGINS
    pressed Send and saw nothing happen: their answers were stored, but the redirect to
    the first site's thank-you page broke the page's form-action, so the browser stopped."""
    output, collector = two_sites
    app = collector("https://intranet.example", "https://www.example")
    client = app.test_client()
    response = client.post(
        "/submit/exit-en", data={"departure": "voluntary"}, headers=no_script(page_url)
    )
    assert response.status_code == 303
    thanks = urljoin("http://localhost/submit/exit-en", response.headers["Location"])
    sources = _form_action_sources((output / "exit-en" / "index.html").read_text("utf-8"))
    assert _allowed_by(sources, page_url, thanks), (thanks, sources)
    if urlsplit(thanks).netloc == "localhost":  # the collector's copy: it must be there
        page = client.get(urlsplit(thanks).path)
        assert page.status_code == 200
        assert "<h1>Thank you</h1>" in page.get_data(as_text=True)
    else:  # the page's own site (its origin came with the post)
        assert thanks == "https://intranet.example/hr/exit/exit-en/thanks.html"


def test_one_site_keeps_its_own_thank_you_page(two_sites):
    """With one site hosting the pages, the leaver stays on it, as documented."""
    _, collector = two_sites
    response = (
        collector("https://intranet.example")
        .test_client()
        .post(
            "/submit/exit-en",
            data={"departure": "voluntary"},
            headers=no_script("https://intranet.example/hr/exit/exit-en/index.html"),
        )
    )
    assert response.headers["Location"] == "https://intranet.example/hr/exit/exit-en/thanks.html"
