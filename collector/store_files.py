"""Making, opening and syncing the store's files and folders.

Everything the collector makes is its own and no one else's (folders 0700, files 0600,
whatever the umask), is given to the data folder's owner when made by root (an HR command
run with sudo), and is read without setting its access time: the first read after a
change is often a writer's, at the second of a leaver's answer (docs/storage.md).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from .file_write import write_all
from .store_format import DIR_MODE, FILE_MODE


def hand_over(target: int | str | os.PathLike[str], folder: str | os.PathLike[str]) -> None:
    """Give a file or folder this process just made in ``folder`` to ``folder``'s owner.

    Only root needs this: an HR command run with ``sudo`` (or ``gunicorn --preload --user``,
    whose master loads the app as root) would otherwise leave files in the service user's
    data folder that the service can no longer write, and the collector would break later.
    For any other user it does nothing: what it makes is its own, as it should be.
    ``target`` is an open fd or a path (a symbolic link there is never followed).
    """
    if os.geteuid() != 0:
        return
    st = os.stat(folder)
    if st.st_uid == 0:
        return
    try:
        if isinstance(target, int):
            os.fchown(target, st.st_uid, st.st_gid)
        else:
            os.chown(target, st.st_uid, st.st_gid, follow_symlinks=False)
    except OSError as exc:  # root without CAP_CHOWN (a container): the start-up check tells
        logging.getLogger(__name__).warning(
            "cannot give %s to the owner of %s: %s", target, folder, exc.strerror
        )


def make_dir(path: str | os.PathLike[str]) -> bool:
    """Create ``path`` with mode 0700 if missing; True when it was created."""
    try:
        os.mkdir(path, DIR_MODE)
    except FileExistsError:
        return False
    os.chmod(path, DIR_MODE)  # mkdir's mode is filtered by the umask
    hand_over(path, os.path.dirname(os.path.abspath(path)))
    return True


#: Linux's flag for a read that leaves the file's access time alone (0 elsewhere).
_NOATIME = getattr(os, "O_NOATIME", 0)


def _open(path: str, flags: int, mode: int = 0o777) -> int:
    """os.open, with O_NOATIME where the file is ours. A shard's access time would
    otherwise be the moment of the first read after it changed (relatime), and the first
    reader is often a writer checking the month next to its own for a retry: the time of
    a leaver's answer, to the nanosecond, on a month that is otherwise shuffled and marked."""
    if _NOATIME:
        try:
            return os.open(path, flags | _NOATIME, mode)
        except PermissionError:  # not the file's owner (nor root): an ordinary read
            pass
    return os.open(path, flags, mode)


def open_read(path: str) -> int:
    """A read-only fd on ``path`` that leaves its access time alone where it can."""
    return _open(path, os.O_RDONLY | os.O_CLOEXEC)


def open_file(path: str, flags: int, create: bool) -> tuple[int, bool]:
    """Open ``path``; with ``create``, make it (mode 0600) if missing. Returns (fd, created).
    Reads through it leave the file's access time alone where they can (:func:`_open`)."""
    flags |= os.O_CLOEXEC
    try:
        return _open(path, flags), False
    except FileNotFoundError:
        if not create:
            raise
    try:
        fd = _open(path, flags | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:  # another process won the race: use theirs
        return _open(path, flags), False
    os.fchmod(fd, FILE_MODE)  # the umask may have taken bits off 0600
    hand_over(fd, os.path.dirname(os.path.abspath(path)))
    return fd, True


def fsync_dir(path: str) -> None:
    """Make a directory's entries (a new, renamed or removed file) durable."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_new(target: Path, data: bytes, mtime_ns: int) -> None:
    """Write ``target`` whole as a new file (0600, the folder owner's) with ``mtime_ns`` as
    its modification time, and move it in over any old one, durably: its change and birth
    times are now's, never an older request's."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    fd, _ = open_file(str(temporary), os.O_WRONLY, create=True)
    try:
        try:
            write_all(fd, data)  # a form version cut short would be no JSON
            os.fsync(fd)
            os.utime(fd, ns=(mtime_ns, mtime_ns))
        finally:
            os.close(fd)
        os.replace(temporary, target)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise
    fsync_dir(str(target.parent))
