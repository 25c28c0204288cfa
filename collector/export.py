"""Exports for HR: one questionnaire's responses, in all its languages, as csv, xlsx or json.

Columns are keyed by stable question IDs, so a Dutch and an English answer land in the same
column and a reworded question keeps its column. Every cell tells four states apart, the
same way in every format (docs/hr-data.md):

* an answer: a choice code, a number, a date or text; multiple choice is one 0/1 column
  per choice (``<id>.<code>``) plus the "other" text (``<id>__other``);
* ``prefer_not_to_say``: the person chose "prefer not to say";
* an empty cell (``null`` in json): not answered;
* ``n/a``: not applicable, a condition skipped the question (or the choice) for this person,
  or the form version they answered did not have it.

A rating question whose scale changed under the same ID (5 points that became 7, or its
points reordered, despite the builder's warning) keeps today's answers in its column, and
the answers given on each earlier scale get a column of their own (``<id>.scale_5``, see
``report_versions.scale_history``), ``n/a`` in the others: an old "5 of 5" is not a "5 of 7".

Text a spreadsheet would run as a formula gets a leading ``'`` in csv and xlsx (OWASP's
advice); numbers stay numbers. Everything is written row by row: memory does not grow with
the number of responses.

This module decides the columns and makes the rows; the cells are ``export_cells.py``, the
codebook ``export_codebook.py``, csv and json ``export_text.py``, xlsx ``export_xlsx.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from typing import Any

from . import export_cells as cells
from . import model
from .dataset import ANSWERED, NOT_APPLICABLE, PREFERRED_NOT, REMOVED, Dataset, Response
from .export_cells import (
    FORMULA_START,
    NOT_APPLICABLE_MARK,
    PREFER_NOT_MARK,
    REMOVED_MARK,
    Cell,
    neutralise,
)
from .export_codebook import FIXED_COLUMNS, LEGEND, codebook, codebook_headers, codebook_rows
from .export_text import codebook_csv_chunks, codebook_json, csv_chunks, json_chunks
from .export_typed import on_typed_columns, typed_column, typed_versions, with_answers_moved
from .model import Form, Question
from .odd_records import OddRecords
from .report_versions import EarlierScale, scale_history

# The formats' writers live in their own modules; these names are the package's export API.
__all__ = [
    "FIXED_COLUMNS",
    "FORMATS",
    "FORMULA_START",
    "LEGEND",
    "NOT_APPLICABLE_MARK",
    "PREFER_NOT_MARK",
    "Cell",
    "Export",
    "codebook_csv_chunks",
    "codebook_json",
    "csv_chunks",
    "json_chunks",
    "neutralise",
]

FORMATS = ("csv", "xlsx", "json")
#: Converted cells remembered per choice column: its codes, and a bound for odd data.
_MEMO_SIZE = 256


@dataclass
class Column:
    """One export column: a question's value, one of its choices (0/1), or its "other" text."""

    header: str
    question: Question
    kind: str  # "value", "choice", "other_text" or "typed_text"
    code: str = ""
    #: A value column of the answers given on an earlier scale of a rating question.
    scale: EarlierScale | None = None

    @property
    def key(self) -> str:
        """Where a row holds what fills it: the question ID, or this column's own name for
        the answers moved there (given on an earlier scale, or typed before)."""
        if self.scale or self.kind == "typed_text":
            return self.header
        return self.question.id


@dataclass
class QuestionInfo:
    """A question's texts and codes in every language, gathered from all its versions."""

    question: Question
    text: dict[str, str] = field(default_factory=dict)
    choices: dict[str, dict[str, str]] = field(default_factory=dict)  # code -> lang -> label
    has_other: bool = False
    #: A rating question's earlier scales, in column order (``report_versions``).
    earlier: tuple[EarlierScale, ...] = ()
    #: column of an earlier scale -> its codes -> lang -> label
    earlier_choices: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)


class Export:
    """The columns, rows and codebook of one dataset; formats are written by the functions below."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.slug = dataset.primary.slug
        self.languages = [f.language for f in dataset.forms]
        questions = dataset.questions()
        self.scales = scale_history(questions, dataset.current_by_language, dataset.versions)
        #: Multiple-choice questions that were typed into before (``export_typed``).
        self.typed = typed_versions(questions, dataset.versions)
        self.info = self._gather(questions, dataset.versions)
        self.columns = self._columns()
        self.headers = [*FIXED_COLUMNS, *(c.header for c in self.columns)]
        self._offered: dict[tuple[str, str], dict[str, frozenset[str]]] = {}
        #: Responses the last complete ``rows()`` gave (for the command's "Exported N").
        self.rows_written = 0
        #: What the last ``rows()`` read otherwise than stored (hand edits), logged at its end.
        self.odd = OddRecords()

    # -- structure -----------------------------------------------------------------------

    def _gather(self, questions: list[Question], forms: list[Form]) -> dict[str, QuestionInfo]:
        info = {q.id: QuestionInfo(q, earlier=self.scales.earlier.get(q.id, ())) for q in questions}
        for form in forms:
            lang = form.language
            on_earlier_scale = self.scales.asked_on.get(form.version, {})
            for q in form.questions:
                entry = info.get(q.id)
                if entry is None:
                    continue
                entry.text.setdefault(lang, q.text)
                choices = entry.choices
                scale = on_earlier_scale.get(q.id)
                if scale is not None:  # its labels are that scale's, not today's
                    choices = entry.earlier_choices.setdefault(scale.column, {})
                ends = {}
                if q.choices:  # scales: say what the end points mean ("0 – not at all likely")
                    ends = {q.choices[0].value: q.low_label, q.choices[-1].value: q.high_label}
                for choice in q.choices:
                    label, end = choice.label, ends.get(choice.value)
                    if end:
                        label = end if end.startswith(label) else f"{label} – {end}"
                    choices.setdefault(choice.value, {}).setdefault(lang, label)
                if q.other_label is not None:
                    entry.has_other = True
                    labels = entry.choices.setdefault(model.OTHER_VALUE, {})
                    labels.setdefault(lang, q.other_label)
                if q.prefer_not_to_say is not None:
                    labels = choices.setdefault(PREFER_NOT_MARK, {})
                    labels.setdefault(lang, q.prefer_not_to_say)
        for entry in info.values():  # "other" and "prefer not to say" go last
            for choices in (entry.choices, *entry.earlier_choices.values()):
                for code in (model.OTHER_VALUE, PREFER_NOT_MARK):
                    if code in choices:
                        choices[code] = choices.pop(code)
        return info

    def _columns(self) -> list[Column]:
        columns = []
        for entry in self.info.values():
            q = entry.question
            if q.type == model.MULTIPLE_CHOICE:
                for code in entry.choices:
                    if code != PREFER_NOT_MARK:
                        columns.append(Column(f"{q.id}.{code}", q, "choice", code))
            else:
                columns.append(Column(q.id, q, "value"))
                columns += [Column(s.column, q, "value", scale=s) for s in entry.earlier]
            if entry.has_other:
                columns.append(Column(q.other_field, q, "other_text"))
            if q.id in self.typed:  # last: the columns before it stay where they were
                columns.append(Column(typed_column(q.id), q, "typed_text"))
        return columns

    # -- rows ----------------------------------------------------------------------------

    def _offered_choices(self, language: str, version: str) -> dict[str, frozenset[str]]:
        """question id -> the choice codes offered by the form version a response used."""
        key = (language, version)
        found = self._offered.get(key)
        if found is None:
            current = self.dataset.form_for(language)
            form = self.dataset.registry.version(current.slug, version) or current
            found = {q.id: frozenset(q.choice_values()) for q in form.questions}
            self._offered[key] = found
        return found

    def rows(
        self, *, spreadsheet: bool = False, decimal_comma: bool = False
    ) -> Iterator[list[Cell]]:
        """One list of cells per response, in the store's random order, streamed.

        ``spreadsheet``: text is neutralised against formulas. ``decimal_comma``: fractions
        are written as text with a comma (for csv read by Excel with Dutch settings).
        """
        plans = [
            _Plan.of(self.info[q], spreadsheet, decimal_comma, key).astuple()
            for key, q in self._plan_keys().items()
        ]
        offered_choices = self._offered_choices
        self.odd = OddRecords()
        responses: Iterable[Response] = self.dataset.responses(self.odd)
        if self.scales.earlier:  # else nothing to move, and nothing to pay per row
            responses = self._on_their_scale(responses)
        if self.typed:
            responses = on_typed_columns(responses, self.typed)
        count = 0
        for count, response in enumerate(responses, 1):  # noqa: B007 (read after)
            state_of = response.status.get
            answer = response.answers.get
            offered: dict[str, frozenset[str]] | None = None
            row: list[Cell] = [response.id, response.date, response.language]
            removed = response.removed
            for (
                qid,
                codes,
                other_field,
                value,
                memo,
                text,
                blank,
                preferred,
                skipped,
                gone,
            ) in plans:
                state = state_of(qid)
                if state != ANSWERED:
                    row += (
                        preferred
                        if state == PREFERRED_NOT
                        else skipped
                        if state == NOT_APPLICABLE
                        else gone
                        if state == REMOVED
                        else blank
                    )
                    continue
                raw = answer(qid)
                if codes:
                    # One code, not a list: given when the question had one answer. As
                    # text, ``"part" in "partly"`` would tick a choice nobody chose. A
                    # number: the question was a number question in an older version.
                    given = raw if type(raw) is list else (raw,)
                    if offered is None:
                        offered = offered_choices(response.language, response.version)
                    available = offered.get(qid, ())
                    row += [
                        1 if code in given else 0 if code in available else NOT_APPLICABLE_MARK
                        for code in codes
                    ]
                elif memo is not None and type(raw) is str:
                    cell = memo.get(raw)
                    if cell is None:
                        cell = value(raw)
                        if len(memo) < _MEMO_SIZE:
                            memo[raw] = cell
                    row.append(cell)
                else:
                    row.append(value(raw))
                if other_field:
                    other = answer(other_field)
                    if other not in (None, ""):
                        row.append(text(other))
                    else:  # HR may have blanked the words alone (``<question>__other``)
                        row.append(REMOVED_MARK if removed and other_field in removed else None)
            yield row
        self.rows_written = count
        self.odd.log(f"export of {self.slug}")

    def _plan_keys(self) -> dict[str, str]:
        """What fills the columns, in column order: question IDs, and the column of each
        earlier scale (``_on_their_scale`` gives its answers that key) and of typed answers
        (``on_typed_columns``) -> the question."""
        return {c.key: c.question.id for c in self.columns}

    def _on_their_scale(self, responses: Iterable[Response]) -> Iterator[Response]:
        """``responses`` with each answer given on an earlier scale moved to that scale's
        column: the question is ``n/a`` for them, and every earlier scale's column ``n/a``
        for everyone else. A skipped question or "prefer not to say" moves along, so that
        an empty cell still means "asked on this scale, not answered"."""
        columns = [s.column for entry in self.info.values() for s in entry.earlier]
        moves = {
            version: tuple((qid, s.column) for qid, s in found.items())
            for version, found in self.scales.asked_on.items()
        }
        return with_answers_moved(responses, columns, moves)

    # -- codebook (export_codebook.py) ------------------------------------------------------

    def codebook(self) -> dict[str, Any]:
        """Every column with its question text and codes, per language (json-ready)."""
        return codebook(self)

    def codebook_headers(self) -> list[str]:
        return codebook_headers(self.languages)

    def codebook_rows(self) -> Iterator[list[Cell]]:
        """The codebook as a table: the markers, then each column and its codes."""
        return codebook_rows(self)


@dataclass
class _Plan:
    """How one question fills its columns, with the cells of the three non-answers ready."""

    qid: str
    codes: tuple[str, ...]  # multiple choice: the 0/1 columns; else ()
    other_field: str  # "" when the question has no "other" text column
    value: Callable[[Any], Cell]
    memo: dict[str, Cell] | None  # choice codes: their cells, converted once per export
    text: Callable[[Any], Cell]
    blank: list[Cell]
    preferred_not: list[Cell]
    not_applicable: list[Cell]
    removed: list[Cell]

    def astuple(self) -> tuple:
        """The fields in order, for unpacking in the hot loop of ``Export.rows``."""
        return tuple(getattr(self, f.name) for f in fields(self))

    @classmethod
    def of(cls, info: QuestionInfo, spreadsheet: bool, decimal_comma: bool, key: str) -> _Plan:
        """The plan of the column(s) of ``info``'s question, whose answers are under ``key``
        (its ID, the column of an earlier scale, or its typed column)."""
        q = info.question
        codes: tuple[str, ...] = ()
        typed = cells.spreadsheet_typed_text if spreadsheet else cells.typed_text
        # A number stored when the question was a number question: 2,5 in Dutch Excel, as
        # in a number column (the words typed keep their full stops).
        typed_value = (
            cells.spreadsheet_typed_text_with_comma if spreadsheet and decimal_comma else typed
        )
        if key == typed_column(q.id):  # what was typed before it was multiple choice
            return cls(key, (), "", typed_value, None, typed, [None], [PREFER_NOT_MARK],
                       [NOT_APPLICABLE_MARK], [REMOVED_MARK])  # fmt: skip
        if q.type == model.MULTIPLE_CHOICE:
            codes = tuple(c for c in info.choices if c != PREFER_NOT_MARK)
        width = (len(codes) or 1) + (1 if info.has_other else 0)
        if q.type in (model.RATING, model.RECOMMEND, model.NUMBER):
            if spreadsheet:  # text where a number belongs (a type changed) is still text
                value = (
                    cells.spreadsheet_number_with_comma
                    if decimal_comma
                    else cells.spreadsheet_number
                )
            else:
                value = cells.number_or_text
        else:
            # Choice codes never read as a marker (question_choices.py), but a choice
            # question may have been a text question in an earlier version: its words
            # typed as "n/a" must not look like a marker (as in number_or_text).
            value = typed_value
        return cls(
            qid=key,
            codes=codes,
            other_field=q.other_field if info.has_other else "",
            value=value,
            memo={} if q.type in model.CHOICE_TYPES else None,
            text=typed,
            blank=[None] * width,
            preferred_not=[PREFER_NOT_MARK] * width,
            not_applicable=[NOT_APPLICABLE_MARK] * width,
            removed=[REMOVED_MARK] * width,
        )
