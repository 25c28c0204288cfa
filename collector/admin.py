"""The HR area at /admin: sign in, see each questionnaire's responses, download them.

Pages use the form theme (form.css plus a small admin.css, from the same template folders,
so a theme can override them) and the collector's security headers; no inline script or
style. Downloads are GET links (they change nothing); every POST checks a CSRF token.
Signing in and out: ``collector.admin_sign_in``; the report: ``collector.admin_report``;
removing an answer or a response: ``collector.admin_removal``; the words, in the browser's
language (English or Dutch): ``collector.admin_text``.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
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
    session,
    stream_with_context,
    url_for,
)
from markupsafe import Markup, escape

from . import auth, export, export_xlsx, report
from .admin_text import admin_text, language
from .dataset import open_dataset
from .model import Form
from .report_dates import dated_today
from .state import collector_state
from .store import StoreError
from .ui_text import page_text, text_direction

bp = Blueprint("admin", __name__, url_prefix="/admin")
log = logging.getLogger(__name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Download kinds: (the file name's word, a key of ``collector.admin_text``; the rest of
#: the name; mimetype). The word is in the HR area's language, like the page HR clicked:
#: a Dutch HR team files "exit-en-2026-03-01-reacties.xlsx", not "...-responses.xlsx".
DOWNLOADS = {
    "xlsx": ("file_responses", ".xlsx", XLSX),
    "csv-nl": ("file_responses", "-excel-nl.csv", "text/csv"),
    "csv": ("file_responses", ".csv", "text/csv"),
    "codebook": ("file_codebook", ".xlsx", XLSX),
}
#: The label of each download kind on the page (``collector.admin_text``).
DOWNLOAD_LABELS = {"xlsx": "xlsx", "csv-nl": "csv_nl", "csv": "csv", "codebook": "codebook"}
ADMIN_STATIC = ("form.css", "admin.css")
#: Session key: the download a sign-in interrupted, offered on the start page once.
DOWNLOAD_AGAIN = "download_again"


def _static_file(name: str) -> bytes | None:
    """form.css or admin.css from the first template folder that has it."""
    renderer = collector_state().renderer
    if name == "form.css":
        return renderer.static_files().get(name)
    for folder in renderer.template_dirs:
        path = folder / "static" / name
        if path.is_file():
            return path.read_bytes()
    return None


def static_url(name: str) -> str:
    """The address of form.css or admin.css, with a digest that changes with the file."""
    digest = hashlib.sha256(_static_file(name) or b"").hexdigest()[:10]
    return url_for("admin.static", name=name, v=digest)


def template_text(template: str, **context: Any) -> str:
    """``site_templates/admin/<template>`` with what every admin template may use."""
    return (
        collector_state()
        .renderer.env.get_template(f"admin/{template}")
        .render(
            css=[static_url(n) for n in ADMIN_STATIC],
            signed_in=auth.signed_in(),
            csrf=auth.csrf_token(),
            logout_url=url_for("admin.logout"),
            login_url=url_for("admin.login"),
            home_url=url_for("admin.index"),
            t=admin_text(),
            lang=language(),
            code=code,
            **context,
        )
    )


def code(text: str) -> Markup:
    """``text`` as code, for a placeholder in a sentence of ``collector.admin_text``."""
    return Markup("<code>%s</code>") % escape(text)


def render(template: str, status: int = 200, **context: Any) -> Response:
    """An admin page from ``site_templates/admin/``."""
    for name, default in (("error", ""), ("detail", ""), ("expired", False)):
        context.setdefault(name, default)
    return Response(template_text(template, **context), status=status, mimetype="text/html")


def login_required(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if auth.password_hash(current_app) is None:
            return no_password_page()
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


def no_password_page() -> Response:
    """The page that says to set the HR password first (``flask --app collector set-password``)."""
    # Anyone can see this page: name the file, never where the server keeps its data.
    return render(
        "no_password.html",
        path=f"<data dir>/{auth.PASSWORD_FILE}",
        variable="COLLECTOR_DATA_DIR",
    )


@bp.after_request
def _private(response: Response) -> Response:
    if request.endpoint != "admin.static":
        response.headers["Cache-Control"] = "no-store"
        response.vary.add("Accept-Language")  # the HR area speaks the browser's language
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


def is_download(page: str) -> bool:
    """Is ``page`` (an HR page, from ``hr_page``) a file rather than a page?"""
    parts = urlsplit(page).path.split("/")
    return (len(parts) == 5 and parts[2] == "download") or (
        len(parts) == 5 and parts[2] == "report" and parts[4] == "download"
    )


def _download_again() -> dict[str, str] | None:
    """The download a sign-in interrupted, to offer once on the start page."""
    page = hr_page(session.pop(DOWNLOAD_AGAIN, None))
    if page is None or not is_download(page):
        return None
    parts = urlsplit(page).path.split("/")
    t = admin_text()
    what = t["report_file"] if parts[2] == "report" else t[DOWNLOAD_LABELS.get(parts[4], "csv")]
    return {"url": request.script_root + page, "label": f"{what} ({unquote(parts[3])})"}


@bp.get("/")
@login_required
def index() -> Response:
    state = collector_state()
    rows = []
    built = families(state.forms.all_current())
    retired = families(state.forms.retired())
    for group in built + retired:
        primary = group[0]
        # The exports' number: a record edited by hand into no response is left out of
        # them, so it is counted apart (a count only, never what it holds).
        count: int | None
        try:
            count, left_out = open_dataset(state.forms, state.store, primary.slug).readable_count()
        except StoreError as exc:
            log.error("admin: cannot count the responses of %s: %s", primary.slug, exc)
            count, left_out = None, 0
        rows.append(
            {
                "slug": primary.slug,
                "forms": [
                    {"form": f, "language": language_name(f), "dir": text_direction(f.language)}
                    for f in group
                ],
                "count": count,
                "left_out": left_out,
                "downloads": {
                    kind: url_for("admin.download", slug=primary.slug, kind=kind)
                    for kind in DOWNLOADS
                },
                # "report": the first language's, for themes made before "reports".
                "report": url_for("admin.report", slug=primary.slug),
                "reports": [
                    {
                        "url": url_for("admin.report", slug=f.slug),
                        # dir: a Hebrew name isolated from the parentheses around it
                        # (the HR area itself is always left to right).
                        "language": Markup('<span lang="%s"%s>%s</span>')
                        % (
                            f.language,
                            Markup(' dir="rtl"') if text_direction(f.language) == "rtl" else "",
                            language_name(f),
                        ),
                    }
                    for f in group
                ],
                "retired": group in retired,
                "closed": group in built and all(f.closed for f in group),  # one open: not closed
            }
        )
    retention = current_app.config.get("RETENTION_MONTHS") or 0
    return render(
        "index.html",
        questionnaires=rows,
        retention=retention,
        min_group=report.settings(current_app.config)[0],
        download_again=_download_again(),
        remove_url=url_for("admin.remove"),
    )


def language_name(form: Form) -> str:
    """The name of ``form``'s language, in that language ("Nederlands")."""
    return page_text(form)["language_name"]


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
    state = collector_state()
    try:
        table = export.Export(open_dataset(state.forms, state.store, slug))
    except LookupError:
        abort(404)
    word, rest, mimetype = DOWNLOADS[kind]
    # The day in UTC, as the report's download and the answers' months: by the server's
    # time zone an export made at 00:30 in Amsterdam on 1 May was named for 1 May, and
    # one made beside it on a server in UTC for 30 April.
    name = f"{table.slug}-{dated_today().isoformat()}-{admin_text()[word]}{rest}"
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
        return unreadable_page("export", slug, exc)


def unreadable_page(what: str, slug: str, exc: StoreError) -> Response:
    """The page for a store that reports damage; the log says where."""
    log.error("admin: %s of %s failed: %s", what, slug, exc)
    return render(
        "message.html",
        500,
        title=admin_text()["unreadable"],
        detail=admin_text()["unreadable_text"],
    )


def init_app(app: Flask) -> None:
    # Their pages join this blueprint.
    from . import admin_data_folder, admin_removal, admin_report, admin_sign_in  # noqa: F401

    auth.init_app(app)
    app.register_blueprint(bp)
