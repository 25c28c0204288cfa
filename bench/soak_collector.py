"""Soak the collector as an operator runs it: gunicorn with two workers, mixed traffic for
minutes, restarts in the middle, and every answer accounted for at the end.

    .venv/bin/python bench/soak_collector.py --minutes 25 [--port 9200] [--keep DIR]

Leavers send with and without the script (a submission ID, or none and a second press on
Send), some first with mistakes (422, then corrected), some twice; others open a form and
go away. HR signs in, looks at the report, downloads CSV and xlsx, removes a response and
blanks an answer, and signs out. The operator backs up every few minutes, and HR rebuilds
a form half-way. At 40% the master gets HUP, at 70% one worker gets kill -9.

Every 30 s it samples each worker's RSS, open fds and threads, the data folder's files
and bytes, the log, and the latency per route. At the end it prints the table, the ratios
of end against start, and sent / acknowledged / exported answers (each answer carries a
token in its closing text: a token acknowledged and not exported, or exported twice, is a
lost or doubled answer). Clean-ups run on their own clock (every ten minutes, and a new
build within a minute): no setting shortens them, so give it 25 minutes to see two marks.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import soak_probes as probes
from bench_collector import start as start_gunicorn
from bench_collector import stop as stop_gunicorn
from soak_traffic import HR, PASSWORD, SLUGS, Run, leaver

ROOT = Path(__file__).resolve().parent.parent


def flask(run: Run, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "collector", *args],
        env=run.env,
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
    )


def start(run: Run, workers: int, extra: tuple[str, ...] = ()) -> None:
    args = ["--workers", str(workers), "--timeout", "300", "--error-logfile", str(run.log),
            *extra, "collector:create_app()"]  # fmt: skip
    try:
        run.process = start_gunicorn(args, run.env, run.port)
    except SystemExit:
        raise SystemExit(f"the collector did not start; see {run.log}") from None


def loop(run: Run, every: float, action) -> None:
    while not run.stop.is_set():
        try:
            action()
        except Exception as exc:  # keep the soak going; count it
            run.count("errors")
            run.events.append(f"{type(exc).__name__}: {exc}")
        run.stop.wait(random.uniform(0.5, 1.5) * every)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=25.0, help="how long to run (default 25)")
    parser.add_argument("--port", type=int, default=9200, help="port for gunicorn (default 9200)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--leavers", type=int, default=3, help="leaver threads (default 3)")
    parser.add_argument("--sample", type=float, default=30.0, help="seconds between samples")
    parser.add_argument("--backup-every", type=float, default=180.0, help="seconds between backups")
    parser.add_argument("--preload", action="store_true", help="start gunicorn with --preload")
    parser.add_argument("--keep", type=Path, help="folder to run in and keep (default: a temp one)")
    options = parser.parse_args()
    scratch = options.keep or Path(tempfile.mkdtemp(prefix="soak-collector-"))
    scratch.mkdir(parents=True, exist_ok=True)
    (scratch / "tmp").mkdir(exist_ok=True)
    (scratch / "backups").mkdir(exist_ok=True)
    source = scratch / "questionnaires"
    shutil.copytree(ROOT / "questionnaires", source, dirs_exist_ok=True)
    run = Run(options.port, scratch)
    build = [sys.executable, "build.py", "--source", str(source), "--output", str(run.output), "-q"]
    subprocess.run(build, cwd=ROOT, check=True)
    forms = {s: json.loads((run.output / s / "form.json").read_text()) for s in SLUGS}
    flask(run, "set-password", "--password-stdin", stdin=PASSWORD + "\n").check_returncode()
    start(run, options.workers, ("--preload",) if options.preload else ())
    try:
        drive(run, options, forms, build)
    finally:
        run.stop.set()
        if run.process and run.process.poll() is None:
            stop_gunicorn(run.process, timeout=60)


def drive(run: Run, options: argparse.Namespace, forms: dict, build: list[str]) -> None:
    """The traffic, the samples, the operator's steps; then the accounting."""
    assert run.process is not None
    scratch = run.scratch
    began = time.monotonic()
    duration = options.minutes * 60
    threads = [
        threading.Thread(target=loop, args=(run, 0.3, lambda: leaver(run, forms)))
        for _ in range(options.leavers)
    ]
    threads.append(threading.Thread(target=loop, args=(run, 20.0, HR(run).visit)))
    for thread in threads:
        thread.start()
    samples = [probes.sample(began, run.process.pid, run.data, run.log, 0, run.timings)]
    steps = {0.4: "HUP", 0.55: "rebuild", 0.7: "kill -9"}
    next_backup = began + options.backup_every
    while (now := time.monotonic()) - began < duration:
        time.sleep(min(options.sample, max(0.0, began + duration - now)))
        for at, step in sorted(steps.items()):
            if time.monotonic() - began >= at * duration:
                del steps[at]
                event(run, step, build, began)
        if time.monotonic() >= next_backup:
            next_backup += options.backup_every
            target = scratch / "backups" / f"{len(run.events)}-{uuid.uuid4().hex[:6]}.tar.gz"
            t0 = time.perf_counter()
            done = flask(run, "backup", str(target))
            run.events.append(
                f"{(time.monotonic() - began) / 60:.1f} min: backup exit "
                f"{done.returncode} in {time.perf_counter() - t0:.1f} s, "
                f"{target.stat().st_size if target.exists() else 0} bytes"
            )
        samples.append(
            probes.sample(began, run.process.pid, run.data, run.log, len(run.acked), run.timings)
        )
        print(probes.table(samples[-1:]).splitlines()[-1], flush=True)
    run.stop.set()
    for thread in threads:
        thread.join()
    time.sleep(2)
    samples.append(
        probes.sample(began, run.process.pid, run.data, run.log, len(run.acked), run.timings)
    )
    finish(run, samples)


def event(run: Run, step: str, build: list[str], began: float) -> None:
    """A restart, a worker killed, or a rebuild with a reworded title."""
    assert run.process is not None
    if step == "HUP":
        os.kill(run.process.pid, signal.SIGHUP)
    elif step == "kill -9":
        os.kill(probes.workers_of(run.process.pid)[0], signal.SIGKILL)
    else:
        source = Path(build[build.index("--source") + 1]) / "exit-en.md"
        source.write_text(source.read_text().replace("title: ", "title: (2) ", 1))
        subprocess.run(build, cwd=ROOT, check=True)
    run.events.append(f"{(time.monotonic() - began) / 60:.1f} min: {step}")


def finish(run: Run, samples: list[probes.Sample]) -> None:
    """Print the table, the ratios, the accounting and the log's worrying lines; stop."""
    export = run.scratch / "final.csv"
    done = flask(run, "export", "exit-en", "--output", str(export))
    rows = (
        list(csv.DictReader(io.StringIO(export.read_text("utf-8-sig")))) if export.exists() else []
    )
    tokens = [r["closing"].split()[-1] for r in rows if r.get("closing", "").startswith("Thanks")]
    assert run.process is not None
    os.killpg(run.process.pid, signal.SIGTERM)
    run.process.wait(timeout=60)
    print(probes.table(samples))
    print("\nper route, whole run:")
    for line in probes.route_summary(run.timings):
        print("  " + line)
    print("\nend / start:")
    for line in probes.ratios(samples, run.timings):
        print("  " + line)
    exported = set(tokens)
    lost = run.acked - exported - run.removed
    print(f"\nstatuses: {dict(sorted(run.statuses.items()))}")
    print(f"\nanswers: {run.counts} (export exit {done.returncode}: {done.stderr.strip()[:200]})")
    print(
        f"  distinct sent {len(run.sent)}, acknowledged {len(run.acked)}, removed by HR "
        f"{len(run.removed)}, exported {len(tokens)} ({len(exported)} distinct)"
    )
    print(
        f"  acknowledged but not exported: {len(lost)}; exported twice: "
        f"{len(tokens) - len(exported)}; stored without an acknowledgement: "
        f"{len(exported - run.acked)}; removed but exported: {len(exported & run.removed)}"
    )
    text = run.log.read_text(errors="replace") if run.log.exists() else ""
    addresses = re.findall(r"\b10\.\d+\.\d+\.\d+\b", text)
    named = [t for t in run.acked if t in text]
    print(
        f"\nlog: {len(text.splitlines())} lines, {len(addresses)} client addresses, "
        f"{len(named)} answer tokens, {text.count('Traceback')} tracebacks"
    )
    for line in sorted(set(re.sub(r"^\[[^]]*\] \[\d+\] ", "", x) for x in text.splitlines()))[:40]:
        print("  " + line[:200])
    print("\nevents:")
    for line in run.events:
        print("  " + line)
    leftovers = sorted(p.name for p in (run.scratch / "tmp").iterdir())
    print(f"\ntemp files left in the server's TMPDIR: {len(leftovers)} {leftovers[:5]}")
    print(f"run folder: {run.scratch}")


if __name__ == "__main__":
    main()
