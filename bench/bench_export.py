"""How fast, and in how much memory, the exports run at 10k and 100k responses.

    .venv/bin/python bench/bench_export.py            # 10k and 100k, every format
    .venv/bin/python bench/bench_export.py 2000 20000 # other sizes

Builds the example questionnaires, writes random (partly hostile) responses straight into
the store's shard files (closed months already marked shuffled, as the store leaves them),
then runs each export in a fresh process and prints its time, responses per second, its
peak RSS and how much the export added to the RSS of the started collector ("growth").

Two baselines, both measured in the same run (timings on a shared machine wander, ratios
much less):

* "read", at each size: streaming the dataset (every stored response with the status of
  each answer) and nothing else, what every export pays before it writes a byte. A
  format's ratio to it is what writing that format costs on top.
* the smallest size: streaming shows as a time ratio near the size ratio and a memory
  ratio near 1.

``--against REV`` (a git commit, e.g. the one before a change) measures from outside, the way
``/usr/bin/time`` does: each export command (and the report's first view, ``report``) runs
in a fresh process with REV's code and with this tree's, taking turns, and the table gives
the CPU seconds (user + system, imports included) and peak RSS of each, and their ratio.

    .venv/bin/python bench/bench_export.py --against f7c5302 100000 300000

Goal: 100k responses as csv in 3 s or less. The xlsx line at the end extrapolates to 300k
responses: a gunicorn sync worker is killed after its --timeout (README.md) even while it
streams, and an xlsx download is built whole before its first byte.
"""

from __future__ import annotations

import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
#: The collector measured: this tree's, or (``--against``) an earlier commit's unpacked copy.
sys.path.insert(0, os.environ.get("BENCH_EXPORT_CODE", str(ROOT)))

from collector import model  # noqa: E402
from collector.conditions import applicable_questions  # noqa: E402
from collector.model import Form, form_from_json  # noqa: E402
from collector.store_format import encode_response, trailer  # noqa: E402

if TYPE_CHECKING:
    from flask import Flask

FORMATS = ("csv", "excel-nl", "xlsx", "json")
#: The baseline: stream the dataset and write nothing.
READ = "read"
#: The report page (``flask report``) with nothing counted yet: a first view after a change.
REPORT = "report"
TEXTS = [
    "More flexibility with working from home",
    '=HYPERLINK("http://example.com";"click")',
    '-5 days of leave; "too little"',
    "Meer doorgroeimogelijkheden, en een beter salaris.\nEn minder vergaderingen.",
    "@SUM(A1:A9)",
    "Ünïcödé – “quotes” – 🎉",
    "Fijne collega's; de werkdruk was te hoog en er was weinig ruimte om te groeien.",
    "I liked the team, but the pay was below market and promotions were rare.",
    "",
]
LONG_TEXT = "A long answer that goes on and on. " * 40  # 1,400 characters, 1 in 50 answers


def random_answers(form: Form, rng: random.Random) -> dict:
    answers: dict = {}
    for q in form.questions:
        if rng.random() < 0.15:
            continue
        if q.type == model.MULTIPLE_CHOICE:
            picked = [c.value for c in q.choices if rng.random() < 0.25] or [q.choices[0].value]
            if q.other_label is not None and rng.random() < 0.2:
                picked.append(model.OTHER_VALUE)
                answers[q.other_field] = rng.choice(TEXTS)
            answers[q.id] = picked
        elif q.type in model.CHOICE_TYPES:
            values = list(q.choice_values())
            values = [v for v in values if v != model.OTHER_VALUE]
            answers[q.id] = rng.choice(values)
        elif q.type == model.NUMBER:
            answers[q.id] = rng.randint(-10, 40)
        else:
            text = LONG_TEXT if rng.random() < 0.02 else rng.choice(TEXTS)
            if text:
                answers[q.id] = text[: q.max_length or 500]
    selected = {k: v if isinstance(v, list) else [str(v)] for k, v in answers.items()}
    keep = {q.id for q in applicable_questions(form, selected)}
    return {k: v for k, v in answers.items() if k.split("__")[0] in keep}


def write_store(output: Path, data: Path, count: int) -> None:
    """``count`` responses over 12 months and both languages, in the store's own format."""
    forms = [form_from_json(p.read_text("utf-8")) for p in sorted(output.glob("*/form.json"))]
    rng = random.Random(count)
    now = time.gmtime()
    months = []
    for back in range(12):
        index = now.tm_year * 12 + now.tm_mon - 1 - back
        months.append(f"{index // 12:04d}-{index % 12 + 1:02d}")
    lines: dict[tuple[str, str], list[bytes]] = {}
    for _ in range(count):
        form = rng.choice(forms)
        month = rng.choice(months)
        record = {
            "form": form.slug,
            "version": form.version,
            "language": form.language,
            "date": month,
            "answers": random_answers(form, rng),
        }
        line = encode_response(record, uuid.uuid4().hex, None)
        lines.setdefault((form.slug, month), []).append(line)
    for (slug, month), shard in lines.items():
        folder = data / "responses" / slug
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        closed = month != months[0]
        with open(folder / f"{month}.jsonl", "wb") as out:
            out.writelines(shard)
            if closed:
                out.write(trailer(len(shard)))


def peak_rss_kib() -> int:
    """This process's peak resident memory. VmHWM (Linux) starts afresh at exec; ru_maxrss
    would also count the parent that generated the data."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child(fmt: str, output: str, data: str, target: str) -> None:
    """Run one export in this (fresh) process and print seconds and peak RSS in KiB."""
    from collector import create_app

    app = create_app({"OUTPUT_DIR": output, "DATA_DIR": data, "TESTING": True})
    if fmt == READ:
        read_only(app, target)
        return
    if fmt == REPORT:
        args = ["report", "exit-en", "--output", target]
        result = app.test_cli_runner().invoke(args=args, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        print(f"0 0 {peak_rss_kib()} {os.path.getsize(target)}")
        return
    args = [
        "export",
        "exit-en",
        "--output",
        target,
        "--format",
        "csv" if fmt == "excel-nl" else fmt,
    ]
    if fmt == "excel-nl":
        args.append("--excel-nl")
    base = peak_rss_kib()
    start = time.perf_counter()
    result = app.test_cli_runner().invoke(args=args, catch_exceptions=False)
    seconds = time.perf_counter() - start
    peak = peak_rss_kib()
    assert result.exit_code == 0, result.output
    print(f"{seconds:.3f} {base} {peak} {os.path.getsize(target)}")


def read_only(app: Flask, target: str) -> None:
    """The baseline: what the export command reads, with nothing written (child's output)."""
    from collector import export
    from collector.dataset import open_dataset

    with app.app_context():
        state = app.extensions["exit_survey"]
        base = peak_rss_kib()
        start = time.perf_counter()
        table = export.Export(open_dataset(state.forms, state.store, "exit-en"))
        count = sum(1 for _ in table.dataset.responses())
        seconds = time.perf_counter() - start
        peak = peak_rss_kib()
    Path(target).write_text(f"{count}\n")
    print(f"{seconds:.3f} {base} {peak} 0")


def main(sizes: list[int]) -> None:
    from collector.builder import build_site

    work = Path(tempfile.mkdtemp(prefix="bench-export-"))
    try:
        output = work / "output"
        build_site(ROOT / "questionnaires", output)  # the ID lock is already up to date
        results: dict[tuple[int, str], tuple[float, int, int]] = {}
        print(
            f"{'responses':>9} {'format':<9} {'seconds':>8} {'rows/s':>8} {'x read':>7} "
            f"{'peak RSS':>9} {'growth':>8} {'file':>9}"
        )
        for size in sizes:
            data = work / f"data-{size}"
            start = time.perf_counter()
            write_store(output, data, size)
            print(f"# wrote {size} responses in {time.perf_counter() - start:.1f} s")
            for fmt in (READ, *FORMATS):
                target = work / f"out-{size}.{fmt}"
                line = subprocess.run(
                    [sys.executable, __file__, "--child", fmt, str(output), str(data), str(target)],
                    check=True,
                    stdout=subprocess.PIPE,
                    text=True,
                ).stdout.split()
                seconds, base, peak, size_bytes = float(line[0]), *map(int, line[1:])
                results[(size, fmt)] = (seconds, peak, peak - base)
                read = results[(size, READ)][0]
                print(
                    f"{size:>9} {fmt:<9} {seconds:>8.2f} {size / seconds:>8,.0f} "
                    f"{seconds / read:>6.2f}x {peak / 1024:>7.1f}MB "
                    f"{(peak - base) / 1024:>6.1f}MB {size_bytes / 1e6:>7.1f}MB"
                )
                target.unlink()
        if len(sizes) > 1:
            small, big = sizes[0], sizes[-1]
            print(f"\nratios {big} / {small} responses (size ratio {big / small:.0f}):")
            for fmt in (READ, *FORMATS):
                t0, p0, _ = results[(small, fmt)]
                t1, p1, _ = results[(big, fmt)]
                print(f"  {fmt:<9} time x{t1 / t0:.1f}   peak RSS x{p1 / p0:.2f}")
        csv_time = results.get((100_000, "csv"))
        if csv_time:
            verdict = "met" if csv_time[0] <= 3 else "NOT met"
            print(f"\ngoal 100k csv <= 3 s: {verdict} ({csv_time[0]:.2f} s)")
        big = sizes[-1]
        per_row = results[(big, "xlsx")][0] / big
        print(
            f"xlsx at 300k responses, extrapolated from {big}: {per_row * 300_000:.0f} s "
            "(on this machine as it is now; compare gunicorn's --timeout in README.md)"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


def unpack(rev: str, into: Path) -> Path:
    """The collector of commit ``rev`` (and its theme), unpacked under ``into``."""
    tree = into / f"code-{rev}"
    tree.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "collector", "site_templates"],
        check=True,
        stdout=subprocess.PIPE,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    return tree


def run_outside(code: Path, fmt: str, output: Path, data: Path, target: Path) -> tuple[float, int]:
    """CPU seconds (user + system, start-up included) and peak RSS in KiB of one child."""
    env = {**os.environ, "BENCH_EXPORT_CODE": str(code)}
    args = [sys.executable, __file__, "--child", fmt, str(output), str(data), str(target)]
    child = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    said = child.stdout.read().split()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"{fmt} with {code} failed ({child.returncode})")
    # The child's own VmHWM: ru_maxrss would count this process's pages it forked with.
    return usage.ru_utime + usage.ru_stime, int(said[2])


def against(rev: str, sizes: list[int], turns: int) -> None:
    """This tree against commit ``rev``: CPU and peak RSS per format, fewest of ``turns``."""
    from collector.builder import build_site

    work = Path(tempfile.mkdtemp(prefix="bench-export-"))
    try:
        output = work / "output"
        build_site(ROOT / "questionnaires", output)
        trees = {rev: unpack(rev, work), "this": ROOT}
        print(
            f"{'responses':>9} {'format':<9} {rev + ' cpu':>12} {'this cpu':>9} {'ratio':>6} "
            f"{rev + ' RSS':>12} {'this RSS':>9} {'ratio':>6}"
        )
        for size in sizes:
            data = work / f"data-{size}"
            write_store(output, data, size)
            for fmt in (REPORT, *FORMATS):
                best: dict[str, tuple[float, int]] = {}
                for _ in range(turns):
                    for name, code in trees.items():
                        target = work / f"out.{fmt}"
                        cpu, rss = run_outside(code, fmt, output, data, target)
                        target.unlink()
                        was = best.get(name, (cpu, rss))
                        best[name] = (min(was[0], cpu), min(was[1], rss))
                (c0, r0), (c1, r1) = best[rev], best["this"]
                print(
                    f"{size:>9} {fmt:<9} {c0:>11.2f}s {c1:>8.2f}s {c1 / c0:>5.2f}x "
                    f"{r0 / 1024:>10.1f}MB {r1 / 1024:>7.1f}MB {r1 / r0:>5.2f}x",
                    flush=True,
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(*sys.argv[2:6])
    else:
        import argparse

        parser = argparse.ArgumentParser(
            description="How fast, and in how much memory, the exports run against reading "
            "the same responses (see the module's docstring)."
        )
        parser.add_argument(
            "sizes", nargs="*", type=int, default=[10_000, 100_000], help="responses per run"
        )
        parser.add_argument(
            "--against", metavar="REV", help="compare with this git commit's collector"
        )
        parser.add_argument("--turns", type=int, default=2, help="runs per tree (--against)")
        options = parser.parse_args()
        if options.against:
            against(options.against, options.sizes, options.turns)
        else:
            main(options.sizes)
