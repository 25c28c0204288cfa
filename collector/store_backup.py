"""Backups taken while the collector runs, and restores that add only what is missing.

``flask --app collector backup FILE`` writes a tar archive (gzip-compressed when FILE ends
in ``.gz`` or ``.tgz``) that ``tar -xf`` unpacks into a data folder:

    responses/<slug>/<YYYY-MM>.jsonl   every shard, as it was at one moment
    forms/<slug>/<version>.json        the form versions the answers were given with
    admin-password                     the salted hash of the HR password, if one is set

The moment is one for the whole store: every questionnaire's lock is held at once while
the shards' lengths are taken (a few milliseconds; leavers' posts wait that long), and only
those bytes are copied, so an answer acknowledged before the backup began is in it, and no
answer is in it half. Each shard goes into the archive in a fresh random order with its
trailer, as the store itself rewrites it (``store_order.py``): an open month keeps its retry
keys, a closed one loses them. So a backup never holds the order of the latest answers, as
a copy of the folder does until the next ten-minute mark, and its times are rounded down to
``TIME_GRID``. Left out: ``store.lock`` and ``*.shuffle``, ``limits/``, ``secret-key``,
``signed-out-sessions`` and ``retention-clock`` (README.md, docs/storage.md).

``flask --app collector restore SOURCE`` takes such an archive, or a copy of the data folder
(``cp -a``, ``tar``, ``rsync``), and adds every answer the store does not have, under the
store's locks, so it is safe while the collector runs. An answer is recognised by its random
``id`` (kept by every rewrite) and, in open months, by its retry key, so restoring twice,
or restoring a backup older than answers that were sent again since, adds nothing twice. A
month the store lacks is put in place whole, with its time; into a month it has, the
missing answers are appended one by one, each ``fdatasync``'d as an answer is.
"""

from __future__ import annotations

import fcntl
import logging
import math
import os
import random
import re
import tarfile
import tempfile
import time
from array import array
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from .store import ResponseStore
from .store_format import (
    DIR_MODE,
    FILE_MODE,
    RESTORE_SUFFIX,
    SHARD_SUFFIX,
    Scan,
    StoreError,
    check_slug,
    closed_before,
    corrupt_message,
    frame,
    fsync_dir,
    is_meta,
    make_dir,
    open_file,
    payload_key,
    shard_month,
)
from .store_order import index_fd, read_line, write_shuffled
from .store_writer import SlugLog, os_errors

log = logging.getLogger(__name__)

#: Times written into a backup, and given to the shards a restore puts in place, are
#: rounded down to this many seconds: a shard's time may be its latest answer's.
TIME_GRID = 600
#: How long a restore holds a questionnaire's lock at a time: leavers' posts wait this long.
HOLD_SECONDS = 0.05

_VERSION_NAME = re.compile(r"[A-Za-z0-9]{1,64}\.json")
_MEMBER = re.compile(
    r"(?:.*/)?(?:"
    r"responses/(?P<slug>[^/]+)/(?P<shard>[^/]+)"
    r"|forms/(?P<form>[^/]+)/(?P<version>[^/]+)"
    r"|(?P<password>admin-password))"
)


def rounded(when: float) -> int:
    """``when`` rounded down to ``TIME_GRID``."""
    return math.floor(when / TIME_GRID) * TIME_GRID


# -- backup ----------------------------------------------------------------------------


@dataclass
class BackupSummary:
    """What a backup holds."""

    responses: int = 0
    shards: list[str] = field(default_factory=list)
    forms: int = 0
    password: bool = False
    damaged: list[str] = field(default_factory=list)


@dataclass
class _Snap:
    """One shard as it was at the backup's moment: an fd and the length that counts. A
    closed month (no answers expected) is opened only when its turn comes: a store of many
    years would otherwise need more open files than a process may have."""

    slug: str
    month: str
    path: str
    fd: int = -1
    size: int = 0
    mtime: float = 0.0


def _take_now(snap: _Snap) -> bool:
    """Open ``snap``'s shard and take its length (its questionnaire's lock held); False
    when it is gone (purged meanwhile)."""
    with os_errors(f"cannot read {snap.path}"):
        try:
            snap.fd = os.open(snap.path, os.O_RDONLY | os.O_CLOEXEC)
        except FileNotFoundError:
            return False
        st = os.fstat(snap.fd)
    snap.size, snap.mtime = st.st_size, st.st_mtime
    return True


@contextmanager
def _snapshot(store: ResponseStore) -> Iterator[list[_Snap]]:
    """Every shard of ``store`` at one moment: all questionnaire locks held while the open
    months' lengths are taken. A shard only grows or is replaced whole (a new file), so
    the first ``size`` bytes of the fd opened then stay as they were."""
    snaps: list[_Snap] = []
    closed = closed_before()
    try:
        logs: list[tuple[str, SlugLog]] = []
        for slug in store.slugs():
            slug_log = store._log(slug, create=False)
            if slug_log is not None:
                logs.append((slug, slug_log))
        with ExitStack() as held:
            for _, slug_log in logs:  # sorted by slug: two backups never deadlock
                held.enter_context(slug_log.locked())
            for slug, _ in logs:
                for month in store.months(slug):
                    snap = _Snap(slug, month, store.shard_path(slug, month))
                    if month < closed or _take_now(snap):
                        snaps.append(snap)
        yield snaps
    finally:
        for snap in snaps:
            if snap.fd >= 0:
                os.close(snap.fd)


def write_backup(
    store: ResponseStore, data_dir: Path, password_file: str, out: BinaryIO, *, gzip: bool
) -> BackupSummary:
    """Write the backup archive to ``out`` (a stream: nothing is sought)."""
    summary = BackupSummary()
    owner = os.stat(data_dir)
    now = rounded(time.time())
    closed = closed_before()
    with (
        _snapshot(store) as snaps,
        tarfile.open(fileobj=out, mode="w|gz" if gzip else "w|", format=tarfile.PAX_FORMAT) as tar,
    ):
        tar.addfile(_info("responses", tarfile.DIRTYPE, now, owner))
        for slug in sorted({snap.slug for snap in snaps}):
            tar.addfile(_info(f"responses/{slug}", tarfile.DIRTYPE, now, owner))
        for snap in snaps:
            if snap.fd < 0:  # a closed month: as it is now
                slug_log = store._log(snap.slug, create=False)
                assert slug_log is not None
                with slug_log.locked():
                    found = _take_now(snap)
                if not found:
                    continue
            try:
                summary.responses += _add_shard(
                    tar, store, snap, snap.month >= closed, owner, summary
                )
            finally:
                os.close(snap.fd)
                snap.fd = -1
            summary.shards.append(f"{snap.slug}/{snap.month}")
        summary.forms = _add_forms(tar, data_dir / "forms", now, owner)
        password = data_dir / password_file
        with suppress(FileNotFoundError):
            data = password.read_bytes()
            info = _info(password_file, tarfile.REGTYPE, rounded(password.stat().st_mtime), owner)
            _add_bytes(tar, info, data)
            summary.password = True
    return summary


def _add_shard(
    tar: tarfile.TarFile,
    store: ResponseStore,
    snap: _Snap,
    keep_keys: bool,
    owner: os.stat_result,
    summary: BackupSummary,
) -> int:
    """Put ``snap``'s answers into the archive in a fresh random order; returns how many."""
    offsets, lengths, scan = index_fd(snap.fd, snap.size)
    # Unnamed, in the store's own folder: the answers never pass through /tmp.
    with tempfile.TemporaryFile(dir=store.directory) as copy:
        if scan.corrupt_at is None:
            write_shuffled(copy, snap.fd, snap.path, offsets, lengths, keep_keys)
        else:
            # Copied as it is, damaged line and all, for the repair in docs/storage.md:
            # a backup never drops what the store holds.
            summary.damaged.append(corrupt_message(snap.path, scan))
            _copy_range(snap.fd, copy, scan.good_end)
        size = copy.tell()
        copy.seek(0)
        name = f"responses/{snap.slug}/{snap.month}{SHARD_SUFFIX}"
        tar.addfile(_info(name, tarfile.REGTYPE, rounded(snap.mtime), owner, size), copy)
    return len(offsets)


def _add_forms(tar: tarfile.TarFile, forms: Path, now: int, owner: os.stat_result) -> int:
    """Every archived form version (not the temporary files of one being written)."""
    try:
        slugs = sorted(p.name for p in forms.iterdir() if p.is_dir())
    except FileNotFoundError:
        return 0
    count = 0
    tar.addfile(_info("forms", tarfile.DIRTYPE, now, owner))
    for slug in slugs:
        tar.addfile(_info(f"forms/{slug}", tarfile.DIRTYPE, now, owner))
        for path in sorted((forms / slug).iterdir()):
            if not _VERSION_NAME.fullmatch(path.name) or not path.is_file():
                continue
            info = _info(f"forms/{slug}/{path.name}", tarfile.REGTYPE, 0, owner)
            info.mtime = rounded(path.stat().st_mtime)
            _add_bytes(tar, info, path.read_bytes())
            count += 1
    return count


def _info(
    name: str, kind: bytes, mtime: int, owner: os.stat_result, size: int = 0
) -> tarfile.TarInfo:
    """A member owned as the data folder is, owner-only."""
    info = tarfile.TarInfo(name)
    info.type = kind
    info.size = size
    info.mtime = mtime
    info.mode = DIR_MODE if kind == tarfile.DIRTYPE else FILE_MODE
    info.uid, info.gid = owner.st_uid, owner.st_gid
    return info


def _add_bytes(tar: tarfile.TarFile, info: tarfile.TarInfo, data: bytes) -> None:
    with tempfile.SpooledTemporaryFile() as buffer:
        buffer.write(data)
        buffer.seek(0)
        info.size = len(data)
        tar.addfile(info, buffer)


def _copy_range(fd: int, out: BinaryIO, end: int) -> None:
    offset = 0
    while offset < end:
        chunk = os.pread(fd, min(1 << 20, end - offset), offset)
        if not chunk:
            break
        out.write(chunk)
        offset += len(chunk)


# -- restore ---------------------------------------------------------------------------


@dataclass
class ShardResult:
    """What a restore did with one shard of the backup."""

    slug: str
    month: str
    added: int = 0
    present: int = 0
    skipped: bool = False  # older than the retention setting keeps


@dataclass
class RestoreSummary:
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


@dataclass
class _Source:
    """A shard of the backup: where its bytes are, and its time."""

    slug: str
    month: str
    name: str
    mtime: float
    path: Path | None = None  # in a folder
    member: tarfile.TarInfo | None = None  # in an archive


@dataclass
class _Backup:
    shards: list[_Source] = field(default_factory=list)
    forms: list[tuple[str, str, bytes, float]] = field(default_factory=list)
    password: tuple[bytes, float] | None = None
    ignored: list[str] = field(default_factory=list)
    tar: tarfile.TarFile | None = None


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
        backup = _open_source(source, stack)
        # Every shard is checked before anything is added: one fd at a time, in the
        # archive's order (a compressed archive is read forwards only, cheaply).
        problems = []
        for src in backup.shards:
            with _opened(backup, src, store.directory) as fd:
                scan = index_fd(fd)[2]
                if scan.corrupt_at is not None:
                    problems.append(corrupt_message(src.name, scan))
        if problems:
            raise StoreError("nothing was restored: " + "; ".join(problems))
        summary = RestoreSummary(ignored=backup.ignored)
        for src in backup.shards:
            result = ShardResult(src.slug, src.month)
            summary.shards.append(result)
            if keep_from is not None and src.month < keep_from:
                result.skipped = True
                continue
            slug_log = store._log(src.slug, create=True)
            assert slug_log is not None
            with _opened(backup, src, store.directory) as fd:
                offsets, lengths, _ = index_fd(fd)
                if not _put_in_place(slug_log, src, fd, offsets, lengths, result):
                    _merge(slug_log, src, fd, offsets, lengths, result)
        summary.shards.sort(key=lambda r: (r.slug, r.month))
        summary.forms = _restore_forms(data_dir / "forms", backup.forms)
        summary.password = _restore_password(data_dir, password_file, backup.password)
    # What was added is at the end of its months, in random order; put it among the rest,
    # and shuffle a closed month again without its retry keys.
    for slug in sorted({r.slug for r in summary.shards if r.added}):
        try:
            store.compact(slug)
            store.mix(slug)
        except StoreError as exc:
            log.warning("restored, but could not put %s in random order yet: %s", slug, exc)
    return summary


@contextmanager
def _opened(backup: _Backup, src: _Source, scratch: str) -> Iterator[int]:
    """An fd on the bytes of ``src``: the file itself, or a copy of the archive's member
    in an unnamed file in the store's own folder."""
    if src.path is not None:
        with os_errors(f"cannot read {src.path}"):
            fd = os.open(src.path, os.O_RDONLY | os.O_CLOEXEC)
        try:
            yield fd
        finally:
            os.close(fd)
        return
    assert backup.tar is not None and src.member is not None
    with tempfile.TemporaryFile(dir=scratch) as copy:
        reader = backup.tar.extractfile(src.member)
        assert reader is not None
        while chunk := reader.read(1 << 20):
            copy.write(chunk)
        copy.flush()
        yield copy.fileno()


def _open_source(source: Path, stack: ExitStack) -> _Backup:
    """The shards, form versions and password hash of an archive or a folder."""
    backup = _Backup()
    if source.is_dir():
        root = source / "responses" if (source / "responses").is_dir() else source
        for folder in sorted(p for p in root.iterdir() if p.is_dir()):
            for path in sorted(folder.iterdir()):
                rel = f"{folder.name}/{path.name}"
                _take(backup, rel, str(path), path.stat().st_mtime, path=path)
        forms = (root.parent if root.name == "responses" else source) / "forms"
        if forms.is_dir():
            for folder in sorted(p for p in forms.iterdir() if p.is_dir()):
                for path in sorted(p for p in folder.iterdir() if p.is_file()):
                    backup.forms.append(
                        (folder.name, path.name, path.read_bytes(), path.stat().st_mtime)
                    )
        return backup
    with os_errors(f"cannot read {source}"):
        try:
            tar = backup.tar = stack.enter_context(tarfile.open(source, "r:*"))  # noqa: SIM115
            members = tar.getmembers()
        except tarfile.TarError as exc:
            raise StoreError(f"{source} is not a backup archive ({exc})") from None
        for member in members:
            name = member.name.removeprefix("./")
            match = _MEMBER.fullmatch(name)
            if not member.isfile():
                continue
            if match is None:
                backup.ignored.append(member.name)
            elif match["slug"] is not None:
                rel = f"{match['slug']}/{match['shard']}"
                _take(backup, rel, member.name, float(member.mtime), member=member)
            else:
                reader = tar.extractfile(member)
                assert reader is not None
                if match["form"] is not None:
                    backup.forms.append(
                        (match["form"], match["version"], reader.read(), float(member.mtime))
                    )
                else:
                    backup.password = (reader.read(), float(member.mtime))
    return backup


def _take(
    backup: _Backup,
    rel: str,
    name: str,
    mtime: float,
    *,
    path: Path | None = None,
    member: tarfile.TarInfo | None = None,
) -> None:
    """Keep the shard at ``rel`` (``<slug>/<file>``) of the backup, if it is one."""
    slug, _, file_name = rel.partition("/")
    month = shard_month(file_name)
    try:
        check_slug(slug)
    except ValueError:
        month = None
    if month is None:
        if not file_name.endswith((".shuffle", RESTORE_SUFFIX)) and file_name != "store.lock":
            backup.ignored.append(name)
        return
    backup.shards.append(_Source(slug, month, name, mtime, path=path, member=member))


def _put_in_place(
    slug_log: SlugLog,
    src: _Source,
    fd: int,
    offsets: array,
    lengths: array,
    result: ShardResult,
) -> bool:
    """A month the store lacks: write it whole beside the others, in random order, and
    move it in under the lock if the store still lacks it (a leaver may have answered
    meanwhile) and none of its retry keys was sent again since; True when done."""
    path = slug_log.path(src.month)
    if os.path.exists(path):
        return False
    temp = path[: -len(SHARD_SUFFIX)] + RESTORE_SUFFIX
    keep_keys = src.month >= closed_before()
    with os_errors(f"cannot restore {path}"):
        tfd, _ = open_file(temp, os.O_RDWR, create=True)
        try:
            try:
                fcntl.flock(tfd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise StoreError(f"another restore is writing {temp}") from None
            os.fchmod(tfd, FILE_MODE)
            os.ftruncate(tfd, 0)
            try:
                with open(tfd, "wb", buffering=1 << 20, closefd=False) as out:
                    write_shuffled(out, fd, src.name, offsets, lengths, keep_keys)
                os.fsync(tfd)
                when = rounded(src.mtime)
                os.utime(tfd, (when, when))
                keys = [
                    payload_key(read_line(fd, src.name, o, n))
                    for o, n in zip(offsets, lengths, strict=True)
                ]
                with slug_log.locked():
                    if os.path.exists(path) or _any_known(slug_log, src.month, keys):
                        os.unlink(temp)
                        return False
                    os.replace(temp, path)
                    fsync_dir(slug_log.dir)
            except BaseException:
                with suppress(FileNotFoundError):
                    os.unlink(temp)
                raise
        finally:
            os.close(tfd)
    result.added = len(offsets)
    return True


def _any_known(slug_log: SlugLog, month: str, keys: list[int | None]) -> bool:
    """True when a shard next to ``month`` holds one of ``keys`` (lock held)."""
    wanted = {key for key in keys if key is not None}
    for other in slug_log.neighbours(month):
        near = slug_log.shard(other, create=False)
        if near is not None and not wanted.isdisjoint(near.keys):
            return True
    return False


def _merge(
    slug_log: SlugLog, src: _Source, fd: int, offsets: array, lengths: array, result: ShardResult
) -> None:
    """Append the answers of ``src`` the store's month lacks, one durable line at a time,
    holding the lock for ``HOLD_SECONDS`` at most at a time."""
    month = src.month
    ids: set[bytes] = set()
    seen = 0  # bytes of the shard whose ids are in ``ids``
    ident: tuple[int, int] | None = None
    pending = list(range(len(offsets)))
    random.Random(os.urandom(32)).shuffle(pending)  # a folder copy may be in arrival order
    path = slug_log.path(month)
    while pending:
        with slug_log.locked(), os_errors(f"cannot restore into {path}"):
            shard = slug_log.shard(month, create=True)
            assert shard is not None
            if shard.ident != ident:  # new, or replaced by a mix: read its ids again
                ids.clear()
                ident, seen = shard.ident, 0
            _read_ids(shard.fd, seen, shard.offset, ids)
            near = [
                n.keys
                for other in slug_log.neighbours(month)
                if (n := slug_log.shard(other, create=False)) is not None
            ]
            until = time.monotonic() + HOLD_SECONDS
            while pending and time.monotonic() < until:
                i = pending.pop()
                payload = read_line(fd, src.name, offsets[i], lengths[i])
                doc_id = _payload_id(payload)
                key = payload_key(payload)
                if doc_id in ids or (
                    key is not None and (key in shard.keys or any(key in k for k in near))
                ):
                    result.present += 1
                    continue
                slug_log._write(shard, frame(payload))
                if key is not None:
                    shard.keys[key] = None
                ids.add(doc_id)
                result.added += 1
            seen = shard.offset


def _read_ids(fd: int, start: int, end: int, ids: set[bytes]) -> None:
    """Add the ids of the responses in ``[start, end)`` of a shard to ``ids``."""
    for _, payload in Scan(fd, start, end):
        if not is_meta(payload):
            ids.add(_payload_id(payload))


def _payload_id(payload: bytes) -> bytes:
    """The response's random id, read without parsing the JSON."""
    at = payload.find(b'"id":"', 0, 64)
    if at < 0:
        raise StoreError("a response without an id")
    end = payload.find(b'"', at + 6, at + 80)
    return payload[at + 6 : end]


def _restore_forms(forms: Path, versions: list[tuple[str, str, bytes, float]]) -> int:
    """Put back every form version the data folder lacks; returns how many."""
    count = 0
    for slug, name, data, mtime in versions:
        try:
            check_slug(slug)
        except ValueError:
            continue
        if not _VERSION_NAME.fullmatch(name):
            continue
        target = forms / slug / name
        if target.exists():
            continue
        for folder in (forms, forms / slug):
            make_dir(folder)
        _write_new(target, data, mtime)
        count += 1
    return count


def _restore_password(data_dir: Path, name: str, password: tuple[bytes, float] | None) -> str:
    if password is None:
        return "none"
    target = data_dir / name
    if target.exists():
        return "kept"
    _write_new(target, *password)
    return "restored"


def _write_new(target: Path, data: bytes, mtime: float) -> None:
    """Write ``target`` (0600, the folder owner's) whole, then move it in."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with suppress(FileNotFoundError):
        temporary.unlink()
    fd, _ = open_file(str(temporary), os.O_WRONLY, create=True)
    try:
        os.write(fd, data)
        os.fsync(fd)
        when = rounded(mtime)
        os.utime(fd, (when, when))
    finally:
        os.close(fd)
    os.replace(temporary, target)
    fsync_dir(str(target.parent))


def is_archive_name(path: Path) -> bool | None:
    """True for a gzip archive name, False for a plain .tar, None for anything else."""
    name = path.name.lower()
    if name.endswith((".tar.gz", ".tgz")):
        return True
    if name.endswith(".tar"):
        return False
    return None


__all__ = ["BackupSummary", "RestoreSummary", "is_archive_name", "restore", "write_backup"]
