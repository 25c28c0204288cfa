"""The report's counts, remembered for the store's shard files exactly as they are.

Counting is a pass over every stored response: about 5 s of a worker's time at 100k
responses and 15 s at 300k. HR opens the report, tries a breakdown, opens it again and
downloads the file: each was a new pass. The counts (``report_stats.Tally``) depend only on
the stored responses, the questionnaire's versions and what is split, broken down or held
back in steps; so they are kept per process under all of those, with the responses standing
for themselves by the fingerprint of every shard file (``store_counts.fingerprint``: size,
inode and change time, which every append, removal, purge or restore changes). A response
stored or removed through another worker, or by a command, changes a fingerprint, and the
next view counts again: the live report stays live. A few views are kept, the most recent.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

from .store import ResponseStore
from .store_counts import Fingerprint, stat_fingerprint

#: Views remembered per worker process; each is counters and at most 200 texts per field.
KEPT = 8

T = TypeVar("T")

_kept: OrderedDict[Hashable, object] = OrderedDict()
_lock = threading.Lock()


def shard_files(store: ResponseStore, slugs: Iterable[str]) -> tuple[tuple[str, Fingerprint], ...]:
    """(path, fingerprint) of every shard of ``slugs``: what a count of them depends on."""
    found = []
    for slug in slugs:
        for month in store.months(slug):
            path = store.shard_path(slug, month)
            try:
                st = os.stat(path)
            except FileNotFoundError:  # purged since it was listed
                continue
            found.append((path, stat_fingerprint(st)))
    return tuple(found)


def counted(store: ResponseStore, slugs: list[str], view: Hashable, count: Callable[[], T]) -> T:
    """``count()`` (a pass over the responses of ``slugs``), or what it gave last time for
    the same ``view`` when no shard of ``slugs`` changed since."""
    before = shard_files(store, slugs)
    key = (store.directory, tuple(slugs), view, before)
    with _lock:
        if key in _kept:
            _kept.move_to_end(key)
            return _kept[key]  # type: ignore[return-value]
    result = count()
    # A shard that changed during the pass: right for now, but not for these files.
    if shard_files(store, slugs) == before:
        with _lock:
            _kept[key] = result
            while len(_kept) > KEPT:
                _kept.popitem(last=False)
    return result


def forget() -> None:
    """Drop every remembered view (tests; a process that wants its memory back)."""
    with _lock:
        _kept.clear()
