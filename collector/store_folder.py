"""One process's handles on the response store's data folder.

Where each shard is (``<data_dir>/<slug>/<YYYY-MM>.jsonl``), which questionnaires and
months have one, and the per-questionnaire log handles (``store_writer.SlugLog``: the lock
file and the open shards) this process holds: made lazily, dropped in a forked child
(``store_fork.py``), closed once. ``store.py``'s :class:`ResponseStore` builds the adding,
reading and rewriting of answers on top of it; nothing here reads or writes an answer.
"""

from __future__ import annotations

import logging
import os
import threading
from contextlib import suppress

from . import store_fork
from .store_files import fsync_dir, make_dir
from .store_format import SHARD_SUFFIX, StoreError, check_month, check_slug, shard_month
from .store_mounts import network_file_system
from .store_writer import SlugLog, os_errors

#: Logged as the store (``collector.store``), as before this module was split from it: the
#: network-disk warning is one operators see at start-up and may filter on.
log = logging.getLogger("collector.store")


class StoreFolder:
    """The data folder of a response store, as this process sees it: safe for many threads."""

    def __init__(self, data_dir: str | os.PathLike[str], *, read_only: bool = False) -> None:
        """Open (or, unless ``read_only``, make) the folder ``data_dir``. Read-only, nothing
        in the folder is made or locked for writing (see ``ResponseStore``)."""
        self._dir = os.path.abspath(os.fspath(data_dir))
        self._read_only = read_only
        self._closed = False
        self._reset()
        store_fork.watch(self, _reset_in_child)
        if not read_only:
            self._make_folder()

    def _make_folder(self) -> None:
        """Make the data folder (durably) if it is new; warn when it is on a network disk."""
        with os_errors(f"cannot open the response store {self._dir}"):
            parent = os.path.dirname(self._dir)
            os.makedirs(parent, exist_ok=True)
            if make_dir(self._dir):
                fsync_dir(parent)
        fs = network_file_system(self._dir)
        if fs is not None:
            log.warning(
                "%s is on a network file system (%s): the store's locks, appends and "
                "renames are only proven on a local disk, and two collectors on two "
                "machines must never share it; keep the data folder on a local disk "
                "(docs/storage.md)",
                self._dir,
                fs,
            )

    def _reset(self) -> None:
        self._pid = os.getpid()
        self._guard = threading.Lock()
        self._logs: dict[str, SlugLog] = {}

    # -- where things are ----------------------------------------------------------------

    @property
    def read_only(self) -> bool:
        """True when opened only to read (see ``__init__``)."""
        return self._read_only

    @property
    def closed(self) -> bool:
        """True once :meth:`close` was called."""
        return self._closed

    @property
    def directory(self) -> str:
        """The folder holding one sub-folder of shards per questionnaire."""
        return self._dir

    def shard_path(self, slug: str, month: str) -> str:
        """Where ``slug``'s shard of ``month`` is (whether or not it exists)."""
        return os.path.join(self._dir, check_slug(slug), check_month(month) + SHARD_SUFFIX)

    def slugs(self) -> list[str]:
        """Questionnaires with at least one shard, sorted."""
        self.check_open()
        if self._read_only and not os.path.isdir(self._dir):
            return []  # a snapshot of a collector that never stored an answer
        with os_errors(f"cannot list {self._dir}"):
            names = sorted(os.listdir(self._dir))
        out = []
        for name in names:
            with suppress(ValueError):
                if self.months(check_slug(name)):
                    out.append(name)
        return out

    def months(self, slug: str) -> list[str]:
        """Months (``YYYY-MM``) with a shard for ``slug``, oldest first."""
        check_slug(slug)
        self.check_open()
        try:
            names = os.listdir(os.path.join(self._dir, slug))
        except (FileNotFoundError, NotADirectoryError):
            return []
        except OSError as exc:
            raise StoreError(f"cannot list {slug}: {exc.strerror}") from exc
        return sorted(month for month in map(shard_month, names) if month)

    # -- handles -------------------------------------------------------------------------

    def slug_log(self, slug: str, create: bool) -> SlugLog | None:
        """This process's handle on ``slug``; None if it doesn't exist and not ``create``."""
        self.check_open()
        if create:
            self.check_writable()
        with self._guard:
            slug_log = self._logs.get(slug)
            if slug_log is None:
                slug_log = SlugLog.open(self._dir, slug, create, read_only=self._read_only)
                if slug_log is not None:
                    self._logs[slug] = slug_log
            return slug_log

    def close(self) -> None:
        """Close every file; the folder's handles cannot be used afterwards."""
        if self._closed:
            return
        self._closed = True
        for slug_log in self._logs.values():
            with slug_log.mutex:
                slug_log.close()
        self._logs.clear()

    def check_writable(self) -> None:
        """StoreError if the folder was opened read-only."""
        if self._read_only:
            raise StoreError(
                f"{self._dir} was opened read-only (this process may not write the data "
                "folder), so nothing in it can be stored or changed"
            )

    def check_open(self) -> None:
        """StoreError once closed; in a child forked without os.fork()'s hooks, drop the
        parent's handles first."""
        if self._closed:
            raise StoreError("the response store is closed")
        if self._pid != os.getpid():  # forked without os.fork()'s hooks (rare): see _forked
            with store_fork.guard():
                if self._pid != os.getpid():
                    self._forked()

    def _forked(self) -> None:
        """In a forked child: drop our copies of the inherited lock fds (``store_fork``) and
        reopen lazily. Run by os.fork() itself, while the child has one thread: done later,
        by whichever thread came first, two threads (a request and the sweeper's shuffle, in
        a gunicorn --preload worker) could both close the same fd numbers, the second time
        after they were reused for newly opened shards."""
        for slug_log in self._logs.values():
            slug_log.forget()
        self._reset()


def _reset_in_child(folder: StoreFolder) -> None:
    """os.fork()'s hook for one store (``store_fork``): a closed one has nothing to drop."""
    if not folder.closed:
        folder._forked()
