"""The collector as browsers and scripts use it: submit, errors, anonymity, abuse."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from collector import create_app
from collector.config import ConfigError, load_config
from collector.csp import source_hash

VOLUNTARY = {
    "departure": "voluntary",
    "reasons": ["pay", "other"],
    "reasons__other": "Commute",
    "stay": "A shorter commute",
    "conditions": "4",
    "recommend": "8",
    "department": "prefer_not_to_say",
}


def stored(app) -> list[dict]:
    return list(app.extensions["exit_survey"].store.responses("exit-en"))


def version(app, slug: str = "exit-en") -> str:
    return app.extensions["exit_survey"].forms.current(slug).version


def test_serves_the_built_site(client) -> None:
    assert client.get("/", buffered=True).status_code == 200
    page = client.get("/exit-en/", buffered=True)
    assert page.status_code == 200
    assert b'lang="en"' in page.data
    assert client.get("/exit-en").status_code == 308
    assert client.get("/exit-en/form.json", buffered=True).json["slug"] == "exit-en"
    assert b"<style>" in page.data and b"<script>" in page.data  # one request per page
    assert client.get("/../pyproject.toml").status_code == 404
    assert client.get("/nothing-here/").status_code == 404


def test_browser_submit_redirects_to_thank_you_and_stores_once(app, client) -> None:
    response = client.post("/submit/exit-en", data={**VOLUNTARY, "_version": version(app)})
    assert response.status_code == 303
    assert response.headers["Location"] == "/exit-en/thanks.html"
    assert client.get(response.headers["Location"], buffered=True).status_code == 200
    [record] = stored(app)
    assert record["answers"] == {
        "departure": "voluntary",
        "reasons": ["pay", "other"],
        "reasons__other": "Commute",
        "stay": "A shorter commute",
        "conditions": "4",
        "recommend": "8",
        "department": "prefer_not_to_say",
    }


def test_stored_response_holds_exactly_the_anonymous_fields(app, client, tmp_path: Path) -> None:
    client.post(
        "/submit/exit-en",
        data={
            **VOLUNTARY,
            "_version": version(app),
            "_submission": "0f6a2b1c-1111-4222-8333-944455556666",
        },
        headers={
            "User-Agent": "UniqueAgent/9.9 (fingerprint-xyz)",
            "Referer": "https://intranet.example/leavers/jan-de-vries",
            "Cookie": "session=cookie-secret-123",
            "X-Forwarded-For": "203.0.113.77",
        },
        environ_base={"REMOTE_ADDR": "198.51.100.23"},
    )
    [record] = stored(app)
    assert set(record) == {"id", "form", "version", "language", "date", "answers"}
    assert len(record["date"]) == 7  # YYYY-MM: the month only
    assert record["id"] != "0f6a2b1c-1111-4222-8333-944455556666"
    everything = b"".join(p.read_bytes() for p in (tmp_path / "data").rglob("*") if p.is_file())
    for secret in (
        b"UniqueAgent",
        b"fingerprint",
        b"jan-de-vries",
        b"cookie-secret",
        b"203.0.113.77",
        b"198.51.100.23",
        b"0f6a2b1c-1111-4222-8333-944455556666",
    ):
        assert secret not in everything


def test_files_are_private(app, client, tmp_path: Path) -> None:
    client.post("/submit/exit-en", data=VOLUNTARY)
    for path in (tmp_path / "data").rglob("*"):
        mode = path.stat().st_mode & 0o777
        assert mode & 0o077 == 0, f"{path} is {oct(mode)}"


def test_retried_submission_is_stored_once(app, client) -> None:
    data = {**VOLUNTARY, "_submission": "6b1f3c1e-9d2a-4c4f-8f00-0a1b2c3d4e5f"}
    for _ in range(3):
        assert client.post("/submit/exit-en", data=data).status_code == 303
    assert len(stored(app)) == 1


def test_answers_that_do_not_apply_are_dropped(app, client) -> None:
    data = {"departure": "dismissed", "reasons": "pay", "stay": "x", "practices": "partly"}
    assert client.post("/submit/exit-en", data=data).status_code == 303
    [record] = stored(app)
    assert record["answers"] == {"departure": "dismissed", "practices": "partly"}


def test_errors_rerender_the_form_with_answers_kept(app, client) -> None:
    data = {
        "departure": "voluntary",
        "stay": "Kept text <b>",
        "recommend": "11",
        "improve": "x" * 1501,
    }
    response = client.post("/submit/exit-en", data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "<title>Error:" in html
    assert "Kept text &lt;b&gt;" in html
    assert 'href="#recommend"' in html and 'href="#improve"' in html
    assert "1500 characters or less" in html
    assert stored(app) == []


def test_dutch_errors_are_in_dutch(client) -> None:
    response = client.post("/submit/exit-nl", data={"recommend": "5"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "<title>Fout:" in html
    assert "Kies een antwoord bij" in html


def test_script_submit_gets_json(app, client) -> None:
    headers = {"Accept": "application/json"}
    bad = client.post("/submit/exit-en", data={"recommend": "7"}, headers=headers)
    assert bad.status_code == 422
    assert bad.json["ok"] is False
    assert bad.json["errors"] == [
        {
            "field": "departure",
            "target": "departure",
            "message": "Select an answer to “How did your employment end?”",
        }
    ]
    good = client.post("/submit/exit-en", data=VOLUNTARY, headers=headers)
    assert good.status_code == 200
    assert good.json == {"ok": True, "redirect": "/exit-en/thanks.html"}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"departure": "fired"}, "departure"),
        ({"departure": ["voluntary", "dismissed"]}, "departure"),
        ({"departure": "voluntary", "reasons": ["pay", "prefer_not_to_say"]}, "reasons"),
        ({"departure": "voluntary", "recommend": "-1"}, "recommend"),
        ({"departure": "voluntary", "closing": "y" * 2001}, "closing"),
        ({"departure": "voluntary", "conditions": "6"}, "conditions"),
    ],
)
def test_values_the_form_does_not_offer_are_refused(client, data: dict, field: str) -> None:
    response = client.post("/submit/exit-en", data=data, headers={"Accept": "application/json"})
    assert response.status_code == 422
    assert [e["field"] for e in response.json["errors"]] == [field]


def test_unknown_fields_are_refused(app, client) -> None:
    response = client.post("/submit/exit-en", data={**VOLUNTARY, "email": "me@example.com"})
    assert response.status_code == 400
    assert b"me@example.com" not in response.data
    assert stored(app) == []


def test_honeypot_looks_successful_but_stores_nothing(app, client) -> None:
    response = client.post("/submit/exit-en", data={**VOLUNTARY, "_trap": "http://spam.example"})
    assert response.status_code == 303
    assert stored(app) == []


def test_rate_limit_per_client(built_site: Path, tmp_path: Path) -> None:
    app = create_app(
        {"TESTING": True, "OUTPUT_DIR": built_site, "DATA_DIR": tmp_path / "d", "RATE_LIMIT": 3}
    )
    client = app.test_client()
    codes = [
        client.post(
            "/submit/exit-en", data=VOLUNTARY, environ_base={"REMOTE_ADDR": "10.0.0.1"}
        ).status_code
        for _ in range(4)
    ]
    assert codes == [303, 303, 303, 429]
    other = client.post("/submit/exit-en", data=VOLUNTARY, environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert other.status_code == 303
    assert b"10.0.0.1" not in b"".join(
        p.read_bytes() for p in (tmp_path / "d").rglob("*") if p.is_file()
    )


def test_origin_check(client) -> None:
    evil = client.post(
        "/submit/exit-en", data=VOLUNTARY, headers={"Origin": "https://evil.example"}
    )
    assert evil.status_code == 403
    own = client.post("/submit/exit-en", data=VOLUNTARY, headers={"Origin": "http://localhost"})
    assert own.status_code == 303
    cross_null = client.post(
        "/submit/exit-en",
        data=VOLUNTARY,
        headers={"Origin": "null", "Sec-Fetch-Site": "cross-site"},
    )
    assert cross_null.status_code == 403
    same_null = client.post(
        "/submit/exit-en",
        data=VOLUNTARY,
        headers={"Origin": "null", "Sec-Fetch-Site": "same-origin"},
    )
    assert same_null.status_code == 303


def test_allowed_origin_for_pages_hosted_elsewhere(built_site: Path, tmp_path: Path) -> None:
    app = create_app(
        {
            "TESTING": True,
            "OUTPUT_DIR": built_site,
            "DATA_DIR": tmp_path / "d",
            "ALLOWED_ORIGINS": ("https://pages.example",),
            "SITE_URL": "https://pages.example",
        }
    )
    response = app.test_client().post(
        "/submit/exit-en", data=VOLUNTARY, headers={"Origin": "https://pages.example"}
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "https://pages.example/exit-en/thanks.html"


def test_request_size_limit(client) -> None:
    response = client.post("/submit/exit-en", data={"closing": "x" * 200_000})
    assert response.status_code == 413


def test_security_headers_on_every_response(client) -> None:
    for response in (
        client.get("/exit-en/", buffered=True),
        client.post("/submit/exit-en", data={}),
        client.get("/nope"),
    ):
        csp = response.headers["Content-Security-Policy"]
        assert "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert "Set-Cookie" not in response.headers


def test_the_header_policy_lets_exactly_the_pages_own_style_and_script_run(client) -> None:
    """Pages from output/ and the error page rendered here carry their CSS and script
    inline; the header allows those blocks by hash and nothing else inline."""
    for response in (
        client.get("/exit-en/", buffered=True),
        client.post("/submit/exit-en", data={"departure": "nonsense"}),
    ):
        page = response.get_data(as_text=True)
        header = response.headers["Content-Security-Policy"]
        directives = {d.split()[0]: d.split()[1:] for d in header.split("; ")}
        blocks = re.findall(r"<(style|script)>(.*?)</\1>", page, re.S)
        assert [tag for tag, _ in blocks] == ["style", "script"]
        for tag, text in blocks:
            assert source_hash(text) in directives[f"{tag}-src"]
        assert source_hash("alert(1)") not in header


def test_unknown_form_is_404(client) -> None:
    assert client.post("/submit/no-such-form", data=VOLUNTARY).status_code == 404
    assert client.post("/submit/..%2f..%2fetc", data=VOLUNTARY).status_code in (404, 405)


def test_page_from_an_older_version_is_still_accepted(app, client, built_site: Path) -> None:
    old = version(app)
    form_json = built_site / "exit-en" / "form.json"
    original = form_json.read_text()
    try:
        data = json.loads(original)
        data["questions"] = [q for q in data["questions"] if q["id"] != "culture"]
        for section in data["sections"]:
            section["question_ids"] = [q for q in section["question_ids"] if q != "culture"]
        data["version"] = "newer0000000"
        form_json.write_text(json.dumps(data))
        os.utime(form_json, ns=(1, 1))  # make sure the registry sees a change
        response = client.post(
            "/submit/exit-en", data={**VOLUNTARY, "culture": "4", "_version": old}
        )
        assert response.status_code == 303
        [record] = stored(app)
        assert record["version"] == old
        assert record["answers"]["culture"] == "4"
    finally:
        form_json.write_text(original)


def test_no_request_details_in_logs(app, client, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("DEBUG")
    client.post(
        "/submit/exit-en",
        data={**VOLUNTARY, "stay": "secret-answer-text"},
        environ_base={"REMOTE_ADDR": "192.0.2.99"},
        headers={"User-Agent": "AgentSmith"},
    )
    text = caplog.text
    assert (
        "192.0.2.99" not in text and "AgentSmith" not in text and "secret-answer-text" not in text
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"COLLECTOR_DATE_PRECISION": "day"},
            "COLLECTOR_DATE_PRECISION must be one of month, quarter, year",
        ),
        ({"COLLECTOR_RATE_LIMIT": "lots"}, "COLLECTOR_RATE_LIMIT must be a whole number"),
        ({"COLLECTOR_RATE_LIMIT": "0"}, "COLLECTOR_RATE_LIMIT must be between 1 and"),
        ({"COLLECTOR_ALLOWED_ORIGINS": "pages.example"}, "is not an origin"),
        ({"COLLECTOR_TEMPLATES_DIR": "/no/such/folder"}, "is not a folder"),
    ],
)
def test_bad_settings_are_explained(env: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config(env)


def test_defaults_work_from_the_repo_root() -> None:
    config = load_config({})
    assert config["OUTPUT_DIR"] == Path("output")
    assert config["DATA_DIR"] == Path("data")
    assert config["DATE_PRECISION"] == "month"


def test_bad_setting_stops_start_up_with_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLLECTOR_RATE_LIMIT", "lots")
    with pytest.raises(
        SystemExit, match=r"^Error: COLLECTOR_RATE_LIMIT must be a whole number, not 'lots'$"
    ):
        create_app()


def test_a_site_built_with_another_theme_is_reported_at_start(tmp_path, caplog) -> None:
    """The header CSP only allows the collector's own theme inline; say so, don't fail."""
    from collector.builder import build_site

    theme = tmp_path / "theme" / "static"
    theme.mkdir(parents=True)
    (theme / "form.css").write_text("body { color: teal; }", encoding="utf-8")
    output = tmp_path / "output"
    build_site(
        Path(__file__).resolve().parents[1] / "questionnaires", output, template_dirs=[theme.parent]
    )
    config = {"TESTING": True, "OUTPUT_DIR": output, "DATA_DIR": tmp_path / "data"}
    with caplog.at_level("WARNING"):
        create_app(config)
    assert "COLLECTOR_TEMPLATES_DIR" in caplog.text and "index.html" in caplog.text
    caplog.clear()
    with caplog.at_level("WARNING"):
        app = create_app({**config, "TEMPLATE_DIRS": [theme.parent]})
    assert "COLLECTOR_TEMPLATES_DIR" not in caplog.text
    page = app.test_client().get("/exit-en/", buffered=True)
    assert source_hash("body{color:teal}") in page.headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    "accept, encoding",
    [("gzip, deflate, br, zstd", "br"), ("gzip, deflate", "gzip"), ("", None), ("br;q=0", None)],
)
def test_pages_travel_compressed_when_the_browser_accepts_it(client, accept, encoding) -> None:
    import gzip

    import brotli

    plain = client.get("/exit-en/", buffered=True, headers={"Accept-Encoding": "identity"})
    response = client.get("/exit-en/", buffered=True, headers={"Accept-Encoding": accept})
    assert response.status_code == 200
    assert response.headers.get("Content-Encoding") == encoding
    assert response.mimetype == "text/html" and "Accept-Encoding" in response.headers["Vary"]
    body = response.data
    if encoding == "br":
        body = brotli.decompress(body)
    elif encoding == "gzip":
        body = gzip.decompress(body)
    assert body == plain.data
    if encoding:
        assert len(response.data) * 3 < len(plain.data)
