"""Answers typed before a multiple-choice question was one: a column of their own.

A question that was a text, number or date question in an earlier version and is multiple
choice now (under the same ID, after the builder's warning) stored typed words, not codes.
The 0/1 columns cannot hold them: "My manager never listened" ticks nothing, and a typed
"pay" would tick the choice ``pay`` that nobody was offered. So the export puts what was
typed in ``<question>__typed`` (the style of ``<question>__other``, the other words a
leaver typed), ``n/a`` for everyone else, and the choice columns are ``n/a`` for those rows:
their version offered no choices (docs/hr-data.md).

A single choice or dropdown question that was a text question keeps the words in its one
column (with a ``'`` before a word that reads as a marker, ``export_cells.typed_text``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping

from . import model
from .dataset import NOT_APPLICABLE, Response
from .model import TYPED_SUFFIX, Form, Question


def typed_column(question_id: str) -> str:
    """The export column of what was typed when ``question_id`` was not multiple choice."""
    return question_id + TYPED_SUFFIX


def typed_versions(
    questions: Iterable[Question], versions: Iterable[Form], only: Collection[str] = ()
) -> dict[str, frozenset[str]]:
    """question id -> the form versions (any language) that asked it as a question one
    types into (text, number, date), for each question of ``questions`` that is multiple
    choice. Versions that offered choices (single choice, dropdown, ...) stored codes:
    those count as chosen in the 0/1 columns. With ``only`` (types), just the versions
    that asked it as one of those."""
    multiple = [q for q in questions if q.type == model.MULTIPLE_CHOICE]
    return model.versions_asking(
        multiple,
        versions,
        lambda now, then: then not in model.CHOICE_TYPES and (not only or then in only),
    )


def on_typed_columns(
    responses: Iterable[Response], typed: Mapping[str, frozenset[str]]
) -> Iterator[Response]:
    """``responses`` with the answer to each question in ``typed`` moved to its typed column
    when their version asked it as a text question: the question (its choices and "other"
    words) is ``n/a`` for them, the typed column ``n/a`` for everyone else. A skip, "prefer
    not to say" or HR's removal moves along, as for an earlier scale (``export.py``)."""
    columns = tuple((qid, typed_column(qid)) for qid in typed)
    moves: dict[str, list[tuple[str, str]]] = {}
    for qid, column in columns:
        for version in typed[qid]:
            moves.setdefault(version, []).append((qid, column))
    return with_answers_moved(responses, [column for _, column in columns], moves)


def with_answers_moved(
    responses: Iterable[Response],
    columns: Iterable[str],
    moves: Mapping[str, Iterable[tuple[str, str]]],
) -> Iterator[Response]:
    """``responses`` with, for each form version in ``moves``, the answer to each question
    moved to its (question, column) column: the question is ``n/a`` for them, and each of
    ``columns`` ``n/a`` for everyone else. Shared by typed answers and answers on an earlier
    scale (``export.py``): a skip, "prefer not to say" or HR's removal moves along, so that
    an empty cell still means "asked there, not answered"."""
    columns = tuple(columns)
    for response in responses:
        status = response.status
        for column in columns:
            status[column] = NOT_APPLICABLE
        moved = moves.get(response.version)
        if moved:
            answers = dict(response.answers)
            for qid, column in moved:
                status[column] = status.get(qid, NOT_APPLICABLE)
                status[qid] = NOT_APPLICABLE
                answers[column] = answers.get(qid)
            response.answers = answers
        yield response
