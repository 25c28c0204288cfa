"""The order of the answers in a shard file, as anyone who reads the file sees it, and
shards of numbered answers for the tests of the order a read hands them out in."""

from __future__ import annotations

import json
from pathlib import Path

from collector.store_format import encode_response


def file_order(data, slug: str, month: str) -> list[object]:
    """The ``n`` of every answer in the shard, in file order (trailers left out)."""
    out = []
    for line in (data / slug / f"{month}.jsonl").read_bytes().splitlines():
        obj = json.loads(line[9:])
        if "r" in obj:
            out.append(obj["r"]["n"])
    return out


def numbered_shards(folder: Path, sizes: list[int]) -> list[tuple[None, str, str]]:
    """One shard per size in ``folder``, its answers ``{"n": "<shard>-<i>"}``: the sources
    ``store_order.shuffled_sources`` reads."""
    sources = []
    for n, size in enumerate(sizes):
        path = folder / f"2026-{n + 1:02d}.jsonl"
        lines = [encode_response({"n": f"{n}-{i}"}, f"{n:02d}{i:030x}", None) for i in range(size)]
        path.write_bytes(b"".join(lines))
        sources.append((None, str(path), f"shard{n}"))
    return sources
