"""The order of the answers in a shard file, as anyone who reads the file sees it."""

from __future__ import annotations

import json


def file_order(data, slug: str, month: str) -> list[object]:
    """The ``n`` of every answer in the shard, in file order (trailers left out)."""
    out = []
    for line in (data / slug / f"{month}.jsonl").read_bytes().splitlines():
        obj = json.loads(line[9:])
        if "r" in obj:
            out.append(obj["r"]["n"])
    return out
