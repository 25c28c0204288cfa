"""Measure the report over 10k and 100k responses against a read-only baseline.

Run as ``python bench/bench_report.py [--sizes 10000 100000] [--dir DIR]``. For each size
it builds the example questionnaires, writes that many plausible responses straight into
the store's shard files (the on-disk format of ``collector/store_format.py``: closed,
shuffled months, as the store leaves them), then in a fresh process measures:

(a) the report: ``collector.report.build_page`` for the English version with a breakdown
    by department (so every kind of group is counted), wall time and peak RSS growth;
(b) the baseline, afterwards: streaming every stored document (what any reader pays);
(c) the same report under tracemalloc: peak Python allocation, which must not grow with
    the number of responses (the report keeps counters and at most 200 texts per field).

Goal: (a) at most 3 s at 100k. ``--generate DIR --size N`` only writes a dataset (used to
look at the report with realistic data: ``COLLECTOR_DATA_DIR=DIR/data
COLLECTOR_OUTPUT_DIR=DIR/output flask --app collector report exit-en -o report.html``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from collector.store_format import encode_response, trailer  # noqa: E402

BUDGET_SECONDS = 3.0
SLUGS = {"en": "exit-en", "nl": "exit-nl"}

TEXTS = {
    "en": {
        "stay": [
            "A clear path to a senior role.",
            "Pay in line with the market.",
            "More flexibility to work from home.",
            "A manager who listens.",
            "Less overtime in the busy season.",
        ],
        "improve": [
            "Fewer meetings, clearer priorities.",
            "Proper onboarding for new colleagues.",
            "Share decisions earlier with the teams.",
            "Invest in tools that work.",
        ],
        "went_well": ["Great colleagues.", "I learned a lot.", "Good team spirit."],
        "other": ["Moving abroad.", "Going back to study."],
    },
    "nl": {
        "stay": [
            "Een duidelijk groeipad.",
            "Een marktconform salaris.",
            "Meer thuiswerken.",
            "Een leidinggevende die luistert.",
        ],
        "improve": [
            "Minder vergaderen.",
            "Betere inwerkperiode.",
            "Eerder communiceren over besluiten.",
        ],
        "went_well": ["Fijne collega's.", "Veel geleerd.", "Goede sfeer in het team."],
        "other": ["Ik verhuis naar het buitenland.", "Ik ga weer studeren."],
    },
}
REASONS = {
    "pay": 0.45,
    "growth": 0.40,
    "manager": 0.28,
    "workload": 0.27,
    "better_offer": 0.25,
    "hours": 0.15,
    "colleagues": 0.12,
    "work_content": 0.12,
    "personal": 0.10,
    "location": 0.07,
}
DEPARTMENTS = {
    "customer_service": 22,
    "finance": 8,
    "hr": 2,
    "it": 15,
    "logistics": 18,
    "marketing": 5,
    "production": 20,
    "sales": 9,
    "elsewhere": 1,
    "prefer_not_to_say": 4,
}
AREAS = {"conditions": 0.6, "work_itself": 0.2, "relationships": 0.5, "terms": -0.5}


def past_months(count: int) -> list[str]:
    """The ``count`` months before last month: closed, so the store never reshuffles them."""
    today = dt.date.today()
    year, month = today.year, today.month - 2
    out = []
    for _ in range(count):
        if month < 1:
            year, month = year - 1, month + 12
        out.append(f"{year:04d}-{month:02d}")
        month -= 1
    return out[::-1]


def scale(rng: random.Random, mood: float, shift: float, points: int = 5) -> str:
    """A rating from 1 to ``points`` around the person's mood."""
    value = round((points + 1) / 2 + mood + shift + rng.gauss(0, 0.9))
    return str(max(1, min(points, value)))


def response(rng: random.Random, language: str, index: float) -> dict:
    """One plausible set of answers (conditions respected: reasons only for voluntary...)."""
    texts = TEXTS[language]
    departure = rng.choices(
        ["voluntary", "dismissed", "contract_end", "retirement", "prefer_not_to_say"],
        [62, 14, 14, 5, 5],
    )[0]
    mood = rng.gauss(0, 0.7) + 0.4 * index - (0.3 if departure == "dismissed" else 0)
    department = rng.choices(list(DEPARTMENTS), list(DEPARTMENTS.values()))[0]
    if department == "logistics":
        mood -= 0.4
    answers: dict = {"departure": departure}
    if departure == "voluntary":
        reasons = [r for r, p in REASONS.items() if rng.random() < p] or ["pay"]
        if rng.random() < 0.05:
            reasons.append("other")
            answers["reasons__other"] = rng.choice(texts["other"])
        answers["reasons"] = reasons
        if rng.random() < 0.5:
            answers["stay"] = rng.choice(texts["stay"])
    elif departure == "dismissed":
        answers["practices"] = rng.choice(["yes_clearly", "partly", "no", "unsure"])
    for area, shift in AREAS.items():
        if rng.random() < 0.95:
            answers[area] = scale(rng, mood, shift)
    answers["manager"] = "prefer_not_to_say" if rng.random() < 0.05 else scale(rng, mood, 0.1)
    answers["culture"] = scale(rng, mood, 0)
    for name in ("went_well", "improve"):
        if rng.random() < 0.4:
            answers[name] = rng.choice(texts[name])
    answers["come_back"] = rng.choices(["yes", "maybe", "no"], [3 + mood * 2, 4, 3 - mood])[0]
    answers["recommend"] = str(max(0, min(10, round(6.5 + 2 * mood + rng.gauss(0, 1.5)))))
    answers["department"] = department
    answers["tenure"] = rng.choices(
        ["under_1", "y1_2", "y3_5", "y6_10", "over_10", "prefer_not_to_say"], [20, 25, 27, 15, 9, 4]
    )[0]
    return answers


def generate(directory: Path, size: int, seed: int = 1) -> Path:
    """Build the examples into ``directory``/output and write ``size`` responses."""
    from collector.builder import build_site

    output, data = directory / "output", directory / "data"
    shutil.rmtree(output, ignore_errors=True)
    shutil.rmtree(data, ignore_errors=True)
    source = directory / "questionnaires"
    shutil.rmtree(source, ignore_errors=True)
    shutil.copytree(ROOT / "questionnaires", source)
    build_site(source, output)
    versions = {
        lang: json.loads((output / slug / "form.json").read_text())["version"]
        for lang, slug in SLUGS.items()
    }
    rng = random.Random(seed)
    months = past_months(24)
    files: dict[tuple[str, str], object] = {}
    counts: dict[tuple[str, str], int] = {}
    for slug in SLUGS.values():
        (data / "responses" / slug).mkdir(parents=True, mode=0o700)
    for _ in range(size):
        language = "nl" if rng.random() < 0.6 else "en"
        index = rng.randrange(len(months))
        month = months[index]
        record = {
            "form": SLUGS[language],
            "version": versions[language],
            "language": language,
            "date": month,
            "answers": response(rng, language, index / len(months)),
        }
        key = (SLUGS[language], month)
        if key not in files:
            path = data / "responses" / key[0] / f"{month}.jsonl"
            files[key] = open(path, "wb", buffering=1 << 20)  # noqa: SIM115 - closed below
            counts[key] = 0
        files[key].write(encode_response(record, uuid.uuid4().hex, None))  # type: ignore[attr-defined]
        counts[key] += 1
    for key, handle in files.items():
        handle.write(trailer(counts[key]))  # type: ignore[attr-defined]
        handle.close()  # type: ignore[attr-defined]
        os.chmod(data / "responses" / key[0] / f"{key[1]}.jsonl", 0o600)
    return directory


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited over exec)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(directory: Path, traced: bool) -> dict:
    """In this process: the report, then the baseline read; returns the numbers."""
    from collector import create_app
    from collector.report import build_page

    app = create_app({"OUTPUT_DIR": directory / "output", "DATA_DIR": directory / "data"})
    store = app.extensions["exit_survey"].store
    if traced:
        import tracemalloc

        tracemalloc.start()
    rss_before = peak_rss_mb()
    start = time.perf_counter()
    html = build_page(
        app, "exit-en", breakdown="department", split_by=None, k=5, kt=10, inline_css=True
    )
    seconds = time.perf_counter() - start
    rss_growth, rss_peak = peak_rss_mb() - rss_before, peak_rss_mb()
    if traced:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    start = time.perf_counter()  # the baseline after the report: its memory is not counted
    count = sum(1 for slug in SLUGS.values() for _ in store.responses(slug))
    baseline = time.perf_counter() - start
    result = {
        "count": count,
        "baseline": baseline,
        "seconds": seconds,
        "rss_growth_mb": rss_growth,
        "rss_peak_mb": rss_peak,
        "html_kb": len(html.encode()) / 1024,
    }
    if traced:
        result["traced_peak_mb"] = peak / 2**20
    return result


def run_child(directory: Path, traced: bool) -> dict:
    args = [sys.executable, __file__, "--measure", str(directory)] + (
        ["--traced"] if traced else []
    )
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument(
        "--dir", type=Path, help="where to write the datasets (default: a temp dir)"
    )
    parser.add_argument("--generate", type=Path, help="only write a dataset here, then stop")
    parser.add_argument("--size", type=int, default=1000, help="responses for --generate")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.traced)))
        return 0
    if args.generate:
        generate(args.generate, args.size)
        print(f"wrote {args.size} responses under {args.generate}/data")
        return 0
    base = args.dir or Path(tempfile.mkdtemp(prefix="bench-report-"))
    ok = True
    try:
        print(f"{'responses':>10} {'generate':>9} {'baseline':>9} {'report':>8} {'ratio':>6} "
              f"{'RSS+':>8} {'RSS max':>8} {'py peak':>8} {'page':>8}")  # fmt: skip
        for size in args.sizes:
            directory = base / f"n{size}"
            start = time.perf_counter()
            generate(directory, size)
            made = time.perf_counter() - start
            plain = run_child(directory, traced=False)
            traced = run_child(directory, traced=True)
            print(
                f"{plain['count']:>10} {made:>8.2f}s {plain['baseline']:>8.2f}s "
                f"{plain['seconds']:>7.2f}s {plain['seconds'] / plain['baseline']:>5.2f}x "
                f"{plain['rss_growth_mb']:>6.1f}MB {plain['rss_peak_mb']:>6.1f}MB "
                f"{traced['traced_peak_mb']:>6.1f}MB "
                f"{plain['html_kb']:>6.0f}KB"
            )
            if size >= 100_000 and plain["seconds"] > BUDGET_SECONDS:
                ok = False
        print(f"goal: report <= {BUDGET_SECONDS:.0f} s at 100k: {'met' if ok else 'NOT met'}")
    finally:
        if args.dir is None:
            shutil.rmtree(base, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
