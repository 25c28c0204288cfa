"""Round 23 follow-ups on questionnaires in several languages: a 'translation:' line copied
along with another survey's file, names separated by something else than commas, and the
'contact' warning in a questionnaire with three versions."""

from __future__ import annotations

from pathlib import Path

import pytest
from questionnaire_helpers import (
    build,
    language_version,
    without_english_warnings,
    write,
    write_page_words,
)


def write_versions(
    project: Path, links: dict[str, str | None], contacts: tuple[str, ...] = ()
) -> None:
    """<stem>-<language>.md for each 'file stem-language' key of ``links``, with its value
    as 'translation:'; a German texts file when a German version is among them."""
    for name, translation in links.items():
        language = name.removesuffix(".md").rsplit("-", 1)[1]
        text = language_version(language, translation, contact=name in contacts)
        write(project, text, name)
    write_page_words(project, ("de",))


def lines(output: str, words: str) -> list[str]:
    return [line for line in output.splitlines() if words in line]


# 1. A one-way link to a file whose own line does not lead back.


def test_a_translation_line_copied_along_with_another_survey_is_a_warning(
    project: Path,
) -> None:
    """b-de.md is another survey with the same questions, made from a copy that kept
    'translation: a-en.md': its answers would silently join a-en's dataset."""
    write_versions(project, {"a-en.md": "a-nl.md", "a-nl.md": "a-en.md", "b-de.md": "a-en.md"})
    code, output = build("--check")
    assert code == 0, output
    assert lines(output, "does not lead back") == [
        "questionnaires/b-de.md:4: warning: this file names 'a-en.md', whose 'translation:' "
        "line names 'a-nl.md' and does not lead back here: this file's answers still join "
        "the dataset of a-en.md's questionnaire (add b-de.md to a-en.md's translation line "
        "if it is a version of that questionnaire, or remove this line)"
    ]
    code, output = build("--check", "--strict")
    assert code == 1, output


def test_a_version_made_from_a_translation_names_the_file_that_forgets_it(
    project: Path,
) -> None:
    write_versions(project, {"a-en.md": "a-nl.md", "a-nl.md": "a-en.md", "a-de.md": "a-nl.md"})
    code, output = build("--check")
    assert code == 0, output
    assert [line.split(" (")[-1] for line in lines(output, "does not lead back")] == [
        "add a-de.md to a-nl.md's translation line if it is a version of that "
        "questionnaire, or remove this line)"
    ]


@pytest.mark.parametrize(
    "links",
    [
        # The documented star: each version names the original, which names them all ...
        {"a-en.md": "a-nl.md, a-de.md", "a-nl.md": "a-en.md", "a-de.md": "a-en.md"},
        # ... or has no line at all.
        {"a-en.md": None, "a-nl.md": "a-en.md", "a-de.md": "a-en.md"},
        # A ring: each file leads back to every other through the next one.
        {"a-en.md": "a-nl.md", "a-nl.md": "a-de.md", "a-de.md": "a-en.md"},
        # Everything names everything.
        {"a-en.md": "a-nl.md, a-de.md", "a-nl.md": "a-en.md, a-de.md", "a-de.md": "a-en.md"},
    ],
    ids=["original names all", "original names none", "ring", "all name all"],
)
def test_the_documented_ways_of_linking_stay_silent(
    project: Path, links: dict[str, str | None]
) -> None:
    write_versions(project, links)
    code, output = build("--check")
    assert code == 0, output
    assert "warning" not in without_english_warnings(output), output


# 2. Hints for a line with several names.


@pytest.mark.parametrize("separator", ["; ", " ", ";"])
def test_names_separated_by_something_else_are_told_to_use_commas(
    project: Path, separator: str
) -> None:
    write_versions(
        project,
        {"a-en.md": f"a-nl.md{separator}a-de.md", "a-nl.md": "a-en.md", "a-de.md": "a-en.md"},
    )
    code, output = build("--check")
    assert code == 1
    assert lines(output, "does not exist") == [
        f"questionnaires/a-en.md:4: the translation 'a-nl.md{separator}a-de.md' does not "
        "exist (separate the names with commas: 'translation: a-nl.md, a-de.md')"
    ]


@pytest.mark.parametrize("wrong", ["a-nl2.md", "A-NL.md", "a-nl.md.md"])
def test_a_missing_name_is_never_told_to_use_a_name_the_line_has(project: Path, wrong: str) -> None:
    write_versions(
        project,
        {"a-en.md": f"a-nl.md, a-de.md, {wrong}", "a-nl.md": "a-en.md", "a-de.md": "a-en.md"},
    )
    code, output = build("--check")
    assert code == 1
    assert lines(output, "does not exist") == [
        f"questionnaires/a-en.md:4: the translation '{wrong}' does not exist ('a-nl.md' is "
        "in this line already; give the file name of that language version in "
        "questionnaires/, or leave the name out until that translation is written)"
    ]


def test_a_missing_name_in_a_list_is_not_answered_with_a_line_of_one_name(
    project: Path,
) -> None:
    """Not "e.g. 'translation: a-nl.md'": that would drop a-de.md, and a-nl.md is there."""
    write_versions(
        project,
        {"a-en.md": "a-nl.md, a-de.md, a-fr.md", "a-nl.md": "a-en.md", "a-de.md": "a-en.md"},
    )
    code, output = build("--check")
    assert code == 1
    assert lines(output, "does not exist") == [
        "questionnaires/a-en.md:4: the translation 'a-fr.md' does not exist (give the file "
        "name of that language version in questionnaires/, or leave the name out until that "
        "translation is written)"
    ]


# 3. The contact warning in a questionnaire with three versions.

STAR = {"a-en.md": "a-nl.md, a-de.md", "a-nl.md": "a-en.md", "a-de.md": "a-en.md"}


def test_every_version_without_a_contact_is_warned_when_a_translation_has_one(
    project: Path,
) -> None:
    """Only the Dutch version has a contact: the German one lacks it as much as the
    English original does."""
    write_versions(project, STAR, contacts=("a-nl.md",))
    code, output = build("--check")
    assert code == 0, output
    assert lines(output, "has no 'contact'") == [
        "questionnaires/a-de.md:1: warning: this file has no 'contact', but its translation "
        "questionnaires/a-nl.md has one (line 7) (add 'contact:' in de, so that leavers in "
        "every language know whom to ask)",
        "questionnaires/a-en.md:1: warning: this file has no 'contact', but its translation "
        "questionnaires/a-nl.md has one (line 7) (add 'contact:' in English, so that leavers "
        "in every language know whom to ask)",
    ]


def test_a_version_without_a_contact_is_warned_once_however_many_have_one(
    project: Path,
) -> None:
    write_versions(project, STAR, contacts=("a-nl.md", "a-de.md"))
    code, output = build("--check")
    assert code == 0, output
    assert [line.split(":")[0] for line in lines(output, "has no 'contact'")] == [
        "questionnaires/a-en.md"
    ]


def test_a_pair_keeps_its_contact_warning(project: Path) -> None:
    write_versions(project, {"a-en.md": "a-nl.md", "a-nl.md": "a-en.md"}, ("a-en.md",))
    code, output = build("--check")
    assert code == 0, output
    assert lines(output, "has no 'contact'") == [
        "questionnaires/a-nl.md:1: warning: this file has no 'contact', but its translation "
        "questionnaires/a-en.md has one (line 7) (add 'contact:' in Dutch, so that leavers "
        "in both languages know whom to ask)"
    ]
