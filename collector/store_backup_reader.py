"""What a backup holds: the shards, form versions, password hash and HR's removal lists of
an archive the backup command wrote (``store_backup.py``) or of a copied data folder
(``cp -a``, ``tar``, ``rsync``), read for ``store_restore.py``."""

from __future__ import annotations

import gzip
import lzma
import os
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from .store_backup import ARCHIVE_MEMBER
from .store_format import (
    REDACT_SUFFIX,
    REMOVED_NAME,
    RESTORE_SUFFIX,
    StoreError,
    check_slug,
    shard_month,
)
from .store_writer import os_errors


@dataclass
class Source:
    """A shard of the backup: where its bytes are, and its time."""

    slug: str
    month: str
    name: str
    mtime: float
    path: Path | None = None  # in a folder
    member: tarfile.TarInfo | None = None  # in an archive


@dataclass
class Backup:
    shards: list[Source] = field(default_factory=list)
    forms: list[tuple[str, str, bytes, float]] = field(default_factory=list)
    password: tuple[bytes, float] | None = None
    ignored: list[str] = field(default_factory=list)
    tar: tarfile.TarFile | None = None
    removed: list[tuple[str, str, bytes]] = field(default_factory=list)  # HR's lists
    source: Path | None = None  # the archive, for messages


#: What reading a damaged or cut-off archive raises besides OSError (a gzip stream ended
#: early raises EOFError, which click would show as a bare "Aborted!").
_DAMAGED = (tarfile.TarError, EOFError, zlib.error, lzma.LZMAError, gzip.BadGzipFile)


@contextmanager
def archive_errors(source: Path | None) -> Iterator[None]:
    """Turn what reading the archive ``source`` raises into a StoreError saying so."""
    try:
        yield
    except _DAMAGED as exc:
        raise StoreError(
            f"{source} is not a whole backup archive ({exc or type(exc).__name__}): it may "
            "have been cut off or damaged in a copy; use another backup"
        ) from None
    except OSError as exc:
        raise StoreError(f"cannot read {source}: {exc.strerror or exc}") from exc


def _check_whole(tar: tarfile.TarFile) -> None:
    """Raise ReadError unless the archive ends where its listing did, intact.

    tarfile takes a damaged header for the end of the archive and lists only what came
    before it, and never reads as far as a gzip stream's checksum: a restore would add
    part of the backup and say it was done. What follows the last member must be the
    zero blocks that end every tar, to the end of a stream whose checksum holds."""
    assert tar.fileobj is not None
    tar.fileobj.seek(tar.offset)  # the block tarfile read as the end
    while chunk := tar.fileobj.read(1 << 20):
        if chunk.strip(b"\0"):
            raise tarfile.ReadError(f"a damaged header at byte {tar.offset}")


def _member_bytes(backup: Backup, member: tarfile.TarInfo) -> bytes:
    """All of ``member`` (a small file: a form version, a password hash, a list)."""
    assert backup.tar is not None
    with archive_errors(backup.source):
        reader = backup.tar.extractfile(member)
        assert reader is not None
        return reader.read()


@contextmanager
def opened(backup: Backup, src: Source, scratch: str) -> Iterator[int]:
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
    with _unpacked(backup, src, scratch) as copy:
        yield copy.fileno()


def _unpacked(backup: Backup, src: Source, scratch: str) -> IO[bytes]:
    """A copy of the archive's member ``src`` in an unnamed file in ``scratch``. The copy
    takes room in the data folder: a full disk is a StoreError saying so, not a traceback."""
    assert backup.tar is not None and src.member is not None
    member = src.member
    unpacking = f"cannot unpack {src.name} from {backup.source} into {scratch}"
    with os_errors(unpacking):
        copy = tempfile.TemporaryFile(dir=scratch)  # noqa: SIM115 (closed by the caller)
    try:
        with archive_errors(backup.source):
            reader = backup.tar.extractfile(member)
            assert reader is not None
        while True:
            with archive_errors(backup.source):
                chunk = reader.read(1 << 20)
            if not chunk:
                break
            with os_errors(unpacking):
                copy.write(chunk)
        with os_errors(unpacking):
            copy.flush()
    except BaseException:
        with suppress(OSError):  # what is still buffered cannot be written either
            copy.close()
        raise
    return copy


def open_source(source: Path, stack: ExitStack, password_name: str = "") -> Backup:
    """The shards, form versions and password hash of an archive or a folder (a copied
    data folder keeps the hash in ``password_name``, as the archive does)."""
    backup = Backup()
    if source.is_dir():
        root = source / "responses" if (source / "responses").is_dir() else source
        password = (root.parent if root.name == "responses" else source) / password_name
        if password_name and password.is_file():
            backup.password = (password.read_bytes(), password.stat().st_mtime)
        for folder in sorted(p for p in root.iterdir() if p.is_dir()):
            for path in sorted(folder.iterdir()):
                rel = f"{folder.name}/{path.name}"
                take(backup, rel, str(path), path.stat().st_mtime, path=path)
        forms = (root.parent if root.name == "responses" else source) / "forms"
        if forms.is_dir():
            for folder in sorted(p for p in forms.iterdir() if p.is_dir()):
                for path in sorted(p for p in folder.iterdir() if p.is_file()):
                    backup.forms.append(
                        (folder.name, path.name, path.read_bytes(), path.stat().st_mtime)
                    )
        if root == source and not (backup.shards or backup.removed):
            # An empty folder, a mistyped one: "Restored 0 responses" would hide the typo.
            raise StoreError(
                f"{source} is not a copy of a data folder (no responses/ folder in it, and no "
                "answers): give a file the backup command wrote, or a copy of a data folder"
            )
        return backup
    backup.source = source
    with os_errors(f"cannot read {source}"):
        try:
            tar = backup.tar = stack.enter_context(tarfile.open(source, "r:*"))  # noqa: SIM115
        except tarfile.TarError:
            # tarfile's message lists each compression it tried, one line each: say it in one.
            raise StoreError(
                f"{source} is not a backup archive (not a .tar or .tar.gz file): give a file "
                "the backup command wrote, or a copy of a data folder"
            ) from None
    with archive_errors(source):
        members = tar.getmembers()
        _check_whole(tar)
    for member in members:
        name = member.name.removeprefix("./")
        match = ARCHIVE_MEMBER.fullmatch(name)
        if not member.isfile():
            continue
        if match is None:
            backup.ignored.append(member.name)
        elif match["slug"] is not None:
            rel = f"{match['slug']}/{match['shard']}"
            take(backup, rel, member.name, float(member.mtime), member=member)
        elif match["form"] is not None:
            text = _member_bytes(backup, member)
            backup.forms.append((match["form"], match["version"], text, float(member.mtime)))
        else:
            backup.password = (_member_bytes(backup, member), float(member.mtime))
    return backup


def take(
    backup: Backup,
    rel: str,
    name: str,
    mtime: float,
    *,
    path: Path | None = None,
    member: tarfile.TarInfo | None = None,
) -> None:
    """Keep the shard at ``rel`` (``<slug>/<file>``) of the backup, if it is one."""
    slug, _, file_name = rel.partition("/")
    try:
        check_slug(slug)
    except ValueError:
        month = None
    else:
        month = shard_month(file_name)
        if file_name == REMOVED_NAME:  # HR's list of removed responses
            if path is not None:
                backup.removed.append((slug, name, path.read_bytes()))
            else:
                assert member is not None
                backup.removed.append((slug, name, _member_bytes(backup, member)))
            return
    if month is None:
        if not file_name.endswith((".shuffle", RESTORE_SUFFIX, REDACT_SUFFIX, ".tmp")) and (
            file_name != "store.lock"
        ):
            backup.ignored.append(name)
        return
    backup.shards.append(Source(slug, month, name, mtime, path=path, member=member))


__all__ = ["Backup", "Source", "open_source", "opened"]
