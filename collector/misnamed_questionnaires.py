"""Questionnaires the builder would pass over without a word: a name not ending in '.md'.

Notepad saves 'exit-fr.md' as 'exit-fr.md.txt' unless told otherwise, and Windows hides the
'.txt'; other editors suggest '.markdown'. The builder reads only '.md' files, so such a
form never reached the site and the build said all was well. Each is reported at line 1 as
a mistake, like a folder named like a questionnaire (source_entry), so that the form cannot
vanish without a word. A '.txt' file is one only when it starts with front matter (a '---'
line, then a setting such as 'title:'), and a README is never one: notes beside the
questionnaires stay allowed, as README.md does (builder.questionnaire_files).
"""

from __future__ import annotations

import re
from pathlib import Path

from .front_matter import FRONT_MATTER_KEYS
from .problems import Problems
from .questionnaire_names import is_draft_or_hidden
from .yaml_source import normalise_key

#: Endings of a file meant as a questionnaire; the builder reads '.md' (any case) only.
#: Longest first: 'x.md.markdown' is meant as 'x.md', not 'x.md.md'.
_MARKDOWN_ENDINGS = (".md.markdown", ".md.txt", ".markdown", ".mdown", ".mkdn", ".mkd")
#: 'title: Exit survey' at the start of a line: a front matter setting's name.
_SETTING_NAME = re.compile(rb"^([A-Za-z][\w -]*?)\s*:")
#: How far into a '.txt' file its front matter is looked for.
_FRONT_MATTER_LINES = 50


def check_misnamed_questionnaires(folder: Path, shown_folder: str, problems: Problems) -> None:
    """Report each file in ``folder`` that is meant as a questionnaire but not named '.md'."""
    prefix = f"{shown_folder}/" if shown_folder not in ("", ".") else ""
    for path in _files(folder):
        meant = meant_name(path)
        if meant is None:
            continue
        ending = path.name[len(meant) - len(".md") :]
        notepad = (
            "; Notepad adds '.txt' unless 'Save as type' is 'All files'"
            if ending.lower().endswith(".txt")
            else ""
        )
        if (folder / meant).exists():
            # Renamed, it would replace the questionnaire it is most often a copy of.
            fix = (
                f"there is an '{meant}' already: if this is an old copy of it, delete it; if it "
                f"is the newer one, copy what you changed into '{meant}' and delete this file"
            )
        else:
            fix = f"rename it to '{meant}'"
        problems.add(
            f"{prefix}{path.name}",
            1,
            "this questionnaire is not built: the builder reads only files whose name ends "
            f"in '.md', and this one ends in '{ending}'",
            f"{fix}{notepad}; to keep it as a draft, start its name with '_'",
        )


def _files(folder: Path) -> list[Path]:
    """The plain files in ``folder`` that are no draft; none when it cannot be listed or
    looked into (the questionnaires themselves are reported then, in their own words)."""
    try:
        return [
            path
            for path in sorted(folder.iterdir())
            if not is_draft_or_hidden(path.name) and path.is_file()
        ]
    except OSError:
        return []


def meant_name(path: Path) -> str | None:
    """The '.md' name ``path`` was meant to have, or None when it is not a questionnaire."""
    lower = path.name.lower()
    if lower.startswith("readme."):
        return None
    for ending in _MARKDOWN_ENDINGS:
        if lower.endswith(ending) and len(lower) > len(ending):
            return path.name[: -len(ending)] + ".md"
    if lower.endswith(".txt") and starts_with_front_matter(path):
        return path.name[: -len(".txt")] + ".md"
    return None


def starts_with_front_matter(path: Path) -> bool:
    """Whether ``path`` starts with a '---' line and a questionnaire's setting below it
    ('title:', 'language:', ...), before any second '---': a note may start with a rule."""
    try:
        with path.open("rb") as file:
            lines = [file.readline(200) for _ in range(_FRONT_MATTER_LINES)]
    except OSError:
        return False
    if lines[0].removeprefix(b"\xef\xbb\xbf").rstrip() != b"---":
        return False
    for line in lines[1:]:
        if line.rstrip() == b"---":
            return False
        name = _SETTING_NAME.match(line)
        if name and normalise_key(name.group(1).decode("ascii")) in FRONT_MATTER_KEYS:
            return True
    return False
