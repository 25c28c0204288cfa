"""Questionnaires the builder would pass over without a word: a name not ending in '.md'.

Notepad saves 'exit-fr.md' as 'exit-fr.md.txt' unless told otherwise, and Windows hides the
'.txt'; other editors suggest '.markdown'. The builder reads only '.md' files, so such a
form never reached the site and the build said all was well. Each is reported at line 1 as
a mistake, like a folder named like a questionnaire (source_entry), so that the form cannot
vanish without a word. A '.txt' file is one only when it starts with front matter: notes
beside the questionnaires stay allowed.
"""

from __future__ import annotations

from pathlib import Path

from .problems import Problems

#: Endings of a file meant as a questionnaire; the builder reads '.md' (any case) only.
_MARKDOWN_ENDINGS = (".md.txt", ".markdown", ".mdown", ".mkd", ".mkdn", ".md.markdown")


def check_misnamed_questionnaires(folder: Path, shown_folder: str, problems: Problems) -> None:
    """Report each file in ``folder`` that is meant as a questionnaire but not named '.md'."""
    prefix = f"{shown_folder}/" if shown_folder not in ("", ".") else ""
    for path in _files(folder):
        meant = _meant_name(path)
        if meant is None:
            continue
        ending = path.name[len(meant) - len(".md") :]
        notepad = (
            "; Notepad adds '.txt' unless 'Save as type' is 'All files'"
            if ending.lower().endswith(".txt")
            else ""
        )
        problems.add(
            f"{prefix}{path.name}",
            1,
            "this questionnaire is not built: the builder reads only files whose name ends "
            f"in '.md', and this one ends in '{ending}'",
            f"rename it to '{meant}'{notepad}; to keep it as a draft, start its name with '_'",
        )


def _files(folder: Path) -> list[Path]:
    """The plain files in ``folder`` that are no draft; none when it cannot be listed or
    looked into (the questionnaires themselves are reported then, in their own words)."""
    try:
        return [
            path
            for path in sorted(folder.iterdir())
            if not path.name.startswith(("_", ".")) and path.is_file()
        ]
    except OSError:
        return []


def _meant_name(path: Path) -> str | None:
    """The '.md' name ``path`` was meant to have, or None when it is not a questionnaire."""
    lower = path.name.lower()
    for ending in _MARKDOWN_ENDINGS:
        if lower.endswith(ending) and len(lower) > len(ending):
            return path.name[: -len(ending)] + ".md"
    if lower.endswith(".txt") and _starts_with_front_matter(path):
        return path.name[: -len(".txt")] + ".md"
    return None


def _starts_with_front_matter(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            first = file.readline(16)
    except OSError:
        return False
    return first.removeprefix(b"\xef\xbb\xbf").rstrip() == b"---"
