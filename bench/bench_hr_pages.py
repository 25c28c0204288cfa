"""What the HR start page's counts and the report cost, first and again, at 100k responses.

Run as ``python bench/bench_hr_pages.py [--sizes 10000 100000] [--dir DIR]``. For each size
it writes that many responses as ``bench_report.py`` does, then in a fresh process, through
the HR area (a signed-in test client of the app, as a browser uses it):

* the start page (it counts every questionnaire's responses): first load, then again;
* the report, the same view: first, then again, then its download (the same counts);
* one more response stored by another collector on the same data folder (another gunicorn
  worker): the start page and the report again, which must count it (checked here).

Each line is CPU seconds of this process (a shared machine's load hardly moves them) and
the ratio of the repeat to the first load in the same run. The first load is what every
load cost before the counts were remembered (``collector/store_counts.py``,
``collector/report_cache.py``); after a change only the changed shard (start page) or one
pass (report) is paid again.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_report import generate, past_months  # noqa: E402

PASSWORD = "correct horse battery staple"


def measure(directory: Path) -> dict:
    """In this process: every page first and again; returns CPU seconds per step."""
    from collector import create_app

    config = {"OUTPUT_DIR": directory / "output", "DATA_DIR": directory / "data"}
    app = create_app({**config, "SECRET_KEY": "k" * 32})
    runner = app.test_cli_runner()
    runner.invoke(args=["set-password", "--password-stdin"], input=PASSWORD + "\n")
    browser = app.test_client()
    page = browser.get("/admin/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert csrf
    browser.post("/admin/login", data={"password": PASSWORD, "csrf_token": csrf.group(1)})
    out: dict = {}

    def timed(name: str, path: str) -> str:
        start = time.process_time()
        response = browser.get(path)
        out[name] = time.process_time() - start
        assert response.status_code == 200, (path, response.status_code)
        return response.get_data(as_text=True)

    def counts(page: str, pattern: str) -> int:
        found = re.search(pattern, page)
        assert found, page[:2000]
        return int(found.group(1).replace(",", ""))

    first = counts(timed("start", "/admin/"), r"<dd>([\d,]+)</dd>")
    timed("start again", "/admin/")
    before = counts(timed("report", "/admin/report/exit-en"), r"([\d,]+) responses")
    timed("report again", "/admin/report/exit-en")
    timed("report download", "/admin/report/exit-en/download")
    # Another worker stores one more response (a month of the dataset: counted by both).
    other = create_app({**config, "SECRET_KEY": "k" * 32}).extensions["exit_survey"].store
    other.add("exit-en", {"answers": {}}, submission_id="bench", month=past_months(1)[0])
    now = counts(timed("start after a submission", "/admin/"), r"<dd>([\d,]+)</dd>")
    after = counts(timed("report after a submission", "/admin/report/exit-en"), r"([\d,]+) resp")
    assert (now, after) == (first + 1, before + 1), (first, now, before, after)
    out["responses"] = first
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--dir", type=Path, help="where to write the datasets (default: temp)")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return 0
    base = args.dir or Path(tempfile.mkdtemp(prefix="bench-hr-"))
    steps = [
        ("start again", "start"),
        ("start after a submission", "start"),
        ("report again", "report"),
        ("report download", "report"),
        ("report after a submission", "report"),
    ]
    try:
        for size in args.sizes:
            directory = base / f"n{size}"
            if not (directory / "data").is_dir():
                generate(directory, size)
            done = subprocess.run(
                [sys.executable, __file__, "--measure", str(directory)],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            got = json.loads(done.stdout.strip().splitlines()[-1])
            print(f"{got['responses']:,} responses (CPU seconds of the worker)")
            print(f"  {'start page, first load':28} {got['start']:7.3f}s")
            print(f"  {'report, first view':28} {got['report']:7.3f}s")
            for name, baseline in steps:
                ratio = got[name] / got[baseline] if got[baseline] else 0.0
                print(f"  {name:28} {got[name]:7.3f}s  {ratio:5.2f}x of the first")
    finally:
        if args.dir is None:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
