"""The HR area while the data folder is not the one the collector opened.

Without this, HR saw "Set a password first" (the password's hash is in the data folder)
or, signed in already, no responses at all, and took the answers for lost. Every page but
the area's own style sheet says instead that the responses cannot be reached now (503),
until the folder is back (collector/data_folder.py).
"""

from __future__ import annotations

from flask import Response, request

from .admin import bp, render
from .admin_text import admin_text
from .state import collector_state


@bp.before_request
def _folder_lost() -> Response | None:
    state = collector_state()
    if request.endpoint == "admin.static" or state.data_folder_problem() is None:
        return None
    state.data_folder.refused()  # said in the log at the next mark, with the folder's path
    t = admin_text()
    return render("message.html", 503, title=t["folder_lost"], detail=t["folder_lost_text"])
