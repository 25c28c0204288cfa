"""A question removed after it was reworded keeps its latest wording in exports and reports.

Round 14 found that the definition of a question only earlier versions had was taken from
whichever archived version's file name sorted first, not the latest one: an export's
codebook could give a question the wording HR had replaced before removing it.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from collector import create_app
from collector.builder import build_site
from collector.dataset import open_dataset

TEXT = """---
title: Leaving
language: en
slug: leave
privacy: Your answers are anonymous.
---

## Leaving {{#main}}

### How did it end? {{#ending}}
- type: single choice
- choices:
  - voluntary: I resigned
  - dismissed: My employer ended it
{extra}"""
STAY = "\n### {words} {{#stay}}\n- type: long text\n"


def test_a_removed_question_keeps_its_latest_wording(tmp_path: Path) -> None:
    source, output = tmp_path / "questionnaires", tmp_path / "output"
    source.mkdir()
    app = create_app({"TESTING": True, "OUTPUT_DIR": output, "DATA_DIR": tmp_path / "data"})
    registry = app.extensions["exit_survey"].forms
    wordings = {}
    for words in ("What would have made you stay?", "What could we have done to keep you?", ""):
        extra = STAY.format(words=words) if words else ""  # at last removed
        (source / "leave.md").write_text(TEXT.format(extra=extra), encoding="utf-8")
        assert build_site(source, output).forms
        wordings[registry.current("leave").version] = words  # seen, so archived
    archive = tmp_path / "data" / "forms" / "leave"
    current = registry.current("leave").version
    # Version names are hashes. Whatever their order, make the one whose name sorts first
    # the older of the two that had the question: its wording was replaced.
    older, newer = sorted(v for v in wordings if v != current)
    now = time.time()
    for version, age in ((older, 3), (newer, 2), (current, 1)):
        os.utime(archive / f"{version}.json", (now - age * 60, now - age * 60))
    dataset = open_dataset(registry, app.extensions["exit_survey"].store, "leave")
    [stay] = [q for q in dataset.questions() if q.id == "stay"]
    assert stay.text == wordings[newer]
    assert [f.version for f in registry.archived_versions("leave")] == [current, newer, older]
