"""The rest of a restore, for ``store_restore.py``: the form versions and the HR
password the data folder lacks, each written whole and moved in (never overwritten).
"""

from __future__ import annotations

from pathlib import Path

from .store_backup import VERSION_NAME, rounded
from .store_files import make_dir, write_new
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
        write_new(target, data, rounded(mtime) * 10**9)
        count += 1
    return count


def restore_password(data_dir: Path, name: str, password: tuple[bytes, float] | None) -> str:
    """Put back the HR password file if the folder has none: "restored", "kept" or "none"."""
    if password is None:
        return "none"
    target = data_dir / name
    if target.exists():
        return "kept"
    data, mtime = password
    write_new(target, data, rounded(mtime) * 10**9)
    return "restored"
