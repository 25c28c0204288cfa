"""Times in the data folder on the ten-minute grid, never the second of a leaver's request.

The collector archives a version the first time it meets it: when a leaver opens the
form or, for pages hosted elsewhere, when the first answer to it arrives. The file's
modification time was that moment, for good, and the version is in every answer given
with it: when only one leaver answered a version (HR fixed a typo, then rebuilt again),
the data folder held the second that leaver opened the form or sent it. So a version gets
the mark before it was archived instead, or one second after the newest version beside
it (``FormRegistry.latest`` takes the last archived by its time: the order must stay).
Backups and restores already round these times the same way (``store_backup.rounded``).

Folders have times too: adding a file sets its folder's time. The first post ever made
``limits/`` (so the data folder's time was that post's second), and the post that made a
rate limit's last shard file set ``limits/submit/`` to its second, for good.
:func:`settle_folders` rounds such folders down to their mark at every mark.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from . import sweeper

log = logging.getLogger(__name__)

#: What an archived version is called: its version and ".json" (temporary files start with ".").
_VERSION_GLOB = "[!.]*.json"


def stamp_for_new(folder: Path, now: float | None = None) -> int:
    """The time to give a version archived in ``folder`` now: the last mark, or one second
    after the newest version there when that is later (two versions in one ten minutes)."""
    mark = sweeper.mark_before(time.time() if now is None else now)
    newest = max((int(_mtime(p)) for p in folder.glob(_VERSION_GLOB)), default=0)
    return max(mark, newest + 1)


def settle_folder(folder: Path, now: float | None = None) -> None:
    """Give ``folder`` (a version's folder, or the folder of all of them) the last mark
    as its time: adding a file there set it to the second of the request."""
    mark = sweeper.mark_before(time.time() if now is None else now)
    os.utime(folder, (mark, mark))


def settle_folders(folders: list[Path]) -> None:
    """Round the time of each folder in ``folders`` that is off the grid down to its mark
    (a folder that is not there, or not ours, is left as it is)."""
    for folder in folders:
        when_ns = _mtime_ns(folder)
        if when_ns and when_ns % (sweeper.MARK_SECONDS * 1_000_000_000):
            _settle_quietly(folder)


def settle_archive(archive_dir: Path) -> int:
    """Move every archived version's time onto the grid, keeping their order; returns how
    many changed. For versions archived before the times were rounded (an older
    collector); a no-op once done, so it runs at every start."""
    changed = 0
    try:
        folders = sorted(p for p in archive_dir.iterdir() if p.is_dir())
    except FileNotFoundError:
        return 0
    for folder in folders:
        changed_here = 0
        previous = 0
        files = sorted(folder.glob(_VERSION_GLOB), key=lambda p: (_mtime_ns(p), p.name))
        for path in files:
            now_ns = _mtime_ns(path)
            wanted = max(sweeper.mark_before(now_ns / 1e9), previous + 1)
            previous = wanted
            if now_ns != wanted * 1_000_000_000:
                try:
                    os.utime(path, (wanted, wanted))
                except OSError as exc:  # not ours (a restore as root): say so, serve on
                    log.warning("cannot move the time of %s onto the grid: %s", path, exc)
                    continue
                changed_here += 1
        if changed_here:
            _settle_quietly(folder)
            changed += changed_here
    if changed:
        _settle_quietly(archive_dir)
        log.info("moved the times of %d archived form versions onto the ten-minute grid", changed)
    return changed


def _settle_quietly(folder: Path) -> None:
    """Round ``folder``'s own time down to its mark, if it may be changed."""
    try:
        settle_folder(folder, _mtime_ns(folder) / 1e9)
    except OSError as exc:
        log.warning("cannot move the time of %s onto the grid: %s", folder, exc)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # removed meanwhile
        return 0.0


def _mtime_ns(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0
