"""Signed-out HR sessions, so that a copied session cookie is worthless after sign-out.

HR sessions are signed cookies: the server keeps nothing of them, so without this list
signing out only asks the browser to forget its cookie, and a copy of it would still open
/admin. Each session carries a random ID; signing out records a hash of that ID in
``<data dir>/signed-out-sessions`` (shared by every worker process) until the moment the
session would have ended anyway, and every HR request checks the list. The file holds
nothing but those hashes and end times: no address, no name, nothing about the person.
"""

from __future__ import annotations

import hashlib
import logging
import time
from pathlib import Path

from .locked_file import locked

log = logging.getLogger(__name__)

FILE = "signed-out-sessions"


def _digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()[:32]


def _read(text: str) -> dict[str, int]:
    """{hash: end time}; a torn line from a crash is skipped."""
    entries = {}
    for line in text.splitlines():
        end, _, digest = line.partition(" ")
        if end.isdigit() and len(digest) == 32:
            entries[digest] = int(end)
    return entries


def revoke(data_dir: Path, session_id: str, until: float) -> None:
    """Refuse ``session_id`` from now until ``until``; forget sessions that ended already."""
    now = time.time()
    with locked(data_dir / FILE) as file:
        entries = {d: end for d, end in _read(file.read()).items() if end > now}
        entries[_digest(session_id)] = int(until) + 1
        file.write("".join(f"{end} {digest}\n" for digest, end in entries.items()))


def is_revoked(data_dir: Path, session_id: str) -> bool:
    """Was this session signed out? When the list cannot be read, assume it was."""
    try:
        with locked(data_dir / FILE, shared=True, create=False) as file:
            text = file.read()
    except FileNotFoundError:
        return False
    except OSError as exc:
        log.error("admin: cannot read %s (%s): refusing every session", FILE, exc.strerror)
        return True
    return _digest(session_id) in _read(text)
