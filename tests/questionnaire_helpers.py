"""A small questionnaire and the builder run as HR runs it, for the builder's tests; and
one short exit survey in five languages, for the tests of questionnaires in several."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import NamedTuple

from click.testing import CliRunner

from collector.build_command import build_command
from collector.builder import compile_forms
from collector.texts_file import STILL_ENGLISH

HEAD = """---
title: Exit survey
language: en
privacy: Only HR reads the answers. Taking part is voluntary.
---

## About leaving {#leaving}

"""
DEPARTURE = """### How did your job end? {#departure}
- type: single choice
- choices:
  - voluntary: I resigned
  - dismissed: I was dismissed
"""


#: The page's English words as HR copies them to translate (docs/texts-en.yml).
TEXTS_EN = (Path(__file__).resolve().parents[1] / "docs" / "texts-en.yml").read_text(
    encoding="utf-8"
)


def translated_texts(words: dict[str, str]) -> str:
    """A texts file: docs/texts-en.yml with each quoted English text of ``words`` replaced."""
    text = TEXTS_EN
    for english, translation in words.items():
        assert english in text, f"not in docs/texts-en.yml: {english}"
        text = text.replace(english, translation)
    return text


def without_words(texts: str, names: tuple[str, ...]) -> str:
    """A texts file ``texts`` without the words ``names``: the page shows them in English."""
    return "\n".join(line for line in texts.splitlines() if line.strip().split(":")[0] not in names)


#: A short Hebrew questionnaire: a required choice, a number and a long text with a limit,
#: in two sections (the page words a texts file lacks are then English: round 24).
HEBREW_SHORT = """---
title: סקר עזיבה
language: he
privacy: רק צוות משאבי אנוש קורא את התשובות.
---

## העזיבה שלך {#leaving}

### איך הסתיימה העבודה שלך? {#departure}
- type: single choice
- required: yes
- choices:
  - voluntary: התפטרתי
  - dismissed: פוטרתי

### כמה שנים עבדת אצלנו? {#years}
- type: number
- min: 0
- max: 7

## לסיום {#finally}

### מה היה גורם לך להישאר? {#stay}
- type: long text
- max length: 20
"""


def write(project: Path, text: str, name: str = "leavers.md") -> Path:
    """``text`` as questionnaires/``name`` in ``project`` (the current folder in tests)."""
    path = project / "questionnaires" / name
    path.write_text(text, encoding="utf-8")
    return path


def compile_text(project: Path, text: str, name: str = "t.md") -> tuple[list, list[str]]:
    """The forms and the problems, as printed, of questionnaires/ with ``text`` in it."""
    write(project, text, name)
    forms, problems, _ = compile_forms(Path("questionnaires"))
    return forms, [str(p) for p in problems]


def build(*args: str) -> tuple[int, str]:
    """``python build.py *args``: its exit code and output."""
    result = CliRunner().invoke(build_command, list(args), catch_exceptions=False)
    return result.exit_code, result.output


#: The example questionnaires in the repository, as HR start from them.
EXAMPLE_FILES = ("exit-en.md", "exit-nl.md", "ids.lock.json")


def build_examples(project: Path) -> dict[str, bytes]:
    """The repository's example questionnaires copied into ``project`` and built; the bytes
    of every file in its output/, to compare after a build that must leave it alone."""
    examples = Path(__file__).resolve().parent.parent / "questionnaires"
    for name in EXAMPLE_FILES:
        shutil.copy(examples / name, project / "questionnaires" / name)
    code, output = build()
    assert code == 0, output
    return site_bytes(project)


def site_bytes(project: Path) -> dict[str, bytes]:
    """Every file in ``project``'s output/ and its bytes."""
    out = project / "output"
    return {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def fails_leaving_site(project: Path, site: dict[str, bytes], *args: str) -> list[str]:
    """The problem lines of a build that must fail (exit 1, no traceback) and leave output/
    as ``site`` had it."""
    code, output = build(*args)
    assert code == 1, output
    assert "Traceback" not in output
    assert site_bytes(project) == site
    return [line for line in output.splitlines() if line.startswith("questionnaires/")]


class Words(NamedTuple):
    """One language version's words for the short survey of ``language_version``."""

    title: str
    privacy: str
    question: str
    voluntary: str
    dismissed: str
    stay: str
    contact: str
    thanks: str


#: The short survey's words in each language.
VERSION_WORDS = {
    "en": Words(
        "Exit survey",
        "Only the HR team reads single answers. Taking part is voluntary.",
        "How did your employment end?",
        "I resigned myself",
        "My employer ended my employment",
        "What would have made you stay?",
        "Questions? Ask Petra in HR, room 2.14.",
        "Thank you, and all the best for the future.",
    ),
    "nl": Words(
        "Vertrekenquête",
        "Alleen het HR-team leest losse antwoorden. Meedoen is vrijwillig.",
        "Hoe is je dienstverband geëindigd?",
        "Ik heb zelf ontslag genomen",
        "Mijn werkgever heeft mijn dienstverband beëindigd",
        "Wat had ervoor gezorgd dat je was gebleven?",
        "Vragen? Vraag het Petra van HR, kamer 2.14.",
        "Bedankt, en het allerbeste voor de toekomst.",
    ),
    "de": Words(
        "Austrittsbefragung",
        "Nur das HR-Team liest einzelne Antworten. Die Teilnahme ist freiwillig.",
        "Wie endete Ihr Arbeitsverhältnis?",
        "Ich habe selbst gekündigt",
        "Mein Arbeitgeber hat mir gekündigt",
        "Was hätte Sie zum Bleiben bewogen?",
        "Fragen? Wenden Sie sich an Petra, Raum 2.14.",
        "Vielen Dank und alles Gute für die Zukunft.",
    ),
    "he": Words(
        "סקר עזיבה",
        "רק צוות משאבי האנוש קורא תשובות בודדות. ההשתתפות היא מרצון.",
        "איך הסתיימה העסקתך?",
        "אני התפטרתי מרצוני",
        "המעסיק שלי סיים את העסקתי",
        "מה היה גורם לך להישאר?",
        "שאלות? פנו לפטרה במשאבי אנוש, חדר 2.14.",
        "תודה רבה, ובהצלחה בהמשך הדרך.",
    ),
    "ja": Words(
        "退職者アンケート",
        "個々の回答を読むのは人事チームだけです。参加は任意です。",
        "雇用はどのように終了しましたか？",
        "自己都合で退職した",
        "会社都合で退職した",
        "何があれば残っていましたか？",
        "ご質問は人事部のペトラまで（2.14号室）。",
        "ご回答ありがとうございました。",
    ),
}
#: The page's own words for the languages without built-in ones: the name and the links.
PAGE_WORDS = {
    "de": ("Deutsch", "Dieser Fragebogen auf Deutsch", "Diese Seite auf Deutsch"),
    "he": ("עברית", "השאלון הזה בעברית", "הדף הזה בעברית"),
    "ja": ("日本語", "このアンケートの日本語版", "このページの日本語版"),
}


def language_version(
    language: str, translation: str | None, *, contact: bool = False, stay: bool = False
) -> str:
    """The short survey in ``language``: its 'translation:' line (none for None) on line 4,
    'contact:' on line 7 if asked for, and the question 'stay' after 'departure' if asked."""
    words = VERSION_WORDS[language]
    link = f"translation: {translation}\n" if translation else ""
    contact_line = f"contact: {words.contact}\n" if contact else ""
    text = (
        f"---\ntitle: {words.title}\nlanguage: {language}\n{link}privacy: {words.privacy}\n"
        f"thank_you: {words.thanks}\n{contact_line}---\n\n"
        f"## {words.title} {{#leaving}}\n\n"
        f"### {words.question} {{#departure}}\n- type: single choice\n- choices:\n"
        f"  - voluntary: {words.voluntary}\n  - dismissed: {words.dismissed}\n"
    )
    if stay:
        text += f"\n### {words.stay} {{#stay}}\n- type: long text\n"
    return text


def page_words_files(languages: tuple[str, ...] = tuple(PAGE_WORDS)) -> dict[str, str]:
    """texts-<language>.yml for each of ``languages`` (of ``PAGE_WORDS``), by file name:
    docs/texts-en.yml with the language's name and the two links translated."""
    files = {}
    for language in languages:
        name, this_in, this_page = PAGE_WORDS[language]
        files[f"texts-{language}.yml"] = translated_texts(
            {
                '"English"': f'"{name}"',
                '"This questionnaire in English"': f'"{this_in}"',
                '"This page in English"': f'"{this_page}"',
            }
        )
    return files


def write_page_words(project: Path, languages: tuple[str, ...] = tuple(PAGE_WORDS)) -> None:
    """``page_words_files(languages)`` in questionnaires/ of ``project``."""
    for name, text in page_words_files(languages).items():
        (project / "questionnaires" / name).write_text(text, "utf-8")


def without_english_warnings(output: str) -> str:
    """``output`` of a build without its warnings that a text of a texts file is still the
    English one (round 26): the texts files of these tests translate only the words they
    are about."""
    return "".join(line for line in output.splitlines(keepends=True) if STILL_ENGLISH not in line)
