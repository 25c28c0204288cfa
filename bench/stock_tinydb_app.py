"""Baseline for bench_collector.py: the same POST stored with stock TinyDB JSONStorage.

Made as correct as stock TinyDB can be behind several workers: a blocking file lock around
the insert and a fresh ``_next_id`` (see shared/storage.md §3.4). No validation, so the
comparison flatters the baseline.
"""

from __future__ import annotations

import fcntl
import os
from urllib.parse import parse_qs

from tinydb import TinyDB

PATH = os.environ["STOCK_DB"]


def app(environ, start_response):
    if environ["PATH_INFO"] == "/health":
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]
    length = int(environ.get("CONTENT_LENGTH") or 0)
    answers = {k: v[0] for k, v in parse_qs(environ["wsgi.input"].read(length).decode()).items()}
    with open(PATH + ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        db = TinyDB(PATH)
        table = db.table("responses")
        table._next_id = None
        table.insert({"answers": answers, "date": "2026-11"})
        db.close()
    start_response("303 See Other", [("Location", "/thanks")])
    return [b""]
