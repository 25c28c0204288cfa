"""The suite hashes HR passwords cheaply in its own processes (tests/conftest.py); the
collector as operators run it must still hash them at full strength."""

from __future__ import annotations

from pathlib import Path

from support.hr_area import PASSWORD, login
from support.operator_commands import command

from collector import create_app


def stored_hash(data: Path) -> str:
    (found,) = [p for p in data.rglob("*") if p.is_file() and "password" in p.name.lower()]
    return found.read_text(encoding="utf-8").strip()


def test_set_password_as_the_operator_runs_it_hashes_at_full_strength(built_site, tmp_path):
    data = tmp_path / "data"
    done = command(
        built_site, data, "set-password", "--password-stdin", stdin=f"{PASSWORD}\n".encode()
    )
    assert done.returncode == 0, done.stderr.decode()
    stored = stored_hash(data)
    # werkzeug's own default: scrypt with N = 2**15, r = 8, p = 1, and a salt.
    method, salt, digest = stored.split("$")
    assert method == "scrypt:32768:8:1"
    assert len(salt) >= 16 and len(digest) == 128
    assert PASSWORD not in stored
    # And that hash signs HR in, in a collector of the tests' own (where hashing is cheap).
    app = create_app({"TESTING": True, "OUTPUT_DIR": built_site, "DATA_DIR": data})
    client = app.test_client()
    assert login(client, "not the password").status_code != 303
    assert login(client).status_code == 303


def test_the_suite_s_own_hashes_are_cheap_and_still_checked(hr):
    stored = stored_hash(Path(hr.config["DATA_DIR"]))
    assert stored.startswith("scrypt:1024:8:1$")
    client = hr.test_client()
    assert login(client, PASSWORD + "x").status_code != 303
    assert login(client).status_code == 303
