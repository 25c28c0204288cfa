"""One question block (a ``###`` heading and its settings) into ``Question`` objects.

The settings under a question heading are YAML, written either as a bullet list
(``- type: single choice``), which reads well in a Git host's preview, or as plain
``type: single choice`` lines. A statement block expands into one rating question per
statement here, so nothing downstream knows the shorthand exists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from . import model
from .condition_syntax import CONDITION_FIX, ConditionSyntaxError, parse_condition
from .defaults import DEFAULTS, LONG_TEXT_LIMIT, MAX_TEXT_LIMIT, SHORT_TEXT_LIMIT
from .problems import Problems, did_you_mean
from .text import ID_PATTERN, VALUE_PATTERN, markdown_to_html, plain_text, slugify
from .yaml_source import LocatedDict, LocatedList, YamlProblem, load

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

_COMMON_KEYS = {"type", "hint", "required", "prefer_not_to_say", "show_if"}
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
ALL_KEYS = set().union(_COMMON_KEYS, *KEYS_BY_TYPE.values())

_TRUE = {"yes", "true", "ja", "y", "on"}
#: The first line under a question heading must look like a setting, in either style.
_SETTING_LINE = re.compile(r"^(?:-\s+)?[\w\"'][^:]*:(?:\s|$)")
_FALSE = {"no", "false", "nee", "n", "off"}


@dataclass
class DerivedId:
    """An ID the builder made from text; the ID lock warns when rewording changes it."""

    kind: str  # "question" or "choice"
    id: str
    text: str
    line: int
    question: str = ""


@dataclass
class QuestionContext:
    """What a question block needs to know about the file it sits in."""

    path: str
    language: str
    section: str
    scales: dict[str, list[str]]
    problems: Problems
    derived: list[DerivedId] = field(default_factory=list)


def normalise_key(key: Any) -> str:
    return "_".join(str(key).strip().lower().replace("-", " ").split())


def normalise_type(name: str) -> str:
    words = " ".join(
        str(name).lower().replace("-", " ").replace("_", " ").replace("/", " ").split()
    )
    return TYPE_ALIASES.get(words, words)


def parse_question_block(
    heading: str,
    explicit_id: str | None,
    line: int,
    body: str,
    body_line: int,
    ctx: QuestionContext,
) -> list[model.Question]:
    """Parse one ``###`` block; problems go to ``ctx.problems`` and bad blocks yield nothing."""
    settings = _read_settings(body, body_line, line, ctx)
    if settings is None:
        return []
    type_name = settings.get("type")
    if type_name is None:
        ctx.problems.add(
            ctx.path,
            line,
            f"question '{plain_text(heading)}' has no type",
            "add a line such as '- type: single choice' under the heading; see docs/authoring.md",
        )
        return []
    qtype = TYPE_NAMES.get(normalise_type(type_name))
    if qtype is None:
        hint = did_you_mean(normalise_type(type_name), TYPE_NAMES)
        ctx.problems.add(
            ctx.path,
            settings.key_lines.get("type", line),
            f"unknown question type '{type_name}'",
            hint or "use one of: " + ", ".join(TYPE_NAMES),
        )
        return []
    ok = _check_keys(settings, qtype, ctx)
    question_id = _question_id(heading, explicit_id, line, ctx)
    common = _common_fields(settings, qtype, line, ctx)
    if question_id is None or common is None or not ok:
        return []
    if qtype == STATEMENTS:
        # The block's own ID names a group, not an answer column: the ID lock ignores it.
        ctx.derived[:] = [d for d in ctx.derived if not (d.kind == "question" and d.line == line)]
        return _statement_questions(heading, question_id, settings, line, common, ctx)
    specific = _type_fields(qtype, settings, line, question_id, ctx)
    if specific is None:
        return []
    return [
        model.Question(
            id=question_id,
            type=qtype,
            text=plain_text(heading),
            text_html=markdown_to_html(heading, inline=True),
            section=ctx.section,
            line=line,
            **common,
            **specific,
        )
    ]


def _read_settings(
    body: str, body_line: int, line: int, ctx: QuestionContext
) -> LocatedDict | None:
    """The YAML under a heading as one mapping, from either the list or the plain style."""
    for offset, text in enumerate(body.split("\n")):
        stripped = text.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not _SETTING_LINE.match(stripped):
            ctx.problems.add(
                ctx.path,
                body_line + offset,
                "this line under a question is not a setting",
                "write settings as '- name: value'; put an explanation in '- hint: ...'",
            )
            return None
        break
    try:
        data = load(body, body_line) if body.strip() else None
    except YamlProblem as exc:
        ctx.problems.add(ctx.path, exc.line, exc.message)
        return None
    if data is None:
        merged = LocatedDict()
        merged.line, merged.key_lines = line, {}
        return merged
    if isinstance(data, LocatedList):
        merged = LocatedDict()
        merged.line, merged.key_lines = data.line, {}
        for item, item_line in zip(data, data.item_lines, strict=True):
            if not isinstance(item, LocatedDict) or len(item) != 1:
                ctx.problems.add(
                    ctx.path,
                    item_line,
                    "each setting must be one 'name: value' line",
                    "write e.g. '- type: single choice'; choices go under '- choices:', indented",
                )
                return None
            ((key, value),) = item.items()
            if normalise_key(key) in merged:
                ctx.problems.add(ctx.path, item_line, f"'{key}' is given twice", "keep one of them")
                return None
            merged[normalise_key(key)] = value
            merged.key_lines[normalise_key(key)] = item_line
        return merged
    if isinstance(data, LocatedDict):
        merged = LocatedDict()
        merged.line, merged.key_lines = data.line, {}
        for key, value in data.items():
            merged[normalise_key(key)] = value
            merged.key_lines[normalise_key(key)] = data.key_lines[key]
        return merged
    ctx.problems.add(
        ctx.path,
        body_line,
        "the text under a question heading must be its settings",
        "write settings as '- name: value' lines; put explanations in '- hint:'",
    )
    return None


def _check_keys(settings: LocatedDict, qtype: str, ctx: QuestionContext) -> bool:
    allowed = _COMMON_KEYS | KEYS_BY_TYPE[qtype]
    ok = True
    for key in settings:
        if key in allowed:
            continue
        ok = False
        where = settings.key_lines.get(key, settings.line)
        shown = key.replace("_", " ")
        if key in ALL_KEYS:
            ctx.problems.add(
                ctx.path,
                where,
                f"'{shown}' does not apply to a {_type_label(qtype)} question",
                "remove it, or change the type",
            )
        else:
            spaced = {k.replace("_", " ") for k in allowed}
            fix = did_you_mean(shown, spaced) or "known settings: " + ", ".join(sorted(spaced))
            if "choices" in settings and not settings["choices"]:
                fix = "indent each choice by two spaces under '- choices:', e.g. '  - pay: Pay'"
            ctx.problems.add(ctx.path, where, f"unknown setting '{shown}'", fix)
    return ok


def _type_label(qtype: str) -> str:
    for name, stored in TYPE_NAMES.items():
        if stored == qtype:
            return name
    return qtype


def _question_id(heading: str, explicit: str | None, line: int, ctx: QuestionContext) -> str | None:
    if explicit is not None:
        if not ID_PATTERN.match(explicit):
            suggestion = slugify(explicit) or "q1"
            ctx.problems.add(
                ctx.path,
                line,
                f"'{explicit}' cannot be used as an ID",
                f"IDs are lowercase letters, digits and single underscores, e.g. {{#{suggestion}}}",
            )
            return None
        return explicit
    derived = slugify(heading)
    if derived and not derived[0].isalpha():
        derived = f"q_{derived}"
    if not ID_PATTERN.match(derived):
        ctx.problems.add(ctx.path, line, "no ID can be made from this heading", "add one: {#my_id}")
        return None
    ctx.derived.append(DerivedId("question", derived, plain_text(heading), line))
    return derived


def _flag(value: Any, key: str, line: int, ctx: QuestionContext) -> bool | None:
    key = key.replace("_", " ")
    word = str(value).strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    ctx.problems.add(
        ctx.path, line, f"'{key}' must be yes or no, not '{value}'", f"write '{key}: yes'"
    )
    return None


def _text(value: Any, key: str, line: int, ctx: QuestionContext) -> str | None:
    key = key.replace("_", " ")
    if isinstance(value, (dict, list)) or value is None:
        ctx.problems.add(ctx.path, line, f"'{key}' must be a text", f"write '{key}: your text'")
        return None
    return str(value).strip()


def _common_fields(
    settings: LocatedDict, qtype: str, line: int, ctx: QuestionContext
) -> dict | None:
    lines = settings.key_lines
    fields: dict[str, Any] = {"required": False, "hint": "", "hint_html": ""}
    ok = True
    if "required" in settings:
        flag = _flag(settings["required"], "required", lines["required"], ctx)
        ok &= flag is not None
        fields["required"] = bool(flag)
    if "hint" in settings:
        hint = _text(settings["hint"], "hint", lines["hint"], ctx)
        ok &= hint is not None
        fields["hint"] = plain_text(hint or "")
        fields["hint_html"] = markdown_to_html(hint or "", inline=True)
    if "prefer_not_to_say" in settings:
        raw = settings["prefer_not_to_say"]
        word = str(raw).strip().lower()
        if word in _TRUE:
            fields["prefer_not_to_say"] = DEFAULTS[ctx.language]["prefer_not_to_say"]
        elif word not in _FALSE:
            label = _text(raw, "prefer not to say", lines["prefer_not_to_say"], ctx)
            if label == "":
                ctx.problems.add(
                    ctx.path,
                    lines["prefer_not_to_say"],
                    "'prefer not to say' is empty",
                    "write 'prefer not to say: yes' for the standard text, or the text itself",
                )
            ok &= bool(label)
            fields["prefer_not_to_say"] = label
    if "show_if" in settings:
        text = _text(settings["show_if"], "show if", lines["show_if"], ctx)
        try:
            fields["show_if"] = parse_condition(text or "")
        except ConditionSyntaxError as exc:
            ctx.problems.add(
                ctx.path, lines["show_if"], f"cannot read the condition: {exc}", CONDITION_FIX
            )
            ok = False
    return fields if ok else None


def _type_fields(
    qtype: str, settings: LocatedDict, line: int, question_id: str, ctx: QuestionContext
) -> dict | None:
    """The settings particular to one question type, checked."""
    lines = settings.key_lines
    words = DEFAULTS[ctx.language]
    if qtype in (model.SINGLE_CHOICE, model.MULTIPLE_CHOICE, model.DROPDOWN):
        fields: dict[str, Any] = {}
        if "choices" not in settings:
            ctx.problems.add(
                ctx.path,
                line,
                f"a {_type_label(qtype)} question needs a list of choices",
                "add '- choices:' with one indented '- code: label' line per choice",
            )
            return None
        choices = _choices(settings["choices"], lines["choices"], question_id, ctx)
        if choices is None:
            return None
        if len(choices) < 2 and qtype != model.MULTIPLE_CHOICE and "other" not in settings:
            ctx.problems.add(
                ctx.path,
                lines["choices"],
                f"a {_type_label(qtype)} question needs at least two choices",
                "add another choice, or use a yes/no or multiple choice question",
            )
            return None
        fields["choices"] = choices
        if "other" in settings:
            raw = settings["other"]
            word = str(raw).strip().lower()
            if word in _TRUE:
                fields["other_label"] = words["other"]
            elif word not in _FALSE:
                label = _text(raw, "other", lines["other"], ctx)
                if not label:
                    if label == "":
                        ctx.problems.add(
                            ctx.path,
                            lines["other"],
                            "'other' is empty",
                            "write 'other: yes' for the standard text, or the text itself",
                        )
                    return None
                fields["other_label"] = label
            if any(c.value == model.OTHER_VALUE for c in choices) and "other_label" in fields:
                ctx.problems.add(
                    ctx.path,
                    lines["other"],
                    "a choice is already called 'other'",
                    "remove that choice or the 'other' setting",
                )
                return None
        return fields
    if qtype in (model.SHORT_TEXT, model.LONG_TEXT):
        default = SHORT_TEXT_LIMIT if qtype == model.SHORT_TEXT else LONG_TEXT_LIMIT
        limit = settings.get("max_length", default)
        if not isinstance(limit, int) or not 1 <= limit <= MAX_TEXT_LIMIT:
            ctx.problems.add(
                ctx.path,
                lines.get("max_length", line),
                f"max length must be a whole number from 1 to {MAX_TEXT_LIMIT}, not '{limit}'",
                f"write e.g. 'max length: {default}'",
            )
            return None
        return {"max_length": limit}
    if qtype == model.NUMBER:
        return _number_fields(settings, line, ctx)
    if qtype == model.DATE:
        month_only = False
        if "month_only" in settings:
            flag = _flag(settings["month_only"], "month only", lines["month_only"], ctx)
            if flag is None:
                return None
            month_only = flag
        return {"month_only": month_only}
    if qtype == model.YES_NO:
        return {"choices": (model.Choice("yes", words["yes"]), model.Choice("no", words["no"]))}
    if qtype == model.RATING:
        choices = _scale(settings, line, ctx)
        return None if choices is None else {"choices": choices}
    if qtype == model.RECOMMEND:
        low = _text(
            settings.get("low_label", words["recommend_low"]),
            "low label",
            lines.get("low_label", line),
            ctx,
        )
        high = _text(
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


def _choices(raw: Any, line: int, question_id: str, ctx: QuestionContext) -> tuple | None:
    if raw is None or raw == "":
        ctx.problems.add(
            ctx.path,
            line,
            "the choice list is empty",
            "add at least two choices, one per indented line",
        )
        return None
    if not isinstance(raw, LocatedList):
        ctx.problems.add(
            ctx.path,
            line,
            "choices must be a list",
            "put each choice on its own indented line: '  - code: label'",
        )
        return None
    if not raw:
        ctx.problems.add(ctx.path, line, "the choice list is empty", "add at least two choices")
        return None
    choices: list[model.Choice] = []
    seen: dict[str, int] = {}
    ok = True
    for item, item_line in zip(raw, raw.item_lines, strict=True):
        if isinstance(item, LocatedDict) and len(item) == 1:
            ((code, label),) = item.items()
            value = str(code).strip()
            if not VALUE_PATTERN.match(value):
                ctx.problems.add(
                    ctx.path,
                    item_line,
                    f"'{value}' cannot be used as a choice code",
                    "codes are lowercase letters, digits and single underscores, e.g. "
                    f"'- {slugify(value) or 'choice_1'}: {value}'; if '{value}: {label}' is one text, "
                    "put it in double quotes",
                )
                ok = False
                continue
        elif isinstance(item, (str, int, float)) and str(item).strip():
            label = item
            value = slugify(str(item))
            ctx.derived.append(DerivedId("choice", value, str(item), item_line, question_id))
            if not value:
                ctx.problems.add(
                    ctx.path,
                    item_line,
                    "no code can be made from this choice",
                    "write it as '- code: label'",
                )
                ok = False
                continue
        else:
            ctx.problems.add(
                ctx.path,
                item_line,
                "a choice must be a text or one 'code: label' pair",
                "write '- code: label'; quote labels that contain ': '",
            )
            ok = False
            continue
        if label is None or not str(label).strip() or isinstance(label, (dict, list)):
            ctx.problems.add(
                ctx.path,
                item_line,
                f"choice '{value}' has no label",
                f"write '- {value}: the text people see'",
            )
            ok = False
            continue
        if value == model.PREFER_NOT_TO_SAY:
            ctx.problems.add(
                ctx.path,
                item_line,
                "'prefer_not_to_say' is reserved",
                "use the setting '- prefer not to say: yes' instead of a choice",
            )
            ok = False
            continue
        if value in seen:
            ctx.problems.add(
                ctx.path,
                item_line,
                f"duplicate choice code '{value}' (also on line {seen[value]})",
                "give every choice its own code",
            )
            ok = False
            continue
        seen[value] = item_line
        choices.append(model.Choice(value, plain_text(str(label))))
    return tuple(choices) if ok else None


def _scale(settings: LocatedDict, line: int, ctx: QuestionContext) -> tuple | None:
    """The worded points of a rating scale, stored as values '1'..'n' from low to high."""
    if "scale" not in settings:
        ctx.problems.add(
            ctx.path,
            line,
            "a rating question needs a scale with a label for every point",
            "add '- scale: agreement' or list the labels from low to high under '- scale:'",
        )
        return None
    raw = settings["scale"]
    where = settings.key_lines["scale"]
    if isinstance(raw, str):
        known = {**DEFAULTS[ctx.language]["scales"], **ctx.scales}
        if raw.strip() not in known:
            ctx.problems.add(
                ctx.path,
                where,
                f"unknown scale '{raw}'",
                did_you_mean(raw.strip(), known) or "known scales: " + ", ".join(sorted(known)),
            )
            return None
        labels = list(known[raw.strip()])
    elif isinstance(raw, LocatedList):
        labels = []
        for item, item_line in zip(raw, raw.item_lines, strict=True):
            if isinstance(item, LocatedDict) and len(item) == 1:
                item = next(iter(item.values()))
            if item is None or isinstance(item, (dict, list)) or not str(item).strip():
                ctx.problems.add(
                    ctx.path,
                    item_line,
                    "a point of the scale has no label",
                    "give every point a label, e.g. '- Agree'",
                )
                return None
            labels.append(str(item))
    else:
        labels = []
    if len(labels) < 2:
        ctx.problems.add(
            ctx.path,
            where,
            "the scale has no labels" if not labels else "the scale has one point",
            "list at least two labels from low to high, or use 'scale: agreement'",
        )
        return None
    if len(labels) > 11:
        ctx.problems.add(ctx.path, where, "a scale can have at most 11 points", "shorten the scale")
        return None
    return tuple(model.Choice(str(n), plain_text(label)) for n, label in enumerate(labels, 1))


def _number_fields(settings: LocatedDict, line: int, ctx: QuestionContext) -> dict | None:
    fields: dict[str, Any] = {"step": 1}
    for key in ("min", "max", "step"):
        if key in settings:
            value = settings[key]
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                ctx.problems.add(
                    ctx.path,
                    settings.key_lines[key],
                    f"'{key}' must be a number, not '{value}'",
                    f"write e.g. '{key}: 0'",
                )
                return None
            fields[key] = value
    if (
        fields.get("min") is not None
        and fields.get("max") is not None
        and fields["min"] > fields["max"]
    ):
        ctx.problems.add(ctx.path, settings.key_lines["min"], "min is larger than max", "swap them")
        return None
    if fields["step"] <= 0:
        ctx.problems.add(
            ctx.path, settings.key_lines["step"], "step must be more than 0", "write 'step: 1'"
        )
        return None
    return fields


def _statement_questions(
    heading: str,
    group_id: str,
    settings: LocatedDict,
    line: int,
    common: dict,
    ctx: QuestionContext,
) -> list[model.Question]:
    """Expand a statement block into one rating question per statement."""
    choices = _scale(settings, line, ctx)
    raw = settings.get("statements")
    where = settings.key_lines.get("statements", line)
    if not isinstance(raw, LocatedList) or not raw:
        ctx.problems.add(
            ctx.path,
            where,
            "a statements block needs a list of statements",
            "add '- statements:' with one indented '- id: statement' line each",
        )
        return []
    if choices is None:
        return []
    questions = []
    for item, item_line in zip(raw, raw.item_lines, strict=True):
        if isinstance(item, LocatedDict) and len(item) == 1:
            ((qid, text),) = item.items()
            qid = str(qid)
            if not ID_PATTERN.match(qid):
                ctx.problems.add(
                    ctx.path,
                    item_line,
                    f"'{qid}' cannot be used as an ID",
                    f"IDs are lowercase letters, digits and single underscores, e.g. '{slugify(qid) or 'q1'}'",
                )
                continue
        elif isinstance(item, str) and item.strip():
            text = item
            qid = slugify(item)
            if qid and not qid[0].isalpha():
                qid = f"q_{qid}"
            if not ID_PATTERN.match(qid):
                ctx.problems.add(
                    ctx.path,
                    item_line,
                    "no ID can be made from this statement",
                    "write it as '- my_id: the statement'",
                )
                continue
            ctx.derived.append(DerivedId("question", qid, item, item_line))
        else:
            ctx.problems.add(
                ctx.path,
                item_line,
                "a statement must be a text or 'id: text'",
                "write '- id: the statement'",
            )
            continue
        if text is None or isinstance(text, (dict, list)) or not str(text).strip():
            ctx.problems.add(
                ctx.path,
                item_line,
                f"statement '{qid}' has no text",
                f"write '- {qid}: the statement'",
            )
            continue
        questions.append(
            model.Question(
                id=qid,
                type=model.RATING,
                text=plain_text(str(text)),
                text_html=markdown_to_html(str(text), inline=True),
                section=ctx.section,
                choices=choices,
                group=group_id,
                group_text=plain_text(heading),
                group_html=markdown_to_html(heading, inline=True),
                line=item_line,
                **common,
            )
        )
    return questions
