"""The questionnaire model: what the builder compiles and everything downstream reads.

Data flows one way: the parser turns HR's Markdown into these frozen dataclasses, the
compiler writes them to ``form.json`` (``Form.to_dict``), and the collector, export and
report read them back with ``Form.from_dict``. Nothing here knows about Markdown or Flask.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

#: Bumped when the shape of form.json changes incompatibly.
FORM_FORMAT = 1

#: The value stored for "prefer not to say"; reserved, so no choice may use it.
PREFER_NOT_TO_SAY = "prefer_not_to_say"

#: Suffix of the extra field that holds the free text of an "other, namely ..." choice.
OTHER_SUFFIX = "__other"
#: Suffix of the export column of words typed when a question that is multiple choice now
#: was a text, number or date question (``export_typed``). A question ID has single
#: underscores only, so no question ID ends in it.
TYPED_SUFFIX = "__typed"
#: The value of the "other" choice itself.
OTHER_VALUE = "other"
#: Limit for the free text of an "other, namely ..." choice, in characters.
OTHER_TEXT_LIMIT = 500

#: Question types, as stored in form.json.
SINGLE_CHOICE = "single_choice"
MULTIPLE_CHOICE = "multiple_choice"
DROPDOWN = "dropdown"
SHORT_TEXT = "short_text"
LONG_TEXT = "long_text"
NUMBER = "number"
DATE = "date"
YES_NO = "yes_no"
RATING = "rating"
RECOMMEND = "recommend"

#: Types whose answer is one of a fixed list of choice values.
CHOICE_TYPES = (SINGLE_CHOICE, MULTIPLE_CHOICE, DROPDOWN, YES_NO, RATING, RECOMMEND)
TEXT_TYPES = (SHORT_TEXT, LONG_TEXT)


@dataclass(frozen=True)
class Choice:
    """One answer option; ``value`` is the stable code stored and exported."""

    value: str
    label: str


@dataclass(frozen=True)
class Condition:
    """A parsed ``show if`` expression; never evaluated with eval.

    ``op`` is one of ``equals``, ``in``, ``not``, ``and``, ``or``. ``equals`` and ``in`` test
    the answer of ``question``: for multiple choice they mean "includes".
    """

    op: str
    question: str | None = None
    values: tuple[str, ...] = ()
    conditions: tuple[Condition, ...] = ()

    def questions(self) -> set[str]:
        """Every question ID this condition reads."""
        found = {self.question} if self.question else set()
        for sub in self.conditions:
            found |= sub.questions()
        return found

    def to_dict(self) -> dict[str, Any]:
        if self.op in ("equals", "in"):
            return {"op": self.op, "question": self.question, "values": list(self.values)}
        if self.op == "not":
            return {"op": "not", "condition": self.conditions[0].to_dict()}
        return {"op": self.op, "conditions": [c.to_dict() for c in self.conditions]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Condition:
        op = data["op"]
        if op in ("equals", "in"):
            return cls(op=op, question=data["question"], values=tuple(data["values"]))
        if op == "not":
            return cls(op="not", conditions=(cls.from_dict(data["condition"]),))
        return cls(op=op, conditions=tuple(cls.from_dict(c) for c in data["conditions"]))


@dataclass(frozen=True)
class Question:
    """One question as the leaver sees it and the collector validates it.

    Texts (``text``, ``hint``) are plain text; ``*_html`` are their sanitised Markdown
    renderings. ``group``/``group_text`` are set on questions expanded from a statement
    block, which share one introductory heading and one scale.
    """

    id: str
    type: str
    text: str
    text_html: str
    section: str
    required: bool = False
    hint: str = ""
    hint_html: str = ""
    choices: tuple[Choice, ...] = ()
    other_label: str | None = None
    prefer_not_to_say: str | None = None
    max_length: int | None = None
    min: float | None = None
    max: float | None = None
    step: float | None = None
    month_only: bool = False
    low_label: str | None = None
    high_label: str | None = None
    show_if: Condition | None = None
    group: str | None = None
    group_text: str | None = None
    group_html: str | None = None
    line: int = 0

    @property
    def other_field(self) -> str:
        """Name of the free-text field that goes with the "other" choice."""
        return self.id + OTHER_SUFFIX

    def choice_values(self) -> tuple[str, ...]:
        """Every value a submission may carry for this question."""
        values = tuple(c.value for c in self.choices)
        if self.other_label is not None:
            values += (OTHER_VALUE,)
        if self.prefer_not_to_say is not None:
            values += (PREFER_NOT_TO_SAY,)
        return values

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["choices"] = [asdict(c) for c in self.choices]
        data["show_if"] = self.show_if.to_dict() if self.show_if else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Question:
        data = dict(data)
        data["choices"] = tuple(Choice(**c) for c in data.get("choices", ()))
        cond = data.get("show_if")
        data["show_if"] = Condition.from_dict(cond) if cond else None
        return cls(**data)


@dataclass(frozen=True)
class Section:
    """A heading that groups questions; may be shown only when a condition holds."""

    id: str
    title: str
    intro_html: str = ""
    show_if: Condition | None = None
    question_ids: tuple[str, ...] = ()
    line: int = 0

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["question_ids"] = list(self.question_ids)
        data["show_if"] = self.show_if.to_dict() if self.show_if else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Section:
        data = dict(data)
        data["question_ids"] = tuple(data.get("question_ids", ()))
        cond = data.get("show_if")
        data["show_if"] = Condition.from_dict(cond) if cond else None
        return cls(**data)


@dataclass(frozen=True)
class Form:
    """A compiled questionnaire in one language.

    ``translations`` maps a language code to the slug of the same questionnaire in that
    language; all of them share question IDs and choice values. ``version`` is a content
    hash of everything else, so it changes exactly when the compiled form changes.
    """

    slug: str
    language: str
    title: str
    source: str
    intro_html: str = ""
    privacy_html: str = ""
    thank_you_html: str = ""
    #: Whom to ask about the survey (front matter 'contact:'), shown on every page of it.
    contact_html: str = ""
    translations: dict[str, str] = field(default_factory=dict)
    #: The page's own words for a language without built-in ones (texts-<language>.yml,
    #: see collector/texts_file.py), by part: "page", "answers", "messages", "conditions".
    #: Empty for English and Dutch, whose words are built in.
    texts: dict[str, Any] = field(default_factory=dict)
    sections: tuple[Section, ...] = ()
    questions: tuple[Question, ...] = ()
    version: str = ""
    #: HR closed it (front matter 'closed: yes'): built as a page that says so, with no
    #: form, and refused by the collector; its answers stay in the HR area and exports.
    closed: bool = False

    @property
    def translation_group(self) -> list[str]:
        """The slugs of this questionnaire and its translations, sorted: the forms that
        share a draft in the browser (form.html's ``data-draft``)."""
        return sorted({self.slug, *self.translations.values()})

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def questions_in(self, section: Section) -> list[Question]:
        wanted = set(section.question_ids)
        return [q for q in self.questions if q.id in wanted]

    def conditions_of(self, question: Question) -> list[Condition]:
        """The conditions that decide whether ``question`` is asked: its section's and its
        own (none: everyone who answers this version is asked it)."""
        section = next((s for s in self.sections if s.id == question.section), None)
        return [c for c in (section.show_if if section else None, question.show_if) if c]

    def section_of(self, question: Question) -> Section:
        for s in self.sections:
            if s.id == question.section:
                return s
        raise KeyError(question.section)

    def to_dict(self) -> dict[str, Any]:
        data = {
            "format": FORM_FORMAT,
            "slug": self.slug,
            "language": self.language,
            "version": self.version,
            "title": self.title,
            "source": self.source,
            "intro_html": self.intro_html,
            "privacy_html": self.privacy_html,
            "thank_you_html": self.thank_you_html,
            "translations": dict(sorted(self.translations.items())),
            "sections": [s.to_dict() for s in self.sections],
            "questions": [q.to_dict() for q in self.questions],
        }
        if self.contact_html:
            # Only when given: a form without a contact keeps its form.json and its version
            # exactly as before the setting existed.
            data["contact_html"] = self.contact_html
        if self.texts:
            data["texts"] = self.texts
        if self.closed:
            data["closed"] = True
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Form:
        return cls(
            slug=data["slug"],
            language=data["language"],
            title=data["title"],
            source=data["source"],
            intro_html=data.get("intro_html", ""),
            privacy_html=data.get("privacy_html", ""),
            thank_you_html=data.get("thank_you_html", ""),
            contact_html=data.get("contact_html", ""),
            translations=dict(data.get("translations", {})),
            texts=dict(data.get("texts", {})),
            sections=tuple(Section.from_dict(s) for s in data.get("sections", ())),
            questions=tuple(Question.from_dict(q) for q in data.get("questions", ())),
            version=data.get("version", ""),
            closed=bool(data.get("closed", False)),
        )

    def compute_version(self) -> str:
        """Content hash of the compiled form, ignoring the version field itself.

        Source line numbers and the source path are left out: moving a question down a
        line or renaming the file is not a new version of the questionnaire.
        """
        data = self.to_dict()
        data.pop("version")
        data.pop("source")
        # The page's own words are no part of the questionnaire: as with English and Dutch,
        # whose words are built in, a better translation of "Send answers" is no new version.
        data.pop("texts", None)
        # Closing is no new version: the questions are the same, and a version made on the
        # day HR closed (or reopened) would date every answer given on either side of it.
        data.pop("closed", None)
        for q in data["questions"]:
            q.pop("line")
        for s in data["sections"]:
            s.pop("line")
        canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


def form_to_json(form: Form) -> str:
    """The exact text of form.json: deterministic, so identical input gives identical bytes."""
    return json.dumps(form.to_dict(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def form_from_json(text: str) -> Form:
    return Form.from_dict(json.loads(text))


def versions_asking(
    questions: Iterable[Question], versions: Iterable[Form], asked_so: Callable[[str, str], bool]
) -> dict[str, frozenset[str]]:
    """question id -> the form versions (any language) whose question of that ID was asked
    so that ``asked_so(its type now, its type then)`` is true, for each of ``questions``:
    which stored answers the report and the export read apart after a type change."""
    now = {q.id: q.type for q in questions}
    found: dict[str, set[str]] = {}
    for form in versions:
        for asked in form.questions:
            if asked.id in now and asked_so(now[asked.id], asked.type):
                found.setdefault(asked.id, set()).add(form.version)
    return {qid: frozenset(found[qid]) for qid in found}
