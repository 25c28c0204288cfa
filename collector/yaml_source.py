"""YAML as HR writes it: plain strings stay strings, and every value knows its line.

PyYAML's default (YAML 1.1) turns ``yes``, ``no``, ``on`` and ``off`` into booleans, dates
into ``datetime`` objects and ``0500``, ``1.000`` or ``1:30`` into numbers nobody meant (320,
1.0 and 90), which would make a choice called ``no: No`` vanish into ``False``. This loader
keeps every value as text; the parser decides what a word like ``yes`` or a number means
where it expects one, and can say so when it is ambiguous.
"""

from __future__ import annotations

import re
from typing import Any

import yaml


class _TextLoader(yaml.SafeLoader):
    """SafeLoader that reads every value as text (only an empty value is None), and that
    refuses YAML's anchors ('&name'), aliases ('*name') and '!!' type tags.

    HR never means them: '- hint: &Important read this' would silently lose '&Important'
    (read as an anchor's name), and aliases that refer to each other expand to billions of
    values ("billion laughs"), which hung the build."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _NotText(
                event.start_mark.line, "*" if isinstance(event, yaml.AliasEvent) else "&"
            )
        tag = getattr(event, "tag", None)
        if isinstance(tag, str) and tag.startswith("tag:yaml.org,2002:"):
            raise _NotText(event.start_mark.line, "!")
        return super().compose_node(parent, index)


class _NotText(Exception):
    """An anchor, alias or type tag at ``line`` (0-based, in the text given to ``load``)."""

    def __init__(self, line: int, sign: str) -> None:
        super().__init__(sign)
        self.line = line
        self.sign = sign


_TEXT_ONLY = tuple(f"tag:yaml.org,2002:{kind}" for kind in ("bool", "timestamp", "int", "float"))
_TextLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _TEXT_ONLY]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class LocatedDict(dict):
    """A mapping that remembers the source line of itself and of each key."""

    line: int
    key_lines: dict[Any, int]


class LocatedList(list):
    """A sequence that remembers the source line of itself and of each item."""

    line: int
    item_lines: list[int]


class YamlProblem(Exception):
    """A YAML syntax error, with the line (1-based, in the whole file) it was found on."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


#: A line among '- ' items that lacks its dash (or the space after it).
NOT_A_LIST_ITEM = "this line should be a list item, like the lines around it"
NOT_A_LIST_ITEM_FIX = "start it with a dash and a space: '- '"

_COMMENT_IN_VALUE = re.compile(r"^\s*(?:-\s+)?[^:#'\"]+:(?=\s)(?!\s+['\"|>])(?:.*\s)#")
#: '    - About right # ok': a list item (a scale label, a statement) without a colon.
_COMMENT_IN_ITEM = re.compile(r"^\s*-\s+[^\s:#'\"][^:#]*\s#")
#: A setting whose text follows on the next, indented lines: 'intro: |'.
_BLOCK_TEXT = re.compile(r"^\s*(?:-\s+)?[^#]*:\s*[|>][-+0-9]*\s*$")


#: Spaces that Word and web pages paste but YAML does not count as spaces.
_ODD_SPACE = "[\u00a0\u2007\u202f]"


def _plain_spaces(line: str) -> str:
    """The line with odd spaces made plain where YAML's structure needs a space: in the
    indentation, after a list dash, and after a setting's colon (``- type:`` followed by a
    no-break space); inside a text they are kept."""
    line = re.sub(rf"^(?:[ ]|{_ODD_SPACE})+", lambda m: " " * len(m.group()), line)
    line = re.sub(rf"^(\s*-){_ODD_SPACE}", r"\1 ", line)
    return re.sub(rf"^(\s*(?:-\s+)?[^\s:\"'][^:]*:){_ODD_SPACE}+", r"\1 ", line)


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


def load(text: str, first_line: int) -> Any:
    """Parse ``text``, which starts on line ``first_line`` of its file, into located values."""
    lines = [_plain_spaces(line) for line in text.split("\n")]
    block_indent = None  # inside a '|' text, a '#' or a dash is only text
    for offset, line in enumerate(lines):
        indent = len(line) - len(line.lstrip(" "))
        if block_indent is not None and (not line.strip() or indent > block_indent):
            continue
        block_indent = indent if _BLOCK_TEXT.match(line) else None
        # YAML silently drops everything after ' #'; a person meant it as part of the text.
        if _COMMENT_IN_VALUE.match(line) or _COMMENT_IN_ITEM.match(line):
            raise YamlProblem(
                first_line + offset,
                "a '#' in a setting starts a comment, so the rest of the line would be lost "
                f"(put the whole text in double quotes: {_quoted(line)})",
            )
        quote = _quote_problem(line)
        if quote:
            raise YamlProblem(first_line + offset, quote)
        typed = word_processor_character(line)
        if typed:
            raise YamlProblem(first_line + offset, typed)
    text = "\n".join(lines)
    try:
        node = yaml.compose(text, Loader=_TextLoader)
        if node is None:
            return None
        return _convert(node, first_line)
    except _NotText as exc:
        line_text = lines[exc.line] if exc.line < len(lines) else ""
        raise YamlProblem(
            first_line + exc.line,
            f"a text that starts with '{exc.sign}' must be put in double quotes "
            f"(write it as '{_quoted(line_text)}')",
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if "quoted scalar" in (exc.context or "") and exc.context_mark is not None:
            mark = exc.context_mark  # a quote never closed: the line where it opens
        offset = mark.line if mark else 0
        if "expected <block end>, but found '-'" in (exc.problem or ""):
            # PyYAML stops at the next list item; the culprit is the line above it, which
            # lacks its '- ' ('voluntary: I resigned' or '-voluntary: ...' among '- ' items).
            above = [i for i in range(offset) if lines[i].strip()]
            if above and not re.match(r"^\s*-\s", lines[above[-1]]):
                raise YamlProblem(
                    first_line + above[-1], f"{NOT_A_LIST_ITEM} ({NOT_A_LIST_ITEM_FIX})"
                ) from None
        if "expected <block end>, but found '?'" in (exc.problem or "") and (
            "block collection" in (exc.context or "")
            and offset < len(lines)
            and not re.match(r"^\s*-", lines[offset])
            and exc.context_mark is not None
            and len(lines[offset]) - len(lines[offset].lstrip(" ")) == exc.context_mark.column
        ):
            # 'hint: ...' among '- type: ...' settings: the line lacks its '- '.
            raise YamlProblem(
                first_line + offset, f"{NOT_A_LIST_ITEM} ({NOT_A_LIST_ITEM_FIX})"
            ) from None
        misaligned = "expected <block end>" in (exc.problem or "") and _misaligned_item(
            lines, offset
        )
        if misaligned:
            raise YamlProblem(first_line + offset, misaligned) from None
        line_text = lines[offset] if offset < len(lines) else ""
        raise YamlProblem(first_line + offset, _explain(exc, line_text)) from None
    except RecursionError:
        # '[[[[...' hundreds deep: PyYAML's parser recurses once per bracket.
        deepest = max(range(len(lines)), key=lambda i: lines[i].count("[") + lines[i].count("{"))
        raise YamlProblem(
            first_line + deepest,
            "too many brackets '[' or '{' inside each other: the settings read them as lists "
            "within lists (put the whole text in double quotes, or leave out the brackets)",
        ) from None
    except yaml.YAMLError as exc:  # e.g. a character YAML refuses; the parser removes most
        raise YamlProblem(
            first_line,
            f"the settings could not be read: {str(exc).splitlines()[0]} (retype the line, "
            "or put its text in double quotes)",
        ) from None


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


def _misaligned_item(lines: list[str], offset: int) -> str:
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


def _convert(node: yaml.Node, first_line: int) -> Any:
    line = first_line + node.start_mark.line
    if isinstance(node, yaml.MappingNode):
        result = LocatedDict()
        result.line = line
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = _convert(key_node, first_line)
            if isinstance(key, (dict, list)):
                raise YamlProblem(
                    first_line + key_node.start_mark.line,
                    "a setting's name cannot be a list or a block (write a plain name and a "
                    "colon, e.g. '- hint: ...'; put a text that starts with '[', '{' or '?' "
                    "in double quotes)",
                )
            if key in result:
                raise YamlProblem(
                    first_line + key_node.start_mark.line,
                    f"'{key}' is given twice (also on line {result.key_lines[key]}; keep one "
                    "of them and delete the other)",
                )
            result[key] = _convert(value_node, first_line)
            result.key_lines[key] = first_line + key_node.start_mark.line
        return result
    if isinstance(node, yaml.SequenceNode):
        result_list = LocatedList()
        result_list.line = line
        result_list.item_lines = []
        for item in node.value:
            result_list.append(_convert(item, first_line))
            result_list.item_lines.append(first_line + item.start_mark.line)
        return result_list
    if node.tag.startswith("!"):
        # '!Important' or '!Exit survey': YAML reads a leading '!' as a type tag.
        raise YamlProblem(
            line,
            f"a text that starts with '!' must be put in double quotes "
            f'(write e.g. "{node.tag}{(" " + node.value) if node.value else ""}")',
        )
    loader = _TextLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


_CURLY_QUOTES = re.compile("[\u201c\u201d\u201e\u2018\u2019\u201a\u00ab\u00bb]")
_SPECIAL_START = re.compile(r"^\s*(?:-\s+)?(?:[^:]*:\s+)?([*&!@`%|>\[{])")


def _explain(exc: yaml.MarkedYAMLError, line_text: str) -> str:
    """Translate PyYAML's messages into advice for someone who does not know YAML."""
    problem = exc.problem or "the settings could not be read"
    if "\\t" in problem or "tab" in problem.lower():
        return "a tab character is used for indentation (use spaces instead of tabs)"
    if _CURLY_QUOTES.search(line_text) and (
        "mapping values are not allowed" in problem or "expected" in problem
    ):
        return (
            "this text is in curly quotes (“ ” or ‘ ’), which settings do not count as quotes "
            '(use straight double quotes, e.g. label: "Pay: base salary"; '
            "a word processor often curls them, a plain text editor does not)"
        )
    if "mapping values are not allowed" in problem:
        example = 'label: "Pay: base salary"'
        if re.match(r"^\s*(?:-\s+)?[^\s:'\"][^:]*:\s+[^'\"\s].*:\s", line_text + " "):
            example = _quoted(line_text)  # '- pay: Pay: base' -> '- pay: "Pay: base"'
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
            f"(write it as '{_quoted(line_text)}')"
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


def _quote_problem(line: str) -> str:
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


def _quoted(line_text: str) -> str:
    """The setting on ``line_text`` with its text in double quotes, as the fix to show."""
    setting = re.match(r"^\s*((?:-\s+)?[^:\s][^:]*:\s+|-\s+)(.*?)\s*$", line_text)
    if not setting:
        return f'"{line_text.strip()}"'
    text = setting.group(2).replace('"', '\\"')
    return f'{setting.group(1).strip()} "{text}"'
