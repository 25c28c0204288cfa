"""Whole-month work on the response store: deleting months past retention (purge) and
rewriting months in random order (compact for closed months, mix for open ones).

``store.py`` adds and reads single answers; this module only ever handles a shard as a
whole, under its questionnaire's lock, through the store's public handles.
"""

from __future__ import annotations

import os
from contextlib import suppress
from typing import TYPE_CHECKING

from .store_files import fsync_dir, open_read
from .store_format import (
    REDACT_SUFFIX,
    RESTORE_SUFFIX,
    SHARD_SUFFIX,
    Scan,
    check_slug,
    closed_before,
    is_meta,
    is_mixed,
)
from .store_order import shuffle_shard, temp_path
from .store_writer import SlugLog, os_errors

if TYPE_CHECKING:
    from .store import ResponseStore


def purge(store: ResponseStore, slug: str | None, before_month: str) -> int:
    """Delete every shard of ``slug`` (of all questionnaires if None) whose month is before
    ``before_month``; returns the number of responses removed."""
    removed = 0
    for name in [check_slug(slug)] if slug is not None else store.slugs():
        slug_log = store.slug_log(name, create=False)
        if slug_log is None:
            continue
        for month in store.months(name):
            if month < before_month:
                removed += _purge_shard(slug_log, month)
    return removed


def _purge_shard(slug_log: SlugLog, month: str) -> int:
    path = slug_log.path(month)
    with slug_log.locked(), os_errors(f"cannot purge {path}"):
        try:
            fd = open_read(path)
        except FileNotFoundError:
            return 0
        try:
            # Lenient count: a damaged shard can still be deleted.
            count = sum(1 for _, payload in Scan(fd) if not is_meta(payload))
        finally:
            os.close(fd)
        os.unlink(path)  # atomic; writers notice by inode and start a new file
        stem = path[: -len(SHARD_SUFFIX)]
        for left in (temp_path(slug_log, month), stem + RESTORE_SUFFIX, stem + REDACT_SUFFIX):
            with suppress(FileNotFoundError):
                os.unlink(left)  # a shuffle's, restore's or HR removal's copy, left by a crash
        fsync_dir(slug_log.dir)
        slug_log.drop(month)
    return count


def rewrite(store: ResponseStore, slug: str | None, *, open_months: bool) -> tuple[int, int]:
    """compact() (closed months, keys dropped) or mix() (open months, keys kept):
    (shards rewritten, shards left for later for want of free disk)."""
    cutoff = closed_before()
    done = later = 0
    for name in [check_slug(slug)] if slug is not None else store.slugs():
        slug_log = store.slug_log(name, create=False)
        if slug_log is None:
            continue
        for month in store.months(name):
            if (month >= cutoff) == open_months:
                result = shuffle_shard(slug_log, month, keep_keys=open_months)
                done += result is True
                later += result is None
    return done, later


def any_open_month_unmixed(store: ResponseStore) -> bool:
    """True when an open month got answers since it was last put in random order: a
    process stopped (a restart, a crash, a copy moved to a new machine) before its mix."""
    cutoff = closed_before()
    return any(
        month >= cutoff and not _is_mixed(store.shard_path(slug, month))
        for slug in store.slugs()
        for month in store.months(slug)
    )


def _is_mixed(path: str) -> bool:
    """True when nothing was added to the shard at ``path`` since it was last put in
    random order (or it is gone)."""
    with os_errors(f"cannot read {path}"):
        try:
            fd = open_read(path)
        except FileNotFoundError:
            return True
        try:
            return is_mixed(fd, os.fstat(fd).st_size)
        finally:
            os.close(fd)
