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
import re
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .model import OTHER_SUFFIX, TEXT_TYPES, TYPED_SUFFIX
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

if TYPE_CHECKING:
    from .forms import FormRegistry

log = logging.getLogger(__name__)

_ID = re.compile(r"[0-9a-f]{32}")
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


def check_response_id(text: str) -> str:
    """The response ID in ``text`` (as copied from an export); ValueError if it is none."""
    cleaned = text.strip().strip("'\"").strip().lower()
    if not _ID.fullmatch(cleaned):
        raise ValueError(
            f"{text!r} is not a response ID: it is the 32 letters and digits in the first "
            "column (response_id) of an export, such as 3f2a9c0d5e6b4a7f8e9d0c1b2a3f4e5d"
        )
    return cleaned


# -- what HR sees before removing it (the commands and the HR area alike) -----------------

#: How much of an answer a confirmation shows: enough to recognise it, no more.
PREVIEW_CHARACTERS = 40


@dataclass(frozen=True)
class Preview:
    """The start of an answer, for a confirmation: ``text`` is one line, without control
    characters (a leaver's text must not move a terminal's cursor, recolour the screen or
    turn a page's text around), cut at ``PREVIEW_CHARACTERS`` with "…"; ``length``
    counts the characters of the whole answer."""

    text: str
    length: int


def preview(value: Any) -> Preview:
    """The first characters of the answer ``value`` (a list of choices reads "pay, other")."""
    text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    clean = "".join(ch if ch.isprintable() else " " for ch in text)
    clean = " ".join(clean.split())
    cut = clean if len(clean) <= PREVIEW_CHARACTERS else clean[:PREVIEW_CHARACTERS].rstrip() + "…"
    return Preview(cut, len(text))


def text_fields(found: Found, forms: FormRegistry) -> set[str]:
    """The answers of ``found`` that are words someone typed (not codes or numbers): the
    ones a deletion's confirmation shows."""
    form = forms.version(found.slug, str(found.document.get("version", ""))) or forms.latest(
        found.slug
    )
    fields = {name for name in found.answers if name.endswith(OTHER_SUFFIX)}
    if form is not None:
        fields |= {q.id for q in form.questions if q.type in TEXT_TYPES}
    return fields & set(found.answers)


# -- the list of what HR removed ---------------------------------------------------------


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
    record[REMOVED_FIELD] = sorted(set(record.get(REMOVED_FIELD, [])) | fields)
    # The key order of encode_response: "s" stays first, where writers read it.
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()


def fields_for(found: Found, question_id: str) -> frozenset[str]:
    """The answers that blanking ``question_id`` takes out of ``found``: the question's and
    its "other, namely" words; just the words for ``<question>__other``. ValueError when
    the response has no such answer.

    ``<question>__typed``, the export's column of words typed when a question that is
    multiple choice now was a text question, is the question: the words are stored as its
    answer (``export_typed``)."""
    answers = found.answers
    question_id = question_id.removesuffix(TYPED_SUFFIX) or question_id
    if question_id.endswith(OTHER_SUFFIX):
        fields = frozenset({question_id})
    else:
        fields = frozenset({question_id, question_id + OTHER_SUFFIX})
    if fields.intersection(answers):
        return fields & set(answers)
    base, dot, _ = question_id.partition(".")
    if dot and base in answers:
        raise ValueError(
            f"the column {question_id} is one choice of the question {base}: give {base} "
            "to blank its whole answer"
        )
    done = set(found.document.get(REMOVED_FIELD) or [])
    if fields & done:
        raise AlreadyRemoved(f"the answer to {question_id} was removed already")
    given = ", ".join(sorted(k for k, v in answers.items() if v not in (None, "", []))) or "none"
    raise ValueError(
        f"this response has no answer to {question_id!r} (the column's name in the export; "
        f"it answered: {given})"
    )


class AlreadyRemoved(ValueError):
    """What was asked to go is gone already: nothing to do."""


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
                    for _, payload in Scan(fd):
                        if not is_meta(payload) and payload_id(payload) == needle:
                            return Found(slug, month, decode_response(payload))
                finally:
                    os.close(fd)
    return None


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
    "PREVIEW_CHARACTERS",
    "AlreadyRemoved",
    "Found",
    "Preview",
    "change_for",
    "check_response_id",
    "enforce",
    "fields_for",
    "find",
    "preview",
    "remove",
    "removed_before",
    "rewrite_month",
    "text_fields",
]
