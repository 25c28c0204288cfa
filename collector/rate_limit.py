"""Rate limits per client that hold across every worker process.

With a folder (as the collector uses it) the counts live in ``<data dir>/limits/<name>/``,
in ``SHARDS`` small files shared by all workers under a ``flock``: one line per client,
``<hash> <second>:<hits> <second>:<hits> ...``. Without a folder they stay in this
process's memory.

What is kept, and for how long:

* A client is only a keyed hash (HMAC-SHA256) of its address, never the address. The key
  comes from the collector's secret key and the number of the current window, so a hash
  cannot be linked to the same client's hash in another window, nor to an address
  without the secret key (which stays out of the data folder when
  ``COLLECTOR_SECRET_KEY`` is set).
* Only the seconds of the hits inside the window. Every change drops older ones, and a
  sweeper thread (``collector.sweeper``) clears files nobody writes to as their last
  hit expires, so nothing stays on disk longer than the window.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import secrets
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from . import log_counts, sweeper
from .locked_file import locked
from .store_files import make_dir

log = logging.getLogger(__name__)

LIMITS_FOLDER = "limits"
SHARDS = 16

#: Hits this far in the future (another worker's clock read a moment later) still count.
CLOCK_SLACK = 5

#: The hits of one client: {second: how many in that second}.
Hits = dict[int, int]
#: A change to one client's live hits ({hash: hits}, this window's hash first), made under
#: the store's lock, and what it answers.
T = TypeVar("T")
Change = Callable[[dict[str, Hits]], T]


class RateLimiter:
    """At most ``limit`` hits per client per ``window`` seconds, in every worker together."""

    def __init__(
        self,
        limit: int,
        window: int,
        folder: Path | None = None,
        secret: str | bytes | None = None,
        *,
        fail_open: bool = True,
    ) -> None:
        self.limit = limit
        self.window = window
        #: When the counts cannot be kept (a full disk): let hits through (a leaver's
        #: answers) or refuse them (password guesses must not become unlimited).
        self.fail_open = fail_open
        if isinstance(secret, str):
            secret = secret.encode()
        # Without a shared secret, a key of this process: its hashes mean nothing elsewhere.
        self._secret = secret or secrets.token_bytes(32)
        self._store: _FileStore | _MemoryStore = (
            _FileStore(folder, window) if folder else _MemoryStore(window)
        )

    @property
    def folder(self) -> Path | None:
        """Where the counts are kept for every worker; None: in this process only."""
        return self._store.folder if isinstance(self._store, _FileStore) else None

    def allow(self, client: str, now: float | None = None) -> bool:
        """Count one hit for ``client``; False (and not counted) when it is over the limit."""
        second, keys, shard = self._place(client, now)
        try:
            return self._store.hit(shard, second, keys, self.limit)
        except OSError as exc:
            # A limit that cannot be counted must not turn leavers away; the store, in the
            # same folder, reports its own trouble. Sign-in attempts wait instead.
            outcome = "allowing" if self.fail_open else "refusing"
            _report(f"rate limit: cannot count in {LIMITS_FOLDER} ({_reason(exc)}); {outcome}")
            return self.fail_open

    def undo(self, client: str, now: float) -> None:
        """Take back the hit ``allow(client, now)`` counted: for callers that count only
        some outcomes (a sign-in counts only when the password was wrong)."""
        second, keys, shard = self._place(client, now)
        try:
            self._store.change(shard, second, keys, lambda mine: _give_back(mine, second))
        except OSError as exc:
            _report(f"rate limit: cannot uncount in {LIMITS_FOLDER} ({_reason(exc)})")

    def wait(self, client: str, now: float | None = None) -> int:
        """Seconds until ``client`` may hit again (0: now); counts nothing."""
        second, keys, shard = self._place(client, now)
        try:
            return self._store.change(
                shard, second, keys, lambda mine: _wait(mine, second, self.limit, self.window)
            )
        except OSError as exc:
            _report(f"rate limit: cannot read {LIMITS_FOLDER} ({_reason(exc)})")
            return self.window

    def token(self, client: str, now: float | None = None) -> int | None:
        """A random number kept for ``client``: the same for every call (in every worker)
        within ``window`` seconds of the first; None when it cannot be kept (a full disk).

        Kept like a hit, as the count of the client's one hit: ``<second>:<number>``.
        """
        second, keys, shard = self._place(client, now)
        try:
            number = self._store.change(
                shard, second, keys, lambda mine: _token(mine, keys[0], second)
            )
        except OSError as exc:
            _report(f"rate limit: cannot keep a token in {LIMITS_FOLDER} ({_reason(exc)})")
            return None
        if isinstance(self._store, _FileStore):
            sweeper.expect(self._store.sweep, second + self.window)
        return number

    def keyed(self, number: int) -> str:
        """``number`` (a token) under this limiter's secret: what may be stored elsewhere.

        The token lies in limits/ beside the exact second it was first given; stored as
        itself (or under a plain hash) anywhere else, it would tie that place to that
        second for anyone with a copy of the folder. Keyed, that needs the secret too
        (kept out of the folder with ``COLLECTOR_SECRET_KEY``)."""
        return self._hash(f"{number:016x}", "token").hex()

    def _place(self, client: str, now: float | None) -> tuple[int, tuple[str, str], int]:
        """(second, the client's hashes, its shard) for a hit at ``now``."""
        second = int(time.time() if now is None else now)
        epoch = second // self.window
        # This window's hash and the last one's: a hit 5 minutes ago may be in either.
        keys = (
            self._hash(client, f"window {epoch}").hex(),
            self._hash(client, f"window {epoch - 1}").hex(),
        )
        shard = self._hash(client, "shard")[0] % SHARDS  # stable: one file holds both hashes
        return second, keys, shard

    def sweep(self) -> None:
        """Drop every expired hit now and the rest as it expires (the collector calls this
        at start-up, for what an earlier run left behind)."""
        try:
            due = self._store.sweep(int(time.time()))
        except OSError as exc:
            log.error("rate limit: cannot clear %s (%s)", LIMITS_FOLDER, exc)
            return
        if due is not None and isinstance(self._store, _FileStore):
            sweeper.expect(self._store.sweep, _cleared_at(due))

    def _hash(self, client: str, purpose: str) -> bytes:
        key = hmac.new(self._secret, f"rate-limit {self.window} {purpose}".encode(), "sha256")
        return hmac.new(key.digest(), client.encode(), hashlib.sha256).digest()[:16]


def _reason(exc: OSError) -> str:
    """What went wrong, without the shard file's name: one line for all of them."""
    return exc.strerror or str(exc)


def _report(message: str) -> None:
    """Log ``message`` at the next ten-minute mark, once, with how often it happened.

    Counting happens while a leaver's post is under way, and a limit that cannot be
    counted lets the post through, so the answers are stored: a line logged now would
    carry (under journald, say) the second of an answer the store keeps, and one line
    per post their number and order. The clean-up grid gives neither away."""
    log_counts.at_next_mark(log, logging.ERROR, message)


def _cleared_at(expiry: float) -> int:
    """When expired hits are cleared: at the clean-ups' next ten-minute mark, as a shard
    rewritten the moment a hit expires would keep that moment as its file time, the hit's
    second plus the window."""
    return sweeper.mark_at_or_after(expiry)


def _live(hits: Hits, now: int, window: int) -> Hits:
    return {s: n for s, n in hits.items() if -CLOCK_SLACK < now - s < window}


def _take(mine: dict[str, Hits], current: str, now: int, limit: int) -> bool:
    """Add a hit under ``current`` unless the client's live hits reach ``limit``."""
    if sum(n for hits in mine.values() for n in hits.values()) >= limit:
        return False
    mine[current][now] = mine[current].get(now, 0) + 1
    return True


def _token(mine: dict[str, Hits], current: str, now: int) -> int:
    """The number kept for the client, or a new random one kept from ``now``."""
    for hits in mine.values():
        for number in hits.values():
            return number
    number = secrets.randbits(62) + 1  # never 0: a count of 0 is no hit
    mine[current][now] = number
    return number


def _give_back(mine: dict[str, Hits], now: int) -> None:
    """Remove one hit made at ``now``, under whichever of the client's hashes holds it."""
    for hits in mine.values():
        if hits.get(now):
            hits[now] -= 1
            if not hits[now]:
                del hits[now]
            return


def _wait(mine: dict[str, Hits], now: int, limit: int, window: int) -> int:
    """Seconds until fewer than ``limit`` of the client's hits are live."""
    seconds = sorted(s for hits in mine.values() for s, n in hits.items() for _ in range(n))
    expiring = len(seconds) - limit  # this many must expire first, oldest first
    if expiring < 0:
        return 0
    return max(0, seconds[expiring] + window - now)


class _MemoryStore:
    """Counts in this process only: for a single process, or tests."""

    def __init__(self, window: int) -> None:
        self.window = window
        self._shards: list[dict[str, Hits]] = [{} for _ in range(SHARDS)]
        self._lock = threading.Lock()
        self._last_sweep = 0

    def hit(self, shard: int, now: int, keys: tuple[str, str], limit: int) -> bool:
        return self.change(shard, now, keys, lambda mine: _take(mine, keys[0], now, limit))

    def change(self, shard: int, now: int, keys: tuple[str, str], change: Change[T]) -> T:
        with self._lock:
            if now - self._last_sweep >= self.window:
                self._sweep(now)
            entries = self._shards[shard]
            mine = {key: _live(entries.get(key, {}), now, self.window) for key in keys}
            result = change(mine)
            for key, hits in mine.items():
                if hits:
                    entries[key] = hits
                else:
                    entries.pop(key, None)
            return result

    def sweep(self, now: int) -> int | None:
        with self._lock:
            self._sweep(now)
        return None  # memory needs no timely sweep: it is gone with the process

    def _sweep(self, now: int) -> None:
        self._shards = [
            {k: live for k, hits in entries.items() if (live := _live(hits, now, self.window))}
            for entries in self._shards
        ]
        self._last_sweep = now


def _parse_hits(text: str) -> Hits:
    """``"<second>:<hits> ..."``; ValueError for a torn line."""
    hits = {}
    for pair in text.split():
        second, _, count = pair.partition(":")
        hits[int(second)] = int(count)
    return hits


def _line(key: str, hits: Hits) -> str:
    return f"{key} {' '.join(f'{s}:{n}' for s, n in sorted(hits.items()))}\n"


class _FileStore:
    """Counts in shard files, shared by every process that uses the same folder."""

    def __init__(self, folder: Path, window: int) -> None:
        self.folder = folder
        self.window = window

    def hit(self, shard: int, now: int, keys: tuple[str, str], limit: int) -> bool:
        allowed = self.change(shard, now, keys, lambda mine: _take(mine, keys[0], now, limit))
        if allowed:
            sweeper.expect(self.sweep, _cleared_at(now + self.window))
        return allowed

    def change(self, shard: int, now: int, keys: tuple[str, str], change: Change[T]) -> T:
        try:
            return self._change(self.folder / f"{shard:x}", now, keys, change)
        except FileNotFoundError:  # the folder, on first use
            self._create_folder()
            return self._change(self.folder / f"{shard:x}", now, keys, change)

    def _change(self, path: Path, now: int, keys: tuple[str, str], change: Change[T]) -> T:
        with locked(path) as file:
            text = file.read()
            others, mine = [], {key: {} for key in keys}
            for line in text.splitlines(keepends=True):
                key = line[:32]
                if key in mine:
                    with contextlib.suppress(ValueError):  # a torn line counts as none
                        mine[key] = _live(_parse_hits(line[33:]), now, self.window)
                elif line.endswith("\n"):  # other clients' lines stay as they are: the
                    others.append(line)  # sweeper drops them when they expire
            result = change(mine)
            new = "".join(others) + "".join(_line(k, hits) for k, hits in mine.items() if hits)
            if new != text:
                file.write(new)
        return result

    def _create_folder(self) -> None:
        # Made at start-up too (store_upkeep.py: a folder made by a post would have its
        # second as its birth time), given to the data folder's owner when made as root;
        # here again in case it was removed since.
        for missing in reversed([self.folder, *self.folder.parents]):
            if not missing.exists():
                make_dir(missing)  # owner only, parents too (mkdir(parents=) is not)

    def sweep(self, now: int | None = None) -> int | None:
        """Drop expired hits (and torn lines) from every shard; returns the ten-minute mark
        after the next hit expires, if any."""
        now = int(time.time()) if now is None else now
        first: int | None = None
        for shard in range(SHARDS):
            try:
                with locked(self.folder / f"{shard:x}", create=False) as file:
                    text = file.read()
                    entries = {}
                    for line in text.splitlines():
                        try:
                            hits = _live(_parse_hits(line[33:]), now, self.window)
                        except ValueError:
                            continue
                        if len(line) > 33 and line[32] == " " and hits:
                            entries[line[:32]] = hits
                    new = "".join(_line(key, hits) for key, hits in entries.items())
                    if new != text:
                        file.write(new)
            except FileNotFoundError:
                continue
            for hits in entries.values():
                expiry = min(hits) + self.window
                first = expiry if first is None else min(first, expiry)
        return None if first is None else _cleared_at(first)
