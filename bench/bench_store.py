"""Measure the response store against this disk's own fdatasync baseline.

Run as ``python bench/bench_store.py [--quick] [--dir DIR]``. In one run it measures:

(a) the raw baseline: append a 1.4 KB record and fdatasync it, one process;
(b) stock TinyDB (JSONStorage) insert cost with 1k and 10k documents stored (not 100k: each
    insert rewrites the whole file, about 2.6 s there);
(c) ResponseStore.add() with 1k, 10k and 100k responses stored and 1, 4 and 8 writer
    processes: throughput, p50/p99/max latency, a writer's RSS and its open/recovery time.

It prints ratios against the baseline, and p50(100k)/p50(1k) (goal <= 1.25). Point --dir at
the production disk: the absolute numbers belong to the disk, the ratios to the code.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tinydb import TinyDB

from collector.store import ResponseStore
from collector.store_format import encode_response, submission_key

MONTH = time.strftime("%Y-%m", time.gmtime())
RECORD = {
    "reason": ["career", "pay", "other"],
    "reason__other": "Ik wil dichter bij huis werken. " * 10,
    "manager": 4,
    "recommend": 7,
    "would_return": "maybe",
    "best": "The colleagues in the support team were great to work with. " * 5,
    "improve": "Fewer meetings, clearer priorities, and a proper onboarding plan. " * 5,
}


def pct(values: list[float], q: float) -> float:
    """The q-quantile (0..1) of ``values``, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


# -- (a) baseline --------------------------------------------------------------------------


def baseline(work: Path, n: int) -> dict:
    line = encode_response(RECORD, uuid.uuid4().hex, 1)
    path = work / "baseline.log"
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    times = []
    start = time.perf_counter()
    for _ in range(n):
        t = time.perf_counter()
        os.write(fd, line)
        os.fdatasync(fd)
        times.append(time.perf_counter() - t)
    total = time.perf_counter() - start
    os.close(fd)
    path.unlink()
    return {"ops": n / total, "p50": pct(times, 0.5), "p99": pct(times, 0.99), "bytes": len(line)}


# -- (b) stock TinyDB ----------------------------------------------------------------------


def stock(work: Path, stored: int, inserts: int) -> dict:
    path = work / f"stock-{stored}.json"
    with open(path, "w") as f:
        json.dump({"_default": {str(i + 1): RECORD for i in range(stored)}}, f)
    db = TinyDB(path)
    times = []
    for _ in range(inserts):
        t = time.perf_counter()
        db.insert(RECORD)
        times.append(time.perf_counter() - t)
    db.close()
    path.unlink()
    return {"p50": pct(times, 0.5), "p99": pct(times, 0.99)}


# -- (c) ResponseStore ---------------------------------------------------------------------


def prefill(path: Path, slug: str, stored: int) -> None:
    """Write ``stored`` responses straight into a shard: no lock, no fsync (setup only)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb", buffering=1 << 20) as f:
        for i in range(stored):
            key = submission_key(slug, f"prefill-{i}")
            f.write(encode_response(RECORD, uuid.uuid4().hex, key))


def writer(data: str, slug: str, adds: int, barrier, results, tag: int) -> None:
    before = rss_mb()
    t = time.perf_counter()
    store = ResponseStore(data)
    store.add(slug, RECORD, submission_id=f"warm-{tag}", month=MONTH)  # loads dedupe keys
    opened = time.perf_counter() - t
    barrier.wait()
    times = []
    start = time.perf_counter()
    for i in range(adds):
        t = time.perf_counter()
        store.add(slug, RECORD, submission_id=f"w{tag}-{i}", month=MONTH)
        times.append(time.perf_counter() - t)
    end = time.perf_counter()
    after = rss_mb()
    store.close()
    results.put((times, start, end, opened, before, after))


def run_store(work: Path, template: Path, stored: int, procs: int, adds: int) -> dict:
    data = work / f"store-{stored}-{procs}"
    slug = "bench"
    shard = data / slug / f"{MONTH}.jsonl"
    shard.parent.mkdir(parents=True)
    shutil.copyfile(template, shard)  # same content as a fresh prefill, much faster
    ctx = mp.get_context("fork")
    barrier, results = ctx.Barrier(procs), ctx.Queue()
    workers = [
        ctx.Process(target=writer, args=(str(data), slug, adds, barrier, results, i))
        for i in range(procs)
    ]
    for w in workers:
        w.start()
    out = [results.get(timeout=600) for _ in workers]
    for w in workers:
        w.join()
    with ResponseStore(data) as store:
        assert store.count(slug) == stored + procs * (adds + 1), "lost or duplicated responses"
    shutil.rmtree(data)
    times = [t for o in out for t in o[0]]
    span = max(o[2] for o in out) - min(o[1] for o in out)
    return {
        "ops": len(times) / span,
        "p50": pct(times, 0.5),
        "p99": pct(times, 0.99),
        "max": max(times),
        "open": statistics.median(o[3] for o in out),
        "rss": max(o[5] for o in out),
        "growth": max(o[5] - o[4] for o in out),
    }


def nosync_cost(work: Path, template: Path, stored: int, adds: int) -> float:
    """p50 of add() with fdatasync stubbed out: the code's own cost, free of disk noise."""
    data = work / f"nosync-{stored}"
    shard = data / "bench" / f"{MONTH}.jsonl"
    shard.parent.mkdir(parents=True)
    shutil.copyfile(template, shard)
    real = os.fdatasync
    os.fdatasync = lambda fd: None
    try:
        with ResponseStore(data) as store:
            store.add("bench", RECORD, submission_id="warm", month=MONTH)
            times = []
            for i in range(adds):
                t = time.perf_counter()
                store.add("bench", RECORD, submission_id=f"n{i}", month=MONTH)
                times.append(time.perf_counter() - t)
    finally:
        os.fdatasync = real
    shutil.rmtree(data)
    return pct(times, 0.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer samples: under a minute")
    parser.add_argument("--dir", help="where to put the scratch files (the disk to measure)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-store-", dir=args.dir))
    try:
        report(work, args.quick)
    finally:
        shutil.rmtree(work, ignore_errors=True)


SIZES = (1_000, 10_000, 100_000)


def report(work: Path, quick: bool) -> None:
    ms = 1000
    rounds = 2 if quick else 3
    base = baseline(work, 500 if quick else 3000)
    print(f"scratch dir {work}, record {base['bytes']} B, {os.cpu_count()} CPUs")
    print(
        f"(a) baseline append+fdatasync, 1 process: {base['ops']:,.0f} ops/s, "
        f"p50 {base['p50'] * ms:.3f} ms, p99 {base['p99'] * ms:.3f} ms"
    )
    print("    (re-measured before every run below; 'of base' and 'x base' use that value)")
    print("\n(b) stock TinyDB JSONStorage insert, 1 writer")
    print(f"{'stored':>8} {'p50 ms':>9} {'p99 ms':>9} {'p50 x base':>11}")
    stock_p50 = {}
    for stored, n in ((1_000, 10 if quick else 40), (10_000, 3 if quick else 10)):
        b = baseline(work, 200)
        r = stock(work, stored, n)
        stock_p50[stored] = r["p50"]
        print(
            f"{stored:>8,} {r['p50'] * ms:>9.2f} {r['p99'] * ms:>9.2f} "
            f"{r['p50'] / b['p50']:>10.0f}x"
        )
    print(f"{100_000:>8,}   skipped: every insert re-reads and rewrites the file (~2.6 s)")

    templates = {}
    for stored in SIZES:
        templates[stored] = work / f"template-{stored}.jsonl"
        prefill(templates[stored], "bench", stored)
    print("\n(c) ResponseStore.add(), durable (fdatasync before returning)")
    print(
        f"{'stored':>8} {'writers':>7} {'adds/s':>8} {'of base':>8} {'p50 ms':>8} "
        f"{'x base':>7} {'p99 ms':>8} {'max ms':>8} {'RSS MB':>7} {'+RSS MB':>8} {'open ms':>8}"
    )
    rows: dict[tuple[int, int], list[dict]] = {}
    for _ in range(rounds):  # alternate sizes so that disk noise hits them all alike
        for stored in SIZES:
            for procs in (1, 4, 8):
                adds = (400 if quick else 1500) if procs == 1 else (120 if quick else 400)
                b = baseline(work, 200)
                r = run_store(work, templates[stored], stored, procs, adds)
                r["base_ops"], r["base_p50"] = b["ops"], b["p50"]
                rows.setdefault((stored, procs), []).append(r)
    p50 = {}
    for (stored, procs), runs in sorted(rows.items()):
        r = {k: statistics.median(run[k] for run in runs) for k in runs[0]}
        p50[stored, procs] = r["p50"]
        print(
            f"{stored:>8,} {procs:>7} {r['ops']:>8,.0f} {r['ops'] / r['base_ops']:>7.0%} "
            f"{r['p50'] * ms:>8.3f} {r['p50'] / r['base_p50']:>6.2f}x {r['p99'] * ms:>8.3f} "
            f"{r['max'] * ms:>8.1f} {r['rss']:>7.1f} {r['growth']:>8.1f} {r['open'] * ms:>8.0f}"
        )
    print(f"    (median of {rounds} rounds; +RSS: growth of a writer from before open to the end)")
    cost = {stored: nosync_cost(work, templates[stored], stored, 3000) for stored in SIZES}
    print("\nadd() with fdatasync stubbed out (the code's own cost, 1 writer):")
    print("  " + ", ".join(f"{s:,} stored: {cost[s] * 1e6:.0f} us" for s in SIZES))
    print("\nratios")
    for procs in (1, 4, 8):
        ratio = p50[100_000, procs] / p50[1_000, procs]
        verdict = "ok" if ratio <= 1.25 else "over goal"
        print(f"  p50(100k)/p50(1k), {procs} writer(s): {ratio:.2f} (goal <= 1.25: {verdict})")
    print(f"  code cost (no fsync) 100k/1k: {cost[100_000] / cost[1_000]:.2f}")
    for stored in (1_000, 10_000):
        speedup = stock_p50[stored] / p50[stored, 1]
        print(f"  stock TinyDB p50 / ResponseStore p50 at {stored:,}: {speedup:,.0f}x")


if __name__ == "__main__":
    main()
