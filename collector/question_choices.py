"""The answer options of a question: a choice list, or the worded points of a scale."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from . import model
from .problems import did_you_mean
from .question_settings import DerivedId, QuestionContext
from .text import VALUE_PATTERN, literal_text, lookalike_problem, slugify
from .yaml_source import LocatedDict, LocatedList

#: 'voluntary:I resigned': meant as code and label, but without the space YAML reads one text.
_CODE_WITHOUT_SPACE = re.compile(r"^[a-z][a-z0-9_]*:(?!//)\S")


#: Codes the settings 'other' and 'prefer not to say' give their choices: (problem, fix).
_RESERVED_CODES = {
    model.OTHER_VALUE: (
        "'other' is reserved for the 'Other, namely' choice with its text box",
        "to offer it, write '- other: yes' in line with '- choices:', not indented under "
        "it; for a plain choice use another code, e.g. '- something_else: ...'",
    ),
    model.PREFER_NOT_TO_SAY: (
        "'prefer_not_to_say' is reserved",
        "use the setting '- prefer not to say: yes' instead of a choice",
    ),
    # The export's marker of an answer HR took out (export_cells.REMOVED_MARK): a choice of
    # that code could not be told apart from it.
    "removed_by_hr": (
        "'removed_by_hr' is reserved: exports use it for an answer HR removed",
        "give this choice another code, e.g. '- removed: ...'",
    ),
}

#: Settings that end up in the choice list when indented under it by mistake (and that no
#: one would use as a choice's code).
_SETTINGS_NOT_CHOICES = {"required", "prefer_not_to_say", "show_if", "hint"}


def read_choices(raw: Any, line: int, question_id: str, ctx: QuestionContext) -> tuple | None:
    """The ``choices`` list: ``code: label`` pairs, or labels the codes are made from."""
    if raw is None or raw == "":
        ctx.problems.add(
            ctx.path,
            line,
            "the choice list is empty",
            "add at least two choices, one per indented line",
        )
        return None
    if isinstance(raw, LocatedDict):
        # 'voluntary: I resigned' lines under '- choices:' without their '- '.
        code, label = next(iter(raw.items()))
        ctx.problems.add(
            ctx.path,
            raw.key_lines[code],
            "the choices are written without '- ' in front",
            f"start each choice with a dash and a space, e.g. '  - {code}: {label}'",
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
    #: The choices so far by what people read: (code, label, line).
    shown: dict[str, tuple[str, str, int]] = {}
    ok = True
    for item, item_line in zip(raw, raw.item_lines, strict=True):
        if isinstance(item, LocatedDict) and len(item) == 1:
            ((code, label),) = item.items()
            value = str(code).strip()
            if "_".join(value.lower().replace("-", " ").split()) in _SETTINGS_NOT_CHOICES:
                ctx.problems.add(
                    ctx.path,
                    item_line,
                    f"'{value}: {label}' is indented like a choice, but '{value}' is a setting "
                    "of the question",
                    f"write it in line with '- choices:', not indented under it: "
                    f"'- {value}: {label}'",
                )
                ok = False
                continue
            if not VALUE_PATTERN.match(value):
                ctx.problems.add(
                    ctx.path,
                    item_line,
                    *lookalike_problem(value, "a choice code", f"'- {{id}}: {label}'")
                    or (
                        f"'{value}' cannot be used as a choice code",
                        "codes are lowercase letters, digits and single underscores, e.g. "
                        f"'- {slugify(value) or 'choice_1'}: {value}'; if '{value}: {label}' is "
                        "one text, put it in double quotes",
                    ),
                )
                ok = False
                continue
        elif isinstance(item, str) and _CODE_WITHOUT_SPACE.match(item):
            code, text = item.split(":", 1)
            ctx.problems.add(
                ctx.path,
                item_line,
                f"'{item}' has no space after the colon, so people would see it as the label",
                f"write '- {code}: {text}'",
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
        if value in _RESERVED_CODES:
            ctx.problems.add(ctx.path, item_line, *_RESERVED_CODES[value])
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
        text = literal_text(str(label))
        if same_label(text) in shown:
            code, first, first_line = shown[same_label(text)]
            ctx.problems.add(
                ctx.path,
                item_line,
                f"the choices '{code}: {first}' (line {first_line}) and '{value}: {text}' have "
                "the same label, so people would see two identical options",
                "give every choice a label of its own, or remove one of them",
            )
            ok = False
            continue
        shown[same_label(text)] = (value, text, item_line)
        choices.append(model.Choice(value, text))
    return tuple(choices) if ok else None


def same_label(label: str) -> str:
    """What people tell two options apart by: the text they read, whatever its case or
    spacing ('Pay' and 'pay ' look like the same answer)."""
    return literal_text(label).casefold()


def repeated_point(
    labels: Sequence[str], lines: Sequence[int], scale: str = "the scale"
) -> tuple[int, str, str] | None:
    """(line, problem, fix) when two points of a scale have the same label, at the second:
    people could not tell them apart, so the numbers stored would mean nothing."""
    first: dict[str, int] = {}
    for number, label in enumerate(labels, start=1):
        earlier = first.setdefault(same_label(label), number)
        if earlier != number:
            return (
                lines[number - 1],
                f"points {earlier} and {number} of {scale} have the same label, "
                f"'{literal_text(labels[earlier - 1])}' (line {lines[earlier - 1]}) and "
                f"'{literal_text(label)}', so people would see two identical options",
                "give every point a label of its own, from low to high",
            )
    return None


def numbered_points(items: LocatedList | LocatedDict) -> tuple[str, str] | None:
    """(problem, fix) when scale points are written with numbers ('- 4: Often', or '4: Often'
    without the dash): the builder numbers the points itself, from the lowest, so the
    numbers written would be lost."""
    if isinstance(items, LocatedDict):
        pairs = list(items.items())
    else:
        pairs = [
            next(iter(item.items()))
            for item in items
            if isinstance(item, LocatedDict) and len(item) == 1
        ]
    numbers = [(key, value) for key, value in pairs if re.fullmatch(r"-?\d+", str(key).strip())]
    if not numbers:
        return None
    in_order = [str(value) for _, value in sorted(numbers, key=lambda kv: int(str(kv[0])))]
    example = ", ".join(f"'- {label}'" for label in in_order[:5])
    return (
        "scale points are written without numbers, from the lowest to the highest",
        f"write only the labels, the lowest first: {example}; the first line is stored as 1, "
        "the next as 2, and so on",
    )


def scale_problem(raw: object, line: int, scale: str = "the scale") -> tuple[int, str, str] | None:
    """(line, problem, fix) for the first reason the labels listed for a scale cannot be
    used, or None. One set of rules, and the same words, for a scale written under a
    question and a named scale in the front matter; ``line`` is the scale's own line."""
    named = scale != "the scale"
    if isinstance(raw, LocatedList):
        numbered = numbered_points(raw)
        if numbered:
            problem, fix = numbered
            return raw.item_lines[0], f"in {scale}: {problem}" if named else problem, fix
        for item, item_line in zip(raw, raw.item_lines, strict=True):
            if isinstance(item, LocatedDict) and len(item) == 1:
                ((key, value),) = item.items()
                return (
                    item_line,
                    f"the label '{key}: {value}' in {scale} has ': ' in it"
                    if named
                    else f"the scale label '{key}: {value}' has ': ' in it",
                    f"put the whole label in double quotes: '- \"{key}: {value}\"'",
                )
            if item is None or isinstance(item, (dict, list)) or not str(item).strip():
                return (
                    item_line,
                    f"a point of {scale} has no label",
                    "give every point a label, e.g. '- Agree'",
                )
    other_way = "" if named else ", or use 'scale: agreement'"
    if isinstance(raw, LocatedDict) and raw:
        # The labels written as 'Never: ...' or '1: Never' lines, without their '- '.
        numbered = numbered_points(raw)
        first = next(iter(raw))
        if numbered:
            problem, fix = numbered
            return raw.key_lines[first], f"in {scale}: {problem}" if named else problem, fix
        return (
            raw.key_lines[first],
            f"the labels of {scale} are written without '- ' in front",
            f"start each label with a dash and a space, from low to high, e.g. '- {first}'; "
            "put a label that contains ': ' in double quotes",
        )
    if not isinstance(raw, LocatedList) or not raw:
        return (
            line,
            f"{scale} has no labels",
            f"list a label for every point, from low to high{other_way}",
        )
    if len(raw) < 2:
        return (
            line,
            f"{scale} has one point",
            f"list at least two labels, from low to high{other_way}",
        )
    if len(raw) > 11:
        return (
            line,
            f"{scale} has {len(raw)} points; a scale can have at most 11",
            "shorten the scale",
        )
    return repeated_point([str(item) for item in raw], raw.item_lines, scale)


def read_scale(settings: LocatedDict, line: int, ctx: QuestionContext) -> tuple | None:
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
        known = {**ctx.words["scales"], **ctx.scales}
        if raw.strip() not in known and ctx.scales_unread:
            # Perhaps a named scale of the front matter, whose own message comes first.
            known[raw.strip()] = [str(n) for n in range(1, 12)]
        if raw.strip() not in known:
            ctx.problems.add(
                ctx.path,
                where,
                f"unknown scale '{raw}'",
                did_you_mean(raw.strip(), known) or "known scales: " + ", ".join(sorted(known)),
            )
            return None
        ctx.scales_used.add(raw.strip())
        labels = list(known[raw.strip()])
    else:
        problem = scale_problem(raw, where)
        if problem:
            ctx.problems.add(ctx.path, *problem)
            return None
        labels = [str(item) for item in raw]
    return tuple(model.Choice(str(n), literal_text(label)) for n, label in enumerate(labels, 1))
