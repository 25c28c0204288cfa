"""Durable submissions through the real WSGI server, against stock TinyDB in the same run.

    .venv/bin/python bench/bench_collector.py [--quick]

Starts gunicorn with the collector (and, as the baseline, with a stock TinyDB JSONStorage
app), pre-fills 1k / 10k / 100k stored responses, and drives it with 1 to 8 concurrent
keep-alive clients (separate processes). Prints throughput, p50 and p99 latency, worker
memory, and the ratios that the goals are stated in. Timings on a shared 2-core machine are
noisy: read the ratios, and run it twice.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing as mp
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from collector.builder import build_site  # noqa: E402
from collector.store_format import encode_response, submission_key  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import soak_probes  # noqa: E402  (the /proc readings the soak uses too)

SLUG = "exit-en"
MONTH = time.strftime("%Y-%m", time.gmtime())
ANSWERS = {
    "departure": "voluntary",
    "reasons": ["pay", "growth"],
    "stay": "A clearer path to a senior role and a bit more flexibility in hours.",
    "conditions": "4",
    "work_itself": "3",
    "relationships": "5",
    "terms": "2",
    "manager": "4",
    "culture": "3",
    "recommend": "7",
    "department": "it",
    "tenure": "y3_5",
    "closing": "Thank you for the years here.",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prefill(data: Path, count: int) -> None:
    shard = data / "responses" / SLUG
    shard.mkdir(parents=True, mode=0o700)
    record = {
        "form": SLUG,
        "version": "prefill",
        "language": "en",
        "date": MONTH,
        "answers": ANSWERS,
    }
    with open(shard / f"{MONTH}.jsonl", "wb") as f:
        for i in range(count):
            f.write(encode_response(record, uuid.uuid4().hex, submission_key(SLUG, f"prefill-{i}")))
    os.chmod(shard / f"{MONTH}.jsonl", 0o600)


def prefill_stock(path: Path, count: int) -> None:
    docs = {str(i + 1): {"answers": ANSWERS, "date": MONTH} for i in range(count)}
    path.write_text(json.dumps({"responses": docs}))


def start(args: list[str], env: dict[str, str], port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", *args],
        env={**os.environ, **env},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            c.request("GET", "/health")
            if c.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.1)
    raise SystemExit("server did not start")


def stop(process: subprocess.Popen, timeout: float = 30) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=timeout)


def worker_rss_mb(master: int) -> float:
    """Largest resident memory among the server's worker processes."""
    numbers = (soak_probes.process_numbers(pid) for pid in soak_probes.workers_of(master))
    return max((n["rss"] for n in numbers if n), default=0.0)


def client(port: int, path: str, duration: float, rate: float, out: mp.Queue) -> None:
    """Submit for ``duration`` seconds (paced to ``rate`` per second if > 0); report latencies."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    latencies, errors = [], 0
    start_at = time.perf_counter()
    sent = 0
    while time.perf_counter() - start_at < duration:
        if rate:
            due = start_at + sent / rate
            pause = due - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
        body = urllib.parse.urlencode({**ANSWERS, "_submission": str(uuid.uuid4())}, doseq=True)
        began = time.perf_counter()
        try:
            connection.request(
                "POST",
                path,
                body=body,
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            )
            response = connection.getresponse()
            response.read()
            ok = response.status == 303
        except OSError:
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            ok = False
        latencies.append(time.perf_counter() - began)
        errors += not ok
        sent += 1
    out.put((latencies, errors, time.perf_counter() - start_at))


def drive(port: int, path: str, clients: int, duration: float, rate: float = 0.0) -> dict:
    queue: mp.Queue = mp.Queue()
    per_client = rate / clients if rate else 0.0
    procs = [
        mp.Process(target=client, args=(port, path, duration, per_client, queue))
        for _ in range(clients)
    ]
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    latencies = sorted(x for r in results for x in r[0])
    elapsed = max(r[2] for r in results)
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [latencies[0]] * 99
    return {
        "n": len(latencies),
        "errors": sum(r[1] for r in results),
        "rps": len(latencies) / elapsed,
        "p50": q[49] * 1000,
        "p99": q[98] * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="1k and 10k only, 1 and 4 clients, short runs"
    )
    parser.add_argument(
        "--workers", type=int, default=2, help="gunicorn workers (default 2: one per core)"
    )
    options = parser.parse_args()
    sizes = [1_000, 10_000] if options.quick else [1_000, 10_000, 100_000]
    client_counts = [1, 4] if options.quick else [1, 2, 4, 8]
    duration = 2.0 if options.quick else 4.0
    workers = ["--workers", str(options.workers)]
    scratch = Path(tempfile.mkdtemp(prefix="bench-collector-"))
    site = scratch / "output"
    build_site(ROOT / "questionnaires", site)
    print(
        f"gunicorn --workers {options.workers}; {duration:.0f} s per run; clients are separate processes"
    )
    print(
        f"{'server':<8} {'stored':>8} {'clients':>7} {'subm/s':>8} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'errors':>6} {'worker MB':>9}"
    )
    rows: dict[tuple[str, int, int], dict] = {}
    for size in sizes:
        data = scratch / f"data-{size}"
        prefill(data, size)
        port = free_port()
        env = {
            "COLLECTOR_OUTPUT_DIR": str(site),
            "COLLECTOR_DATA_DIR": str(data),
            "COLLECTOR_RATE_LIMIT": "10000",
            "COLLECTOR_RATE_WINDOW": "1",
        }
        server = start([*workers, "collector:create_app()"], env, port)
        try:
            drive(port, f"/submit/{SLUG}", 1, 0.5)  # warm up
            for clients in client_counts:
                result = drive(port, f"/submit/{SLUG}", clients, duration)
                result["rss"] = worker_rss_mb(server.pid)
                rows[("store", size, clients)] = result
                print(
                    f"{'store':<8} {size:>8,} {clients:>7} {result['rps']:>8.0f} {result['p50']:>7.2f} "
                    f"{result['p99']:>7.2f} {result['errors']:>6} {result['rss']:>9.1f}",
                    flush=True,
                )
            best = max(rows[("store", size, c)]["rps"] for c in client_counts)
            half = drive(port, f"/submit/{SLUG}", 4, duration, rate=best / 2)
            rows[("half", size, 4)] = half
            print(
                f"{'store':<8} {size:>8,} {'@50%':>7} {half['rps']:>8.0f} {half['p50']:>7.2f} "
                f"{half['p99']:>7.2f} {half['errors']:>6}   (paced at half of {best:.0f}/s)",
                flush=True,
            )
        finally:
            stop(server)
    for size in [s for s in sizes if s <= 10_000]:
        db = scratch / f"stock-{size}.json"
        prefill_stock(db, size)
        port = free_port()
        server = start(
            [*workers, "--chdir", str(ROOT / "bench"), "stock_tinydb_app:app"],
            {"STOCK_DB": str(db)},
            port,
        )
        try:
            for clients in [1, 4]:
                result = drive(
                    port, "/submit", clients, duration if size <= 1_000 else duration * 2
                )
                result["rss"] = worker_rss_mb(server.pid)
                rows[("stock", size, clients)] = result
                print(
                    f"{'stock':<8} {size:>8,} {clients:>7} {result['rps']:>8.0f} {result['p50']:>7.2f} "
                    f"{result['p99']:>7.2f} {result['errors']:>6} {result['rss']:>9.1f}",
                    flush=True,
                )
        finally:
            stop(server)
    print("stock TinyDB at 100k is not run: about 2.6 s per insert (see bench_store.py)")
    print()
    largest = sizes[-1]
    one_small, one_large = rows[("store", 1_000, 1)], rows[("store", largest, 1)]
    print(
        f"cost ratio p50 {largest:,} / 1k, 1 client: {one_large['p50'] / one_small['p50']:.2f} (goal <= 1.25)"
    )
    best = max(r["rps"] for k, r in rows.items() if k[0] == "store")
    print(f"best durable throughput: {best:.0f}/s (goal >= 500/s on 2 cores)")
    worst_half = max(r["p99"] for k, r in rows.items() if k[0] == "half")
    print(f"p99 at half load, worst size: {worst_half:.1f} ms (goal <= 25 ms)")
    rss = [r["rss"] for k, r in rows.items() if k[0] == "store"]
    print(f"worker memory: {min(rss):.1f} to {max(rss):.1f} MB across 1k..{largest:,} stored")
    for size in [s for s in sizes if s <= 10_000]:
        stock, ours = rows[("stock", size, 1)], rows[("store", size, 1)]
        print(
            f"at {size:,} stored, 1 client: collector {ours['rps'] / stock['rps']:.1f}x stock throughput, "
            f"p50 {stock['p50'] / ours['p50']:.1f}x lower"
        )


if __name__ == "__main__":
    main()
