"""The exit-survey collector: serves the built forms and keeps the answers, anonymously.

``flask --app collector run`` serves ``output/`` and receives its submissions; under a WSGI
server use ``collector:create_app()``. Settings come from ``COLLECTOR_*`` environment
variables (see ``collector.config``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from . import admin, commands, report, retention, security, site, submit
from .config import ConfigError, load_config
from .forms import FormRegistry
from .render import PageRenderer
from .store import ResponseStore

__all__ = ["ConfigError", "create_app"]


@dataclass
class CollectorState:
    """What the request handlers share within one worker process."""

    forms: FormRegistry
    store: ResponseStore
    renderer: PageRenderer
    limiter: security.RateLimiter
    allowed_origins: tuple[str, ...]

    def origin_allowed(self, req: Any) -> bool:
        return security.origin_allowed(req, self.allowed_origins)


ERROR_TEXT = {
    400: "This submission could not be read. Reload the form and try again.",
    403: "This form may not be sent from the page it came from.",
    404: "There is no page at this address.",
    405: "This address does not accept that kind of request.",
    413: "This submission is too large. Shorten your longest answers and try again.",
    429: "Too many submissions from your connection. Please wait a few minutes and try again.",
}


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Create the collector.

    A bad ``COLLECTOR_*`` setting stops start-up with one clear line (under ``flask run``,
    gunicorn or any other server), not a traceback.
    """
    app = Flask(__name__, static_folder=None)
    try:
        app.config.from_mapping(load_config())
    except ConfigError as exc:
        raise SystemExit(f"Error: {exc}") from None
    if test_config:
        app.config.from_mapping(test_config)
    for key in ("OUTPUT_DIR", "DATA_DIR"):
        app.config[key] = Path(app.config[key])
    if app.config["TRUSTED_PROXIES"]:
        count = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)  # type: ignore[method-assign]
    data_dir = app.config["DATA_DIR"]
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    app.extensions["exit_survey"] = CollectorState(
        forms=FormRegistry(app.config["OUTPUT_DIR"], data_dir / "forms"),
        store=ResponseStore(data_dir / "responses"),
        renderer=PageRenderer(app.config["TEMPLATE_DIRS"]),
        limiter=security.RateLimiter(app.config["RATE_LIMIT"], app.config["RATE_WINDOW"]),
        allowed_origins=app.config["ALLOWED_ORIGINS"],
    )
    security.init_app(app)
    app.register_blueprint(submit.bp)
    app.register_blueprint(site.bp)
    app.register_error_handler(HTTPException, _error_page)
    commands.init_app(app)
    admin.init_app(app)
    retention.init_app(app)
    report.init_app(app)

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    # Archive the versions that are built now, so later rebuilds cannot orphan open pages.
    app.extensions["exit_survey"].forms.all_current()
    site.check_theme(app)
    return app


def _error_page(error: HTTPException) -> Any:
    code = error.code or 500
    text = ERROR_TEXT.get(code, "Something went wrong. Please try again later.")
    if submit.wants_json():
        return jsonify(ok=False, error=text), code
    page = (
        "<!doctype html><html lang=en><meta charset=utf-8>"
        "<meta name=viewport content='width=device-width, initial-scale=1'>"
        f"<title>{code} {error.name}</title><main><h1>{error.name}</h1><p>{text}</p></main></html>"
    )
    return page, code
