"""The report's template and stylesheet, from the theme's folders (a theme may override
either): the page is rendered here, and the collector serves the stylesheet it links to.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app, has_request_context, request
from jinja2 import Environment
from markupsafe import Markup

from .render import DEFAULT_TEMPLATE_DIR, template_environment

TEMPLATE = "report/report.html"
CSS_FILE = "report/static/report.css"
CSS_URL = "/static/report.css"


def render_page(app: Flask, page: dict[str, Any]) -> str:
    """The report's template filled with ``page``."""
    return _environment(tuple(_template_dirs(app))).get_template(TEMPLATE).render(page)


def _template_dirs(app: Flask) -> list[Path]:
    return [Path(d) for d in app.config.get("TEMPLATE_DIRS", ())] + [DEFAULT_TEMPLATE_DIR]


@functools.lru_cache(maxsize=8)
def _environment(dirs: tuple[Path, ...]) -> Environment:
    return template_environment(dirs)


def css(app: Flask) -> Markup:
    """report.css from the first template folder that has it (a theme may override it)."""
    for folder in _template_dirs(app):
        path = folder / CSS_FILE
        if path.is_file():
            return Markup(path.read_text(encoding="utf-8").replace("</", "<\\/"))
    return Markup("")


def css_url(app: Flask) -> str:
    """Where the admin area's page links the stylesheet: versioned by its content."""
    root = request.script_root if has_request_context() else ""
    digest = hashlib.sha256(str(css(app)).encode()).hexdigest()[:10]
    return f"{root}{CSS_URL}?v={digest}"


def report_css() -> Response:
    """GET /static/report.css: the stylesheet the admin area's report links to."""
    response = Response(str(css(current_app)), mimetype="text/css")
    response.cache_control.max_age = 86400
    response.cache_control.public = True
    return response
