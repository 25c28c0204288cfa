"""YAML as HR writes it: plain strings stay strings, and every value knows its line.

PyYAML's default (YAML 1.1) turns ``yes``, ``no``, ``on`` and ``off`` into booleans and dates
into ``datetime`` objects, which would make a choice called ``no: No`` vanish into ``False``.
This loader keeps them as text; the parser decides what a word like ``yes`` means where it
expects a yes/no setting.
"""

from __future__ import annotations

import re
from typing import Any

import yaml


class _TextLoader(yaml.SafeLoader):
    """SafeLoader without the bool and timestamp resolvers."""


_TextLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
    ]
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


def load(text: str, first_line: int) -> Any:
    """Parse ``text``, which starts on line ``first_line`` of its file, into located values."""
    for offset, line in enumerate(text.split("\n")):
        # YAML silently drops everything after ' #'; a person meant it as part of the text.
        if _COMMENT_IN_VALUE.match(line):
            raise YamlProblem(
                first_line + offset,
                "a '#' in a setting starts a comment, so the rest of the line would be lost "
                '(put the whole text in double quotes, e.g. hint: "Pay, benefits # not pension")',
            )
    try:
        node = yaml.compose(text, Loader=_TextLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        raise YamlProblem(line, _explain(exc)) from None
    if node is None:
        return None
    return _convert(node, first_line)


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
                    first_line + key_node.start_mark.line, "a key cannot be a list or a block"
                )
            if key in result:
                raise YamlProblem(first_line + key_node.start_mark.line, f"'{key}' is given twice")
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
    loader = _TextLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def _explain(exc: yaml.MarkedYAMLError) -> str:
    """Translate PyYAML's messages into advice for someone who does not know YAML."""
    problem = exc.problem or "the settings could not be read"
    if "\\t" in problem or "tab" in problem.lower():
        return "a tab character is used for indentation (use spaces instead of tabs)"
    if "mapping values are not allowed" in problem:
        return (
            "a line is not a 'name: value' setting, or a text contains ': ' "
            '(put such a text in double quotes, e.g. label: "Pay: base salary"; '
            "explanations go in '- hint:')"
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
        f"the settings could not be read: {problem} (a text that starts with * & ! [ {{ ' \" # % @ "
        "or contains ': ' or ' #' must be put in double quotes)"
    )
