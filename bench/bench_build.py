"""How the build time grows with the number of questionnaires: 1, 10 and 40 files.

Writes the generated questionnaires of ``tests/scale_questionnaires.py`` (short ones, one per
country/department pair, Dutch/English pairs among them) and the 60-question one into a
temporary folder, builds each set several times, and prints the median of each phase
(parse and check, render, compress, write) and the ratio of each set's total to building
one file. Then the rebuild that ``build.py --watch`` makes after HR saved one of the 40
files (only pages that changed are compressed again). Run as HR runs it, ``python build.py`` adds about 0.4 s of start-up (imports) to
every number. Nothing is asserted: the machine is shared and noisy.

Run: .venv/bin/python bench/bench_build.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from scale_questionnaires import write_long, write_many  # noqa: E402

from collector.builder import compile_forms, render_site, write_atomically  # noqa: E402
from collector.compress import forget, with_compressed_copies  # noqa: E402
from collector.render import PageRenderer  # noqa: E402

PHASES = ("parse", "render", "compress", "write")


def build_once(source: Path, output: Path, *, cold: bool = True) -> dict[str, float]:
    """The phases of builder.build_site, timed one by one (the ID lock is left out).
    ``cold``: as a fresh ``build.py``, without the previous build's compressed pages."""
    if cold:
        forget()
    times = {}
    start = time.perf_counter()
    forms, problems, _ = compile_forms(source)
    if problems.errors:
        raise SystemExit(f"{source}: {problems.errors[0]}")
    times["parse"] = time.perf_counter() - start
    start = time.perf_counter()
    files = render_site(forms, PageRenderer())
    times["render"] = time.perf_counter() - start
    start = time.perf_counter()
    files = with_compressed_copies(files)
    times["compress"] = time.perf_counter() - start
    start = time.perf_counter()
    write_atomically(output, files)
    times["write"] = time.perf_counter() - start
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="builds per set (median shown)")
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        base = Path(tmp)
        sets = {}
        for count in (1, 10, 40):
            write_many(base / f"many-{count}", count)
            sets[f"{count} short"] = base / f"many-{count}"
        write_long(base / "long")
        sets["1 long (60 q)"] = base / "long"
        results: dict[str, dict[str, list[float]]] = {}
        edited = sorted((base / "many-40").glob("*.md"))[0]
        for run in range(runs):  # interleaved: a slow moment of the machine hits every set
            for name, source in sets.items():
                times = build_once(source, base / "out" / name.replace(" ", "-"))
                for phase, seconds in times.items():
                    results.setdefault(name, {}).setdefault(phase, []).append(seconds)
            # --watch: the 40 were just built by this process; HR saves one file.
            build_once(base / "many-40", base / "out" / "many-40")
            text = edited.read_text(encoding="utf-8")
            edited.write_text(text.replace("title: ", f"title: Edit {run} ", 1), encoding="utf-8")
            times = build_once(base / "many-40", base / "out" / "many-40", cold=False)
            for phase, seconds in times.items():
                results.setdefault("40, 1 edited", {}).setdefault(phase, []).append(seconds)
        medians = {
            name: {phase: statistics.median(values) for phase, values in phases.items()}
            for name, phases in results.items()
        }
        baseline = sum(medians["1 short"].values())
        print(f"{'set':<15}" + "".join(f"{p:>10}" for p in PHASES) + f"{'total':>10}{'ratio':>8}")
        for name, phases in medians.items():
            total = sum(phases.values())
            print(
                f"{name:<15}"
                + "".join(f"{phases[p] * 1000:>8.0f}ms" for p in PHASES)
                + f"{total * 1000:>8.0f}ms{total / baseline:>7.1f}x"
            )
        print(f"(median of {runs} builds; ratio: total against building 1 short questionnaire)")


if __name__ == "__main__":
    main()
