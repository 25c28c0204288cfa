"""The page's own words for a language without built-in ones: ``texts-<language>.yml``.

English and Dutch have their words built in (buttons, "(optional)", error messages, the
built-in scales). For any other language HR writes them in a file beside the
questionnaires, a translation of ``docs/texts-en.yml``; every questionnaire in that language
shares it. The builder checks it against the English words, name by name, and compiles it
into each form (``Form.texts``), so that the collector never reads it.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .conditions import WORDS as CONDITION_WORDS
from .defaults import DEFAULTS
from .problems import Problems, closest
from .source_file import read_source
from .ui_text import UI_TEXT
from .validation_text import MESSAGES
from .yaml_source import LocatedDict, LocatedList, YamlProblem, load

#: Where HR starts from, in the repository (kept equal to ``english_texts`` by a test).
TEMPLATE = "docs/texts-en.yml"
_PLACEHOLDER = re.compile(r"\{(\w*)\}")
_SINGLE_PLACEHOLDER = re.compile(r"(?<!\{)\{(\w*)\}(?!\})")
_HEADER = """\
# The words of the form page itself, for a language without built-in ones.
#
# Copy this file beside your questionnaires as texts-<language>.yml (texts-he.yml for
# 'language: he') and translate every text between double quotes. Keep the names before the
# colons, and keep every {placeholder} as it is: the page fills it in ("Section {n} of {t}"
# becomes "Section 2 of 4"). See docs/authoring.md, section 10.
"""


def english_texts() -> dict[str, Any]:
    """The built-in English words, by part: the shape every texts file must have."""
    return {
        "page": UI_TEXT["en"],
        "answers": DEFAULTS["en"],
        "messages": MESSAGES["en"],
        "conditions": CONDITION_WORDS["en"],
    }


def english_texts_yaml() -> str:
    """``docs/texts-en.yml`` as it should read: every text in double quotes, so that HR
    translates between them and never meets YAML's rules for ':' or a leading '('."""
    return _HEADER + "".join(_yaml_lines(english_texts(), ""))


def _yaml_lines(value: dict[str, Any], indent: str) -> Iterator[str]:
    for key, item in value.items():
        if isinstance(item, dict):
            yield f"{'' if indent else chr(10)}{indent}{key}:\n"
            yield from _yaml_lines(item, indent + "  ")
        elif isinstance(item, list):
            yield f"{indent}{key}:\n"
            yield from (f"{indent}  - {_quoted(x)}\n" for x in item)
        else:
            yield f"{indent}{key}: {_quoted(item)}\n"


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML "..." text


def texts_file_name(language: str) -> str:
    return f"texts-{language}.yml"


def read_texts(
    folder: Path, language: str, shown_folder: str, problems: Problems
) -> dict[str, Any] | None:
    """The checked words of ``folder/texts-<language>.yml`` (the caller saw it there), or
    None when they are wrong: then its problems are in ``problems``, once however many
    files ask for it."""
    path = folder / texts_file_name(language)
    shown = f"{shown_folder}/{path.name}" if shown_folder not in ("", ".") else path.name
    found = Problems()
    text = read_source(path, shown, found)
    texts = None
    colon = _missing_colon(text) if text is not None else None
    if colon is not None:
        found.add(shown, *colon)
    elif text is not None:
        try:
            data = load(text, 1, texts_file=True)
        except YamlProblem as exc:
            found.add(shown, exc.line, exc.message)
        else:
            texts = _checked(data, english_texts(), "", 1, shown, found)
            if texts is not None and language.split("-")[0].lower() != "en":
                _warn_about_english(data, english_texts(), "", shown, found)
    for problem in found:
        if problem not in problems:
            problems.append(problem)
    return texts if not found.errors else None


def _missing_colon(text: str) -> tuple[int, str, str] | None:
    """(line, message, fix) for a text's name without its colon ('send "Antworten"'): YAML
    reports it on the line below, in words about indentation."""
    names = set(_names(english_texts()))
    for number, line in enumerate(text.split("\n"), 1):
        found = re.match(r'^\s*([a-z_]+)\s+(".*)$', line)
        if found and found.group(1) in names:
            name, rest = found.groups()
            return number, f"'{line.strip()}' has no ':' after '{name}'", f"write '{name}: {rest}'"
    return None


def _names(value: dict[str, Any]) -> Iterator[str]:
    for key, item in value.items():
        yield key
        if isinstance(item, dict):
            yield from _names(item)


def _checked(value: Any, model: Any, name: str, line: int, shown: str, problems: Problems) -> Any:
    """``value`` as plain dicts, lists and texts when it has the shape of ``model`` (the
    English words); every difference is added to ``problems``."""
    where = f"'{name}'" if name else "the file"
    if isinstance(model, dict):
        if not isinstance(value, dict):
            problems.add(
                shown, line, f"{where} must be a list of 'name: text' lines", _copy_fix(name)
            )
            return None
        lines = value.key_lines if isinstance(value, LocatedDict) else {}
        result = {}
        # The names a misspelt one stands for: 'sned' is reported once, as the misspelling
        # of 'send', not a second time as 'send' missing.
        meant_for = set()
        for key, item in value.items():
            at = lines.get(key, line)
            if key not in model:
                meant = closest(str(key), [k for k in model if k not in value])
                meant_for.add(meant)
                meant = meant or closest(str(key), model)
                problems.add(
                    shown,
                    at,
                    f"unknown text '{key}'{' in ' + where if name else ''}",
                    f"did you mean '{meant}'?"
                    if meant
                    else f"remove it, or compare the names with {TEMPLATE}",
                )
                continue
            result[key] = _checked(item, model[key], str(key), at, shown, problems)
        missing = [k for k in model if k not in value and k not in meant_for]
        # A warning, with the English words in their place: a release that adds a page
        # word must not stop every translated questionnaire from building (MkDocs and
        # Django fall back to English the same way). --strict makes it an error. A text
        # without a word (the quotation marks “{label}”) is only a note: the English
        # marks read well enough, and a --strict build that passed before the release
        # added it goes on passing.
        at = getattr(value, "line", line) if name else 1
        worded = [k for k in missing if _has_words(model[k])]
        marks = [k for k in missing if k not in worded]
        shows = "the page shows the English words there"
        _say_missing(problems, shown, at, where, worded, shows, note=False)
        shows = "the page uses the English marks there"
        _say_missing(problems, shown, at, where, marks, shows, note=True)
        result.update({k: copy.deepcopy(model[k]) for k in missing})
        return result
    if isinstance(model, list):
        if not isinstance(value, list) or len(value) != len(model):
            problems.add(
                shown,
                line,
                f"the scale '{name}' must have {len(model)} labels, from low to high",
                f"one '- label' line per point, as in {TEMPLATE}",
            )
            return None
        lines = value.item_lines if isinstance(value, LocatedList) else [line] * len(value)
        labels = []
        for v, m, n in zip(value, model, lines, strict=True):
            colon = _colon_label(v, n)
            if colon:
                problems.add(
                    shown, n, "this text has ': ' in it", f"put the text in double quotes: {colon}"
                )
            labels.append(None if colon else _checked(v, m, name, n, shown, problems))
        return labels
    if value is None or isinstance(value, (dict, list)) or not str(value).strip():
        problems.add(shown, line, f"{where} is empty or not a text", f"translate: '{model}'")
        return None
    text = str(value)
    wanted = set(_PLACEHOLDER.findall(model))
    # '{{n}}' would reach the page as '{n}', never filled in: it is no placeholder.
    found = set(_SINGLE_PLACEHOLDER.findall(text))
    if found != wanted or not _fills(text, wanted):
        keep = " and ".join(f"{{{p}}}" for p in sorted(wanted)) or "no curly brackets"
        problems.add(
            shown,
            line,
            f"{where} must have {keep} in it, as the English does: '{model}'",
            _placeholder_fix(text, found - wanted),
        )
    return text


def _has_words(model: Any) -> bool:
    """Whether the English ``model`` (a text or a scale) has a word outside its {placeholders}."""
    texts = model if isinstance(model, list) else [model]
    return any(re.search(r"[^\W\d_]", _PLACEHOLDER.sub("", str(t))) for t in texts)


def _say_missing(
    problems: Problems,
    shown: str,
    line: int,
    where: str,
    missing: list[str],
    shows: str,
    *,
    note: bool,
) -> None:
    if not missing:
        return
    names = ", ".join(f"'{k}'" for k in missing)
    them = "them" if len(missing) > 1 else "it"
    problems.add(
        shown,
        line,
        f"{where} lacks the text{'s' if len(missing) > 1 else ''} {names}: {shows}",
        f"copy {them} from {TEMPLATE} and put your language's quotation marks in {them}"
        if note
        else f"copy {them} from {TEMPLATE} and translate {them}",
        warning=True,
        note=note,
    )


#: What ``_warn_about_english`` says, also looked for by the pair check (translation_defaults)
#: that reports the same text as an error when an English partner shows it.
STILL_ENGLISH = "is still the English text"


def _warn_about_english(value: Any, model: Any, name: str, shown: str, found: Problems) -> None:
    """Warn at each text of two words or more still as in docs/texts-en.yml: copied and
    not translated, it reached the page as English with no word from the build, unless an
    English partner happened to show the same (a German survey beside a Hebrew one has
    none). One word is not reported: "(optional)" is German too, and "No" Spanish."""
    if isinstance(model, dict) and isinstance(value, dict):
        lines = value.key_lines if isinstance(value, LocatedDict) else {}
        for key, item in value.items():
            if key in model and isinstance(item, (dict, list)):
                _warn_about_english(item, model[key], str(key), shown, found)
            elif key in model and _same_words(item, model[key]):
                _add_english(found, shown, lines.get(key, 1), f"the text '{key}'", model[key])
    elif isinstance(model, list) and isinstance(value, list) and len(value) == len(model):
        lines = value.item_lines if isinstance(value, LocatedList) else [1] * len(value)
        for item, english, line in zip(value, model, lines, strict=True):
            if _same_words(item, english):
                _add_english(found, shown, line, f"a label of the scale '{name}'", english)


def _same_words(text: Any, english: str) -> bool:
    words = re.findall(r"[^\W\d_]+", _PLACEHOLDER.sub(" ", english))
    return isinstance(text, str) and text.strip() == english and len(words) >= 2


def _add_english(found: Problems, shown: str, line: int, what: str, english: str) -> None:
    found.add(
        shown,
        line,
        f"{what} {STILL_ENGLISH}: '{english}'",
        "translate it: leavers read it in English on the page",
        warning=True,
    )


def _colon_label(value: Any, line: int) -> str:
    """'- "Stimme zu: eher"' when a scale's label typed without quotes was read as a name
    and its text ('- Stimme zu: eher'), else ''."""
    if not isinstance(value, LocatedDict) or value.line != line or len(value) != 1:
        return ""
    ((name, text),) = value.items()
    if not isinstance(text, str):
        return ""
    return "- " + _quoted(f"{name}: {text}")


def _placeholder_fix(text: str, unknown: set[str]) -> str:
    """How to fix the placeholders of ``text``: what is wrong with them, in words."""
    fix = "the page puts a number or a text in each {...}: keep them as they are"
    if "{{" in text or "}}" in text:
        return f"write each placeholder with one curly bracket on either side, as {{n}}; {fix}"
    if unknown:
        names = ", ".join(f"{{{p}}}" for p in sorted(unknown))
        return f"the page does not know {names}: a placeholder is not translated; {fix}"
    return fix


def _fills(text: str, names: set[str]) -> bool:
    """Whether the page can fill in ``text`` (no stray '{' or '}')."""
    try:
        text.format(**dict.fromkeys(names, ""))
    except (ValueError, KeyError, IndexError):
        return False
    return True


def _copy_fix(name: str) -> str:
    return f"copy {'it' if name else 'the whole file'} from {TEMPLATE} and translate the texts"
