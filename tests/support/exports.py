"""A questionnaire to export, answers stored for it, and the exported files read back."""

from __future__ import annotations

import csv
import io
import time
import uuid
from pathlib import Path

import openpyxl

MONTH = time.strftime("%Y-%m", time.gmtime())


SURVEY_EN = """---
title: Test survey
language: en
slug: survey-en
translation: survey-nl.md
privacy: Only HR reads the answers; answering is voluntary.
---

## Leaving {#leaving}

### Why are you leaving? {#why}
- type: single choice
- choices:
  - pay: Pay
  - growth: Growth
- other: yes
- prefer not to say: yes

### What mattered? {#mattered}
- type: multiple choice
- choices:
  - pay: Pay
  - team: Team
  - hours: Hours
- other: yes
- prefer not to say: yes

### What would you change about pay? {#pay_change}
- type: short text
- show if: why = pay

### How many days of leave were left? {#days}
- type: number
- min: -20
- max: 100
- step: 0.5

### Anything else? {#closing}
- type: long text
- max length: 5000
"""


SURVEY_NL = """---
title: Testenquête
language: nl
slug: survey-nl
translation: survey-en.md
privacy: Alleen HR leest de antwoorden; meedoen is vrijwillig.
---

## Vertrek {#leaving}

### Waarom vertrek je? {#why}
- type: single choice
- choices:
  - pay: Salaris
  - growth: Groei
- other: yes
- prefer not to say: yes

### Wat was belangrijk? {#mattered}
- type: multiple choice
- choices:
  - pay: Salaris
  - team: Het team
  - hours: Werktijden
- other: yes
- prefer not to say: yes

### Wat zou je aan het salaris veranderen? {#pay_change}
- type: short text
- show if: why = pay

### Hoeveel verlofdagen had je nog over? {#days}
- type: number
- min: -20
- max: 100
- step: 0.5

### Verder nog iets? {#closing}
- type: long text
- max length: 5000
"""


def write_survey(folder: Path, en: str = SURVEY_EN, nl: str = SURVEY_NL) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "survey-en.md").write_text(en, encoding="utf-8")
    (folder / "survey-nl.md").write_text(nl, encoding="utf-8")


def submit(app, slug: str, data: dict) -> None:
    version = app.extensions["exit_survey"].forms.current(slug).version
    response = app.test_client().post(f"/submit/{slug}", data={**data, "_version": version})
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]


def run_export(app, tmp_path: Path, *args: str) -> tuple[Path, Path]:
    """Export to files; returns (data file, codebook file)."""
    fmt = args[args.index("--format") + 1] if "--format" in args else "csv"
    suffix = "xlsx" if fmt == "xlsx" else fmt
    out = tmp_path / f"out-{uuid.uuid4().hex}.{suffix}"
    book = tmp_path / f"book-{uuid.uuid4().hex}.{suffix}"
    result = app.test_cli_runner().invoke(
        args=["export", *args, "--output", str(out), "--codebook", str(book)]
    )
    assert result.exit_code == 0, result.output
    return out, book


def read_csv(path: Path, *, excel_nl: bool = False) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8-sig" if excel_nl else "utf-8")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";" if excel_nl else ",")
    header, *rows = list(reader)
    return [dict(zip(header, row, strict=True)) for row in rows]


def read_xlsx(path: Path, sheet: str = "Responses") -> list[dict]:
    book = openpyxl.load_workbook(path)
    rows = list(book[sheet].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def add(app, slug: str, answers: dict) -> None:
    """Store a response directly, as the store keeps it (no validation on the way)."""
    state = app.extensions["exit_survey"]
    form = state.forms.current(slug)
    record = {
        "form": slug,
        "version": form.version,
        "language": form.language,
        "date": MONTH,
        "answers": answers,
    }
    state.store.add(slug, record, submission_id=uuid.uuid4().hex, month=MONTH)
