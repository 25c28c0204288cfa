"""Keeping responses out of submission order: random reads, and shards rewritten shuffled.

An append log is in arrival order, and arrival order next to an HR calendar of leaving dates
(or the exact seconds the rate limits keep for a few minutes) can name people. So every read
is a uniform shuffle; an open month is rewritten in random order, keys and all, soon after
answers come in (mixed); and once a month is closed its shard is rewritten in random order
without the dedupe keys and marked with a trailer, once (shuffled).
"""

from __future__ import annotations

import fcntl
import logging
import os
import random
import zlib
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress
from typing import BinaryIO

from .odd_records import OddRecords, parse_odd, read_record
from .store_files import fsync_dir, hand_over, open_file, open_read
from .store_format import (
    FILE_MODE,
    META_PREFIX,
    TOMBSTONE_LEN,
    Scan,
    StoreError,
    corrupt_message,
    decode_response,
    frame,
    is_mixed,
    is_shuffled,
    is_tombstone,
    mixed_trailer,
    scan_json,
    strip_key,
    trailer,
    unframe,
)
from .store_writer import SlugLog, os_errors

log = logging.getLogger(__name__)


def index_fd(
    fd: int, end: int | None = None, tombstones: list[bytes] | None = None
) -> tuple[array, array, Scan]:
    """Offsets and line lengths of a shard's responses: 12 bytes each, no documents. The
    retry keys of responses HR deleted go to ``tombstones`` if given (a rewrite of an
    open month must keep them)."""
    offsets, lengths = array("Q"), array("I")
    add_offset, add_length = offsets.append, lengths.append
    scan = Scan(fd, 0, end)
    # Once per stored response: is_meta written out (the same), and the line's length from
    # the end of the line just yielded.
    for off, payload in scan:
        if not (
            payload.startswith(META_PREFIX)
            or (len(payload) == TOMBSTONE_LEN and is_tombstone(payload))
        ):
            add_offset(off)
            add_length(scan.good_end - off)
        elif tombstones is not None and is_tombstone(payload):
            tombstones.append(payload)
    return offsets, lengths, scan


def index_shard(slug_log: SlugLog | None, path: str, fd: int) -> tuple[array, array]:
    """index_fd(), raising StoreError for a damaged record that is not the torn tail."""
    offsets, lengths, scan = index_fd(fd)
    if scan.corrupt_at is not None:
        # Could be a torn tail being repaired while we read: look again, locked.
        if slug_log is not None:
            with slug_log.locked():
                offsets, lengths, scan = index_fd(fd)
        if scan.corrupt_at is not None:
            raise StoreError(corrupt_message(path, scan))
    return offsets, lengths


def read_line(fd: int, path: str, offset: int, length: int) -> bytes:
    """The payload of the intact line at ``offset``."""
    with os_errors(f"cannot read {path}"):
        line = os.pread(fd, length, offset)
    return _intact(line, path, offset)


def _intact(line: bytes, path: str, offset: int) -> bytes:
    """The payload of ``line``, read at ``offset``, whose CRC still holds."""
    payload = unframe(line[:-1] if line.endswith(b"\n") else line)
    if payload is None:
        raise StoreError(f"{path}: record at byte {offset} changed while being read")
    return payload


def shuffled_sources(
    sources: list[tuple[SlugLog | None, str, str]], odd: OddRecords | None = None
) -> Iterator[tuple[str, dict]]:
    """(label, document) of every shard in ``sources`` (its questionnaire's log, its path,
    a label) as one uniformly shuffled stream.

    Each shard is indexed (offsets only, every CRC checked); one permutation of all the
    responses together is then drawn, and each response is read at its turn, its CRC
    checked again (the file may have been written over since). That is a uniform shuffle
    of the whole set, a fresh one on every call, holding 16 bytes per response and one
    document at a time. Every shard is indexed before the first document is yielded, so a
    damaged shard fails the read up front.

    One permutation, not one per shard merged by drawing a shard per document: that drew
    two random numbers per response and walked the list of shards for each (at 100k
    responses in 24 shards, a fifth of the time of reading them).
    With ``odd``, a record edited by hand into another shape is read by ``odd_records.py``'s
    rules (left out or read in part, and noted) instead of failing the read.
    """
    rng = random.Random(os.urandom(32))
    fds: list[int] = []
    try:
        shards = []
        #: The position of each shard's first response in the whole set.
        starts = array("Q")
        total = 0
        for slug_log, path, label in sources:
            with os_errors(f"cannot read {path}"):
                try:
                    fd = open_read(path)
                except FileNotFoundError:
                    continue  # purged since it was listed
            fds.append(fd)
            offsets, lengths = index_shard(slug_log, path, fd)
            if offsets:
                starts.append(total)
                total += len(offsets)
                shards.append((path, fd, offsets, lengths, label))
        order = array("I" if total < 1 << 32 else "Q", range(total))
        _shuffle_in_place(order, rng)
        yield from _read_in_order(shards, starts, order, odd)
    finally:
        for fd in fds:
            os.close(fd)


def _shuffle_in_place(order: array, rng: random.Random) -> None:
    """Fisher-Yates, as ``rng.shuffle`` does it, with the random numbers drawn as
    ``rng.randrange`` draws them (random bits, rejecting those out of range): the same
    uniform permutation, without two calls per response (a tenth of reading them)."""
    getrandbits = rng.getrandbits
    for i in reversed(range(1, len(order))):
        n = i + 1
        bits = n.bit_length()
        j = getrandbits(bits)
        while j >= n:
            j = getrandbits(bits)
        order[i], order[j] = order[j], order[i]


def _read_in_order(
    shards: list[tuple[str, int, array, array, str]],
    starts: array,
    order: array,
    odd: OddRecords | None = None,
) -> Iterator[tuple[str, dict]]:
    """(label, document) of the responses at the positions ``order`` gives, in that order."""
    pread, crc32, scan = os.pread, zlib.crc32, scan_json
    path = ""
    try:
        for at in order:
            shard = bisect_right(starts, at) - 1
            path, fd, offsets, lengths, label = shards[shard]
            i = at - starts[shard]
            line = pread(fd, lengths[i], offsets[i])
            # Once per response, so _document() written out for the line as the store
            # writes it (lowercase CRC, one compact JSON object, "\n"); any other line, and
            # anything that fails here, goes through _document() itself, for its result.
            doc = None
            payload = line[9:-1]
            if line[8:9] == b" " and line[-1:] == b"\n" and line[:8] == b"%08x" % crc32(payload):
                try:
                    text = payload.decode()
                    obj, end = scan(text, 0)
                    if end == len(text):
                        doc = obj["r"]
                        doc["id"] = obj["id"]
                except (ValueError, KeyError, TypeError, StopIteration, RecursionError):
                    doc = None  # _document() says what it is
            if odd is not None:  # exports and reports: read by odd_records.py's rules
                doc = doc if doc is not None else parse_odd(_intact(line, path, offsets[i]))
                if (doc := read_record(payload, doc, path, offsets[i], odd)) is None:
                    continue
            elif doc is None:
                doc = _document(line, path, offsets[i])
            yield label, doc
    except OSError as exc:  # once around the loop: a context manager per response cost more
        raise StoreError(f"cannot read {path}: {exc.strerror or exc}") from exc


def _document(line: bytes, path: str, offset: int) -> dict:
    """The response stored in ``line``, read at ``offset`` (StoreError if it is none)."""
    payload = _intact(line, path, offset)
    try:
        return decode_response(payload)
    except (ValueError, KeyError, TypeError):
        raise StoreError(f"{path}: record at byte {offset} is not a response") from None


def shuffle_shard(slug_log: SlugLog, month: str, *, keep_keys: bool = False) -> bool | None:
    """Rewrite a closed month in random order, once; True when rewritten. With
    ``keep_keys``, mix an open month instead: the same, keeping the dedupe keys (retries
    are still to come), and again only after something was appended.

    The slow part (read, permute, write and fsync a temp file) runs without the lock, so
    writers are not held up; under the lock the file is swapped in only if nothing was
    appended meanwhile (else it is left for next time: False). None when the disk has too
    little free space for the copy now (left for later); StoreError when the disk fails
    or fills up during the copy.
    """
    path = slug_log.path(month)
    with os_errors(f"cannot shuffle {path}"):
        try:
            fd = open_read(path)
        except FileNotFoundError:
            return False
        try:
            return _shuffle(slug_log, month, path, fd, keep_keys)
        finally:
            os.close(fd)


def temp_path(slug_log: SlugLog, month: str) -> str:
    """Where the shuffle of ``month`` is written before it replaces the shard."""
    return slug_log.path(month)[: -len(".jsonl")] + ".shuffle"


def _shuffle(slug_log: SlugLog, month: str, path: str, fd: int, keep_keys: bool) -> bool | None:
    snap = os.fstat(fd)
    if (is_mixed if keep_keys else is_shuffled)(fd, snap.st_size):
        return False
    tombstones: list[bytes] = []
    offsets, lengths, scan = index_fd(fd, snap.st_size, tombstones)
    if scan.corrupt_at is not None:
        log.warning("not shuffling: %s", corrupt_message(path, scan))
        return False
    if not _room_for(slug_log.dir, snap.st_size):
        log.warning(
            "not shuffling %s yet: the disk has too little free space for its copy, which "
            "would take the last of it from new answers",
            path,
        )
        return None
    temp = temp_path(slug_log, month)
    tfd, _ = open_file(temp, os.O_RDWR, create=True)
    try:
        try:  # one shuffler per shard at a time; the others would only repeat its work
            fcntl.flock(tfd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        # The file we opened may have stopped being the temp file before we locked it: a
        # shuffler that held it has put it in place as the shard (truncating it now would
        # destroy the month's answers) or removed it. Only the file at the temp path is ours.
        if not _is_at(temp, tfd):
            return False
        try:
            write_copy(slug_log, tfd, fd, path, offsets, lengths, keep_keys, tombstones)
        except OSError:
            # A full disk, say: a half-written copy would hold the space new answers need.
            with slug_log.locked():
                _remove_if_ours(temp, tfd)
            raise
        with slug_log.locked():
            # Ours still (an operator may delete a leftover .shuffle, and a shuffler that
            # came after would have made a new one, still being written) and nothing added.
            if not _is_at(temp, tfd) or not _unchanged(path, fd, snap, scan.good_end):
                _remove_if_ours(temp, tfd)
                return False
            os.replace(temp, path)
            fsync_dir(slug_log.dir)
            slug_log.drop(month)
            # Read the folder once now: its access time would otherwise stay that of the
            # first answer after the last change (a writer lists it), to the second, as
            # the folder counts as read since (relatime) until it changes again.
            os.listdir(slug_log.dir)
        return True
    finally:
        os.close(tfd)


def write_copy(
    slug_log: SlugLog,
    tfd: int,
    fd: int,
    path: str,
    offsets: array,
    lengths: array,
    keep_keys: bool,
    tombstones: Sequence[bytes] = (),
    change: Change | None = None,
) -> None:
    """The shard's responses (each through ``change``) in a fresh random order and the
    trailer, fsync'd, in the temp file ``tfd`` that will replace a shard: a shuffle's, a
    restore's or an HR removal's."""
    os.fchmod(tfd, FILE_MODE)
    hand_over(tfd, slug_log.dir)  # it becomes the shard: a leftover may be root's
    os.ftruncate(tfd, 0)
    with open(tfd, "wb", buffering=1 << 20, closefd=False) as out:
        out.seek(0)
        write_shuffled(
            out, fd, path, offsets, lengths, keep_keys, tombstones=tombstones, change=change
        )
    os.fsync(tfd)


#: Rewrites one response's payload: the same bytes, other bytes, a tombstone (the response
#: goes, its retry key stays) or None (it goes). HR's removals (store_redact.py).
Change = Callable[[bytes], "bytes | None"]


def write_shuffled(
    out: BinaryIO,
    fd: int,
    path: str,
    offsets: array,
    lengths: array,
    keep_keys: bool,
    *,
    tombstones: Sequence[bytes] = (),
    change: Change | None = None,
) -> int:
    """Write the responses at ``offsets`` of ``fd`` to ``out`` in a fresh random order,
    each passed through ``change`` if given, then (with ``keep_keys``) the ``tombstones``
    and the trailer; returns the number of bytes written."""
    order = array("I", range(len(offsets)))
    random.Random(os.urandom(32)).shuffle(order)
    written = count = 0
    kept = list(tombstones)
    for i in order:
        payload = read_line(fd, path, offsets[i], lengths[i])
        if change is not None:
            changed = change(payload)
            if changed is None:
                continue
            if is_tombstone(changed):
                kept.append(changed)
                continue
            payload = changed
        # In a closed month the dedupe key goes: retries are over, and it could tie a
        # browser to a doc. An open month keeps it, or a retry would be stored twice.
        written += out.write(frame(payload if keep_keys else strip_key(payload)))
        count += 1
    if keep_keys:  # a deleted response's key, for as long as its retries are recognised
        # Sorted (the keys are hashes): in file order they would keep the order of HR's
        # deletions, from one mix to the next.
        for payload in sorted(kept):
            written += out.write(frame(payload))
    written += out.write(mixed_trailer(count) if keep_keys else trailer(count))
    return written


#: Free space a shuffle leaves for new answers, beyond the copy it writes.
SHUFFLE_RESERVE = 1 << 20


def _room_for(folder: str, size: int) -> bool:
    """True when ``folder``'s disk can take a copy of ``size`` bytes and keep a reserve."""
    try:
        st = os.statvfs(folder)
    except OSError:
        return True  # cannot tell: try, and clean up if it fails
    return st.f_bavail * st.f_frsize >= size + SHUFFLE_RESERVE


def _is_at(path: str, fd: int) -> bool:
    """True when ``path`` is the file open as ``fd``."""
    try:
        there = os.stat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (there.st_dev, there.st_ino) == (held.st_dev, held.st_ino)


def _remove_if_ours(temp: str, tfd: int) -> None:
    """Delete the temp file if it is still ours (the questionnaire's lock held)."""
    if _is_at(temp, tfd):
        with suppress(FileNotFoundError):
            os.unlink(temp)


def _unchanged(path: str, fd: int, snap: os.stat_result, good_end: int) -> bool:
    """True if no response was added to ``path`` since ``snap`` (lock held)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return False
    if (st.st_dev, st.st_ino, st.st_size) != (snap.st_dev, snap.st_ino, snap.st_size):
        return False
    # An equal size could still hide a repaired torn tail plus a new record of that length.
    return not any(True for _ in Scan(fd, good_end, st.st_size))
