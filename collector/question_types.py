"""Question types: the names people write, the settings each type takes, and reading
the settings particular to one type."""

from __future__ import annotations

import re
from typing import Any

from . import model
from .defaults import LONG_TEXT_LIMIT, MAX_TEXT_LIMIT, SHORT_TEXT_LIMIT
from .question_choices import read_choices, read_scale
from .question_settings import QuestionContext, read_flag, read_label, read_number, read_text
from .yaml_source import LocatedDict

STATEMENTS = "statements"

#: The type names people write, mapped to the stored type.
TYPE_NAMES = {
    "single choice": model.SINGLE_CHOICE,
    "multiple choice": model.MULTIPLE_CHOICE,
    "dropdown": model.DROPDOWN,
    "short text": model.SHORT_TEXT,
    "long text": model.LONG_TEXT,
    "number": model.NUMBER,
    "date": model.DATE,
    "yes no": model.YES_NO,
    "rating": model.RATING,
    "recommend": model.RECOMMEND,
    "statements": STATEMENTS,
}
TYPE_ALIASES = {
    "single": "single choice",
    "radio": "single choice",
    "multiple": "multiple choice",
    "checkboxes": "multiple choice",
    "select": "dropdown",
    "text": "short text",
    "textarea": "long text",
    "yesno": "yes no",
    "scale": "rating",
    "nps": "recommend",
    "0 10": "recommend",
}

COMMON_KEYS = {"type", "hint", "required", "prefer_not_to_say", "show_if"}
KEYS_BY_TYPE: dict[str, set[str]] = {
    model.SINGLE_CHOICE: {"choices", "other"},
    model.MULTIPLE_CHOICE: {"choices", "other"},
    model.DROPDOWN: {"choices"},
    model.SHORT_TEXT: {"max_length"},
    model.LONG_TEXT: {"max_length"},
    model.NUMBER: {"min", "max", "step"},
    model.DATE: {"month_only"},
    model.YES_NO: set(),
    model.RATING: {"scale"},
    model.RECOMMEND: {"low_label", "high_label"},
    STATEMENTS: {"scale", "statements"},
}
ALL_KEYS = set().union(COMMON_KEYS, *KEYS_BY_TYPE.values())


def normalise_type(name: str) -> str:
    """A type as written ("Single-choice", "radio") in the form TYPE_NAMES uses."""
    words = " ".join(
        str(name).lower().replace("-", " ").replace("_", " ").replace("/", " ").split()
    )
    return TYPE_ALIASES.get(words, words)


def type_label(qtype: str) -> str:
    """The name people write for a stored type, for messages."""
    for name, stored in TYPE_NAMES.items():
        if stored == qtype:
            return name
    return qtype


def type_fields(
    qtype: str, settings: LocatedDict, line: int, question_id: str, ctx: QuestionContext
) -> dict | None:
    """The settings particular to one question type, checked."""
    lines = settings.key_lines
    words = ctx.words
    if qtype in (model.SINGLE_CHOICE, model.MULTIPLE_CHOICE, model.DROPDOWN):
        fields: dict[str, Any] = {}
        if "choices" not in settings:
            ctx.problems.add(
                ctx.path,
                line,
                f"a {type_label(qtype)} question needs a list of choices",
                "add '- choices:' with one indented '- code: label' line per choice",
            )
            return None
        choices = read_choices(settings["choices"], lines["choices"], question_id, ctx)
        if choices is None:
            return None
        if len(choices) < 2 and qtype != model.MULTIPLE_CHOICE and "other" not in settings:
            ctx.problems.add(
                ctx.path,
                lines["choices"],
                f"a {type_label(qtype)} question needs at least two choices",
                "add another choice, or use a yes/no or multiple choice question",
            )
            return None
        fields["choices"] = choices
        if "other" in settings:
            ok, label = read_label(settings["other"], "other", words["other"], lines["other"], ctx)
            if not ok:
                return None
            if label is not None:
                fields["other_label"] = label
        return fields
    if qtype in (model.SHORT_TEXT, model.LONG_TEXT):
        default = SHORT_TEXT_LIMIT if qtype == model.SHORT_TEXT else LONG_TEXT_LIMIT
        if "max_length" not in settings:
            return {"max_length": default}
        where = lines["max_length"]
        limit = read_number(settings["max_length"], "max_length", where, ctx, whole=True)
        if limit is None:
            return None
        if not 1 <= limit <= MAX_TEXT_LIMIT:
            ctx.problems.add(
                ctx.path,
                where,
                f"max length must be a whole number from 1 to {MAX_TEXT_LIMIT}, not '{limit}'",
                f"write e.g. 'max length: {default}'",
            )
            return None
        return {"max_length": limit}
    if qtype == model.NUMBER:
        return _number_fields(settings, ctx)
    if qtype == model.DATE:
        month_only = False
        if "month_only" in settings:
            flag = read_flag(settings["month_only"], "month only", lines["month_only"], ctx)
            if flag is None:
                return None
            month_only = flag
        return {"month_only": month_only}
    if qtype == model.YES_NO:
        return {"choices": (model.Choice("yes", words["yes"]), model.Choice("no", words["no"]))}
    if qtype == model.RATING:
        choices = read_scale(settings, line, ctx)
        return None if choices is None else {"choices": choices}
    if qtype == model.RECOMMEND:
        low = read_text(
            settings.get("low_label", words["recommend_low"]),
            "low label",
            lines.get("low_label", line),
            ctx,
        )
        high = read_text(
            settings.get("high_label", words["recommend_high"]),
            "high label",
            lines.get("high_label", line),
            ctx,
        )
        if low is None or high is None:
            return None
        choices = tuple(model.Choice(str(n), str(n)) for n in range(11))
        return {"choices": choices, "low_label": low, "high_label": high}
    raise AssertionError(qtype)


def _number_fields(settings: LocatedDict, ctx: QuestionContext) -> dict | None:
    fields: dict[str, Any] = {"step": 1}
    for key in ("min", "max", "step"):
        if key in settings:
            value = read_number(settings[key], key, settings.key_lines[key], ctx)
            if value is None:
                return None
            fields[key] = value
    # How min, max and step fit together: question_settings.check_number_range.
    if fields["step"] <= 0:
        ctx.problems.add(
            ctx.path, settings.key_lines["step"], "step must be more than 0", "write 'step: 1'"
        )
        return None
    return fields


def missing_colon(line: str) -> tuple[str, str] | None:
    """(what, fix) when ``line`` is a known setting with its ':' left out: '- type long text'."""
    dash, words = re.match(r"^(-\s+)?(.*)$", line).groups()
    words = words.split()
    if not dash and words and words[0][0].isupper():
        return None  # 'Type your answer below.': a sentence, not a setting
    for count in (4, 3, 2, 1):
        if (
            len(words) > count
            and "_".join(" ".join(words[:count]).lower().replace("-", " ").split()) in ALL_KEYS
        ):
            name, rest = " ".join(words[:count]), " ".join(words[count:])
            return f"'{line}' has no ':' after '{name}'", f"write '{dash or ''}{name}: {rest}'"
    return None
