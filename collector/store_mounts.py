"""Which file system a data folder is on: the store's locks hold across processes on one
machine, not across machines sharing a network file system (docs/storage.md, "One data
folder")."""

from __future__ import annotations

import os

MOUNTINFO = "/proc/self/mountinfo"
#: File system types (in ``MOUNTINFO``) of network and cluster file systems.
NETWORK_FILE_SYSTEMS = frozenset(
    [
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "9p",
        "ceph",
        "afs",
        "lustre",
        "glusterfs",
        "davfs",
        "fuse.sshfs",
        "fuse.s3fs",
        "fuse.rclone",
        "fuse.glusterfs",
        "fuse.gcsfuse",
        "fuse.cephfs",
        "fuse.davfs2",
    ]
)


def network_file_system(path: str) -> str | None:
    """The type of the network file system ``path`` is on, or None (a local disk, or no
    way to tell)."""
    try:
        with open(MOUNTINFO, encoding="utf-8", errors="replace") as mounts:
            lines = mounts.read().splitlines()
        target = os.path.realpath(path)
    except OSError:
        return None
    best, kind = "", ""
    for line in lines:
        fields, _, rest = line.partition(" - ")
        parts = fields.split()
        if len(parts) < 5 or not rest:
            continue
        point = parts[4].replace("\\040", " ").replace("\\011", "\t").replace("\\134", "\\")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, rest.split()[0]
    return kind if kind in NETWORK_FILE_SYSTEMS else None
