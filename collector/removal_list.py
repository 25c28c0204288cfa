"""HR's list of removals (``<slug>/removed-by-hr``): which responses HR deleted and which
answers it blanked, by the response's random ID. Written before a removal rewrites a month
(store_redact.py), read by every restore so that nothing HR removed comes back.

One line per response, sorted by ID (not the order of removal)::

    0123456789abcdef0123456789abcdef deleted
    fedcba9876543210fedcba9876543210 blanked closing reasons.other
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from contextlib import suppress

from .file_write import write_all
from .store_files import fsync_dir, open_file
from .store_format import REMOVED_NAME, StoreError
from .store_writer import SlugLog, os_errors

#: What HR removed of one response: None when the whole response was deleted, else the
#: answers (record keys) that were blanked.
Entry = frozenset[str] | None

_LINE = re.compile(r"([0-9a-f]{32}) (deleted|blanked((?: [A-Za-z0-9_.-]+)+))")


def read_removed(folder: str) -> dict[str, Entry]:
    """The list of a questionnaire folder: {response ID: what went}; empty if none."""
    try:
        with open(os.path.join(folder, REMOVED_NAME), "rb") as f:
            data = f.read()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise StoreError(f"cannot read {folder}/{REMOVED_NAME}: {exc.strerror}") from exc
    return parse_removed(decode_list(data, f"{folder}/{REMOVED_NAME}"), f"{folder}/{REMOVED_NAME}")


def decode_list(data: bytes, name: str) -> str:
    """The text of a list's bytes; StoreError when an editor saved it in another encoding
    (a list half understood could let a restore bring back what HR removed)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise StoreError(
            f"{name}:{line}: not UTF-8 text (an editor saved it in another encoding): "
            "save it as UTF-8, or take that line out if it is a comment"
        ) from None


def parse_removed(text: str, name: str) -> dict[str, Entry]:
    """The entries of a list's text; StoreError naming the line for anything else (a list
    that cannot be read could let a restore bring back what HR removed)."""
    entries: dict[str, Entry] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        match = _LINE.fullmatch(line.strip())
        if match is None:
            raise StoreError(
                f"{name}:{number}: not a line of HR's list of removed responses "
                "('<response id> deleted' or '<response id> blanked <answer> ...')"
            )
        fields = None if match[2] == "deleted" else frozenset(match[3].split())
        merge(entries, {match[1]: fields})
    return entries


def merge(into: dict[str, Entry], more: Mapping[str, Entry]) -> dict[str, Entry]:
    """Add ``more`` to ``into`` (a deletion wins; blanked answers add up); returns what
    ``into`` did not hold yet."""
    new: dict[str, Entry] = {}
    for doc_id, fields in more.items():
        had = into.get(doc_id, frozenset())
        if had is None:
            continue
        now = None if fields is None else had | fields
        if doc_id not in into or now != had:
            into[doc_id] = new[doc_id] = now
    return new


def format_list(entries: Mapping[str, Entry]) -> str:
    lines = [
        f"{doc_id} deleted" if fields is None else f"{doc_id} blanked {' '.join(sorted(fields))}"
        for doc_id, fields in sorted(entries.items())  # sorted: not the order of removal
    ]
    return "".join(line + "\n" for line in lines)


def remember(slug_log: SlugLog, more: Mapping[str, Entry]) -> dict[str, Entry]:
    """Add ``more`` to the questionnaire's list, durably (lock held); returns what is new."""
    entries = read_removed(slug_log.dir)
    new = merge(entries, more)
    if new:
        path = os.path.join(slug_log.dir, REMOVED_NAME)
        temp = path + ".tmp"
        with os_errors(f"cannot write {path}"):
            with suppress(FileNotFoundError):
                os.unlink(temp)
            fd, _ = open_file(temp, os.O_WRONLY, create=True)
            try:
                write_all(fd, format_list(entries).encode())  # never a list cut short
                os.fsync(fd)
            except OSError:
                os.close(fd)
                os.unlink(temp)
                raise
            os.close(fd)
            os.replace(temp, path)
            fsync_dir(slug_log.dir)
    return new
