"""The round 26 "Warehouse staff" survey, as a new HR author writes it from the guide in a
Git host's web editor (tests/test_author_docs_round26.py, test_author_typing_round26.py)."""

WAREHOUSE = """---
title: Exit survey for warehouse staff
language: en
slug: warehouse
privacy: |
  Your answers are anonymous. Only the HR team reads single answers. Taking part is
  voluntary: you can skip any question and stop at any time.
scales:
  safety:
    - Very unsafe
    - Unsafe
    - Safe
    - Very safe
---

## Your work {#your_work}

### Which shift did you mostly work? {#shift}
- type: single choice
- choices:
  - day: Day shift
  - night: Night shift
- other: Another schedule, namely

### How safe did you feel on the warehouse floor? {#floor_safety}
- type: rating
- scale: safety

## Night work {#night_work}
show if: shift = night

### What would make night shifts easier? {#night_easier}
- type: long text
- max length: 800
"""
CONDITION = "show if: shift = night"
