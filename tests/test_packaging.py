"""The package as an operator installs it: ``pip install '.[server]'``, not editable.

From the checkout, ``./collector`` shadows whatever is installed, so only a real wheel,
installed into a separate environment and run from another folder, shows whether the
theme (``site_templates/``) travels with the package.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import textwrap
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
THEME = ROOT / "site_templates"
PACKAGED_THEME = "collector/site_templates"
#: Folders that must never end up in a wheel or sdist; each gets a decoy file in the copy.
NEVER_SHIPPED = ("tests", "output", "data", "node_modules", "bench", "artifacts", "docs")
#: Not copied: environments, caches and bulky folders (the decoys stand in for the last two).
NOT_COPIED = (".git", ".venv", "node_modules", "bench", "artifacts", "build", "dist")

pytestmark = [
    pytest.mark.slow,
    # pyproject.toml needs setuptools>=77 (PEP 639 licence); the [test] extra installs it.
    pytest.mark.skipif(
        int(version("setuptools").split(".")[0]) < 77,
        reason="needs setuptools>=77 in the venv to build offline: pip install -e '.[test]'",
    ),
]


def _copy_source(target: Path) -> Path:
    """The checkout without environments and caches, plus a decoy in every unshipped folder.

    Building in a copy keeps ``build/`` and ``*.egg-info`` out of the checkout, which others
    may be using at the same time.
    """

    def ignore(folder: str, names: list[str]) -> set[str]:
        top = Path(folder) == ROOT
        return {
            n
            for n in names
            if (top and n in NOT_COPIED)
            or n.endswith((".egg-info", "_cache"))
            or n == "__pycache__"
        }

    source = target / "source"
    shutil.copytree(ROOT, source, ignore=ignore)
    for name in NEVER_SHIPPED:
        (source / name).mkdir(exist_ok=True)
        (source / name / "decoy.txt").write_text("must not be packaged\n")
    return source


PIP = ("-m", "pip", "--disable-pip-version-check", "--no-input")


def _build_wheel(source: Path, out: Path) -> Path:
    """A wheel as ``pip install .`` builds one, with this venv's setuptools (offline)."""
    options = ["--no-deps", "--no-build-isolation", "--no-index", "-w", str(out)]
    subprocess.run(
        [sys.executable, *PIP, "wheel", *options, source], check=True, capture_output=True
    )
    (wheel,) = out.glob("*.whl")
    return wheel


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A wheel and an sdist built from (a copy of) the checkout."""
    work = tmp_path_factory.mktemp("packaging")
    source = _copy_source(work)
    out = work / "dist"
    wheel = _build_wheel(source, out)
    subprocess.run(
        [
            sys.executable,
            "-c",
            f"from setuptools import build_meta as b; b.build_sdist({str(out)!r})",
        ],
        cwd=source,
        check=True,
        capture_output=True,
    )
    (sdist,) = out.glob("*.tar.gz")
    return {"source": source, "wheel": wheel, "sdist": sdist}


def _theme_files() -> list[str]:
    """Every template and static file of the theme, relative to ``site_templates/``."""
    return sorted(p.relative_to(THEME).as_posix() for p in THEME.rglob("*") if p.is_file())


def test_the_theme_is_in_the_checkout() -> None:
    # Guards the tests below against passing on an empty list.
    for name in ("form.html", "admin/no_password.html", "report/report.html"):
        assert name in _theme_files()


def test_wheel_holds_the_theme_and_nothing_else(dist: dict[str, Path]) -> None:
    with zipfile.ZipFile(dist["wheel"]) as wheel:
        names = set(wheel.namelist())
    missing = [f for f in _theme_files() if f"{PACKAGED_THEME}/{f}" not in names]
    assert not missing, f"not in the wheel: {missing}"
    tops = {name.split("/")[0] for name in names}
    assert tops == {"collector", "exit_survey-0.1.0.dist-info"}


def _sdist_names(sdist: Path) -> set[str]:
    """The sdist's paths without the leading ``exit_survey-0.1.0/``."""
    with tarfile.open(sdist) as archive:
        return {m.name.split("/", 1)[1] for m in archive.getmembers() if "/" in m.name}


def test_sdist_holds_the_theme(dist: dict[str, Path]) -> None:
    names = _sdist_names(dist["sdist"])
    missing = [f for f in _theme_files() if f"site_templates/{f}" not in names]
    assert not missing, f"not in the sdist: {missing}"


@pytest.mark.parametrize("folder", NEVER_SHIPPED)
def test_sdist_leaves_out(dist: dict[str, Path], folder: str) -> None:
    assert not [n for n in _sdist_names(dist["sdist"]) if n.split("/")[0] == folder]


def test_wheel_built_from_the_sdist_is_the_same(dist: dict[str, Path], tmp_path: Path) -> None:
    """pip's way from an sdist: unpack, build a wheel; the theme must come along."""
    with tarfile.open(dist["sdist"]) as archive:
        archive.extractall(tmp_path, filter="data")
    (source,) = tmp_path.glob("exit_survey-*")
    rebuilt = _build_wheel(source, tmp_path / "dist")
    with zipfile.ZipFile(rebuilt) as again, zipfile.ZipFile(dist["wheel"]) as first:
        assert sorted(again.namelist()) == sorted(first.namelist())


def test_installed_collector_finds_its_theme_from_any_folder(
    dist: dict[str, Path], tmp_path: Path
) -> None:
    """Installed into a fresh venv and started elsewhere, as systemd or a container does."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    python = venv / "bin" / "python"
    site_packages = Path(
        sysconfig.get_path("purelib", vars={"base": str(venv), "platbase": str(venv)})
    )
    # Dependencies (and pip) come from the project's venv, after the new venv's own
    # packages; a plain path line runs none of that venv's .pth files, so the editable
    # install of the checkout stays out.
    (site_packages / "project-venv.pth").write_text(sysconfig.get_path("purelib") + "\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COLLECTOR_", "PYTHON"))}
    install = ["install", "--no-deps", "--no-index", "--ignore-installed", "--quiet"]
    subprocess.run([python, *PIP, *install, dist["wheel"]], check=True, cwd=elsewhere, env=env)
    probe = textwrap.dedent(
        """
        import json, logging, sys
        from pathlib import Path

        import collector
        from collector.builder import build_site
        from collector.render import DEFAULT_TEMPLATE_DIR

        # Built by the installed package too: the same theme as the collector's even
        # while someone edits the checkout's templates during the test run.
        source, output, data = map(Path, sys.argv[1:])
        build_site(source, output)

        warnings = []
        handler = logging.Handler()
        handler.emit = lambda record: warnings.append(record.getMessage())
        logging.getLogger("collector").addHandler(handler)
        app = collector.create_app(
            {"TESTING": True, "OUTPUT_DIR": output, "DATA_DIR": data}
        )
        response = app.test_client().get("/admin/")
        print(json.dumps({
            "package": collector.__file__,
            "theme": str(DEFAULT_TEMPLATE_DIR),
            "status": response.status_code,
            "body": response.get_data(as_text=True),
            "warnings": warnings,
        }))
        """
    )
    run = subprocess.run(
        [
            python,
            "-c",
            probe,
            dist["source"] / "questionnaires",
            tmp_path / "output",
            tmp_path / "data",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout)
    assert Path(seen["package"]).is_relative_to(venv)
    theme = Path(seen["theme"])
    assert theme.is_relative_to(site_packages), theme
    assert (theme / "admin" / "no_password.html").is_file()
    assert seen["status"] == 200, seen["body"]
    assert "password" in seen["body"].lower()
    assert not [w for w in seen["warnings"] if "other templates" in w]
