"""The suite's own machinery: HR passwords hashed cheaply in its own processes
(tests/conftest.py), while the collector as operators run it still hashes them at full
strength; and ports of their own for each pytest-xdist worker's servers."""

from __future__ import annotations

import socket
from pathlib import Path

from support.gunicorn import WORKER_PORTS, free_port
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


# -- ports for servers started as processes, with the suite on two workers -------------------


def test_each_xdist_worker_takes_ports_of_its_own_share(monkeypatch) -> None:
    monkeypatch.setenv("PYTEST_XDIST_WORKER_COUNT", "2")
    seen = {}
    for worker in ("gw0", "gw1"):
        monkeypatch.setenv("PYTEST_XDIST_WORKER", worker)
        seen[worker] = {free_port() for _ in range(20)}
    half = WORKER_PORTS.start + len(WORKER_PORTS) // 2
    assert all(WORKER_PORTS.start <= p < half for p in seen["gw0"])
    assert all(half <= p < WORKER_PORTS.stop for p in seen["gw1"])
    # Below the kernel's own ports, so that no port it hands out is given again here.
    assert WORKER_PORTS.stop <= 32768


def test_a_port_in_use_is_not_given(monkeypatch) -> None:
    monkeypatch.setenv("PYTEST_XDIST_WORKER_COUNT", "400")  # shares of 31 ports
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw3")
    first = WORKER_PORTS.start + 3 * (len(WORKER_PORTS) // 400)
    held = []
    try:
        for port in range(first, first + 30):  # all but one of its share taken
            sock = socket.socket()
            try:
                sock.bind(("127.0.0.1", port))
                sock.listen()
            except OSError:
                sock.close()
                continue
            held.append(sock)
        taken = {s.getsockname()[1] for s in held}
        assert free_port() not in taken
    finally:
        for sock in held:
            sock.close()


def test_in_one_process_the_kernel_picks(monkeypatch) -> None:
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    monkeypatch.delenv("PYTEST_XDIST_WORKER_COUNT", raising=False)
    assert free_port() >= 32768  # Linux's ephemeral range
