"""Choice codes across form versions: one way to count an answer, whatever version was used.

HR may drop or rename a choice (``logistics`` becomes ``warehouse``); responses made with an
older version keep the old code. If one view counted such answers as a group of their own
and another as "no answer", a group hidden in one would be the difference of two numbers
shown in the other. So every view counts through the same :class:`Codes`: a code the
current question offers is its own group; a code that only earlier versions offered goes
to one group, :data:`EARLIER` ("No longer offered (Logistics)"), which exists exactly when
an earlier version had such a code, whatever the responses hold, so that its presence says
nothing about them; a code no version ever offered is not an answer and counts as none.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from . import model
from .model import Form, Question

#: The group of answers with a code the current question no longer offers.
EARLIER = "*earlier"
#: Questions whose answers are choice codes that the report counts per code.
COUNTED_TYPES = (model.SINGLE_CHOICE, model.MULTIPLE_CHOICE, model.DROPDOWN, model.YES_NO)


@dataclass(frozen=True)
class Codes:
    """How the stored codes of one choice question are counted."""

    groups: Mapping[str, str]  # stored code -> the group it counts in (itself or EARLIER)
    earlier: tuple[str, ...] = ()  # labels of the choices only earlier versions offered
    #: form version -> the groups that version offered; a version not listed offered all.
    offered: Mapping[str, frozenset[str]] = field(default_factory=dict)


def current_codes(question: Question) -> Codes:
    """The codes of ``question`` alone ("prefer not to say" is never a group)."""
    values = [c for c in question.choice_values() if c != model.PREFER_NOT_TO_SAY]
    return Codes({c: c for c in values})


def choice_codes(
    versions: Iterable[Form],
    questions: list[Question],
    language: str,
    left_out: Mapping[str, frozenset[str]] = {},
) -> dict[str, Codes]:
    """question id -> :class:`Codes`, from every version of the questionnaire in any language.

    Labels of earlier choices are taken in ``language`` where a version in it had them.
    A version in ``left_out`` (question id -> versions whose answers to it the report
    leaves out: ``report_versions.asked_with_other_codes``) offered no choice of it: a
    rating's "Fair" is no choice "No longer offered", none of its answers being counted.
    """
    wanted = {q.id for q in questions if q.type in COUNTED_TYPES}
    labels: dict[str, dict[str, dict[str, str]]] = {qid: {} for qid in wanted}
    offered: dict[str, dict[str, set[str]]] = {qid: {} for qid in wanted}
    for form in versions:
        for q in form.questions:
            if q.id not in wanted or form.version in left_out.get(q.id, ()):
                continue
            pairs = [(c.value, c.label) for c in q.choices]
            if q.other_label is not None:
                pairs.append((model.OTHER_VALUE, q.other_label))
            for code, label in pairs:
                labels[q.id].setdefault(code, {}).setdefault(form.language, label)
            offered[q.id][form.version] = {code for code, _ in pairs}
    out = {}
    for q in questions:
        if q.id not in wanted:
            continue
        codes = current_codes(q)
        earlier = {c: by_lang for c, by_lang in labels[q.id].items() if c not in codes.groups}
        groups = {**codes.groups, **dict.fromkeys(earlier, EARLIER)}
        out[q.id] = Codes(
            groups,
            tuple(_label(by_lang, language) for by_lang in earlier.values()),
            {
                version: frozenset(groups[c] for c in version_codes if c in groups)
                for version, version_codes in offered[q.id].items()
            },
        )
    return out


def _label(by_language: Mapping[str, str], language: str) -> str:
    return by_language.get(language) or next(iter(by_language.values()))
