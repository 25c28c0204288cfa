"""The append protocol: how one process writes a questionnaire's shards safely.

Every writer, in any thread or process, takes the questionnaire's lock (a threading lock,
then a blocking ``flock`` on ``store.lock``), catches up on what others appended since it
last looked, checks the dedupe keys, appends one line with a single ``write()`` on an
``O_APPEND`` fd and ``fdatasync``s it *before* releasing the lock. So at most one record
is ever unsynced, a crash can only tear the last line, and the next writer cuts that off.
A writer keeps an offset and the dedupe keys per shard (about 80 bytes per response),
never documents.
"""

from __future__ import annotations

import errno
import fcntl
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from . import log_counts
from .store_files import fsync_dir, make_dir, open_file
from .store_format import (
    LOCK_NAME,
    SHARD_SUFFIX,
    Scan,
    StoreError,
    corrupt_message,
    payload_key,
    previous_month,
    shard_month,
)

log = logging.getLogger(__name__)

#: Shards a writer keeps open per questionnaire (normally the current and previous month).
OPEN_SHARDS = 6


@contextmanager
def os_errors(context: str) -> Iterator[None]:
    """Turn OSError into a StoreError an operator can act on."""
    try:
        yield
    except OSError as exc:
        raise StoreError(f"{context}: {exc.strerror or exc}") from exc


class _Shard:
    """A writer's view of one shard: fd, verified length and dedupe keys; no documents."""

    __slots__ = ("fd", "ident", "keys", "offset", "synced")

    def __init__(self, fd: int) -> None:
        st = os.fstat(fd)
        self.fd = fd
        self.ident = (st.st_dev, st.st_ino)
        self.offset = 0  # everything before it is intact and its keys are in ``keys``
        # A dict, not a set: CPython sizes its table more tightly (65-90 bytes per key with
        # the int, where a set reaches 140 between 5k and 50k keys).
        self.keys: dict[int, None] = {}
        self.synced = False  # directory entries fsync'd by this process


def _line_ends_at(shard: _Shard) -> bool:
    """True when a line of the shard still ends where this writer last saw its end: else
    the file was rewritten in place since, and ``offset`` points into the middle of a line."""
    return shard.offset == 0 or os.pread(shard.fd, 1, shard.offset - 1) == b"\n"


class SlugLog:
    """One process's handle on one questionnaire directory: its lock and open shards."""

    def __init__(self, data_dir: str, slug: str, lock_fd: int, *, read_only: bool = False) -> None:
        self.data_dir = data_dir
        self.dir = os.path.join(data_dir, slug)
        self.lock_fd = lock_fd  # -1: a reader that could not open it (see open())
        self.read_only = read_only
        self.mutex = threading.Lock()
        self.shards: OrderedDict[str, _Shard] = OrderedDict()

    @classmethod
    def open(
        cls, data_dir: str, slug: str, create: bool, *, read_only: bool = False
    ) -> SlugLog | None:
        """Open (with ``create``, make) the questionnaire directory and its lock file.

        ``read_only``: for a process that may not write the folder, which only reads. It
        opens the lock file to read, which is enough to flock it (on Linux), so that a
        reader of a live folder (another user's) still waits for writers as ours do; on a
        read-only disk, or without the file, it locks nothing: nothing can write there.
        """
        path = os.path.join(data_dir, slug)
        if read_only:
            if not os.path.isdir(path):
                return None
            try:
                lock_fd = os.open(os.path.join(path, LOCK_NAME), os.O_RDONLY | os.O_CLOEXEC)
            except OSError:
                lock_fd = -1
            return cls(data_dir, slug, lock_fd, read_only=True)
        with os_errors(f"cannot open questionnaire directory {path}"):
            if not os.path.isdir(path):
                if not create:
                    return None
                if make_dir(path):
                    fsync_dir(data_dir)
            lock_fd, created = open_file(os.path.join(path, LOCK_NAME), os.O_RDWR, True)
            if created:
                fsync_dir(path)
        return cls(data_dir, slug, lock_fd)

    def path(self, month: str) -> str:
        """The shard file of ``month``."""
        return os.path.join(self.dir, month + SHARD_SUFFIX)

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Exclusive access across threads and processes. A blocking flock: the kernel
        queues waiters, where a polling lock starves them."""
        with self.mutex:
            if self.read_only and self.lock_fd < 0:
                yield
                return
            with os_errors(f"cannot lock {self.dir}"):
                if self.read_only:  # never made again: a reader only waits for writers
                    fcntl.flock(self.lock_fd, fcntl.LOCK_EX)
                else:
                    self._lock_the_current_file()
            try:
                yield
            finally:
                fcntl.flock(self.lock_fd, fcntl.LOCK_UN)

    def _lock_the_current_file(self) -> None:
        """flock the lock file that is at its path now. An operator may delete or replace
        it (a restore with ``rsync --delete``) while workers run: a worker that kept
        locking the old file would write beside one that locks the new file, and each
        would cut the other's acknowledged line off as a torn tail."""
        path = os.path.join(self.dir, LOCK_NAME)
        while True:
            fcntl.flock(self.lock_fd, fcntl.LOCK_EX)
            held = os.fstat(self.lock_fd)
            with suppress(FileNotFoundError):
                there = os.stat(path)
                if (there.st_dev, there.st_ino) == (held.st_dev, held.st_ino):
                    return
            fcntl.flock(self.lock_fd, fcntl.LOCK_UN)
            log.warning(
                "%s was removed or replaced while the collector ran; using the new one", path
            )
            if make_dir(self.dir):
                fsync_dir(self.data_dir)
            fd, created = open_file(path, os.O_RDWR, True)
            if created:
                fsync_dir(self.dir)
            os.close(self.lock_fd)
            self.lock_fd = fd

    def append(self, month: str, key: int, line: bytes) -> bool:
        """Append ``line`` durably unless ``key`` is stored in ``month``'s shard or a shard
        next to it (a retry that crossed the end of a month, quarter or year, or a change
        of the date precision). True when written."""
        with self.locked(), os_errors(f"cannot store a response in {self.path(month)}"):
            shard = self.shard(month, create=False)
            if shard is not None and key in shard.keys:
                return False
            for other in self.neighbours(month):
                near = self.shard(other, create=False)
                if near is not None and key in near.keys:
                    return False
            if shard is None:
                shard = self.shard(month, create=True)
                assert shard is not None
            self.write_line(shard, line)
            shard.keys[key] = None
            return True

    def neighbours(self, month: str) -> list[str]:
        """The shards a retry of an answer filed under ``month`` may have gone to instead
        (:func:`neighbour_months`)."""
        return neighbour_months(self.dir, month)

    def write_line(self, shard: _Shard, line: bytes) -> None:
        """Append ``line`` to ``shard`` and fdatasync it (lock held); cut off if it fails."""
        if not shard.synced:
            # The shard's directory entries must be durable before its first
            # acknowledgement; once per shard and process.
            fsync_dir(self.dir)
            fsync_dir(self.data_dir)
            shard.synced = True
        try:
            written = os.write(shard.fd, line)
            if written != len(line):
                raise OSError(errno.ENOSPC, "short write (disk full?)")
            os.fdatasync(shard.fd)
        except OSError:
            # Not acknowledged: cut it off, so nobody counts a record of unknown durability.
            with suppress(OSError):
                os.ftruncate(shard.fd, shard.offset)
            raise
        shard.offset += written

    def shard(self, month: str, create: bool) -> _Shard | None:
        """The caught-up shard of ``month`` (lock held); None if it does not exist and
        ``create`` is false. A writer's: opened to append."""
        if self.read_only:
            raise StoreError(f"{self.dir} was opened read-only: nothing can be written in it")
        path = self.path(month)
        shard = self.shards.get(month)
        if shard is not None:
            try:
                st = os.stat(path)
            except FileNotFoundError:
                st = None
            if (
                st is None
                or (st.st_dev, st.st_ino) != shard.ident
                or st.st_size < shard.offset
                or (st.st_size > shard.offset and not _line_ends_at(shard))
            ):
                # Purged, replaced by the shuffle, or edited or copied over by an operator
                # (`cp` of a backup writes into the same file): start over, or we would
                # keep the keys of answers that are gone and call their resends retries.
                self.drop(month)
            else:
                self.shards.move_to_end(month)
                if st.st_size > shard.offset:
                    self._catch_up(path, shard, st.st_size)
                return shard
        try:
            fd, _ = open_file(path, os.O_RDWR | os.O_APPEND, create)
        except FileNotFoundError:
            return None
        shard = self.shards[month] = _Shard(fd)
        while len(self.shards) > OPEN_SHARDS:
            self.drop(next(iter(self.shards)))
        self._catch_up(path, shard, os.fstat(fd).st_size)
        return shard

    def _catch_up(self, path: str, shard: _Shard, size: int) -> None:
        """Read what others appended since ``shard.offset`` (lock held): O(new records)."""
        scan = Scan(shard.fd, shard.offset, size)
        keys = shard.keys
        for _, payload in scan:
            key = payload_key(payload)
            if key is not None:
                keys[key] = None
        if scan.corrupt_at is not None:
            # Keep accepting answers: readers report the damage and an operator repairs it.
            _at_next_mark(logging.ERROR, corrupt_message(path, scan))
        if scan.torn:
            # Left by a writer that died mid-append (we hold the lock, so nobody is
            # appending now); never acknowledged. Cut it so that our line starts cleanly.
            _at_next_mark(
                logging.WARNING,
                f"{path}: discarding a torn tail of {scan.seen_end - scan.good_end} bytes at "
                f"byte {scan.good_end} (a crash during an append)",
            )
            os.ftruncate(shard.fd, scan.good_end)
        elif scan.unterminated:
            # An intact last record whose newline an editor or a script took off: give it
            # back, durably, so that our line starts on a line of its own.
            _at_next_mark(logging.WARNING, f"{path}: the last record had no newline; added one")
            os.write(shard.fd, b"\n")
            os.fdatasync(shard.fd)
            scan.good_end += 1
        shard.offset = scan.good_end

    def drop(self, month: str) -> None:
        """Forget ``month``'s shard (it was purged or replaced)."""
        shard = self.shards.pop(month, None)
        if shard is not None:
            os.close(shard.fd)

    def close(self) -> None:
        """Close every fd this handle owns."""
        for month in list(self.shards):
            self.drop(month)
        if self.lock_fd >= 0:
            os.close(self.lock_fd)

    def forget(self) -> None:
        """After a fork: close our copies of the parent's fds without touching its locks."""
        for shard in self.shards.values():
            with suppress(OSError):
                os.close(shard.fd)
        with suppress(OSError):
            os.close(self.lock_fd)
        self.shards.clear()


def neighbour_months(folder: str, month: str) -> list[str]:
    """The shards in ``folder`` a retry of an answer filed under ``month`` may have gone to
    instead: the newest before ``month`` and the oldest after it, a year away at most.
    A writer opens them (read and write) with the month's own, so they must be writable too.

    Not simply the calendar months around it: with quarter or year precision, answers
    are filed under the period's last month, so the previous shard is 3 or 12 months
    back; and after the precision changed (year to month, say), the same days' answers
    sit in a shard named for a later month (December).
    """
    earliest = latest = month
    for _ in range(12):
        earliest = previous_month(earliest)
    latest = f"{int(month[:4]) + 1:04d}{month[4:]}"
    months = [m for m in map(shard_month, os.listdir(folder)) if m]
    before = max((m for m in months if earliest <= m < month), default=None)
    after = min((m for m in months if month < m < latest), default=None)
    return [m for m in (before, after) if m is not None]


def _at_next_mark(level: int, message: str) -> None:
    """Found while a leaver's answer is being stored: said at the next ten-minute mark, not
    now, or the line's time would be the second of an answer the store keeps."""
    log_counts.at_next_mark(log, level, message)
