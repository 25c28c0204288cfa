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

Text a spreadsheet would run as a formula gets a leading ``'`` in csv and xlsx (OWASP's
advice); numbers stay numbers. Everything is written row by row: memory does not grow with
the number of responses (xlsx: ``export_xlsx.py``).
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from typing import Any

from . import model
from .dataset import ANSWERED, NOT_APPLICABLE, PREFERRED_NOT, Dataset
from .model import Form, Question

FORMATS = ("csv", "xlsx", "json")
#: The cell of a question that did not apply to this person.
NOT_APPLICABLE_MARK = "n/a"
#: The cell of a question the person chose not to answer.
PREFER_NOT_MARK = model.PREFER_NOT_TO_SAY
#: First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: Characters gathered before a chunk of csv or json is handed on.
_CHUNK_CHARS = 64 * 1024
#: Converted cells remembered per choice column: its codes, and a bound for odd data.
_MEMO_SIZE = 256

Cell = str | int | float | None

#: How the codebook explains the markers, per language of the questionnaire.
LEGEND = {
    "en": {
        "response_id": "Random ID of the response (says nothing about who or when)",
        "date": "When the response was sent: month, quarter or year only",
        "language": "Language of the form the person answered",
        PREFER_NOT_MARK: "The person chose “prefer not to say”",
        "": "Empty cell: not answered",
        NOT_APPLICABLE_MARK: "Not applicable: the question (or choice) was skipped by a "
        "condition or was not in the form version this person answered",
        "1": "In a <question>.<choice> column: chosen",
        "0": "In a <question>.<choice> column: not chosen",
        "'": "A text that starts with ' had =, +, -, @ or a tab first: the ' stops "
        "spreadsheets from running it as a formula",
        "other": "Own answer (“other”)",
    },
    "nl": {
        "response_id": "Willekeurig nummer van het antwoord (zegt niets over wie of wanneer)",
        "date": "Wanneer het antwoord is verstuurd: alleen maand, kwartaal of jaar",
        "language": "Taal van het formulier dat is ingevuld",
        PREFER_NOT_MARK: "De persoon koos “zeg ik liever niet”",
        "": "Lege cel: niet beantwoord",
        NOT_APPLICABLE_MARK: "Niet van toepassing: de vraag (of keuze) werd overgeslagen door "
        "een voorwaarde of stond niet in de versie van het formulier die deze persoon invulde",
        "1": "In een kolom <vraag>.<keuze>: gekozen",
        "0": "In een kolom <vraag>.<keuze>: niet gekozen",
        "'": "Een tekst die met ' begint, begon met =, +, -, @ of een tab: de ' voorkomt dat "
        "een spreadsheet hem als formule uitvoert",
        "other": "Eigen antwoord (“anders”)",
    },
}
FIXED_COLUMNS = ("response_id", "date", "language")


def neutralise(text: str) -> str:
    """``text`` with a leading ``'`` if a spreadsheet would run it as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


@dataclass
class Column:
    """One export column: a question's value, one of its choices (0/1), or its "other" text."""

    header: str
    question: Question
    kind: str  # "value", "choice" or "other_text"
    code: str = ""


@dataclass
class QuestionInfo:
    """A question's texts and codes in every language, gathered from all its versions."""

    question: Question
    text: dict[str, str] = field(default_factory=dict)
    choices: dict[str, dict[str, str]] = field(default_factory=dict)  # code -> lang -> label
    has_other: bool = False


class Export:
    """The columns, rows and codebook of one dataset; formats are written by the functions below."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.slug = dataset.primary.slug
        self.languages = [f.language for f in dataset.forms]
        self.info = self._gather(dataset.questions())
        self.columns = self._columns()
        self.headers = [*FIXED_COLUMNS, *(c.header for c in self.columns)]
        self._offered: dict[tuple[str, str], dict[str, frozenset[str]]] = {}

    # -- structure -----------------------------------------------------------------------

    def _forms(self) -> list[Form]:
        """Every form of the dataset: current ones first (their texts win), then archived."""
        forms = list(self.dataset.forms)
        for form in self.dataset.forms:
            forms += self.dataset.registry.archived_versions(form.slug)
        return forms

    def _gather(self, questions: list[Question]) -> dict[str, QuestionInfo]:
        info = {q.id: QuestionInfo(q) for q in questions}
        for form in self._forms():
            lang = form.language
            for q in form.questions:
                entry = info.get(q.id)
                if entry is None:
                    continue
                entry.text.setdefault(lang, q.text)
                ends = {}
                if q.choices:  # scales: say what the end points mean ("0 – not at all likely")
                    ends = {q.choices[0].value: q.low_label, q.choices[-1].value: q.high_label}
                for choice in q.choices:
                    label, end = choice.label, ends.get(choice.value)
                    if end:
                        label = end if end.startswith(label) else f"{label} – {end}"
                    entry.choices.setdefault(choice.value, {}).setdefault(lang, label)
                if q.other_label is not None:
                    entry.has_other = True
                    labels = entry.choices.setdefault(model.OTHER_VALUE, {})
                    labels.setdefault(lang, q.other_label)
                if q.prefer_not_to_say is not None:
                    labels = entry.choices.setdefault(PREFER_NOT_MARK, {})
                    labels.setdefault(lang, q.prefer_not_to_say)
        for entry in info.values():  # "other" and "prefer not to say" go last
            for code in (model.OTHER_VALUE, PREFER_NOT_MARK):
                if code in entry.choices:
                    entry.choices[code] = entry.choices.pop(code)
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
            if entry.has_other:
                columns.append(Column(q.other_field, q, "other_text"))
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
            _Plan.of(self.info[q], spreadsheet, decimal_comma).astuple()
            for q in self._question_ids()
        ]
        offered_choices = self._offered_choices
        for response in self.dataset.responses():
            state_of = response.status.get
            answer = response.answers.get
            offered: dict[str, frozenset[str]] | None = None
            row: list[Cell] = [response.id, response.date, response.language]
            for qid, codes, other_field, value, memo, text, blank, preferred, skipped in plans:
                state = state_of(qid)
                if state != ANSWERED:
                    row += (
                        preferred
                        if state == PREFERRED_NOT
                        else skipped
                        if state == NOT_APPLICABLE
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
                    row.append(text(other) if other not in (None, "") else None)
            yield row

    def _question_ids(self) -> list[str]:
        """Questions in column order (each once)."""
        return list(dict.fromkeys(c.question.id for c in self.columns))

    # -- codebook ------------------------------------------------------------------------

    def _legend(self, key: str) -> dict[str, str]:
        return {lang: LEGEND.get(lang, LEGEND["en"])[key] for lang in self.languages}

    def codebook(self) -> dict[str, Any]:
        """Every column with its question text and codes, per language (json-ready)."""
        columns: list[dict[str, Any]] = [
            {"column": name, "question_id": "", "type": "", "text": self._legend(name), "codes": []}
            for name in FIXED_COLUMNS
        ]
        for column in self.columns:
            entry = self.info[column.question.id]
            q = column.question
            text = dict(entry.text)
            codes = []
            kind = q.type
            if column.kind == "choice":
                label = entry.choices[column.code]
                text = {lang: f"{t}: {label.get(lang, column.code)}" for lang, t in text.items()}
                codes = [{"code": c, "label": self._legend(c)} for c in ("1", "0")]
            elif column.kind == "other_text":
                label = entry.choices[model.OTHER_VALUE]
                text = {lang: f"{t}: {label.get(lang, '')}" for lang, t in text.items()}
                kind = "other_text"
            elif entry.choices:
                codes = [{"code": c, "label": labels} for c, labels in entry.choices.items()]
            columns.append(
                {
                    "column": column.header,
                    "question_id": q.id,
                    "type": kind,
                    "text": {lang: text.get(lang, "") for lang in self.languages},
                    "codes": codes,
                }
            )
        markers = {
            m: self._legend(m) for m in (PREFER_NOT_MARK, "", NOT_APPLICABLE_MARK, "1", "0", "'")
        }
        return {
            "questionnaire": self.slug,
            "slugs": self.dataset.slugs,
            "languages": self.languages,
            "markers": markers,
            "columns": columns,
        }

    def codebook_headers(self) -> list[str]:
        return ["column", "question_id", "type", "code", *(f"text_{x}" for x in self.languages)]

    def codebook_rows(self) -> Iterator[list[Cell]]:
        """The codebook as a table: the markers, then each column and its codes."""
        book = self.codebook()
        for marker, texts in book["markers"].items():
            yield ["(any column)", "", "", marker, *texts.values()]
        for col in book["columns"]:
            base = [col["column"], col["question_id"], col["type"]]
            yield [*base, "", *col["text"].values()]
            for code in col["codes"]:
                labels = code["label"]
                yield [*base, code["code"], *(labels.get(x, "") for x in self.languages)]


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

    def astuple(self) -> tuple:
        """The fields in order, for unpacking in the hot loop of ``Export.rows``."""
        return tuple(getattr(self, f.name) for f in fields(self))

    @classmethod
    def of(cls, info: QuestionInfo, spreadsheet: bool, decimal_comma: bool) -> _Plan:
        q = info.question
        codes: tuple[str, ...] = ()
        if q.type == model.MULTIPLE_CHOICE:
            codes = tuple(c for c in info.choices if c != PREFER_NOT_MARK)
        width = (len(codes) or 1) + (1 if info.has_other else 0)
        text = _spreadsheet_text if spreadsheet else _text
        if q.type in (model.RATING, model.RECOMMEND, model.NUMBER):
            if spreadsheet:  # text where a number belongs (a type changed) is still text
                value = _spreadsheet_number_with_comma if decimal_comma else _spreadsheet_number
            else:
                value = _number_or_text
        else:
            value = text
        return cls(
            qid=q.id,
            codes=codes,
            other_field=q.other_field if info.has_other else "",
            value=value,
            memo={} if q.type in model.CHOICE_TYPES else None,
            text=text,
            blank=[None] * width,
            preferred_not=[PREFER_NOT_MARK] * width,
            not_applicable=[NOT_APPLICABLE_MARK] * width,
        )


def _number_or_text(value: Any) -> Cell:
    """Numbers stay numbers (a stored "4" rating code becomes 4); anything else is text."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return value
    text = str(value)
    try:
        number = float(text)
    except ValueError:
        return text
    if not math.isfinite(number):  # "NaN", "inf", "1e999": typed when it was a text question
        return text
    return int(number) if number.is_integer() and "." not in text else number


def _spreadsheet_number(value: Any) -> Cell:
    """A number, or text protected against running as a formula like any other text."""
    cell = _number_or_text(value)
    return neutralise(cell) if isinstance(cell, str) else cell


def _spreadsheet_number_with_comma(value: Any) -> Cell:
    """As ``_spreadsheet_number``, a fraction written with a decimal comma (Dutch Excel)."""
    cell = _spreadsheet_number(value)
    return repr(cell).replace(".", ",") if isinstance(cell, float) else cell


def _text(value: Any) -> Cell:
    if type(value) is str:  # the common case first: this runs for every text cell
        return value
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
        return value
    if isinstance(value, list):  # not expected outside multiple choice; keep it readable
        return ";".join(str(v) for v in value)
    return str(value)


def _spreadsheet_text(value: Any) -> Cell:
    if type(value) is str:  # as neutralise(), without two calls per text cell
        return "'" + value if value.startswith(FORMULA_START) else value
    cell = _text(value)
    return neutralise(cell) if isinstance(cell, str) else cell


# -- writers ---------------------------------------------------------------------------------


def _csv_chunks(
    headers: list[str], rows: Iterable[list[Cell]], *, excel_nl: bool
) -> Iterator[bytes]:
    """Rows of ready cells (text neutralised, numbers formatted) as csv bytes, in chunks."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if excel_nl else ",", lineterminator="\r\n")
    writer.writerow(headers)
    prefix = "\ufeff" if excel_nl else ""
    write = writer.writerow
    for row in rows:
        write(row)
        if buffer.tell() >= _CHUNK_CHARS:
            yield (prefix + buffer.getvalue()).encode("utf-8")
            prefix = ""
            buffer.seek(0)
            buffer.truncate()
    yield (prefix + buffer.getvalue()).encode("utf-8")


def csv_chunks(export: Export, *, excel_nl: bool = False) -> Iterator[bytes]:
    """The responses as csv bytes, a few hundred rows at a time.

    Plain: UTF-8, ``,`` and CRLF (RFC 4180). ``excel_nl``: UTF-8 with a byte order mark,
    ``;`` between fields and a decimal comma, which Excel with Dutch settings opens as is.
    """
    rows = export.rows(spreadsheet=True, decimal_comma=excel_nl)
    return _csv_chunks(export.headers, rows, excel_nl=excel_nl)


def codebook_csv_chunks(export: Export, *, excel_nl: bool = False) -> Iterator[bytes]:
    rows = ([_spreadsheet_text(v) for v in row] for row in export.codebook_rows())
    return _csv_chunks(export.codebook_headers(), rows, excel_nl=excel_nl)


def json_chunks(export: Export) -> Iterator[bytes]:
    """The responses as a json array of objects keyed by column, one line per response.

    Values are as stored (no formula protection: json is not opened by spreadsheets).
    """
    headers = export.headers
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    parts = ["["]
    size = 0
    separator = "\n"
    for row in export.rows():
        part = separator + dumps(dict(zip(headers, row, strict=True)))
        parts.append(part)
        separator = ",\n"
        size += len(part)
        if size >= _CHUNK_CHARS:
            yield "".join(parts).encode("utf-8")
            parts, size = [], 0
    parts.append("\n]\n")
    yield "".join(parts).encode("utf-8")


def codebook_json(export: Export) -> bytes:
    return (json.dumps(export.codebook(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
