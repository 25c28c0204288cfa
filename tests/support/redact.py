"""Stores filled for HR's removals: numbered records in an open or a closed month."""

from __future__ import annotations

import time
from pathlib import Path

from collector.store import ResponseStore

MONTH = time.strftime("%Y-%m", time.gmtime())  # open: keeps retry keys


OLD = "2020-01"  # long closed: shuffled, keyless


ACCUSATION = "My manager Jan de Vries bullied me. I'm the only Finance analyst who left."


def record(n: int, closing: str = "", **more: object) -> dict:
    answers = {"departure": "voluntary", "recommend": "7", "stay": f"commute {n}"}
    if closing:
        answers["closing"] = closing
    answers.update(more)
    return {"form": "exit-en", "version": "v", "language": "en", "date": MONTH, "answers": answers}


def fill(store: ResponseStore, month: str, count: int, *, bad: int | None = None) -> str:
    """``count`` answers in ``month``; the one numbered ``bad`` holds the accusation.
    Returns its response ID."""
    for n in range(count):
        store.add(
            "exit-en",
            record(n, ACCUSATION if n == bad else f"fine {n}"),
            submission_id=f"sid-{month}-{n}",
            month=month,
        )
    return next(
        (
            doc["id"]
            for doc in store.responses("exit-en")
            if doc["answers"]["closing"] == ACCUSATION
        ),
        "",
    )


def raw(data: Path) -> bytes:
    """Every byte of every file under ``data`` (the words must be in none)."""
    return b"".join(p.read_bytes() for p in sorted(data.rglob("*")) if p.is_file())


def by_id(store: ResponseStore) -> dict[str, dict]:
    return {doc["id"]: doc for doc in store.responses("exit-en")}
