"""``build.py --watch`` builds again after a save made while a build ran.

After each build the watcher took a new look at the files, to take in the ID lock the
build may have written; a questionnaire saved during the build (HR saving twice in a row,
an editor's autosave) was taken in with it and never built: the preview kept the old text
until the next save. (test_build's watch test failed now and then for this reason: it
saved as soon as the first build's output appeared.)
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

import collector.build_command as build_command_module
from collector.build_command import build_command, with_lock_of


class StopWatching(Exception):
    """Raised from the watcher's sleep to end the loop after a few looks."""


def watch_with_a_save_during_the_first_build(monkeypatch, edit) -> list[str]:
    """Run ``--watch`` for a few looks; ``edit()`` is called at the end of the first build,
    as if HR saved then. Returns the text of the English form after each build."""
    real_build = build_command_module.build_site
    built: list[str] = []

    def build_site(*args, **kwargs):
        result = real_build(*args, **kwargs)
        built.append(Path("output/exit-en/form.json").read_text(encoding="utf-8"))
        if len(built) == 1:
            edit()
        return result

    looks = iter(range(4))

    def sleep(_seconds: float) -> None:
        if next(looks, None) is None:
            raise StopWatching

    monkeypatch.setattr(build_command_module, "build_site", build_site)
    monkeypatch.setattr(build_command_module.time, "sleep", sleep)
    result = CliRunner().invoke(build_command, ["--watch"])
    assert isinstance(result.exception, StopWatching), result.output
    return built


def test_a_questionnaire_saved_during_a_build_is_built_again(example_project, monkeypatch):
    source = Path("questionnaires/exit-en.md")

    def save() -> None:
        text = source.read_text(encoding="utf-8")
        source.write_text(text.replace("Is there anything else", "Is there something else"))

    built = watch_with_a_save_during_the_first_build(monkeypatch, save)
    assert len(built) == 2
    assert "Is there something else" not in built[0]
    assert "Is there something else" in built[1]


def test_nothing_saved_during_a_build_builds_once(example_project, monkeypatch):
    """The ID lock the first build writes does not start another build."""
    built = watch_with_a_save_during_the_first_build(monkeypatch, lambda: None)
    assert Path("questionnaires/ids.lock.json").exists()
    assert len(built) == 1


def test_only_the_lock_is_taken_from_the_look_after_the_build():
    lock = Path("q/ids.lock.json")
    before = (("q/a.md", 1, 10), ("q/ids.lock.json", 1, 5))
    after = (("q/a.md", 2, 11), ("q/ids.lock.json", 2, 6))
    assert with_lock_of(after, before, lock) == (("q/a.md", 1, 10), ("q/ids.lock.json", 2, 6))
    # A lock the build made for the first time is taken in; one it removed goes.
    assert with_lock_of(after, before[:1], lock) == (("q/a.md", 1, 10), ("q/ids.lock.json", 2, 6))
    assert with_lock_of(after[:1], before, lock) == (("q/a.md", 1, 10),)
    # A look that failed (a folder gone meanwhile) leaves the next look to tell.
    assert with_lock_of(None, before, lock) is None
