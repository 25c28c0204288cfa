"""Stored records of a shape the collector never writes, as exports and reports read them.

Operators sometimes edit a month's file by hand (and make the CRC match again). What the
collector wrote is always one JSON object per line with an ``"id"`` and an ``"r"`` record
whose ``answers`` is an object and whose strings are UTF-8; a hand edit may leave anything
JSON allows. Reading must never change or drop what is stored, and must never end in a
traceback, so export and report read such records by these rules (docs/storage.md, "Records
edited by hand"):

* a record that cannot be understood at all (no JSON object with an ``"r"`` object, text
  that is not UTF-8, lists nested thousands deep, ``answers`` that is no object) is left
  out, and noted with its file, byte and ID: the command line says so on stderr, the HR
  area's report shows how many (no values: the note must not single anyone out);
* a field of the wrong type is read as missing: ``version`` (a number is taken as its
  digits) is then the current form's, ``date`` empty, ``language`` the form's;
  ``removed_by_hr`` keeps only its question IDs. Each such record is noted too;
* an answer of the wrong type is exported as given, as text (an object or a list as its
  JSON); the report counts only answers it can read;
* lone surrogates (``"\\ud800"``, which Python decodes but cannot write as UTF-8) become
  U+FFFD where an export or the report is written out as UTF-8 (``utf8``; the xlsx export
  leaves them out, as every character a cell cannot hold).

Only exports and reports read this way: ``flask redact`` and ``delete-response`` see the
record as stored, and backups copy it byte for byte.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from .store_format import payload_id, scan_json

log = logging.getLogger(__name__)

#: A lone surrogate: half of a UTF-16 pair, which no UTF-8 text can hold.
_SURROGATE = re.compile("[\ud800-\udfff]")
#: A record without ``answers`` has none: it is read like one with ``{}``.
_NO_ANSWERS: dict = {}
#: How many records the command line names one by one; the rest are counted.
NAMED = 20


@dataclass(frozen=True)
class OddRecord:
    """One record read otherwise than stored: where it is and what is wrong with it."""

    path: str
    offset: int
    doc_id: str
    problem: str
    left_out: bool

    def __str__(self) -> str:
        who = f"response {self.doc_id}" if self.doc_id else "a record without an ID"
        what = "left out" if self.left_out else "read in part"
        return f"{self.path}: {who} at byte {self.offset} {what}: {self.problem}"


@dataclass
class OddRecords:
    """The odd records one read met, in the order it met them."""

    found: list[OddRecord] = field(default_factory=list)

    @property
    def left_out(self) -> int:
        """How many records the read left out."""
        return sum(1 for odd in self.found if odd.left_out)

    def note(self, path: str, offset: int, doc_id: object, problem: str, *, left_out: bool) -> None:
        doc_id = clean_text(doc_id) if isinstance(doc_id, str) else ""
        self.found.append(OddRecord(path, offset, doc_id, problem, left_out))

    def lines(self) -> list[str]:
        """One warning line per record, the first ``NAMED`` of them, then how many more."""
        lines = [f"Warning: {odd}" for odd in self.found[:NAMED]]
        if len(self.found) > NAMED:
            lines.append(f"Warning: ... and {len(self.found) - NAMED} more records like these")
        if self.found:
            lines.append(
                "Warning: nothing was changed in the store; docs/storage.md, 'Records edited "
                "by hand', says how to repair them"
            )
        return lines

    def log(self, what: str) -> None:
        """The lines in the server's log (the HR area's downloads and report)."""
        for line in self.lines():
            log.warning("%s: %s", what, line.removeprefix("Warning: "))


def read_record(payload: bytes, doc: Any, path: str, offset: int, odd: OddRecords) -> dict | None:
    """``doc`` (the ``"r"`` of ``payload`` with its ``"id"``) as exports read it, or None
    when it is left out. ``payload``'s bytes say cheaply whether anything needs a look."""
    if type(doc) is not dict:
        doc_id = payload_id(payload).decode(errors="replace")
        problem = 'it is no response (not one JSON object with an "r" object in it)'
        odd.note(path, offset, doc_id, problem, left_out=True)
        return None
    answers = doc.get("answers", _NO_ANSWERS)
    if type(answers) is not dict:
        problem = f"its answers are {_kind(answers)}, not a JSON object"
        odd.note(path, offset, doc.get("id"), problem, left_out=True)
        return None
    get = doc.get
    if (  # every record the collector wrote: nothing more to look at
        type(get("id")) is str
        and type(get("version", "")) is str
        and type(get("date", "")) is str
        and type(get("language", "")) is str
        and get("removed_by_hr") is None
    ):
        return doc
    problems = _field_problems(doc)
    if problems:
        odd.note(path, offset, doc.get("id"), "; ".join(problems), left_out=False)
    return doc


def left_out(payload: bytes) -> bool:
    """Whether exports and the report leave out the record stored as ``payload``: the rule
    of :func:`parse_odd` and :func:`read_record`, read no further. The HR area's start page
    counts by it, so that its number of responses is the exports' (and says how many
    records it could not read)."""
    # Once per stored record on the start page's first load: json.loads' own work around
    # its scanner is a third of it (as in store_format.decode_response). A whole payload
    # in UTF-8, no white space around, is what json.loads would read; anything else goes
    # through json.loads itself, so the answer is always json.loads'.
    try:
        text = payload.decode()
        obj, end = scan_json(text, 0)
        whole = end == len(text)
    except (ValueError, StopIteration, RecursionError):
        whole = False
    if not whole:
        try:
            obj = json.loads(payload)
        except (ValueError, RecursionError):  # not UTF-8, not JSON, nested too deeply
            return True
    doc = obj.get("r") if type(obj) is dict else None
    return type(doc) is not dict or type(doc.get("answers", _NO_ANSWERS)) is not dict


def parse_odd(payload: bytes) -> Any:
    """The ``"r"`` of a payload the store's quick read did not take, with its ``"id"``, or
    None when it is no JSON object with an ``"r"`` object (``read_record`` leaves it out)."""
    try:
        obj = json.loads(payload)
    except (ValueError, RecursionError):  # not UTF-8, not JSON, nested too deeply
        return None
    if type(obj) is not dict or type(obj.get("r")) is not dict:
        return None
    doc = obj["r"]
    doc["id"] = obj.get("id")
    # Bytes no UTF-8 has (a surrogate written raw): json.loads reads them as one.
    return clean_value(doc)


def _field_problems(doc: dict) -> list[str]:
    """Put right in ``doc`` the fields of the wrong type (read as missing); say which."""
    problems = []
    doc_id = doc.get("id")
    if type(doc_id) is not str:
        doc["id"] = "" if doc_id is None else clean_text(str(doc_id))
        problems.append(f"its id is {_kind(doc_id)}")
    version = doc.get("version")
    if version is not None and type(version) is not str:
        if type(version) is int:  # digits that lost their quotes
            doc["version"] = str(version)
        else:
            del doc["version"]
            problems.append(f"its version is {_kind(version)}: read with the current form")
    for name, instead in (("date", "no date"), ("language", "the form's language")):
        value = doc.get(name)
        if value is not None and type(value) is not str:
            del doc[name]
            problems.append(f"its {name} is {_kind(value)}: read as {instead}")
    removed = doc.get("removed_by_hr")
    if removed is not None and not (
        type(removed) is list and all(type(qid) is str for qid in removed)
    ):
        kept = [qid for qid in removed if type(qid) is str] if type(removed) is list else []
        doc["removed_by_hr"] = kept
        problems.append(f"its removed_by_hr is {_kind(removed)}: only its question IDs kept")
    return problems


def clean_text(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def utf8(text: str) -> bytes:
    """``text`` as UTF-8, a lone surrogate (``"\\ud800"`` in a stored answer) as U+FFFD.

    Looked for only when the encoding fails: a check on every record read cost exports
    and reports several per cent of their time for what a hand edit alone leaves."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return clean_text(text).encode("utf-8")


def clean_value(value: Any) -> Any:
    """``value`` (parsed JSON) with every lone surrogate in its strings and keys replaced."""
    stack: list[Any] = []
    value = _cleaned(value, stack)
    while stack:
        container = stack.pop()
        items = container.items() if type(container) is dict else enumerate(container)
        updates = [(k, _cleaned(v, stack)) for k, v in items]
        if type(container) is dict:
            container.clear()
            container.update((clean_text(k), v) for k, v in updates)
        else:
            container[:] = [v for _, v in updates]
    return value


def _cleaned(value: Any, stack: list[Any]) -> Any:
    if type(value) is str:
        return clean_text(value)
    if type(value) in (dict, list):
        stack.append(value)
    return value


def _kind(value: Any) -> str:
    """What a JSON value is, in words (never the value: it may be an answer)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"
