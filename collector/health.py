"""``/health``: "ok" only while an answer could be stored now.

For monitoring: a folder moved away, made read-only or on a full disk turns every post
into a 500 otherwise unseen. So does one file in it: a month's answers file made
read-only (``chmod 0400``) or left to root by a command run with ``sudo`` (``cp`` of a
backup), which the folder checks cannot see. A probe opens, for every built
questionnaire, the files a writer would open for an answer now, as the writer opens them
(read and write), and writes nothing: the store's files keep their times, and a probe
every few seconds costs a few system calls per questionnaire.
"""

from __future__ import annotations

import logging
import os

from flask import Flask, current_app

from .state import collector_state
from .store_files import open_file
from .store_format import LOCK_NAME, SHARD_SUFFIX
from .store_writer import neighbour_months
from .submission_record import coarse_date

log = logging.getLogger(__name__)

_LOGGED = "exit_survey.health_logged"


def init_app(app: Flask) -> None:
    """Register ``/health``."""
    app.add_url_rule("/health", "health", health)


def health() -> tuple[dict[str, str], int]:
    """``{"status": "ok"}``, or 503 with the reason answers cannot be stored."""
    state = collector_state()
    data = state.data_folder
    if data is not None:
        lost = data.problem(writes=True)
        data.say(lost)  # a line of its own: _log_once's advice is for a file's mode
        if lost is not None:
            reason = f"the data folder {lost}"  # its path is for the log: /health is public
            return {"status": "cannot store answers", "reason": reason}, 503
    folder = state.store.directory
    problem = storage_problem(folder, current_app.config["MAX_CONTENT_LENGTH"])
    if problem is None:
        _, month = coarse_date(current_app.config["DATE_PRECISION"])
        for slug in state.forms.slugs():
            problem = answer_file_problem(folder, slug, month)
            if problem:
                break
    if problem:
        _log_once(problem)
        return {"status": "cannot store answers", "reason": problem}, 503
    current_app.extensions[_LOGGED] = None
    return {"status": "ok"}, 200


def storage_problem(folder: str, largest: int) -> str | None:
    """Why an answer of up to ``largest`` bytes cannot be stored in ``folder`` now, if so."""
    if not os.path.isdir(folder):
        return "the data folder is gone"
    if not os.access(folder, os.W_OK | os.X_OK):
        return "the data folder is not writable"
    try:
        space = os.statvfs(folder)
    except OSError as exc:
        return f"the data folder cannot be checked ({exc.strerror})"
    # What an unprivileged user may use (a disk's reserve for root is not ours), and a
    # whole answer of the largest size; a new month's file needs an inode too.
    if space.f_bavail * space.f_frsize < largest or (space.f_files and not space.f_favail):
        return "the disk is full"
    return None


def answer_file_problem(folder: str, slug: str, month: str) -> str | None:
    """Why an answer to ``slug`` filed under ``month`` cannot be stored in ``folder``.

    A writer lists the questionnaire's folder, opens its lock file and the month's file,
    and the months next to it (a retry may be stored there), all for reading and writing;
    what does not exist yet it makes in the folder, which must then be writable.
    """
    where = os.path.join(folder, slug)
    if not os.path.isdir(where):
        return None  # made with the first answer, in the data folder checked already
    if not os.access(where, os.R_OK | os.W_OK | os.X_OK):
        return f"the folder of {slug} is not writable"
    try:
        names = [LOCK_NAME, *(m + SHARD_SUFFIX for m in [month, *neighbour_months(where, month)])]
    except OSError as exc:
        return f"the folder of {slug} cannot be read ({exc.strerror})"
    for name in names:
        try:
            fd, _ = open_file(os.path.join(where, name), os.O_RDWR | os.O_APPEND, False)
        except FileNotFoundError:
            continue
        except OSError as exc:
            return f"{slug}/{name} cannot be written ({exc.strerror})"
        os.close(fd)
    return None


def _log_once(problem: str) -> None:
    """Say it in the log once per worker until it changes: probes come every few seconds."""
    if current_app.extensions.get(_LOGGED) == problem:
        return
    current_app.extensions[_LOGGED] = problem
    log.warning(
        "/health: cannot store answers: %s, in %s (a file made read-only, or left to root "
        "by a command run with sudo: give it back to the collector's user with chown and "
        "chmod 600; see docs/storage.md)",
        problem,
        collector_state().store.directory,
    )
