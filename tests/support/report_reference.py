"""The report's rules for code answers, written plainly: one answer at a time.

``report_pass`` counts a record's code answers (ratings, the 0-10 question, one-answer
questions) through a table per form version, for speed. This is what that table must
come to, answer by answer, as the pass counted before round 30 (and, since round 33, a
"prefer not to say" ticked among several choices by a version that asked otherwise counts
as one): a test compares the two over records with every kind of value.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from collector import model
from collector.model import Question

PNTS = model.PREFER_NOT_TO_SAY
SCORED_TYPES = (model.RATING, model.RECOMMEND)
ONE_TYPES = (model.SINGLE_CHOICE, model.DROPDOWN, model.YES_NO)


def scale(q: Question) -> list[str]:
    """The codes a scored question counts (``report_measures.Layout``)."""
    return [c.value for c in q.choices] or [str(v) for v in range(11)]


def _given(value: Any) -> bool:
    """Whether an answer left out is one the export shows: no blank, no "prefer not to
    say" among several choices (a lone one is counted as "prefer not to say" before)."""
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list):
        return bool(value) and PNTS not in value
    return True


def reference_counts(
    records: Iterable[Mapping[str, Any]],
    questions: list[Question],
    other_scale: Mapping[str, frozenset[str]],
    typed: Mapping[str, frozenset[str]],
) -> dict[str, Any]:
    """Per scored and one-answer question: (values, answered, "prefer not to say"); the
    responses with a rating answer; the answers left out as given on another scale."""
    by_id = {q.id: q for q in questions if q.type in SCORED_TYPES + ONE_TYPES}
    scored = {q.id for q in by_id.values() if q.type in SCORED_TYPES and scale(q)}
    values: dict[str, Counter] = {qid: Counter() for qid in by_id}
    answered: Counter = Counter()
    pnts: Counter = Counter()
    left_out: Counter = Counter()
    rated = 0
    for record in records:
        version = record.get("version", "")
        typed_here = typed.get(version, typed.get("", frozenset()))
        gave_rating = False
        for name, value in (record.get("answers") or {}).items():
            q = by_id.get(name)
            if q is None or value is None:
                continue
            if name in scored:
                if value == PNTS and name not in typed_here:
                    pnts[name] += 1  # "prefer not to say" on any scale
                elif version in other_scale.get(name, ()):
                    if isinstance(value, list) and PNTS in value:
                        pnts[name] += 1  # ticked when it was multiple choice (round 33)
                    else:
                        left_out[name] += _given(value)
                elif isinstance(value, str) and value in scale(q):
                    values[name][value] += 1
                    answered[name] += 1
                    gave_rating = gave_rating or q.type == model.RATING
                elif value == PNTS and name not in typed_here:
                    pnts[name] += 1
            elif value == PNTS:
                if name not in typed_here:
                    pnts[name] += 1
            elif isinstance(value, str) and value in q.choice_values():
                values[name][value] += 1
                answered[name] += 1
        rated += gave_rating
    return {
        "questions": {qid: (+values[qid], answered[qid], pnts[qid]) for qid in by_id},
        "rated": rated,
        "left_out": +left_out,
    }
