"""Which questionnaire files are language versions of one questionnaire.

``translation:`` names one other file, or several separated by commas. The names link
files, and everything linked is one questionnaire: an English original that names its
Dutch, German, Hebrew and Japanese versions, each of which names only the English one, is
one questionnaire in five languages, whose answers land in one dataset.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field

from .parser import ParsedFile
from .problems import Problems


@dataclass
class Group:
    """The language versions of one questionnaire; ``reference`` is the one the others are
    checked against (the file most of the others name: the original)."""

    files: list[ParsedFile]
    reference: ParsedFile
    links: list[tuple[ParsedFile, ParsedFile]] = field(default_factory=list)


def translation_names(value: str | None) -> list[str]:
    """The file names of a ``translation:`` setting, without folders: 'a.md, b.md'."""
    if not value:
        return []
    return [n.strip().rsplit("/", 1)[-1] for n in value.split(",") if n.strip()]


def translation_groups(
    files: list[ParsedFile], source_dir_name: str, problems: Problems
) -> list[Group]:
    """The groups of two or more files linked by ``translation:``, each with one file per
    language; every name that links nothing, and every group with two files in one
    language, is reported (such a group is left out: its comparisons would only repeat
    that)."""
    by_name = {f.path.rsplit("/", 1)[-1]: f for f in files}
    leader: dict[str, str] = {f.path: f.path for f in files}

    def find(path: str) -> str:
        while leader[path] != path:
            leader[path] = leader[leader[path]]
            path = leader[path]
        return path

    links: list[tuple[ParsedFile, ParsedFile]] = []
    for parsed in files:
        if parsed.form is None:
            continue
        line = parsed.line_of.get("translation", 1)
        for name in translation_names(parsed.translation):
            other = by_name.get(name)
            if other is None:
                problems.add(
                    parsed.path,
                    line,
                    f"the translation '{name}' does not exist",
                    _missing_translation_fix(parsed, name, files, source_dir_name),
                )
                continue
            if other is parsed:
                problems.add(
                    parsed.path,
                    line,
                    "a questionnaire cannot be its own translation",
                    "name the file of the other language version",
                )
                continue
            if other.form is None:
                continue  # its own problems are reported already
            if other.form.language == parsed.form.language:
                problems.add(
                    parsed.path,
                    line,
                    f"'{name}' is in the same language ({parsed.form.language})",
                    "a translation must be in the other language: correct 'language:' on line "
                    f"{parsed.line_of.get('language', 1)} here or on line "
                    f"{other.line_of.get('language', 1)} of '{name}', or name the other "
                    "language's file here",
                )
                continue
            links.append((parsed, other))
            leader[find(parsed.path)] = find(other.path)
    _warn_one_way_links(links, by_name, problems)
    members: dict[str, list[ParsedFile]] = {}
    for parsed in files:
        if parsed.form is not None:
            members.setdefault(find(parsed.path), []).append(parsed)
    groups = []
    for group in members.values():
        if len(group) < 2 or not _one_per_language(group, problems):
            continue
        inside = {f.path for f in group}
        named = Counter(b.path for a, b in links if a.path in inside)
        reference = min(group, key=lambda f: (-named[f.path], f.path))
        own = [(a, b) for a, b in links if a.path in inside]
        groups.append(Group(files=group, reference=reference, links=own))
    return groups


def _warn_one_way_links(
    links: list[tuple[ParsedFile, ParsedFile]],
    by_name: dict[str, ParsedFile],
    problems: Problems,
) -> None:
    """Warn where a file names one that has a 'translation:' line of its own which does
    not lead back to it: most often a line copied along with another survey's file, which
    silently pours that survey's answers into this one's dataset. A file without the line
    (the original that every version names) is fine, and so is a ring of names."""
    for parsed, other in links:
        own = parsed.path.rsplit("/", 1)[-1]
        names = _named(other)
        reached = _reachable(other, by_name)
        if not names or own in reached or any(n not in by_name for n in reached):
            continue  # a name that links nothing is an error already, whose fix says more
        name = other.path.rsplit("/", 1)[-1]
        problems.add(
            parsed.path,
            parsed.line_of.get("translation", 1),
            f"this file names '{name}', whose 'translation:' line names "
            f"{', '.join(repr(n) for n in names)} and does not lead back here: this file's "
            f"answers still join the dataset of {name}'s questionnaire",
            f"add {own} to {name}'s translation line if it is a version of that "
            "questionnaire, or remove this line",
            warning=True,
        )


def _reachable(start: ParsedFile, by_name: dict[str, ParsedFile]) -> set[str]:
    """The file names that ``start``'s 'translation:' line leads to, directly or through
    the lines of the files it names."""
    seen: set[str] = set()
    todo = _named(start)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        if name in by_name:
            todo.extend(_named(by_name[name]))
    return seen


def _one_per_language(group: list[ParsedFile], problems: Problems) -> bool:
    """Report every file of ``group`` whose language an earlier file has (a name copied
    from another questionnaire's file links the two questionnaires)."""
    first: dict[str, ParsedFile] = {}
    fine = True
    for parsed in sorted(group, key=lambda f: f.path):
        assert parsed.form is not None
        language = parsed.form.language
        if language not in first:
            first[language] = parsed
            continue
        fine = False
        problems.add(
            parsed.path,
            parsed.line_of.get("translation", 1),
            f"this file and {first[language].path} are both in '{language}', and "
            "'translation:' lines link them as versions of one questionnaire",
            "a questionnaire has one file per language: check the file names after "
            "'translation:' here and in the files they name",
        )
    return fine


def _missing_translation_fix(
    parsed: ParsedFile, wanted: str, files: list[ParsedFile], source_dir_name: str
) -> str:
    """How to fix a 'translation:' that names no file: the file that names this one as its
    translation, a file whose name is nearly the same, or the usual name."""
    own = parsed.path.rsplit("/", 1)[-1]
    listed = _named(parsed)
    parts = re.split(r"[;\s]+", wanted)
    if ";" in wanted or sum(p.endswith(".md") for p in parts) > 1:
        # 'a-nl.md; a-de.md' is one name that exists nowhere: a hint about one of its
        # parts would drop the others.
        line = ", ".join(n for name in listed for n in _split(name, wanted))
        return f"separate the names with commas: 'translation: {line}'"
    others = [f for f in files if f is not parsed]
    names = [f.path.rsplit("/", 1)[-1] for f in others]
    for f, name in zip(others, names, strict=True):
        if own in translation_names(f.translation) and name not in listed:
            return f"did you mean '{name}'? It names this file as its translation"
    close = [n for n in names if n.lower() == wanted.lower()]
    close = close or difflib.get_close_matches(wanted, names, n=1, cutoff=0.8)
    if close and close[0] not in listed:  # never "use a-nl.md" where the line has it
        return f"did you mean '{close[0]}'?"
    if len(listed) > 1 or close:
        already = f"'{close[0]}' is in this line already; " if close else ""
        return (
            f"{already}give the file name of that language version in {source_dir_name}/, "
            "or leave the name out until that translation is written"
        )
    later = "or leave the line out until the translation is written"
    if _suggest(parsed) == wanted:  # the usual name: the file is not there yet
        return f"add the other language version as {source_dir_name}/{wanted}, {later}"
    return (
        f"give the file name of the other language version in {source_dir_name}/, e.g. "
        f"'translation: {_suggest(parsed)}', {later}"
    )


def _split(name: str, wanted: str) -> list[str]:
    return [p for p in re.split(r"[;\s]+", name) if p] if name == wanted else [name]


def _named(parsed: ParsedFile) -> list[str]:
    return translation_names(parsed.translation)


def _suggest(parsed: ParsedFile) -> str:
    stem = parsed.path.rsplit("/", 1)[-1].removesuffix(".md")
    language = parsed.form.language if parsed.form else "en"
    other = "nl" if language == "en" else "en"
    if stem.endswith(f"-{language}"):
        return stem[: -len(language)] + other + ".md"
    return f"{stem}-{other}.md"
