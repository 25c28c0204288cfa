"""Save the report's pages for several datasets, or check that they are still byte-identical.

A speed change to the report must not change one byte of what it shows. The page has two
random parts (the order the store reads responses in, and the sample of comments), so this
runs every report with ``os.urandom`` replaced by a fixed stream and ``PYTHONHASHSEED=0``,
in a fresh process per dataset, each view counted afresh (``report_cache.forget``):

    python bench/report_golden.py make DIR            # datasets under DIR/data
    python bench/report_golden.py save DIR            # pages under DIR/pages
    python bench/report_golden.py check DIR           # the same pages, byte for byte?

The datasets: ``bench_report.py``'s plausible responses (40, 10k and 100k; ``--small`` leaves
100k out), and 10k with a shard of odd records added (values of every JSON type in every
field, an unknown version, typed "prefer not to say", no answers at all). The views: the
English and the Dutch version, a breakdown, a split, a raised *k*, rule 8's steps, the HR
area's page (picker, linked stylesheet) and the download.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = {"n40": 40, "n10000": 10_000, "n100000": 100_000}
#: (name, slug, breakdown, split_by, k, steps, HR page)
VIEWS = [
    ("en", "exit-en", None, None, 5, False, False),
    ("en-department", "exit-en", "department", None, 5, False, False),
    ("en-split-tenure", "exit-en", "tenure", "tenure", 5, False, False),
    ("nl-come-back", "exit-nl", "come_back", None, 5, False, False),
    ("nl-k40", "exit-nl", "department", None, 40, False, False),
    ("en-k400-steps", "exit-en", "department", None, 400, True, False),
    ("en-steps", "exit-en", None, None, 5, True, False),
    ("hr-en-department", "exit-en", "department", None, 5, False, True),
    ("hr-nl-split", "exit-nl", "tenure", "departure", 8, False, True),
]
ODD_VALUES = [
    None, True, False, 0, 1, -3, 2.5, 1e308, "", " ", "\t", "3", "4", "10", "yes",
    "prefer_not_to_say", "voluntary", "it", "pay", "other", "2020-01", "2020-01-31",
    "2020-13-99", "nan", "inf", "1e999", ["pay"], ["pay", "growth"], ["prefer_not_to_say"],
    ["pay", 3, None], [], ["nope"], {"a": 1}, "Ik ga weer studeren.", 12345678901234567890123,
]  # fmt: skip


def _fixed_urandom() -> None:
    """Make ``os.urandom`` a fixed stream, restarted by calling this again."""
    state = {"n": 0}

    def urandom(size: int) -> bytes:
        out = b""
        while len(out) < size:
            state["n"] += 1
            out += hashlib.sha256(b"report-golden-%d" % state["n"]).digest()
        return out[:size]

    os.urandom = urandom


def make(base: Path, small: bool) -> None:
    """Write the datasets under ``base``/data (the odd one: 10k plus odd records)."""
    from bench.bench_report import generate

    sizes = {n: s for n, s in SIZES.items() if not (small and s > 10_000)}
    for name, size in sizes.items():
        generate(base / "data" / name, size)
        print(f"wrote {name}", flush=True)
    odd = base / "data" / "odd"
    generate(odd, 10_000, seed=2)
    _add_odd(odd)
    print("wrote odd", flush=True)


def _add_odd(directory: Path) -> None:
    """Records with every kind of value in every answer field, in a closed month."""
    import random

    from collector.store_format import encode_response, trailer

    form = json.loads((directory / "output" / "exit-en" / "form.json").read_text())
    fields = [q["id"] for q in form["questions"]]
    fields += ["reasons__other", "not_a_question"]
    rng = random.Random(7)
    versions = [form["version"], "0" * 12, ""]
    lines = []
    for i in range(3000):
        answers = {f: rng.choice(ODD_VALUES) for f in fields if rng.random() < 0.7}
        record: dict = {"form": "exit-en", "language": rng.choice(["en", "nl", "xx"])}
        if i % 50:
            record["answers"] = answers if i % 97 else None
        if i % 41:
            record["date"] = rng.choice(["2025-03", "2025-03", "2025-Q2", "2025", "x"])
        if i % 37:
            record["version"] = rng.choice(versions)
        lines.append(encode_response(record, f"{i:032x}", None))
    path = directory / "data" / "responses" / "exit-en" / "2025-03.jsonl"
    old = path.read_bytes().rsplit(b"\n", 2)[0] + b"\n" if path.exists() else b""
    count = old.count(b"\n") + len(lines)
    path.write_bytes(old + b"".join(lines) + trailer(count))
    os.chmod(path, 0o600)


def pages(directory: Path, today: dt.date) -> dict[str, str]:
    """Every view's page for one dataset (run in a process of its own)."""
    from collector import create_app, report_cache
    from collector.report import build_page

    app = create_app({"OUTPUT_DIR": directory / "output", "DATA_DIR": directory / "data"})
    out = {}
    for name, slug, part, split, k, steps, hr in VIEWS:
        report_cache.forget()
        _fixed_urandom()
        with app.test_request_context(f"/admin/report/{slug}"):
            out[name] = build_page(
                app, slug, breakdown=part, split_by=split, k=k, kt=max(10, k),
                inline_css=not hr, notices=[] if hr else None, today=today, steps=steps,
            )  # fmt: skip
    return out


def _run_one(base: Path, name: str, today: dt.date) -> dict[str, str]:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    args = [sys.executable, __file__, "one", str(base / "data" / name), today.isoformat()]
    done = subprocess.run(args, capture_output=True, text=True, env=env, check=True)
    return json.loads(done.stdout)


def save_or_check(base: Path, check: bool) -> int:
    manifest = base / "pages" / "today.txt"
    if check:
        today = dt.date.fromisoformat(manifest.read_text().strip())
    else:
        today = dt.datetime.now(dt.UTC).date()  # the clock answers are dated by
        manifest.parent.mkdir(parents=True, exist_ok=True)
        manifest.write_text(today.isoformat())
    bad = 0
    for data in sorted((base / "data").iterdir()):
        for view, html in _run_one(base, data.name, today).items():
            path = base / "pages" / f"{data.name}-{view}.html"
            if not check:
                path.write_text(html)
                continue
            same = path.read_text() == html
            bad += not same
            print(f"{'same' if same else 'DIFFERENT'} {path.name}", flush=True)
            if not same:
                path.with_suffix(".now.html").write_text(html)
    print(f"{'checked' if check else 'saved'} under {base / 'pages'}: {bad} different")
    return 1 if bad else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=["make", "save", "check", "one"])
    parser.add_argument("dir", type=Path)
    parser.add_argument("today", nargs="?", help=argparse.SUPPRESS)
    parser.add_argument("--small", action="store_true", help="make: leave out 100k")
    args = parser.parse_args()
    if args.action == "make":
        make(args.dir, args.small)
        return 0
    if args.action == "one":
        _fixed_urandom()
        print(json.dumps(pages(args.dir, dt.date.fromisoformat(args.today))))
        return 0
    return save_or_check(args.dir, args.action == "check")


if __name__ == "__main__":
    sys.exit(main())
