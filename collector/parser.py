"""A questionnaire file (Markdown with YAML front matter) into a ``Form``.

The layout HR writes (see docs/authoring.md)::

    ---                          front matter: title, language, privacy, ...
    ---
    ## Section title {#id}       a section; "show if: ..." may be its first line
    Intro text in Markdown.
    ### Question text {#id}      a question; its settings follow as YAML
    - type: single choice

Every problem is added to a ``Problems`` list with its line; nothing here raises for bad
input, so one run reports everything that is wrong in every file.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import model
from .condition_syntax import CONDITION_FIX, ConditionSyntaxError, parse_condition
from .defaults import DEFAULTS, LANGUAGES
from .problems import Problems, did_you_mean
from .question_choices import numbered_points
from .question_settings import DerivedId, QuestionContext, derive_id
from .question_types import ALL_KEYS
from .questions import normalise_key, parse_question_block
from .text import (
    ID_PATTERN,
    SLUG_PATTERN,
    literal_text,
    lookalike_problem,
    markdown_to_html,
    slugify,
    without_lookalikes,
)
from .yaml_source import LocatedDict, LocatedList, YamlProblem, load

FRONT_MATTER_KEYS = {
    "title",
    "language",
    "slug",
    "intro",
    "privacy",
    "thank_you",
    "translation",
    "scales",
}
#: Slugs that would clash with the site's own paths.
RESERVED_SLUGS = {"static", "submit", "admin", "api", "index", "health"}

# As in CommonMark: up to three spaces before the #'s, and a heading may be bare ('###').
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*(?:\{#([^}]*)\})?[ \t]*#*[ \t]*$")
#: '###What went well?': Markdown shows this as text, but the author meant a heading.
_HEADING_WITHOUT_SPACE = re.compile(r"^ {0,3}(#{2,6})([^#\s{].*)$")
#: '###' and a no-break space (Word and web pages): Markdown shows this as text.
_HEADING_ODD_SPACE = re.compile("^ {0,3}(#{1,6})[\u00a0\u2007\u202f]+")
_FENCE = re.compile(r"^\s*(```|~~~)")
_SETTING = re.compile(r"^\s*-\s+([A-Za-z][\w -]*?)\s*:(?:\s|$)")
_SHOW_IF_LINE = re.compile(r"^\s*(?:[-*]\s+)?show[ _-]?if\s*:\s*(.*)$", re.IGNORECASE)


@dataclass
class ParsedFile:
    """A questionnaire file after parsing, before the checks between files."""

    path: str
    form: model.Form | None
    translation: str | None = None
    line_of: dict[str, int] = field(default_factory=dict)
    derived: list[DerivedId] = field(default_factory=list)
    #: (ID, line) of every question read, also when the file has errors; ``complete`` says
    #: that no question was left out for an error, so that translations can be compared.
    questions: list[tuple[str, int]] = field(default_factory=list)
    complete: bool = False


@dataclass
class _Block:
    level: int
    title: str
    explicit_id: str | None
    line: int
    body: list[str] = field(default_factory=list)
    body_line: int = 0


def read_source(path: Path, shown: str, problems: Problems) -> str | None:
    """The file's text, or None after reporting why it cannot be used."""
    data = path.read_bytes()
    if not data.strip():
        problems.add(
            shown,
            1,
            "the file is empty",
            "start with front matter (title, language, privacy); see docs/authoring.md",
        )
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.add(
            shown,
            line,
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x} cannot be read)",
            "save the file as UTF-8 in your editor",
        )
        return None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return _without_invisible_characters(text, shown, problems)


#: Invisible characters that only get in the way: zero-width spaces and joiners pasted
#: from web pages and Word, and a byte-order mark in the middle of a file. Dropped silently.
_ZERO_WIDTH = re.compile("[\u200b\u2060\ufeff]")
#: Control characters a text editor does not show (tab and newline are fine).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_NAMES = {
    "\x0b": "a line break pasted from Word",
    "\x0c": "a page break pasted from Word",
    "\x00": "a NUL character",
}


def _without_invisible_characters(text: str, shown: str, problems: Problems) -> str:
    """The text without zero-width characters; each control character is reported (and
    replaced by a space, so that the rest of the file can still be checked)."""
    text = _ZERO_WIDTH.sub("", text)
    for number, line in enumerate(text.split("\n"), start=1):
        found = _CONTROL.search(line)
        if found:
            char = found.group()
            name = _CONTROL_NAMES.get(char, "a control character")
            problems.add(
                shown,
                number,
                f"this line holds an invisible character (U+{ord(char):04X}, {name})",
                "delete it: retype the end of the line, or save the file as plain UTF-8 text",
            )
    return _CONTROL.sub(" ", text)


def parse_file(path: Path, shown: str, problems: Problems) -> ParsedFile:
    """Parse one questionnaire. ``shown`` is the path used in messages."""
    text = read_source(path, shown, problems)
    result = ParsedFile(shown, None)
    if text is None:
        return result
    lines = text.split("\n")
    if lines[0].strip() != "---":
        problems.add(
            shown,
            1,
            "the file must start with front matter: a line '---', the settings, and '---'",
            "see the example at the top of docs/authoring.md",
        )
        return result
    # Only an unindented '---' closes the front matter; an indented one belongs to a text.
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        problems.add(
            shown, 1, "the front matter is not closed", "add a line '---' after the settings"
        )
        return result
    before = len(problems.errors)
    meta = _front_matter("\n".join(lines[1:end]), shown, problems)
    if meta is None:
        return result
    # A missing or wrong setting still leaves the questions worth checking, so that HR sees
    # every problem in one go; the scale names are the same in every language. (A form is
    # built only when there were no problems, so then this is the file's own language.)
    language = meta.get("language") if meta.get("language") in LANGUAGES else "en"
    blocks, preamble_line = _split_blocks(lines, end + 1, shown, problems)
    if preamble_line:
        problems.add(
            shown,
            preamble_line,
            "this text is outside any section or question",
            "move it under a '## ' section heading, or into 'intro:' in the front matter",
        )
    if not any(block.level == 3 for block in blocks):
        problems.add(
            shown,
            min(end + 2, len(lines)),
            "the questionnaire has no questions",
            "below the front matter, add a section heading ('## Your departure') and under it "
            "the questions, each starting with '### '; see docs/authoring.md",
        )
    ctx = QuestionContext(shown, language, "", meta.get("scales", {}), problems)
    sections, questions = _sections_and_questions(blocks, ctx)
    result.derived = ctx.derived
    result.questions = [(q.id, q.line) for q in questions]
    result.complete = not ctx.broken
    result.translation = meta.get("translation")
    result.line_of = meta["lines"]
    for name, line in meta.get("scale_lines", {}).items():
        if name not in ctx.scales_used:
            problems.add(
                shown,
                line,
                f"no question uses the scale '{name}'",
                f"use it with '- scale: {name}' on a rating question, or remove it",
                warning=True,
            )
    _check_ids(sections, questions, shown, problems)
    _check_conditions(sections, questions, ctx)
    if len(problems.errors) > before:
        return result
    form = model.Form(
        slug=meta["slug"] or slugify(path.stem, sep="-"),
        language=language,
        title=meta["title"],
        source=path.name,  # not the build machine's path: form.json is public
        intro_html=markdown_to_html(meta.get("intro")),
        privacy_html=markdown_to_html(meta.get("privacy")),
        thank_you_html=markdown_to_html(
            meta.get("thank_you") or str(DEFAULTS[language]["thank_you"])
        ),
        sections=tuple(sections),
        questions=tuple(questions),
    )
    result.form = form
    return result


def _front_matter(text: str, shown: str, problems: Problems) -> dict | None:
    """The settings, with every problem in them reported; None when the questions below
    cannot be checked either (the front matter is unreadable, or a named scale is)."""
    try:
        data = load(text, 2)
    except YamlProblem as exc:
        problems.add(shown, exc.line, f"in the front matter: {exc.message}")
        return None
    if not isinstance(data, LocatedDict):
        problems.add(
            shown,
            2,
            "the front matter must be 'name: value' lines",
            "write e.g. 'title: Exit survey' and 'language: en'",
        )
        return None
    meta: dict = {"lines": {}, "slug": None}
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
            problems.add(
                shown,
                line,
                f"unknown front matter setting '{raw_key}'",
                did_you_mean(key, FRONT_MATTER_KEYS)
                or "known: " + ", ".join(sorted(FRONT_MATTER_KEYS)),
            )
        elif key == "scales":
            scales = _named_scales(value, line, shown, problems)
            scales_unreadable = scales is None
            meta["scales"] = scales or {}
            if isinstance(value, LocatedDict):
                meta["scale_lines"] = {str(k): n for k, n in value.key_lines.items()}
        elif value is None or isinstance(value, (dict, list)):
            problems.add(shown, line, f"'{raw_key}' must be a text", f"write '{raw_key}: ...'")
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
        if not meta.get(key):
            problems.add(shown, 1, f"the front matter has no {key}", fix)
    language = meta.get("language")
    if language and language not in LANGUAGES:
        problems.add(
            shown, meta["lines"]["language"], f"unknown language '{language}'", "use 'en' or 'nl'"
        )
    slug = meta.get("slug")
    if slug and (not SLUG_PATTERN.match(slug) or slug in RESERVED_SLUGS):
        problems.add(
            shown,
            meta["lines"]["slug"],
            f"'{slug}' cannot be used as a slug",
            "use lowercase letters, digits and hyphens, e.g. 'exit-en'"
            + (f"; '{slug}' is reserved" if slug in RESERVED_SLUGS else ""),
        )
    # Questions using a scale that could not be read would all be reported as wrong too.
    return None if scales_unreadable else meta


def _named_scales(value: object, line: int, shown: str, problems: Problems) -> dict | None:
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
        where = value.key_lines[name]
        numbered = numbered_points(labels) if isinstance(labels, LocatedList) else None
        if numbered:
            problems.add(
                shown, labels.item_lines[0], f"in the scale '{name}': {numbered[0]}", numbered[1]
            )
            return None
        if (
            not isinstance(labels, LocatedList)
            or not labels
            or not all(isinstance(x, (str, int, float)) and str(x).strip() for x in labels)
        ):
            problems.add(
                shown,
                where,
                f"the scale '{name}' has no labels",
                "list a label for every point, from low to high",
            )
            return None
        scales[str(name)] = [str(x) for x in labels]
    return scales


def _split_blocks(
    lines: list[str], start: int, shown: str, problems: Problems
) -> tuple[list[_Block], int]:
    """Cut the body at headings (outside code fences); returns blocks and stray-text line."""
    blocks: list[_Block] = []
    stray = 0
    in_fence = False
    for index in range(start, len(lines)):
        text = lines[index]
        number = index + 1
        if _FENCE.match(text):
            in_fence = not in_fence
        odd = None if in_fence else _HEADING_ODD_SPACE.match(text)
        if odd:
            problems.add(
                shown,
                number,
                f"a no-break space follows '{odd.group(1)}', so it does not start a heading",
                f"delete the space after '{odd.group(1)}' and type an ordinary space",
            )
            text = odd.group(1) + " " + text[odd.end() :]
        match = None if in_fence else _HEADING.match(text)
        squashed = None if in_fence or match else _HEADING_WITHOUT_SPACE.match(text)
        if squashed:
            hashes, rest = squashed.groups()
            problems.add(
                shown,
                number,
                f"'{hashes}' needs a space after it to start a heading",
                f"write '{hashes} {rest.strip()}'",
            )
            match = _HEADING.match(f"{hashes} {rest}")
        if match:
            blocks.append(
                _Block(
                    len(match.group(1)),
                    match.group(2) or "",
                    match.group(3),
                    number,
                    body_line=number + 1,
                )
            )
        elif blocks:
            blocks[-1].body.append(text)
        elif text.strip() and not stray:
            stray = number
    return blocks, stray


def _sections_and_questions(
    blocks: list[_Block], ctx: QuestionContext
) -> tuple[list[model.Section], list[model.Question]]:
    sections: list[model.Section] = []
    questions: list[model.Question] = []
    problems, shown = ctx.problems, ctx.path
    section_ids: list[list[str]] = []
    block_counts: list[int] = []
    implicit = False
    for block in blocks:
        if block.level == 1:
            problems.add(
                shown,
                block.line,
                "a '# ' heading is not used in a questionnaire",
                "put the form's title in 'title:' in the front matter; sections start with '## '",
            )
        elif block.level == 2:
            if implicit and len(sections) == 1:
                problems.add(
                    shown,
                    block.line,
                    "there are questions before the first section heading",
                    "put a '## ' section heading above the first question",
                )
            section = _section(block, ctx)
            sections.append(section)
            section_ids.append([])
            block_counts.append(0)
            ctx.section = section.id
        elif block.level == 3:
            if not sections:
                implicit = True
                sections.append(model.Section(id="questions", title="", line=block.line))
                section_ids.append([])
                block_counts.append(0)
                ctx.section = "questions"
            errors = len(problems.errors)
            found = parse_question_block(
                block.title,
                block.explicit_id,
                block.line,
                "\n".join(block.body),
                block.body_line,
                ctx,
            )
            if len(problems.errors) > errors:
                # Its own message says what is wrong; conditions that test it need no other.
                broken = block.explicit_id or derive_id(block.title) or ""
                ctx.broken |= {broken, without_lookalikes(broken)}
            questions.extend(found)
            section_ids[-1].extend(q.id for q in found)
            block_counts[-1] += 1
        else:
            problems.add(
                shown,
                block.line,
                f"a {'#' * block.level} heading cannot stand here",
                "use '## ' for sections and '### ' for questions; inside a section intro use bold text",
            )
    sections = [
        replace(s, question_ids=tuple(ids)) for s, ids in zip(sections, section_ids, strict=True)
    ]
    for section, count in zip(sections, block_counts, strict=True):
        if count == 0:
            problems.add(
                shown,
                section.line,
                f"the section '{section.title}' has no questions",
                "add a '### ' question under it, or remove the heading",
            )
    return sections, questions


def _section(block: _Block, ctx: QuestionContext) -> model.Section:
    problems, shown = ctx.problems, ctx.path
    if not literal_text(block.title):
        problems.add(
            shown,
            block.line,
            "this section heading has no title",
            "write the title after '## ', e.g. '## Your departure {#departure}'",
        )
    if block.explicit_id is not None:
        if not ID_PATTERN.match(block.explicit_id):
            problems.add(
                shown,
                block.line,
                *lookalike_problem(block.explicit_id, "an ID", "{{#{id}}}")
                or (
                    f"'{block.explicit_id}' cannot be used as an ID",
                    f"IDs are lowercase letters, digits and single underscores, e.g. "
                    f"{{#{slugify(block.explicit_id) or 'part_1'}}}",
                ),
            )
        section_id = block.explicit_id
    else:
        section_id = slugify(block.title) or "section"
        if not section_id[0].isalpha():
            section_id = f"s_{section_id}"
    body = list(block.body)
    show_if = None
    first = next((i for i, text in enumerate(body) if text.strip()), None)
    if first is not None:
        match = _SHOW_IF_LINE.match(body[first])
        if match:
            ctx.show_if_lines["section", section_id] = block.body_line + first
            try:
                show_if = parse_condition(match.group(1))
            except ConditionSyntaxError as exc:
                problems.add(
                    shown,
                    block.body_line + first,
                    f"cannot read the condition: {exc}",
                    CONDITION_FIX,
                )
            del body[first]
    settings_line = next(
        (
            block.body_line + offset
            for offset, text in enumerate(block.body)
            if (found := _SETTING.match(text)) and normalise_key(found.group(1)) in ALL_KEYS
        ),
        None,
    )
    if settings_line is not None:
        # '## Question?' followed by '- type: ...': one '#' too few. Without this check the
        # question would silently become a section with its settings shown as a list.
        problems.add(
            shown,
            block.line,
            f"'{block.title}' is a section heading ('## '), but question settings follow it "
            f"(line {settings_line})",
            "start a question with '### ' (three #)",
        )
    for offset, text in enumerate(block.body):
        if _SHOW_IF_LINE.match(text) and (first is None or offset != first):
            problems.add(
                shown,
                block.body_line + offset,
                "'show if:' must be the first line under the section heading",
                "move it directly below the '## ' line; elsewhere it would be shown as text",
            )
    return model.Section(
        id=section_id,
        title=literal_text(block.title),
        intro_html=markdown_to_html("\n".join(body)),
        show_if=show_if,
        line=block.line,
    )


def _check_ids(
    sections: list[model.Section], questions: list[model.Question], shown: str, problems: Problems
) -> None:
    for kind, items, fix in (
        ("question", questions, "give this question its own ID, e.g. {{#{id}_2}}"),
        ("section", sections, "add an ID of its own to the heading, e.g. {{#{id}_2}}"),
    ):
        seen: dict[str, int] = {}
        for item in items:
            if item.id in seen:
                problems.add(
                    shown,
                    item.line,
                    f"duplicate {kind} ID '{item.id}' (also on line {seen[item.id]})",
                    fix.format(id=item.id),
                )
            else:
                seen[item.id] = item.line


def _check_conditions(
    sections: list[model.Section], questions: list[model.Question], ctx: QuestionContext
) -> None:
    """Conditions may only test choice questions that come earlier, on values they have."""
    problems, shown = ctx.problems, ctx.path
    position: dict[str, int] = {}
    by_id: dict[str, model.Question] = {}
    for index, question in enumerate(questions):
        position.setdefault(question.id, index)
        by_id.setdefault(question.id, question)
    # A duplicate ID is reported already, and which of the two a condition means is unclear.
    counts = Counter(q.id for q in questions)
    unclear = ctx.broken | {question_id for question_id, n in counts.items() if n > 1}
    groups: dict[str, list[str]] = {}
    for question in questions:
        if question.group:
            groups.setdefault(question.group, []).append(question.id)
    first_in_section = {}
    for section in sections:
        ids = [position[q] for q in section.question_ids if q in position]
        first_in_section[section.id] = min(ids) if ids else len(questions)
    checks = [
        (q.show_if, position[q.id], ctx.show_if_lines.get(("question", q.id), q.line), q.id)
        for q in questions
        if q.show_if
    ]
    checks += [
        (s.show_if, first_in_section[s.id], ctx.show_if_lines.get(("section", s.id), s.line), None)
        for s in sections
        if s.show_if
    ]
    for condition, before, line, own in checks:
        earlier = [q for q in questions[:before] if q.id != own]
        for test in _tests(condition):
            target = by_id.get(test.question or "")
            if test.question in unclear:
                continue
            if target is None and test.question in groups:
                statements = groups[test.question]
                problems.add(
                    shown,
                    line,
                    f"'{test.question}' is a block of statements, not one question: each "
                    f"statement is answered on its own ({', '.join(statements)})",
                    f"test one statement, e.g. '{statements[0]} = 4'",
                )
                continue
            if target is None:
                problems.add(
                    shown,
                    line,
                    f"the condition refers to an unknown question '{test.question}'",
                    did_you_mean(test.question or "", [q.id for q in earlier])
                    or _earlier_example(earlier),
                )
                continue
            if test.question == own:
                problems.add(
                    shown,
                    line,
                    f"the condition of '{own}' refers to the question itself",
                    "a condition can only look at questions asked before it",
                )
                continue
            if position[target.id] >= before:
                problems.add(
                    shown,
                    line,
                    f"the condition refers to '{test.question}', which comes later",
                    "a condition can only look at questions asked before it",
                )
                continue
            if target.type not in model.CHOICE_TYPES:
                problems.add(
                    shown,
                    line,
                    f"'{test.question}' is a text, number or date question",
                    "conditions can only test questions with choices",
                )
                continue
            allowed = target.choice_values()
            for value in test.values:
                if value not in allowed:
                    hint = did_you_mean(value, allowed)
                    problems.add(
                        shown,
                        line,
                        f"'{test.question}' has no choice '{value}'",
                        hint or "choose from: " + ", ".join(allowed),
                    )


def _earlier_example(earlier: list[model.Question]) -> str:
    """How to fix an unknown ID: an example with a question that comes before it."""
    usable = [q for q in earlier if q.type in model.CHOICE_TYPES and q.choices]
    if not usable:
        return "use the ID of an earlier question with choices; no question before it has any"
    # A choice with a code reads better as an example than a point of a scale.
    worded = [q for q in usable if q.type not in (model.RATING, model.RECOMMEND)]
    example = (worded or usable)[-1]
    return (
        f"use the ID of an earlier question with choices, e.g. "
        f"'{example.id} = {example.choice_values()[0]}'"
    )


def _tests(condition: model.Condition) -> list[model.Condition]:
    if condition.op in ("equals", "in"):
        return [condition]
    return [t for sub in condition.conditions for t in _tests(sub)]


def relative_path(path: Path) -> str:
    """The path as people see it in messages: relative to the working folder when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
