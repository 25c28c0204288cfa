"""Sites for the browser tests: written into a folder, served on 127.0.0.1.

Two sites: one rendered from the hand-written forms in ``tests/fixtures``, and one built by
``collector.builder`` from the example questionnaires. The server
serves the files with the collector's Content-Security-Policy and answers form posts like the
collector does for a browser (with or without the enhancement script): its error page
(422) or a redirect to the thank-you page. That stand-in lets a test choose which errors
come back; ``CollectorServer`` runs the real collector for the end-to-end tests.
"""

from __future__ import annotations

import itertools
import shutil
import threading
import uuid
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from collector import model
from collector.builder import build_site, render_site
from collector.conditions import applicable_questions
from collector.model import Form, form_from_json
from collector.page_policy import page_header
from collector.render import PageRenderer

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
QUESTIONNAIRES = ROOT / "questionnaires"
ERROR_PAGE = "errors.html"


@dataclass
class Site:
    """A folder of pages and the forms they were made from."""

    name: str
    directory: Path
    forms: list[Form]
    renderer: PageRenderer = field(default_factory=PageRenderer)

    def form(self, slug: str) -> Form:
        return next(f for f in self.forms if f.slug == slug)


def fixture_forms() -> list[Form]:
    return [
        form_from_json(path.read_text(encoding="utf-8"))
        for path in sorted(FIXTURES.glob("sample_form*.json"))
    ]


def write_fixture_site(directory: Path) -> Site:
    """Render the fixture forms the way the builder lays out output/."""
    site = Site("fixture", directory, fixture_forms())
    for relative, content in render_site(site.forms, site.renderer).items():
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    write_error_pages(site)
    return site


def build_examples(output: Path) -> None:
    """Build questionnaires/*.md into ``output`` with the real builder (raises if that fails).

    From a copy beside ``output``: the builder may update the ID lock file next to the sources.
    """
    source = output.parent / f"{output.name}-src"
    shutil.copytree(QUESTIONNAIRES, source)
    build_site(source, output)


def served_collector(
    base: Path, sources: dict[str, str] | None = None, ports: range | None = None
) -> CollectorServer:
    """The real builder and collector in ``base``: the example surveys, or ``sources``
    (file name -> text, texts files included) built from ``base/questionnaires``; served on
    any free port or the first free one of ``ports``. Close it when done."""
    from collector import create_app

    if sources is None:
        build_examples(base / "output")
    else:
        source = base / "questionnaires"
        source.mkdir()
        for name, text in sources.items():
            (source / name).write_text(text, encoding="utf-8")
        build_site(source, base / "output")
    app = create_app(
        {
            "TESTING": True,
            "OUTPUT_DIR": base / "output",
            "DATA_DIR": base / "data",
            "RATE_LIMIT": 1000,  # every test posts from 127.0.0.1
        }
    )
    return CollectorServer(app, ports=ports)


def build_example_site(directory: Path) -> Site:
    """The example questionnaires as a Site, with their error pages."""
    build_examples(directory)
    forms = [
        form_from_json(p.read_text(encoding="utf-8")) for p in sorted(directory.glob("*/form.json"))
    ]
    site = Site("examples", directory, forms)
    write_error_pages(site)
    return site


def required_errors(form: Form, answers: dict[str, list[str]]) -> dict[str, str]:
    """A stand-in for the collector's validation: required answers missing, and a text typed
    for "other" while another answer was chosen."""
    errors: dict[str, str] = {}
    for q in applicable_questions(form, answers):
        given = [v for v in answers.get(q.id, []) if v]
        if q.required and not given:
            verb = "Enter" if q.type in (*model.TEXT_TYPES, model.NUMBER, model.DATE) else "Select"
            errors[q.id] = f"{verb} an answer to “{q.text}”"
        if any(answers.get(q.other_field, [])) and model.OTHER_VALUE not in given:
            errors[q.other_field] = (
                f"You wrote something in the box for “{q.other_label}” but chose another answer"
                f" to “{q.text}”: choose “{q.other_label}”, or delete what you wrote"
            )
    return errors


def write_error_pages(site: Site) -> None:
    """<slug>/errors.html: the page as the collector returns it after an empty submit."""
    for form in site.forms:
        answers: dict[str, list[str]] = {}
        first = form.questions[0]
        if first.other_label is not None:  # a text for "other" with another choice
            answers = {first.id: [first.choices[0].value], first.other_field: ["Moving abroad"]}
        errors = required_errors(form, answers)
        page = site.renderer.form_page(
            form, root="../", action=f"/submit/{form.slug}", answers=answers, errors=errors
        )
        (site.directory / form.slug / ERROR_PAGE).write_text(page, encoding="utf-8")


class CollectorServer:
    """A real collector app on 127.0.0.1, served by werkzeug in a background thread."""

    def __init__(self, app, ports: range | None = None) -> None:
        """On any free port, or on the first free one of ``ports`` (a module's own range)."""
        from werkzeug.serving import make_server

        self.app = app
        for port in ports or (0,):
            try:
                self.server = make_server("127.0.0.1", port, app, threaded=True)
                break
            except (OSError, SystemExit):
                # werkzeug prints "Port ... is in use" and exits rather than raising.
                continue
        else:
            pytest.skip(f"no free port in {ports.start}-{ports.stop - 1}")
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stored(self, slug: str, closing: str | None = None) -> list[dict]:
        """The responses the store holds for ``slug``; with ``closing``, only those whose
        last answer is that text (each test writes its own)."""
        found = list(self.app.extensions["exit_survey"].store.responses(slug))
        if closing is None:
            return found
        return [r for r in found if r["answers"].get("closing") == closing]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


class SiteServer:
    """A threaded static server for one site, with a pretend collector at /submit/<slug>."""

    def __init__(self, site: Site) -> None:
        self.site = site
        #: What the collector sends (collector/security.py): only the theme's inline
        #: style and script may run, by hash.
        self.csp = site.renderer.content_security_policy()
        self.posts: list[dict] = []
        handler = self._handler()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)

    def _handler(self) -> type[SimpleHTTPRequestHandler]:
        server = self
        directory = str(self.site.directory)

        class Handler(SimpleHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def __init__(self, *args, **kwargs) -> None:
                super().__init__(*args, directory=directory, **kwargs)

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                # Each page with the policy of its own inline blocks, as the collector sends
                # it (page_policy.py): the thank-you page has a script of its own.
                path = Path(self.translate_path(self.path))
                page = path / "index.html" if path.is_dir() else path
                self.policy = (
                    page_header(page.read_text("utf-8"), [])
                    if page.suffix == ".html" and page.is_file()
                    else server.csp
                )
                super().do_GET()

            def end_headers(self) -> None:
                self.send_header("Content-Security-Policy", getattr(self, "policy", server.csp))
                self.send_header("Cache-Control", "no-store")
                super().end_headers()

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8")
                fields = parse_qs(body, keep_blank_values=True)
                server.posts.append(
                    {"path": self.path, "headers": dict(self.headers), "fields": fields}
                )
                slug = self.path.rstrip("/").rsplit("/", 1)[-1]
                try:
                    form = server.site.form(slug)
                except StopIteration:
                    self.send_error(HTTPStatus.NOT_FOUND)
                    return
                answers = {k: v for k, v in fields.items() if not k.startswith("_")}
                errors = required_errors(form, answers)
                if errors:
                    page = server.site.renderer.form_page(
                        form, root="/", action=self.path, answers=fields, errors=errors
                    )
                    self._send(422, "text/html; charset=utf-8", page)
                else:
                    self.send_response(303)
                    self.send_header("Location", f"/{slug}/thanks.html")
                    self.send_header("Content-Length", "0")
                    self.end_headers()

            def _send(self, status: int, content_type: str, text: str) -> None:
                data = text.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler


def add_varied_responses(
    app, count: int, comment: str = "clearer priorities and fewer meetings."
) -> None:
    """``count`` varied answers to the examples (months 2025-01 to 2025-06), enough for the
    report to show its charts, tables and comments."""
    state = app.extensions["exit_survey"]
    departures = itertools.cycle(["voluntary"] * 3 + ["dismissed", "contract_end"])
    departments = itertools.cycle(["it", "it", "sales", "logistics", "hr", "finance"])
    for i in range(count):
        slug = "exit-nl" if i % 3 else "exit-en"
        form = state.forms.current(slug)
        departure = next(departures)
        answers = {
            "departure": departure,
            "conditions": str(1 + i % 5),
            "work_itself": str(1 + (i * 3) % 5),
            "relationships": str(1 + (i * 2) % 5),
            "terms": str(1 + (i * 7) % 5),
            "manager": str(1 + i % 4),
            "culture": str(2 + i % 4),
            "recommend": str(i % 11),
            "department": next(departments),
            "tenure": ["under_1", "y1_2", "y3_5"][i % 3],
            "improve": f"Suggestion {i}: {comment}",
        }
        if departure == "voluntary":
            answers["reasons"] = ["pay", "growth"][: 1 + i % 2]
        month = f"2025-{1 + (i % 6):02d}"
        record = {
            "form": slug,
            "version": form.version,
            "language": form.language,
            "date": month,
            "answers": answers,
        }
        state.store.add(slug, record, submission_id=uuid.uuid4().hex, month=month)


def set_hr_password(app, password: str) -> None:
    """Set HR's password as an operator does (``flask set-password --password-stdin``)."""
    result = app.test_cli_runner().invoke(
        args=["set-password", "--password-stdin"], input=password + "\n"
    )
    assert result.exit_code == 0, result.output
