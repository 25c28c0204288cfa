"""TinyDB's API over one shard of the response store.

TinyDB's own write path reads, re-keys and rewrites the whole database on every insert, and
is unsafe with several processes (see docs/storage.md). So the hooks TinyDB documents for
extension are used to keep its *read* API (``search``, ``all``, ``get``, ``len``, queries)
while every insert goes through :meth:`ResponseStore.add`'s locked, fdatasync'd append.
Responses are append-only: update and remove are refused; retention is ``purge()``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from .store_format import StoreError

if TYPE_CHECKING:
    from .store import ResponseStore

_APPEND_ONLY = "responses are append-only: use ResponseStore.purge() to delete whole months"


class ShardStorage(Storage):
    """A TinyDB storage reading one shard's log; it never rewrites the file."""

    def __init__(self, store: ResponseStore, slug: str, month: str) -> None:
        self.store = store
        self.slug = slug
        self.month = month

    def read(self) -> dict[str, dict[str, Any]] | None:
        """All documents of the shard, keyed by their random id, in shuffled order."""
        docs = self.store.shard_documents(self.slug, self.month)
        if docs is None:
            return None
        return {TinyDB.default_table_name: {doc["id"]: doc for doc in docs}}

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Refused: TinyDB's write path would rewrite the whole shard in place."""
        raise StoreError(_APPEND_ONLY)


class ResponseTable(Table):
    """The shard's only table. Document ids are the responses' random ``id`` strings."""

    # Ids are random hex strings, never sequential integers that would leak arrival order.
    document_id_class = str

    def __init__(self, storage: Storage, name: str, **kwargs: Any) -> None:
        if name != TinyDB.default_table_name:
            raise ValueError(f"a response shard has one table, not {name!r}")
        # No query cache: another process's appends would leave cached results stale.
        super().__init__(storage, name, cache_size=0)

    @property
    def _shard(self) -> ShardStorage:
        storage = self.storage
        assert isinstance(storage, ShardStorage)
        return storage

    def insert(self, document: Mapping) -> str:  # type: ignore[override]
        """Store ``document`` durably (a fresh submission_id, so no dedupe); return its id."""
        if not isinstance(document, Mapping):
            raise ValueError("Document is not a Mapping")
        shard = self._shard
        doc_id = shard.store.append(shard.slug, dict(document), uuid.uuid4().hex, shard.month)
        assert doc_id is not None  # a fresh submission_id is never a retry
        return doc_id

    def insert_multiple(self, documents: Iterable[Mapping]) -> list[str]:  # type: ignore[override]
        """Insert each document durably, one append each (not atomic as a group)."""
        return [self.insert(document) for document in documents]

    def __len__(self) -> int:
        """Count without parsing the documents."""
        shard = self._shard
        return shard.store.count_shard(shard.slug, shard.month)

    def _update_table(self, updater: Any) -> None:
        """Refused for update, remove, upsert and truncate."""
        raise StoreError(_APPEND_ONLY)


class ShardDB(TinyDB):
    """TinyDB over one shard, opened as ``ShardDB(store, slug, month, storage=ShardStorage)``."""

    table_class = ResponseTable
