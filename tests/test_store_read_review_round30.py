"""Round 30's review of the store's faster read (``store_order``): the line as the store
writes it is read inline, any other line the old way (``unframe``, ``decode_response``),
and the read's permutation is drawn without ``rng.shuffle``'s calls.

The two ways of reading a line must give the same document, or the same error, for every
line: a fuzz over lines damaged and reshaped at random holds the read to the store's own
functions. The permutation must stay ``rng.shuffle``'s, seeded from ``os.urandom`` as
before. And a record nested deeper than Python's JSON scanner goes is refused as no
response, not a RecursionError out of the export and the report.
"""

from __future__ import annotations

import json
import os
import random
import zlib
from pathlib import Path

import pytest
from support.file_order import numbered_shards

from collector import store_order
from collector.store_format import (
    Scan,
    StoreError,
    decode_response,
    encode_response,
    is_meta,
    mixed_trailer,
    tombstone,
    trailer,
    unframe,
)


def _frame(payload: bytes, *, upper: bool = False) -> bytes:
    crc = b"%08x" % zlib.crc32(payload)
    return (crc.upper() if upper else crc) + b" " + payload + b"\n"


def _read(tmp_path: Path, line: bytes) -> list[dict]:
    path = tmp_path / "2026-11.jsonl"
    path.write_bytes(line)
    return [doc for _, doc in store_order.shuffled_sources([(None, str(path), "")])]


# -- a record nested too deeply ---------------------------------------------------------------


def test_a_record_nested_too_deeply_is_no_response(tmp_path) -> None:
    """A hand edit (with its CRC made to match) can nest lists deeper than the JSON scanner
    recurses: the read refuses that record as it refuses any other that is no response,
    naming the file and the byte, instead of a RecursionError's traceback."""
    good = encode_response({"answers": {"closing": "fine"}}, "a" * 32, None)
    deep = b"[" * 100_000 + b"]" * 100_000
    bad = _frame(b'{"id":"' + b"b" * 32 + b'","r":{"answers":{"x":' + deep + b"}}}")
    with pytest.raises(StoreError, match=f"record at byte {len(good)} is not a response"):
        _read(tmp_path, good + bad)


# -- the read's permutation -------------------------------------------------------------------


def test_a_read_is_the_permutation_rng_shuffle_draws_from_os_urandom(tmp_path, monkeypatch):
    """The read's own Fisher-Yates must stay ``random.Random(os.urandom(32)).shuffle``'s
    permutation of every response (shards in turn, each in file order), as its docstring
    says: a fresh seed from the OS on every read, and the same uniform draws."""
    sizes = [3, 0, 5, 1, 17]
    sources = numbered_shards(tmp_path, sizes)
    in_index_order = [f"{n}-{i}" for n, size in enumerate(sizes) for i in range(size)]
    asked: list[int] = []
    for seed in (b"\x01", b"\x02", b"\xfe"):

        def urandom(size: int, seed: bytes = seed) -> bytes:
            asked.append(size)
            return seed * size

        monkeypatch.setattr(os, "urandom", urandom)
        got = [doc["n"] for _, doc in store_order.shuffled_sources(sources)]
        monkeypatch.undo()
        expected = list(in_index_order)
        random.Random(seed * 32).shuffle(expected)
        assert got == expected
    assert asked == [32, 32, 32]


# -- one line, two ways of reading it ---------------------------------------------------------

#: Bytes a damaged or hand-edited line may gain: JSON's own, white space, a CR, bytes that
#: are no UTF-8 or start a surrogate, a zero byte.
_NOISE = [b" ", b"\t", b"\r", b'"', b",", b":", b"{", b"}", b"[", b"]", b"\\", b"0", b"9",
          b"e", b"-", b"u", b"\x00", b"\xff", b"\xed\xa0\x80", b"\xc3\xa9", b"NaN"]  # fmt: skip


def _payloads() -> list[bytes]:
    """Responses as the store writes them, and as older code, an editor or a script may."""
    record = {"form": "exit-en", "date": "2026-11", "answers": {"closing": "é ok", "n": 3}}
    inner_id = {"id": "inner", "answers": {"recommend": "7"}}
    return [
        encode_response(record, "a" * 32, 7)[9:-1],
        encode_response(record, "b" * 32, None)[9:-1],
        encode_response(inner_id, "c" * 32, None)[9:-1],  # the record has an "id" of its own
        json.dumps({"id": "d" * 32, "r": record}).encode(),  # spaces, \\u escapes
        b'{"id":"e","r":{"answers":{"x":[1,2.5,true,null,{"y":"\\ud83d\\ude00"}]}}}',
    ]


def _mutate(rng: random.Random, payload: bytes) -> bytes:
    for _ in range(rng.randint(0, 3)):
        at = rng.randrange(len(payload) + 1)
        how = rng.randrange(5)
        if how == 0:  # a byte changed
            payload = payload[:at] + bytes([rng.randrange(256) or 1]) + payload[at + 1 :]
        elif how == 1:  # bytes gone
            payload = payload[:at] + payload[at + rng.randint(1, 4) :]
        elif how == 2:  # bytes added
            payload = payload[:at] + rng.choice(_NOISE) + payload[at:]
        elif how == 3:  # a part of it twice: extra data, a key twice
            end = min(len(payload), at + rng.randint(1, 40))
            payload = payload[:end] + payload[at:end] + payload[end:]
        else:  # white space around the object
            payload = rng.choice([b" ", b"", b"\t"]) + payload + rng.choice([b"  ", b"\t", b""])
    return payload.replace(b"\n", b" ")


def _line(rng: random.Random, payload: bytes) -> bytes:
    """A line for ``payload``: mostly with a CRC that matches (so that the JSON is read), in
    capitals sometimes, with CRLF sometimes."""
    line = _frame(payload, upper=rng.random() < 0.2)
    if rng.random() < 0.2:
        line = line[:-1] + b"\r\n"
    return line


def _as_the_stores_functions_read(line: bytes) -> tuple[str, str]:
    payload = unframe(line[:-1])
    assert payload is not None
    try:
        return "doc", json.dumps(decode_response(payload), sort_keys=True)
    except (ValueError, KeyError, TypeError):
        return "refused", ""


def test_every_line_reads_as_the_stores_own_functions_read_it(tmp_path) -> None:
    """Lines damaged and reshaped at random, with their CRC made to match: the read's inline
    way (a line as the store writes it) and its old way must agree on every one, the same
    document or the same refusal. A change to one that the other lacks fails here."""
    rng = random.Random(30)
    seen = {"doc": 0, "refused": 0}
    for _ in range(1500):
        line = _line(rng, _mutate(rng, rng.choice(_payloads())))
        if unframe(line[:-1]) is None:
            continue  # the index's business (a damaged record), the same code as ever
        expected = _as_the_stores_functions_read(line)
        try:
            docs = _read(tmp_path, line)
            got = ("doc", json.dumps(docs[0], sort_keys=True)) if docs else ("none", "")
        except StoreError as exc:
            assert str(exc).endswith("record at byte 0 is not a response"), exc
            got = ("refused", "")
        assert got == expected, line
        seen[got[0]] += 1
    assert seen["doc"] > 300 and seen["refused"] > 300, seen


def test_the_index_takes_for_responses_what_is_meta_does_not(tmp_path) -> None:
    """``index_fd`` has ``is_meta`` written out; ``store_months`` and HR's removals call
    it. Over trailers, tombstones, lines of a tombstone's length that are none, and lines
    at random, the index must list exactly the lines ``is_meta`` calls responses, or
    ``count()`` and a read would disagree."""
    rng = random.Random(31)
    key = 0x1234567890ABCDEF123456
    near = tombstone(key)
    lines = [trailer(3), mixed_trailer(0), _frame(near), _frame(b'{"m":"later","n":1}')]
    lines += [_frame(b'{"m": "shuffled", "n": 1}'), _frame(b'{"m":1}'), _frame(b'{ "m":"mixed"}')]
    lines += [_frame(near[:-2] + b"x}"), _frame(b"x" + near[1:]), _frame(near.upper())]
    lines += [_line(rng, _mutate(rng, rng.choice(_payloads()))) for _ in range(300)]
    lines += [_frame(_mutate(rng, near)) for _ in range(100)]
    path = tmp_path / "2026-11.jsonl"
    path.write_bytes(b"".join(line for line in lines if line.endswith(b"\n")))
    fd = os.open(path, os.O_RDONLY)
    try:
        offsets, lengths, _ = store_order.index_fd(fd)
        scan = Scan(fd)
        expected = [(off, payload) for off, payload in scan if not is_meta(payload)]
    finally:
        os.close(fd)
    assert list(offsets) == [off for off, _ in expected]
    assert 300 < len(expected) < len(lines) - 10
    data = path.read_bytes()
    assert all(data[o + n - 1 : o + n] == b"\n" for o, n in zip(offsets, lengths, strict=True))
