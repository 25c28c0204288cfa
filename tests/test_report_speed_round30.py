"""Round 30: the report's first pass made faster, counting and reading exactly as before.

The pass counts a record's code answers through one table per form version, and the store
reads a line as it writes it without three calls per response; anything else takes the
old way. These tests hold both to the old results on records and lines of every shape:
the rules for code answers written plainly (tests/support/report_reference.py), and the
store's own functions for a line (``unframe``, ``decode_response``).
"""

from __future__ import annotations

import json
import os
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.report_reference import ONE_TYPES, SCORED_TYPES, reference_counts

from collector.report_stats import tally
from collector.store import ResponseStore
from collector.store_format import StoreError, decode_response, frame, trailer, unframe

VALUES = [
    None, True, False, 0, 1, 4, 2.5, "", " ", "1", "3", "5", "7", "10", "0", "x",
    "prefer_not_to_say", "voluntary", "dismissed", "other", "it", "finance", "yes", "maybe",
    ["3"], ["prefer_not_to_say"], [], {"a": "3"},
]  # fmt: skip
VERSIONS = ["v1", "v2", "", None]
#: v1 asked 'manager' and 'department' as text boxes: a "prefer_not_to_say" there was typed.
TYPED = {"v1": frozenset({"manager", "department"}), "": frozenset({"tenure"})}
#: v2 asked 'culture' on another scale: its answers are left out.
OTHER_SCALE = {"culture": frozenset({"v2"})}


def _fields(app) -> list[str]:
    form = app.extensions["exit_survey"].forms.current("exit-en")
    counted = [q.id for q in form.questions if q.type in SCORED_TYPES + ONE_TYPES]
    return [*counted, "improve", "reasons", "not_a_question"]


def _records(fields: list[str]) -> st.SearchStrategy:
    answers = st.dictionaries(st.sampled_from(fields), st.sampled_from(VALUES), max_size=12)
    record = st.fixed_dictionaries(
        {"answers": answers, "date": st.sampled_from(["2025-01", "2025-05", "2025"])},
        optional={"version": st.sampled_from(VERSIONS)},
    )
    return st.lists(record, max_size=40)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_code_answers_count_as_the_rules_say_one_by_one(app, data) -> None:
    """Ratings, the 0-10 question and one-answer questions, with typed "prefer not to say",
    another scale, and values of every JSON type: the same counts as one answer at a time."""
    form = app.extensions["exit_survey"].forms.current("exit-en")
    questions = list(form.questions)
    records = data.draw(_records(_fields(app)))
    split = next(q for q in questions if q.id == "departure")
    part = next(q for q in questions if q.id == "department")
    counted = tally(
        records, questions, split, part, other_scale=OTHER_SCALE, typed=TYPED, typed_before={}
    )
    expected = reference_counts(records, questions, OTHER_SCALE, TYPED)
    got = {
        qid: (+Counter(counted.questions[qid].values), counted.questions[qid].answered,
              counted.questions[qid].preferred_not)
        for qid in expected["questions"]
    }  # fmt: skip
    assert got == expected["questions"]
    assert counted.overall[1] == expected["rated"]
    assert +counted.other_scale == expected["left_out"]
    # The groups of the split and of the breakdown are the same people, summed either way
    # (the quarters leave out a date by year).
    for dimension in ("split", "breakdown"):
        groups = counted.dimensions[dimension].values()
        summed = [sum(c[i] for c in groups) for i in range(len(counted.overall))]
        assert summed == counted.overall


def _line_shapes() -> list[bytes]:
    """Stored lines the store did not write this way, each still one response or damage."""
    body = json.dumps({"form": "exit-en", "date": "2025-01", "answers": {"improve": "ü"}})
    payload = f'{{"id":"{"a" * 32}","r":{body}}}'.encode()
    crc = b"%08x" % int(frame(payload)[:8], 16)
    return [
        frame(payload),  # as written, pretty JSON inside
        frame(payload)[:-1] + b"\r\n",  # CRLF, from an editor
        crc.upper() + frame(payload)[8:],  # the CRC in capitals
        frame(payload + b"  "),  # white space after the object
        frame(b'{"id":"b","r":{"answers":{"improve":"\\u00fc"},"big":123456789012345678901}}'),
    ]


def test_lines_of_other_shapes_read_as_the_stores_own_functions_read_them(tmp_path) -> None:
    store = ResponseStore(tmp_path / "data")
    folder = tmp_path / "data" / "exit-en"
    folder.mkdir(parents=True, exist_ok=True)
    lines = _line_shapes()
    (folder / "2025-01.jsonl").write_bytes(b"".join(lines) + trailer(len(lines)))
    os.chmod(folder / "2025-01.jsonl", 0o600)
    got = sorted(json.dumps(d, sort_keys=True) for d in store.responses("exit-en"))
    payloads = [unframe(line.rstrip(b"\n")) for line in lines]
    expected = sorted(json.dumps(decode_response(p), sort_keys=True) for p in payloads)
    assert got == expected and len(got) == len(lines)


@pytest.mark.parametrize(
    "payload",
    [
        b'{"id":"a","r":{"answers":{}}}{"id":"b","r":{}}',  # two objects: extra data
        b'{"id":"a","r":["not","a","record"]}',
        b'{"r":{"answers":{}}}',  # no id
        b'{"id":"a","r":null}',
        b'["id","r"]',
        b'{"id":"a","r":{"answers":{}}',  # cut short
    ],
)
def test_a_line_that_is_no_response_is_still_refused(tmp_path, payload: bytes) -> None:
    store = ResponseStore(tmp_path / "data")
    folder = tmp_path / "data" / "exit-en"
    folder.mkdir(parents=True, exist_ok=True)
    good = frame(b'{"id":"c","r":{"answers":{}}}')
    (folder / "2025-01.jsonl").write_bytes(good + frame(payload) + trailer(2))
    os.chmod(folder / "2025-01.jsonl", 0o600)
    with pytest.raises(StoreError, match="is not a response"):
        list(store.responses("exit-en"))
