"""The operator and HR documentation (README.md, docs/*.md) must describe the program as it is.

docs/authoring.md has its own, deeper tests (tests/test_authoring_guide.py); these checks are
the cheap, general ones that hold for every page:

- every relative link and ``#anchor`` resolves;
- every repository path (``collector/...``, ``tests/...``, ``bench/...``, ...) and every
  ``collector.module.name`` the docs mention exists;
- every ``COLLECTOR_*`` variable the docs mention is a real setting, and README's settings
  table gives each setting with the default and the bounds ``collector/config.py`` has
  (tests/test_collector.py checks only that the names match);
- a quoted ``Error: COLLECTOR_...`` message is what the collector prints for that value;
- every ``flask --app collector <command>`` and ``build.py --option`` shown exists, with
  the options shown after it;
- the theme's template table lists exactly the page templates in site_templates/;
- the example page sizes README quotes are (about) the sizes a build gives now.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from collector.build_command import build_command
from collector.config import BUILD_SETTINGS, KNOWN, PREFIX, ConfigError, load_config
from collector.render import STATIC_FILES

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
PAGES = [README, *sorted((ROOT / "docs").glob("*.md")), ROOT / "questionnaires" / "README.md"]
#: The settings whose key in the app config differs from the variable's name.
CONFIG_KEY = {"MAX_REQUEST_BYTES": "MAX_CONTENT_LENGTH", "TEMPLATES_DIR": "TEMPLATE_DIRS"}

_FENCE = re.compile(r"^```.*?^```[ \t]*$", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"`+[^`\n]*`+")
_LINK = re.compile(r"\[[^\]\n]*\]\(([^)\s]+)\)")
_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)


def _name(page: Path) -> str:
    return str(page.relative_to(ROOT))


def _text(page: Path) -> str:
    return page.read_text(encoding="utf-8")


def _prose(text: str) -> str:
    """The text without fenced code blocks (their '#' lines are not headings), with line
    numbers kept."""
    return _FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), text)


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _anchors(page: Path) -> set[str]:
    """The anchors GitHub makes for the page's headings."""
    found: set[str] = set()
    for match in _HEADING.finditer(_prose(_text(page))):
        heading = _CODE_SPAN.sub(lambda m: m.group(0).strip("`"), match.group(1))
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        unique, n = slug, 0
        while unique in found:
            n += 1
            unique = f"{slug}-{n}"
        found.add(unique)
    return found


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_relative_links_and_anchors_resolve(page: Path) -> None:
    text = _prose(_text(page))
    broken = []
    for match in _LINK.finditer(_CODE_SPAN.sub("", text)):
        target = match.group(1)
        if re.match(r"[a-z]+:", target):  # https:, mailto:
            continue
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        where = f"{_name(page)}: link {target!r}"
        if not linked.exists():
            broken.append(f"{where}: {path} does not exist")
        elif anchor and linked.suffix == ".md" and anchor not in _anchors(linked):
            broken.append(f"{where}: no heading with the anchor #{anchor}")
    assert not broken, "\n".join(broken)


_REPO_PATH = re.compile(
    r"(?<![\w./<-])((?:collector|tests|bench|site_templates|scripts|docs)/[\w./-]*[\w/])(?![\w<*])"
)


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_repository_paths_exist(page: Path) -> None:
    text = _text(page)
    missing = [
        f"{_name(page)}:{_line(text, m.start())}: {m.group(1)}"
        for m in _REPO_PATH.finditer(text)
        if not (ROOT / m.group(1)).exists()
    ]
    assert not missing, "no such file or folder:\n" + "\n".join(missing)


def _resolves(dotted: str) -> bool:
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[cut:]:
            if not hasattr(found, attribute):
                return False
            found = getattr(found, attribute)
        return True
    return False


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_python_names_exist(page: Path) -> None:
    text = _text(page)
    missing = [
        f"{_name(page)}:{_line(text, m.start())}: {m.group(1)}"
        for m in re.finditer(r"`(collector(?:\.[A-Za-z_]\w*)+)", text)
        if not _resolves(m.group(1))
    ]
    assert not missing, "no such module or name:\n" + "\n".join(missing)


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_every_setting_mentioned_exists(page: Path) -> None:
    text = _text(page)
    unknown = [
        f"{_name(page)}:{_line(text, m.start())}: {m.group(0)}"
        for m in re.finditer(rf"{PREFIX}([A-Z][A-Z0-9_]*[A-Z0-9])", text)
        if m.group(1) not in KNOWN | BUILD_SETTINGS
    ]
    assert not unknown, "not a setting of the collector or build.py:\n" + "\n".join(unknown)


def _settings_rows(page: Path) -> dict[str, tuple[str, str]]:
    """Setting name -> (its default cell, its whole row), from tables whose first cell
    names ``COLLECTOR_*`` variables (several separated by '/', with their defaults)."""
    rows: dict[str, tuple[str, str]] = {}
    for line in _text(page).splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not cells[0].startswith((PREFIX, f"`{PREFIX}")):
            continue
        names = [n.strip(" `")[len(PREFIX) :] for n in cells[0].split("/")]
        defaults = [d.strip() for d in cells[1].split(" / ")]
        assert len(defaults) == len(names), f"{_name(page)}: {line}"
        for name, default in zip(names, defaults, strict=True):
            rows[name] = (default, line)
    return rows


def _shown(value: object) -> str:
    """A default as the docs write it."""
    if value in ("", (), []):
        return "(none)"
    return str(value)


def _bounds(name: str) -> list[int]:
    """The lowest and highest value the collector accepts (only the lowest for a group size)."""
    with pytest.raises(ConfigError) as refused:
        load_config({PREFIX + name: "999999999999"})
    message = str(refused.value)
    found = re.search(r"between (\d+) and (\d+)", message) or re.search(r"at least (\d+)", message)
    assert found, message
    return [int(n) for n in found.groups()]


def test_readme_table_has_every_setting_with_its_default_and_bounds() -> None:
    rows = _settings_rows(README)
    assert set(rows) == KNOWN, "README's settings table and collector/config.py differ"
    defaults = load_config({})
    wrong = []
    for name, (cell, row) in sorted(rows.items()):
        documented = re.sub(r"\s*\(.*\)$", "", cell).strip("`") if cell != "(none)" else cell
        if name == "SECRET_KEY":
            expected = "generated"  # a random key when unset
        else:
            expected = _shown(defaults[CONFIG_KEY.get(name, name)])
        if documented != expected:
            wrong.append(f"{PREFIX}{name}: README says {cell}, the default is {expected}")
        if isinstance(defaults[CONFIG_KEY.get(name, name)], int):
            numbers = {int(n) for n in re.findall(r"(?<![\w.])\d+(?![\w.])", row)}
            for bound in _bounds(name):
                if bound not in numbers:
                    wrong.append(f"{PREFIX}{name}: README does not give the bound {bound}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("page", [p for p in PAGES if p != README], ids=_name)
def test_settings_tables_in_the_docs_give_the_defaults(page: Path) -> None:
    defaults = load_config({})
    for name, (cell, _) in _settings_rows(page).items():
        documented = re.sub(r"\s*\(.*\)$", "", cell).strip("`")
        assert documented == _shown(defaults[CONFIG_KEY.get(name, name)]), (page, name)


def test_quoted_setting_errors_are_what_the_collector_says() -> None:
    quoted = [
        (page, m)
        for page in PAGES
        for m in re.finditer(
            rf"Error: ({PREFIX}(\w+)\s[^`]*?,\s+not\s+'([^']*)')", _text(page), re.DOTALL
        )
    ]
    assert quoted, "README quotes one such message as an example"
    for page, match in quoted:
        message, name, value = match.groups()
        with pytest.raises(ConfigError) as refused:
            load_config({PREFIX + name: value})
        said = " ".join(str(refused.value).split())
        assert " ".join(message.split()) in said, f"{_name(page)}: {message!r}; it says {said!r}"


def _flask_commands() -> dict[str, set[str]]:
    """Every ``flask --app collector`` command with its options."""
    from flask.cli import FlaskGroup

    from collector import create_app

    group = FlaskGroup(create_app=create_app)
    app = create_app({"TESTING": True, "OUTPUT_DIR": ROOT / "nothing", "DATA_DIR": "unused"})
    commands = {**group.commands, **app.cli.commands}  # run, shell, routes and ours
    return {
        name: {opt for param in command.params for opt in param.opts + param.secondary_opts}
        for name, command in commands.items()
    }


def _options_after(text: str, start: int) -> list[str]:
    """The options on the rest of the line, up to a comment, a pipe or a code span's end."""
    rest = re.split(r"`| #| \| | > ", text[start:].split("\n", 1)[0])[0]
    return re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", rest)


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_commands_shown_exist_with_their_options(page: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # create_app must not touch the checkout
    text = _text(page)
    commands = _flask_commands()
    build_options = {o for param in build_command.params for o in param.opts} | {"-h", "--help"}
    wrong = []
    for match in re.finditer(r"flask --app collector ([a-z][\w-]*)", text):
        where = f"{_name(page)}:{_line(text, match.start())}"
        name = match.group(1)
        if name not in commands:
            wrong.append(f"{where}: there is no command {name!r}")
            continue
        for option in _options_after(text, match.end()):
            if option not in commands[name] | {"--help"}:
                wrong.append(f"{where}: {name} has no option {option}")
    for match in re.finditer(r"build\.py\b", text):
        for option in _options_after(text, match.end()):
            if option not in build_options:
                wrong.append(
                    f"{_name(page)}:{_line(text, match.start())}: build.py has no {option}"
                )
    assert not wrong, "\n".join(wrong)


def test_theme_table_lists_every_page_template() -> None:
    text = _text(ROOT / "docs" / "theme.md")
    section = text.split("## Overriding the theme", 1)[1].split("\n## ", 1)[0]
    listed = {
        name
        for row in section.splitlines()
        if row.startswith("| `")
        for name in re.findall(r"`([\w/.]+)`", row.split("|")[1])
    }
    templates = {p.name for p in (ROOT / "site_templates").glob("*.html")}
    expected = templates | {f"static/{name}" for name in STATIC_FILES}
    assert listed == expected, (
        f"docs/theme.md leaves out {sorted(expected - listed)}, "
        f"and lists {sorted(listed - expected)} that are not in site_templates/"
    )


def test_readme_page_sizes_are_current(tmp_path: Path) -> None:
    """README quotes what the example form travels as; a theme change moves those numbers."""
    from collector.builder import build_site

    said = re.search(
        r"travels as ([\d.]+) KiB \(brotli\) or ([\d.]+) KiB \(gzip\) instead of ([\d.]+) KiB",
        _text(README),
    )
    assert said, "README no longer gives the example page's sizes in this form"
    build_site(ROOT / "questionnaires", tmp_path / "output")
    page = tmp_path / "output" / "exit-en" / "index.html"
    actual = [Path(f"{page}{suffix}").stat().st_size for suffix in (".br", ".gz", "")]
    for documented, size in zip(map(float, said.groups()), actual, strict=True):
        assert abs(documented * 1024 - size) <= 0.1 * size, (
            f"README says {documented} KiB, the page is {size / 1024:.1f} KiB now"
        )
