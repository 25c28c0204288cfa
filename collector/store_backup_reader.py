"""What a backup holds: the shards, form versions, password hash and HR's removal lists of
an archive the backup command wrote (``store_backup.py``) or of a copied data folder
(``cp -a``, ``tar``, ``rsync``), read for ``store_restore.py``."""

from __future__ import annotations

import os
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

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
    assert backup.tar is not None and src.member is not None
    with tempfile.TemporaryFile(dir=scratch) as copy:
        reader = backup.tar.extractfile(src.member)
        assert reader is not None
        while chunk := reader.read(1 << 20):
            copy.write(chunk)
        copy.flush()
        yield copy.fileno()


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
        return backup
    with os_errors(f"cannot read {source}"):
        try:
            tar = backup.tar = stack.enter_context(tarfile.open(source, "r:*"))  # noqa: SIM115
            members = tar.getmembers()
        except tarfile.TarError as exc:
            raise StoreError(f"{source} is not a backup archive ({exc})") from None
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
                assert backup.tar is not None and member is not None
                reader = backup.tar.extractfile(member)
                assert reader is not None
                backup.removed.append((slug, name, reader.read()))
            return
    if month is None:
        if not file_name.endswith((".shuffle", RESTORE_SUFFIX, REDACT_SUFFIX, ".tmp")) and (
            file_name != "store.lock"
        ):
            backup.ignored.append(name)
        return
    backup.shards.append(Source(slug, month, name, mtime, path=path, member=member))


__all__ = ["Backup", "Source", "open_source", "opened"]
