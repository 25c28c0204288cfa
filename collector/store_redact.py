"""HR's removals: delete a response, or blank one of its answers, for good.

A leaver may write a colleague's name with an accusation, or "I'm the only Finance analyst
who left in March". HR (the works council, a GDPR request) then needs those words gone
from the store and from everything made of it later: exports, the report, and restores of
backups made before. Editing a shard by hand breaks its CRC (docs/storage.md), so this
module rewrites the month the response is in, the way a shuffle does: a complete new file
in a fresh random order (``<month>.redact``, fsync'd), put in place with ``os.replace``
and a directory fsync, under the questionnaire's lock. A crash leaves the old month or the
new one, whole; every other answer is copied once, and nothing goes back to arrival order.

* **Blanked**: the answer is taken out of the record (the export then shows `removed_by_hr`
  and the report leaves it out) and its question ID is added to ``removed_by_hr``.
* **Deleted**: the response goes. In an open month its retry key stays behind as a
  tombstone line (``store_format.tombstone``), so that a retry of the same submission is
  taken as the retry it is and not stored again.

Each removal is first written down in ``<slug>/removed-by-hr`` (``removal_list.py``): the
response's random ID, and which answers went. A restore reads it (and the list inside the
backup) and leaves out, or blanks, what HR removed; nothing else reads it.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from .removal_list import Entry, read_removed, remember
from .store import ResponseStore
from .store_files import fsync_dir, open_file, open_read
from .store_format import (
    REDACT_SUFFIX,
    SHARD_SUFFIX,
    Scan,
    StoreError,
    closed_before,
    corrupt_message,
    decode_response,
    is_meta,
    payload_id,
    payload_key,
    tombstone,
)
from .store_order import Change, index_fd, write_copy
from .store_writer import SlugLog, os_errors
from .sweeper import mark_before

log = logging.getLogger(__name__)

#: The record field that lists the answers HR blanked.
REMOVED_FIELD = "removed_by_hr"


@dataclass(frozen=True)
class Found:
    """Where a response is, and the response as stored (for the confirmation)."""

    slug: str
    month: str
    document: dict[str, Any]

    @property
    def answers(self) -> dict[str, Any]:
        answers = self.document.get("answers")
        return answers if isinstance(answers, dict) else {}

    @property
    def removed(self) -> frozenset[str]:
        """The question IDs HR blanked before (only those: a hand edit may add anything)."""
        removed = self.document.get(REMOVED_FIELD)
        return (
            frozenset(q for q in removed if type(q) is str)
            if type(removed) is list
            else frozenset()
        )


# -- what a removal does to one stored line ----------------------------------------------


def change_for(entries: Mapping[str, Entry], keep_keys: bool) -> Change:
    """The change that applies ``entries`` to a response's payload: the same bytes when
    it is not listed (or nothing listed is left in it)."""
    wanted = {doc_id.encode(): fields for doc_id, fields in entries.items()}

    def change(payload: bytes) -> bytes | None:
        doc_id = payload_id(payload)
        if doc_id not in wanted:
            return payload
        fields = wanted[doc_id]
        if fields is None:
            key = payload_key(payload)
            return tombstone(key) if keep_keys and key is not None else None
        return blanked(payload, fields)

    return change


def blanked(payload: bytes, fields: frozenset[str]) -> bytes:
    """``payload`` without the answers ``fields`` (the same bytes if it has none of them),
    which are listed in ``removed_by_hr``."""
    obj = json.loads(payload)
    record = obj["r"]
    answers = record.get("answers")
    if not isinstance(answers, dict) or not fields.intersection(answers):
        return payload
    for name in fields:
        answers.pop(name, None)
    before = record.get(REMOVED_FIELD)  # a hand edit may have left anything there
    before = {qid for qid in before if type(qid) is str} if type(before) is list else set()
    record[REMOVED_FIELD] = sorted(before | fields)
    # The key order of encode_response: "s" stays first, where writers read it.
    try:
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()
    except UnicodeEncodeError:  # a lone surrogate ("\ud800", a hand edit): kept escaped
        return json.dumps(obj, separators=(",", ":")).encode()


# -- finding a response, and rewriting its month ------------------------------------------


def find(store: ResponseStore, doc_id: str) -> Found | None:
    """The response with the random ID ``doc_id``, wherever it is stored; None if none."""
    needle = doc_id.encode()
    for slug in store.slugs():
        for month in store.months(slug):
            path = store.shard_path(slug, month)
            with os_errors(f"cannot read {path}"):
                try:
                    fd = open_read(path)
                except FileNotFoundError:
                    continue  # purged or replaced since it was listed
                try:
                    for offset, payload in Scan(fd):
                        if not is_meta(payload) and payload_id(payload) == needle:
                            return Found(slug, month, _document(payload, path, offset))
                finally:
                    os.close(fd)
    return None


def _document(payload: bytes, path: str, offset: int) -> dict[str, Any]:
    """The response in ``payload``; StoreError for a line edited by hand into another shape,
    which no removal can rewrite (docs/storage.md, "Records edited by hand")."""
    try:
        document = decode_response(payload)
    except (ValueError, KeyError, TypeError):
        document = None
    if type(document) is not dict:
        raise StoreError(
            f"{path}: the record at byte {offset} with that ID is no response the collector "
            "can change (edited by hand?): move it aside by hand, as docs/storage.md says "
            "under 'Records edited by hand'"
        )
    return document


def removed_before(store: ResponseStore, doc_id: str) -> str | None:
    """The questionnaire whose list says HR deleted ``doc_id``, if any."""
    for slug in store.slugs():
        slug_log = store.slug_log(slug, create=False)
        if slug_log is not None and doc_id in read_removed(slug_log.dir):
            return slug
    return None


def remove(store: ResponseStore, found: Found, fields: frozenset[str] | None) -> int:
    """Delete the response ``found`` (``fields`` None) or blank its answers ``fields``:
    listed first, then its month rewritten. Returns how many responses changed (0 when
    another removal got there first)."""
    doc_id = found.document["id"]
    slug_log = store.slug_log(found.slug, create=False)
    if slug_log is None:
        return 0
    with slug_log.locked():
        # Listed before the month is rewritten: a crash in between leaves the words in
        # the store (the command, run again, removes them) but never off the list.
        remember(slug_log, {doc_id: fields})
        changed = rewrite_month(slug_log, found.month, {doc_id: fields})
    if changed:
        what = "deleted response" if fields is None else f"blanked {', '.join(sorted(fields))} of"
        # The operator's record: IDs only, never the words (the log must not repeat them).
        log.warning("HR removal: %s %s (%s, %s)", what, doc_id, found.slug, found.month)
    return changed


def enforce(store: ResponseStore, slug: str) -> int:
    """Apply the questionnaire's list to every month of ``slug`` (after a restore, which
    may have brought in a list the store lacked); returns the responses changed."""
    slug_log = store.slug_log(slug, create=False)
    if slug_log is None:
        return 0
    changed = 0
    for month in store.months(slug):
        with slug_log.locked():
            entries = read_removed(slug_log.dir)
            if not entries:
                return 0
            changed += rewrite_month(slug_log, month, entries)
    if changed:
        noun = "response" if changed == 1 else "responses"
        log.warning("HR removal: applied the list to %d restored %s of %s", changed, noun, slug)
    return changed


def rewrite_month(slug_log: SlugLog, month: str, entries: Mapping[str, Entry]) -> int:
    """Rewrite ``month`` with ``entries`` applied, in a fresh random order (its lock
    held); returns how many responses changed, and writes nothing when none would.

    The whole rewrite holds the lock, so leavers' posts to this questionnaire wait for it
    (about 0.1 s per 10,000 answers): HR removes something a few times a year, and a
    rewrite that has to check and start over whenever an answer came in meanwhile is not
    worth that. The new file keeps the old one's time, rounded down to the clean-ups'
    ten-minute mark (as a backup does): retention's clock check reads the months' times,
    and an old month changed today would look like a wrong clock.
    """
    path = slug_log.path(month)
    temp = path[: -len(SHARD_SUFFIX)] + REDACT_SUFFIX
    keep_keys = month >= closed_before()  # a closed month is written shuffled, keyless
    change = change_for(entries, keep_keys)
    with os_errors(f"cannot rewrite {path}"):
        try:
            fd = open_read(path)
        except FileNotFoundError:
            return 0
        try:
            st = os.fstat(fd)
            tombstones: list[bytes] = []
            offsets, lengths, scan = index_fd(fd, st.st_size, tombstones)
            if scan.corrupt_at is not None:
                raise StoreError(
                    corrupt_message(path, scan) + " Repair that first, then run this again."
                )
            changed = sum(
                1
                for _, payload in Scan(fd, 0, scan.good_end)
                if not is_meta(payload) and change(payload) != payload
            )
            if not changed:
                return 0
            _write(slug_log, temp, fd, path, offsets, lengths, keep_keys, tombstones, change)
            when = mark_before(st.st_mtime)
            os.utime(temp, (when, when))
            os.replace(temp, path)
            fsync_dir(slug_log.dir)
        finally:
            os.close(fd)
        slug_log.drop(month)  # writers see the new inode and read it again
        # Read the folder once now, as a shuffle does: its access time would otherwise be
        # that of the first answer after this change, to the second.
        os.listdir(slug_log.dir)
    return changed


def _write(
    slug_log: SlugLog,
    temp: str,
    fd: int,
    path: str,
    offsets: Any,
    lengths: Any,
    keep_keys: bool,
    tombstones: list[bytes],
    change: Change,
) -> None:
    """The month's new file, complete and fsync'd, at ``temp``; removed again on failure."""
    tfd, _ = open_file(temp, os.O_RDWR, create=True)
    try:
        write_copy(slug_log, tfd, fd, path, offsets, lengths, keep_keys, tombstones, change)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temp)  # a full disk: the half copy would hold the room answers need
        raise
    finally:
        os.close(tfd)


__all__ = [
    "Found",
    "change_for",
    "enforce",
    "find",
    "remove",
    "removed_before",
    "rewrite_month",
]
