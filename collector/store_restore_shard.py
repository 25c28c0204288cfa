"""Writing one shard of a backup into the store, for ``store_restore.py``: a month the
store lacks is put in place whole (``put_in_place``); into a month it has, the missing
answers are appended one durable line at a time (``merge_shard``), so a leaver's post never
waits long for the questionnaire's lock.
"""

from __future__ import annotations

import fcntl
import os
import random
import time
from array import array
from contextlib import suppress
from dataclasses import dataclass

from . import removal_list, store_redact
from .store_backup import rounded
from .store_backup_reader import Source
from .store_files import fsync_dir, open_file
from .store_format import (
    REMOVED_NAME,
    RESTORE_SUFFIX,
    SHARD_SUFFIX,
    Scan,
    StoreError,
    closed_before,
    frame,
    is_meta,
    is_tombstone,
    payload_id,
    payload_key,
)
from .store_order import Change, read_line, write_copy
from .store_writer import SlugLog, os_errors

#: How long a restore holds a questionnaire's lock at a time: leavers' posts wait this long.
HOLD_SECONDS = 0.05


@dataclass
class ShardResult:
    """What a restore did with one shard of the backup."""

    slug: str
    month: str
    added: int = 0
    present: int = 0
    removed: int = 0  # left out: HR deleted them
    skipped: bool = False  # older than the retention setting keeps


def counted(change: Change, result: ShardResult) -> Change:
    """``change``, counting in ``result`` the responses it leaves out."""

    def counting(payload: bytes) -> bytes | None:
        changed = change(payload)
        if changed is None or is_tombstone(changed):
            result.removed += 1
        return changed

    return counting


def put_in_place(
    slug_log: SlugLog,
    src: Source,
    fd: int,
    offsets: array,
    lengths: array,
    result: ShardResult,
    tombstones: list[bytes],
    change: Change | None,
) -> bool:
    """A month the store lacks: write it whole beside the others, in random order, and
    move it in under the lock if the store still lacks it (a leaver may have answered
    meanwhile) and none of its retry keys was sent again since; True when done."""
    path = slug_log.path(src.month)
    if os.path.exists(path):
        return False
    temp = path[: -len(SHARD_SUFFIX)] + RESTORE_SUFFIX
    keep_keys = src.month >= closed_before()
    with os_errors(f"cannot restore {path}"):
        tfd, _ = open_file(temp, os.O_RDWR, create=True)
        try:
            try:
                fcntl.flock(tfd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise StoreError(f"another restore is writing {temp}") from None
            try:
                write_copy(
                    slug_log, tfd, fd, src.name, offsets, lengths, keep_keys, tombstones, change
                )
                when = rounded(src.mtime)
                os.utime(tfd, (when, when))
                keys = [
                    payload_key(read_line(fd, src.name, o, n))
                    for o, n in zip(offsets, lengths, strict=True)
                ]
                with slug_log.locked():
                    if os.path.exists(path) or _any_known(slug_log, src.month, keys):
                        os.unlink(temp)
                        result.removed = 0  # counted again by the merge that follows
                        return False
                    os.replace(temp, path)
                    fsync_dir(slug_log.dir)
            except BaseException:
                with suppress(FileNotFoundError):
                    os.unlink(temp)
                raise
        finally:
            os.close(tfd)
    result.added = len(offsets) - result.removed
    return True


def _any_known(slug_log: SlugLog, month: str, keys: list[int | None]) -> bool:
    """True when a shard next to ``month`` holds one of ``keys`` (lock held)."""
    wanted = {key for key in keys if key is not None}
    for other in slug_log.neighbours(month):
        near = slug_log.shard(other, create=False)
        if near is not None and not wanted.isdisjoint(near.keys):
            return True
    return False


def merge_shard(
    slug_log: SlugLog,
    src: Source,
    fd: int,
    offsets: array,
    lengths: array,
    result: ShardResult,
    keep_keys: bool,
) -> None:
    """Append the answers of ``src`` the store's month lacks, one durable line at a time,
    holding the lock for ``HOLD_SECONDS`` at most at a time. HR's list is read again
    whenever it changed: a response HR deletes from a closed month while this runs leaves
    no retry key behind, and would otherwise come back from the backup."""
    month = src.month
    listed = _ListWatch(slug_log.dir)
    ids: set[bytes] = set()
    seen = 0  # bytes of the shard whose ids are in ``ids``
    ident: tuple[int, int] | None = None
    pending = list(range(len(offsets)))
    random.Random(os.urandom(32)).shuffle(pending)  # a folder copy may be in arrival order
    path = slug_log.path(month)
    while pending:
        with slug_log.locked(), os_errors(f"cannot restore into {path}"):
            shard = slug_log.shard(month, create=True)
            assert shard is not None
            if shard.ident != ident:  # new, or replaced by a mix: read its ids again
                ids.clear()
                ident, seen = shard.ident, 0
            _read_ids(shard.fd, seen, shard.offset, ids)
            if listed.changed():
                change = counted(store_redact.change_for(listed.entries, keep_keys), result)
            near = [
                n.keys
                for other in slug_log.neighbours(month)
                if (n := slug_log.shard(other, create=False)) is not None
            ]
            until = time.monotonic() + HOLD_SECONDS
            while pending and time.monotonic() < until:
                i = pending.pop()
                payload = read_line(fd, src.name, offsets[i], lengths[i])
                doc_id = _payload_id(payload)
                key = payload_key(payload)
                if doc_id in ids:
                    result.present += 1
                    continue
                known = key is not None and (key in shard.keys or any(key in k for k in near))
                changed = change(payload)
                if changed is None or is_tombstone(changed):  # HR deleted it
                    if changed is not None and not known:
                        slug_log.write_line(shard, frame(changed))  # its retry key stays
                        shard.keys[key] = None  # type: ignore[index]
                    continue
                payload = changed
                if known:
                    result.present += 1
                    continue
                slug_log.write_line(shard, frame(payload))
                if key is not None:
                    shard.keys[key] = None
                ids.add(doc_id)
                result.added += 1
            seen = shard.offset


class _ListWatch:
    """A questionnaire's list of what HR removed, read again only when the file changed
    (its lock held): HR may remove something while a restore runs."""

    def __init__(self, folder: str) -> None:
        self.path = os.path.join(folder, REMOVED_NAME)
        self.folder = folder
        self.stamp: tuple[int, ...] | None = None
        self.entries: dict[str, removal_list.Entry] = {}

    def changed(self) -> bool:
        """Read the list again if the file changed since; True when it was."""
        try:
            st = os.stat(self.path)
            stamp: tuple[int, ...] = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
        except FileNotFoundError:
            stamp = ()
        if stamp == self.stamp:
            return False
        self.entries = removal_list.read_removed(self.folder)
        self.stamp = stamp
        return True


def _read_ids(fd: int, start: int, end: int, ids: set[bytes]) -> None:
    """Add the ids of the responses in ``[start, end)`` of a shard to ``ids``."""
    for _, payload in Scan(fd, start, end):
        if not is_meta(payload):
            ids.add(_payload_id(payload))


def _payload_id(payload: bytes) -> bytes:
    """The response's random id, read without parsing the JSON."""
    doc_id = payload_id(payload)
    if not doc_id:
        raise StoreError("a response without an id")
    return doc_id
