"""Serving the built site from the output folder, so one process is a complete deployment."""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path

from flask import Blueprint, Flask, Response, abort, current_app, request, send_from_directory
from werkzeug.security import safe_join

from .compress import ENCODINGS
from .csp import source_hash

bp = Blueprint("site", __name__)
_INLINE = re.compile(r"<(style|script)>(.*?)</\1>", re.S)


def _send_encoded(output_dir: Path, path: str) -> Response:
    """The file, or its pre-compressed copy from the build when the browser accepts one."""
    for encoding, suffix in ENCODINGS:
        if request.accept_encodings[encoding] and (output_dir / (path + suffix)).is_file():
            mimetype = mimetypes.guess_type(path)[0] or "application/octet-stream"
            response = send_from_directory(output_dir, path + suffix, max_age=0, mimetype=mimetype)
            response.headers["Content-Encoding"] = encoding
            break
    else:
        response = send_from_directory(output_dir, path, max_age=0)
    response.vary.add("Accept-Encoding")
    return response


def check_theme(app: Flask) -> None:
    """Warn when output/ was built with other templates than the collector renders with.

    The header CSP allows the inline style and script of the collector's own theme only,
    so pages built from another theme would show unstyled and unenhanced.
    """
    assets = app.extensions["exit_survey"].renderer.inline_assets()
    allowed = {assets.style_hash, assets.script_hash}
    for page in sorted(Path(app.config["OUTPUT_DIR"]).glob("*/index.html")):
        found = {source_hash(text) for _, text in _INLINE.findall(page.read_text("utf-8"))}
        if found - allowed:
            app.logger.warning(
                "%s was built with other templates than the collector uses, so the "
                "Content-Security-Policy blocks its style and script: set "
                "COLLECTOR_TEMPLATES_DIR to the folder given to build.py --templates "
                "(or leave both unset) and restart",
                page,
            )
            return


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
        # A form page handed out now must still be accepted after the next rebuild: make
        # sure its version is archived before anyone can fill it in.
        current_app.extensions["exit_survey"].forms.current(path.split("/")[0])
    response = _send_encoded(output_dir, path)
    response.cache_control.no_cache = True  # pages change with every build
    return response
