"""The report in the HR area: the page (with the HR area's bar) and the file to keep."""

from __future__ import annotations

import logging
import re
from typing import Any

from flask import Response, abort, current_app, request, url_for
from markupsafe import escape

from .admin import bp, login_required, static_url, template_text, unreadable_page
from .admin_text import admin_text
from .report import render_report
from .report_dates import dated_today
from .state import collector_state
from .store import StoreError

log = logging.getLogger(__name__)

#: What the report page reads from its address (``collector.report.render_report``).
REPORT_OPTIONS = ("breakdown", "split_by", "min_group")
#: Where the HR area's bar goes into the report page, and its stylesheet.
BODY_TAG = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)


@bp.get("/report/<slug>")
@login_required
def report(slug: str) -> Any:
    if collector_state().forms.latest(slug) is None:
        abort(404)
    try:
        page = render_report(current_app, slug)
    except StoreError as exc:
        return unreadable_page("report", slug, exc)
    # Only the report's own options: url_for would take '_external', '_anchor' or 'slug'
    # from the address as its own arguments (a link elsewhere, or a 500).
    options = {k: request.args[k] for k in REPORT_OPTIONS if k in request.args}
    download = url_for("admin.report_download", slug=slug, **options)
    return Response(_with_admin_bar(page, download), mimetype="text/html")


@bp.get("/report/<slug>/download")
@login_required
def report_download(slug: str) -> Any:
    """The same report as one self-contained file (CSS inside), to keep or to share: a page
    saved from the browser would lose the stylesheet the HR area links."""
    if collector_state().forms.latest(slug) is None:
        abort(404)
    try:
        page = render_report(current_app, slug, inline_css=True)
    except StoreError as exc:
        return unreadable_page("report", slug, exc)
    response = Response(page, mimetype="text/html")
    # The day the page says it was made on (UTC), so that file and page agree; the word in
    # the HR area's language, like the names of the exports.
    name = f"{slug}-{admin_text()['file_report']}-{dated_today().isoformat()}.html"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _with_admin_bar(page: str, download: str) -> str:
    """The report page with the HR area's bar (the way back, sign out) at the top.

    The report template also makes the file ``flask report`` writes, which must not link
    to the HR area, so the bar and its stylesheet go in here rather than in the template.
    """
    body = BODY_TAG.search(page)
    if body is None:
        log.warning("admin: the report template has no <body> tag, so no HR area bar")
        return page
    bar = template_text("report_bar.html", download_url=download)
    page = f"{page[: body.end()]}\n{bar.rstrip()}{page[body.end() :]}"
    head_end = HEAD_END.search(page, 0, body.start())
    if head_end is None:
        return page
    link = f'<link rel="stylesheet" href="{escape(static_url("admin.css"))}">\n'
    return page[: head_end.start()] + link + page[head_end.start() :]
