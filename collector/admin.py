"""The HR area at /admin: sign in, see each questionnaire's responses, download them.

Pages use the form theme (form.css plus a small admin.css, from the same template folders,
so a theme can override them) and the collector's security headers; no inline script or
style. Downloads are GET links (they change nothing); every POST checks a CSRF token.
A page asked for while signed out opens after signing in; only failed sign-ins count
toward the limit on attempts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import math
import tempfile
import time
from collections.abc import Callable, Iterator
from functools import wraps
from typing import Any
from urllib.parse import unquote, urlsplit

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    redirect,
    request,
    send_file,
    stream_with_context,
    url_for,
)

from . import auth, export, export_xlsx, sign_in_limits
from .dataset import open_dataset
from .model import Form
from .security import client_address
from .store import StoreError
from .ui_text import ui_text

bp = Blueprint("admin", __name__, url_prefix="/admin")
log = logging.getLogger(__name__)

#: Download kinds: (file name suffix, mimetype, label on the page).
DOWNLOADS = {
    "xlsx": ("responses.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "csv-nl": ("responses-excel-nl.csv", "text/csv"),
    "csv": ("responses.csv", "text/csv"),
    "codebook": (
        "codebook.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}
ADMIN_STATIC = ("form.css", "admin.css")


def _state() -> Any:
    return current_app.extensions["exit_survey"]


def _static_file(name: str) -> bytes | None:
    """form.css or admin.css from the first template folder that has it."""
    renderer = _state().renderer
    if name == "form.css":
        return renderer.static_files().get(name)
    for folder in renderer.template_dirs:
        path = folder / "static" / name
        if path.is_file():
            return path.read_bytes()
    return None


def _static_url(name: str) -> str:
    digest = hashlib.sha256(_static_file(name) or b"").hexdigest()[:10]
    return url_for("admin.static", name=name, v=digest)


def _template_text(template: str, **context: Any) -> str:
    """``site_templates/admin/<template>`` with what every admin template may use."""
    return (
        _state()
        .renderer.env.get_template(f"admin/{template}")
        .render(
            css=[_static_url(n) for n in ADMIN_STATIC],
            signed_in=auth.signed_in(),
            csrf=auth.csrf_token(),
            logout_url=url_for("admin.logout"),
            login_url=url_for("admin.login"),
            home_url=url_for("admin.index"),
            **context,
        )
    )


def render(template: str, status: int = 200, **context: Any) -> Response:
    """An admin page from ``site_templates/admin/``."""
    for name, default in (("error", ""), ("detail", ""), ("expired", False)):
        context.setdefault(name, default)
    return Response(_template_text(template, **context), status=status, mimetype="text/html")


def login_required(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if auth.password_hash(current_app) is None:
            return _no_password()
        if not auth.signed_in():
            return redirect(url_for("admin.login", next=_asked_for()), 303)
        return view(*args, **kwargs)

    return wrapped


def _asked_for() -> str | None:
    """This page, to open after signing in (None for the start page, where sign-in leads)."""
    if request.endpoint == "admin.index":
        return None
    query = request.query_string.decode("latin-1")
    return request.path + (f"?{query}" if query else "")


def hr_page(target: str | None) -> str | None:
    """``target`` if it is a page of the HR area (a path under /admin/), else None.

    It comes from the address or the form, so anyone can set it: a page elsewhere would
    turn sign-in into an open redirect. No host, no scheme, no backslash or control
    character (browsers drop or turn these into slashes), no ``.``/``..`` step (encoded or
    not) that climbs out of /admin/.
    """
    if not target or len(target) > 2000 or not target.startswith("/admin/"):
        return None
    if any(c == "\\" or not c.isprintable() or c.isspace() for c in target):
        return None
    parts = urlsplit(target)
    path = unquote(parts.path)
    if parts.scheme or parts.netloc or "\\" in path:
        return None
    if any(step in (".", "..") for step in path.split("/")):
        return None
    return target


def _go_to(page: str | None) -> Response:
    """After signing in: the page asked for, else the start page."""
    return redirect(request.script_root + page if page else url_for("admin.index"), 303)


def _no_password() -> Response:
    # Anyone can see this page: name the file, never where the server keeps its data.
    return render("no_password.html", path=f"<data dir>/{auth.PASSWORD_FILE}")


@bp.before_request
def _check_post() -> Response | None:
    if request.endpoint == "admin.logout" and not auth.signed_in():
        # The session ended meanwhile (its token with it): signing out is done already.
        return logout()
    if request.method == "POST" and not auth.post_allowed(request):
        log.warning("admin: refused a POST without a valid CSRF token")
        return render("message.html", 403, title="This form has expired", expired=True)
    return None


@bp.after_request
def _private(response: Response) -> Response:
    if request.endpoint != "admin.static":
        response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    # Same-origin referrers let the browser send an Origin header with our own posts.
    response.headers["Referrer-Policy"] = "same-origin"
    return response


@bp.get("/static/<name>")
def static(name: str) -> Response:
    content = _static_file(name) if name in ADMIN_STATIC else None
    if content is None:
        abort(404)
    response = Response(content, mimetype="text/css")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response:
    if auth.password_hash(current_app) is None:
        return _no_password()
    if request.method == "POST":
        return _sign_in(hr_page(request.form.get("next")))
    after = hr_page(request.args.get("next"))
    if auth.signed_in():
        return _go_to(after)
    if auth.session_ended():
        notice = "ended"
    else:
        notice = "signed-out" if "signed_out" in request.args else ""
    return _login_page(after=after, notice=notice)


def _login_page(
    status: int = 200, *, after: str | None, notice: str = "", error: str = ""
) -> Response:
    """The sign-in form, carrying ``after`` (the HR page to open once signed in)."""
    return render(
        "login.html",
        status,
        error=error,
        notice=notice,
        next=after or "",
        idle_minutes=current_app.config["ADMIN_SESSION_MINUTES"],
        max_hours=auth.MAX_SESSION_HOURS,
    )


def _sign_in(after: str | None) -> Response:
    """Check the password; only a wrong one counts toward the limit on attempts.

    The attempt is counted before the check and taken back when the password was right:
    checking the limit first and counting after a failure would let guesses sent at the
    same moment (to other workers) all pass the check. Once the limit is reached even the
    right password waits, or a guesser could go on guessing until a guess got in. A
    browser that signed in lately is not held to the overall limit (a lock-out for all).
    """
    limits = sign_in_limits.limits(current_app)
    client, now = client_address(), time.time()
    tag = auth.current_password_tag()
    known = tag is not None and sign_in_limits.known_device(current_app, tag)
    wait = limits.attempt(client, now, known)
    if wait:
        return _too_many_attempts(wait, after)
    password = request.form.get("password", "")
    if not password:
        limits.undo(client, now, known)  # no guess at all
        return _login_page(422, after=after, error="Enter the password")
    if not auth.password_matches(current_app, password):
        log.warning("admin: a sign-in failed")
        error = "The password is not right. Check it and try again"
        return _login_page(422, after=after, error=error)
    limits.undo(client, now, known)
    auth.sign_in()
    log.info("admin: signed in")
    return _go_to(after)


def _too_many_attempts(seconds: int, after: str | None) -> Response:
    """429 with the time left: in whole minutes on the page, rounded up, and Retry-After."""
    seconds = max(1, seconds)
    minutes = math.ceil(seconds / 60)
    wait = f"{minutes} minute" if minutes == 1 else f"{minutes} minutes"
    error = f"Too many attempts to sign in. Wait {wait}, then try again"
    response = _login_page(429, after=after, error=error)
    response.headers["Retry-After"] = str(seconds)
    return response


@bp.post("/logout")
def logout() -> Response:
    auth.sign_out()
    # A page to reload or come back to, not the answer to a POST (post/redirect/get).
    return redirect(url_for("admin.login", signed_out=1), 303)


def families(forms: list[Form]) -> list[list[Form]]:
    """``forms`` grouped by questionnaire: each with its translations, once."""
    by_slug = {f.slug: f for f in forms}
    placed: set[str] = set()
    groups = []
    for form in forms:
        if form.slug in placed:
            continue
        group = [form] + [
            by_slug[s]
            for s in sorted(set(form.translations.values()))
            if s in by_slug and s not in placed and s != form.slug
        ]
        placed.update(f.slug for f in group)
        groups.append(group)
    return groups


@bp.get("/")
@login_required
def index() -> Response:
    state = _state()
    rows = []
    built = families(state.forms.all_current())
    retired = families(state.forms.retired())
    for group in built + retired:
        primary = group[0]
        try:
            count: int | None = open_dataset(state.forms, state.store, primary.slug).count()
        except StoreError as exc:
            log.error("admin: cannot count the responses of %s: %s", primary.slug, exc)
            count = None
        rows.append(
            {
                "slug": primary.slug,
                "forms": [
                    {"form": f, "language": ui_text(f.language)["language_name"]} for f in group
                ],
                "count": count,
                "downloads": {
                    kind: url_for("admin.download", slug=primary.slug, kind=kind)
                    for kind in DOWNLOADS
                },
                "report": url_for("admin.report", slug=primary.slug),
                "retired": group in retired,
            }
        )
    retention = current_app.config.get("RETENTION_MONTHS") or 0
    return render("index.html", questionnaires=rows, retention=retention)


def _primed(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """Read the first chunk now, so that a damaged store fails before the download starts."""
    first = next(chunks, b"")

    def rest() -> Iterator[bytes]:
        yield first
        yield from chunks

    return rest()


@bp.get("/download/<slug>/<kind>")
@login_required
def download(slug: str, kind: str) -> Response:
    if kind not in DOWNLOADS:
        abort(404)
    state = _state()
    try:
        table = export.Export(open_dataset(state.forms, state.store, slug))
    except LookupError:
        abort(404)
    suffix, mimetype = DOWNLOADS[kind]
    name = f"{table.slug}-{dt.date.today().isoformat()}-{suffix}"
    try:
        if kind in ("csv", "csv-nl"):
            chunks = _primed(export.csv_chunks(table, excel_nl=kind == "csv-nl"))
            response = Response(stream_with_context(chunks), mimetype=mimetype)
            response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        # Unlinked at once, gone when send_file closes it after the download.
        workbook = tempfile.TemporaryFile()  # noqa: SIM115
        try:
            export_xlsx.write_xlsx(table, workbook, responses=kind == "xlsx")
        except BaseException:
            workbook.close()
            raise
        workbook.seek(0)
        return send_file(workbook, mimetype=mimetype, as_attachment=True, download_name=name)
    except StoreError as exc:
        return _unreadable("export", slug, exc)


def _unreadable(what: str, slug: str, exc: StoreError) -> Response:
    """The page for a store that reports damage; the log says where."""
    log.error("admin: %s of %s failed: %s", what, slug, exc)
    return render(
        "message.html",
        500,
        title="The responses cannot be read",
        detail="The response store reports damage. The server log says where; "
        "docs/storage.md explains how to repair it.",
    )


def init_app(app: Flask) -> None:
    from . import admin_report  # noqa: F401  (its pages join this blueprint)

    auth.init_app(app)
    app.register_blueprint(bp)
