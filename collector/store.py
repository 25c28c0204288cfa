"""The durable, anonymous response store: TinyDB's API over an append-only log.

Layout: ``<data_dir>/<slug>/<YYYY-MM>.jsonl``, one shard per questionnaire and month (line
format in ``store_format.py``), plus ``<data_dir>/<slug>/store.lock``. Inserts append one
CRC-framed line under a lock and fdatasync it before returning (``store_writer.py``); reads
stream in random order; purges and the rewrites of whole months in random order are
``store_months.py`` (the shuffle itself ``store_order.py``); ``table()`` gives TinyDB's
query API on a shard (``store_tinydb.py``); HR's removals rewrite one month
(``store_redact.py``); the folder, its listing and this process's handles on it (dropped in
a forked child) are ``store_folder.py``. docs/storage.md is the operator's side: guarantees,
recovery, backups.
"""

from __future__ import annotations

import logging
import os
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping

from tinydb.table import Table

from . import store_months, sweeper
from .odd_records import OddRecords
from .store_counts import ShardCounts, careful_count, careful_numbers
from .store_files import open_read
from .store_folder import StoreFolder
from .store_format import (
    LOCK_NAME,
    StoreError,
    check_month,
    check_slug,
    encode_response,
    submission_key,
)
from .store_order import shuffled_sources
from .store_tinydb import ShardDB, ShardStorage
from .store_writer import os_errors

__all__ = ["ResponseStore", "StoreError"]

log = logging.getLogger(__name__)

#: An open month's shard is mixed (rewritten in random order) at the next mark of this
#: grid after an answer (the clean-ups' grid; tests set it apart), so that the file's times
#: after the rewrite tell only the slot, never the second, of its latest answer.
MIX_SECONDS = sweeper.MARK_SECONDS


def next_mix(now: float | None = None) -> float:
    """The first slot boundary after ``now``: when answers stored now get mixed."""
    now = time.time() if now is None else now
    return sweeper.mark_before(now, MIX_SECONDS) + MIX_SECONDS


class ResponseStore(StoreFolder):
    """Anonymous survey responses, one shard per questionnaire and month.

    Safe for many threads and processes at once; a response acknowledged by :meth:`add`
    survives a crash of the process or the machine. One instance per process is typical.
    """

    def __init__(self, data_dir: str | os.PathLike[str], *, read_only: bool = False) -> None:
        """Open (or make) the store in ``data_dir``. With ``read_only`` (a command on a
        data folder it may not write: a snapshot mounted read-only, another user's files),
        nothing in the folder is made, shuffled or locked for writing, and every method
        that would change it raises StoreError."""
        # Counts per shard version (store_counts): valid in a forked child too.
        self._counts = ShardCounts()
        # TinyDB's view of each shard: it holds no file (it reads through this store), so
        # a forked child keeps it, unlike the lock handles StoreFolder drops there.
        self._dbs: dict[tuple[str, str], ShardDB] = {}
        super().__init__(data_dir, read_only=read_only)
        self._mix_task = _mix_open_months(self)
        if read_only:
            return
        try:
            # Lazily shuffle the months that ended; cheap when there is nothing to do.
            self.compact()
        except StoreError as exc:
            log.warning("could not shuffle closed months: %s", exc)
        try:
            self._mix_left_over()
        except StoreError as exc:
            log.warning("could not look for open months to mix: %s", exc)

    # -- writing -------------------------------------------------------------------------

    def add(self, slug: str, record: dict, *, submission_id: str, month: str) -> bool:
        """Store ``record`` for questionnaire ``slug`` in ``month`` (``YYYY-MM``).

        Returns True once the response is fdatasync'd; False if this ``submission_id`` was
        already stored for ``slug`` (a client retry: nothing changes).
        """
        return self.append(slug, record, submission_id, month) is not None

    def append(self, slug: str, record: Mapping, submission_id: str, month: str) -> str | None:
        """add(), returning the new document's id, or None for a retry (TinyDB's insert)."""
        self.check_writable()
        check_slug(slug)
        check_month(month)
        _check_record(record, submission_id)
        key = submission_key(slug, submission_id)
        doc_id = uuid.uuid4().hex  # random: sequential ids would record arrival order
        try:  # serialise before taking the lock: it is the slowest Python step
            line = encode_response(record, doc_id, key)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"response record is not JSON-serialisable: {exc}") from None
        slug_log = self.slug_log(slug, create=True)
        assert slug_log is not None
        if not slug_log.append(month, key, line):
            return None
        # The line is last in the file, in arrival order: mix it in soon, on this process's
        # clean-up thread (an exit survey may see no other request for days).
        sweeper.expect(self._mix_task, next_mix())
        return doc_id

    # -- reading -------------------------------------------------------------------------

    def responses(self, slug: str, odd: OddRecords | None = None) -> Iterator[dict]:
        """Every stored document of ``slug`` (all months), streamed in random order.

        Raises StoreError (before yielding anything) if a shard has a damaged record.
        With ``odd``, records edited by hand into another shape are read as exports read
        them, and noted there (``odd_records.py``).
        """
        sources = [(self.slug_log(slug, create=False), self.shard_path(slug, month), "")
                   for month in self.months(slug)]  # fmt: skip
        return (doc for _, doc in shuffled_sources(sources, odd))

    def mixed_responses(
        self, slugs: list[str], odd: OddRecords | None = None
    ) -> Iterator[tuple[str, dict]]:
        """(slug, document) of every stored response of ``slugs`` (the language versions of
        one questionnaire), streamed as one random order: not one language after the other.

        Raises StoreError (before yielding anything) if a shard has a damaged record; with
        ``odd`` as ``responses()``.
        """
        sources = [
            (self.slug_log(slug, create=False), self.shard_path(slug, month), slug)
            for slug in slugs
            for month in self.months(slug)
        ]
        return shuffled_sources(sources, odd)

    def count(self, slug: str) -> int:
        """Number of stored responses of ``slug``."""
        return sum(self.count_shard(slug, month) for month in self.months(slug))

    def table(self, slug: str, month: str) -> Table:
        """TinyDB's table API on one shard: queries read the log; insert is add()'s path."""
        check_slug(slug)
        check_month(month)
        self.check_open()
        db = self._dbs.get((slug, month))
        if db is None:
            db = self._dbs[(slug, month)] = ShardDB(self, slug, month, storage=ShardStorage)
        return db.table(db.default_table_name)

    def shard_documents(self, slug: str, month: str) -> list[dict] | None:
        """One shard's documents, shuffled (for TinyDB); None if the shard doesn't exist."""
        self.check_open()
        path = self.shard_path(slug, month)
        if not os.path.exists(path):
            return None
        sources = [(self.slug_log(slug, create=False), path, "")]
        return [doc for _, doc in shuffled_sources(sources)]

    def count_shard(self, slug: str, month: str) -> int:
        return self._shard_numbers(slug, month, quick=True)[0]

    def readable_count(self, slug: str) -> tuple[int, int]:
        """(responses of ``slug`` exports and the report read, stored records they leave
        out: edited by hand into no response, ``odd_records.py``)."""
        read = odd = 0
        for month in self.months(slug):
            responses, left = self._shard_numbers(slug, month)
            read, odd = read + responses - left, odd + left
        return read, odd

    def _shard_numbers(self, slug: str, month: str, *, quick: bool = False) -> tuple[int, int]:
        """(responses, how many of them exports leave out) of one shard, (0, 0) when it is
        gone: both from one scan (``ShardCounts.numbers``), or ``quick``, the responses
        only (``ShardCounts.count``, no JSON read: TinyDB's ``len``)."""
        self.check_open()
        path = self.shard_path(slug, month)
        with os_errors(f"cannot read {path}"):
            try:
                fd = open_read(path)
            except FileNotFoundError:
                self._counts.forget(path)
                return 0, 0
            try:
                careful = careful_count if quick else careful_numbers  # opens no log if intact
                again = lambda: careful(self.slug_log(slug, create=False), path, fd)  # noqa: E731
                if quick:
                    return self._counts.count(path, fd, again), 0
                return self._counts.numbers(path, fd, again)
            finally:
                os.close(fd)

    # -- retention and order -------------------------------------------------------------

    def purge(self, slug: str | None, before_month: str) -> int:
        """Delete every shard of ``slug`` (of all questionnaires if None) whose month is
        before ``before_month``; returns the number of responses removed."""
        check_month(before_month)
        self.check_writable()
        removed = store_months.purge(self, slug, before_month)
        try:
            self.compact(slug)
        except StoreError as exc:
            log.warning("purged, but could not shuffle closed months: %s", exc)
        return removed

    def compact(self, slug: str | None = None) -> int:
        """Rewrite every closed month not yet shuffled in random order, once per shard;
        returns the number of shards rewritten. Months close two days after they end."""
        self.check_writable()
        return store_months.rewrite(self, slug, open_months=False)[0]

    def mix(self, slug: str | None = None) -> int:
        """Rewrite in random order every month of ``slug`` (of all questionnaires if None)
        that is still open and got answers since it was last mixed, keeping its retry keys;
        returns the number of shards rewritten. add() has this done at :func:`next_mix`."""
        self.check_writable()
        return store_months.rewrite(self, slug, open_months=True)[0]

    def _mix_left_over(self) -> None:
        """Have the open months that a process left in arrival order mixed at the next
        ten-minute mark: the next answer may be days away."""
        if store_months.any_open_month_unmixed(self):
            sweeper.expect(self._mix_task, next_mix())

    def prepare(self, slugs: Iterable[str]) -> None:
        """Make the folder and lock file of each questionnaire in ``slugs`` now, ahead of its
        first answer: made by that answer, their times (the folder's and the lock's birth
        time, the lock's modification time) would be the time of that answer for good."""
        self.check_writable()
        for slug in slugs:
            try:
                slug_log = self.slug_log(check_slug(slug), create=True)
            except ValueError:  # not a questionnaire's name: nothing to store
                continue
            assert slug_log is not None
            if not os.path.exists(os.path.join(slug_log.dir, LOCK_NAME)):
                # Removed since (a restore with `rsync --delete`): made again now, not by
                # the next answer.
                with slug_log.locked():
                    pass

    # -- plumbing ------------------------------------------------------------------------

    def close(self) -> None:
        """Close every file; the store cannot be used afterwards."""
        if self.closed:
            return
        for db in self._dbs.values():
            db.close()
        self._dbs.clear()
        super().close()

    def __enter__(self) -> ResponseStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _mix_open_months(store: ResponseStore) -> sweeper.Task:
    """A sweeper task that mixes the store's open months; holds the store weakly."""

    def mix(current: ResponseStore) -> float | None:
        if current.closed:
            return None
        try:
            _, later = store_months.rewrite(current, None, open_months=True)
        except (StoreError, ValueError) as exc:
            # The disk filled up or failed during the copy: try again at the next mark.
            log.warning("could not mix the answers of the open months: %s", exc)
            return next_mix()
        # Too little free disk for a copy: again at the next mark, not only after the next
        # answer (there may be none for days). A month that changed meanwhile was
        # scheduled by that answer; a damaged one waits for the operator.
        return next_mix() if later else None

    return sweeper.weak_task(store, mix)


def _check_record(record: object, submission_id: object) -> None:
    """ValueError unless ``record`` and ``submission_id`` can be stored as they are."""
    if not isinstance(submission_id, str) or not submission_id:
        raise ValueError("submission_id must be a non-empty string")
    if not isinstance(record, Mapping):
        raise ValueError("a response record must be a mapping")
    if "id" in record:
        raise ValueError("a response record may not have an 'id' field: the store sets it")
