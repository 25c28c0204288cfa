"""The builder as HR and CI run it: golden output, determinism, IDs, the command line."""

from __future__ import annotations

import gzip
import json
import os
import queue
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import brotli
import pytest
from click.testing import CliRunner

from collector.build_command import build_command
from collector.builder import build_site
from collector.model import form_from_json

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.mark.parametrize("slug", ["exit-en", "exit-nl"])
def test_golden_compiled_form(built_site: Path, slug: str) -> None:
    """Any change to what the examples compile to shows up as a diff here.

    Regenerate deliberately with UPDATE_GOLDEN=1 after checking the difference.
    """
    produced = (built_site / slug / "form.json").read_text(encoding="utf-8")
    golden = GOLDEN / f"{slug}.form.json"
    if UPDATE:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(produced, encoding="utf-8")
    assert produced == golden.read_text(encoding="utf-8")


def test_examples_compile_to_what_the_domain_asks(built_site: Path) -> None:
    en = form_from_json((built_site / "exit-en" / "form.json").read_text())
    nl = form_from_json((built_site / "exit-nl" / "form.json").read_text())
    assert en.translations == {"nl": "exit-nl"} and nl.translations == {"en": "exit-en"}
    assert [q.id for q in en.questions] == [q.id for q in nl.questions]
    for a, b in zip(en.questions, nl.questions, strict=True):
        assert [c.value for c in a.choices] == [c.value for c in b.choices]
    types = {q.type for q in en.questions}
    assert {
        "single_choice",
        "multiple_choice",
        "dropdown",
        "long_text",
        "rating",
        "recommend",
    } <= types
    reasons = en.question("reasons")
    assert reasons.other_label and reasons.prefer_not_to_say
    assert {q.id for q in en.questions if q.group == "areas"} == {
        "conditions",
        "work_itself",
        "relationships",
        "terms",
    }
    assert en.question("department").prefer_not_to_say and en.question("tenure").prefer_not_to_say
    sections = {s.id: s for s in en.sections}
    assert sections["decision"].show_if.to_dict() == {
        "op": "equals",
        "question": "departure",
        "values": ["voluntary"],
    }
    assert sections["ending"].show_if.to_dict() == {
        "op": "equals",
        "question": "departure",
        "values": ["dismissed"],
    }
    assert "voluntary" in en.privacy_html and "vrijwillig" in nl.privacy_html


def test_build_is_byte_identical_when_nothing_changed(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    build_site(ROOT / "questionnaires", first)
    build_site(ROOT / "questionnaires", second)
    build_site(ROOT / "questionnaires", second)  # rebuilding over itself too
    assert tree(first) == tree(second)
    assert "exit-en/index.html" in tree(first) and "exit-en/thanks.html" in tree(first)
    assert "index.html" in tree(first)
    assert not any(name.startswith("static/") for name in tree(first))  # CSS, JS inline
    # Compressed copies for servers to send as they are, identical on every build too.
    page = tree(first)["exit-en/index.html"]
    assert gzip.decompress(tree(first)["exit-en/index.html.gz"]) == page
    assert brotli.decompress(tree(first)["exit-en/index.html.br"]) == page


def test_a_rebuild_compresses_only_the_pages_that_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """build.py --watch rebuilds every questionnaire after each save: the pages that came
    out the same are not compressed again (brotli at its best is most of a build), and
    the copies are still those of a build from scratch."""
    import shutil

    from collector import compress

    source = tmp_path / "questionnaires"
    shutil.copytree(ROOT / "questionnaires", source)
    compressed: list[bytes] = []
    real = brotli.compress
    monkeypatch.setattr(
        compress.brotli, "compress", lambda data, **kw: compressed.append(data) or real(data, **kw)
    )
    compress.forget()
    build_site(source, tmp_path / "site")
    before = tree(tmp_path / "site")
    everything = len(compressed)
    compressed.clear()
    english = source / "exit-en.md"
    english.write_text(
        english.read_text(encoding="utf-8").replace("title: ", "title: New ", 1), encoding="utf-8"
    )
    build_site(source, tmp_path / "site")
    after = tree(tmp_path / "site")
    changed = {
        content
        for name, content in after.items()
        if name.endswith((".html", ".json")) and before.get(name) != content
    }
    assert set(compressed) == changed and 0 < len(compressed) < everything
    compress.forget()
    build_site(source, tmp_path / "cold")
    assert tree(tmp_path / "site") == tree(tmp_path / "cold")


def test_version_changes_exactly_when_the_form_changes(example_project: Path) -> None:
    source = example_project / "questionnaires"
    build_site(source, example_project / "one")
    en = source / "exit-en.md"
    en.write_text(en.read_text().replace("\n## Finally", "\n\n\n## Finally"))  # blank lines only
    build_site(source, example_project / "two")
    en.write_text(
        en.read_text().replace("Would you consider working", "Would you think about working")
    )
    build_site(source, example_project / "three")

    def version(name: str) -> str:
        return json.loads((example_project / name / "exit-en" / "form.json").read_text())["version"]

    assert version("one") == version("two")
    assert version("two") != version("three")


def test_output_is_replaced_as_a_whole(example_project: Path) -> None:
    out = example_project / "output"
    (out / "stale-form").mkdir(parents=True)
    (out / "stale-form" / "index.html").write_text("old")
    (out / "stale-form" / "form.json").write_text("{}")  # a questionnaire since removed
    build_site(example_project / "questionnaires", out)
    assert not (out / "stale-form").exists()
    assert (out / "exit-en" / "index.html").exists()
    leftovers = [p.name for p in example_project.iterdir() if p.name.startswith(".output")]
    assert leftovers == []


def _files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("output", [".", "questionnaires", "notes"])
def test_output_never_replaces_a_folder_that_is_not_a_site(
    example_project: Path, output: str
) -> None:
    """--output pointed at the project, the questionnaires or a folder of other files by
    mistake: the build refuses instead of replacing (deleting) it."""
    (example_project / "notes").mkdir()
    (example_project / "notes" / "minutes.txt").write_text("keep me")
    before = _files_under(example_project)
    result = CliRunner().invoke(build_command, ["--output", output])
    assert result.exit_code == 1, result.output
    assert "replaces the output folder as a whole" in result.output
    assert "Traceback" not in result.output
    assert _files_under(example_project) == before


DERIVED = """---
title: Exit survey
language: en
privacy: Only HR reads the answers. Taking part is voluntary.
---

## Leaving

### Why did you leave?
- type: multiple choice
- choices:
  - Better pay elsewhere
  - Too much travel
"""


def test_changed_derived_id_warns_until_resolved(project: Path) -> None:
    survey = project / "questionnaires" / "survey.md"
    survey.write_text(DERIVED)
    runner = CliRunner()
    assert runner.invoke(build_command, []).exit_code == 0
    lock = json.loads((project / "questionnaires" / "ids.lock.json").read_text())
    assert lock["files"]["survey.md"]["questions"] == [["why_did_you_leave", "Why did you leave?"]]

    survey.write_text(DERIVED.replace("Why did you leave?", "What made you leave?"))
    result = runner.invoke(build_command, [])
    assert result.exit_code == 0  # a warning, not an error
    assert (
        "questionnaires/survey.md:9: warning: the ID of this question changes from 'why_did_you_leave' "
        "to 'what_made_you_leave'" in result.output
    )
    assert "{#why_did_you_leave}" in result.output
    # the warning stays until someone decides
    assert (
        "warning: the ID of this question changes"
        in runner.invoke(build_command, ["--check"]).output
    )
    strict = runner.invoke(build_command, ["--strict"])
    assert strict.exit_code == 1
    # rewording a derived choice warns too
    survey.write_text(DERIVED.replace("Too much travel", "Too much commuting"))
    assert (
        "choice of 'why_did_you_leave' changes from 'too_much_travel'"
        in runner.invoke(build_command, []).output
    )
    # accepting makes it quiet
    assert runner.invoke(build_command, ["--accept-ids"]).exit_code == 0
    assert "warning" not in runner.invoke(build_command, []).output


def test_explicit_ids_never_warn(project: Path) -> None:
    survey = project / "questionnaires" / "survey.md"
    text = DERIVED.replace("### Why did you leave?", "### Why did you leave? {#why}")
    text = text.replace("  - Better pay elsewhere", "  - pay: Better pay elsewhere").replace(
        "  - Too much travel", "  - travel: Too much travel"
    )
    survey.write_text(text)
    runner = CliRunner()
    assert runner.invoke(build_command, []).exit_code == 0
    survey.write_text(text.replace("Why did you leave?", "What made you leave?"))
    result = runner.invoke(build_command, [])
    assert result.exit_code == 0 and "warning" not in result.output
    lock = json.loads((project / "questionnaires" / "ids.lock.json").read_text())
    assert lock["files"]["survey.md"]["questions"] == []
    assert lock["files"]["survey.md"]["choices"] == {}


def test_help_documents_every_option() -> None:
    result = CliRunner().invoke(build_command, ["--help"])
    assert result.exit_code == 0
    for param in build_command.params:
        for option in param.opts:
            assert option in result.output
        assert param.help, f"{param.name} has no help text"
        if getattr(param, "envvar", None):  # a setting read from the environment says so
            assert f"env var: {param.envvar}" in " ".join(result.output.split())


def test_build_py_runs_as_a_script(example_project: Path) -> None:
    script = ROOT / "build.py"
    ok = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, cwd=example_project
    )
    assert ok.returncode == 0, ok.stderr
    assert "Built 2 questionnaire(s) into output/: exit-en, exit-nl" in ok.stdout
    (example_project / "questionnaires" / "broken.md").write_text("---\ntitle: x\n")
    bad = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, cwd=example_project
    )
    assert bad.returncode == 1
    assert "questionnaires/broken.md:1: the front matter is not closed" in bad.stderr
    assert "Traceback" not in bad.stderr + bad.stdout


def test_watch_rebuilds_on_change(example_project: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "--watch"],
        cwd=example_project,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    form_json = example_project / "output" / "exit-en" / "form.json"
    # Each rebuild says when it ran: two alike lines would not show that a save was seen.
    built = re.compile(
        r"^\d\d:\d\d:\d\d Built 2 questionnaire\(s\) into output/: exit-en, exit-nl$"
    )
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(x) for x in process.stdout], daemon=True)
    reader.start()
    output: list[str] = []
    deadline = time.monotonic() + 60

    def wait_for_built(count: int) -> None:
        """Read the watcher's lines until ``count`` builds were reported: the line comes
        after the new site is in place, so the files alone do not say it was printed."""
        while sum(1 for line in output if built.match(line)) < count:
            try:
                output.append(lines.get(timeout=max(0.1, deadline - time.monotonic())).rstrip())
            except queue.Empty:
                raise AssertionError(f"{count} build(s) not reported: {output}") from None

    try:
        wait_for_built(1)
        assert form_json.exists()
        en = example_project / "questionnaires" / "exit-en.md"
        en.write_text(en.read_text().replace("Is there anything else", "Is there something else"))
        wait_for_built(2)
        assert "Is there something else" in form_json.read_text()
    finally:
        process.terminate()
        process.wait(timeout=10)
        reader.join(timeout=10)  # it ends at the end of what the watcher printed
        process.stdout.close()
    while not lines.empty():
        output.append(lines.get().rstrip())
    assert sum(1 for line in output if built.match(line)) == 2, output


def test_statement_block_heading_is_not_a_derived_question_id(project: Path) -> None:
    survey = project / "questionnaires" / "survey.md"
    block = (
        DERIVED
        + "\n### How much do you agree?\n- type: statements\n- scale: agreement\n- statements:\n  - pay: Pay was fair\n"
    )
    survey.write_text(block)
    runner = CliRunner()
    assert runner.invoke(build_command, []).exit_code == 0
    survey.write_text(block + "\n### Anything else?\n- type: long text\n")
    result = runner.invoke(build_command, [])
    assert result.exit_code == 0
    assert "warning" not in result.output


@pytest.mark.parametrize("url", ["not a url", "javascript:alert(1)", "https://x.example/?a=1"])
def test_a_collector_url_that_is_not_a_web_address_is_refused(
    example_project: Path, url: str
) -> None:
    result = CliRunner().invoke(build_command, ["--collector-url", url])
    assert result.exit_code == 2, result.output
    assert "is not a web address" in result.output
    assert not (example_project / "output").exists()


def test_a_named_scale_no_question_uses_is_a_warning(project: Path) -> None:
    """A scale defined once and referred to with a typo is an error on the question; one
    defined and never used at all is most likely meant for a question that got a built-in
    scale by mistake, so the author hears about it without the build failing."""
    survey = project / "questionnaires" / "survey.md"
    text = (
        DERIVED.replace("privacy:", "scales:\n  effort:\n    - Very little\n    - A lot\nprivacy:")
        + "\n### How hard was it? {#hard}\n- type: rating\n- scale: agreement\n"
    )
    survey.write_text(text)
    runner = CliRunner()
    result = runner.invoke(build_command, [])
    assert result.exit_code == 0, result.output
    assert (
        "questionnaires/survey.md:5: warning: no question uses the scale 'effort'" in result.output
    )
    assert "'- scale: effort'" in result.output
    assert runner.invoke(build_command, ["--strict"]).exit_code == 1
    survey.write_text(text.replace("- scale: agreement", "- scale: effort"))
    result = runner.invoke(build_command, ["--accept-ids"])  # 5 points became 2: accepted
    assert result.exit_code == 0 and "warning" not in result.output, result.output


def test_a_lock_that_cannot_be_written_leaves_the_site_as_it_was(project: Path) -> None:
    survey = project / "questionnaires" / "survey.md"
    survey.write_text(DERIVED)
    runner = CliRunner()
    assert runner.invoke(build_command, []).exit_code == 0
    site_before = _files_under(project / "output")
    lock_before = (project / "questionnaires" / "ids.lock.json").read_text()

    survey.write_text(DERIVED.replace("Why did you leave?", "What made you leave?"))
    # Where the new lock is written first: a folder there makes the write fail, as a
    # read-only questionnaires folder would for a user who is not root.
    (project / "questionnaires" / ".ids.lock.json.new").mkdir()
    result = runner.invoke(build_command, ["--accept-ids"])

    assert result.exit_code == 1
    assert "ids.lock.json: cannot record the question IDs" in result.output
    assert "nothing was written" in result.output
    assert _files_under(project / "output") == site_before
    assert (project / "questionnaires" / "ids.lock.json").read_text() == lock_before

    (project / "questionnaires" / ".ids.lock.json.new").rmdir()
    assert runner.invoke(build_command, ["--accept-ids"]).exit_code == 0
    assert "what_made_you_leave" in (project / "questionnaires" / "ids.lock.json").read_text()
    assert not (project / "questionnaires" / ".ids.lock.json.new").exists()
    assert _files_under(project / "output") != site_before
