"""Restores that add only what is missing, safe while the collector runs.

``flask --app collector restore SOURCE`` takes an archive the backup command wrote
(``store_backup.py``), or a copy of the data folder (``cp -a``, ``tar``, ``rsync``), and
adds every answer the store does not have, under the store's locks. An answer is
recognised by its random ``id`` (kept by every rewrite) and, in open months, by its retry
key, so restoring twice, or restoring a backup older than answers that were sent again
since, adds nothing twice. A month the store lacks is put in place whole, with its time;
into a month it has, the missing answers are appended one by one, each ``fdatasync``'d as
an answer is.

What HR removed (``store_redact.py``) stays removed: the store's list of removed
responses, merged with the list inside the backup, is applied to every answer restored
(a deleted one is left out, a blanked answer blanked), and then to the store once more, in
case the backup's list names answers the store got from an older backup before.
"""

from __future__ import annotations

import logging
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from . import removal_list, store_redact, store_restore_files
from .store import ResponseStore
from .store_backup_reader import open_source, opened
from .store_format import StoreError, closed_before, corrupt_message
from .store_legacy import refiled_month
from .store_order import index_fd

# The shard writers are looked up here at call time: tests interrupt or slow a restore by
# replacing them on this module.
from .store_restore_shard import ShardResult, counted, merge_shard, put_in_place

log = logging.getLogger(__name__)


@dataclass
class RestoreSummary:
    """What a restore did, shard by shard, and with the forms and the password."""

    shards: list[ShardResult] = field(default_factory=list)
    forms: int = 0
    password: str = "none"  # "restored", "kept" (one is set already) or "none"
    ignored: list[str] = field(default_factory=list)

    @property
    def added(self) -> int:
        return sum(shard.added for shard in self.shards)

    @property
    def present(self) -> int:
        return sum(shard.present for shard in self.shards)

    @property
    def removed(self) -> int:
        return sum(shard.removed for shard in self.shards)


def restore(
    store: ResponseStore,
    data_dir: Path,
    password_file: str,
    source: Path,
    keep_from: str | None = None,
) -> RestoreSummary:
    """Add what ``source`` (a backup archive or a copy of a data folder) holds and the
    store lacks. Months before ``keep_from`` (the retention setting's first kept month)
    are left out. Raises StoreError, having changed nothing, when a shard of the backup is
    damaged or the source cannot be read."""
    with ExitStack() as stack:
        backup = open_source(source, stack, password_file)
        # Every shard is checked before anything is added: one fd at a time, in the
        # archive's order (a compressed archive is read forwards only, cheaply).
        problems = []
        for src in backup.shards:
            with opened(backup, src, store.directory) as fd:
                scan = index_fd(fd)[2]
                if scan.corrupt_at is not None:
                    problems.append(corrupt_message(src.name, scan))
                else:  # a quarter or a year an older collector filed under its first month
                    src.month = refiled_month(fd, src.month, src.name)
        lists: dict[str, dict[str, removal_list.Entry]] = {}
        for slug, name, text in backup.removed:
            try:
                more = removal_list.parse_removed(removal_list.decode_list(text, name), name)
            except StoreError as exc:
                problems.append(str(exc))
                continue
            removal_list.merge(lists.setdefault(slug, {}), more)
        # The store's own lists too: one that cannot be read stops the restore here, not
        # half way, after the questionnaires before it were restored.
        for slug in sorted({src.slug for src in backup.shards} - set(lists)):
            slug_log = store.slug_log(slug, create=False)
            if slug_log is not None:
                try:
                    removal_list.read_removed(slug_log.dir)
                except StoreError as exc:
                    problems.append(str(exc))
        if problems:
            raise StoreError("nothing was restored: " + "; ".join(problems))
        summary = RestoreSummary(ignored=backup.ignored)
        removed = _removed_lists(store, lists)
        for src in backup.shards:
            result = ShardResult(src.slug, src.month)
            summary.shards.append(result)
            if keep_from is not None and src.month < keep_from:
                result.skipped = True
                continue
            slug_log = store.slug_log(src.slug, create=True)
            assert slug_log is not None
            if src.slug not in removed:
                removed[src.slug] = removal_list.read_removed(slug_log.dir)
            entries = removed[src.slug]
            with opened(backup, src, store.directory) as fd:
                tombstones: list[bytes] = []
                offsets, lengths, _ = index_fd(fd, None, tombstones)
                keep_keys = src.month >= closed_before()
                change = counted(store_redact.change_for(entries, keep_keys), result)
                if not put_in_place(
                    slug_log, src, fd, offsets, lengths, result, tombstones, change
                ):
                    merge_shard(slug_log, src, fd, offsets, lengths, result, keep_keys)
        summary.shards.sort(key=lambda r: (r.slug, r.month))
        summary.forms = store_restore_files.restore_forms(data_dir / "forms", backup.forms)
        summary.password = store_restore_files.restore_password(
            data_dir, password_file, backup.password
        )
    # The backup's list may name answers an earlier restore brought in, and HR may have
    # removed one while this ran (after its month was put in place): take them out, by
    # the list as it is now.
    for slug in sorted(removed.keys() | {r.slug for r in summary.shards if r.added}):
        store_redact.enforce(store, slug)
    # What was added is at the end of its months, in random order; put it among the rest,
    # and shuffle a closed month again without its retry keys.
    for slug in sorted({r.slug for r in summary.shards if r.added}):
        try:
            store.compact(slug)
            store.mix(slug)
        except StoreError as exc:
            log.warning("restored, but could not put %s in random order yet: %s", slug, exc)
    return summary


def holds_anything(source: Path, password_file: str) -> bool:
    """True when ``source`` holds answers, form versions, HR's lists or a password hash to
    restore; raises StoreError when it is no backup at all (not an archive, damaged, a
    folder that is not a copy of a data folder). Reads the source and changes nothing."""
    with ExitStack() as stack:
        backup = open_source(source, stack, password_file)
        return bool(backup.shards or backup.forms or backup.removed or backup.password)


def _removed_lists(
    store: ResponseStore, lists: dict[str, dict[str, removal_list.Entry]]
) -> dict[str, dict[str, removal_list.Entry]]:
    """Add the backup's lists of what HR removed to the store's, durably, before any
    answer is restored; returns the merged list of each of those questionnaires."""
    merged = {}
    for slug, entries in sorted(lists.items()):
        slug_log = store.slug_log(slug, create=True)
        assert slug_log is not None
        with slug_log.locked():
            removal_list.remember(slug_log, entries)
        merged[slug] = removal_list.read_removed(slug_log.dir)
    return merged


__all__ = ["RestoreSummary", "ShardResult", "holds_anything", "restore"]
