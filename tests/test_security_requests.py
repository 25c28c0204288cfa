"""Crafted addresses and headers against the HR area and the form posts."""

from __future__ import annotations

import html
import re

import pytest
from support.hr_area import login, set_password

from collector import create_app


@pytest.fixture
def hr(app):
    assert set_password(app).exit_code == 0
    return app


def download_link(client, query: str) -> tuple[int, str]:
    response = client.get(f"/admin/report/exit-en?{query}")
    page = response.get_data(as_text=True)
    link = re.search(r'<a href="([^"]+)">Download this report', page)
    return response.status_code, html.unescape(link.group(1)) if link else ""


@pytest.mark.parametrize(
    "query",
    [
        "_external=1&_anchor=%0Aalert(1)",  # a link to the Host header's site, with a payload
        "_external=1&_scheme=javascript",
        "slug=exit-nl",  # a 500 before: url_for got two slugs
        "_method=POST",
    ],
)
def test_the_report_s_download_link_takes_only_the_report_s_own_options(hr, client, query):
    login(client)
    status, link = download_link(client, f"breakdown=department&{query}")
    assert status == 200
    assert link == "/admin/report/exit-en/download?breakdown=department"


def test_the_report_s_options_still_reach_the_download(hr, client):
    login(client)
    _, link = download_link(client, "breakdown=department&split_by=tenure&min_group=7")
    assert link == "/admin/report/exit-en/download?breakdown=department&split_by=tenure&min_group=7"


def test_a_client_s_x_forwarded_host_is_not_trusted(built_site, tmp_path):
    """The proxy passes Host on; a forwarded host header comes from the client, passed
    through, and must not become the host that origins are checked against."""
    app = create_app(
        {
            "TESTING": True,
            "OUTPUT_DIR": built_site,
            "DATA_DIR": tmp_path / "d",
            "TRUSTED_PROXIES": 1,
        }
    )
    set_password(app)
    client = app.test_client()
    headers = {"X-Forwarded-Host": "evil.example", "X-Forwarded-For": "203.0.113.5"}
    page = client.get("/admin/login", headers=headers)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))
    response = client.post(
        "/admin/login",
        data={"password": "correct horse battery staple", "csrf_token": token.group(1)},
        headers={**headers, "Origin": "http://evil.example"},
    )
    assert response.status_code == 403


def test_answers_sent_back_for_correction_are_not_cached(hr, client):
    version = hr.extensions["exit_survey"].forms.current("exit-en").version
    sent_back = client.post(
        "/submit/exit-en", data={"_version": version, "improve": "MY ANSWER", "recommend": "99"}
    )
    assert sent_back.status_code == 422 and "MY ANSWER" in sent_back.get_data(as_text=True)
    assert sent_back.headers["Cache-Control"] == "no-store"
    scripted = client.post(
        "/submit/exit-en",
        data={"_version": version, "recommend": "99"},
        headers={"Accept": "application/json"},
    )
    assert scripted.status_code == 422 and scripted.headers["Cache-Control"] == "no-store"
