"""Round 27: loose ends leavers and operators still saw after round 26.

1. A refused request for a host name the operator did not list (``COLLECTOR_ALLOWED_HOSTS``)
   answered in English or Dutch only, as plain text; an address that names no questionnaire
   took its words only from the questionnaires built now, not from one HR removed.
2. ``output/index.html`` gave the one language of its first survey as everyone's heading.
3. ``flask --app collector routes`` and ``shell`` made a whole store in a mistyped or
   missing ``COLLECTOR_DATA_DIR``, where the other commands make nothing since round 26.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.gunicorn import free_port
from tests.support.operator_commands import ROOT, command, tree

# --- 3. flask routes / flask shell on a wrong data folder ---------------------------------


@pytest.mark.parametrize("look", [("routes",), ("shell",)])
@pytest.mark.parametrize("made", [False, True], ids=["missing", "empty"])
def test_routes_and_shell_make_nothing_in_a_wrong_data_folder(
    built_site: Path, tmp_path: Path, look: tuple[str, ...], made: bool
) -> None:
    data = tmp_path / "data-typo"
    if made:
        data.mkdir()
    result = command(built_site, data, *look, stdin=b"print('shell ran')\n")
    assert result.returncode == 0, result.stderr.decode()
    if look == ("routes",):
        assert b"/submit/<slug>" in result.stdout
    else:
        assert b"shell ran" in result.stdout
    # Not a store (responses/, forms/, limits/, secret-key): nothing at all.
    assert (tree(data) if made else data.exists()) == ([] if made else False)


def test_the_shell_still_writes_a_real_store(built_site: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    _serve_until_the_store_is_made(built_site, data)
    result = command(
        built_site, data, "shell", stdin=b"print('read only:', app.config['DATA_READ_ONLY'])\n"
    )
    assert b"read only: None" in result.stdout, result.stderr.decode()


def test_flask_run_still_makes_the_store_on_a_first_start(built_site: Path, tmp_path: Path) -> None:
    data = tmp_path / "new-data"
    _serve_until_the_store_is_made(built_site, data)
    assert {"responses", "forms", "secret-key"} <= set(tree(data))


def _serve_until_the_store_is_made(site: Path, data: Path) -> None:
    """``flask run`` as on a first start, stopped once its store is there."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COLLECTOR_")}
    env.update(COLLECTOR_OUTPUT_DIR=str(site), COLLECTOR_DATA_DIR=str(data))
    server = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "collector", "run", "-p", str(free_port())],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not (data / "responses").is_dir():
            assert server.poll() is None, "flask run stopped"
            assert time.monotonic() < deadline, "flask run made no store"
            time.sleep(0.1)
    finally:
        server.terminate()
        server.wait(timeout=30)
