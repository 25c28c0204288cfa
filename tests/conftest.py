"""Shared fixtures: paths to the example questionnaires and a scratch project to build in."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "questionnaires"


@pytest.fixture(autouse=True)
def _no_mixing_mid_test(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A store rewrites its open months in random order at the 10-minute mark after an
    answer (collector/store.py). A test that reads a shard's raw lines would fail if a mark
    fell between two of its reads, so in-process stores wait years instead, unless the test
    is about the mixing. Collectors the tests start as processes mix as in production."""
    if request.node.get_closest_marker("mixing") is None:
        import collector.store

        monkeypatch.setattr(collector.store, "MIX_SECONDS", 10**9)


#: scrypt with 1/32 of werkzeug's work: hashing was about a tenth of the suite's time (446
#: hashes of ~75 ms each in one run). The strength itself is checked apart, in a collector
#: process of its own (tests/test_suite_speed_round31.py).
TEST_HASH_METHOD = "scrypt:1024:8:1"


@pytest.fixture(autouse=True)
def _cheap_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """HR passwords set in the tests' own processes are hashed cheaply; checking one reads
    the cost from the hash, so signing in is as cheap. Collectors started as processes hash
    as in production."""
    from werkzeug.security import generate_password_hash

    import collector.auth

    monkeypatch.setattr(
        collector.auth,
        "generate_password_hash",
        lambda password: generate_password_hash(password, method=TEST_HASH_METHOD),
    )


@pytest.fixture(autouse=True)
def _no_counted_log_lines_from_earlier_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    """Log lines counted for the next ten-minute mark (collector/log_counts.py) are kept
    per process: each test starts with none, so that what it counts is its own."""
    import collector.log_counts

    monkeypatch.setattr(collector.log_counts, "_counted", {})


@pytest.fixture
def scheduled(monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, float]]:
    """What stores and apps ask the clean-up thread to run, instead of running it."""
    import collector.sweeper

    calls: list[tuple[object, float]] = []
    monkeypatch.setattr(collector.sweeper, "expect", lambda task, at: calls.append((task, at)))
    return calls


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project folder as the working directory, with a questionnaires/ folder."""
    (tmp_path / "questionnaires").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def example_project(project: Path) -> Path:
    """A project holding copies of the shipped example questionnaires."""
    for source in EXAMPLES.glob("*.md"):
        shutil.copy(source, project / "questionnaires" / source.name)
    return project


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example questionnaires built once into a scratch output folder."""
    from collector.builder import build_site

    output = tmp_path_factory.mktemp("site") / "output"
    build_site(EXAMPLES, output)
    return output


@pytest.fixture
def app(built_site: Path, tmp_path: Path):
    """A collector serving the built examples, storing in a fresh data folder."""
    from collector import create_app

    return create_app(
        {
            "TESTING": True,
            "OUTPUT_DIR": built_site,
            "DATA_DIR": tmp_path / "data",
            "RATE_LIMIT": 1000,
        }
    )


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def versions(tmp_path: Path):
    """A collector over copies of the examples, and ``rebuild(*(old, new))``: HR's edits to
    the questionnaires (text replaced in both languages), built as a new form version."""
    from collector import create_app
    from collector.builder import build_site

    source = tmp_path / "questionnaires"
    source.mkdir()
    for path in EXAMPLES.glob("*.md"):
        shutil.copy(path, source / path.name)

    def rebuild(*changes: tuple[str, str]) -> None:
        for path in source.glob("*.md"):
            text = path.read_text("utf-8")
            for old, new in changes:
                text = text.replace(old, new)
            path.write_text(text, "utf-8")
        build_site(source, tmp_path / "output")

    rebuild()
    app = create_app(
        {"TESTING": True, "OUTPUT_DIR": tmp_path / "output", "DATA_DIR": tmp_path / "data"}
    )
    return app, rebuild


@pytest.fixture
def hr(app):
    """The app with the HR password set (support.hr_area.PASSWORD)."""
    from support.hr_area import set_password

    assert set_password(app).exit_code == 0
    return app
