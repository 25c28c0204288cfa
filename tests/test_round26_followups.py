"""Round 26 follow-ups, from the round's review.

1. A texts file written before this round has no ``conditions.quote``: the build warned
   that it lacked it, so ``build.py --strict`` (a CI build) failed on a site that had built
   the day before. The English marks “…” read well enough: a text without a word that a
   release adds is a note now, which --strict does not stop at. A missing text with words
   is still a warning, and an error under --strict.
2. The advice for a note after a yes or no (``closed: yes # until March``: delete the note)
   was given to text settings too: ``- hint: No # of days matters here`` was told to delete
   '# of days matters here' and keep ``- hint: No``, losing the hint's text. It is for the
   yes/no settings only; a text gets the usual "put the whole text in double quotes".
3. A gunicorn worker counted as one of the server's first workers (which take the folder
   as it is, a new store if need be) when its age was at most the number of workers. A
   ``kill -HUP`` that reloads a configuration with more workers (2 -> 4) gives the new
   workers ages 3 to 6, so 3 and 4 counted as first: with the folder away at that moment
   they made a new, empty store at its path and took answers there.
"""

from __future__ import annotations

import os
import re
import signal
import uuid
from pathlib import Path

import pytest
from questionnaire_helpers import build, compile_text, without_words
from support.third_language import copy_questionnaires, fixture_text

from collector.store import ResponseStore
from collector.yaml_source import YES_NO_SETTINGS
from tests.support.gunicorn import (
    free_port,
    request,
    start_gunicorn,
    stop,
    submit,
    wait_for_loaded,
    write_config,
)

ROOT = Path(__file__).resolve().parent.parent
NOTE = (
    "note: 'conditions' lacks the text 'quote': the page uses the English marks there "
    "(copy it from docs/texts-en.yml and put your language's quotation marks in it)"
)


def test_a_texts_file_from_before_quote_still_builds_with_strict(project: Path) -> None:
    texts = without_words(fixture_text("texts-de.yml"), ("quote",))
    copy_questionnaires(project / "questionnaires", texts={"texts-de.yml": texts})
    code, output = build("--strict")
    assert code == 0, output
    assert NOTE in output, output
    assert "warning" not in output, output


def test_a_missing_text_with_words_still_stops_a_strict_build(project: Path) -> None:
    """Beside the note, which is listed but not counted as a problem."""
    texts = without_words(fixture_text("texts-de.yml"), ("quote", "send"))
    copy_questionnaires(project / "questionnaires", texts={"texts-de.yml": texts})
    code, output = build("--strict")
    assert code == 1, output
    assert "warning: 'page' lacks the text 'send': the page shows the English words" in output
    assert NOTE in output, output
    assert "1 problem found; nothing was written." in output, output
    code, output = build()
    assert code == 0, output


def test_a_text_left_in_english_still_stops_a_strict_build(project: Path) -> None:
    texts = fixture_text("texts-de.yml").replace('"Antworten senden"', '"Send answers"')
    assert texts != fixture_text("texts-de.yml")
    copy_questionnaires(project / "questionnaires", texts={"texts-de.yml": texts})
    code, output = build("--strict")
    assert code == 1, output
    assert "warning: the text 'send' is still the English text: 'Send answers'" in output


QUESTION = """---
title: Exit survey
language: en
privacy: Only HR reads single answers.
closed: no
---

## Work {#work}

### How many days did you work from home? {#home_days}
- type: single choice
- choices:
  - none: None
  - some: Some
"""
DELETE = "delete '{note}': a note cannot go on a setting's line; write '{kept}'"


@pytest.mark.parametrize(
    ("written", "fix"),
    [
        (
            "- hint: No # of days matters here",
            'put the whole text in double quotes: - hint: "No # of days matters here"',
        ),
        (
            "  - never: No # one never did",
            'put the whole text in double quotes: - never: "No # one never did"',
        ),
        (
            "- required: Yes # for now",
            DELETE.format(note="# for now", kept="- required: Yes"),
        ),
        (
            "- prefer not to say: no # not needed",
            DELETE.format(note="# not needed", kept="- prefer not to say: no"),
        ),
        ("- other: no # later", DELETE.format(note="# later", kept="- other: no")),
        ("closed: no # until March", DELETE.format(note="# until March", kept="closed: no")),
    ],
    ids=["hint", "choice", "required", "prefer not to say", "other", "closed"],
)
def test_a_note_is_deleted_after_a_yes_or_no_setting_only(
    project: Path, written: str, fix: str
) -> None:
    if written.startswith("closed"):
        text = QUESTION.replace("closed: no", written)
    elif written.startswith("  - "):
        text = QUESTION.replace("  - some: Some", f"  - some: Some\n{written}")
    else:
        text = QUESTION.replace("- type: single choice", f"- type: single choice\n{written}")
    _, problems = compile_text(project, text, "w.md")
    assert len(problems) == 1, problems
    assert problems[0].endswith(
        f"a '#' in a setting starts a comment, so the rest of the line would be lost ({fix})"
    )


#: Where each yes/no setting under a question ends up in the compiled question.
FIELDS = {
    "required": "required",
    "other": "other_label",
    "prefer_not_to_say": "prefer_not_to_say",
    "month_only": "month_only",
}


def test_the_advice_knows_every_yes_no_setting_there_is() -> None:
    """Every setting under a question read as a yes or no (read_flag, read_label), and the
    front matter's 'closed'."""
    code = "".join(p.read_text() for p in (ROOT / "collector").glob("*.py"))
    read = set(re.findall(r'read_(?:flag|label)\(\s*settings\["(\w+)"\]', code))
    assert read == set(FIELDS)
    assert {"closed", *read} == YES_NO_SETTINGS


@pytest.mark.parametrize("name", sorted(FIELDS))
def test_each_yes_no_setting_of_the_advice_reads_a_yes_and_a_no(project: Path, name: str) -> None:
    """The settings the advice goes by are yes or no, not texts: 'no' turns them off."""
    kind = "date" if name == "month_only" else "single choice"
    choices = "" if kind == "date" else "- choices:\n  - a: A\n  - b: B\n"
    setting = name.replace("_", " ")
    head = QUESTION.split("### ")[0] + f"### Q {{#q}}\n- type: {kind}\n{choices}"
    values = []
    for word in ("yes", "no"):
        forms, problems = compile_text(project, f"{head}- {setting}: {word}\n", "w.md")
        assert problems == []
        values.append(getattr(forms[0].questions[0], FIELDS[name]))
    assert values[0] and not values[1], values


@pytest.mark.slow
def test_a_reload_with_more_workers_takes_no_folder_while_it_is_away(
    built_site: Path, tmp_path: Path
) -> None:
    data, moved, loaded = tmp_path / "data", tmp_path / "moved", tmp_path / "loaded"
    config = write_config(tmp_path / "gunicorn.conf.py", workers=2)
    port = free_port()
    server = start_gunicorn(built_site, data, port, config=config, loaded=loaded)
    try:
        for pid in wait_for_loaded(loaded, server.pid, 2):
            (loaded / str(pid)).unlink()  # the first workers, which the reload ends
        assert submit(port, uuid.uuid4().hex, "before") == 303
        data.rename(moved)
        write_config(config, workers=4)
        os.kill(server.pid, signal.SIGHUP)
        for pid in wait_for_loaded(loaded, server.pid, 4):
            (loaded / str(pid)).unlink()
        # None of the four took the path as a first start's: no new, empty store there.
        assert not data.exists()
        assert {submit(port, uuid.uuid4().hex, "while-away") for _ in range(12)} == {503}
        assert {request(port, "GET", "/health")[0] for _ in range(8)} == {503}
        moved.rename(data)
        wait_for_loaded(loaded, server.pid, 4)  # each ended and was started again on it
        assert {submit(port, uuid.uuid4().hex, "after") for _ in range(8)} == {303}
    finally:
        stop(server)
    store = ResponseStore(data / "responses")
    closing = sorted(r["answers"]["closing"] for r in store.responses("exit-en"))
    store.close()
    assert closing == ["after"] * 8 + ["before"]
