"""A statement block: one shared scale, and one rating question per statement.

``### How much do you agree?`` with ``- statements:`` below it is shorthand HR uses for a
grid of agreement questions. It is expanded here, into ordinary rating questions that share
a ``group``, so nothing downstream knows the shorthand exists.
"""

from __future__ import annotations

from . import model
from .question_choices import read_scale
from .question_settings import DerivedId, QuestionContext, derive_id, warn_dropped_markup
from .text import ID_PATTERN, lookalike_problem, markdown_to_html, plain_text, slugify
from .yaml_source import LocatedDict, LocatedList


def statement_questions(
    heading: str,
    group_id: str,
    settings: LocatedDict,
    line: int,
    common: dict,
    ctx: QuestionContext,
) -> list[model.Question]:
    """Expand a statement block into one rating question per statement."""
    choices = read_scale(settings, line, ctx)
    raw = settings.get("statements")
    where = settings.key_lines.get("statements", line)
    if isinstance(raw, LocatedDict) and raw:
        # 'learned: I learned a lot' lines under '- statements:' without their '- '.
        qid, text = next(iter(raw.items()))
        ctx.problems.add(
            ctx.path,
            raw.key_lines[qid],
            "the statements are written without '- ' in front",
            f"start each statement with a dash and a space, e.g. '  - {qid}: {text}'",
        )
        return []
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
                    *lookalike_problem(qid, "an ID", f"'- {{id}}: {text}'")
                    or (
                        f"'{qid}' cannot be used as an ID",
                        "IDs are lowercase letters, digits and single underscores, e.g. "
                        f"'{slugify(qid) or 'q1'}'",
                    ),
                )
                continue
        elif isinstance(item, str) and item.strip():
            text = item
            qid = derive_id(item)
            if qid is None:
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
        warn_dropped_markup(ctx.problems, ctx.path, str(text), item_line, inline=True)
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
