"""The codebook of an export: what every column, code and marker means, in every language.

As a json-ready dict (``codebook``) and as a table for csv and xlsx (``codebook_rows``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from . import model
from .export_cells import NOT_APPLICABLE_MARK, PREFER_NOT_MARK, REMOVED_MARK, Cell, number_or_text

if TYPE_CHECKING:
    from .export import Export

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
        REMOVED_MARK: "HR removed this answer afterwards (flask redact): its words named "
        "someone or gave its writer away",
        "1": "In a <question>.<choice> column: chosen",
        "0": "In a <question>.<choice> column: not chosen",
        "'": "A text that starts with ' had =, +, -, @, a tab or a carriage return first: "
        "the ' stops spreadsheets from running it as a formula. Or the person typed one of "
        "the words above, such as n/a: the ' tells it apart from the marker",
        "other": "Own answer (“other”)",
        "scale_now": "{text} (on today's scale of {points} points; answers given on an "
        "earlier scale are in {columns}, with n/a here)",
        "scale_earlier": "{text} (answers given on an earlier scale of {points} points; n/a "
        "for everyone else)",
        "scale_reordered": "{text} (answers given when the {points} points were in another "
        "order; n/a for everyone else)",
        "typed": "{text} (what was typed when this was not yet a multiple-choice question: "
        "a text, number or date question; n/a for everyone else, and n/a in its choice "
        "columns for these people)",
    },
    "nl": {
        "response_id": "Willekeurig nummer van het antwoord (zegt niets over wie of wanneer)",
        "date": "Wanneer het antwoord is verstuurd: alleen maand, kwartaal of jaar",
        "language": "Taal van het formulier dat is ingevuld",
        PREFER_NOT_MARK: "De persoon koos “zeg ik liever niet”",
        "": "Lege cel: niet beantwoord",
        NOT_APPLICABLE_MARK: "Niet van toepassing: de vraag (of keuze) werd overgeslagen door "
        "een voorwaarde of stond niet in de versie van het formulier die deze persoon invulde",
        REMOVED_MARK: "HR heeft dit antwoord achteraf verwijderd (flask redact): het noemde "
        "iemand of verraadde wie het schreef",
        "1": "In een kolom <vraag>.<keuze>: gekozen",
        "0": "In een kolom <vraag>.<keuze>: niet gekozen",
        "'": "Een tekst die met ' begint, begon met =, +, -, @, een tab of een regeleinde: "
        "de ' voorkomt dat een spreadsheet hem als formule uitvoert. Of de persoon typte een "
        "van de woorden hierboven, zoals n/a: de ' onderscheidt het van de markering",
        "other": "Eigen antwoord (“anders”)",
        "scale_now": "{text} (op de schaal van nu, met {points} punten; antwoorden op een "
        "eerdere schaal staan in {columns}, met n/a hier)",
        "scale_earlier": "{text} (antwoorden op een eerdere schaal met {points} punten; n/a "
        "voor alle anderen)",
        "scale_reordered": "{text} (antwoorden van toen de {points} punten in een andere "
        "volgorde stonden; n/a voor alle anderen)",
        "typed": "{text} (wat getypt is toen dit nog geen meerkeuzevraag was, maar een "
        "tekst-, getal- of datumvraag; n/a voor alle anderen, en n/a in de kolommen van de "
        "keuzes voor deze personen)",
    },
}
FIXED_COLUMNS = ("response_id", "date", "language")
#: The markers the codebook explains first, in this order.
MARKERS = (PREFER_NOT_MARK, "", NOT_APPLICABLE_MARK, REMOVED_MARK, "1", "0", "'")
#: Column types whose cells are numbers in the Responses sheet (their codes too).
_NUMBER_TYPES = (model.RATING, model.RECOMMEND, model.NUMBER, model.MULTIPLE_CHOICE)


def legend(languages: list[str], key: str) -> dict[str, str]:
    """The explanation of ``key`` in each of ``languages`` (English for an unknown one)."""
    return {lang: LEGEND.get(lang, LEGEND["en"])[key] for lang in languages}


def codebook(export: Export) -> dict[str, Any]:
    """Every column with its question text and codes, per language (json-ready)."""
    languages = export.languages
    columns: list[dict[str, Any]] = [
        {
            "column": name,
            "question_id": "",
            "type": "",
            "text": legend(languages, name),
            "codes": [],
        }
        for name in FIXED_COLUMNS
    ]
    for column in export.columns:
        entry = export.info[column.question.id]
        q = column.question
        text = dict(entry.text)
        codes = []
        kind = q.type
        if column.kind == "choice":
            label = entry.choices[column.code]
            text = {lang: f"{t}: {label.get(lang, column.code)}" for lang, t in text.items()}
            codes = [{"code": c, "label": legend(languages, c)} for c in ("1", "0")]
        elif column.kind == "other_text":
            label = entry.choices[model.OTHER_VALUE]
            text = {lang: f"{t}: {label.get(lang, '')}" for lang, t in text.items()}
            kind = "other_text"
        elif column.kind == "typed_text":  # words, not codes (export_typed.py)
            text = _scale_text(languages, "typed", text)
            kind = "typed_text"
        elif column.scale is not None:  # the labels of that scale, not of today's
            scale = column.scale
            key = "scale_reordered" if scale.reordered else "scale_earlier"
            text = _scale_text(languages, key, text, points=scale.points)
            choices = entry.earlier_choices.get(scale.column, {})
            codes = [{"code": c, "label": labels} for c, labels in choices.items()]
        elif entry.choices:
            codes = [{"code": c, "label": labels} for c, labels in entry.choices.items()]
            if entry.earlier:
                columns_text = ", ".join(s.column for s in entry.earlier)
                points = len(q.choices)
                text = _scale_text(
                    languages, "scale_now", text, points=points, columns=columns_text
                )
        columns.append(
            {
                "column": column.header,
                "question_id": q.id,
                "type": kind,
                "text": {lang: text.get(lang, "") for lang in languages},
                "codes": codes,
            }
        )
    return {
        "questionnaire": export.slug,
        "slugs": export.dataset.slugs,
        "languages": languages,
        "markers": {m: legend(languages, m) for m in MARKERS},
        "columns": columns,
    }


def _scale_text(
    languages: list[str], key: str, texts: dict[str, str], **values: object
) -> dict[str, str]:
    """The question's text in each language, with what its column holds of a scale that
    changed, or a type (``LEGEND[lang][key]``)."""
    found = legend(languages, key)
    return {
        lang: found[lang].format(text=t, **values) for lang, t in texts.items() if lang in found
    }


def codebook_headers(languages: list[str]) -> list[str]:
    """The header row of the codebook as a table."""
    return ["column", "question_id", "type", "code", *(f"text_{x}" for x in languages)]


def codebook_rows(export: Export) -> Iterator[list[Cell]]:
    """The codebook as a table: the markers, then each column and its codes."""
    languages = export.languages
    book = codebook(export)
    for marker, texts in book["markers"].items():
        yield ["(any column)", "", "", _table_code(marker, True), *texts.values()]
    for col in book["columns"]:
        base = [col["column"], col["question_id"], col["type"]]
        yield [*base, "", *col["text"].values()]
        numbers = col["type"] in _NUMBER_TYPES
        for code in col["codes"]:
            labels = code["label"]
            code_cell = _table_code(code["code"], numbers)
            yield [*base, code_cell, *(labels.get(x, "") for x in languages)]


def _table_code(code: str, numbers: bool) -> Cell:
    """A code as the Responses sheet holds it: a rating's 4 and a choice's 1 are numbers
    there, so they are numbers here, or a lookup (VLOOKUP, XLOOKUP) from one sheet into
    the other finds nothing. Choice codes stay text, as in the Responses sheet."""
    if numbers and code[:1].isdigit():
        return number_or_text(code)
    return code
