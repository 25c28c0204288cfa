"""The text exports: csv (plain, or for Excel with Dutch settings) and json, in chunks.

Streamed: a few hundred rows at a time, so memory does not grow with the number of
responses. The workbook is ``export_xlsx.py``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from .export_cells import Cell, spreadsheet_text
from .odd_records import utf8

if TYPE_CHECKING:
    from .export import Export

#: Characters gathered before a chunk of csv or json is handed on.
_CHUNK_CHARS = 64 * 1024


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
            yield utf8(prefix + buffer.getvalue())
            prefix = ""
            buffer.seek(0)
            buffer.truncate()
    yield utf8(prefix + buffer.getvalue())


def csv_chunks(export: Export, *, excel_nl: bool = False) -> Iterator[bytes]:
    """The responses as csv bytes, a few hundred rows at a time.

    Plain: UTF-8, ``,`` and CRLF (RFC 4180). ``excel_nl``: UTF-8 with a byte order mark,
    ``;`` between fields and a decimal comma, which Excel with Dutch settings opens as is.
    """
    rows = export.rows(spreadsheet=True, decimal_comma=excel_nl)
    return _csv_chunks(export.headers, rows, excel_nl=excel_nl)


def codebook_csv_chunks(export: Export, *, excel_nl: bool = False) -> Iterator[bytes]:
    """The codebook as csv bytes, in the same dialect as ``csv_chunks``."""
    rows = ([spreadsheet_text(v) for v in row] for row in export.codebook_rows())
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
            yield utf8("".join(parts))
            parts, size = [], 0
    parts.append("\n]\n")
    yield utf8("".join(parts))


def codebook_json(export: Export) -> bytes:
    """The codebook as one json document."""
    return (json.dumps(export.codebook(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
