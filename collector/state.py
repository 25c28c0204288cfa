"""What the request handlers and commands of one worker process share, and how to reach it.

Kept under ``app.extensions["exit_survey"]`` (tests read it there too); ``collector_state()`` is
the one way the collector's own modules reach it, typed, so a misspelt attribute is a type
error rather than an ``AttributeError`` in a leaver's request.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, Request, current_app

from . import security
from .data_folder import DataFolder
from .forms import FormRegistry
from .page_policy import BuiltPagePolicies
from .rate_limit import RateLimiter
from .render import PageRenderer
from .store import ResponseStore

#: The key under ``app.extensions``.
EXTENSION = "exit_survey"


@dataclass
class CollectorState:
    """What the request handlers share within one worker process."""

    forms: FormRegistry
    store: ResponseStore
    renderer: PageRenderer
    #: The header policy of each built page, from the page itself (``page_policy``).
    page_policies: BuiltPagePolicies
    limiter: RateLimiter
    #: Posts without a submission id (no JavaScript) seen lately: a second press on Send.
    repeats: RateLimiter
    allowed_origins: tuple[str, ...]
    #: The data folder as this process opened it (None: a command that only reads).
    data_folder: DataFolder | None = None

    def data_folder_problem(self) -> str | None:
        """Why no answer may be stored in the data folder now (data_folder.py), or None."""
        return None if self.data_folder is None else self.data_folder.problem()

    def origin_allowed(self, req: Request) -> bool:
        return security.origin_allowed(req, self.allowed_origins)


def collector_state(app: Flask | None = None) -> CollectorState:
    """The shared state of ``app`` (default: the app of the current request or command)."""
    found: CollectorState = (app or current_app).extensions[EXTENSION]
    return found
