"""Writing a whole buffer to a file descriptor, or failing.

``os.write`` on a regular file may write only part of what it was given and report no
error: on a disk that fills up half-way (measured on tmpfs: 4096 of 10,000 bytes, no
error). A caller that fsyncs and renames after one ``os.write`` puts a cut-off file in
place of a whole one: a list of HR's removals that lost its last entries, a form version
that is no JSON. ``write_all`` keeps writing, so that the disk's error is raised.
"""

from __future__ import annotations

import errno
import os


def write_all(fd: int, data: bytes) -> None:
    """Write all of ``data`` to ``fd``; raises OSError (ENOSPC at the latest) when it cannot."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written <= 0:  # not what Linux does, but a loop must not spin on it
            raise OSError(errno.ENOSPC, "short write (disk full?)")
        view = view[written:]
