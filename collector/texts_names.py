"""The names of ``texts-<language>.yml`` files, as HR types them on a Git host's web page.

The builder reads exactly ``texts-<language>.yml``. A file saved as ``texts-DE.yml``,
``texts-de.yaml`` or ``texts_de.yml`` looks right to a person but is never read: without
this module the builder said to copy docs/texts-en.yml, to someone who had done just that.
A file for a language no questionnaire has is never read either, so its mistakes would
wait unseen until the day a questionnaire needs it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from .defaults import LANGUAGES
from .problems import Problems
from .texts_file import texts_file_name

#: What a person may have meant as a texts file: any case, '-', '_' or a space, '.yml' or
#: '.yaml', and an editor's '.txt' after it.
_LOOKS_LIKE = re.compile(r"^texts[-_ ]?(?P<language>[^.]+)\.ya?ml(?:\.txt)?$", re.IGNORECASE)


def _candidates(folder: Path) -> Iterable[tuple[Path, str]]:
    """Each file in ``folder`` that looks like a texts file, with its language in lowercase."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        match = _LOOKS_LIKE.match(path.name)
        if match and path.is_file():
            found.append((path, match.group("language").lower().replace("_", "-")))
    return found


def misnamed_texts_file(folder: Path, language: str) -> str | None:
    """The name of a file in ``folder`` meant as ``texts-<language>.yml`` but named
    otherwise, or None."""
    for path, meant in _candidates(folder):
        if meant == language.lower() and path.name != texts_file_name(language):
            return path.name
    return None


def check_unused_texts(
    folder: Path, shown_folder: str, languages: Iterable[str], problems: Problems
) -> None:
    """Warn about each texts file in ``folder`` that no questionnaire in ``languages`` reads
    (a misnamed one for a language in use is reported at that questionnaire instead)."""
    used = {language for language in languages if language not in LANGUAGES}
    prefix = f"{shown_folder}/" if shown_folder not in ("", ".") else ""
    for path, meant in _candidates(folder):
        if path.name in {texts_file_name(language) for language in used}:
            continue
        exact = next((lang for lang in used if lang.lower() == meant), None)
        if exact is not None and not os.path.lexists(folder / texts_file_name(exact)):
            continue  # the questionnaire's 'language:' line says to rename it
        if exact is not None:
            message = f"this file is not used: the builder reads {texts_file_name(exact)}"
            fix = "keep one of the two files, named " + texts_file_name(exact)
        elif meant in LANGUAGES:
            message = f"this file is not used: the page's words in '{meant}' are built in"
            fix = "remove it"
        else:
            message = (
                f"this file is not used: no questionnaire in this folder has 'language: {meant}'"
            )
            fix = f"write 'language: {meant}' in the questionnaire it is for, or remove it"
        problems.add(f"{prefix}{path.name}", 1, message, fix, warning=True)
