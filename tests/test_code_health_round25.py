"""Round 25's code-health review: debts paid before the next features.

Each test names what was wrong before. They look at the code from outside (its size, its
imports) or use it as a caller would; none of them imports another test module.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: The longest a collector module may grow (test_code_health_round24.MOST_LINES, docs/style).
MOST_LINES = 400


def lines_of(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


# -- 1. collector/store.py had 398 lines -------------------------------------------------


def test_the_store_module_has_room_for_the_next_change() -> None:
    """Before: collector/store.py had 398 lines, two short of the size at which a module
    must be split, so the next change to storage could not land in it. The folder, its
    listing and this process's handles on it are store_folder.py now."""
    assert lines_of(ROOT / "collector" / "store.py") < MOST_LINES * 3 // 4


def test_the_store_folder_lists_and_hands_out_logs_on_its_own(tmp_path: Path) -> None:
    """store_folder.StoreFolder is a unit of its own: it makes the folder, lists what has a
    shard, hands out one log per questionnaire and refuses to be used once closed, with no
    response store around it."""
    from collector.store_folder import StoreFolder
    from collector.store_format import StoreError

    snapshot = StoreFolder(tmp_path / "absent", read_only=True)
    assert not (tmp_path / "absent").exists() and snapshot.slugs() == []
    with pytest.raises(StoreError, match="read-only"):
        snapshot.slug_log("exit-en", create=True)

    folder = StoreFolder(tmp_path / "data")
    assert folder.directory == os.path.abspath(tmp_path / "data")
    assert (tmp_path / "data").is_dir() and folder.slugs() == []
    log = folder.slug_log("exit-en", create=True)
    assert log is not None and folder.slug_log("exit-en", create=False) is log
    assert folder.slug_log("exit-nl", create=False) is None
    Path(folder.shard_path("exit-en", "2026-03")).write_bytes(b"")
    Path(folder.shard_path("exit-en", "2025-12")).write_bytes(b"")
    (tmp_path / "data" / "not a slug!").mkdir()
    assert folder.slugs() == ["exit-en"]
    assert folder.months("exit-en") == ["2025-12", "2026-03"]
    folder.close()
    assert folder.closed
    with pytest.raises(StoreError, match="closed"):
        folder.months("exit-en")


def test_the_store_is_still_the_folder_it_stores_in(tmp_path: Path) -> None:
    """The split kept ResponseStore's public API: the folder's methods are its own."""
    from collector.store import ResponseStore
    from collector.store_folder import StoreFolder

    with ResponseStore(tmp_path / "data") as store:
        assert isinstance(store, StoreFolder)
        assert store.add("exit-en", {"a": 1}, submission_id="one", month="2026-03")
        assert store.slugs() == ["exit-en"] and store.months("exit-en") == ["2026-03"]
        assert store.count("exit-en") == 1
    assert store.closed
