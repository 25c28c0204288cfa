"""A questionnaire in many languages and how their versions link to each other."""

from __future__ import annotations

from questionnaire_helpers import language_version

LANGUAGES = ("en", "nl", "de", "he", "ja")


def questionnaire(language: str, translation: str | None) -> str:
    """The survey's version in ``language``, with its two questions."""
    return language_version(language, translation, stay=True)


def others(language: str) -> str:
    return ", ".join(f"leaving-{o}.md" for o in LANGUAGES if o != language)


#: Every file names all the others; or every translation names the English original,
#: which names them all; or each names only the English one and English names one of them.
LINKINGS = {
    "all name all": {language: others(language) for language in LANGUAGES},
    "star around English": {
        **{language: "leaving-en.md" for language in LANGUAGES},
        "en": others("en"),
    },
    "each names English": {
        **{language: "leaving-en.md" for language in LANGUAGES},
        "en": "leaving-nl.md",
    },
}
