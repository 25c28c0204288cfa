"""What bench/soak_collector.py measures of a running gunicorn: per-worker RSS, open file
descriptors and threads from /proc, the data folder's files, the log's size, and the
latency of each route between two samples. Linux only (it reads /proc)."""

from __future__ import annotations

import os
import statistics
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path


def workers_of(master: int) -> list[int]:
    """The process IDs whose parent is ``master`` (gunicorn's workers)."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("PPid:") and line.split()[1] == str(master):
                found.append(int(pid))
    return sorted(found)


def process_numbers(pid: int) -> dict[str, float] | None:
    """RSS (MiB), open fds and threads of ``pid``; None when it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        fds = len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return None
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    if "VmRSS" not in fields:  # a zombie: a killed worker its master has not reaped yet
        return None
    return {
        "rss": int(fields["VmRSS"].split()[0]) / 1024,
        "fds": fds,
        "threads": int(fields["Threads"]),
    }


def folder_numbers(folder: Path) -> dict[str, int]:
    """Files and bytes under ``folder``, and of them those in ``limits/`` and temp files
    (a name the store uses only while it rewrites, or a dot file it did not mean to keep)."""
    files = size = limits = temp = 0
    for root, _dirs, names in os.walk(folder):
        for name in names:
            path = Path(root) / name
            try:
                size += path.stat().st_size
            except OSError:
                continue
            files += 1
            limits += "limits" in path.relative_to(folder).parts[:1]
            temp += path.suffix in {".shuffle", ".restore", ".redact", ".tmp", ".part"}
    return {"files": files, "bytes": size, "limits": limits, "temp": temp}


@dataclass
class Timings:
    """Latencies per route, taken and reset at each sample."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    current: dict[str, list[float]] = field(default_factory=dict)
    whole: dict[str, list[float]] = field(default_factory=dict)

    def add(self, route: str, seconds: float) -> None:
        with self.lock:
            self.current.setdefault(route, []).append(seconds)
            self.whole.setdefault(route, []).append(seconds)

    def take(self) -> dict[str, list[float]]:
        with self.lock:
            taken, self.current = self.current, {}
        return taken


def percentiles(values: list[float]) -> tuple[float, float, float]:
    """p50, p95 and the maximum, in milliseconds."""
    if not values:
        return (0.0, 0.0, 0.0)
    if len(values) == 1:
        return (values[0] * 1000,) * 3
    cuts = statistics.quantiles(values, n=20, method="inclusive")
    return (statistics.median(values) * 1000, cuts[18] * 1000, max(values) * 1000)


@dataclass
class Sample:
    """One row of the table."""

    minute: float
    workers: dict[int, dict[str, float]]
    master: dict[str, float] | None
    folder: dict[str, int]
    log_bytes: int
    log_lines: int
    stored: int
    routes: dict[str, tuple[int, float, float, float]]


def sample(
    started: float, master: int, data: Path, log: Path, stored: int, timings: Timings
) -> Sample:
    """Everything measured now, and the latencies since the last sample."""
    workers = {pid: n for pid in workers_of(master) if (n := process_numbers(pid))}
    try:
        text = log.read_bytes()
    except OSError:
        text = b""
    routes = {route: (len(v), *percentiles(v)) for route, v in timings.take().items()}
    return Sample(
        minute=(time.monotonic() - started) / 60,
        workers=workers,
        master=process_numbers(master),
        folder=folder_numbers(data),
        log_bytes=len(text),
        log_lines=text.count(b"\n"),
        stored=stored,
        routes=routes,
    )


def total(sample: Sample, key: str) -> float:
    return sum(n[key] for n in sample.workers.values())


def table(samples: list[Sample]) -> str:
    """The samples as a table: one row each, the workers' numbers summed and the largest."""
    head = (
        f"{'min':>5} {'pids':>13} {'rss MiB':>13} {'fds':>7} {'thr':>5} {'files':>6} "
        f"{'limits':>6} {'temp':>4} {'KiB':>7} {'log B':>7} {'acked':>6} "
        f"{'submit p50/p95 ms':>18} {'csv p50 ms':>10} {'report p50 ms':>13} "
        f"{'master rss/fds/thr':>18}"
    )
    rows = [head]
    for s in samples:
        pids = ",".join(str(p % 100000) for p in s.workers)
        rss = "/".join(f"{n['rss']:.0f}" for n in s.workers.values())
        fds = "/".join(str(int(n["fds"])) for n in s.workers.values())
        threads = "/".join(str(int(n["threads"])) for n in s.workers.values())
        sub = s.routes.get("POST /submit", (0, 0.0, 0.0, 0.0))
        csv = s.routes.get("GET csv", (0, 0.0, 0.0, 0.0))
        rep = s.routes.get("GET report", (0, 0.0, 0.0, 0.0))
        rows.append(
            f"{s.minute:5.1f} {pids:>13} {rss:>13} {fds:>7} {threads:>5} "
            f"{s.folder['files']:6d} {s.folder['limits']:6d} {s.folder['temp']:4d} "
            f"{s.folder['bytes'] // 1024:7d} {s.log_bytes:7d} {s.stored:6d} "
            f"{sub[1]:8.0f}/{sub[2]:<9.0f} {csv[1]:10.0f} {rep[1]:13.0f} "
            f"{_master(s):>18}"
        )
    return "\n".join(rows)


def _master(sample: Sample) -> str:
    m = sample.master
    return "-" if m is None else f"{m['rss']:.0f}/{m['fds']:.0f}/{m['threads']:.0f}"


def ratios(samples: list[Sample], timings: Timings) -> list[str]:
    """End against start: memory, fds, threads, files and latency (the first and the last
    quarter of the run), as ratios rather than verdicts."""
    # The first sample is taken before the workers have served much: the second is the baseline.
    first, last = samples[min(1, len(samples) - 1)], samples[-1]
    lines = []
    for key, name in (("rss", "worker RSS (sum)"), ("fds", "open fds (sum)")):
        if total(first, key):
            lines.append(f"{name}: {total(last, key) / total(first, key):.2f}")
    lines.append(f"threads (sum): {total(first, 'threads'):.0f} -> {total(last, 'threads'):.0f}")
    lines.append(
        f"data folder files: {first.folder['files']} -> {last.folder['files']} "
        f"(limits/ {first.folder['limits']} -> {last.folder['limits']}, "
        f"temp {last.folder['temp']} at the end)"
    )
    lines.append(f"log: {first.log_lines} -> {last.log_lines} lines")
    quarter = max(1, len(samples) // 4)
    for route in sorted(timings.whole):
        early = [x for s in samples[1 : 1 + quarter] for x in _spread(s, route)]
        late = [x for s in samples[-quarter:] for x in _spread(s, route)]
        if early and late and statistics.median(early) > 0:
            lines.append(
                f"{route}: p50 last quarter / first quarter = "
                f"{statistics.median(late) / statistics.median(early):.2f}"
            )
    return lines


def _spread(sample: Sample, route: str) -> list[float]:
    """A sample's p50 for ``route`` as many times as it was measured (a weighted median)."""
    count, p50, _p95, _max = sample.routes.get(route, (0, 0.0, 0.0, 0.0))
    return [p50] * count


def route_summary(timings: Timings) -> list[str]:
    """Per route over the whole run: how many, p50, p95 and the slowest."""
    lines = []
    for route, values in sorted(timings.whole.items()):
        p50, p95, top = percentiles(values)
        lines.append(
            f"{route:<14} {len(values):6d}  p50 {p50:7.0f} ms  p95 {p95:7.0f} ms  max {top:7.0f} ms"
        )
    return lines
