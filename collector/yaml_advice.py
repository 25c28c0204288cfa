"""How a YAML mistake in a questionnaire is explained to HR: in words for someone who
does not know YAML, with the fix written out (``yaml_source.load`` finds the mistakes)."""

from __future__ import annotations

import re

import yaml

#: A line among '- ' items that lacks its dash (or the space after it).
NOT_A_LIST_ITEM = "this line should be a list item, like the lines around it"
NOT_A_LIST_ITEM_FIX = "start it with a dash and a space: '- '"


_LONG_DASH = re.compile("^\\s*([\u2013\u2014\u2012\u2212])\\s")
_WIDE_COLON = re.compile("^\\s*(?:-\\s+)?[\\w -]+\uff1a")


def word_processor_character(line: str) -> str:
    """A message when a line starts with a long dash or has a full-width colon where a
    setting needs '-' or ':' (word processors and some keyboards type them); else ''."""
    dash = _LONG_DASH.match(line)
    if dash:
        return (
            f"this line starts with a long dash '{dash.group(1)}' instead of '-' (type a plain "
            "'-', the minus key; a word processor often turns '- ' into a long dash)"
        )
    if _WIDE_COLON.match(line):
        return (
            "this line has a full-width colon '\uff1a' instead of ':' (type a plain ':' after "
            "the setting's name)"
        )
    return ""


def not_a_text_fix(key: str, value: dict | list, line: int) -> str:
    """How to fix a setting on ``line`` that must be a text but is a list or a block: for
    ``key: [Optional]`` or ``key: {optional}`` (on the setting's own line), that text as it
    was most likely typed, quoted; for lines indented below it, one text instead."""
    if getattr(value, "line", None) != line:
        return f"write '{key}: your text' on one line"
    if isinstance(value, list):
        parts = [str(v) for v in value if not isinstance(v, (dict, list))]
        sign, typed = "[", "[" + ", ".join(parts) + "]"
    else:
        parts = [
            str(k) if v is None else f"{k}: {v}"
            for k, v in value.items()
            if not isinstance(v, (dict, list))
        ]
        sign, typed = "{", "{" + ", ".join(parts) + "}"
    if len(parts) != len(value) or len(typed) > 60:
        typed = f"{sign}...{']' if sign == '[' else '}'} your text"
    return f"a text that starts with '{sign}' must be put in double quotes: '{key}: \"{typed}\"'"


def misaligned_item(lines: list[str], offset: int) -> str:
    """A message when the '- ' item on line ``offset`` is indented unlike the '- ' item
    above it in a way YAML cannot read (a setting indented, a choice indented by 1 or 4)."""
    if offset >= len(lines) or not re.match(r"^\s*-(\s|$)", lines[offset]):
        return ""
    above = [i for i in range(offset) if lines[i].strip()]
    if not above or not re.match(r"^\s*-(\s|$)", lines[above[-1]]):
        return ""
    indents = [len(x) - len(x.lstrip(" ")) for x in lines[: offset + 1]]
    indent, above_indent = indents[offset], indents[above[-1]]
    opens_list = lines[above[-1]].rstrip().endswith(":")
    if indent == above_indent or (
        # back out of a list to a setting that lines up with an earlier one: fine
        indent < above_indent
        and any(indents[i] == indent and re.match(r"^\s*-", lines[i]) for i in above)
    ):
        return ""
    if indent > above_indent and opens_list and indent >= above_indent + 2:
        return ""
    spaces = f"{indent} space{'s' if indent != 1 else ''}" if indent else "not indented"
    return (
        f"this line is {'indented by ' if indent else ''}{spaces} and the line above it by "
        f"{above_indent}, so the settings and their lists do not line up (start every setting "
        "at the beginning of the line, e.g. '- type: single choice', and indent the items "
        "under '- choices:', '- scale:' or '- statements:' by two spaces)"
    )


_CURLY_QUOTES = re.compile("[\u201c\u201d\u201e\u2018\u2019\u201a\u00ab\u00bb]")
#: The curly quotes a text can start with (German and French ones too).
OPENING_CURLY_QUOTES = "\u201c\u201e\u2018\u201a\u00ab"
#: A setting whose whole text is in curly quotes: '- hint: “Pay: base”', 'title: ‘Exit’'.
_CURLY_TEXT = re.compile(
    "^\\s*((?:-\\s+)?[^:\"'\u201c\u201e\u2018]*:\\s+)[\u201c\u201e\u2018\u201a\u00ab]"
    "(.*?)[\u201c\u201d\u2018\u2019\u00bb]\\s*$"
)


def curly_quotes_fix(line_text: str) -> str:
    """The setting on ``line_text`` with its curly quotes made straight, as the fix to
    show; a general example when the line is not one text in curly quotes."""
    found = _CURLY_TEXT.match(line_text)
    if not found:
        return 'label: "Pay: base salary"'
    return f'{found.group(1).strip()} "{found.group(2).replace(chr(34), chr(92) + chr(34))}"'


_SPECIAL_START = re.compile(r"^\s*(?:-\s+)?(?:[^:]*:\s+)?([*&!@`%|>\[{])")


def curly_text_problem(name: str, value: str) -> tuple[str, str] | None:
    """(problem, fix) for a front matter text with ': ' in it that starts with a curly
    quote: not "put it in double quotes" around the curly ones, which the web editor or
    Word curled from the straight quotes HR typed."""
    if not value or value[0] not in OPENING_CURLY_QUOTES:
        return None
    return (
        f"the text of '{name}' has ': ' in it, and its quotes are curly quotes (“ ” or ‘ ’), "
        "which settings do not count as quotes",
        f"use straight double quotes: {curly_quotes_fix(f'{name}: {value}')}; a word "
        "processor often curls them, a plain text editor does not",
    )


def explain(exc: yaml.MarkedYAMLError, line_text: str, *, texts_file: bool = False) -> str:
    """Translate PyYAML's messages into advice for someone who does not know YAML;
    ``texts_file`` for a ``texts-<language>.yml``, which has no '- hint:' to point to."""
    problem = exc.problem or "the settings could not be read"
    if "\\t" in problem or "tab" in problem.lower():
        indent = line_text[: len(line_text) - len(line_text.lstrip())]
        if "\t" in line_text and "\t" not in indent:
            # '- type:<tab>rating': not indentation, and "indentation" sent HR to the start.
            return "this line has a tab character in it (type a space instead of the tab)"
        return "a tab character is used for indentation (use spaces instead of tabs)"
    if _CURLY_QUOTES.search(line_text) and (
        "mapping values are not allowed" in problem or "expected" in problem
    ):
        return (
            "this text is in curly quotes (“ ” or ‘ ’), which settings do not count as quotes "
            f"(use straight double quotes, e.g. {curly_quotes_fix(line_text)}; "
            "a word processor often curls them, a plain text editor does not)"
        )
    if "mapping values are not allowed" in problem:
        example = 'label: "Pay: base salary"'
        if texts_file:
            # Every text of the English file is in double quotes; a translator who typed one
            # without them needs only those back.
            return f"this text has ': ' in it (put the text in double quotes: {_texts_line_quoted(line_text)})"
        if re.match(r"^\s*(?:-\s+)?[^\s:'\"][^:]*:\s+[^'\"\s].*:\s", line_text + " "):
            example = quoted(line_text)  # '- pay: Pay: base' -> '- pay: "Pay: base"'
        return (
            "a line is not a 'name: value' setting, or a text contains ': ' "
            f"(put such a text in double quotes: {example}; "
            "explanations go in '- hint:')"
        )
    if re.match(r"^\s*\*\s", line_text):
        return "a list item starts with '*' (start it with '- ' instead, e.g. '  - pay: Pay')"
    special = _SPECIAL_START.match(line_text)
    # PyYAML names the cause of '> 10 years' or '| pipe' only in its context ("while
    # scanning a block scalar"): '>' and '|' start a text block on the lines below.
    context = exc.context or ""
    if special and (
        "block scalar" in context
        or "alias" in problem
        or "anchor" in problem
        or "cannot start any token" in problem
        or "expected alphabetic or numeric character" in problem
        or "URI" in problem
        or "block scalar" in problem
        or "flow" in problem
        # '- hint: [Optional] Tell us more': a list '[Optional]', then words after it.
        or (special.group(1) in "[{" and "expected <block end>" in problem)
    ):
        # 'intro: | You are leaving' or '- hint: | Think of': a setting (not an indented
        # choice, whose label may well be '| or') whose text was meant for the lines below.
        block = re.match(r"^((?:-\s+)?[a-z_ ]+:)\s+[|>]\s*([^\W\d_].*)$", line_text)
        if block:
            name, text = block.group(1).strip(), block.group(2)
            return (
                f"the text after '{name} {special.group(1)}' must start on the next line "
                f"(write '{name} {special.group(1)}' alone, and '{_short(text)}' and the rest "
                "on the lines below it, each indented by two spaces)"
            )
        return (
            f"a text that starts with '{special.group(1)}' must be put in double quotes "
            f"(write it as '{quoted(line_text)}')"
        )
    if "could not find expected ':'" in problem or "expected <block end>" in problem:
        return (
            "the indentation, a missing ':' or a quote or bracket inside a text confuses the settings "
            "(check that every line is 'name: value' and that list items line up; "
            'put texts with quotes or brackets in double quotes, e.g. "Don\'t know")'
        )
    if "found unexpected end of stream" in problem or "found unexpected end" in problem:
        return "a quote is opened but never closed (add the closing quote)"
    return (
        "the settings on this line could not be read (a text that starts with * & ! [ { ' \" # % @ > | "
        "or contains ': ' or ' #' must be put in double quotes)"
    )


def _short(text: str, most: int = 40) -> str:
    return text if len(text) <= most else text[: most - 3].rstrip() + "..."


#: A setting or list item whose text starts with a quote: the quote, and what follows it.
_QUOTED_TEXT = re.compile(r"^\s*(?:-\s+)?(?:[^\s:'\"#][^:]*:\s+)?(['\"])(.*)$")


def quote_problem(line: str) -> str:
    """A message when a text starts with a quote that closes before the text ends, as in
    ``'Don't know'`` or ``"The "new" survey"``; YAML reports those in its own words."""
    found = _QUOTED_TEXT.match(line)
    if not found:
        return ""
    mark, rest = found.groups()
    closing = re.match(r"(?:[^'\n]|'')*'" if mark == "'" else r'(?:[^"\\]|\\.)*"', rest)
    if not closing or re.match(r"\s*(?:#.*)?$|:(?:\s|$)", rest[closing.end() :]):
        return ""  # well formed, a quoted code ('- "no": No'), or not closed on this line
    text = rest.rstrip()
    # 'Don't know' -> Don't know; 'Exit' survey -> 'Exit' survey (the quote is part of it)
    inner = text[:-1] if text.endswith(mark) else mark + text
    escaped = inner.replace('\\"', '"').replace('"', '\\"')
    fixed = f'{line[: found.start(1)].strip()} "{escaped}"'.strip()
    kind = "an apostrophe" if mark == "'" else "a double quote"
    inside = ', with \\" for each double quote in it' if '\\"' in escaped else ""
    return (
        f"this text starts with {kind}, so it ends at the next one and the rest cannot be read "
        f"(put the whole text in double quotes{inside}: {fixed})"
    )


def quoted(line_text: str) -> str:
    """The setting on ``line_text`` with its text in double quotes, as the fix to show."""
    setting = re.match(r"^\s*((?:-\s+)?[^:\s][^:]*:\s+|-\s+)(.*?)\s*$", line_text)
    if not setting:
        return f'"{line_text.strip()}"'
    text = setting.group(2).replace('"', '\\"')
    return f'{setting.group(1).strip()} "{text}"'


def _texts_line_quoted(line_text: str) -> str:
    """A line of a texts file with its text in double quotes: 'send: "Antworten: senden"',
    or '- "Stimme zu: eher"' for a scale's label (a label has no name before a colon)."""
    found = re.match(r"^\s*([a-z_]+:\s+|-\s+)(.*?)\s*$", line_text)
    if not found:
        return 'send: "Antworten: senden"'
    text = found.group(2).replace('"', '\\"')
    return f'{found.group(1).strip()} "{text}"'
