"""One question block (a ``###`` heading and its settings) into ``Question`` objects.

The settings under a question heading are YAML, written either as a bullet list
(``- type: single choice``), which reads well in a Git host's preview, or as plain
``type: single choice`` lines. A statement block expands into one rating question per
statement (``question_statements.py``), so nothing downstream knows the shorthand exists.
"""

from __future__ import annotations

import re
from typing import Any

from . import model
from .condition_syntax import ConditionSyntaxError, parse_condition
from .problems import did_you_mean
from .question_choices import same_label
from .question_settings import (
    DerivedId,
    QuestionContext,
    check_number_range,
    derive_id,
    read_flag,
    read_label,
    read_text,
    warn_dropped_markup,
)
from .question_statements import statement_questions
from .question_types import (
    ALL_KEYS,
    COMMON_KEYS,
    KEYS_BY_TYPE,
    STATEMENTS,
    TYPE_NAMES,
    missing_colon,
    normalise_type,
    type_fields,
    type_label,
)
from .setting_line_advice import not_a_setting_advice
from .text import ID_PATTERN, lookalike_problem, markdown_to_html, plain_text, slugify
from .yaml_advice import NOT_A_LIST_ITEM, NOT_A_LIST_ITEM_FIX, word_processor_character
from .yaml_source import LocatedDict, LocatedList, YamlProblem, load, normalise_key

#: The first line under a question heading must look like a setting, in either style.
_SETTING_LINE = re.compile(r"^(?:-\s+)?[\w\"'][^:]*:(?:\s|$)")
#: A setting with a one-line text, whose next line may be the rest of that text.
_TEXT_KEYS = {"hint", "other", "prefer_not_to_say", "low_label", "high_label"}
_TEXT_SETTING = re.compile(r"""^(?:-\s+)?([^\s:"'][^:]*):\s+[^\s|>"'].*$""")


#: A question heading longer than this is most often a question with its explanation
#: (or a pasted paragraph) in it: the explanation belongs in the hint.
QUESTION_MAX_CHARS = 250


def parse_question_block(
    heading: str,
    explicit_id: str | None,
    line: int,
    body: str,
    body_line: int,
    ctx: QuestionContext,
) -> list[model.Question]:
    """Parse one ``###`` block; problems go to ``ctx.problems`` and bad blocks yield nothing."""
    if not plain_text(heading):
        ctx.problems.add(
            ctx.path,
            line,
            "this question heading has no text",
            "write the question after '### ', e.g. '### What would have made you stay? {#stay}'",
        )
        return []
    warn_dropped_markup(ctx.problems, ctx.path, heading, line, inline=True)
    length = len(plain_text(heading))
    if length > QUESTION_MAX_CHARS:
        ctx.problems.add(
            ctx.path,
            line,
            f"the question is {length} characters long; a leaver reads it on a phone and a "
            "screen reader reads all of it, so keep it under "
            f"{QUESTION_MAX_CHARS}",
            "ask the question in one short sentence and put the explanation in "
            "'- hint: ...' under it",
            warning=True,
        )
    settings = _read_settings(body, body_line, line, ctx)
    if settings is None:
        return []
    type_name = settings.get("type")
    if type_name is None:
        fix = "add a line such as '- type: single choice' under the heading"
        if {normalise_key(key) for key in settings} <= {"show_if"}:
            # Nothing but a condition, or nothing at all: most often a section written with
            # three #, whose questions follow it.
            written = f"{heading} {{#{explicit_id}}}" if explicit_id else heading
            fix += f"; if it starts a section, write it with two #: '## {written}'"
        fix += "; see docs/authoring.md"
        ctx.problems.add(ctx.path, line, f"question '{plain_text(heading)}' has no type", fix)
        return []
    if isinstance(type_name, (dict, list)):
        ctx.problems.add(
            ctx.path,
            settings.key_lines.get("type", line),
            "'type' must be the name of one question type, not a list",
            "write it on one line, e.g. '- type: single choice'",
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
    common = _common_fields(settings, ctx)
    if question_id is None or common is None or not ok:
        return []
    if qtype == STATEMENTS:
        # The block's own ID names a group, not an answer column: the ID lock ignores it.
        ctx.derived[:] = [d for d in ctx.derived if not (d.kind == "question" and d.line == line)]
        ctx.blocks.append((question_id, line))
        found = statement_questions(heading, question_id, settings, line, common, ctx)
    else:
        specific = type_fields(qtype, settings, line, question_id, ctx)
        if specific is not None and not _fields_fit(qtype, specific, common, settings, ctx):
            specific = None
        found = (
            []
            if specific is None
            else _one_question(heading, question_id, qtype, line, common, specific, ctx)
        )
    for question in found:
        if "show_if" in settings.key_lines:
            ctx.show_if_lines["question", question.id] = settings.key_lines["show_if"]
    return found


def _one_question(
    heading: str,
    question_id: str,
    qtype: str,
    line: int,
    common: dict,
    specific: dict,
    ctx: QuestionContext,
) -> list[model.Question]:
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


def _fields_fit(
    qtype: str, specific: dict, common: dict, settings: LocatedDict, ctx: QuestionContext
) -> bool:
    """False after reporting settings that are fine one by one but not together: a number
    range its step does not fit, or an added option that reads like one of the choices."""
    if qtype == model.NUMBER:
        return check_number_range(specific, settings.key_lines, ctx)
    # 'other: yes' or 'prefer not to say: yes' beside a choice with that very text: the
    # leaver would see the same answer twice, stored under two codes.
    choices = {same_label(c.label): c for c in specific.get("choices", ())}
    for key, label in (
        ("other", specific.get("other_label")),
        ("prefer_not_to_say", common.get("prefer_not_to_say")),
    ):
        twin = None if label is None else choices.get(same_label(label))
        if twin is None:
            continue
        shown = key.replace("_", " ")
        what = (
            f"point {twin.value} of the scale"
            if qtype == model.RATING
            else f"the choice '{twin.value}'"
        )
        ctx.problems.add(
            ctx.path,
            settings.key_lines[key],
            f"the '{shown}' option has the same label as {what}, '{twin.label}', so people "
            "would see two identical options",
            f"remove the choice '{twin.value}': '- {shown}:' adds this option already"
            if qtype != model.RATING
            else f"remove '- {shown}:', or give it a text of its own",
        )
        return False
    return True


def _read_settings(
    body: str, body_line: int, line: int, ctx: QuestionContext
) -> LocatedDict | None:
    """The YAML under a heading as one mapping, from either the list or the plain style."""
    # Indented lines continue a setting (a choice, a long text); a line at the margin must
    # be a setting itself. Anything else is most often an explanation typed below them.
    for offset, text in enumerate(body.split("\n")):
        stripped = text.strip()
        if not stripped or stripped.startswith("#") or (text[0].isspace() and offset):
            continue
        typed = word_processor_character(stripped)
        if typed:
            ctx.problems.add(ctx.path, body_line + offset, typed)
            return None
        advice = not_a_setting_advice(stripped)
        if advice or not _SETTING_LINE.match(stripped):
            fix = "write settings as '- name: value'; put an explanation in '- hint: ...'"
            above = [i for i, t in enumerate(body.split("\n")[:offset]) if t.strip()]
            setting = _TEXT_SETTING.match(body.split("\n")[above[-1]]) if above else None
            if body_line + offset == line + 1:
                # Right below the heading: most often its text, broken over two lines by
                # an Enter (the Git website only wraps a long line on the screen).
                fix += (
                    f"; if it is the rest of the question, join it to the heading on line "
                    f"{line}: a heading is one line, however long"
                )
            elif setting and normalise_key(setting.group(1)) in _TEXT_KEYS:
                fix += (
                    f"; if it is the rest of the text of '{setting.group(1).strip()}', join "
                    f"it to the end of line {body_line + above[-1]}"
                )
            ctx.problems.add(
                ctx.path,
                body_line + offset,
                *advice
                or missing_colon(stripped)
                or ("this line under a question is not a setting", fix),
            )
            return None
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
            if isinstance(item, LocatedDict) and len(item) > 1:
                # '- choices:' then '  - a: A' then '  b: B': YAML files 'b' beside 'choices'.
                stray_line = sorted(item.key_lines.values())[1]
                ctx.problems.add(ctx.path, stray_line, NOT_A_LIST_ITEM, NOT_A_LIST_ITEM_FIX)
                return None
            if not isinstance(item, LocatedDict) or len(item) != 1:
                ctx.problems.add(
                    ctx.path,
                    item_line,
                    "each setting must be one 'name: value' line",
                    "write e.g. '- type: single choice'; choices go under '- choices:', indented",
                )
                return None
            ((key, value),) = item.items()
            if not _add_setting(merged, key, value, item_line, ctx):
                return None
        return merged
    if isinstance(data, LocatedDict):
        merged = LocatedDict()
        merged.line, merged.key_lines = data.line, {}
        for key, value in data.items():
            # 'max length' and 'max_length' are one setting: the second would silently win.
            if not _add_setting(merged, key, value, data.key_lines[key], ctx):
                return None
        return merged
    ctx.problems.add(
        ctx.path,
        body_line,
        "the text under a question heading must be its settings",
        "write settings as '- name: value' lines; put explanations in '- hint:'",
    )
    return None


def _add_setting(
    merged: LocatedDict, key: Any, value: Any, line: int, ctx: QuestionContext
) -> bool:
    """Add one setting; False after reporting it as given twice."""
    name = normalise_key(key)
    if name in merged:
        ctx.problems.add(
            ctx.path,
            line,
            f"'{key}' is given twice (also on line {merged.key_lines[name]})",
            "keep one of them and delete the other",
        )
        return False
    merged[name] = value
    merged.key_lines[name] = line
    return True


def _check_keys(settings: LocatedDict, qtype: str, ctx: QuestionContext) -> bool:
    allowed = COMMON_KEYS | KEYS_BY_TYPE[qtype]
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
                f"'{shown}' does not apply to a {type_label(qtype)} question",
                "remove it, or change the type",
            )
        else:
            spaced = {k.replace("_", " ") for k in allowed}
            fix = did_you_mean(shown, spaced) or "known settings: " + ", ".join(sorted(spaced))
            if "choices" in settings and not settings["choices"]:
                fix = "indent each choice by two spaces under '- choices:', e.g. '  - pay: Pay'"
            ctx.problems.add(ctx.path, where, f"unknown setting '{shown}'", fix)
    return ok


def _question_id(heading: str, explicit: str | None, line: int, ctx: QuestionContext) -> str | None:
    if explicit is not None:
        if not ID_PATTERN.match(explicit):
            suggestion = slugify(explicit) or "q1"
            ctx.problems.add(
                ctx.path,
                line,
                *lookalike_problem(explicit, "an ID", "{{#{id}}}")
                or (
                    f"'{explicit}' cannot be used as an ID",
                    f"IDs are lowercase letters, digits and single underscores, e.g. {{#{suggestion}}}",
                ),
            )
            return None
        return explicit
    derived = derive_id(heading)
    if derived is None:
        ctx.problems.add(ctx.path, line, "no ID can be made from this heading", "add one: {#my_id}")
        return None
    ctx.derived.append(DerivedId("question", derived, plain_text(heading), line))
    return derived


def _common_fields(settings: LocatedDict, ctx: QuestionContext) -> dict | None:
    lines = settings.key_lines
    fields: dict[str, Any] = {"required": False, "hint": "", "hint_html": ""}
    ok = True
    if "required" in settings:
        flag = read_flag(settings["required"], "required", lines["required"], ctx)
        ok &= flag is not None
        fields["required"] = bool(flag)
    if "hint" in settings:
        hint = read_text(settings["hint"], "hint", lines["hint"], ctx)
        warn_dropped_markup(ctx.problems, ctx.path, hint, lines["hint"], inline=True)
        ok &= hint is not None
        fields["hint"] = plain_text(hint or "")
        fields["hint_html"] = markdown_to_html(hint or "", inline=True)
    if "prefer_not_to_say" in settings:
        standard = ctx.words["prefer_not_to_say"]
        where = lines["prefer_not_to_say"]
        valid, label = read_label(
            settings["prefer_not_to_say"], "prefer not to say", standard, where, ctx
        )
        ok &= valid
        if label is not None:
            fields["prefer_not_to_say"] = label
    if "show_if" in settings:
        text = read_text(settings["show_if"], "show if", lines["show_if"], ctx)
        try:
            if text is None:
                ok = False  # reported: not one text
            else:
                fields["show_if"] = parse_condition(text)
        except ConditionSyntaxError as exc:
            ctx.problems.add(
                ctx.path, lines["show_if"], f"cannot read the condition: {exc}", exc.fix
            )
            ok = False
    return fields if ok else None
