"""What the form templates are given: one plain view object per question, section and
error, so that the markup contract (ids, names, ``aria-describedby``, condition notes) is
decided here, in one place, and the templates stay declarative (``render.py`` renders).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from . import model
from .conditions import describe
from .model import Condition, Form, Question, Section
from .text import number_text

_FIELDSET_TYPES = {
    model.SINGLE_CHOICE: "radio",
    model.MULTIPLE_CHOICE: "checkbox",
    model.YES_NO: "radio",
    model.RATING: "radio",
    model.RECOMMEND: "radio",
}

Answers = Mapping[str, Sequence[str]]

#: A form with this many sections and questions or more gets a contents list: 60
#: questions in 10 sections are 14,000 px on a phone. The example questionnaires (7
#: sections, 19 questions) stay as they are: a list would cost them 300 bytes of their
#: 10 KiB budget, for a form a leaver scrolls through in a minute.
CONTENTS_MIN_SECTIONS = 5
CONTENTS_MIN_QUESTIONS = 30


@dataclass
class Option:
    """One radio, checkbox or select option."""

    id: str
    value: str
    label: str
    checked: bool
    divider: bool = False  # an "or" divider goes before this option
    other: bool = False  # the "other" choice: its text box follows directly


@dataclass
class QuestionView:
    """A question with everything its markup needs."""

    q: Question
    control: str  # "fieldset", "select", "textarea" or "input"
    input_type: str = ""
    label: Markup = field(default_factory=Markup)
    optional: bool = False
    show_if: dict[str, Any] | None = None
    condition_note: str = ""
    hint: Markup = field(default_factory=Markup)
    extra_hints: list[str] = field(default_factory=list)
    char_limit: str = ""
    error: str = ""
    value: str = ""
    options: list[Option] = field(default_factory=list)
    has_other: bool = False
    other_value: str = ""
    other_error: str = ""
    other_max: int = 0  # characters the "other" box takes, and the hint that says so
    other_limit: str = ""
    layout: str = ""  # "inline" (yes/no) or "scale" (0-10), else stacked
    describedby: str = ""
    attrs: dict[str, str] = field(default_factory=dict)
    #: "Prefer not to say" as a checkbox beside a text, number or date field.
    pnts: str = ""
    pnts_checked: bool = False
    #: An optional radio question without "prefer not to say": the words of an empty
    #: choice that takes a mistaken click back (shown once an answer is chosen).
    clear: str = ""

    @property
    def other_show_if(self) -> dict[str, Any]:
        """The "other" text box applies when the "other" choice is selected."""
        return {"op": "equals", "question": self.q.id, "values": [model.OTHER_VALUE]}


@dataclass
class GroupView:
    """Statements sharing one heading (a statement block); each is its own question."""

    heading: Markup
    questions: list[QuestionView]


@dataclass
class SectionView:
    section: Section
    progress: str
    show_if: dict[str, Any] | None
    condition_note: str
    items: list[QuestionView | GroupView]
    #: The heading's id, for the contents list's link; "" on a form without contents.
    anchor: str = ""


@dataclass
class ContentsEntry:
    """One line of the contents list: a link to a section's heading."""

    anchor: str
    text: str
    #: "only if ...": the section's condition in words, as its own note says it.
    note: str = ""
    #: The section's condition: with the script, the entry shows only when it applies.
    show_if: dict[str, Any] | None = None


@dataclass
class ErrorLink:
    target: str  # element id to link to, "" when the error belongs to no field
    message: str


def _inline_html(html: str, text: str) -> Markup:
    """Sanitised inline HTML for a legend/label/heading, or the escaped plain text."""
    if not html:
        return escape(text)
    html = html.strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


def error_list(form: Form, errors: Mapping[str, str]) -> list[ErrorLink]:
    """Errors in form order, each linking to the first input of its field."""
    listed: list[ErrorLink] = []
    seen: set[str] = set()
    for q in form.questions:
        for name in (q.id, q.other_field):
            if name in errors:
                listed.append(ErrorLink(name, errors[name]))
                seen.add(name)
    listed += [ErrorLink("", msg) for name, msg in errors.items() if name not in seen]
    return listed


def condition_note(form: Form, condition: Condition | None, key: str, t: dict) -> str:
    if condition is None:
        return ""
    return t[key].format(condition=describe(condition, form))


def section_views(
    form: Form, views: dict[str, QuestionView], t: dict[str, str]
) -> list[SectionView]:
    result = []
    total = len(form.sections)
    long = total >= CONTENTS_MIN_SECTIONS and len(form.questions) >= CONTENTS_MIN_QUESTIONS
    for number, section in enumerate(form.sections, start=1):
        items: list[QuestionView | GroupView] = []
        for q in form.questions_in(section):
            view = views[q.id]
            last = items[-1] if items else None
            if q.group and isinstance(last, GroupView) and last.questions[-1].q.group == q.group:
                last.questions.append(view)
            elif q.group:
                heading = _inline_html(q.group_html or "", q.group_text or "")
                items.append(GroupView(heading, [view]))
            else:
                items.append(view)
        progress = t["section_progress"].format(n=number, t=total) if total > 1 else ""
        note = condition_note(form, section.show_if, "section_only_if", t)
        if note and items:
            # Going from field to field skips the note above them: the section's first
            # question is described by it too (question IDs have no "-", so it is unique).
            first = items[0].questions[0] if isinstance(items[0], GroupView) else items[0]
            first.describedby = f"{section.id}--cond {first.describedby}".rstrip()
        result.append(
            SectionView(
                section=section,
                progress=progress,
                show_if=section.show_if.to_dict() if section.show_if else None,
                condition_note=note,
                items=items,
                # "--h" as "--cond": question IDs and the ids made from them have no "--".
                anchor=f"{section.id}--h" if long else "",
            )
        )
    return result


def contents(form: Form, sections: Sequence[SectionView], t: dict[str, str]) -> list[ContentsEntry]:
    """The contents list of a long form, one entry per section; empty for a short one.

    A section shown only to some leavers is listed with its condition in words (without
    the script, every section is on the page) and with the condition itself: enhance.js
    hides the entry with its section, deciding the contents after the questions."""
    return [
        ContentsEntry(
            anchor=s.anchor,
            text=s.section.title or s.progress,
            note=t["contents_only_if"].format(condition=describe(s.section.show_if, form))
            if s.section.show_if
            else "",
            show_if=s.show_if,
        )
        for s in sections
        if s.anchor
    ]


def question_view(
    form: Form,
    q: Question,
    answers: Answers,
    errors: Mapping[str, str],
    t: dict[str, str],
    *,
    not_applying: bool = False,
) -> QuestionView:
    """What the templates need of one question. ``not_applying``: it was answered but does
    not apply to the other answers (a page sent back without JavaScript)."""
    given = list(answers.get(q.id, ()))
    # The marker is the ticked "prefer not to say" box, not the words in the field; in a
    # field without that box the same letters are words the leaver typed, shown as typed.
    marker = model.PREFER_NOT_TO_SAY if q.prefer_not_to_say is not None else None
    view = QuestionView(
        q=q,
        control="input",
        label=_inline_html(q.text_html, q.text),
        optional=not q.required,
        show_if=q.show_if.to_dict() if q.show_if else None,
        condition_note=condition_note(form, q.show_if, "only_if", t),
        hint=Markup(q.hint_html) if q.hint_html else escape(q.hint),
        error=errors.get(q.id, ""),
        value=next((g for g in given if g != marker), ""),
        other_value=(list(answers.get(q.other_field, ())) or [""])[0],
        other_error=errors.get(q.other_field, ""),
    )
    if q.type in _FIELDSET_TYPES or q.type == model.DROPDOWN:
        view.options = _options(q, given)
        view.has_other = q.other_label is not None
        if view.has_other:
            view.other_max = model.OTHER_TEXT_LIMIT
            view.other_limit = t["char_limit"].format(n=view.other_max)
    else:  # text, number, date: "prefer not to say" is a checkbox beside the field
        view.pnts = q.prefer_not_to_say or ""
        view.pnts_checked = model.PREFER_NOT_TO_SAY in given
    if q.type in _FIELDSET_TYPES:
        view.control = "fieldset"
        view.input_type = _FIELDSET_TYPES[q.type]
        # A radio cannot be unticked: without this a leaver who clicked one by mistake
        # could only give some other answer. "Prefer not to say", where there is one,
        # already does the job. A required question gets it too where it was answered but
        # does not apply: the message there says to choose it (not_applying.py).
        no_pnts = q.prefer_not_to_say is None
        if view.input_type == "radio" and no_pnts and (view.optional or not_applying):
            view.clear = t["no_answer"]
        if q.type == model.MULTIPLE_CHOICE and t["select_all"].lower() not in q.hint.lower():
            view.extra_hints.append(t["select_all"])
        if q.type == model.RECOMMEND:
            view.layout = "scale"
        elif len(view.options) == 2 and all(len(o.label) <= 12 for o in view.options):
            view.layout = "inline"
        if q.type in (model.RECOMMEND, model.RATING):
            view.extra_hints += [x for x in (q.low_label, q.high_label) if x]
    elif q.type == model.DROPDOWN:
        view.control = "select"
    elif q.type == model.LONG_TEXT:
        view.control = "textarea"
    else:
        # Numbers and dates too, with a hint, as GOV.UK advises: a browser's number or
        # date control sends nothing for what it cannot read ("1,5" in an English
        # browser, a date typed in another order), so the answer was lost without a
        # word; the collector reads what was typed and says what is wrong.
        view.input_type = "text"
        if q.type in (model.NUMBER, model.DATE):
            # A box as wide as the answer it expects: a full-width box for a number reads
            # as an invitation to write a sentence.
            view.attrs["class"] = "short"
        if q.type == model.NUMBER:
            _number_attrs(view, q, t, form.language)
        elif q.type == model.DATE:
            view.extra_hints.append(t["month_format" if q.month_only else "date_format"])
    if q.type in model.TEXT_TYPES and q.max_length:
        # Said before sending (WCAG 3.3.2), one line or several; the script counts down.
        view.char_limit = t["char_limit"].format(n=q.max_length)
    ids = []
    if view.condition_note:
        ids.append(f"{q.id}-cond")
    if view.hint or view.extra_hints:
        ids.append(f"{q.id}-hint")
    if view.error:
        ids.append(f"{q.id}-error")
    if view.char_limit:
        ids.append(f"{q.id}-info")
    view.describedby = " ".join(ids)
    return view


def _number_attrs(view: QuestionView, q: Question, t: dict[str, str], language: str) -> None:
    def _number(value: float) -> str:  # '0,5' on a Dutch page
        return number_text(value, language)

    whole = q.step is None or float(q.step).is_integer()
    whole = whole and all(x is None or float(x).is_integer() for x in (q.min, q.max))
    # A phone's number pad, which has no "-": the full keyboard if it may be negative.
    if q.min is not None and q.min >= 0:
        view.attrs["inputmode"] = "numeric" if whole else "decimal"
    # The step too: "12" is refused for a question in steps of 5, so it is said first.
    step = None if q.step is None or q.step == 1 else _number(q.step)
    if q.min is not None and q.max is not None:
        hint = t["number_range"].format(min=_number(q.min), max=_number(q.max))
    elif q.min is not None:
        hint = t["number_min"].format(min=_number(q.min))
    elif q.max is not None:
        hint = t["number_max"].format(max=_number(q.max))
    else:
        hint = t["number_any"] if step else ""
    if step:
        hint += t["number_step"].format(step=step)
    if hint:
        view.extra_hints.append(hint)


def _options(q: Question, given: Sequence[str]) -> list[Option]:
    """Choices, then "other", then (after an "or" divider) "prefer not to say"."""
    options = [Option("", c.value, c.label, c.value in given) for c in q.choices]
    if q.other_label is not None:
        options.append(
            Option("", model.OTHER_VALUE, q.other_label, model.OTHER_VALUE in given, other=True)
        )
    if q.prefer_not_to_say is not None:
        options.append(
            Option(
                "",
                model.PREFER_NOT_TO_SAY,
                q.prefer_not_to_say,
                model.PREFER_NOT_TO_SAY in given,
                divider=True,
            )
        )
    for number, option in enumerate(options, start=1):
        option.id = q.id if number == 1 else f"{q.id}-{number}"
    return options
