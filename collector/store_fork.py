"""Response stores in a forked child: the lock files they inherited must not be used.

An inherited lock fd shares its flock with the parent's, so it would not exclude the
parent: a store in a child drops its copies (the parent keeps its own) and reopens lazily.
os.fork()'s hook does that for every store at once while the child has one thread; a
fork without the hooks (rare) is caught by the store itself, under :func:`guard`.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections.abc import Callable
from typing import Any

#: Every store of this process (weakly held), with what resets it in a forked child.
_resets: weakref.WeakKeyDictionary[Any, Callable[[Any], None]] = weakref.WeakKeyDictionary()
_guard = threading.Lock()


def watch(store: Any, reset: Callable[[Any], None]) -> None:
    """Have ``reset(store)`` run in every child forked from now on, while ``store`` lives."""
    _resets[store] = reset


def guard() -> threading.Lock:
    """The lock a store holds while it resets itself in a child forked without the hooks."""
    return _guard


def _after_fork_in_child() -> None:
    global _guard
    _guard = threading.Lock()  # another thread may have held it at the fork
    for store, reset in list(_resets.items()):
        reset(store)


os.register_at_fork(after_in_child=_after_fork_in_child)
