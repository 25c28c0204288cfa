"""Round 17: following the docs from a clean clone, as HR and an operator would.

Each test is a place where the product did not do what the docs had led a user to expect:
a restore from a copied data folder left the HR password behind (a backup archive brings
it), and the confirmation of a removal showed a choice list as Python wrote it.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from collector import create_app

MONTH = time.strftime("%Y-%m", time.gmtime())


def test_a_restore_from_a_copied_data_folder_brings_the_hr_password(app, tmp_path: Path):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["set-password"], input="correct horse battery\n" * 2).exit_code == 0
    store = app.extensions["exit_survey"].store
    store.add("exit-en", {"answers": {"closing": "fine"}}, submission_id="s1", month=MONTH)
    copy = tmp_path / "copy"
    shutil.copytree(app.config["DATA_DIR"], copy)  # cp -a, as docs/storage.md says
    fresh = create_app(
        {"TESTING": True, "OUTPUT_DIR": app.config["OUTPUT_DIR"], "DATA_DIR": tmp_path / "new"}
    )
    result = fresh.test_cli_runner().invoke(args=["restore", str(copy)])
    assert result.exit_code == 0, result.output
    assert "Restored 1 response" in result.output
    password = tmp_path / "new" / "admin-password"
    assert password.read_bytes() == (copy / "admin-password").read_bytes()
    # A collector that has a password keeps its own.
    other = fresh.test_cli_runner().invoke(args=["set-password"], input="another one here\n" * 2)
    assert other.exit_code == 0
    own = password.read_bytes()
    assert own != (copy / "admin-password").read_bytes()
    assert fresh.test_cli_runner().invoke(args=["restore", str(copy)]).exit_code == 0
    assert password.read_bytes() == own


def test_the_removal_preview_shows_a_choice_list_as_written(app) -> None:
    store = app.extensions["exit_survey"].store
    record = {"answers": {"reasons": ["pay", "other"], "reasons__other": "Jan's team"}}
    store.add("exit-en", record, submission_id="s2", month=MONTH)
    (doc,) = store.responses("exit-en")
    result = app.test_cli_runner().invoke(args=["redact", doc["id"], "reasons"], input="n\n")
    assert '"pay, other"' in result.output and "['pay'" not in result.output
