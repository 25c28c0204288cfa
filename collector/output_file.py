"""The file a command writes answers to (an export, the report, a backup), written safely.

A regular file is written beside its name, readable by its owner only, and put in place
only once complete, so that an interrupted command leaves no half-written file under the
name asked for. Anything else at that name is written into, never replaced: a device
(``/dev/null``), a pipe (``/dev/stdout`` is a link to one, as is ``<(...)`` in bash) or
a socket. Replacing those (as the commands once did) put a regular file, readable by its
owner only, in the place of ``/dev/null`` or ``/dev/stdout``: run as root, that broke
every program on the machine, and nothing reached the pipe. A symbolic link to a regular
file keeps being a link: its target is replaced, as a shell's ``>`` writes through it.

The file is fsync'd before it is renamed, and its folder after, before the command says
"Wrote ...": a machine that goes down right after that line (a power cut, a crashed VM)
must not leave an empty or cut-off file under the name (ext4 and XFS write a new file's
data seconds after its name), as the store does with its own rewrites (docs/storage.md).
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import click

from .export_paths import cannot_write, is_file
from .store_files import fsync_dir

#: What a file system says when it cannot sync a folder (PostgreSQL ignores these too).
_NO_FOLDER_SYNC = {errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EBADF}


@contextmanager
def owner_only_output(path: Path | None) -> Iterator[IO[bytes]]:
    """A binary stream to ``path`` (owner-only, replaced only when complete) or to stdout."""
    if not is_file(path):
        stream = stdout()
        yield stream
        stream.flush()  # a reader that went away shows here, where the command says so
        return
    if _is_special(path):
        with _open(path, os.O_WRONLY) as stream:
            yield stream
        return
    final = path.resolve() if path.is_symlink() else path
    partial = final.with_name(f".{final.name}.{os.getpid()}.part")
    stream = _open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, shown=path)
    try:
        with stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())  # the bytes on disk before the name points at them
        os.replace(partial, final)
        # And the new name on disk before "Wrote ...". A folder one may write in but not
        # open (mode -wx) cannot be synced from here, and some shares (SMB, some FUSE
        # mounts) refuse to sync a folder (EINVAL): the rename stands, atomic as ever, and
        # "cannot write" would be false, the file being there.
        try:
            fsync_dir(str(final.parent))
        except OSError as exc:
            if not isinstance(exc, PermissionError) and exc.errno not in _NO_FOLDER_SYNC:
                raise
    except BaseException:  # a full disk, Ctrl-C, SIGTERM (cli_signals.py)
        partial.unlink(missing_ok=True)
        raise


def stdout() -> IO[bytes]:
    """Standard output, binary; a clean error when the command was started without one
    (``>&-``): the output would go nowhere, or end in a traceback."""
    if sys.stdout is None or sys.stdout.closed:
        raise click.ClickException(
            "standard output is closed, so the output would go nowhere: give a file "
            "(--output FILE, or FILE for backup)"
        )
    return click.open_file("-", "wb")  # kept open: it is standard output


def _is_special(path: Path) -> bool:
    """Whether ``path`` (followed through links) is there and is not a regular file."""
    try:
        mode = os.stat(path).st_mode
    except OSError:  # not there yet (or unreachable: opening says why)
        return False
    return not stat.S_ISREG(mode)


def _open(path: Path, flags: int, shown: Path | None = None) -> IO[bytes]:
    """``path`` opened with ``flags`` (new files owner-only); a clean error naming ``shown``."""
    try:
        fd = os.open(path, flags, 0o600)
    except OSError as exc:
        raise cannot_write(shown or path, exc) from None
    return os.fdopen(fd, "wb")
