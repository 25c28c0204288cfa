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

from .yaml_advice import (
    NOT_A_LIST_ITEM,
    NOT_A_LIST_ITEM_FIX,
    explain,
    misaligned_item,
    quote_problem,
    quoted,
    word_processor_character,
)


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


_COMMENT_IN_VALUE = re.compile(r"^\s*(?:-\s+)?[^:#'\"]+:(?=\s)(?!\s+['\"|>])(?:.*\s)#")
#: '    - About right # ok': a list item (a scale label, a statement) without a colon.
_COMMENT_IN_ITEM = re.compile(r"^\s*-\s+[^\s:#'\"][^:#]*\s#")
#: 'closed: yes # until March': a yes or no with a note after it.
_NOTE_AFTER_YES_NO = re.compile(
    r"^\s*((?:-\s+)?([^:#'\"]+):\s*(?:yes|no|true|false|ja|nee))\s+(#.*?)\s*$", re.IGNORECASE
)
#: The settings whose value is a yes or no (``closed`` in the front matter; ``other`` and
#: ``prefer not to say`` take a text too, but "no # ..." there is a no). A text setting
#: that happens to start with "No" ('- hint: No # of days matters here') is a text.
YES_NO_SETTINGS = frozenset({"closed", "required", "other", "prefer_not_to_say", "month_only"})


def normalise_key(key: Any) -> str:
    """A setting's name as the settings know it: 'Prefer not to say' is 'prefer_not_to_say'."""
    return "_".join(str(key).strip().lower().replace("-", " ").split())


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


#: '- hint: Some text' or '  - night: Night shift': a setting with a one-line text.
_ONE_LINE_TEXT = re.compile(r"""^(\s*-\s+)([^\s:"'][^:]*):\s+[^\s|>"'].*$""")


def _continued_text(
    lines: list[str], exc: yaml.MarkedYAMLError, first_line: int
) -> YamlProblem | None:
    """A problem when a setting's text was broken over two lines by an Enter: the second
    line, indented as far as the setting's name, reads to YAML as a name without ':'."""
    if exc.problem != "could not find expected ':'" or exc.context_mark is None:
        return None
    at = exc.context_mark.line
    above = [i for i in range(min(at, len(lines))) if lines[i].strip()]
    if not above or at >= len(lines):
        return None
    setting = _ONE_LINE_TEXT.match(lines[above[-1]])
    line = lines[at]
    if not setting or line.lstrip(" ").startswith("-") or ": " in line:
        return None
    if len(line) - len(line.lstrip(" ")) != len(setting.group(1)):
        return None
    return YamlProblem(
        first_line + at,
        f"this line continues the text of '{setting.group(2).strip()}' (line "
        f"{first_line + above[-1]}), but is read as a new setting (join it to the end of line "
        f"{first_line + above[-1]}; the Git website wraps a long line on the screen only)",
    )


def load(text: str, first_line: int, *, texts_file: bool = False) -> Any:
    """Parse ``text``, which starts on line ``first_line`` of its file, into located values
    (``texts_file``: a ``texts-<language>.yml``, whose mistakes are explained in its terms)."""
    lines = [_plain_spaces(line) for line in text.split("\n")]
    block_indent = None  # inside a '|' text, a '#' or a dash is only text
    for offset, line in enumerate(lines):
        indent = len(line) - len(line.lstrip(" "))
        if block_indent is not None and (not line.strip() or indent > block_indent):
            continue
        block_indent = indent if _BLOCK_TEXT.match(line) else None
        # YAML silently drops everything after ' #'; a person meant it as part of the text.
        if _COMMENT_IN_VALUE.match(line) or _COMMENT_IN_ITEM.match(line):
            note = _NOTE_AFTER_YES_NO.match(line)
            fix = (
                # 'closed: yes # until March': quoted, the yes would no longer be a yes.
                f"delete '{note.group(3)}': a note cannot go on a setting's line; write "
                f"'{note.group(1)}'"
                if note and normalise_key(note.group(2)) in YES_NO_SETTINGS
                else f"put the whole text in double quotes: {quoted(line)}"
            )
            raise YamlProblem(
                first_line + offset,
                f"a '#' in a setting starts a comment, so the rest of the line would be lost ({fix})",
            )
        quote = quote_problem(line)
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
            f"(write it as '{quoted(line_text)}')",
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if "quoted scalar" in (exc.context or "") and exc.context_mark is not None:
            mark = exc.context_mark  # a quote never closed: the line where it opens
        offset = mark.line if mark else 0
        unclosed = _unclosed_quote_above(lines, offset)
        if unclosed is not None:
            raise YamlProblem(
                first_line + unclosed,
                "this text starts with a double quote but does not end with one, so it runs "
                'on into the next line (add the closing " at the end of the text)',
            ) from None
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
        continued = _continued_text(lines, exc, first_line)
        if continued:
            raise continued from None
        misaligned = "expected <block end>" in (exc.problem or "") and misaligned_item(
            lines, offset
        )
        if misaligned:
            raise YamlProblem(first_line + offset, misaligned) from None
        line_text = lines[offset] if offset < len(lines) else ""
        raise YamlProblem(
            first_line + offset, explain(exc, line_text, texts_file=texts_file)
        ) from None
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


#: A setting or list item whose text opens a double quote that this line does not close.
_OPEN_QUOTE = re.compile(r'^\s*(?:-\s+)?(?:[^\s:"\'#][^:"]*:\s+)?"(?:[^"\\]|\\.)*$')


def _unclosed_quote_above(lines: list[str], offset: int) -> int | None:
    """The line above ``offset`` when its double-quoted text is not closed there: YAML
    then reads on, up to the next line's first quote, and stumbles only after it (in a
    texts file, where every text is quoted, always on the line below the mistake)."""
    above = [i for i in range(min(offset, len(lines))) if lines[i].strip()]
    below = lines[offset] if offset < len(lines) else ""
    if above and '"' in below and _OPEN_QUOTE.match(lines[above[-1]]):
        return above[-1]
    return None


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
