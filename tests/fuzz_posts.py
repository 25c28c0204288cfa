"""What people and programs post to the collector, as Hypothesis strategies.

Made from the compiled forms: answers a browser showing the form could send, then mutated
the ways browsers, bots and hand-made requests mutate them, and encoded as each kind of
body a client may send. Used by ``test_fuzz_collector``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from urllib.parse import quote_from_bytes

from hypothesis import strategies as st
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from collector.conditions import applicable_questions
from collector.model import (
    CHOICE_TYPES,
    DATE,
    MULTIPLE_CHOICE,
    NUMBER,
    OTHER_VALUE,
    PREFER_NOT_TO_SAY,
    TEXT_TYPES,
    Form,
    Question,
)

NASTY = [
    "",
    " ",
    "\t\n ",
    "\u00a0",
    "\u3000",
    "\u200b",
    "\u200f",
    "\u202e",
    "\ufeff",
    "\u200d",
    "e\u0301",
    "\u0301",
    "🎉",
    "👩‍👩‍👧",
    "\x00",
    "a\x00b",
    "\r\n",
    "\r",
    "<script>alert(1)</script>",
    '"><b>x</b>',
    "&amp;",
    "{{ 7*7 }}",
    "=1+1",
    "prefer_not_to_say",
    "other",
    "x" * 600,
    "ü" * 2100,
    "\U0001f600" * 40,
]
NUMBERS = [
    "1e3", "0x10", " 12 ", "١٢", "1.000", "1,000", "-0", "+0", "NaN", "nan", "inf", "-inf",
    "Infinity", "12.", ".5", "0.5", "0,5", "2.25", "12,5", "1_000", "１２", "12 000", "99999999999999999999",
    "000012", "1.000.000", "1.000,5", "-20", "-20.5", "100", "100.5", "60", "61", "0", "-1", "1/2",
    "½", "12abc", "٫5", "1e-3", "−5", "\u200f12", "12\u200b",
]  # fmt: skip
DATES = [
    "2026-03-31", "31-03-2026", "31/03/2026", "03/31/2026", "03/04/2026", "00/05/2026",
    "0/0/2026", "5/0/2026", "2026-02-30", "2026-13-01", "2026-00-10", "1899-12-31", "2101-01-01",
    "2026-03", "03-2026", "maart 2026", "31 december 2026", "Dec 31, 2026", "mrt 2026",
    "31.12.2026", "2026/3/5", "2026 3 5", "٢٠٢٦-03-31", "2026-03-31T10:00", "20260331", "26-3-31",
    "31 2026", "dec", "2026", "3/2026/4", "31 dec dec 2026", "29-02-2024", "29-02-2025", "sept 2026",
    "2026-W10", "-2026-01-01", "2026-1-1", "1-1-2026",
]  # fmt: skip
texts = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=30),
    st.text(st.characters(codec="utf-8"), max_size=10),
    st.sampled_from(NUMBERS + DATES),
)
raw_bytes = st.one_of(
    st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xe9t\xe9", b"\xc0\xaf", b"a\x80b"]),
    st.binary(max_size=8),
)


def field_values(q: Question, form: Form) -> st.SearchStrategy[dict[str, list[str]]]:
    """Answers a browser showing ``form`` could send for ``q``."""
    pnts = [PREFER_NOT_TO_SAY] if q.prefer_not_to_say else []
    if q.type in CHOICE_TYPES:
        plain = [c.value for c in q.choices] + ([OTHER_VALUE] if q.other_label else [])
        if q.type == MULTIPLE_CHOICE:
            picks = st.one_of(
                st.lists(st.sampled_from(plain), min_size=1, max_size=4, unique=True),
                st.just(pnts or plain[:1]),
            )
        else:
            picks = st.sampled_from(plain + pnts).map(lambda v: [v])

        def with_other(chosen: list[str]):
            if OTHER_VALUE not in chosen:
                return st.just({q.id: chosen})
            text = st.text(min_size=1, max_size=40).filter(str.strip)
            return text.map(lambda t: {q.id: chosen, q.other_field: [t]})

        return picks.flatmap(with_other)
    if q.type in TEXT_TYPES:
        typed = st.text(min_size=1, max_size=q.max_length or 0).filter(str.strip)
    elif q.type == NUMBER:
        typed = numbers_in(q, form.language)
    elif q.type == DATE:
        typed = dates_in(q, form.language)
    else:
        raise AssertionError(q.type)
    if pnts:
        typed = st.one_of(typed, st.just(PREFER_NOT_TO_SAY))
    return typed.map(lambda v: {q.id: [v]})


def numbers_in(q: Question, language: str) -> st.SearchStrategy[str]:
    step = q.step or 1
    low = q.min if q.min is not None else -1000
    high = q.max if q.max is not None else 1000
    start = q.min if q.min is not None else 0
    first, last = math.ceil((low - start) / step), math.floor((high - start) / step)
    number = st.integers(first, last).map(lambda k: start + k * step)

    def written(n: float) -> st.SearchStrategy[str]:
        text = str(int(n)) if n == int(n) else repr(n)
        comma = text.replace(".", ",")
        return st.sampled_from([text, comma, f" {text} ", f"+{text}" if n >= 0 else text])

    return number.filter(lambda n: low <= n <= high).flatmap(written)


MONTHS = {
    "en": "January February March April May June July August September October November December",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
}


def dates_in(q: Question, language: str) -> st.SearchStrategy[str]:
    def written(day: dt.date) -> st.SearchStrategy[str]:
        name = MONTHS[language].split()[day.month - 1]
        if q.month_only:
            ways = [f"{day:%Y-%m}", f"{day:%m-%Y}", f"{name} {day.year}", f"{name[:3]} {day.year}"]
        else:
            ways = [f"{day:%Y-%m-%d}", f"{day.day} {name} {day.year}", f"{day:%Y/%m/%d}"]
            if language == "nl" or day.day > 12 or day.day == day.month:
                ways.append(f"{day:%d-%m-%Y}")
        return st.sampled_from(ways)

    return st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)).flatmap(written)


def valid_post(form: Form) -> st.SearchStrategy[list[tuple[str, str]]]:
    """Answers to every question, each kept or left out, in form order."""
    parts = [
        field_values(q, form) if q.required else st.one_of(st.just({}), field_values(q, form))
        for q in form.questions
    ]

    def applicable(answers: tuple[dict[str, list[str]], ...]) -> list[tuple[str, str]]:
        given = {k: vs for d in answers for k, vs in d.items()}
        shown = {q.id for q in applicable_questions(form, given)}
        return [(k, v) for q, d in zip(form.questions, answers, strict=True) if q.id in shown
                for k, vs in d.items() for v in vs]  # fmt: skip

    return st.tuples(*parts).map(applicable)


@st.composite
def mutated(draw, form: Form, old: Form | None) -> list[tuple[str, str | bytes]]:
    """A valid post to ``form`` or its ``old`` version, then changed in up to four ways."""
    current = form
    if old is not None and draw(st.booleans()):
        form = old  # a page loaded before the questionnaire changed
    pairs: list[tuple[str, str | bytes]] = list(draw(valid_post(form)))
    names = sorted({q.id for q in form.questions} | {q.other_field for q in form.questions})
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 1, 2, 3, 4]))):
        how = draw(st.integers(0, 11))
        name = draw(st.sampled_from(names))
        if how == 0:  # unknown field
            pairs.append((draw(st.sampled_from(["x", "one__other2", "_x", "gone", "1"])), "a"))
        elif how == 1 and pairs:  # a field repeated, same or other value
            i = draw(st.integers(0, len(pairs) - 1))
            pairs.append((pairs[i][0], draw(st.one_of(st.just(pairs[i][1]), texts))))
        elif how == 2:  # every field repeated
            pairs = pairs + pairs
        elif how == 3 and pairs:  # one value replaced
            i = draw(st.integers(0, len(pairs) - 1))
            pairs[i] = (pairs[i][0], draw(typed_wrongly(form, pairs[i][0])))
        elif how == 4:  # a field of the form with any value
            pairs.append((name, draw(typed_wrongly(form, name))))
        elif how == 5:  # "prefer not to say" beside an answer
            pairs.append((name.removesuffix("__other"), PREFER_NOT_TO_SAY))
        elif how == 6:  # the "other" text alone
            others = [q for q in form.questions if q.other_label is not None]
            if others:
                pairs.append((draw(st.sampled_from(others)).other_field, draw(texts)))
        elif how == 7 and pairs:  # one answer left out
            del pairs[draw(st.integers(0, len(pairs) - 1))]
        elif how == 8:  # answers to questions that may not apply
            follow = [q for q in form.questions if q.show_if is not None]
            follow += [q for s in form.sections if s.show_if for q in form.questions_in(s)]
            if follow:
                q = draw(st.sampled_from(follow))
                pairs += [(k, v) for k, vs in draw(field_values(q, form)).items() for v in vs]
        elif how == 9:
            pairs.append(("_trap", draw(st.sampled_from(["", " ", "bot", "\x00"]))))
        elif how == 10:
            pairs.append(("_submission", draw(st.sampled_from(["", "short", "a" * 20, "é" * 20]))))
        else:
            draw(st.randoms()).shuffle(pairs)
    version = draw(
        st.sampled_from(
            [form.version] * 4
            + [current.version, None, "", "0" * 12, "../forms", "ß" * 12, "a" * 300]
        )
    )
    if version is not None:
        pairs.insert(draw(st.integers(0, len(pairs))), ("_version", version))
    return pairs


def typed_wrongly(form: Form, name: str) -> st.SearchStrategy[str | bytes]:
    """Anything, but mostly what goes wrong in a field like ``name``."""
    kind = next((q.type for q in form.questions if q.id == name), None)
    likely = {NUMBER: NUMBERS, DATE: DATES}.get(kind, NASTY + NUMBERS)
    return st.one_of(st.sampled_from(likely), st.sampled_from(likely), texts, raw_bytes)


def as_bytes(value: str | bytes) -> bytes:
    return value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")


def encode(pairs: list[tuple[str, str | bytes]], how: str) -> tuple[bytes, str]:
    """The body and content type of a post of ``pairs``."""
    if how.startswith("urlencoded"):
        body = "&".join(
            f"{quote_from_bytes(as_bytes(k))}={quote_from_bytes(as_bytes(v))}" for k, v in pairs
        ).encode()
        if how == "urlencoded-raw":  # bytes as they are, not percent-encoded
            body = b"&".join(
                as_bytes(k) + b"=" + as_bytes(v).replace(b"&", b"%26") for k, v in pairs
            )
        types = {
            "urlencoded": "application/x-www-form-urlencoded",
            "urlencoded-latin1": "application/x-www-form-urlencoded; charset=ISO-8859-1",
            "urlencoded-raw": "application/x-www-form-urlencoded; charset=utf-8",
            "urlencoded-upper": "APPLICATION/X-WWW-FORM-URLENCODED",
        }
        return body, types[how]
    if how == "multipart":
        boundary = b"----fuzzBoundary7MA4YWxkTrZu0gW"
        chunks = []
        for k, v in pairs:
            name = as_bytes(k).replace(b'"', b"%22")
            chunks.append(
                b"--"
                + boundary
                + b'\r\nContent-Disposition: form-data; name="'
                + name
                + b'"\r\n\r\n'
            )
            chunks.append(as_bytes(v) + b"\r\n")
        body = b"".join(chunks) + b"--" + boundary + b"--\r\n"
        return body, "multipart/form-data; boundary=" + boundary.decode()
    body = json.dumps([[k, v if isinstance(v, str) else v.hex()] for k, v in pairs]).encode()
    return body, {"json": "application/json", "text": "text/plain", "none": ""}[how]


ENCODINGS = st.sampled_from(
    ["urlencoded"] * 6
    + ["multipart"] * 2
    + ["urlencoded-latin1", "urlencoded-raw", "urlencoded-upper", "json", "text", "none"]
)


def submitted(body: bytes, content_type: str) -> dict[str, list[str]]:
    """The fields as the server reads them (what a 422 page must give back)."""
    builder = EnvironBuilder(method="POST", data=body, content_type=content_type or None)
    return Request(builder.get_environ()).form.to_dict(flat=False)
