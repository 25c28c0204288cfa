"""Times in the data folder on the ten-minute grid, never the second of a leaver's request.

The collector archives a version the first time it meets it: when a leaver opens the
form or, for pages hosted elsewhere, when the first answer to it arrives. The file's
times were that moment, for good, and the version is in every answer given with it: when
only one leaver answered a version (HR fixed a typo, then rebuilt again), the data folder
held the second that leaver opened the form or sent it. So a version gets the mark before
it was archived as its modification time (or one second after the newest version beside
it: ``FormRegistry.latest`` takes the last archived by that time, so the order must stay),
and at the next mark it is written anew, so that its change and birth times are the
mark's too, as the mix does for a month's answers (store.py). Backups and restores round
these times the same way (``store_backup.rounded``).

Folders have times too: adding a file sets its folder's. The first post ever made
``limits/`` (so the data folder's time was that post's second), and the post that made a
rate limit's last shard file set ``limits/submit/`` to its second, for good. So these
folders are made at start-up (:func:`make_folders`: a folder's birth time cannot be
changed), and at every mark :func:`settle_at_mark` gives them the mark's times.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from . import sweeper
from .store_files import make_dir, write_new

log = logging.getLogger(__name__)

#: What an archived version is called: its version and ".json" (temporary files start with ".").
_VERSION_GLOB = "[!.]*.json"

#: A change this long after a mark was made by a request, not by the clean-up at the mark
#: (which runs within a second or so of it, unless the machine is very busy: then it is
#: done again at the next mark).
AT_MARK_SECONDS = 5


def stamp_for_new(folder: Path, now: float | None = None) -> int:
    """The time to give a version archived in ``folder`` now: the last mark, or one second
    after the newest version there when that is later (two versions in one ten minutes)."""
    mark = sweeper.mark_before(time.time() if now is None else now)
    newest = max((int(_stat(p).st_mtime) for p in folder.glob(_VERSION_GLOB)), default=0)
    return max(mark, newest + 1)


def settle_folder(folder: Path, now: float | None = None) -> None:
    """Give ``folder`` the last mark as its modification time: adding a file there set it
    to the second of the request."""
    mark = sweeper.mark_before(time.time() if now is None else now)
    os.utime(folder, (mark, mark))


def settle_at_mark(archive_dir: Path, folders: list[Path]) -> None:
    """At a mark: write anew every archived version a request made (its change and birth
    times are the request's), and give ``folders``, ``archive_dir`` and its folders that a
    request changed their mark's time (which sets their change time to now, the mark)."""
    version_folders = _version_folders(archive_dir)
    for folder in version_folders:
        for path in sorted(folder.glob(_VERSION_GLOB)):
            if _off_mark(_stat(path)):
                _rewrite(path)
    for folder in [*folders, archive_dir, *version_folders]:
        st = _stat(folder)
        if _off_mark(st) or not _on_grid(st):
            _settle_quietly(folder, st)


def make_folders(folders: list[Path]) -> None:
    """Make each of ``folders`` that is missing (parents first), owned as the data folder."""
    for folder in folders:
        try:
            make_dir(folder)
        except OSError as exc:  # the start-up checks already said why
            log.warning("cannot make %s: %s", folder, exc)
            return


def settle_archive(archive_dir: Path) -> int:
    """Move every archived version's modification time (and its folder's) onto the
    grid, keeping their order; returns how many versions changed. For versions archived before the times were rounded
    (an older collector); a no-op once done, so it runs at every start."""
    changed = 0
    folders = _version_folders(archive_dir)
    for folder in folders:
        previous = 0
        for now_ns, _, path in sorted((*archived_at(p), p) for p in folder.glob(_VERSION_GLOB)):
            wanted = max(sweeper.mark_before(now_ns / 1e9), previous + 1)
            previous = wanted
            if now_ns != wanted * 1_000_000_000:
                try:
                    os.utime(path, (wanted, wanted))
                except OSError as exc:  # not ours (a restore as root): say so, serve on
                    log.warning("cannot move the time of %s onto the grid: %s", path, exc)
                    continue
                changed += 1
    for folder in [archive_dir, *folders]:  # an older collector left a request's second
        st = _stat(folder)
        if not _on_grid(st):
            _settle_quietly(folder, st)
    if changed:
        log.info("moved the times of %d archived form versions onto the ten-minute grid", changed)
    return changed


def archived_at(path: Path) -> tuple[int, str]:
    """The order of archived versions (``FormRegistry.latest`` takes the last): by
    modification time, then name; a version removed meanwhile sorts first."""
    return (_stat(path).st_mtime_ns, path.name)


def _version_folders(archive_dir: Path) -> list[Path]:
    """The folders of archived versions, one per questionnaire; none if there is none."""
    try:
        return sorted(p for p in archive_dir.iterdir() if p.is_dir())
    except FileNotFoundError:
        return []


def _on_grid(st: os.stat_result) -> bool:
    """Whether a modification time is a mark's (a path that is gone reads as one)."""
    return not st.st_mtime_ns % (sweeper.MARK_SECONDS * 10**9)


def _off_mark(st: os.stat_result) -> bool:
    """Whether a path was last changed well after a mark: by a request, not a clean-up."""
    changed = st.st_ctime
    return bool(changed) and changed - sweeper.mark_before(changed) > AT_MARK_SECONDS


def _rewrite(path: Path) -> None:
    """Write ``path`` anew (a new file, moved over it), with the same modification time."""
    try:
        write_new(path, path.read_bytes(), path.stat().st_mtime_ns)
    except OSError as exc:  # a full disk, or removed meanwhile: the next mark tries again
        log.warning("cannot write %s anew at the ten-minute mark: %s", path, exc)


def _settle_quietly(folder: Path, st: os.stat_result) -> None:
    """Round ``folder``'s own modification time (``st``'s) down to its mark, if it may be
    changed."""
    try:
        settle_folder(folder, st.st_mtime_ns / 1e9)
    except OSError as exc:
        log.warning("cannot move the time of %s onto the grid: %s", folder, exc)


#: What a path that is not there reads as: every time 0 (the float and nanosecond ones too).
_GONE = os.stat_result((0,) * 10 + (0.0, 0.0, 0.0) + (0, 0, 0))


def _stat(path: Path) -> os.stat_result:
    try:
        return path.stat()
    except OSError:  # removed meanwhile
        return _GONE
