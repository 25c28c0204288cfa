"""Checking a submission against the compiled form it was made with.

The collector trusts nothing the browser sends: every field must belong to the form, every
value must be one the form offers, limits and required answers are checked, and conditions
are evaluated again so that answers to questions that do not apply are not kept (a leaver
without JavaScript sees every question and may fill in some that do not apply to them: they
are asked about, see ``not_applying.py``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from . import model, not_applying
from .conditions import applicable_questions
from .date_input import YEARS, date_readings, real_date
from .english_words import marked
from .model import Form, Question
from .text import number_text
from .typed_digits import plain_date, plain_number
from .ui_text import page_text
from .validation_text import MESSAGES

#: Fields the page adds besides the answers; never stored.
META_FIELDS = ("_version", "_submission", "_trap")
OTHER_TEXT_LIMIT = model.OTHER_TEXT_LIMIT
#: Control characters that have no place in an answer (tab and newline are kept), and the
#: two non-characters U+FFFE and U+FFFF, which no XML (so no xlsx export) may hold. And
#: U+FEFF, an invisible byte order mark pasted along with a text: the page's counter drops
#: it at either end (JavaScript's trim), so an answer the counter said fitted was refused.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\ufffe\uffff]")


class UnknownFields(ValueError):
    """The submission has fields this form does not have: not a person's mistake."""

    def __init__(self, fields: Sequence[str]) -> None:
        super().__init__("unknown fields: " + ", ".join(sorted(fields)[:10]))
        self.fields = tuple(fields)


class RepeatedFields(ValueError):
    """The submission sends a field more often than a page of the form does (two answers
    to one text or one single choice): no browser posts that, and which value is the
    answer cannot be told. Not a person's mistake. Only the names are kept, never a value."""

    def __init__(self, fields: Sequence[str]) -> None:
        super().__init__("fields sent more than once: " + ", ".join(sorted(fields)[:10]))
        self.fields = tuple(fields)


@dataclass
class Result:
    """A checked submission: clean ``answers`` to store, or ``errors`` per field to show."""

    answers: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def field_names(form: Form) -> set[str]:
    """Every field a page built from ``form`` can post."""
    names = set(META_FIELDS)
    for question in form.questions:
        names.add(question.id)
        if question.other_label is not None:
            names.add(question.other_field)
    return names


def repeated_fields(
    form: Form, raw: Mapping[str, Sequence[str]], *, own_page: bool = True
) -> list[str]:
    """The fields of ``raw`` sent more often than a page built from ``form`` sends them.

    A page sends each of its own fields, each single answer and each "other" box once,
    empty or not. A multiple choice sends each ticked box; a text, number or date with
    "prefer not to say" sends its box and, when ticked, that tick box under the same name
    (the letters of the tick's value typed in the box are still the one answer typed).
    Not ``own_page``: the post comes from a page of a version the collector never kept,
    where any question may have been a multiple choice or had its tick box; only the
    fields no page sends twice ("other" boxes, the page's own) count.
    """
    questions = {q.id: q for q in form.questions}
    repeated = []
    for name, values in raw.items():
        if len(values) < 2:
            continue
        question = questions.get(name)
        if question is not None and (question.type == model.MULTIPLE_CHOICE or not own_page):
            continue
        if (
            question is not None
            and question.type not in model.CHOICE_TYPES
            and question.prefer_not_to_say is not None
            and len(values) == 2
            and model.PREFER_NOT_TO_SAY in values
        ):
            continue
        repeated.append(name)
    return repeated


#: The most bytes one character can take in a form post: four UTF-8 bytes, percent-encoded.
_POSTED_BYTES_PER_CHARACTER = 12


def largest_submission(form: Form) -> int:
    """Bytes in the largest post a page of ``form`` can honestly make, doubled.

    Every text at its limit in the widest characters, every choice ticked. Doubled so that
    an answer far over its limit still gets its own message instead of a refusal.
    """
    size = 1024  # the page's own fields and separators
    for q in form.questions:
        size += 64 + len(q.id) * (1 + len(q.choices)) + sum(len(c.value) for c in q.choices)
        if q.max_length:
            size += q.max_length * _POSTED_BYTES_PER_CHARACTER
        if q.other_label is not None:
            size += OTHER_TEXT_LIMIT * _POSTED_BYTES_PER_CHARACTER
        if q.type in (model.NUMBER, model.DATE):
            size += 64
    return 2 * size


def clean_values(raw: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """Submitted values with line ends normalised, control characters removed, blanks dropped,
    composed (NFC)."""
    cleaned: dict[str, list[str]] = {}
    for name, values in raw.items():
        kept = []
        for value in values:
            text = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n")).strip()
            # One rule for "characters", here and in the page's counter (enhance.js): code
            # points of the composed text. "é" typed as e + U+0301 (a decomposing keyboard,
            # text pasted from a Mac) is one, as it looks, not two; the text is stored so,
            # so that a stored answer never holds more characters than its limit.
            text = unicodedata.normalize("NFC", text)
            if text:
                kept.append(text)
        if kept:
            cleaned[name] = kept
    return cleaned


def validate(form: Form, raw: Mapping[str, Sequence[str]], *, own_page: bool = True) -> Result:
    """Check ``raw`` (field name -> submitted values) against ``form``.

    Raises ``UnknownFields`` for fields the form does not have, ``RepeatedFields`` for
    fields sent more often than its page sends them (see :func:`repeated_fields` for a
    post that is not from ``form``'s ``own_page``: two answers to its question are then a
    person's, asked about). Person-made mistakes are returned as ``Result.errors``, keyed
    by the field to point at.
    """
    unknown = set(raw) - field_names(form)
    if unknown:
        raise UnknownFields(sorted(unknown))
    repeated = repeated_fields(form, raw, own_page=own_page)
    if repeated:
        raise RepeatedFields(repeated)
    values = read_values(form, raw)
    result = Result()
    words = form.texts.get("messages") or MESSAGES.get(form.language, MESSAGES["en"])
    # A message a texts file lacks is the English one: marked so on the page (english_words).
    words = marked(words, MESSAGES["en"], form.language)
    for name, question in not_applying.answered_but_not_applying(form, values):
        result.errors[name] = not_applying.message(name, question, words, page_text(form))
    for question in applicable_questions(form, values):
        given = values.get(question.id, [])
        error = _check(question, given, values, result, words, form.language)
        if error:
            result.errors[question.id] = error
    if result.errors:
        result.answers = {}
    return result


def read_values(form: Form, raw: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """The answers in ``raw`` as the collector reads them: the page's own fields left out,
    blanks dropped, and "other" ticked where its box holds text."""
    values = clean_values({k: v for k, v in raw.items() if k not in META_FIELDS})
    _imply_other(form, values)
    return values


def _imply_other(form: Form, values: dict[str, list[str]]) -> None:
    """Typing in the "other" box without ticking "other" means "other" (no-JS pages)."""
    for question in form.questions:
        if question.other_label is None or question.other_field not in values:
            continue
        chosen = values.get(question.id, [])
        # Text next to "prefer not to say" is a contradiction to ask about, not an answer.
        if model.OTHER_VALUE in chosen or model.PREFER_NOT_TO_SAY in chosen:
            continue
        if question.type == model.MULTIPLE_CHOICE or not chosen:
            values[question.id] = [*chosen, model.OTHER_VALUE]


def _check(
    question: Question,
    given: list[str],
    values: Mapping[str, list[str]],
    result: Result,
    words: Mapping[str, str],
    language: str,
) -> str | None:
    """Validate one applicable question; store its clean answer in ``result`` when fine."""
    q = question.text
    if not given:
        if question.required:
            key = "required_choice" if question.type in model.CHOICE_TYPES else "required_text"
            return words[key].format(q=q)
        return None
    if question.type in model.CHOICE_TYPES:
        return _check_choice(question, given, values, result, words)
    if question.prefer_not_to_say is not None and model.PREFER_NOT_TO_SAY in given:
        if any(v != model.PREFER_NOT_TO_SAY for v in given):
            return words["exclusive_text"].format(q=q, pnts=question.prefer_not_to_say)
        result.answers[question.id] = model.PREFER_NOT_TO_SAY
        return None
    if len(given) > 1:
        return words["one_value"].format(q=q)
    value = given[0]
    if question.type in model.TEXT_TYPES:
        limit = question.max_length or 0
        if len(value) > limit:
            return words["too_long"].format(q=q, n=limit, length=len(value))
        result.answers[question.id] = value
        return None
    if question.type == model.NUMBER:
        return _check_number(question, plain_number(value), result, words, language)
    if question.type == model.DATE:
        return _check_date(question, plain_date(value), result, words, language)
    raise AssertionError(question.type)


def _check_choice(
    question: Question,
    given: list[str],
    values: Mapping[str, list[str]],
    result: Result,
    words: Mapping[str, str],
) -> str | None:
    q = question.text
    allowed = question.choice_values()
    if any(v not in allowed for v in given):
        return words["unknown_choice"].format(q=q)
    if question.type != model.MULTIPLE_CHOICE and len(set(given)) > 1:
        other_text = values.get(question.other_field)
        if other_text and model.OTHER_VALUE in given:
            return words["other_without_choice"].format(q=q, other=question.other_label)
        return words["one_value"].format(q=q)
    chosen = list(dict.fromkeys(given))  # drop repeats, keep order
    if model.PREFER_NOT_TO_SAY in chosen and len(chosen) > 1:
        return words["exclusive"].format(q=q, pnts=question.prefer_not_to_say)
    other_text = values.get(question.other_field, [])
    if other_text and model.OTHER_VALUE not in chosen:
        # Someone typed in the "other" box but picked another answer: ask, never drop text.
        if question.type == model.MULTIPLE_CHOICE and model.PREFER_NOT_TO_SAY in chosen:
            return words["other_with_prefer_not"].format(
                other=question.other_label, pnts=question.prefer_not_to_say
            )
        return words["other_without_choice"].format(q=q, other=question.other_label)
    if other_text:
        text = other_text[0]
        if len(text) > OTHER_TEXT_LIMIT:
            # On the box itself, so that the error summary links to it, not to the choices.
            result.errors[question.other_field] = words["other_too_long"].format(
                q=q, n=OTHER_TEXT_LIMIT, length=len(text)
            )
            return None
        if model.OTHER_VALUE in chosen:
            result.answers[question.other_field] = text
    if question.type == model.MULTIPLE_CHOICE:
        order = {v: i for i, v in enumerate(allowed)}
        result.answers[question.id] = sorted(chosen, key=order.__getitem__)
    else:
        result.answers[question.id] = chosen[0]
    return None


#: A number as the form's number field sends it: digits, at most one decimal separator.
#: No exponents, no thousands separators, no more digits than a float keeps exactly.
_NUMBER_TEXT = re.compile(r"^[-+]?[0-9]{1,15}(?:[.,][0-9]{1,6})?$")
#: '1.000' or '12,500': one thousand in Dutch, one in English; '2.500' may be 2500 or 2.5.
#: The leaver is asked rather than one reading guessed (and stored) for them.
_ONE_GROUP = re.compile(r"^([-+]?[1-9][0-9]{0,2})[.,]([0-9]{3})$")
#: '1.000.000', '1,000,000', '10.000,50': thousands separators, whatever they were meant as.
_GROUPS = re.compile(
    r"^[-+]?[1-9][0-9]{0,2}(?:([.,])[0-9]{3})(?:\1[0-9]{3})*(?:(?!\1)[.,][0-9]+)?$"
)


def number_example(question: Question) -> Decimal:
    """A number ``question`` takes, for a message that shows one: 12 where it may be, else
    the step nearest the middle of its range (the one end it has). "Like 12" for a question
    from 0 to 5 sent the leaver (and a screen reader's listener, who hears the message but
    not the hint above it) a second refusal."""
    step = Decimal(str(question.step or 1))
    low = None if question.min is None else Decimal(str(question.min))
    high = None if question.max is None else Decimal(str(question.max))
    start = Decimal(0) if low is None else low
    twelve = Decimal(12)
    if (
        (low is None or low <= twelve)
        and (high is None or twelve <= high)
        and not (twelve - start) % step
    ):
        return twelve
    if low is not None and high is not None:
        middle = (low + high) / 2
    else:  # one end at most: 12 is past it, so the end itself
        middle = low if low is not None else high if high is not None else twelve
    # Down to a step from the start (the builder puts both ends on a step).
    return start + (middle - start) // step * step


def _check_number(
    question: Question, value: str, result: Result, words: Mapping[str, str], language: str
) -> str | None:
    q = question.text
    one_group = _ONE_GROUP.match(value)
    if one_group:
        whole, part = one_group.groups()
        plain = whole + part
        decimal = number_text(Decimal(f"{whole}.{part}").normalize(), language)
        return words["grouped_number"].format(q=q, plain=plain, decimal=decimal)
    groups = _GROUPS.match(value)
    if groups:
        separator = value[groups.start(1)]
        plain = Decimal(value.replace(separator, "").replace(",", "."))
        return words["thousands"].format(q=q, plain=number_text(plain, language))
    if not _NUMBER_TEXT.match(value):
        return words["not_number"].format(
            q=q, example=number_text(number_example(question), language)
        )
    number = Decimal(value.replace(",", "."))
    step = Decimal(str(question.step or 1))
    if step == step.to_integral_value() and number != number.to_integral_value():
        return words["whole_number"].format(q=q)
    if question.min is not None and number < Decimal(str(question.min)):
        return words["too_small"].format(q=q, n=number_text(question.min, language))
    if question.max is not None and number > Decimal(str(question.max)):
        return words["too_large"].format(q=q, n=number_text(question.max, language))
    start = Decimal(str(question.min)) if question.min is not None else Decimal(0)
    if (number - start) % step:
        return words["step"].format(q=q, n=number_text(question.step or 1, language))
    result.answers[question.id] = (
        int(number) if number == number.to_integral_value() else float(number)
    )
    return None


def _check_date(
    question: Question, value: str, result: Result, words: Mapping[str, str], language: str
) -> str | None:
    q = question.text
    readings = [r for r in date_readings(value, language) if r[0] in YEARS]
    if question.month_only:
        # A whole date is fine too: only its month is kept, as the question asks.
        months = {
            (y, m) for y, m, d in readings if 1 <= m <= 12 and (d is None or real_date(y, m, d))
        }
        if len(months) != 1:
            return words["bad_month"].format(q=q)
        year, month = months.pop()
        result.answers[question.id] = f"{year:04d}-{month:02d}"
        return None
    if not readings:
        return words["bad_date"].format(q=q)
    year, month, day = readings[0]
    if day is None:  # a month and a year
        return words["no_day" if 1 <= month <= 12 else "bad_date"].format(q=q)
    dates = [real_date(y, m, d or 0) for y, m, d in readings]
    if len(dates) == 2 and all(dates):  # the day and the month are both 1 to 12
        a, b = (d.isoformat() for d in dates if d)
        return words["which_date"].format(q=q, a=a, b=b)
    date = dates[0]  # with two readings, neither is a date: a 0 ('5/0/2026')
    if date is None:
        return words["no_such_date"].format(q=q, typed=value)
    result.answers[question.id] = date.isoformat()
    return None
