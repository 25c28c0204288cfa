"""Questionnaires in a subfolder of the questionnaire folder, which the builder does not read.

HR may move a survey into 'questionnaires/archive/' on purpose, or a Git website's "new
file" may put 'exit-fr.md' into 'questionnaires/2024/' by mistake; either way the form
was not built and the build said nothing. One warning per build names them (the first
few, and how many more) and says how to build one or to keep them there without the
warning: a folder whose name starts with '_' is a drafts folder, never read.

A file counts when it starts with front matter, as every questionnaire does, so that notes
in a subfolder stay allowed, as README.md does beside the questionnaires.
"""

from __future__ import annotations

import os
from pathlib import Path

from .misnamed_questionnaires import meant_name, starts_with_front_matter
from .problems import Problems, listed
from .questionnaire_names import is_draft_or_hidden


def check_subfolder_questionnaires(
    folder: Path, shown_folder: str, problems: Problems, *, any_built: bool
) -> bool:
    """Report the questionnaires in subfolders of ``folder``: a warning, or an error when
    ``any_built`` is False (the build would have nothing else to build). Whether any were
    found."""
    found = _questionnaires_in_subfolders(folder)
    if not found:
        return False
    prefix = f"{shown_folder}/" if shown_folder not in ("", ".") else ""
    names = [path.relative_to(folder).as_posix() for path in found]
    first = f"{prefix}{names[0]}"
    if len(names) == 1:
        what = "this questionnaire is in a subfolder, and the builder reads only the files "
    else:
        what = (
            f"this questionnaire and {len(names) - 1} more are in subfolders ("
            f"{listed(names[1:])}), and the builder reads only the files "
        )
    where = f"'{shown_folder}/'" if prefix else "the questionnaire folder"
    if any_built:
        fix = (
            f"to build one, move it up into {where}, or, if a file of that name is there "
            "already, copy what you changed into that one; to keep them where they are "
            "without this warning, start the subfolder's name with '_', e.g. '_archive'"
        )
    else:
        fix = (
            f"move {'it' if len(names) == 1 else 'the ones to build'} up into {where}: "
            "there is no questionnaire directly in it, so there is nothing to build"
        )
    problems.add(
        first,
        1,
        f"{what}directly in {where}: {'it is' if len(names) == 1 else 'they are'} not built",
        fix,
        warning=any_built,
    )
    return True


def _questionnaires_in_subfolders(folder: Path) -> list[Path]:
    """Files below ``folder``'s subfolders meant as questionnaires, sorted; drafts and
    hidden folders left out. Links to folders are not followed: a loop would never end."""
    found = []
    try:
        top = [e for e in folder.iterdir() if e.is_dir() and not e.is_symlink()]
    except OSError:
        return []
    for subfolder in top:
        if is_draft_or_hidden(subfolder.name):
            continue
        for root, folders, files in os.walk(subfolder):
            folders[:] = [name for name in folders if not is_draft_or_hidden(name)]
            for name in files:
                path = Path(root, name)
                if not is_draft_or_hidden(name) and _meant_as_questionnaire(path):
                    found.append(path)
    return sorted(found)


def _meant_as_questionnaire(path: Path) -> bool:
    """A plain file named '.md' (or misnamed as one) that starts with front matter."""
    if not path.is_file():
        return False  # a named pipe would hold the build up for ever when read
    is_markdown = path.suffix.lower() == ".md" and path.name.lower() != "readme.md"
    return (is_markdown or meant_name(path) is not None) and starts_with_front_matter(path)
