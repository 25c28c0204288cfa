"""Blocks into sections and questions: '## ' starts a section, '### ' a question.

A section's optional 'show if:' is its first line; the rest is its intro in Markdown. The
question blocks themselves are read by ``questions.parse_question_block``; a question
block that has errors is remembered in ``ctx.broken``, so that a condition testing it is
not reported a second time.
"""

from __future__ import annotations

import re
from dataclasses import replace

from . import model
from .blocks import Block
from .condition_syntax import ConditionSyntaxError, parse_condition
from .question_settings import QuestionContext, derive_id, warn_dropped_markup
from .question_types import ALL_KEYS
from .questions import normalise_key, parse_question_block
from .text import (
    ID_PATTERN,
    literal_text,
    lookalike_problem,
    markdown_to_html,
    slugify,
    without_lookalikes,
)

_SETTING = re.compile(r"^\s*-\s+([A-Za-z][\w -]*?)\s*:(?:\s|$)")
#: ``\s`` rather than a space between the words: a no-break space pasted from Word made
#: 'show if' a line of visible text, and the section shown to everyone, without a word.
_SHOW_IF_LINE = re.compile(r"^\s*(?:[-*]\s+)?show[\s_-]?if\s*:\s*(.*)$", re.IGNORECASE)
#: A first line meant as the section's condition but not written as 'show if: ...':
#: 'show if departure = x', 'only if: ...', 'toon als: ...', '*show if: ...*'.
_CONDITION_LIKE = re.compile(
    r"^[\s*_>-]*(?:(?:show|only|display|shown|visible|toon|alleen|tonen|zichtbaar)[\s_-]*)?"
    r"(?:if|when|als|wanneer|indien)\b\s*[:\uff1a]?\s*(.+?)[\s*_]*$",
    re.IGNORECASE,
)


def sections_and_questions(
    blocks: list[Block], ctx: QuestionContext
) -> tuple[list[model.Section], list[model.Question]]:
    """The sections (each with its question IDs) and the questions, in file order."""
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
            section = _section(block, ctx, {q.id for q in questions})
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


def _section(block: Block, ctx: QuestionContext, earlier: set[str]) -> model.Section:
    """One section; ``earlier`` holds the IDs of the questions above it."""
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
                    exc.fix,
                )
            del body[first]
        else:
            _condition_written_as_text(body[first], block.body_line + first, earlier, ctx)
    settings = [
        (block.body_line + offset, normalise_key(found.group(1)))
        for offset, text in enumerate(block.body)
        if (found := _SETTING.match(text)) and normalise_key(found.group(1)) in ALL_KEYS
    ]
    settings_line = settings[0][0] if settings else None
    if settings and all(key == "show_if" for _, key in settings):
        # '- show if: ...' as under a question: the section's condition, with a '- ' too many.
        settings_line = None
        if first is not None and settings[0][0] == block.body_line + first:
            written = block.body[first].strip()[1:].strip()
            problems.add(
                shown,
                settings[0][0],
                f"a section's condition is written without '- ': '{written}'",
                "delete the '- ' at the start of the line",
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
    warn_dropped_markup(problems, shown, "\n".join(body), block.body_line, source=list(block.body))
    return model.Section(
        id=section_id,
        title=literal_text(block.title),
        intro_html=markdown_to_html("\n".join(body)),
        show_if=show_if,
        line=block.line,
    )


def _condition_written_as_text(
    text: str, line: int, earlier: set[str], ctx: QuestionContext
) -> None:
    """Report a first line that tests an earlier question but is not 'show if: ...': it
    would be shown to leavers as text, and the section to everyone."""
    found = _CONDITION_LIKE.match(text)
    if not found:
        return
    try:
        condition = parse_condition(found.group(1))
    except ConditionSyntaxError:
        return
    if condition.questions() and condition.questions() <= earlier:
        ctx.problems.add(
            ctx.path,
            line,
            f"'{text.strip()}' is not read as the section's condition, so leavers would see it "
            "as text and the section would be shown to everyone",
            f"write it as 'show if: {found.group(1)}' on the first line under the '## ' heading",
        )
