"""Round 24's code-health review: the house rules a new maintainer reads in docs/style, kept.

A module's private names (``_name``) are its own to change: a module that imports another's
holds it to its insides, and the next split or rename breaks it far away. And modules stay
small, of one job each: past ~400 lines a module is split along its jobs, not grown.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: Where our Python lives (not .venv, node_modules or what a build writes).
SOURCES = sorted(
    [ROOT / "build.py"]
    + [
        path
        for folder in ("collector", "tests", "bench", "scripts")
        for path in (ROOT / folder).rglob("*.py")
    ]
)
#: The longest a collector module may grow before it is split (docs/style: "files under
#: ~400 lines").
MOST_LINES = 400


def private_imports(path: Path) -> list[str]:
    """Each ``from module import _name`` in ``path``, as 'file:line: module._name'."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.ImportFrom):
            continue
        for alias in node.names:
            if alias.name.startswith("_") and not alias.name.startswith("__"):
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                found.append(f"{where}: {'.' * node.level}{node.module or ''}.{alias.name}")
    return found


def test_no_module_imports_another_modules_private_names() -> None:
    """Before: tests/test_id_safety.py imported ``_snapshot`` from collector/build_command.py
    (what --watch compares); it is public now, as ``watched_files``."""
    assert [hit for path in SOURCES for hit in private_imports(path)] == []


def test_the_check_sees_a_private_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check above finds what it looks for, in either form of import."""
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    module = tmp_path / "m.py"
    module.write_text("from .a import b, _c\nfrom x.y import _z as z\nfrom y import __all__\n")
    assert private_imports(module) == ["m.py:1: .a._c", "m.py:2: x.y._z"]


@pytest.mark.parametrize(
    "path", sorted((ROOT / "collector").glob("*.py")), ids=lambda path: path.name
)
def test_a_collector_module_stays_under_the_size_to_split_at(path: Path) -> None:
    """Before: collector/submit.py had 400 lines (the post's reading, the stored date and
    id, the replies and the view); it is split along those jobs."""
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines < MOST_LINES, f"{path.name} has {lines} lines: split it along its jobs"
