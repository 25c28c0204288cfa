"""A small text file that several worker processes read and rewrite in turn.

For the collector's bits of shared state (rate-limit counts, signed-out sessions): a few
kilobytes at most, so each change rewrites the whole file under a ``flock``. No fsync:
losing the last change in a power cut costs nothing that matters here.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .store_files import open_file


class LockedText:
    """The content of a locked file, and a way to replace it."""

    def __init__(self, fd: int) -> None:
        self._fd = fd

    def read(self) -> str:
        chunks = []
        offset = 0
        while chunk := os.pread(self._fd, 65536, offset):
            chunks.append(chunk)
            offset += len(chunk)
        # A crash halfway through a rewrite can leave a torn line: readers skip what they
        # cannot parse, so undecodable bytes must not stop them either.
        return b"".join(chunks).decode("utf-8", errors="replace")

    def write(self, text: str) -> None:
        data = text.encode("utf-8")
        os.pwrite(self._fd, data, 0)
        os.ftruncate(self._fd, len(data))


@contextmanager
def locked(path: Path, *, shared: bool = False, create: bool = True) -> Iterator[LockedText]:
    """Open ``path`` (created empty, owner-only, when missing) and hold its lock meanwhile.

    Each call opens its own file description, so threads of one process exclude each other
    just as processes do (``flock`` locks belong to the open file description). With
    ``create=False`` a missing file raises ``FileNotFoundError``.
    """
    try:
        fd = os.open(path, os.O_RDWR | os.O_CLOEXEC)
    except FileNotFoundError:
        if not create:
            raise
        fd, _ = open_file(str(path), os.O_RDWR, create=True)  # 0600, the folder owner's
    try:
        fcntl.flock(fd, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        yield LockedText(fd)
    finally:
        os.close(fd)  # closing releases the lock
