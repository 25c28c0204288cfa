"""The xlsx export: a workbook with the sheets "Responses" and "Codebook".

openpyxl writes the workbook (styles, codebook, the header row of "Responses"); the
response rows are then streamed into that sheet as the very XML openpyxl's write-only mode
writes for them (tests/test_export.py compares the two value by value). Letting openpyxl
turn each of some two million values into a cell object took about 20 s at 65k responses,
against gunicorn's 30 s worker timeout; this takes a few. Cells come from ``export.py``,
already neutralised against formulas.

Three things differ from openpyxl on purpose, because HR reads the workbook in Excel or
LibreOffice: a text answer that happens to be an error name (``#N/A``) stays text, a text
too long for a cell is cut with a visible ``…[+N]``, and text that the xlsx format reads as
an escaped character (``_x0041_``) is escaped itself (see ``_xlsx_text``).
"""

from __future__ import annotations

import io
import math
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from typing import IO

from .export import Export
from .export_cells import Cell, neutralise, spreadsheet_text

#: Excel's documented limit for the text of one cell, counted in UTF-16 code units (an
#: emoji counts twice): LibreOffice was seen cutting longer cells without a word.
XLSX_CELL_LIMIT = 32_767
#: Room kept for the ``…[+N]`` that ends a cut cell.
_CUT_MARK_ROOM = 16
#: Characters an xlsx file cannot hold (XML 1.0); validation already drops them on input,
#: but answers stored before U+FFFE and U+FFFF were dropped there may hold them.
_XLSX_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
#: Text an xlsx reader turns into one character (``_x0041_`` is "A", ECMA-376 22.9.2.19):
#: a leaver's own ``_x0041_`` is written with its ``_`` escaped, as ``_x005F_x0041_``.
_XLSX_ESCAPE_LOOKALIKE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
#: Row and cell pieces of xlsx XML gathered before they are written out.
_XML_PARTS = 2048
#: Cells whose xlsx XML is remembered (short texts and whole numbers: codes, 0/1, "n/a").
_XML_MEMO_SIZE = 4096
#: Bytes copied at a time into the zip member.
_COPY_CHUNK = 64 * 1024
#: zlib level of the "Responses" sheet, the bulk of the workbook. At 100k responses (166 MB
#: of XML) level 6, zipfile's default, took 2.9 s of CPU for 13.7 MB; level 5 takes 1.9 s
#: for 14.0 MB (+2.4%). Level 1 took 0.8 s but made 18.6 MB (+36%), too much more for a
#: file HR mails around (docs/hr-data.md, bench/bench_export.py).
SHEET_LEVEL = 5


def _xlsx_cell(value: Cell) -> Cell:
    return _xlsx_text(value) if isinstance(value, str) else value


def _xlsx_text(value: str) -> str:
    """``value`` as an xlsx cell can hold it: no control characters, at most 32,767 long."""
    # XML turns a carriage return into a line feed on reading anyway; do it visibly here.
    text = _XLSX_ILLEGAL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    if text != value:
        text = neutralise(text)  # a removed character may have hidden a "="
    if len(text) * 2 > XLSX_CELL_LIMIT:  # cheap first: at most two code units a character
        text = _fit_cell(text)
    if "_x" in text:  # Excel and LibreOffice would show "_x0041_" as "A"; openpyxl doesn't
        text = _XLSX_ESCAPE_LOOKALIKE.sub(r"_x005F_\1", text)
    return text


def _fit_cell(text: str) -> str:
    """``text`` if a cell can hold it, else its start and ``…[+N]``: N characters were cut.

    Visibly cut, so that nobody reads a shortened answer as the whole one; csv and json
    keep it all (docs/hr-data.md).
    """
    encoded = text.encode("utf-16-le")
    if len(encoded) // 2 <= XLSX_CELL_LIMIT:
        return text
    # Cutting between the two halves of an emoji leaves half of it: "ignore" drops that.
    keep = (XLSX_CELL_LIMIT - _CUT_MARK_ROOM) * 2
    kept = encoded[:keep].decode("utf-16-le", errors="ignore")
    return f"{kept}…[+{len(text) - len(kept)}]"


def write_xlsx(export: Export, target: str | IO[bytes], *, responses: bool = True) -> None:
    """An xlsx workbook: sheet "Responses" (unless not ``responses``) and sheet "Codebook".

    openpyxl writes the workbook (in write-only mode), with the header row of "Responses"
    only; ``_add_rows`` then copies it to ``target`` and streams the responses into
    that sheet as the very XML openpyxl would write for them (``_cell_xml``), through a
    temporary file, so memory stays flat (measured in bench/bench_export.py). Letting
    openpyxl turn each of some two million values into a cell object and an XML element
    took about 20 s at 65k responses; this takes a few. openpyxl was chosen over xlsxwriter
    because the same library reads workbooks back: the tests and HR's own scripts check
    exports cell by cell with it, and one dependency does both. Strings never become
    formulas: they are neutralised first.
    """
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = None
    if responses:
        sheet = book.create_sheet("Responses")
        sheet.freeze_panes = "A2"
        sheet.append(export.headers)
    codebook = book.create_sheet("Codebook")
    codebook.freeze_panes = "A2"
    codebook.append(export.codebook_headers())
    for row in export.codebook_rows():
        codebook.append([_xlsx_cell(spreadsheet_text(v)) for v in row])
    if sheet is None:
        book.save(target)
        return
    skeleton = io.BytesIO()
    book.save(skeleton)
    rows = export.rows(spreadsheet=True)
    _add_rows(skeleton, sheet.path.lstrip("/"), rows, len(export.headers), target)


def _add_rows(
    skeleton: IO[bytes],
    part: str,
    rows: Iterable[list[Cell]],
    columns: int,
    target: str | IO[bytes],
) -> None:
    """Copy the workbook ``skeleton`` to ``target``, with ``rows`` after the header row of
    its sheet ``part`` (the zip member, e.g. ``xl/worksheets/sheet1.xml``)."""
    with (
        zipfile.ZipFile(skeleton) as source,
        tempfile.TemporaryFile() as sheet_xml,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as book,
    ):
        for info in source.infolist():  # the members in openpyxl's order, dates and all
            content = source.read(info)
            if info.filename != part:
                book.writestr(info, content)
                continue
            head, end, tail = content.rpartition(b"</sheetData>")
            if not end:
                raise RuntimeError(f"openpyxl wrote {part} without </sheetData>")
            sheet_xml.write(head)
            for xml in _rows_xml(rows, first=2, columns=columns):
                sheet_xml.write(xml)
            sheet_xml.write(end + tail)
            # Known size: zipfile picks zip64 for this member only when it needs it, as it
            # does for the sheets openpyxl writes from its own temporary files.
            info.file_size = sheet_xml.tell()
            # zipfile takes a member's level from its ZipInfo (``_compresslevel``, which
            # Python 3.13 renamed ``compress_level`` and kept as an alias).
            info._compresslevel = SHEET_LEVEL
            sheet_xml.seek(0)
            with book.open(info, "w") as member:
                shutil.copyfileobj(sheet_xml, member, _COPY_CHUNK)


def _rows_xml(rows: Iterable[list[Cell]], first: int, columns: int) -> Iterator[bytes]:
    """``<row>`` elements for ``rows``, numbered from ``first``, as UTF-8 in chunks.

    A cell's XML is ``<c r="`` and its column letter, the row number, ``_cell_xml(value)``. Short
    texts and whole numbers repeat a lot (choice codes, 0/1, "n/a", months), so their XML
    is remembered; the memo is bounded, like everything else here.
    """
    from openpyxl.utils import get_column_letter

    heads = ['<c r="' + get_column_letter(i) for i in range(1, columns + 1)]
    memo: dict[str | int, str] = {}
    parts: list[str] = []
    for number, row in enumerate(rows, first):
        r = str(number)
        parts.append(f'<row r="{r}">')
        for head, value in zip(heads, row, strict=True):
            if value is None:  # openpyxl writes no element for an empty cell
                continue
            # Only texts and whole numbers are remembered and looked up: True == 1 and
            # -0.0 == 0 as keys, but their XML differs ("b", "-0").
            kind = value.__class__
            if kind is str or kind is int:
                xml = memo.get(value)
                if xml is None:
                    xml = _cell_xml(value)
                    if len(memo) < _XML_MEMO_SIZE and (kind is int or len(value) <= 64):
                        memo[value] = xml
            else:
                xml = _cell_xml(value)
            parts.append(f"{head}{r}{xml}")
        parts.append("</row>")
        if len(parts) >= _XML_PARTS:
            yield "".join(parts).encode("utf-8")
            parts = []
    yield "".join(parts).encode("utf-8")


def _cell_xml(value: Cell) -> str:
    """What follows ``<c r="A2`` for ``value``: the cell as openpyxl's write-only mode
    writes it (``openpyxl/cell/_writer.py``, ``etree_write_cell``, with et_xmlfile), after
    ``_xlsx_text``. Text is an inline string (``xml:space`` kept when it has spaces at an
    end), numbers keep 16 significant digits. tests/test_export.py compares this with
    openpyxl's own output, value by value. Unlike openpyxl, a text that is one of Excel's
    error names (``#N/A``) stays text: typed into a form, it is an answer, and as an error
    value it would show as an error and break every SUM or AVERAGE over its column."""
    if isinstance(value, str):
        text = _xlsx_text(value)
        if not text:
            return '" t="inlineStr" />'
        if len(text) > 1 and text.startswith("="):  # as openpyxl: a formula
            return f'"><f>{_xml_text(text[1:])}</f><v /></c>'
        stripped = text.strip()
        space = ' xml:space="preserve"' if stripped and stripped != text else ""
        return f'" t="inlineStr"><is><t{space}>{_xml_text(text)}</t></is></c>'
    if isinstance(value, int | float):  # openpyxl.compat.safe_string: "%.16g", or nothing
        kind = "b" if isinstance(value, bool) else "n"
        if isinstance(value, float) and not math.isfinite(value):
            return f'" t="{kind}"><v /></c>'
        return f'" t="{kind}"><v>{value:.16g}</v></c>'
    raise TypeError(f"an export cell is text, a number or None, not {type(value).__name__}")


def _xml_text(text: str) -> str:
    """``text`` escaped for XML character data, as ElementTree escapes it."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text
