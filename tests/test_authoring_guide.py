"""The authoring guide (docs/authoring.md) must stay true, so HR can trust every line of it.

- Every complete example (a ```markdown block starting with '---') compiles without problems.
  Two blocks marked ``<!-- pair: name -->`` are a Dutch/English pair and are compiled together,
  each under the file name its partner gives in ``translation:``.
- Every shorter ```markdown snippet appears word for word in one of the complete examples.
- Every message in the guide's error table is really produced by some broken input.
- Every question type, front matter setting and question setting is shown in the guide.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from questionnaire_helpers import TEXTS_EN

from collector.builder import compile_forms
from collector.defaults import DEFAULTS, LONG_TEXT_LIMIT, MAX_TEXT_LIMIT, SHORT_TEXT_LIMIT
from collector.id_lock import LOCK_NAME
from collector.parser import FRONT_MATTER_KEYS
from collector.question_types import ALL_KEYS, TYPE_NAMES

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "authoring.md"
TEXT = GUIDE.read_text(encoding="utf-8")

_BLOCK = re.compile(
    r"(?:^<!--\s*pair:\s*(?P<pair>[\w-]+)\s*-->\n)?^```markdown\n(?P<body>.*?)^```$",
    re.MULTILINE | re.DOTALL,
)
_TRANSLATION = re.compile(r"^translation:\s*(\S+)\s*$", re.MULTILINE)


def _blocks() -> list[tuple[int, str | None, str]]:
    """(line, pair name, text) of every ```markdown block in the guide."""
    return [
        (TEXT.count("\n", 0, m.start("body")) + 1, m.group("pair"), m.group("body"))
        for m in _BLOCK.finditer(TEXT)
    ]


COMPLETE = [b for b in _blocks() if b[2].startswith("---")]
SNIPPETS = [b for b in _blocks() if not b[2].startswith("---")]


def _example_sets() -> dict[str, dict[str, str]]:
    """Each complete example as {file name: text}; the two blocks of a pair share one set."""
    sets: dict[str, dict[str, str]] = {}
    pairs: dict[str, list[str]] = {}
    for line, pair, text in COMPLETE:
        if pair is None:
            sets[f"line-{line}"] = {"example.md": text}
        else:
            pairs.setdefault(pair, []).append(text)
    for name, texts in pairs.items():
        assert len(texts) == 2, f"pair '{name}' must mark exactly two blocks, not {len(texts)}"
        first, second = texts
        names = [_TRANSLATION.search(t) for t in (second, first)]
        assert all(names), f"both blocks of pair '{name}' need 'translation:'"
        sets[f"pair-{name}"] = {names[0].group(1): first, names[1].group(1): second}
    return sets


EXAMPLES = _example_sets()


def _compile(project: Path, files: dict[str, str]) -> tuple[list, list[str]]:
    folder = project / "questionnaires"
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    forms, problems, _ = compile_forms(Path("questionnaires"))
    return forms, [str(p) for p in problems]


def test_the_guide_has_complete_examples_and_a_pair():
    assert len(COMPLETE) >= 4
    assert any(name.startswith("pair-") for name in EXAMPLES)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_complete_example_compiles_without_problems(project: Path, name: str):
    files = EXAMPLES[name]
    forms, problems = _compile(project, files)
    assert problems == []
    assert len(forms) == len(files)


@pytest.mark.parametrize(("line", "snippet"), [(b[0], b[2]) for b in SNIPPETS])
def test_snippet_is_part_of_a_complete_example(line: int, snippet: str):
    assert any(snippet in text for _, _, text in COMPLETE), (
        f"docs/authoring.md:{line}: this snippet is not in any complete example, "
        "so it is never checked"
    )


HEAD = """---
title: Exit survey
language: en
privacy: Only HR reads the answers. Taking part is voluntary.
---

"""
SECTION = "## Your departure {#your_departure}\n\n"
DEPARTURE = """### How did your employment end? {#departure}
- type: single choice
- choices:
  - voluntary: I resigned
  - dismissed: My employer ended my employment
"""
STAY = "### What would have made you stay? {#stay}\n- type: long text\n"
GOOD = HEAD + SECTION + DEPARTURE


def _pair(en_body: str, nl_body: str) -> dict[str, str]:
    en = HEAD.replace("language: en", "language: en\ntranslation: x-nl.md")
    nl = (
        HEAD.replace("language: en", "language: nl\ntranslation: x-en.md")
        .replace("Exit survey", "Vertrekenquête")
        .replace(
            "Only HR reads the answers. Taking part is voluntary.",
            "Alleen HR leest de antwoorden. Meedoen is vrijwillig.",
        )
    )
    return {"x-en.md": en + SECTION + en_body, "x-nl.md": nl + SECTION + nl_body}


DEPARTURE_NL = (
    DEPARTURE.replace("How did your employment end?", "Hoe is je dienstverband geëindigd?")
    .replace("I resigned", "Ik heb zelf ontslag genomen")
    .replace("My employer ended my employment", "Mijn werkgever stopte ermee")
)
LOCK = {
    "files": {
        "t.md": {
            "questions": [["what_should_we_improve", "What should we improve?"]],
            "choices": {},
        }
    }
}


def _lock_of_answers(answers: dict) -> str:
    """An ids.lock.json that remembers ``answers`` (ID -> type, scale, choices) of t.md."""
    return json.dumps({"files": {"t.md": {"answers": answers}}})


#: The template a texts file for another language is translated from (docs/texts-en.yml).

#: Every message quoted in the guide's error table -> input that produces it. A value is the
#: text of questionnaires/t.md, or {file name: text} for several files.
BROKEN: dict[str, str | dict[str, str]] = {
    "the file must start with front matter: a line '---', the settings, and '---'": SECTION
    + DEPARTURE,
    "the front matter is not closed": HEAD.replace("---\n\n", "") + SECTION + DEPARTURE,
    "the front matter has no privacy": GOOD.replace(
        "privacy: Only HR reads the answers. Taking part is voluntary.\n", ""
    ),
    "unknown front matter setting 'titel' (did you mean 'title'?)": GOOD.replace(
        "title:", "titel:"
    ),
    "'closed' must be yes or no, not 'soon'": GOOD.replace(
        "language: en", "language: en\nclosed: soon"
    ),
    "'closed' must be yes or no, not a date ('2026-12-31')": GOOD.replace(
        "language: en", "language: en\nclosed: 2026-12-31"
    ),
    "warning: this questionnaire is closed, but its translation questionnaires/exit-nl.md is "
    "still open": {
        name.replace("x-", "exit-"): text.replace("x-", "exit-").replace(
            "language: en", "language: en\nclosed: yes"
        )
        for name, text in _pair(DEPARTURE, DEPARTURE_NL).items()
    },
    "unknown language 'Dutch'": GOOD.replace("language: en", "language: Dutch"),
    "the builder has no words in 'he' for the page itself": GOOD.replace(
        "language: en", "language: he"
    ),
    "'page' lacks the text 'send'": {
        "t.md": GOOD.replace("language: en", "language: he"),
        "texts-he.yml": TEXTS_EN.replace('  send: "Send answers"\n', ""),
    },
    "note: 'conditions' lacks the text 'quote'": {
        "t.md": GOOD.replace("language: en", "language: he"),
        "texts-he.yml": TEXTS_EN.replace('  quote: "“{label}”"\n', ""),
    },
    "'section_progress' must have {n} and {t} in it": {
        "t.md": GOOD.replace("language: en", "language: he"),
        "texts-he.yml": TEXTS_EN.replace('"Section {n} of {t}"', '"Section {n}"'),
    },
    "the builder reads the page's words in 'de' from texts-de.yml, but the file is named "
    "texts-DE.yml": {
        "t.md": GOOD.replace("language: en", "language: de"),
        "texts-DE.yml": TEXTS_EN,
    },
    "unknown language 'DE' (write the code in small letters: 'language: de')": GOOD.replace(
        "language: en", "language: DE"
    ),
    "unknown text 'sned' in 'page' (did you mean 'send'?)": {
        "t.md": GOOD.replace("language: en", "language: he"),
        "texts-he.yml": TEXTS_EN.replace("  send:", "  sned:"),
    },
    "this text has ': ' in it (put the text in double quotes: send: \"Antworten: senden\")": {
        "t.md": GOOD.replace("language: en", "language: he"),
        "texts-he.yml": TEXTS_EN.replace('"Send answers"', "Antworten: senden"),
    },
    "the scale 'agreement' must have 5 labels": {
        "t.md": GOOD.replace("language: en", "language: he"),
        "texts-he.yml": TEXTS_EN.replace('      - "Agree"\n', ""),
    },
    "this text starts with a double quote but does not end with one": {
        "t.md": GOOD.replace("language: en", "language: he"),
        "texts-he.yml": TEXTS_EN.replace('"Send answers"', '"Send answers'),
    },
    "the text 'thank_you' is not translated": {
        "t-en.md": GOOD.replace("language: en", "language: en\ntranslation: t-de.md"),
        "t-de.md": GOOD.replace("language: en", "language: de\ntranslation: t-en.md"),
        "texts-de.yml": TEXTS_EN,
    },
    "warning: this file is not used": {"t.md": GOOD, "texts-fr.yml": TEXTS_EN},
    "'Exit survey' cannot be used as a slug": GOOD.replace(
        "language: en", "language: en\nslug: Exit survey"
    ),
    "the slug 'exit' is also used by questionnaires/exit-old.md:4": {
        "exit.md": GOOD.replace("language: en", "language: en\nslug: exit"),
        "exit-old.md": GOOD.replace("language: en", "language: en\nslug: exit"),
    },
    "this text is outside any section or question": HEAD + "Welcome!\n\n" + SECTION + DEPARTURE,
    "a '# ' heading is not used in a questionnaire": HEAD
    + "# Exit survey\n\n"
    + SECTION
    + DEPARTURE,
    "the section 'About you' has no questions": GOOD + "\n## About you\n\nThanks.\n",
    "question 'Why are you leaving?' has no type": GOOD
    + "\n### Why are you leaving?\n- hint: Be honest.\n",
    "unknown question type 'nubmer' (did you mean 'number'?)": GOOD
    + "\n### Years {#years}\n- type: nubmer\n",
    "unknown setting 'requried' (did you mean 'required'?)": GOOD + STAY + "- requried: yes\n",
    "'other' does not apply to a dropdown question": GOOD.replace("single choice", "dropdown")
    + "- other: yes\n",
    "a single choice question needs a list of choices": HEAD
    + SECTION
    + "### How did it end? {#departure}\n- type: single choice\n",
    "unknown setting 'voluntary'": GOOD.replace("  - ", "- "),
    "'Pay' cannot be used as a choice code": GOOD + "  - Pay: base salary\n",
    "choice 'top' has no label": GOOD + "  - top:\n",
    "a '#' in a setting starts a comment, so the rest of the line would be lost": GOOD
    + "  - top: #1 priority\n",
    "duplicate question ID 'reasons' (also on line 9)": HEAD
    + SECTION
    + "### Reasons {#reasons}\n- type: long text\n\n### Other reasons {#reasons}\n- type: long text\n",
    "'Reasons' cannot be used as an ID": GOOD + "\n### Why? {#Reasons}\n- type: long text\n",
    "a line is not a 'name: value' setting, or a text contains ': '": GOOD
    + STAY
    + "- hint: Note: be brief\n",
    "the text after 'intro: |' must start on the next line": GOOD.replace(
        "language: en", "language: en\nintro: | We would like to learn\n  from you."
    ),
    "a text that starts with '*' must be put in double quotes": GOOD
    + STAY
    + "- hint: *Optional*\n",
    "a list item starts with '*'": GOOD + "  * retired: I retired\n",
    "this text is in curly quotes": GOOD + "  - retired: \u201cRetired: by choice\u201d\n",
    "this line holds an invisible character (U+000B, a line break pasted from Word)": GOOD
    + "  - retired: I retired\u000bat last\n",
    "this line holds an invisible direction character (column 16: U+202E, RIGHT-TO-LEFT "
    "OVERRIDE, before 'I resigned') that is not closed on its line": GOOD
    + "  - voluntary: \u202eI resigned\n",
    "'Why did you leave?' is a section heading ('## '), but question settings follow it": GOOD
    + "\n## Why did you leave?\n- type: long text\n",
    "'other' is reserved for the 'Other, namely' choice with its text box": GOOD
    + "  - other: yes\n",
    "'retired:I retired' has no space after the colon": GOOD + "  - retired:I retired\n",
    "'max: 1.000' has a thousands separator, which Dutch and English read differently": GOOD
    + "\n### Years {#years}\n- type: number\n- max: 1.000\n",
    "'max length' must be a whole number, not 'lots'": GOOD + STAY + "- max length: lots\n",
    "the indentation, a missing ':' or a quote or bracket inside a text confuses the settings": GOOD
    + "  retired I retired\n",
    "this text starts with an apostrophe, so it ends at the next one": GOOD
    + "  - unsure: 'I don't know'\n",
    "this line is indented by 2 spaces and the line above it by 4": GOOD.replace(
        "  - voluntary", "    - voluntary"
    ),
    "'required: yes' is indented like a choice": GOOD + "  - required: yes\n",
    "'show if departure = voluntary' is not read as the section's condition": GOOD
    + "\n## Your decision to leave\nshow if departure = voluntary\n\n"
    + STAY,
    "this line continues the text of 'intro' (line 4), but is not indented": GOOD.replace(
        "language: en", "language: en\nintro: We would like to learn\nfrom you."
    ),
    "the text of 'title' has ': ' in it": GOOD.replace("Exit survey", "Exit survey: 2025"),
    "is not indented (indent every line of the text by two spaces)": GOOD.replace(
        "language: en", "language: en\nintro: |\nWelcome."
    ),
    "'language en' has no ':' after 'language'": GOOD.replace("language: en", "language en"),
    "a slug can have at most 100 characters": GOOD.replace(
        "language: en", "language: en\nslug: " + "a" * 101
    ),
    "the file name 'index.md' cannot be the form's web address (slug)": {"index.md": GOOD},
    "this line under a question is not a setting": GOOD + STAY + "\nPlease be honest.\n",
    "a setting starts with a dash and a space, not '*'": GOOD + STAY + "* max length: 100\n",
    "a '---' line is only used at the top of the file, above and below the front matter, "
    "not under a question": GOOD + STAY + "\n---\n",
    "the builder does not read '<!--' and '-->' as a comment": GOOD + "<!--\n" + STAY + "-->\n",
    "starts a block of code that is never closed": GOOD + "\n```\n" + STAY,
    "warning: this line is part of a table, which the page shows as plain text": GOOD.replace(
        "language: en", "language: en\nintro: |\n  | Part | Time |\n  |---|---|\n  | A | 2 |"
    ),
    "this questionnaire is in a subfolder, and the builder reads only the files directly in": {
        "t.md": GOOD,
        "2024/t-old.md": GOOD,
    },
    "this questionnaire is not built: the builder reads only files whose name ends in '.md'": {
        "t.md": GOOD,
        "t-nl.md.txt": GOOD,
    },
    "'{#culture_words' has no closing brace": GOOD
    + "\n### In a few words? {#culture_words\n- type: short text\n",
    "this line should be a list item, like the lines around it": GOOD + "  retired: I retired\n",
    "'###' needs a space after it to start a heading": GOOD
    + "\n###Why? {#why}\n- type: long text\n",
    "this question heading has no text": GOOD + "\n### {#why}\n- type: long text\n",
    "a tab character is used for indentation (use spaces instead of tabs)": GOOD
    + STAY
    + "\t- max length: 100\n",
    "'required' must be yes or no, not 'maybe'": GOOD + STAY + "- required: maybe\n",
    "max length must be a whole number from 1 to 10000, not '20000'": GOOD
    + STAY
    + "- max length: 20000\n",
    "min is larger than max": GOOD + "\n### Years {#years}\n- type: number\n- min: 10\n- max: 1\n",
    "min and max are both 8": GOOD + "\n### Years {#years}\n- type: number\n- min: 8\n- max: 8\n",
    "'step: 50' is larger than the range from 8 to 40": GOOD
    + "\n### Years {#years}\n- type: number\n- min: 8\n- max: 40\n- step: 50\n",
    "'min: 8' is not a multiple of 'step: 5'": GOOD
    + "\n### Years {#years}\n- type: number\n- min: 8\n- max: 40\n- step: 5\n",
    "the choices 'a: Pay' (line 18) and 'b: Pay' have the same label": GOOD
    + "\n### Team {#team}\n- type: single choice\n- choices:\n  - a: Pay\n  - b: Pay\n",
    "points 1 and 3 of the scale have the same label": GOOD
    + "\n### Manager {#manager}\n- type: rating\n- scale:\n  - Good\n  - Fair\n  - Good\n",
    "the scale 'effort' has one point": GOOD.replace(
        "language: en", "language: en\nscales:\n  effort:\n    - Low\n"
    )
    + "\n### Effort {#effort}\n- type: rating\n- scale: effort\n",
    "the scale has 12 points; a scale can have at most 11": GOOD
    + "\n### Effort {#effort}\n- type: rating\n- scale:\n"
    + "".join(f"  - Level {n}\n" for n in range(12)),
    "the scale label 'Low: too low' has ': ' in it": GOOD
    + "\n### Pay {#pay}\n- type: rating\n- scale:\n  - Low: too low\n  - Fine\n",
    "a point of the scale has no label": GOOD
    + "\n### Pay {#pay}\n- type: rating\n- scale:\n  - Low\n  -\n  - High\n",
    "the scale of question 'manager' has 3 points here but 5 in": _pair(
        "\n### How was your manager? {#manager}\n- type: rating\n- scale: quality\n",
        "\n### Hoe was je leidinggevende? {#manager}\n- type: rating\n- scale:\n"
        "  - Slecht\n  - Redelijk\n  - Goed\n",
    ),
    "unknown scale 'agree' (did you mean 'agreement'?)": GOOD
    + "\n### Manager {#manager}\n- type: rating\n- scale: agree\n",
    "a rating question needs a scale with a label for every point": GOOD
    + "\n### Manager {#manager}\n- type: rating\n",
    "the condition refers to an unknown question 'depature' (did you mean 'departure'?)": GOOD
    + STAY
    + "- show if: depature = voluntary\n",
    "the condition refers to 'reasons', which comes later": HEAD
    + SECTION
    + STAY
    + "- show if: reasons includes pay\n"
    + "### Reasons {#reasons}\n- type: multiple choice\n- choices:\n  - pay: Pay\n",
    "'stay' is a text, number or date question": GOOD
    + STAY
    + "### Why? {#why}\n- type: long text\n- show if: stay = yes\n",
    "'departure' has no choice 'fired' (choose from: voluntary, dismissed)": GOOD
    + STAY
    + "- show if: departure = fired\n",
    "'I resigned' is what people read at 'departure'; a condition tests the choice's code, "
    "'voluntary'": GOOD + STAY + '- show if: departure = "I resigned"\n',
    "a condition tests a choice's code, one word such as 'voluntary', not its label": GOOD
    + STAY
    + "- show if: departure = I resigned or dismissed\n",
    "cannot read the condition: 'and' and 'or' are mixed without brackets": GOOD
    + STAY
    + "- show if: departure = voluntary or departure = dismissed and departure = voluntary\n",
    "cannot read the condition: after 'departure' write =, !=, 'is', 'is not', 'in' or "
    "'is one of' and a value": GOOD + STAY + "- show if: departure voluntary\n",
    "the translation 'exit-nl.md' does not exist": GOOD.replace(
        "language: en", "language: en\ntranslation: exit-nl.md"
    ),
    "question 'stay' is not in the translation": _pair(DEPARTURE, DEPARTURE_NL + STAY),
    "question 'departure' has choices voluntary, fired here but voluntary, dismissed in": _pair(
        DEPARTURE, DEPARTURE_NL.replace("dismissed:", "fired:")
    ),
    "the question text of 'departure' is not translated: 'How did your employment end?'": _pair(
        DEPARTURE,
        DEPARTURE_NL.replace("Hoe is je dienstverband geëindigd?", "How did your employment end?"),
    ),
    "warning: the ID of this question changes from 'what_should_we_improve' to "
    "'what_should_we_change'": {
        "t.md": GOOD + "\n### What should we change?\n- type: long text\n",
        LOCK_NAME: json.dumps(LOCK),
    },
    "the questionnaire has no questions": HEAD,
    "scale points are written without numbers, from the lowest to the highest": GOOD
    + "\n### Manager {#manager}\n- type: rating\n- scale:\n  - 2: Often\n  - 1: Never\n",
    "the 'е' in 'dеparture' is a Cyrillic letter that looks like 'e'": GOOD
    + STAY
    + "- show if: d\u0435parture = voluntary\n",
    "this line starts with a long dash '–' instead of '-'": GOOD + STAY + "\u2013 required: yes\n",
    "a no-break space follows '###', so it does not start a heading": GOOD
    + "\n###\u00a0Why? {#why}\n- type: long text\n",
    "'learning' is a block of statements, not one question": GOOD
    + "\n### Learning {#learning}\n- type: statements\n- scale: agreement\n- statements:\n"
    + "  - learned: I learned a lot\n"
    + STAY
    + "- show if: learning = 4\n",
    "warning: the scale of 'manager' changed from 5 to 3 points": {
        "t.md": GOOD
        + "\n### Manager {#manager}\n- type: rating\n- scale:\n  - Poor\n  - Fair\n  - Good\n",
        LOCK_NAME: _lock_of_answers({"manager": {"type": "rating", "scale": list("abcde")}}),
    },
    "warning: the choice 'retirement' of 'departure' is gone": {
        "t.md": GOOD,
        LOCK_NAME: _lock_of_answers(
            {
                "departure": {
                    "type": "single_choice",
                    "choices": ["voluntary", "dismissed", "retirement"],
                }
            }
        ),
    },
    "warning: this questionnaire was published as 'exit-en'": {
        "t.md": GOOD,
        LOCK_NAME: json.dumps({"files": {"exit-en.md": {"slug": "exit-en"}}}),
    },
    "'{culture_words}' is not written as an ID": GOOD
    + "\n### In a few words, how would you describe the culture here? {culture_words}\n"
    + "- type: short text\n",
    "a section's condition is written without '- '": GOOD
    + "\n## Your decision to leave\n- show if: departure = voluntary\n\n"
    + STAY,
    "warning: the ID of this question changed from 'culture' to 'atmosphere'": {
        "t.md": GOOD + "\n### How is the atmosphere? {#atmosphere}\n- type: short text\n",
        LOCK_NAME: _lock_of_answers(
            {"departure": {"type": "single_choice"}, "culture": {"type": "short_text"}}
        ),
    },
    "warning: the question 'culture' is gone": {
        "t.md": GOOD,
        LOCK_NAME: _lock_of_answers(
            {"departure": {"type": "single_choice"}, "culture": {"type": "short_text"}}
        ),
    },
    "cannot be read: it has Git merge conflict markers": {
        "t.md": GOOD,
        LOCK_NAME: '{\n<<<<<<< HEAD\n  "files": {}\n=======\n  "files": {"t.md": {}}\n'
        ">>>>>>> other\n}\n",
    },
    "warning: no question uses the scale 'effort'": GOOD.replace(
        "language: en", "language: en\nscales:\n  effort:\n    - Little\n    - A lot"
    ),
    "in the front matter: unknown setting 'owner'": GOOD.replace(
        "language: en", "language: en\nowner: HR"
    ),
    "'hint' is empty": GOOD + "\n### Anything else? {#closing}\n- type: long text\n- hint:\n",
    "'hint' must be a text": GOOD
    + "\n### Anything else? {#closing}\n- type: long text\n- hint: [Optional]\n",
    "too many brackets '[' or '{' inside each other": GOOD
    + "\n### Anything else? {#closing}\n- type: long text\n- hint: "
    + "[" * 600
    + "]" * 600
    + "\n",
    "'recommend' has no point 11: its points go from 0 to 10": GOOD
    + "\n### Would you recommend us? {#recommend}\n- type: recommend\n"
    + "\n### Why not? {#why_not}\n- type: long text\n- show if: recommend = 11\n",
    "warning: the question is 312 characters long": GOOD
    + "\n### "
    + "Why? " * 61
    + "Tell us {#why}\n- type: long text\n",
    "this line has a tab character in it": GOOD
    + "\n### Anything else? {#closing}\n- type:\tlong text\n",
    "this line continues the text of 'hint'": GOOD
    + "\n### Anything else? {#closing}\n- type: long text\n- hint: Tell us anything\n"
    + "  you like\n",
    "the file is a Word document (.docx) or another zip file, not a text file": "PK\x03\x04"
    + "word/document.xml" * 5,
}


def _error_table() -> list[str]:
    start = TEXT.index("Common error messages\n")
    section = TEXT[start : TEXT.find("\n## ", start)]
    # A '|' inside a table cell is written '\|', in code too.
    found = re.findall(r"^\| `([^`]+)` \|", section, re.MULTILINE)
    return [message.replace("\\|", "|") for message in found]


def test_error_table_and_broken_inputs_match():
    table = _error_table()
    assert len(table) == len(set(table)), "a message is listed twice in the error table"
    assert sorted(set(table) - set(BROKEN)) == [], "add these to BROKEN in this test"
    assert sorted(set(BROKEN) - set(table)) == [], "these are no longer in the guide's table"


@pytest.mark.parametrize("message", sorted(BROKEN))
def test_error_message_is_really_produced(project: Path, message: str):
    source = BROKEN[message]
    files = {"t.md": source} if isinstance(source, str) else source
    _, problems = _compile(project, files)
    assert any(message in problem for problem in problems), problems


@pytest.mark.parametrize("name", sorted(TYPE_NAMES))
def test_every_question_type_is_shown(name: str):
    assert re.search(rf"type: {name}\n", TEXT), f"no example with 'type: {name}'"


def _setting_line(key: str) -> re.Pattern[str]:
    words = r"[ _-]".join(map(re.escape, key.split("_")))
    return re.compile(rf"^ *(?:- )?{words}:", re.MULTILINE | re.IGNORECASE)


@pytest.mark.parametrize("key", sorted(FRONT_MATTER_KEYS | ALL_KEYS))
def test_every_setting_is_shown(key: str):
    assert _setting_line(key).search(TEXT), f"no example line with the setting '{key}:'"


@pytest.mark.parametrize("language", sorted(DEFAULTS))
def test_built_in_scales_and_default_texts_are_listed(language: str):
    words = DEFAULTS[language]
    for name, labels in words["scales"].items():
        assert re.search(rf"^\| `{name}` \|.*{re.escape(', '.join(labels))}", TEXT, re.M)
    if language == "en":
        for key in ("other", "prefer_not_to_say", "recommend_low", "recommend_high"):
            assert str(words[key]) in TEXT, key
    assert f"default {SHORT_TEXT_LIMIT} characters" in TEXT
    assert f"default {LONG_TEXT_LIMIT} characters" in TEXT
    assert f"1 to {MAX_TEXT_LIMIT}" in TEXT
