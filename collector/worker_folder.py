"""gunicorn's workers started again while the server runs take no other data folder.

A worker that died or timed out, one recycled by ``--max-requests``, and every worker after
a reload (``kill -HUP``) loads the app anew, by the folder's path. Had the folder been moved
or unmounted meanwhile, such a worker took whatever was there (an empty folder, a copy, the
folder under an unmounted disk), made a new store if need be, and acknowledged answers in
it while the other workers refused theirs. So the server's first workers note the folder
they opened (and its ``responses/``) in a small file in it, and mark in the temporary
folder that they did; a worker started after them that finds another folder, or none,
starts without one: it writes nothing, refuses every
post with 503 (the not-sent answer) and fails ``/health``, as the first workers do while
the folder is away, and once the noted folder is back it ends, to be started again on it
by gunicorn. (It used to wait 10 seconds and exit, over and over: after a reload no worker
was left to answer, and every request hung.)
"""

from __future__ import annotations

import logging
import os
import signal
import tempfile
import threading
from pathlib import Path
from typing import Any

from . import startup
from .data_folder import DataFolder, identities

log = logging.getLogger(__name__)

#: In the data folder: the folder (and its responses/) that the first workers of a gunicorn
#: master opened, for the workers it starts again. In the folder, not in /tmp: it goes
#: where the folder goes, and leaves nothing behind the server in a shared place.
WORKERS_NOTE = ".workers-of-"
#: In the temporary folder, named after the master: its first workers noted their folder.
#: Beside the note, not in the folder: a worker started while the folder is away must know
#: that there is a note somewhere, or it would take the folder's path as a first start's.
NOTED_MARKER = "exit-survey-workers-noted-"
#: How often a worker started without its folder looks whether it is back.
RETRY_SECONDS = 2
#: Why a worker started without its folder refuses answers (``/health``, the log).
AWAY = (
    "is not the folder this server's first workers opened; a worker started again while "
    "the server runs takes no other folder, and takes answers once it is back"
)


def _note(path: Path) -> Path:
    return path / f"{WORKERS_NOTE}{_master()}"


def _noted_marker() -> Path:
    return Path(tempfile.gettempdir()) / f"{NOTED_MARKER}{_master()}"


def _master() -> str:
    master = os.getppid()
    return f"{master}-{startup.started(master)}"


def _first_worker(worker: Any) -> bool:
    """Whether ``worker`` is one of the server's first: started before any of them noted
    the folder they opened. Its age alone does not tell: a ``kill -HUP`` that reloads a
    configuration with more workers (2 -> 4) starts workers of ages 3 to 6, and 3 and 4
    would count as first, taking the folder's path as it is (a new store if the folder
    is away at that moment). The age still counts, in case the temporary folder was
    cleaned while the server ran."""
    return worker.age <= worker.cfg.workers and not _noted_marker().exists()


def _noted_is_there(path: Path) -> bool:
    """True when the folder at ``path`` is the one this server's first workers opened."""
    try:
        return _note(path).read_text(encoding="utf-8") == identities(path)
    except OSError:
        return False  # another folder (or one the first workers could not write in)


def started_again_elsewhere(path: Path) -> WorkerAway | None:
    """In a gunicorn worker started after the server's first ones, when the folder at
    ``path`` is not the one they opened: the folder as such a worker has it (said in the
    log); None when it is that folder, and in every other process. The app is then made
    without the folder, as a command reads one (nothing made or written in it)."""
    worker = startup.gunicorn_worker()
    if worker is None or _first_worker(worker) or _noted_is_there(path):
        return None
    folder = WorkerAway(path)
    folder.say(AWAY)
    return folder


class WorkerAway(DataFolder):
    """The data folder of a worker started again without it: always a problem, until the
    folder the first workers opened is back; then this worker ends (SIGTERM, gunicorn's
    graceful stop: the request it serves is answered first) and gunicorn starts another,
    which takes the folder as the first workers did."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self._ending = threading.Event()

    def watch(self) -> None:
        """Look every ``RETRY_SECONDS`` whether the folder is back, on a thread of its own:
        no post or probe may come."""
        threading.Thread(target=self._wait, name="exit-survey-folder-away", daemon=True).start()

    def problem(self, *, writes: bool = False) -> str | None:
        if not self._ending.is_set() and _noted_is_there(self.path):
            self._end()
        return AWAY

    def _wait(self) -> None:
        while not self._ending.wait(RETRY_SECONDS):
            if _noted_is_there(self.path):
                self._end()

    def _end(self) -> None:
        if self._ending.is_set():
            return
        self._ending.set()
        log.warning("%s is back: this worker starts again to take it", self.path)
        os.kill(os.getpid(), signal.SIGTERM)


def note_for_workers_started_again(folder: DataFolder) -> None:
    """In one of a gunicorn server's first workers, once its store is made: note the folder
    it opened, for the workers started after it (and tidy the notes of ended servers).
    Not in a folder put in its place meanwhile: that one would then be taken."""
    worker = startup.gunicorn_worker()
    if worker is None or not _first_worker(worker) or folder.problem() is not None:
        return
    path = folder.path
    startup.forget_old_markers(path, WORKERS_NOTE)
    try:
        fd = os.open(_note(path), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass  # another of the first workers noted it (and marks it, as this one does)
    except OSError as exc:
        log.warning("cannot note the data folder for workers started again: %s", exc)
        return
    else:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(folder.opened())
    # After the note: a worker that sees the mark finds the note in the folder, if the
    # folder is there.
    startup.forget_old_markers(_noted_marker().parent, NOTED_MARKER)
    try:
        os.close(os.open(_noted_marker(), os.O_WRONLY | os.O_CREAT, 0o600))
    except OSError as exc:
        log.warning("cannot mark the data folder as noted, in %s: %s", tempfile.gettempdir(), exc)
