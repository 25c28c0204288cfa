"""What a shard looks like on disk now, and its count remembered for exactly that.

The HR start page counts every response of every questionnaire on each load, and a count is
a scan of the whole shard (the CRC of every line): 0.3 s of a worker's time per 100k
responses, 1.1 s at 300k, on every visit. A shard only ever changes by an append, by a torn
tail cut off or a failed append rolled back (``store_writer``), or by a rewrite put in place
with ``os.replace`` (a shuffle, a removal by HR, a restore: a new inode). Each of these
changes what ``fstat`` says of the file: its size, its inode or its change time. The change
time matters because a rewrite sets the modification time back to a coarse slot on purpose
(``store_redact``, ``store_restore_shard``), and nothing can set the change time. So a
count is remembered under that fingerprint, read from the file itself: a submission or a
removal by another worker (gunicorn runs two or more, sharing the folder) or by a command
changes the fingerprint, and the next count scans again. No cross-process signal is needed.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

from .odd_records import left_out
from .store_format import (
    META_PREFIX,
    TOMBSTONE_LEN,
    Scan,
    StoreError,
    corrupt_message,
    is_tombstone,
)
from .store_order import index_fd, index_shard
from .store_writer import SlugLog

#: (device, inode, size, modification time, change time), all in whole units (ns).
Fingerprint = tuple[int, int, int, int, int]


def fingerprint(fd: int) -> Fingerprint:
    """What ``fstat`` says of the open shard ``fd`` that any change to it would change."""
    return stat_fingerprint(os.fstat(fd))


def stat_fingerprint(st: os.stat_result) -> Fingerprint:
    """The fingerprint of a shard from its ``stat``."""
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


class ShardCounts:
    """Numbers of shards by path, each valid for the fingerprint it was counted at."""

    def __init__(self) -> None:
        #: path -> (fingerprint, responses, how many of them exports leave out, or None
        #: when only the responses were counted: :meth:`count`'s quick scan).
        self._known: dict[str, tuple[Fingerprint, int, int | None]] = {}
        self._lock = threading.Lock()

    def count(self, path: str, fd: int, careful: Callable[[], int]) -> int:
        """The number of responses in the shard ``path`` open as ``fd``.

        ``careful`` is the uncached count that also deals with a damaged record (a torn
        tail being repaired, read again under the lock, or an error): it is used whenever
        the quick scan finds anything but intact lines, and such a count is not kept.
        """
        before = fingerprint(fd)
        with self._lock:
            known = self._known.get(path)
        if known is not None and known[0] == before:
            return known[1]
        offsets, _, scan = index_fd(fd, end=before[2])
        if scan.corrupt_at is not None or scan.torn:
            return careful()
        # Changed while it was read (an append landed): right for now, not worth keeping.
        if fingerprint(fd) == before:
            with self._lock:
                self._known[path] = (before, len(offsets), None)
        return len(offsets)

    def numbers(
        self, path: str, fd: int, careful: Callable[[], tuple[int, int]]
    ) -> tuple[int, int]:
        """(responses, how many of them exports and the report leave out) of the shard
        ``path`` open as ``fd``: both from one scan of one version of the file, so that
        the one is never taken from before a change and the other from after it. Kept
        and ``careful`` as :meth:`count`'s."""
        before = fingerprint(fd)
        with self._lock:
            known = self._known.get(path)
        if known is not None and known[0] == before and known[2] is not None:
            return known[1], known[2]
        responses, odd, scan = scan_numbers(fd, end=before[2])
        if scan.corrupt_at is not None or scan.torn:
            return careful()
        if fingerprint(fd) == before:
            with self._lock:
                self._known[path] = (before, responses, odd)
        return responses, odd

    def forget(self, path: str) -> None:
        """Drop what is known of ``path`` (its shard is gone)."""
        with self._lock:
            self._known.pop(path, None)


def careful_count(slug_log: SlugLog | None, path: str, fd: int) -> int:
    """The number of responses of a shard, raising StoreError for a damaged record that
    is not the torn tail (``store_order.index_shard``)."""
    return len(index_shard(slug_log, path, fd)[0])


def careful_numbers(slug_log: SlugLog | None, path: str, fd: int) -> tuple[int, int]:
    """:func:`scan_numbers`, raising StoreError as :func:`careful_count` does."""
    responses, odd, scan = scan_numbers(fd)
    if scan.corrupt_at is not None:
        if slug_log is not None:  # a torn tail being repaired: look again, locked
            with slug_log.locked():
                responses, odd, scan = scan_numbers(fd)
        if scan.corrupt_at is not None:
            raise StoreError(corrupt_message(path, scan))
    return responses, odd


def scan_numbers(fd: int, end: int | None = None) -> tuple[int, int, Scan]:
    """(responses, how many of them exports leave out: edited by hand into no response,
    ``odd_records.left_out``) of one scan of a shard. The responses are what ``index_fd``
    counts; the second number is a JSON parse of each, three times the cost of the scan
    itself, so :meth:`ShardCounts.numbers` remembers both."""
    scan = Scan(fd, 0, end)
    responses = odd = 0
    for _, payload in scan:
        if payload.startswith(META_PREFIX) or (
            len(payload) == TOMBSTONE_LEN and is_tombstone(payload)
        ):
            continue  # bookkeeping: a trailer, a deleted response's retry key
        responses += 1
        if left_out(payload):
            odd += 1
    return responses, odd, scan
