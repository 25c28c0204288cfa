"""Serving the built site from the output folder, so one process is a complete deployment."""

from __future__ import annotations

import io
import mimetypes
from pathlib import Path
from zlib import adler32

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    request,
    send_file,
    send_from_directory,
)
from werkzeug.exceptions import NotFound
from werkzeug.security import safe_join

from .compress import ENCODINGS
from .page_policy import inline_sources
from .state import collector_state

bp = Blueprint("site", __name__)


def _accepted_copy(output_dir: Path, path: str) -> tuple[str, str]:
    """(Content-Encoding, file suffix) of the build's copy the browser accepts, or ("", "")."""
    for encoding, suffix in ENCODINGS:
        if request.accept_encodings[encoding] and (output_dir / (path + suffix)).is_file():
            return encoding, suffix
    return "", ""


def _send_encoded(output_dir: Path, path: str) -> Response:
    """The file, or its pre-compressed copy from the build when the browser accepts one."""
    if path.endswith(".html"):
        return _send_page(output_dir, path)
    encoding, suffix = _accepted_copy(output_dir, path)
    if encoding:
        mimetype = mimetypes.guess_type(path)[0] or "application/octet-stream"
        response = send_from_directory(output_dir, path + suffix, max_age=0, mimetype=mimetype)
        response.headers["Content-Encoding"] = encoding
    else:
        response = send_from_directory(output_dir, path, max_age=0)
    response.vary.add("Accept-Encoding")
    return response


def _send_page(output_dir: Path, path: str) -> Response:
    """A built page, with the header policy that allows exactly its own inline style and
    script: the theme may have changed at the last build, long after the collector started."""
    encoding, suffix = _accepted_copy(output_dir, path)
    file = output_dir / (path + suffix)
    try:
        built = collector_state().page_policies.read(file, encoding)
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        abort(404)
    # The validator send_from_directory would give, so a browser's copy still counts.
    etag = f"{built.mtime}-{len(built.data)}-{adler32(str(file).encode()) & 0xFFFFFFFF}"
    response = send_file(
        io.BytesIO(built.data),
        mimetype="text/html",
        etag=etag,
        last_modified=built.mtime,
        max_age=0,
    )
    if encoding:
        response.headers["Content-Encoding"] = encoding
    response.headers["Content-Security-Policy"] = built.policy
    response.vary.add("Accept-Encoding")
    return response


def check_theme(app: Flask) -> None:
    """Warn when output/ was built with other templates than the collector renders with.

    Each built page is served with the policy of its own inline style and script, so it
    shows as built whatever the theme; but the pages the collector renders itself (the form
    with error messages, the not-sent page) come from its own templates, and would look
    different from the form a leaver just filled in.
    """
    assets = collector_state(app).renderer.inline_assets()
    allowed = {assets.style_hash, assets.script_hash}
    for page in sorted(Path(app.config["OUTPUT_DIR"]).glob("*/index.html")):
        styles, scripts = inline_sources(page.read_text("utf-8"))
        if set(styles + scripts) - allowed:
            app.logger.warning(
                "%s was built with other templates than the collector renders its own "
                "pages with (the form with error messages, the page for refused answers), "
                "so those would look different: set COLLECTOR_TEMPLATES_DIR to the folder "
                "given to build.py --templates (or leave both unset) and restart, or run "
                "build.py again if the theme changed since",
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
    slug = path.split("/")[0]
    # A form page handed out now must still be accepted after the next rebuild: reading
    # its form archives its version before anyone can fill it in.
    form = collector_state().forms.current(slug) if path == f"{slug}/index.html" else None
    try:
        response = _send_encoded(output_dir, path)
    except NotFound:
        if _closed(slug):
            abort(410)
        raise
    if response.status_code == 200 and form is not None and form.closed:
        # The page the build wrote for a questionnaire HR closed ('closed: yes'), with the
        # status of the one for a questionnaire no longer built: link checkers and search
        # engines drop it, as they would a removed one. (A static host says 200.)
        response.status_code = 410
    response.cache_control.no_cache = True  # pages change with every build
    return response


def _closed(slug: str) -> bool:
    """Is ``slug`` a questionnaire HR closed ('closed: yes') or no longer builds (its file
    removed or renamed)?

    Its link lives on in old invitations: a leaver who opens it is told that it has closed
    and whom to ask (410, error_pages), not that the link is wrong (404)."""
    if not slug:
        return False
    forms = collector_state().forms
    current = forms.current(slug)
    if current is not None:
        return current.closed
    return forms.latest(slug) is not None
