"""Restores that add only what is missing, safe while the collector runs.

``flask --app collector restore SOURCE`` takes an archive the backup command wrote
(``store_backup.py``), or a copy of the data folder (``cp -a``, ``tar``, ``rsync``), and
adds every answer the store does not have, under the store's locks. An answer is
recognised by its random ``id`` (kept by every rewrite) and, in open months, by its retry
key, so restoring twice, or restoring a backup older than answers that were sent again
since, adds nothing twice. A month the store lacks is put in place whole, with its time;
into a month it has, the missing answers are appended one by one, each ``fdatasync``'d as
an answer is.

What HR removed (``store_redact.py``) stays removed: the store's list of removed
responses, merged with the list inside the backup, is applied to every answer restored
(a deleted one is left out, a blanked answer blanked), and then to the store once more, in
case the backup's list names answers the store got from an older backup before.
"""

from __future__ import annotations

import fcntl
import logging
import os
import random
import time
from array import array
from contextlib import ExitStack, suppress
from dataclasses import dataclass, field
from pathlib import Path

from . import removal_list, store_redact
from .file_write import write_all
from .store import ResponseStore
from .store_backup import VERSION_NAME, rounded
from .store_backup_reader import Source, open_source, opened
from .store_files import fsync_dir, make_dir, open_file
from .store_format import (
    REMOVED_NAME,
    RESTORE_SUFFIX,
    SHARD_SUFFIX,
    Scan,
    StoreError,
    check_slug,
    closed_before,
    corrupt_message,
    frame,
    is_meta,
    is_tombstone,
    payload_id,
    payload_key,
)
from .store_legacy import refiled_month
from .store_order import Change, index_fd, read_line, write_copy
from .store_writer import SlugLog, os_errors

log = logging.getLogger(__name__)

#: How long a restore holds a questionnaire's lock at a time: leavers' posts wait this long.
HOLD_SECONDS = 0.05

# -- restore ---------------------------------------------------------------------------


@dataclass
class ShardResult:
    """What a restore did with one shard of the backup."""

    slug: str
    month: str
    added: int = 0
    present: int = 0
    removed: int = 0  # left out: HR deleted them
    skipped: bool = False  # older than the retention setting keeps


@dataclass
class RestoreSummary:
    shards: list[ShardResult] = field(default_factory=list)
    forms: int = 0
    password: str = "none"  # "restored", "kept" (one is set already) or "none"
    ignored: list[str] = field(default_factory=list)

    @property
    def added(self) -> int:
        return sum(shard.added for shard in self.shards)

    @property
    def present(self) -> int:
        return sum(shard.present for shard in self.shards)

    @property
    def removed(self) -> int:
        return sum(shard.removed for shard in self.shards)


def restore(
    store: ResponseStore,
    data_dir: Path,
    password_file: str,
    source: Path,
    keep_from: str | None = None,
) -> RestoreSummary:
    """Add what ``source`` (a backup archive or a copy of a data folder) holds and the
    store lacks. Months before ``keep_from`` (the retention setting's first kept month)
    are left out. Raises StoreError, having changed nothing, when a shard of the backup is
    damaged or the source cannot be read."""
    with ExitStack() as stack:
        backup = open_source(source, stack, password_file)
        # Every shard is checked before anything is added: one fd at a time, in the
        # archive's order (a compressed archive is read forwards only, cheaply).
        problems = []
        for src in backup.shards:
            with opened(backup, src, store.directory) as fd:
                scan = index_fd(fd)[2]
                if scan.corrupt_at is not None:
                    problems.append(corrupt_message(src.name, scan))
                else:  # a quarter or a year an older collector filed under its first month
                    src.month = refiled_month(fd, src.month, src.name)
        lists: dict[str, dict[str, removal_list.Entry]] = {}
        for slug, name, text in backup.removed:
            try:
                more = removal_list.parse_removed(removal_list.decode_list(text, name), name)
            except StoreError as exc:
                problems.append(str(exc))
                continue
            removal_list.merge(lists.setdefault(slug, {}), more)
        # The store's own lists too: one that cannot be read stops the restore here, not
        # half way, after the questionnaires before it were restored.
        for slug in sorted({src.slug for src in backup.shards} - set(lists)):
            slug_log = store._log(slug, create=False)
            if slug_log is not None:
                try:
                    removal_list.read_removed(slug_log.dir)
                except StoreError as exc:
                    problems.append(str(exc))
        if problems:
            raise StoreError("nothing was restored: " + "; ".join(problems))
        summary = RestoreSummary(ignored=backup.ignored)
        removed = _removed_lists(store, lists)
        for src in backup.shards:
            result = ShardResult(src.slug, src.month)
            summary.shards.append(result)
            if keep_from is not None and src.month < keep_from:
                result.skipped = True
                continue
            slug_log = store._log(src.slug, create=True)
            assert slug_log is not None
            if src.slug not in removed:
                removed[src.slug] = removal_list.read_removed(slug_log.dir)
            entries = removed[src.slug]
            with opened(backup, src, store.directory) as fd:
                tombstones: list[bytes] = []
                offsets, lengths, _ = index_fd(fd, None, tombstones)
                keep_keys = src.month >= closed_before()
                change = _counted(store_redact.change_for(entries, keep_keys), result)
                if not put_in_place(
                    slug_log, src, fd, offsets, lengths, result, tombstones, change
                ):
                    merge_shard(slug_log, src, fd, offsets, lengths, result, keep_keys)
        summary.shards.sort(key=lambda r: (r.slug, r.month))
        summary.forms = _restore_forms(data_dir / "forms", backup.forms)
        summary.password = _restore_password(data_dir, password_file, backup.password)
    # The backup's list may name answers an earlier restore brought in, and HR may have
    # removed one while this ran (after its month was put in place): take them out, by
    # the list as it is now.
    for slug in sorted(removed.keys() | {r.slug for r in summary.shards if r.added}):
        store_redact.enforce(store, slug)
    # What was added is at the end of its months, in random order; put it among the rest,
    # and shuffle a closed month again without its retry keys.
    for slug in sorted({r.slug for r in summary.shards if r.added}):
        try:
            store.compact(slug)
            store.mix(slug)
        except StoreError as exc:
            log.warning("restored, but could not put %s in random order yet: %s", slug, exc)
    return summary


def _removed_lists(
    store: ResponseStore, lists: dict[str, dict[str, removal_list.Entry]]
) -> dict[str, dict[str, removal_list.Entry]]:
    """Add the backup's lists of what HR removed to the store's, durably, before any
    answer is restored; returns the merged list of each of those questionnaires."""
    merged = {}
    for slug, entries in sorted(lists.items()):
        slug_log = store._log(slug, create=True)
        assert slug_log is not None
        with slug_log.locked():
            removal_list.remember(slug_log, entries)
        merged[slug] = removal_list.read_removed(slug_log.dir)
    return merged


def _counted(change: Change, result: ShardResult) -> Change:
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
                change = _counted(store_redact.change_for(listed.entries, keep_keys), result)
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
                        slug_log._write(shard, frame(changed))  # its retry key stays
                        shard.keys[key] = None  # type: ignore[index]
                    continue
                payload = changed
                if known:
                    result.present += 1
                    continue
                slug_log._write(shard, frame(payload))
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


def _restore_forms(forms: Path, versions: list[tuple[str, str, bytes, float]]) -> int:
    """Put back every form version the data folder lacks; returns how many."""
    count = 0
    for slug, name, data, mtime in versions:
        try:
            check_slug(slug)
        except ValueError:
            continue
        if not VERSION_NAME.fullmatch(name):
            continue
        target = forms / slug / name
        if target.exists():
            continue
        for folder in (forms, forms / slug):
            make_dir(folder)
        _write_new(target, data, mtime)
        count += 1
    return count


def _restore_password(data_dir: Path, name: str, password: tuple[bytes, float] | None) -> str:
    if password is None:
        return "none"
    target = data_dir / name
    if target.exists():
        return "kept"
    _write_new(target, *password)
    return "restored"


def _write_new(target: Path, data: bytes, mtime: float) -> None:
    """Write ``target`` (0600, the folder owner's) whole, then move it in."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with suppress(FileNotFoundError):
        temporary.unlink()
    fd, _ = open_file(str(temporary), os.O_WRONLY, create=True)
    try:
        write_all(fd, data)  # a form version cut short would be no JSON
        os.fsync(fd)
        when = rounded(mtime)
        os.utime(fd, (when, when))
    except OSError:
        os.close(fd)
        temporary.unlink()
        raise
    os.close(fd)
    os.replace(temporary, target)
    fsync_dir(str(target.parent))


__all__ = ["RestoreSummary", "ShardResult", "restore"]
