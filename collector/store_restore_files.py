"""The rest of a restore, for ``store_restore.py``: the form versions and the HR
password the data folder lacks, each written whole and moved in (never overwritten).
"""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path

from .file_write import write_all
from .store_backup import VERSION_NAME, rounded
from .store_files import fsync_dir, make_dir, open_file
from .store_format import check_slug


def restore_forms(forms: Path, versions: list[tuple[str, str, bytes, float]]) -> int:
    """Put back every form version the data folder lacks; returns how many."""
    count = 0
    for slug, name, data, mtime in versions:
        try:
            check_slug(slug)
        except ValueError:
            continue
        if not VERSION_NAME.fullmatch(name):
            continue
        target = forms / slug / name
        if target.exists():
            continue
        for folder in (forms, forms / slug):
            make_dir(folder)
        write_new(target, data, mtime)
        count += 1
    return count


def restore_password(data_dir: Path, name: str, password: tuple[bytes, float] | None) -> str:
    """Put back the HR password file if the folder has none: "restored", "kept" or "none"."""
    if password is None:
        return "none"
    target = data_dir / name
    if target.exists():
        return "kept"
    write_new(target, *password)
    return "restored"


def write_new(target: Path, data: bytes, mtime: float) -> None:
    """Write ``target`` (0600, the folder owner's) whole, then move it in."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with suppress(FileNotFoundError):
        temporary.unlink()
    fd, _ = open_file(str(temporary), os.O_WRONLY, create=True)
    try:
        write_all(fd, data)  # a form version cut short would be no JSON
        os.fsync(fd)
        when = rounded(mtime)
        os.utime(fd, (when, when))
    except OSError:
        os.close(fd)
        temporary.unlink()
        raise
    os.close(fd)
    os.replace(temporary, target)
    fsync_dir(str(target.parent))
