"""Is the data folder still the one the collector opened? Answers go nowhere else.

An operator may move, rename or delete the data folder, put another folder (or a link to
one) in its place, or unmount its disk while the collector runs. Going on by its path, a
command (a nightly backup) or a restart made a new, empty store there, the running workers
acknowledged answers in it, and HR saw an empty report; the answers sat where no backup
looks, or under the disk once it was mounted again. So each process notes the folder and
its ``responses/`` (device and inode, following a link as every open does) when it starts,
and a post is refused (503, the not-sent answer, nothing counted or written) while either
is not the one noted; ``/health`` says so, the log says it once, and posts are taken again
by themselves once the folder is back (``mv`` back, the disk mounted again). Another
folder is taken only by a restart, which is the operator's choice.

At start-up a missing folder is a first run. A folder that holds what an earlier run
left (``limits/``) but has no ``responses/`` is refused, as is a link to a
folder that is not there: the answers are elsewhere, and a new store would hide that.
"""

from __future__ import annotations

import errno
import logging
import os
import stat
import threading
import time
from pathlib import Path

from . import sweeper
from .config import PREFIX, ConfigError
from .store_format import LOCK_NAME

log = logging.getLogger(__name__)

#: The store's folder inside the data folder.
RESPONSES = "responses"
#: What every earlier start of the collector (or of a command that may write) left in the
#: data folder besides ``RESPONSES``, and nobody copies in by hand. Not ``forms/``: an
#: operator may put form versions in place before the first start.
EARLIER_RUN = ("limits",)
#: Where the operator reads what to do.
SEE = "docs/storage.md, 'The data folder disappears'"
#: How ``DataFolder.problem`` begins for a folder that is there but cannot be written.
UNWRITABLE = "cannot be written"
#: The errors of a write to a folder made read-only (a disk remounted read-only after an
#: error, a read-only bind mount, permissions taken away).
READ_ONLY_ERRORS = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})


def _ident(path: Path) -> tuple[int, int] | None:
    """The device and inode of the folder at ``path`` (a link followed), or None."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino) if stat.S_ISDIR(st.st_mode) else None


def identities(path: Path) -> str:
    """The device and inode of the folder at ``path`` and of its ``responses/``, as text
    (as ``DataFolder.opened`` gives them)."""
    return f"{_ident(path)} {_ident(path / RESPONSES)}"


class DataFolder:
    """The data folder as one process opened it, and what has become of it since."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._folder = _ident(self.path)
        self._responses = _ident(self.path / RESPONSES)
        #: Why the store could not be written, since a write failed (None: no such failure).
        self._unwritable: str | None = None
        self._said: str | None = None
        self._lock = threading.Lock()
        self._watch = sweeper.weak_task(self, _watch)

    def opened(self) -> str:
        """The device and inode of the folder and of its ``responses/`` as this process
        opened them, as text (as ``identities`` gives them now)."""
        return f"{self._folder} {self._responses}"

    def problem(self, *, writes: bool = False) -> str | None:
        """Why no answer may be stored in the folder now, or None. Two ``stat`` calls; while
        a write has failed as on a read-only folder (``write_failed``), or with ``writes``
        (``/health``), also whether the store's files can be opened for writing."""
        now = _ident(self.path)
        if now is None:
            return "is gone (moved, renamed or deleted, or its disk unmounted)"
        if now != self._folder:
            return (
                "is not the folder the collector opened at start-up (another folder or a "
                "link to one put in its place, or another disk mounted there)"
            )
        responses = _ident(self.path / RESPONSES)
        if responses is None:
            return f"has lost its {RESPONSES}/ folder (moved or deleted)"
        if responses != self._responses:
            return f"has another {RESPONSES}/ folder than the one the collector opened at start-up"
        if writes or self._unwritable is not None:
            self._unwritable = self._write_problem()
        if self._unwritable is not None:
            return (
                f"{UNWRITABLE} ({self._unwritable}): its disk is read-only, or the "
                "collector's user may no longer write in it"
            )
        return None

    def _write_problem(self) -> str | None:
        """Why the store's files cannot be opened for writing now, or None. They are opened
        as a writer opens them and closed with nothing written, so their times stay. A disk
        that ext4 made read-only after an error (``errors=remount-ro``) shows only so: its
        mount options and ``access()`` still say it may be written. One file of another
        user's (a ``sudo`` restore) is no folder problem: ``/health`` names that file."""
        responses = self.path / RESPONSES
        try:
            if os.statvfs(responses).f_flag & os.ST_RDONLY:
                return os.strerror(errno.EROFS)
            if not os.access(responses, os.W_OK | os.X_OK):
                return os.strerror(errno.EACCES)
            locks = list(responses.glob(f"*/{LOCK_NAME}"))
        except OSError as exc:
            return exc.strerror or str(exc)
        for lock in locks:
            try:
                os.close(os.open(lock, os.O_RDWR | os.O_APPEND | os.O_CLOEXEC))
            except OSError as exc:
                if exc.errno == errno.EROFS:
                    return exc.strerror
        return None

    def write_failed(self, cause: OSError) -> bool:
        """A write to the store failed with ``cause``: True (and said in the log at the next
        ten-minute mark) when the folder cannot be written as a whole, a read-only folder;
        False for anything else (a full disk, one file of root's), left to the caller."""
        if cause.errno not in READ_ONLY_ERRORS:
            return False
        self._unwritable = self._write_problem()
        if self._unwritable is None:
            return False
        self.refused()
        return True

    def message(self, problem: str) -> str:
        """The operator's line for ``problem``: which folder, what to do."""
        if problem.startswith(UNWRITABLE):
            return (
                f"{PREFIX}DATA_DIR {str(self.path)!r} {problem}: no answer is stored, and "
                "leavers are told to send theirs again later; make it writable again (mount "
                "its disk read-write, after a check if it went read-only on an error; or "
                "give it back to the collector's user) and answers are taken again by "
                f"themselves ({SEE})"
            )
        return (
            f"{PREFIX}DATA_DIR {str(self.path)!r} {problem}: no answer is stored, so that "
            "none goes to a folder no backup knows; put the folder back (or mount its "
            "disk) and answers are taken again by themselves, or restart the collector "
            f"to use the folder there now ({SEE})"
        )

    def say(self, problem: str | None) -> None:
        """Log ``problem`` once while it lasts (an error), and its end (a warning)."""
        with self._lock:
            if problem == self._said:
                return
            before, self._said = self._said, problem
        if problem is not None:
            log.error("%s", self.message(problem))
        elif before is not None:
            log.warning("%sDATA_DIR %r is back: answers are stored again", PREFIX, str(self.path))

    def refused(self) -> None:
        """A post was refused: say so at the next ten-minute mark, not now (the line's time
        would be a leaver's second), and at every mark after until the folder is back."""
        sweeper.at_next_mark(self._watch)


def _watch(folder: DataFolder) -> float | None:
    problem = folder.problem()
    folder.say(problem)
    return None if problem is None else sweeper.mark_at_or_after(time.time() + 1)


def check_at_start(path: Path) -> None:
    """ConfigError when ``path`` looks like a data folder whose answers are elsewhere."""
    name = f"{PREFIX}DATA_DIR"
    if os.path.islink(path) and not path.exists():
        raise ConfigError(
            f"{name}: {str(path)!r} is a link to {os.readlink(path)!r}, which is not there "
            "(a disk not mounted?); mount it or correct the link, rather than start a new, "
            f"empty store ({SEE})"
        )
    if not path.is_dir() or (path / RESPONSES).exists():
        return
    earlier = [entry for entry in EARLIER_RUN if (path / entry).exists()]
    if earlier:
        found = " and ".join(f"{entry}/" for entry in earlier)
        raise ConfigError(
            f"{name}: {str(path)!r} holds {found} of an earlier run but no {RESPONSES}/ "
            "folder: the answers are not where they were (a folder moved or deleted, a "
            "disk not mounted?). Put them back; to restore a backup there, or to start an "
            f"empty store there on purpose, first run 'mkdir -m 700 {path / RESPONSES}' "
            f"({SEE})"
        )


def no_store(path: Path) -> str | None:
    """Why the data folder at ``path`` holds no store for a command to read (it is not
    there, or has no ``responses/``), naming the folder; None when it holds one.

    Run with a wrong ``COLLECTOR_DATA_DIR`` (a typo, a disk not mounted yet, the default
    ``data`` of another folder), a command made a new, empty store there and went on:
    a nightly backup said "Backed up 0 responses" and exited 0, an export was empty."""
    if (path / RESPONSES).is_dir():
        return None
    name = f"{PREFIX}DATA_DIR"
    if not path.exists():
        found = f"{str(path)!r} is not there"
    else:
        found = f"{str(path)!r} holds no response store (no {RESPONSES}/ folder in it)"
    return (
        f"{name}: {found}, so it is not the folder the collector keeps its answers in (a "
        f"typo, a disk not mounted yet?); nothing was made there. Give {name} as the "
        "collector's server has it, and run the command as the collector's user "
        f"(README.md, 'Run the HR commands as the collector's user'). A new collector "
        "makes its store when it first starts"
    )


def is_new_store(path: Path) -> bool:
    """True when the store in data folder ``path`` is still to be made (a first run)."""
    return not (path / RESPONSES).exists()


def say_new_store(path: Path) -> None:
    """One line when a new, empty store was made: after a restart that found the folder
    gone, it is the only sign that the answers are elsewhere. At info level, so that it is
    in gunicorn's log (its default ``--log-level``) and a first start says nothing alarming
    on a terminal."""
    log.info(
        "%sDATA_DIR: made a new, empty response store in %s. On a first start that is "
        "right; if this collector stored answers before, stop it: the data folder was "
        "moved or deleted, or its disk is not mounted (%s)",
        PREFIX,
        path.resolve(),
        SEE,
    )
