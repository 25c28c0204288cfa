"""Moving a month an older collector filed under a quarter's or a year's first month
(``store_legacy.py`` says which) to the period's last month, at start-up.

It is put in place the way a restore puts a month in place (a copy in random order, HR's
removals applied; answer by answer, nothing twice, when that month exists already), and
then the old file goes. Safe while other workers start and run: each step takes the
questionnaire's lock, and a second worker doing the same finds every answer there.

Once every month has been looked at, ``.refiled`` in the store's folder says so, and later
starts skip the reading: this collector never files a month like that (a restore of an
older backup files its months itself, store_restore.py).
"""

from __future__ import annotations

import logging
import os
from contextlib import suppress
from pathlib import Path

from . import removal_list, store_redact
from .store import ResponseStore
from .store_backup_reader import Source
from .store_files import fsync_dir, open_file, open_read
from .store_format import StoreError, closed_before, corrupt_message
from .store_legacy import refiled_month
from .store_order import index_fd
from .store_restore_shard import ShardResult, merge_shard, put_in_place
from .store_writer import os_errors

log = logging.getLogger(__name__)


#: In the store's folder once every month was looked at (not a questionnaire: a dot name).
DONE_NAME = ".refiled"


def refile(store: ResponseStore) -> list[str]:
    """Move every month filed under a quarter's or a year's first month to the period's
    last month; returns what was moved, as ``slug old -> new`` lines (also logged).

    Once per data folder: else every start of every worker and command would read a third
    of the months again."""
    done = os.path.join(store.directory, DONE_NAME)
    if os.path.exists(done):
        return []
    moved = []
    for slug in store.slugs():
        for month in store.months(slug):
            path = store.shard_path(slug, month)
            try:
                fd = open_read(path)
            except FileNotFoundError:
                continue  # another worker refiled it, or a purge took it
            except OSError as exc:
                raise StoreError(f"cannot read {path}: {exc.strerror}") from exc
            try:
                target = refiled_month(fd, month, path)
                if target != month:
                    _move(store, slug, month, target, fd)
            finally:
                os.close(fd)
            if target != month:
                moved.append((slug, month, target))
                log.warning(
                    "%s/%s.jsonl: moved to %s.jsonl (an older collector filed a quarter or "
                    "a year under its first month, so retention would delete it too soon)",
                    slug,
                    month,
                    target,
                )
    for slug in sorted({slug for slug, _, _ in moved}):
        store_redact.enforce(store, slug)
        store.compact(slug)
        store.mix(slug)
    with suppress(FileExistsError), os_errors(f"cannot write {done}"):
        fd, _ = open_file(done, os.O_WRONLY, create=True)  # owner-only, the folder's owner's
        os.close(fd)
    return [f"{slug} {month} -> {target}" for slug, month, target in moved]


def _move(store: ResponseStore, slug: str, month: str, target: str, fd: int) -> None:
    """Put the shard ``fd`` of ``month`` in place as ``target`` (or add what ``target``
    lacks of it), then delete it."""
    slug_log = store.slug_log(slug, create=False)
    assert slug_log is not None
    path = slug_log.path(month)
    tombstones: list[bytes] = []
    offsets, lengths, scan = index_fd(fd, None, tombstones)
    if scan.corrupt_at is not None:
        raise StoreError(corrupt_message(path, scan) + f" It stays filed under {month}.")
    src = Source(slug, target, path, os.fstat(fd).st_mtime, path=Path(path))
    result = ShardResult(slug, target)
    keep_keys = target >= closed_before()
    change = store_redact.change_for(removal_list.read_removed(slug_log.dir), keep_keys)
    if not put_in_place(slug_log, src, fd, offsets, lengths, result, tombstones, change):
        merge_shard(slug_log, src, fd, offsets, lengths, result, keep_keys)
    with slug_log.locked(), os_errors(f"cannot delete {path}"):
        with suppress(FileNotFoundError):
            os.unlink(path)
        fsync_dir(slug_log.dir)
        slug_log.drop(month)
