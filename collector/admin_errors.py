"""Error pages inside the HR area: an address under /admin/ that is not there.

The collector's own error page is for leavers ("check the link you were given"), bare and
without a way on. HR staff who mistype a report's address, or follow an old bookmark, get
a page of the HR area instead: its bar (the start page, sign out), its language, and a
link to the start page, which lists every download and report.
"""

from __future__ import annotations

from flask import Response, request
from werkzeug.exceptions import HTTPException

from .admin import render
from .admin_text import admin_text

#: The statuses the HR area explains itself (others keep the collector's error page).
OWN = {404: "not_found", 405: "wrong_method"}


def in_hr_area() -> bool:
    """Is this request for an address of the HR area?"""
    return request.path == "/admin" or request.path.startswith("/admin/")


def hr_area_error(error: HTTPException) -> Response | None:
    """The HR area's page for ``error``, or None when the collector's page should answer."""
    key = OWN.get(error.code or 500)
    if key is None or not in_hr_area():
        return None
    t = admin_text()
    return render("message.html", error.code or 500, title=t[key], detail=t[f"{key}_text"])
