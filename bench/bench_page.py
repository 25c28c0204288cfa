"""How much the themed form page costs compared with a bare hand-written HTML form.

Builds the example questionnaire with the real theme, writes a plain page with the same
questions beside it (labels and native inputs, no CSS or JavaScript), and the same survey as a page of each of three peer libraries,
SurveyJS, Form.io and JSON Editor, with their default themes and self-hosted copies of
their files (bench/peers/: pinned in its package-lock.json, installed with npm ci when
missing). Serves all of them gzipped from 127.0.0.1 and loads each in headless Chromium
with a cold cache, interleaved. Prints medians of several runs and each page's ratio to
the plain page (the median of the ratios within each round, so that a slow moment
of the machine hits both pages alike):

* bytes: gzipped transfer of HTML + CSS + JS (goal <= 1.3x; budget 10 KiB in total)
* requests (budget 3)
* time to ready: DOMContentLoaded and load (goal <= 1.1x)
* main-thread blocking: sum of long-task time over 50 ms, CPU throttled 4x

Run: .venv/bin/python bench/bench_page.py [--runs 7] [--network local|slow4g|both]
[--no-peers]
"""

from __future__ import annotations

import argparse
import gzip
import html
import re
import shutil
import statistics
import sys
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.peers.peer_pages import peer_versions, write_peer_pages  # noqa: E402
from collector import model  # noqa: E402
from collector.builder import build_site  # noqa: E402
from collector.model import Form, form_from_json  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Chrome DevTools' "Slow 4G" preset (what a leaver on a train might have).
SLOW_4G = {"latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}
LONG_TASKS = """
window.__longTasks = [];
new PerformanceObserver(list => list.getEntries().forEach(e => __longTasks.push(e.duration)))
  .observe({type: 'longtask', buffered: true});
"""
MEASURE = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const res = performance.getEntriesByType('resource').filter(r => !r.name.includes('favicon'));
  return {
    bytes: nav.encodedBodySize + res.reduce((s, r) => s + r.encodedBodySize, 0),
    requests: 1 + res.length,
    dcl: nav.domContentLoadedEventEnd,
    load: nav.loadEventEnd,
    blocking: (window.__longTasks || []).reduce((s, d) => s + Math.max(0, d - 50), 0),
  };
}"""


def choose_form(work: Path) -> tuple[Form, Path]:
    """The example questionnaires built with the real builder, and the English form."""
    site = work / "site"
    source = work / "questionnaires"  # a copy: the builder may update the ID lock file
    shutil.copytree(ROOT / "questionnaires", source)
    build_site(source, site)
    forms = [form_from_json(p.read_text("utf-8")) for p in sorted(site.glob("*/form.json"))]
    return next((f for f in forms if f.language == "en"), forms[0]), site


def plain_page(form: Form) -> str:
    """What a careful person would write by hand: the same text (intros, questions, hints,
    "(optional)" markers), native controls with labels; no styling, no script, no condition
    notes, no translation link."""
    e = html.escape
    out = [
        f'<!doctype html><html lang="{form.language}"><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(form.title)}</title><h1>{e(form.title)}</h1>{form.intro_html}",
        f'{form.privacy_html}<form method="post" action="/submit/{form.slug}">',
        f'<input type="hidden" name="_version" value="{form.version}">',
    ]
    for section in form.sections:
        out.append(f"<h2>{e(section.title)}</h2>{section.intro_html}")
        group = None
        for q in form.questions_in(section):
            if q.group and q.group != group:  # statements under one shared question
                out.append(f"<h3>{e(q.group_text or '')}</h3>")
            group = q.group
            text = e(q.text) + ("" if q.required else " (optional)")
            hint = f"<br><small>{e(q.hint)}</small>" if q.hint else ""
            choices = [(c.value, c.label) for c in q.choices]
            if q.other_label is not None:
                choices.append((model.OTHER_VALUE, q.other_label))
            if q.prefer_not_to_say is not None:
                choices.append((model.PREFER_NOT_TO_SAY, q.prefer_not_to_say))
            if q.type == model.DROPDOWN:
                out.append(f'<p><label for="{q.id}">{text}</label>{hint}<br>')
                out.append(f'<select id="{q.id}" name="{q.id}"><option value=""></option>')
                out += [f'<option value="{v}">{e(label)}</option>' for v, label in choices]
                out.append("</select></p>")
            elif q.type in model.CHOICE_TYPES:
                kind = "checkbox" if q.type == model.MULTIPLE_CHOICE else "radio"
                out.append(f"<fieldset><legend>{text}</legend>{hint}<br>")
                for n, (v, label) in enumerate(choices, start=1):
                    out.append(
                        f'<input type="{kind}" id="{q.id}-{n}" name="{q.id}" value="{v}">'
                        f'<label for="{q.id}-{n}">{e(label)}</label><br>'
                    )
                if q.other_label is not None:
                    out.append(f'<input name="{q.id}__other" aria-label="{e(q.other_label)}">')
                out.append("</fieldset>")
            else:
                out.append(f'<p><label for="{q.id}">{text}</label>{hint}<br>')
                if q.type == model.LONG_TEXT:
                    out.append(f'<textarea id="{q.id}" name="{q.id}" rows="5"></textarea></p>')
                else:
                    kind = {model.NUMBER: "number", model.DATE: "date"}.get(q.type, "text")
                    kind = "month" if q.month_only else kind
                    out.append(f'<input type="{kind}" id="{q.id}" name="{q.id}"></p>')
    out.append("<button>Send</button></form>")
    return "\n".join(out)


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files, gzipped like any production server would send them; no caching."""

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        path = Path(self.translate_path(self.path.split("?")[0]))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return
        body = gzip.compress(path.read_bytes(), 9)
        kind = {".html": "text/html", ".css": "text/css", ".js": "text/javascript"}
        self.send_response(200)
        self.send_header("Content-Type", kind.get(path.suffix, "application/octet-stream"))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


class Probe:
    """One page in its own context, CPU throttled 4x, reloaded with the cache disabled."""

    def __init__(self, browser, url: str, network: str) -> None:
        self.url = url
        self.context = browser.new_context(viewport={"width": 412, "height": 900})
        self.page = self.context.new_page()
        self.page.add_init_script(LONG_TASKS)
        cdp = self.context.new_cdp_session(self.page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        if network == "slow4g":
            cdp.send("Network.emulateNetworkConditions", {"offline": False, **SLOW_4G})

    def measure(self) -> dict:
        self.page.goto(self.url, wait_until="load")
        self.page.wait_for_timeout(200)  # let late long tasks report
        result = self.page.evaluate(MEASURE)
        # Leave the page, so its timers and idle work don't slow the next page's run.
        self.page.goto("about:blank")
        return result

    def close(self) -> None:
        self.context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=21, help="runs per page (median is shown)")
    parser.add_argument("--network", choices=("local", "slow4g", "both"), default="both")
    parser.add_argument(
        "--no-peers", action="store_true", help="skip the SurveyJS, Form.io and JSON Editor pages"
    )
    options = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        form, site = choose_form(work)
        (site / "plain").mkdir()
        (site / "plain" / "index.html").write_text(plain_page(form), encoding="utf-8")
        page = (site / form.slug / "index.html").read_bytes()
        sizes = {"HTML": page}  # CSS and script are inside it
        print(f"form: {form.slug} ({len(form.questions)} questions)")
        peers = {} if options.no_peers else write_peer_pages(form, site)
        if peers:
            print("peers: " + "; ".join(f"{k} ({v})" for k, v in peer_versions().items()))
        gz = {k: len(gzip.compress(v, 9)) for k, v in sizes.items()}
        plain_gz = len(gzip.compress((site / "plain" / "index.html").read_bytes(), 9))
        print(
            "gzipped: "
            + ", ".join(f"{k} {v} B" for k, v in gz.items())
            + f"; total {sum(gz.values())} B (budget 10240); plain page {plain_gz} B"
        )
        # What the inline parts add to the page, gzipped along with the rest of it.
        for tag in ("style", "script"):
            without = re.sub(rf"<{tag}>.*?</{tag}>".encode(), b"", page, flags=re.S)
            added = gz["HTML"] - len(gzip.compress(without, 9))
            if added > 0:
                print(f"  of which inline <{tag}>: {added} B")
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(GzipHandler, directory=str(site)))
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        base = f"http://127.0.0.1:{httpd.server_address[1]}/"
        networks = ("local", "slow4g") if options.network == "both" else (options.network,)
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                for network in networks:
                    report(browser, base, form, network, options.runs, peers)
                browser.close()
        finally:
            httpd.shutdown()
            httpd.server_close()


def report(
    browser, base: str, form: Form, network: str, runs: int, peers: dict[str, str] | None = None
) -> None:
    """One table: plain, themed, then each peer page, each after the first with its ratio."""
    urls = {"plain": f"{base}plain/", "themed": f"{base}{form.slug}/"}
    urls |= {name: base + path for name, path in (peers or {}).items()}
    probes = {name: Probe(browser, url, network) for name, url in urls.items()}
    for probe in probes.values():
        probe.measure()  # warm up: process, fonts, connection pool
    results: dict[str, list[dict]] = {name: [] for name in urls}
    names = list(probes)
    for round_ in range(runs):
        # Interleaved, so drift hits all alike; the order turns each round, so no page
        # always runs right after the heaviest one.
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            results[name].append(probes[name].measure())
    for probe in probes.values():
        probe.close()
    medians = {
        name: {key: statistics.median(r[key] for r in rows) for key in rows[0]}
        for name, rows in results.items()
    }
    print(f"\nnetwork: {network}, CPU 4x slower, cold cache, median of {runs} runs")
    widths = {name: max(10, len(name) + 2) for name in urls}
    others = [name for name in urls if name != "plain"]
    print(
        f"{'':24}{'plain':>10}" + "".join(f"{name:>{widths[name]}}{'ratio':>8}" for name in others)
    )
    labels = {
        "bytes": "bytes (gzipped)",
        "requests": "requests",
        "dcl": "DOMContentLoaded (ms)",
        "load": "load (ms)",
        "blocking": "blocking time (ms)",
    }
    spreads = []
    for key, label in labels.items():
        plain = medians["plain"][key]
        row = f"{label:24}{plain:>10.0f}"
        for name in others:
            value = medians[name][key]
            pairs = paired_ratios(results[name], results["plain"], key)
            ratio = f"{statistics.median(pairs):.2f}x" if pairs and plain else "-"
            row += f"{value:>{widths[name]}.0f}{ratio:>8}"
            if key in ("dcl", "load") and len(pairs) >= 4:
                low, _, high = statistics.quantiles(pairs, n=4)
                spreads.append(f"{name} {key} {low:.2f}-{high:.2f}x")
        print(row)
    # How far single rounds stray: a goal closer to 1.0x than this spread can't be told apart
    # from noise with this many runs.
    print("middle half of the rounds' time ratios: " + "; ".join(spreads))


def paired_ratios(mine: list[dict], plain: list[dict], key: str) -> list[float]:
    """The ratio within each round: both pages ran back to back, so the machine's slow
    moments mostly cancel out."""
    return [m[key] / p[key] for m, p in zip(mine, plain, strict=True) if p[key]]


if __name__ == "__main__":
    main()
