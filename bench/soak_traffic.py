"""The traffic of bench/soak_collector.py: leavers and an HR person, over plain HTTP, with
the latency of every request and what each leaver was told."""

from __future__ import annotations

import csv
import http.client
import io
import os
import random
import re
import subprocess
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

import soak_probes as probes

PASSWORD = "soak-test-password-1"
SLUGS = ("exit-en", "exit-nl")
VERSION = re.compile(r'name="_version" value="([^"]*)"')
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


class Run:
    """The server and what the clients saw of it."""

    def __init__(self, port: int, scratch: Path) -> None:
        self.port = port
        self.scratch = scratch
        self.data = scratch / "data"
        self.output = scratch / "output"
        self.log = scratch / "gunicorn.log"
        self.timings = probes.Timings()
        self.lock = threading.Lock()
        self.counts = {"sent": 0, "acked": 0, "refused": 0, "doubled": 0, "drafts": 0, "errors": 0}
        self.statuses: dict[str, int] = {}
        self.acked: set[str] = set()
        self.sent: set[str] = set()
        self.removed: set[str] = set()
        self.events: list[str] = []
        self.stop = threading.Event()
        self.process: subprocess.Popen | None = None
        self.env = {
            **os.environ,
            "COLLECTOR_DATA_DIR": str(self.data),
            "COLLECTOR_OUTPUT_DIR": str(self.output),
            "COLLECTOR_TRUSTED_PROXIES": "1",  # leavers come from many addresses, via "nginx"
            "TMPDIR": str(scratch / "tmp"),  # temp files the server leaves behind show here
        }

    def count(self, key: str, token: str | None = None, into: set[str] | None = None) -> None:
        with self.lock:
            self.counts[key] += 1
            if into is not None and token:
                into.add(token)

    def request(
        self, method: str, path: str, route: str, body: str = "", headers: dict | None = None
    ) -> tuple[int, dict[str, list[str]], bytes]:
        """One request on a new connection (gunicorn's sync workers close each)."""
        began = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            sent = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
            if body:
                sent["Content-Type"] = "application/x-www-form-urlencoded"
                sent["Origin"] = f"http://127.0.0.1:{self.port}"
            conn.request(method, path, body=body.encode() or None, headers=sent)
            response = conn.getresponse()
            data = response.read()
            with self.lock:
                key = f"{route} {response.status}"
                self.statuses[key] = self.statuses.get(key, 0) + 1
            found: dict[str, list[str]] = {}
            for name, value in response.getheaders():
                found.setdefault(name.lower(), []).append(value)
            return response.status, found, data
        finally:
            conn.close()
            self.timings.add(route, time.perf_counter() - began)


def answers(form: dict, token: str) -> dict[str, object]:
    """A plausible filled-in form, skipping what its conditions hide; the closing text
    carries ``token``."""
    conditions = {q["id"]: q["show_if"] for q in form["questions"]}
    for section in form["sections"]:
        for qid in section["question_ids"]:
            conditions[qid] = conditions[qid] or section["show_if"]
    filled: dict[str, object] = {}
    for q in form["questions"]:
        shown = conditions[q["id"]]
        if shown and not (
            shown["op"] == "equals" and _any_of(filled.get(shown["question"]), shown["values"])
        ):
            continue
        if not q["required"] and random.random() < 0.3:
            continue
        values = [c["value"] for c in q["choices"]]
        if q["type"] == "multiple_choice":
            filled[q["id"]] = random.sample(values, random.randint(1, 3))
        elif values:
            filled[q["id"]] = random.choice(values)
        else:
            filled[q["id"]] = "Meer ruimte om te groeien en een manager die luistert. " * 2
    filled["closing"] = f"Thanks for everything. {token}"
    return filled


def _any_of(given: object, values: list[str]) -> bool:
    given = given if isinstance(given, list) else [given]
    return any(v in values for v in given)


def leaver(run: Run, forms: dict[str, dict]) -> None:
    """One leaver: with or without the script, maybe a mistake first, maybe a double send."""
    slug = random.choice(SLUGS)
    address = f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"
    fwd = {"X-Forwarded-For": address}
    status, _, page = run.request("GET", f"/{slug}/", "GET form", headers=fwd)
    found = VERSION.search(page.decode())
    if status != 200 or not found:
        run.count("errors")
        return
    if random.random() < 0.15:  # opened, half filled in (a draft in the browser), gone
        run.request("GET", f"/submit/{slug}", "GET /submit", headers=fwd)
        run.count("drafts")
        return
    token = uuid.uuid4().hex
    script = random.random() < 0.6
    fields = {"_version": found.group(1), "_trap": "", **answers(forms[slug], token)}
    fields["_submission"] = (
        "-".join(str(random.getrandbits(32)) for _ in range(4)) if script else ""
    )
    run.count("sent", token, run.sent)
    if random.random() < 0.15:  # a mistake first: out of range, required left empty
        wrong = {**fields, "recommend": "11"}
        wrong.pop("departure", None)
        status, _, _ = post(run, slug, wrong, fwd)
        if status == 422:
            run.count("refused")
        else:
            run.count("errors")
    sends = 2 if random.random() < 0.1 else 1
    for attempt in range(sends):
        if attempt:
            run.count("doubled")
        for _retry in range(5):  # a restart cuts a post off: the leaver presses Send again
            try:
                status, _headers, _ = post(run, slug, fields, fwd)
            except OSError:
                time.sleep(1)
                continue
            if status == 303:
                run.count("acked", token, run.acked)
                if not script:
                    run.request("GET", f"/{slug}/thanks.html", "GET thanks", headers=fwd)
            elif status != 303:
                run.count("errors")
            break


def post(run: Run, slug: str, fields: dict, headers: dict) -> tuple[int, dict, bytes]:
    body = urllib.parse.urlencode(fields, doseq=True)
    return run.request("POST", f"/submit/{slug}", "POST /submit", body, headers)


class HR:
    """An HR person's browser: cookies kept, a fixed address."""

    def __init__(self, run: Run) -> None:
        self.run = run
        self.cookies: dict[str, str] = {}
        self.headers = {"X-Forwarded-For": "10.200.0.1"}

    def get(self, path: str, route: str) -> tuple[int, bytes]:
        status, headers, data = self.run.request("GET", path, route, headers=self._h())
        self._keep(headers)
        return status, data

    def post(self, path: str, route: str, fields: dict) -> tuple[int, bytes]:
        body = urllib.parse.urlencode(fields)
        status, headers, data = self.run.request("POST", path, route, body, self._h())
        self._keep(headers)
        return status, data

    def _h(self) -> dict[str, str]:
        jar = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return {**self.headers, **({"Cookie": jar} if jar else {})}

    def _keep(self, headers: dict[str, list[str]]) -> None:
        for line in headers.get("set-cookie", []):
            name, _, rest = line.partition("=")
            value = rest.split(";", 1)[0]
            if "Max-Age=0" in line or "expires=Thu, 01 Jan 1970" in line:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value

    def visit(self) -> None:
        """Sign in, look around, download, sometimes remove, sign out."""
        _, page = self.get("/admin/login", "GET login")
        token = dict(HIDDEN.findall(page.decode())).get("csrf_token", "")
        status, _ = self.post(
            "/admin/login", "POST login", {"csrf_token": token, "password": PASSWORD}
        )
        if status != 303:
            self.run.count("errors")
            return
        _, home = self.get("/admin/", "GET admin")
        csrf = dict(HIDDEN.findall(home.decode())).get("csrf_token", "")
        slug = random.choice(SLUGS)
        self.get(f"/admin/report/{slug}", "GET report")
        status, data = self.get(f"/admin/download/{slug}/csv", "GET csv")
        if random.random() < 0.5:
            self.get(f"/admin/download/{slug}/xlsx", "GET xlsx")
        if status == 200 and random.random() < 0.6:
            self.remove(data, csrf)
        self.post("/admin/logout", "POST logout", {"csrf_token": csrf})

    def remove(self, export: bytes, csrf: str) -> None:
        """Delete one response, or blank one of its answers, through the two-step page."""
        rows = [r for r in csv.DictReader(io.StringIO(export.decode("utf-8-sig")))]
        rows = [r for r in rows if r.get("closing", "").split()[-1:]]
        if not rows:
            return
        row = random.choice(rows)
        whole = random.random() < 0.5
        asked = {"csrf_token": csrf, "step": "check", "response_id": row["response_id"]}
        asked["question_id"] = "" if whole else "stay"
        status, page = self.post("/admin/remove", "POST remove", asked)
        confirm = dict(HIDDEN.findall(page.decode()))
        if status != 200 or "confirm" not in confirm:
            return  # e.g. no answer to 'stay' to blank
        status, _ = self.post("/admin/remove", "POST remove", {**confirm, "step": "remove"})
        if status in (200, 303) and whole:
            with self.run.lock:
                self.run.removed.add(row["closing"].split()[-1])
