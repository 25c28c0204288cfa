"""Serving the built site from the output folder, so one process is a complete deployment."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, abort, current_app, request, send_from_directory
from werkzeug.security import safe_join

bp = Blueprint("site", __name__)


@bp.get("/")
@bp.get("/<path:path>")
def page(path: str = "") -> Response:
    """A file from output/; a folder gives its index.html. Nothing outside output/ is reachable."""
    output_dir = Path(current_app.config["OUTPUT_DIR"]).resolve()
    if path.startswith(".") or "/." in path:
        abort(404)
    target = safe_join(str(output_dir), path) if path else str(output_dir)
    if target is None:
        abort(404)
    if Path(target).is_dir():
        if path and not path.endswith("/"):
            return current_app.redirect(f"{request.script_root}/{path}/", 308)
        path = f"{path}index.html"
    response = send_from_directory(output_dir, path, max_age=0)
    if path.startswith("static/"):
        # Pages link to static files with a content hash in the query string.
        response.cache_control.max_age = 86400
        response.cache_control.public = True
    else:
        response.cache_control.no_cache = True
    return response
