"""The front matter of a questionnaire: the settings between the two '---' lines.

Every setting is checked on its own line (unknown, given twice, of the wrong kind); a
missing title, language or privacy text is reported at line 1. Named scales are checked
here too, at their own lines, because every question that uses one would be wrong with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .closing import closed_setting
from .defaults import LANGUAGE_TAG
from .problems import Problems, closest, did_you_mean
from .question_choices import scale_problem
from .questions import normalise_key
from .text import SLUG_PATTERN, markdown_to_html, slugify
from .yaml_advice import curly_text_problem, not_a_text_fix
from .yaml_source import LocatedDict, YamlProblem, load

FRONT_MATTER_KEYS = {
    "title",
    "language",
    "slug",
    "intro",
    "privacy",
    "thank_you",
    "contact",
    "translation",
    "scales",
    "closed",
}
#: Slugs that would clash with the site's own paths.
RESERVED_SLUGS = {"static", "submit", "admin", "api", "index", "health"}
#: The longest slug the collector stores answers under (``store_format.check_slug``).
MAX_SLUG_LENGTH = 100
#: 'contact:' is shown on every page of the survey: past this many characters it stops
#: being the short line a leaver scans for and becomes a second privacy statement.
CONTACT_MAX_CHARS = 300

#: 'title: Exit survey' or 'intro: |' at the start of a line: a setting, with its value.
_SETTING = re.compile(r"^([A-Za-z][\w -]*?)\s*:(?:\s+(.*))?$")
#: The first word of a line, to recognise 'title Exit survey' (a colon left out).
_FIRST_WORD = re.compile(r"^(?:-\s+)?([A-Za-z][\w-]*(?: you)?)(:?)")
_PIPE_FIX = (
    "a text that runs over more than one line starts with '|': write '{name}: |' and put "
    "the text on the lines below it, each indented by two spaces"
)


def read_front_matter(
    text: str, shown: str, problems: Problems, first_line: int = 2
) -> dict | None:
    """The settings, with every problem in them reported; None when the questions below
    cannot be checked either (the front matter is unreadable, or a named scale is).

    ``lines`` maps each setting to its line; ``scales`` and ``scale_lines`` hold the named
    scales and the line of each name."""
    layout = _layout_problem(text.split("\n"), first_line)
    if layout:
        offset, message, fix = layout
        problems.add(shown, first_line + offset, f"in the front matter: {message}", fix)
        return None
    try:
        data = load(text, first_line)
    except YamlProblem as exc:
        problems.add(shown, exc.line, f"in the front matter: {exc.message}")
        return None
    if not isinstance(data, LocatedDict):
        problems.add(
            shown,
            first_line,
            "the front matter must be 'name: value' lines",
            "write e.g. 'title: Exit survey' and 'language: en'",
        )
        return None
    meta: dict = {"lines": {}, "slug": None}
    misspelt: set[str] = set()  # required settings reported as misspelt already
    scales_unreadable = False
    for raw_key, value in data.items():
        key = normalise_key(raw_key)
        line = data.key_lines[raw_key]
        if key in meta["lines"]:
            problems.add(
                shown,
                line,
                f"'{raw_key}' is given twice (also on line {meta['lines'][key]})",
                "keep one of them",
            )
            continue
        meta["lines"][key] = line
        if key not in FRONT_MATTER_KEYS:
            meant = closest(key, FRONT_MATTER_KEYS)
            problems.add(
                shown,
                line,
                f"unknown front matter setting '{raw_key}'",
                f"did you mean '{meant}'?"
                if meant
                else "known: " + ", ".join(sorted(FRONT_MATTER_KEYS)),
            )
            # 'titel:' is the title: "the front matter has no title" would be a second
            # message about the same line.
            misspelt.add(meant)
        elif key == "scales":
            scales = _named_scales(value, line, shown, problems)
            scales_unreadable = scales is None
            meta["scales"] = scales or {}
            if isinstance(value, LocatedDict):
                meta["scale_lines"] = {str(k): n for k, n in value.key_lines.items()}
        elif value is None:
            problems.add(
                shown, line, f"'{raw_key}' is empty", f"write its text after '{raw_key}: '"
            )
        elif isinstance(value, (dict, list)):
            problems.add(
                shown, line, f"'{raw_key}' must be a text", not_a_text_fix(raw_key, value, line)
            )
        else:
            meta[key] = str(value).strip()
    for key, fix in (
        ("title", "add 'title: Exit survey'"),
        ("language", "add 'language: en' or 'language: nl'"),
        (
            "privacy",
            "add 'privacy:' saying who sees the answers, how they are used, "
            "and that answering is voluntary",
        ),
    ):
        # A value that is not a text is reported at its line above; an empty one is not.
        if (meta.get(key) == "" or key not in meta["lines"]) and key not in misspelt:
            problems.add(shown, 1, f"the front matter has no {key}", fix)
    language = meta.get("language")
    # Another language code is fine when its words come with it (texts_file.py: the parser
    # says so when they do not); a name ('Dutch', 'English') is no code.
    if language and not LANGUAGE_TAG.match(language):  # 'en' and 'nl' match it too
        # 'DE' or 'NL': a code, but the file names and the built-in words go by lowercase.
        head, dash, rest = language.partition("-")
        lower = head.lower() + dash + rest
        problems.add(
            shown,
            meta["lines"]["language"],
            f"unknown language '{language}'",
            f"write the code in small letters: 'language: {lower}'"
            if LANGUAGE_TAG.match(lower)
            else "use 'en' or 'nl', or the two-letter code of another language, such as 'he' "
            "or 'ja'; see docs/authoring.md, section 10",
        )
    slug = meta.get("slug")
    if slug and len(slug) > MAX_SLUG_LENGTH:
        problems.add(
            shown,
            meta["lines"]["slug"],
            f"the slug '{slug[:30]}...' is {len(slug)} characters long; a slug can have at most "
            f"{MAX_SLUG_LENGTH} characters",
            "use a short slug: it is the form's web address, e.g. 'slug: exit-en'",
        )
    elif slug and (not SLUG_PATTERN.match(slug) or slug in RESERVED_SLUGS):
        problems.add(
            shown,
            meta["lines"]["slug"],
            f"'{slug}' cannot be used as a slug",
            "use lowercase letters, digits and hyphens, e.g. 'exit-en'"
            + (f"; '{slug}' is reserved" if slug in RESERVED_SLUGS else ""),
        )
    if "closed" in meta:
        raw = next(k for k in data if normalise_key(k) == "closed")
        meta["closed"] = closed_setting(
            meta["closed"], raw, meta["lines"]["closed"], shown, problems
        )
    if meta.get("contact"):
        _check_contact(meta["contact"], meta["lines"]["contact"], shown, problems)
    # Questions using a scale that could not be read would all be reported as wrong too.
    return None if scales_unreadable else meta


def _check_contact(text: str, line: int, shown: str, problems: Problems) -> None:
    """'contact:' is one short paragraph: it goes into a box on the form, the thank-you page
    and the error pages, where a heading, a list or a second paragraph would not fit."""
    html = markdown_to_html(text)
    if html.count("<p>") != 1 or not (html.startswith("<p>") and html.endswith("</p>")):
        problems.add(
            shown,
            line,
            "'contact' must be one short paragraph, without headings, lists or empty lines",
            "write one or two sentences, e.g. 'contact: Questions about this survey? Mail "
            "hr@example.com.'; explanations belong in 'privacy:'",
        )
    elif len(text) > CONTACT_MAX_CHARS:
        problems.add(
            shown,
            line,
            f"'contact' is {len(text)} characters long; it is shown on every page, so keep it "
            f"under {CONTACT_MAX_CHARS}",
            "say only whom to ask and how (an e-mail address or phone number); explanations "
            "belong in 'privacy:'",
            warning=True,
        )


def slug_from_file_name(name: str, shown: str, problems: Problems) -> str:
    """The slug made from the file name, for a questionnaire without 'slug:'; reported at
    line 1 when no slug can be made from it or the site uses it for itself."""
    slug = slugify(name.rsplit(".", 1)[0], sep="-")
    if not slug or slug in RESERVED_SLUGS:
        why = (
            f"'{slug}' is used by the site itself" if slug else "it has no letters a to z or digits"
        )
        problems.add(
            shown,
            1,
            f"the file name '{name}' cannot be the form's web address (slug): {why}",
            "add a slug to the front matter, e.g. 'slug: exit-en', "
            "or give the file a name such as 'exit-en.md'",
        )
    return slug


def _named_scales(value: object, line: int, shown: str, problems: Problems) -> dict | None:
    """The named scales by name, or None after reporting the first that cannot be used."""
    if not isinstance(value, LocatedDict):
        problems.add(
            shown,
            line,
            "'scales' must list named scales",
            "write 'scales:' then '  effort:' and the labels as '    - label' lines",
        )
        return None
    scales = {}
    for name, labels in value.items():
        # Checked here, not at the questions that use it: the scale's own line is the one
        # to fix, and every question on the scale would otherwise be reported as well.
        problem = scale_problem(labels, value.key_lines[name], f"the scale '{name}'")
        if problem:
            problems.add(shown, *problem)
            return None
        points = [str(x) for x in labels]
        scales[str(name)] = points
    return scales


@dataclass
class _Setting:
    name: str
    offset: int
    text: str  # the value on its own line: '' for 'scales:' or 'intro:', '|' for 'intro: |'
    continued: bool = False  # an indented line followed


def _layout_problem(lines: list[str], first_line: int) -> tuple[int, str, str] | None:
    """(offset, what, how to fix) of the first line that breaks the front matter's layout,
    or None. YAML reports these at another line, or in words HR cannot act on: a text
    continued on an unindented line, a ': ' in a text, a colon left out, a setting indented
    or written with '- '."""
    setting: _Setting | None = None
    for offset, text in enumerate(lines):
        stripped = text.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if text[0] in " \t":
            first = _SETTING.match(stripped)
            if setting is None and first and normalise_key(first.group(1)) in FRONT_MATTER_KEYS:
                return (
                    offset,
                    f"'{first.group(1)}' is indented",
                    (
                        f"start '{first.group(1)}:' at the beginning of the line, without spaces "
                        "before it, like the other settings at the top"
                    ),
                )
            if setting is None or text[0] == "\t":
                continue  # YAML's own message says what is wrong
            found = _indented_problem(setting, offset, stripped, first_line)
            if found:
                return found
            setting.continued = True
            continue
        match = _SETTING.match(text)
        key = normalise_key(match.group(1)) if match else ""
        if match and (key in FRONT_MATTER_KEYS or setting is None or setting.text in "|>"):
            setting = _Setting(match.group(1), offset, (match.group(2) or "").strip())
            found = _colon_in_text(setting)
            if found:
                return found
            continue
        word = _FIRST_WORD.match(text)
        if word and normalise_key(word.group(1)) in FRONT_MATTER_KEYS:
            name, rest = word.group(1), text[word.end() :].strip()
            if text.startswith("-"):
                return (
                    offset,
                    f"'{stripped}' starts with '- '",
                    (f"write the settings at the top without '- ': '{stripped[1:].strip()}'"),
                )
            if word.group(2):
                return (
                    offset,
                    f"'{stripped}' has no space after the colon",
                    (f"write '{name}: {rest}'"),
                )
            return offset, f"'{stripped}' has no ':' after '{name}'", f"write '{name}: {rest}'"
        if match and setting is None:
            continue  # an unknown setting: reported with a suggestion below
        if setting is None:
            return (
                offset,
                f"'{stripped}' is not a 'name: value' setting",
                (
                    "write each setting as a name, a colon and a space, and its value, "
                    "e.g. 'title: Exit survey'"
                ),
            )
        if setting.text in ("|", ">") or setting.text.startswith(("|", ">")):
            if not setting.continued:
                return (
                    offset,
                    f"the text of '{setting.name}: |' is not indented",
                    ("indent every line of the text by two spaces"),
                )
            return (
                offset,
                (
                    f"this line is not indented, so it is not part of the text of "
                    f"'{setting.name}' (line {setting.offset + first_line})"
                ),
                "indent every line of the text by two spaces, empty lines between paragraphs too",
            )
        if match and (key in FRONT_MATTER_KEYS or did_you_mean(key, FRONT_MATTER_KEYS)):
            continue  # a misspelt setting: reported with a suggestion below
        if match and " " not in match.group(1):
            # 'owner: HR' under 'language: en': more likely a setting of HR's own than
            # words of the language (advice to write 'language: |' would break it).
            return (
                offset,
                f"unknown setting '{match.group(1)}'",
                "known: " + ", ".join(sorted(FRONT_MATTER_KEYS)) + "; or, if this line is "
                f"more of the text of '{setting.name}' (line {setting.offset + first_line}), "
                + _PIPE_FIX.format(name=setting.name),
            )
        return (
            offset,
            (
                f"this line continues the text of '{setting.name}' (line {setting.offset + first_line}), "
                "but is not indented"
            ),
            _PIPE_FIX.format(name=setting.name),
        )
    return None


def _indented_problem(
    setting: _Setting, offset: int, stripped: str, first_line: int
) -> tuple | None:
    """A problem with an indented line under ``setting``, or None."""
    if setting.text.startswith(("|", ">")) or normalise_key(setting.name) == "scales":
        return None
    match = _SETTING.match(stripped)
    if match and normalise_key(match.group(1)) in FRONT_MATTER_KEYS and setting.text:
        return (
            offset,
            (
                f"'{match.group(1)}' is indented, so it is read as part of the text of "
                f"'{setting.name}' (line {setting.offset + first_line})"
            ),
            f"start '{match.group(1)}:' at the beginning of the line, without spaces before it",
        )
    if ": " in stripped + " " and not setting.text.startswith(("'", '"')):
        return (
            offset,
            (
                f"this line continues the text of '{setting.name}' (line {setting.offset + first_line}) "
                "and has ': ' in it, which settings read as a new 'name: value'"
            ),
            _PIPE_FIX.format(name=setting.name) + "; then a ': ' in it is fine",
        )
    return None


def _colon_in_text(setting: _Setting) -> tuple | None:
    """A problem when a one-line text has ': ' in it (YAML reads a new setting there)."""
    value = setting.text
    if not value or value[0] in "'\"|>[{&*!" or ": " not in value + " ":
        return None
    curly = curly_text_problem(setting.name, value)
    if curly:
        return setting.offset, *curly
    quoted = value.replace('"', '\\"')
    fix = f'put the whole text in double quotes: {setting.name}: "{quoted}"'
    if len(value) > 60 or value.endswith(":"):
        fix = f"put the whole text in double quotes, or {_PIPE_FIX.format(name=setting.name)}"
    return setting.offset, f"the text of '{setting.name}' has ': ' in it", fix
