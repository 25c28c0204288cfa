"""A report served for browser tests, and opening it signed in."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_site import add_varied_responses, build_examples

ORIGIN = "http://localhost:9"


@pytest.fixture(scope="module")
def report_app(tmp_path_factory: pytest.TempPathFactory):
    """A collector over the example questionnaires with 90 varied responses."""
    from flask import Flask

    from collector import create_app

    base = tmp_path_factory.mktemp("report")
    build_examples(base / "output")
    app = create_app({"TESTING": True, "OUTPUT_DIR": base / "output", "DATA_DIR": base / "data"})
    add_varied_responses(app, 90, "clearer priorities & <fewer> meetings.")
    assert isinstance(app, Flask)
    return app


@pytest.fixture(scope="module")
def report_file(report_app, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("out") / "report.html"
    result = report_app.test_cli_runner().invoke(
        args=["report", "exit-en", "--output", str(target), "--breakdown", "department"]
    )
    assert result.exit_code == 0, result.output
    return target


def open_report(new_page, report_app, report_file: Path, way: str, **options):
    """The CLI's file, or the admin-area page with the collector's real response headers."""
    page = new_page(**options)
    if way == "file":
        page.goto(report_file.as_uri())
    else:
        from collector.report import render_report

        client = report_app.test_client()

        def answer(route) -> None:
            path = route.request.url[len(ORIGIN) :]
            if path.startswith("/admin/report/"):
                with report_app.test_request_context(path):
                    body = render_report(report_app, "exit-nl")
                    response = report_app.make_response(body)
                    response = report_app.process_response(response)
            else:
                response = client.get(path, buffered=True)
            route.fulfill(
                status=response.status_code,
                headers=dict(response.headers),
                body=response.get_data(),
            )

        page.route(f"{ORIGIN}/**", answer)
        page.goto(f"{ORIGIN}/admin/report/exit-nl?breakdown=tenure")
    page.wait_for_load_state("load")
    return page
