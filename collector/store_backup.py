"""Backups taken while the collector runs.

``flask --app collector backup FILE`` writes a tar archive (gzip-compressed when FILE ends
in ``.gz`` or ``.tgz``) that ``tar -xf`` unpacks into a data folder:

    responses/<slug>/<YYYY-MM>.jsonl   every shard, as it was at one moment
    responses/<slug>/removed-by-hr     the IDs of the responses HR removed (store_redact.py)
    forms/<slug>/<version>.json        the form versions the answers were given with
    admin-password                     the salted hash of the HR password, if one is set

The moment is one for the whole store: every questionnaire's lock is held at once while
the shards' lengths are taken (a few milliseconds; leavers' posts wait that long), and only
those bytes are copied, so an answer acknowledged before the backup began is in it, and no
answer is in it half. Each shard goes into the archive in a fresh random order with its
trailer, as the store itself rewrites it (``store_order.py``): an open month keeps its retry
keys, a closed one loses them. So a backup never holds the order of the latest answers, as
a copy of the folder does until the next ten-minute mark, and its times are rounded down to
ten minutes (``sweeper.MARK_SECONDS``). Left out: ``store.lock`` and ``*.shuffle``, ``limits/``, ``secret-key``,
``signed-out-sessions`` and ``retention-clock`` (README.md, docs/storage.md).

``flask --app collector restore SOURCE`` takes such an archive back (``store_restore.py``).
"""

from __future__ import annotations

import logging
import os
import re
import tarfile
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from . import sweeper
from .store import ResponseStore
from .store_files import open_read
from .store_format import (
    DIR_MODE,
    FILE_MODE,
    REMOVED_NAME,
    SHARD_SUFFIX,
    closed_before,
    corrupt_message,
)
from .store_order import index_fd, write_shuffled
from .store_writer import SlugLog, os_errors

log = logging.getLogger(__name__)


VERSION_NAME = re.compile(r"[A-Za-z0-9]{1,64}\.json")
ARCHIVE_MEMBER = re.compile(
    r"(?:.*/)?(?:"
    r"responses/(?P<slug>[^/]+)/(?P<shard>[^/]+)"
    r"|forms/(?P<form>[^/]+)/(?P<version>[^/]+)"
    r"|(?P<password>admin-password))"
)


def rounded(when: float) -> int:
    """``when`` rounded down to the clean-ups' ten-minute grid, for the times written into
    a backup and given to the shards a restore puts in place: a shard's time may be its
    latest answer's."""
    return sweeper.mark_before(when)


# -- backup ----------------------------------------------------------------------------


@dataclass
class BackupSummary:
    """What a backup holds."""

    responses: int = 0
    shards: list[str] = field(default_factory=list)
    forms: int = 0
    password: bool = False
    damaged: list[str] = field(default_factory=list)


@dataclass
class _Snap:
    """One shard as it was at the backup's moment: an fd and the length that counts. A
    closed month (no answers expected) is opened only when its turn comes: a store of many
    years would otherwise need more open files than a process may have."""

    slug: str
    month: str
    path: str
    fd: int = -1
    size: int = 0
    mtime: float = 0.0


def _take_now(snap: _Snap) -> bool:
    """Open ``snap``'s shard and take its length (its questionnaire's lock held); False
    when it is gone (purged meanwhile)."""
    with os_errors(f"cannot read {snap.path}"):
        try:
            snap.fd = open_read(snap.path)
        except FileNotFoundError:
            return False
        st = os.fstat(snap.fd)
    snap.size, snap.mtime = st.st_size, st.st_mtime
    return True


@contextmanager
def _snapshot(store: ResponseStore) -> Iterator[list[_Snap]]:
    """Every shard of ``store`` at one moment: all questionnaire locks held while the open
    months' lengths are taken. A shard only grows or is replaced whole (a new file), so
    the first ``size`` bytes of the fd opened then stay as they were."""
    snaps: list[_Snap] = []
    closed = closed_before()
    try:
        logs: list[tuple[str, SlugLog]] = []
        for slug in store.slugs():
            slug_log = store.slug_log(slug, create=False)
            if slug_log is not None:
                logs.append((slug, slug_log))
        with ExitStack() as held:
            for _, slug_log in logs:  # sorted by slug: two backups never deadlock
                held.enter_context(slug_log.locked())
            for slug, _ in logs:
                for month in store.months(slug):
                    snap = _Snap(slug, month, store.shard_path(slug, month))
                    if month < closed or _take_now(snap):
                        snaps.append(snap)
        yield snaps
    finally:
        for snap in snaps:
            if snap.fd >= 0:
                os.close(snap.fd)


def write_backup(
    store: ResponseStore,
    data_dir: Path,
    password_file: str,
    out: BinaryIO,
    *,
    gzip: bool,
    copy_dir: str | None = None,
) -> BackupSummary:
    """Write the backup archive to ``out`` (a stream: nothing is sought). Each month is
    shuffled into an unnamed file in ``copy_dir``, by default the store's own folder."""
    summary = BackupSummary()
    owner = os.stat(data_dir)
    now = rounded(time.time())
    closed = closed_before()
    with (
        _snapshot(store) as snaps,
        tarfile.open(fileobj=out, mode="w|gz" if gzip else "w|", format=tarfile.PAX_FORMAT) as tar,
    ):
        tar.addfile(_info("responses", tarfile.DIRTYPE, now, owner))
        for slug in sorted({snap.slug for snap in snaps}):
            tar.addfile(_info(f"responses/{slug}", tarfile.DIRTYPE, now, owner))
        for snap in snaps:
            if snap.fd < 0:  # a closed month: as it is now
                slug_log = store.slug_log(snap.slug, create=False)
                assert slug_log is not None
                with slug_log.locked():
                    found = _take_now(snap)
                if not found:
                    continue
            try:
                summary.responses += _add_shard(
                    tar, copy_dir or store.directory, snap, snap.month >= closed, owner, summary
                )
            finally:
                os.close(snap.fd)
                snap.fd = -1
            summary.shards.append(f"{snap.slug}/{snap.month}")
        for slug in sorted({snap.slug for snap in snaps}):
            _add_removed_list(tar, store, slug, owner)
        summary.forms = _add_forms(tar, data_dir / "forms", now, owner)
        password = data_dir / password_file
        with suppress(FileNotFoundError):
            data = password.read_bytes()
            info = _info(password_file, tarfile.REGTYPE, rounded(password.stat().st_mtime), owner)
            _add_bytes(tar, info, data)
            summary.password = True
    return summary


def _add_shard(
    tar: tarfile.TarFile,
    copy_dir: str,
    snap: _Snap,
    keep_keys: bool,
    owner: os.stat_result,
    summary: BackupSummary,
) -> int:
    """Put ``snap``'s answers into the archive in a fresh random order; returns how many."""
    tombstones: list[bytes] = []
    offsets, lengths, scan = index_fd(snap.fd, snap.size, tombstones)
    # Unnamed, in the store's own folder: the answers never pass through /tmp. So it
    # takes room on the data folder's disk: when there is none, say so, and not that the
    # backup's own file could not be written (another disk for it would not help).
    making = f"cannot make the copy of {snap.path} for the backup in {copy_dir}"
    with os_errors(making):
        copy = tempfile.TemporaryFile(dir=copy_dir)  # noqa: SIM115 (closed below)
    try:
        with os_errors(making):
            if scan.corrupt_at is None:
                write_shuffled(
                    copy, snap.fd, snap.path, offsets, lengths, keep_keys, tombstones=tombstones
                )
            else:
                # Copied as it is, damaged line and all, for the repair in docs/storage.md:
                # a backup never drops what the store holds.
                summary.damaged.append(corrupt_message(snap.path, scan))
                _copy_range(snap.fd, copy, scan.good_end)
            size = copy.tell()
            copy.seek(0)  # writes out what is buffered: the last of the room is found here
    except BaseException:
        with suppress(OSError):  # what is still buffered cannot be written either
            copy.close()
        raise
    with copy:
        name = f"responses/{snap.slug}/{snap.month}{SHARD_SUFFIX}"
        tar.addfile(_info(name, tarfile.REGTYPE, rounded(snap.mtime), owner, size), copy)
    return len(offsets)


def _add_removed_list(
    tar: tarfile.TarFile, store: ResponseStore, slug: str, owner: os.stat_result
) -> None:
    """The questionnaire's list of what HR removed, if it has one: a restore of this
    backup into a store that lost its own must still leave those out. Read after the
    shards: the list only grows, so it names at least what they lack."""
    path = os.path.join(store.directory, slug, REMOVED_NAME)
    with suppress(FileNotFoundError):
        with open(path, "rb") as f:
            data = f.read()
            mtime = os.fstat(f.fileno()).st_mtime
        info = _info(f"responses/{slug}/{REMOVED_NAME}", tarfile.REGTYPE, rounded(mtime), owner)
        _add_bytes(tar, info, data)


def _add_forms(tar: tarfile.TarFile, forms: Path, now: int, owner: os.stat_result) -> int:
    """Every archived form version (not the temporary files of one being written)."""
    try:
        slugs = sorted(p.name for p in forms.iterdir() if p.is_dir())
    except FileNotFoundError:
        return 0
    count = 0
    tar.addfile(_info("forms", tarfile.DIRTYPE, now, owner))
    for slug in slugs:
        tar.addfile(_info(f"forms/{slug}", tarfile.DIRTYPE, now, owner))
        for path in sorted((forms / slug).iterdir()):
            if not VERSION_NAME.fullmatch(path.name) or not path.is_file():
                continue
            info = _info(f"forms/{slug}/{path.name}", tarfile.REGTYPE, 0, owner)
            info.mtime = rounded(path.stat().st_mtime)
            _add_bytes(tar, info, path.read_bytes())
            count += 1
    return count


def _info(
    name: str, kind: bytes, mtime: int, owner: os.stat_result, size: int = 0
) -> tarfile.TarInfo:
    """A member owned as the data folder is, owner-only."""
    info = tarfile.TarInfo(name)
    info.type = kind
    info.size = size
    info.mtime = mtime
    info.mode = DIR_MODE if kind == tarfile.DIRTYPE else FILE_MODE
    info.uid, info.gid = owner.st_uid, owner.st_gid
    return info


def _add_bytes(tar: tarfile.TarFile, info: tarfile.TarInfo, data: bytes) -> None:
    with tempfile.SpooledTemporaryFile() as buffer:
        buffer.write(data)
        buffer.seek(0)
        info.size = len(data)
        tar.addfile(info, buffer)


def _copy_range(fd: int, out: BinaryIO, end: int) -> None:
    offset = 0
    while offset < end:
        chunk = os.pread(fd, min(1 << 20, end - offset), offset)
        if not chunk:
            break
        out.write(chunk)
        offset += len(chunk)


def is_archive_name(path: Path) -> bool | None:
    """True for a gzip archive name, False for a plain .tar, None for anything else."""
    name = path.name.lower()
    if name.endswith((".tar.gz", ".tgz")):
        return True
    if name.endswith(".tar"):
        return False
    return None


__all__ = ["BackupSummary", "is_archive_name", "write_backup"]
