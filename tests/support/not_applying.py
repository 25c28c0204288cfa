"""Following a collector's form through questions that do not apply."""

from __future__ import annotations

from pathlib import Path

SOURCE = """---
title: Follow-ups
language: en
slug: follow-en
privacy: Only HR reads the answers. Taking part is voluntary.
---

## Start {#start}

### How did your employment end? {#departure}
- type: single choice
- required: yes
- choices:
  - voluntary: I resigned
  - dismissed: My employer ended my employment

## Your decision {#decision}
show if: departure = voluntary

### Main reasons? {#reasons}
- type: multiple choice
- choices:
  - pay: Pay
  - better_offer: A better offer
- other: yes
- prefer not to say: yes

### Did you talk to your manager? {#talked}
- type: yes no
- required: yes

### Would you come back? {#come_back}
- type: single choice
- choices:
  - yes: Yes
  - no: No

### Was your notice period respected? {#notice_kept}
- type: single choice
- choices:
  - yes: Yes
  - no: No
- prefer not to say: yes

### Where are you going? {#sector}
- type: dropdown
- choices:
  - same: The same sector
  - elsewhere: Another sector

### How was the exit process? {#process}
- type: rating
- scale: quality

### Would you recommend us? {#recommend}
- type: recommend

### Looking back {#areas}
- type: statements
- scale: agreement
- statements:
  - terms: My terms were fair

### Weeks of notice {#notice}
- type: number
- min: 0
- max: 52

### Last day {#last_day}
- type: date

### First thought of leaving {#first_thought}
- type: date
- month only: yes

### In a word {#word}
- type: short text

### What would have made you stay? {#stay}
- type: long text

## End {#end}

### Looking back at the ending {#ending}
- type: statements
- scale: agreement
- show if: come_back = yes
- statements:
  - fair_end: The ending was fair

### Anything else? {#closing}
- type: long text
"""


def follow_collector(base: Path):
    """A collector over the follow-up questionnaire, built into ``base``."""
    from collector import create_app
    from collector.builder import build_site

    (base / "q").mkdir()
    (base / "q" / "follow-en.md").write_text(SOURCE, "utf-8")
    build_site(base / "q", base / "output")
    return create_app(
        {
            "TESTING": True,
            "OUTPUT_DIR": base / "output",
            "DATA_DIR": base / "data",
            "RATE_LIMIT": 1000,
        }
    )


def stored(app, closing: str) -> list[dict]:
    """The stored answers of the responses whose last answer is ``closing`` (without it)."""
    records = app.extensions["exit_survey"].store.responses("follow-en")
    answers = [dict(r["answers"]) for r in records if r["answers"].get("closing") == closing]
    return [{k: v for k, v in a.items() if k != "closing"} for a in answers]
