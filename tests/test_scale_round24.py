"""Round 24: exports and the first report view at 100k and 300k responses.

Reading the responses (``store_order.shuffled_sources``) drew one permutation per shard and
then, per response, a random shard and a walk over the shard list; each response was
decoded through ``json.loads``' wrappers. It now draws one permutation of all of them and
calls the JSON scanner directly. These tests hold the exports to the same bytes as before
the change (the base commit's own code, run on the same data), the reads to a uniform
shuffle of every response exactly once, and the decoding to what ``json.loads`` gives. No
timings: those are in bench/bench_export.py (``--against``).
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import random
import re
import subprocess
import sys
import tarfile
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from support.file_order import numbered_shards

from collector import store_format, store_order
from collector.store_format import decode_response, encode_response, trailer
from collector.store_redact import REMOVED_FIELD

ROOT = Path(__file__).resolve().parent.parent
#: The commit before round 24's changes to reading and exporting.
BASE_COMMIT = "f7c53029786aee4166eeade49811f15f9b4e68c1"
#: (file name, export command arguments) compared with the base commit's output.
EXPORTS = [
    ("out.csv", ["--format", "csv"]),
    ("out-nl.csv", ["--format", "csv", "--excel-nl"]),
    ("out.json", ["--format", "json"]),
    ("out.xlsx", ["--format", "xlsx"]),
]
_RUN_EXPORTS = """
import sys
sys.path.insert(0, sys.argv[1])
import collector
assert collector.__file__.startswith(sys.argv[1]), collector.__file__
from collector import create_app
app = create_app({"TESTING": True, "OUTPUT_DIR": sys.argv[2], "DATA_DIR": sys.argv[3]})
runner = app.test_cli_runner()
for name, *args in (line.split() for line in sys.argv[5:]):
    target = sys.argv[4] + "/" + name
    result = runner.invoke(args=["export", "exit-en", "--output", target, *args])
    assert result.exit_code == 0, result.output
"""


def _bench_export():
    """bench/bench_export.py as a module: its generator writes partly hostile answers."""
    spec = importlib.util.spec_from_file_location("bench_export", ROOT / "bench/bench_export.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _base_tree(tmp_path: Path) -> Path:
    """The base commit's files, unpacked from this clone's history."""
    found = subprocess.run(
        ["git", "-C", str(ROOT), "archive", BASE_COMMIT, "collector", "site_templates"],
        capture_output=True,
    )
    if found.returncode != 0:  # a shallow clone, or an sdist without history
        pytest.skip(f"commit {BASE_COMMIT[:7]} is not in this checkout's history")
    tree = tmp_path / "base"
    tree.mkdir()
    with tarfile.open(fileobj=io.BytesIO(found.stdout)) as archive:
        archive.extractall(tree, filter="data")
    return tree


def _export_with(code: Path, built_site: Path, data: Path, out: Path) -> None:
    out.mkdir()
    lines = [" ".join([name, *args]) for name, args in EXPORTS]
    paths = [str(code), str(built_site), str(data), str(out)]
    subprocess.run(
        [sys.executable, "-c", _RUN_EXPORTS, *paths, *lines],
        check=True,
        cwd=out,
    )


def _dataset(built_site: Path, data: Path) -> None:
    """300 responses in both languages over 12 months, a few with answers HR removed."""
    _bench_export().write_store(built_site, data, 300)
    shard = next((data / "responses" / "exit-en").glob("*.jsonl"))
    lines = [encode_response(record, f"{i:032x}", None) for i, record in enumerate(_removed())]
    with open(shard, "rb") as old:
        kept = [line for line in old if b'{"m":' not in line[:20]]
    shard.write_bytes(b"".join(kept + lines) + trailer(len(kept) + len(lines)))


def _removed() -> list[dict]:
    return [
        {
            "form": "exit-en",
            "version": "",
            "language": "en",
            "date": "2026-01",
            "answers": {"departure": "voluntary"},
            REMOVED_FIELD: ["reasons", "closing"],
        },
        {
            "form": "exit-en",
            "version": "",
            "language": "en",
            "date": "2026-01",
            "answers": {"departure": "dismissed", "reasons": ["pay", "other"]},
            REMOVED_FIELD: ["reasons__other"],
        },
    ]


def _csv_rows(data: bytes) -> tuple[list[str], Counter]:
    text = data.decode("utf-8-sig")
    dialect = ";" if data.startswith(b"\xef\xbb\xbf") else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=dialect))
    return rows[0], Counter(map(tuple, rows[1:]))


def _json_rows(data: bytes) -> tuple[list[str], Counter]:
    objects = json.loads(data)
    keys = list(objects[0]) if objects else []
    return keys, Counter(json.dumps(o, sort_keys=True) for o in objects)


_ROW = re.compile(rb"<row r=\"\d+\">(.*?)</row>", re.DOTALL)
_CELL_REF = re.compile(rb'<c r="([A-Z]+)\d+"')


def _sheet_rows(xml: bytes) -> tuple[bytes, Counter]:
    """The sheet without its response rows, and those rows with their numbers taken out
    (the store's random order numbers them differently on every export)."""
    first = xml.index(b'<row r="2">')
    last = xml.rindex(b"</row>") + len(b"</row>")
    rows = Counter(_CELL_REF.sub(rb'<c r="\1"', m.group(1)) for m in _ROW.finditer(xml[first:last]))
    return xml[:first] + xml[last:], rows


def test_exports_are_the_base_commits_bytes_in_another_order(built_site, tmp_path):
    """csv, csv for Dutch Excel, json and xlsx of the same data: the same bytes as the code
    before round 24 wrote, row for row (only the random row order differs)."""
    base = _base_tree(tmp_path)
    data = tmp_path / "data"
    _dataset(built_site, data)
    _export_with(base, built_site, data, tmp_path / "before")
    _export_with(ROOT, built_site, data, tmp_path / "after")
    for name, _ in EXPORTS:
        before = (tmp_path / "before" / name).read_bytes()
        after = (tmp_path / "after" / name).read_bytes()
        if not name.endswith(".xlsx"):  # compressed, an xlsx's size follows the row order
            assert len(before) == len(after), name
        if name.endswith(".csv"):
            assert before[:3] == after[:3]
            assert _csv_rows(before) == _csv_rows(after), name
            assert sum(_csv_rows(after)[1].values()) == 302
        elif name.endswith(".json"):
            assert _json_rows(before) == _json_rows(after)
        else:
            _same_workbook(before, after)


def _same_workbook(before: bytes, after: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(before)) as old, zipfile.ZipFile(io.BytesIO(after)) as new:
        assert [(i.filename, i.compress_type) for i in old.infolist()] == [
            (i.filename, i.compress_type) for i in new.infolist()
        ]
        for info in old.infolist():
            if info.filename == "docProps/core.xml":  # openpyxl writes the time it ran
                continue
            was, now = old.read(info), new.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                was_rows, now_rows = _sheet_rows(was), _sheet_rows(now)
                assert was_rows == now_rows
                assert sum(now_rows[1].values()) == 302
            else:
                assert was == now, info.filename


# -- reading: one uniform permutation of every response -------------------------------------


class _CountingRandom(random.Random):
    """Counts the random bits drawn: the read's shuffle calls ``getrandbits`` itself (round
    30), never ``_randbelow``, so counting that would always count 0. Seeded the same every
    run, so the count is too."""

    draws = 0

    def __init__(self, seed: object = None) -> None:
        super().__init__(24)

    def getrandbits(self, k: int) -> int:
        type(self).draws += 1
        return super().getrandbits(k)


def test_a_read_draws_one_random_number_per_response(tmp_path, monkeypatch):
    """One permutation of all responses: not one per shard plus a draw of the shard for
    each response, twice the random numbers and a walk over every shard per response."""
    sizes = [40, 1, 0, 25, 34]
    monkeypatch.setattr(store_order.random, "Random", _CountingRandom)
    _CountingRandom.draws = 0
    read = list(store_order.shuffled_sources(numbered_shards(tmp_path, sizes)))
    # One number per response, drawn as randrange draws it: random bits, again when they
    # exceed the range, which happens less than half the time (so fewer than two tries each).
    assert 0 < _CountingRandom.draws < 2 * sum(sizes)
    assert sorted(doc["n"] for _, doc in read) == sorted(
        f"{n}-{i}" for n, size in enumerate(sizes) for i in range(size)
    )
    assert {label for label, doc in read} == {f"shard{n}" for n, s in enumerate(sizes) if s}
    assert all(label == f"shard{doc['n'].split('-')[0]}" for label, doc in read)


def test_every_response_is_as_likely_at_every_place(tmp_path):
    """Uniform over the whole set, across shards of very different sizes: each of the six
    responses comes first, and last, about a sixth of the time."""
    sources = numbered_shards(tmp_path, [1, 2, 3])
    firsts, lasts = Counter(), Counter()
    runs = 6000
    for _ in range(runs):
        order = [doc["n"] for _, doc in store_order.shuffled_sources(sources)]
        firsts[order[0]] += 1
        lasts[order[-1]] += 1
    for seen in (firsts, lasts):
        assert len(seen) == 6
        assert all(800 <= n <= 1200 for n in seen.values()), seen  # 1000 expected, sd 29


def test_a_record_written_over_since_the_index_is_not_read(tmp_path, monkeypatch):
    """The CRC is checked again when a response is read: a shard written over in place
    after it was indexed fails the read instead of giving other bytes."""
    sources = numbered_shards(tmp_path, [3])
    path = sources[0][1]
    real = store_order.index_shard

    def then_overwrite(*args):
        found = real(*args)
        data = bytearray(Path(path).read_bytes())
        data[20] ^= 1
        Path(path).write_bytes(bytes(data))  # in place: the reader's fd sees it
        return found

    monkeypatch.setattr(store_order, "index_shard", then_overwrite)
    with pytest.raises(store_format.StoreError, match="changed while being read"):
        list(store_order.shuffled_sources(sources))


# -- decoding: json.loads' result without its wrappers --------------------------------------


@pytest.mark.parametrize(
    "payload",
    [
        b'{"id":"a","r":{"answers":{"q":"\xc3\xa9\xf0\x9f\x8e\x89"},"n":1.5e3,"x":null}}',
        b' {"id":"a","r":{}}',  # white space around: json.loads allows it
        b'{"id":"a","r":{}}  ',
        b'\xef\xbb\xbf{"id":"a","r":{}}',  # a BOM: json.loads refuses it
        b'{"id":"a","r":{}}{"x":1}',  # extra data
        b'{"id":"a","r":{"t":"\xed\xa0\x80"}}',  # a lone surrogate: surrogatepass
        b'{"id":"a","r":{"n":NaN}}',
        b'{"id":"a"',
        b"[1, 2]",
        b"",
    ],
)
def test_decoding_gives_what_json_loads_gives(payload):
    def loads() -> object:
        obj = json.loads(payload)
        doc = obj["r"]
        doc["id"] = obj["id"]
        return doc

    try:
        expected: object = loads()
    except (ValueError, KeyError, TypeError) as exc:
        with pytest.raises(type(exc)):
            decode_response(payload)
    else:
        got = decode_response(payload)
        assert repr(got) == repr(expected)


def test_a_stored_response_is_decoded_without_json_loads(monkeypatch):
    """The store's own payloads take the scanner directly (json.loads' wrappers were a
    third of the time of reading 100k responses)."""
    line = encode_response({"answers": {"q": "x"}, "date": "2026-11"}, "f" * 32, None)
    payload = store_format.unframe(line[:-1])

    def refuse(*args, **kwargs):
        raise AssertionError("json.loads called")

    monkeypatch.setattr(store_format.json, "loads", refuse)
    assert decode_response(payload) == {"answers": {"q": "x"}, "date": "2026-11", "id": "f" * 32}
