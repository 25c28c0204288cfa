"""The response store's on-disk format: one CRC-framed JSON record per line.

A line is ``<crc32 of the JSON, 8 lowercase hex> <JSON>\\n``. The JSON is one of:

* a response: ``{"s":"<22 hex>","id":"<uuid4 hex>","r":{...answers...}}``. ``s`` is a
  truncated SHA-256 of the slug and the client's submission_id, kept only to recognise a
  retried submission; shuffling a closed shard drops it (``{"id":...,"r":...}``).
* a trailer ``{"m":"shuffled","n":<count>}``, written last by the shuffle of a closed month.
* a trailer ``{"m":"mixed","n":<count>}``, written last when an open month is rewritten in
  random order with its keys (it still takes retries); it does not count as shuffled.
* a tombstone ``{"s":"<22 hex>","m":"removed"}``: the retry key of a response HR deleted
  from an open month (``store_redact.py``), so that a retry of it is not stored again.
  Not a response; shuffling the closed month drops it with the other keys.

Nothing here locks or knows about TinyDB; ``store.py`` builds the durable protocol on top.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import os
import re
import time
import zlib
from collections.abc import Iterator, Mapping
from typing import Any

#: Data files and lock files: owner only, whatever the umask.
FILE_MODE = 0o600
#: Store and questionnaire directories: owner only.
DIR_MODE = 0o700
SHARD_SUFFIX = ".jsonl"
#: A month being put in place by a restore (store_restore.py), before it is moved in.
RESTORE_SUFFIX = ".restore"
LOCK_NAME = "store.lock"
#: A month being rewritten without what HR removed (store_redact.py), before it replaces it.
REDACT_SUFFIX = ".redact"
#: Per questionnaire folder: the IDs of the responses HR deleted or blanked an answer of,
#: so that a restore never brings them back (store_redact.py).
REMOVED_NAME = "removed-by-hr"
#: A month counts as closed (and gets shuffled) this long after it ended, so that a client
#: retry that crosses midnight at the month's end is still recognised as a retry.
CLOSE_GRACE_SECONDS = 2 * 86400

_SLUG_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")
_MONTH_RE = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")
_KEY_PREFIX = b'{"s":"'
_KEY_HEX = 22  # 88 bits: a Python int of 36 bytes, and no collision in any realistic shard
META_PREFIX = b'{"m":'
_TRAILER_PREFIX = b'{"m":"shuffled"'
_MIXED_PREFIX = b'{"m":"mixed"'
_TOMBSTONE_TAIL = b'","m":"removed"}'
TOMBSTONE_LEN = 6 + _KEY_HEX + len(_TOMBSTONE_TAIL)  # '{"s":"' + key + tail
_CHUNK = 1 << 20


class StoreError(Exception):
    """Any storage failure; the message names files and offsets, never answers."""


def check_slug(slug: str) -> str:
    """Return ``slug`` if it is a valid questionnaire slug, else raise ValueError."""
    if not isinstance(slug, str) or not _SLUG_RE.fullmatch(slug):
        raise ValueError(f"invalid questionnaire slug {slug!r}: use a-z, 0-9 and '-'")
    return slug


def check_month(month: str) -> str:
    """Return ``month`` if it is ``YYYY-MM``, else raise ValueError."""
    if not isinstance(month, str) or not _MONTH_RE.fullmatch(month):
        raise ValueError(f"invalid month {month!r}: expected YYYY-MM")
    return month


def shard_month(file_name: str) -> str | None:
    """The month of a shard's file name (``2026-11.jsonl``), None for any other file."""
    if file_name.endswith(SHARD_SUFFIX):
        month = file_name[: -len(SHARD_SUFFIX)]
        if _MONTH_RE.fullmatch(month):
            return month
    return None


def previous_month(month: str) -> str:
    """The month before ``month`` (both ``YYYY-MM``)."""
    year, mon = int(month[:4]), int(month[5:])
    return f"{year - 1:04d}-12" if mon == 1 else f"{year:04d}-{mon - 1:02d}"


def closed_before(now: float | None = None) -> str:
    """Months strictly before the returned ``YYYY-MM`` are closed: no new answers expected."""
    t = time.gmtime((time.time() if now is None else now) - CLOSE_GRACE_SECONDS)
    return f"{t.tm_year:04d}-{t.tm_mon:02d}"


def next_month_closes(now: float | None = None) -> float:
    """When :func:`closed_before` next changes: the ``time.time()`` at which the month
    that is open now counts as closed."""
    t = time.gmtime((time.time() if now is None else now) - CLOSE_GRACE_SECONDS)
    year, month = (t.tm_year + 1, 1) if t.tm_mon == 12 else (t.tm_year, t.tm_mon + 1)
    return calendar.timegm((year, month, 1, 0, 0, 0)) + CLOSE_GRACE_SECONDS


def submission_key(slug: str, submission_id: str) -> int:
    """The dedupe key of a submission: not the id itself, so a stored doc can't be looked up
    by someone who only holds the browser's submission_id and a copy of the shuffled data."""
    data = b"exit-survey/submission\0" + slug.encode() + b"\0" + submission_id.encode()
    return int.from_bytes(hashlib.sha256(data).digest()[: _KEY_HEX // 2], "big")


def frame(payload: bytes) -> bytes:
    """One complete line for ``payload``."""
    return b"%08x %s\n" % (zlib.crc32(payload), payload)


def encode_response(record: Mapping[str, Any], doc_id: str, key: int | None) -> bytes:
    """The framed line of a response; raises TypeError/ValueError for non-JSON records."""
    body = json.dumps(record, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    if key is None:
        return frame(f'{{"id":"{doc_id}","r":{body}}}'.encode())
    return frame(f'{{"s":"{key:0{_KEY_HEX}x}","id":"{doc_id}","r":{body}}}'.encode())


def trailer(count: int) -> bytes:
    """The line that marks a shard as shuffled; it must stay the file's last line."""
    return frame(b'{"m":"shuffled","n":%d}' % count)


def mixed_trailer(count: int) -> bytes:
    """The line that marks an open month as mixed since its last answer; it stays last."""
    return frame(b'{"m":"mixed","n":%d}' % count)


def tombstone(key: int) -> bytes:
    """The payload that keeps a deleted response's retry key (``key``) in an open month."""
    return b'{"s":"%0*x%s' % (_KEY_HEX, key, _TOMBSTONE_TAIL)


def is_tombstone(payload: bytes) -> bool:
    """True for a deleted response's retry key (see :func:`tombstone`)."""
    return (
        len(payload) == TOMBSTONE_LEN
        and payload.startswith(_KEY_PREFIX)
        and payload.endswith(_TOMBSTONE_TAIL)
    )


def unframe(line: bytes) -> bytes | None:
    """The JSON of a line (without its newline), or None when the CRC does not match.

    A ``\\r`` before the newline is allowed: an editor or a copy through Windows may turn a
    shard's line ends into CRLF, which changes no record (the CRC still proves that).
    """
    if line.endswith(b"\r"):
        line = line[:-1]
    if len(line) < 11 or line[8] != 0x20:
        return None
    try:
        crc = int(line[:8], 16)
    except ValueError:
        return None
    payload = line[9:]
    return payload if zlib.crc32(payload) == crc else None


def payload_key(payload: bytes) -> int | None:
    """The dedupe key of a response payload, read without parsing the JSON."""
    if payload.startswith(_KEY_PREFIX) and payload[28:30] == b'",':
        try:
            return int(payload[6:28], 16)
        except ValueError:
            return None
    return None


def payload_id(payload: bytes) -> bytes:
    """The response's random id, read without parsing the JSON (b"" for a line without)."""
    at = payload.find(b'"id":"', 0, 64)
    if at < 0:
        return b""
    end = payload.find(b'"', at + 6, at + 80)
    return payload[at + 6 : end] if end > 0 else b""


def strip_key(payload: bytes) -> bytes:
    """The payload without its dedupe key (done when a closed month is shuffled)."""
    if payload.startswith(_KEY_PREFIX) and payload[28:30] == b'",':
        return b"{" + payload[30:]
    return payload


def is_meta(payload: bytes) -> bool:
    """True for bookkeeping lines (the trailers, a deleted response's retry key), which are
    not responses."""
    # The length first: every keyed response would otherwise pay for a copy of its tail.
    return payload.startswith(META_PREFIX) or (
        len(payload) == TOMBSTONE_LEN and is_tombstone(payload)
    )


#: The C scanner behind ``json.loads``, called directly (see ``decode_response``).
scan_json = json.JSONDecoder().scan_once


def decode_response(payload: bytes) -> dict[str, Any]:
    """The document as callers see it: the record's fields plus ``id``."""
    # json.loads' own work around its scanner (guess the encoding, decode with
    # surrogatepass, skip white space twice, check for extra data) was a third of reading
    # 100k responses. A payload the store wrote is UTF-8 and one object, nothing around it;
    # anything else goes through json.loads itself, so the result is json.loads' always.
    try:
        text = payload.decode()
        obj, end = scan_json(text, 0)
        whole = end == len(text)
    except (ValueError, StopIteration, RecursionError):
        whole = False
    if not whole:
        try:
            obj = json.loads(payload)
        except RecursionError:
            # Nested deeper than the scanner goes (a hand edit, CRC made to match): no JSON
            # this store reads, as callers already treat a ValueError; not a traceback.
            raise ValueError("nested too deeply") from None
    doc = obj["r"]
    doc["id"] = obj["id"]
    return doc


def is_shuffled(fd: int, size: int) -> bool:
    """True when the file's last line is the shuffle trailer (no late appends since)."""
    payload = _last_payload(fd, size)
    return payload is not None and payload.startswith(_TRAILER_PREFIX)


def is_mixed(fd: int, size: int) -> bool:
    """True when nothing was appended since the file was last put in random order (its
    last line is either trailer)."""
    payload = _last_payload(fd, size)
    return payload is not None and payload.startswith((_TRAILER_PREFIX, _MIXED_PREFIX))


def _last_payload(fd: int, size: int) -> bytes | None:
    """The intact last line's JSON, if it is short enough to be a trailer."""
    if size == 0:
        return None
    start = max(0, size - 256)
    tail = os.pread(fd, size - start, start)
    if not tail.endswith(b"\n"):
        return None
    return unframe(tail[:-1].rsplit(b"\n", 1)[-1])


class Scan:
    """One sequential pass over the bytes ``[start, end)`` of a shard.

    Iterating yields ``(offset, payload)`` for every intact line. Afterwards:

    * ``good_end`` is where the next append belongs: the end of the last line that stays.
    * ``torn`` is true when there is a torn tail after ``good_end``: what a crash in the
      middle of an append leaves, never acknowledged (every append is fdatasync'd under the
      lock before the next one starts), so the next writer may cut it off. Only two
      shapes qualify: bytes after the last newline that are no intact record but the
      start of one (``could_be_torn``), and a last line with NUL bytes in it (pages of
      the append that never reached the disk read as zeros). Nothing else is ever counted
      as torn, so nothing else is ever cut.
    * ``corrupt_at``/``corrupt_line``: the first damaged line that is not a torn tail (a
      hand edit, bit rot, a bad copy). Readers refuse the shard; nobody deletes it.
    * ``unterminated``: the last line is intact, or damaged but no torn tail, and lacks
      its newline (an editor or a script dropped it, a file put in place by hand); an
      intact one counts, and a writer adds the newline before appending.
    """

    def __init__(self, fd: int, start: int = 0, end: int | None = None) -> None:
        self.fd = fd
        self.start = start
        self.end = os.fstat(fd).st_size if end is None else end
        self.good_end = start
        self.seen_end = start
        self.corrupt_at: int | None = None
        self.corrupt_line = 0
        self.unterminated = False

    @property
    def torn(self) -> bool:
        """True when a torn tail follows ``good_end``."""
        return self.seen_end > self.good_end

    def _damaged(self, offset: int, lineno: int) -> None:
        if self.corrupt_at is None:
            self.corrupt_at, self.corrupt_line = offset, lineno

    def __iter__(self) -> Iterator[tuple[int, bytes]]:
        pos = line_off = self.start
        buf = b""
        # The newest bad complete line: damaged, unless it turns out to be the torn last one.
        bad: tuple[int, int, bytes] | None = None
        lineno = 0
        while pos < self.end:
            chunk = os.pread(self.fd, min(_CHUNK, self.end - pos), pos)
            if not chunk:
                break  # the file shrank under us; what was read is all there is
            pos += len(chunk)
            self.seen_end = pos
            lines = (buf + chunk).split(b"\n")
            buf = lines.pop()
            for line in lines:
                lineno += 1
                next_off = line_off + len(line) + 1
                if bad is not None:  # a line follows it: it was not the last one
                    self._damaged(bad[0], bad[1])
                    bad = None
                payload, offset = unframe(line), line_off
                self.good_end = line_off = next_off  # before yielding: the line's end
                if payload is None:
                    bad = (offset, lineno, line)
                else:
                    yield offset, payload
        if buf:  # bytes after the last newline
            if bad is not None:
                self._damaged(bad[0], bad[1])
            payload = unframe(buf)
            if payload is not None:
                self.good_end = self.seen_end
                self.unterminated = True
                yield line_off, payload
            elif not could_be_torn(buf):
                # Written by hand (a whole TinyDB file put in a month's place, a line
                # without its newline): damaged, never cut, and no reader drops it unseen.
                self._damaged(line_off, lineno + 1)
                self.good_end = self.seen_end
                self.unterminated = True
        elif bad is not None:
            if b"\0" in bad[2]:
                self.good_end = bad[0]
            else:
                self._damaged(bad[0], bad[1])


#: What a crash can leave after the last newline: the start of an appended line (its CRC
#: in 8 hex digits, then a space and the JSON), or a part of it with zeros in it.
_APPEND_START = re.compile(rb"[0-9a-f]{0,8}|[0-9a-f]{8} (.*)", re.DOTALL)


def could_be_torn(tail: bytes) -> bool:
    """True when ``tail`` (the bytes after a shard's last newline, no intact record) is what
    a crash in the middle of an append leaves: ``frame`` writes the CRC first.

    Not a whole JSON value after the CRC: the JSON of an append is whole only where its
    line's CRC matches, so that is a record edited by hand without making its CRC match
    (and whose newline the editor took), an acknowledged answer no writer may cut."""
    if b"\0" in tail:
        return True
    start = _APPEND_START.fullmatch(tail)
    return start is not None and not _whole_json(start.group(1))


def _whole_json(data: bytes | None) -> bool:
    """True when ``data`` is one complete JSON value (a line's CRC then does not match)."""
    if not data:
        return False
    try:
        json.loads(data)
    except (ValueError, RecursionError):  # a part of one, or no JSON
        return False
    return True


def corrupt_message(path: str, scan: Scan) -> str:
    """What an operator reads when a shard has a damaged record."""
    return (
        f"{path}: record at byte {scan.corrupt_at} (line {scan.corrupt_line}) is damaged "
        "(CRC mismatch) and it is not what a crash leaves, so nothing was dropped or cut. "
        "See docs/storage.md, 'A damaged record'."
    )
