"""Fuzzing the collector: whatever is posted, no server error, and only what fits is kept.

Posts are made from the real compiled forms (the example questionnaires, and one that uses
every question type, with an older version archived): valid answers first, then mutated in
the ways browsers, bots and hand-made requests mutate them. Every answer is checked against
the compiled form by its own rules here, not by ``collector.validation``; exports and the
report then run over everything that was stored.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import os
import re
import shutil
import tempfile
import time
import uuid
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote_from_bytes

import openpyxl
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from collector import create_app, export, export_xlsx
from collector.builder import build_site
from collector.conditions import applicable_questions
from collector.dataset import open_dataset
from collector.model import (
    CHOICE_TYPES,
    DATE,
    LONG_TEXT,
    MULTIPLE_CHOICE,
    NUMBER,
    OTHER_TEXT_LIMIT,
    OTHER_VALUE,
    PREFER_NOT_TO_SAY,
    TEXT_TYPES,
    Form,
    Question,
)
from collector.report import build_page
from collector.report_stats import GROUPING_TYPES
from collector.validation import UnknownFields, validate

MONTH = time.strftime("%Y-%m", time.gmtime())
EXAMPLES = Path(__file__).resolve().parent.parent / "questionnaires"
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", 25)),
    phases=tuple(Phase) if "FUZZ_EXAMPLES" not in os.environ else (Phase.generate, Phase.target),
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: The validation layer alone is fast: it gets many more examples.
FUZZ_MANY = settings(FUZZ, max_examples=FUZZ.max_examples * 8)

TYPES = """---
title: All types
language: {language}
slug: types-{language}
translation: types-{other}.md
privacy: Only HR reads the answers. Taking part is voluntary.
---

## Start {{#start_section}}

### Pick one {{#one}}
- type: single choice
- required: yes
- choices:
  - a: A
  - b: B
- other: yes
- prefer not to say: yes

### Pick some {{#some}}
- type: multiple choice
- choices:
  - a: A
  - b: B
{extra_choice}- other: Something else
- prefer not to say: yes

### Agree? {{#agree}}
- type: yes/no

## Details {{#details}}
show if: agree = yes

### Hours a week {{#hours}}
- type: {hours_type}
{hours_settings}- prefer not to say: yes

### Days off left {{#days_off}}
- type: number
- min: -20
- max: 100
- step: 0.5

### Last day {{#last_day}}
- type: date
{month_only}
### Start month {{#start}}
- type: date
- month only: yes
- prefer not to say: yes

### Score {{#score}}
- type: {score}
- prefer not to say: yes

### Department {{#dept}}
- type: {dept_type}
- choices:
  - x: X
  - y: Y
- prefer not to say: yes

## Follow-ups {{#follow_ups}}

### Name one thing {{#thing}}
- type: short text
- max length: 10
- required: yes
- show if: one = a

### Tell us more {{#note}}
- type: long text
- max length: 50
- show if: some includes b and not one = b
- prefer not to say: yes

### Perks {{#perks}}
- type: {perks}
{removed}{new}"""

CURRENT = {
    "extra_choice": "",
    "hours_type": "number",
    "hours_settings": "- min: 0\n- max: 60\n",
    "month_only": "",
    "dept_type": "dropdown",
    "score": "rating\n- scale: quality",
    "perks": "multiple choice\n- choices:\n  - x: X\n  - y: Y\n- other: yes",
    "removed": "",
    "new": "\n### Recommend us? {#nps}\n- type: recommend\n",
}
#: The version before: other types, a choice and a question since removed, no 'nps'.
OLD = {
    "extra_choice": "  - c: C\n",
    "hours_type": "short text",
    "hours_settings": "- max length: 20\n",
    "month_only": "- month only: yes\n",
    "dept_type": "multiple choice",
    "score": "number\n- min: 0\n- max: 10",
    "perks": "number",
    "removed": "\n### Gone since {#gone}\n- type: short text\n",
    "new": "",
}


def write_types(folder: Path, parts: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for language, other in (("en", "nl"), ("nl", "en")):
        text = TYPES.format(language=language, other=other, **parts)
        if language == "nl":  # the same questions, "translated"
            text = re.sub(
                r"^(###? .*?|privacy: .*?|title: .*?)( \{#|$)", r"\1 (nl)\2", text, flags=re.M
            )
        (folder / f"types-{language}.md").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The examples and the all-types questionnaire built, plus the old version's forms."""
    root = tmp_path_factory.mktemp("fuzz")
    write_types(root / "old", OLD)
    build_site(root / "old", root / "old-output", accept_ids=True)
    sources = root / "questionnaires"
    sources.mkdir()
    for source in EXAMPLES.glob("*.md"):
        shutil.copy(source, sources / source.name)
    write_types(sources, CURRENT)
    build_site(sources, root / "output", accept_ids=True)
    return {"root": root, "output": root / "output", "old": root / "old-output"}


def fresh_app(site: dict[str, Path], data_dir: Path):
    """A collector with an empty store that has seen the old version of the types forms."""
    for language in ("en", "nl"):
        slug = f"types-{language}"
        text = (site["old"] / slug / "form.json").read_text(encoding="utf-8")
        version = json.loads(text)["version"]
        (data_dir / "forms" / slug).mkdir(parents=True, exist_ok=True)
        (data_dir / "forms" / slug / f"{version}.json").write_text(text, encoding="utf-8")
    return create_app(
        {"TESTING": True, "OUTPUT_DIR": site["output"], "DATA_DIR": data_dir, "RATE_LIMIT": 10000}
    )


def forms_of(site: dict[str, Path]) -> dict[str, list[Form]]:
    """Every slug's forms, the current one first."""
    found = {}
    for slug in ("exit-en", "exit-nl", "types-en", "types-nl"):
        versions = [site["output"] / slug / "form.json", site["old"] / slug / "form.json"]
        found[slug] = [
            Form.from_dict(json.loads(p.read_text(encoding="utf-8")))
            for p in versions
            if p.exists()
        ]
    return found


# -- what people and programs post -----------------------------------------------------------

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


# -- what must hold --------------------------------------------------------------------------


class Fields(HTMLParser):
    """The values a form page fills in: typed text, ticked boxes, selected options."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.values: dict[str, list[str]] = {}
        self._textarea: str | None = None
        self._select: str | None = None
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "input" and a.get("type") in ("text", None):
            if "value" in a:
                self.values.setdefault(a["name"], []).append(a["value"])
        elif tag == "input" and "checked" in a:
            self.values.setdefault(a["name"], []).append(a["value"])
        elif tag == "textarea":
            self._textarea = a["name"]
            self.values.setdefault(a["name"], []).append("")
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and "selected" in a and self._select:
            self.values.setdefault(self._select, []).append(a.get("value", ""))
        elif tag == "a" and a.get("href", "").startswith("#"):
            self.links.append(a["href"][1:])

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea][-1] += data


def typed_fields(form: Form) -> set[str]:
    names = {q.other_field for q in form.questions if q.other_label is not None}
    return names | {q.id for q in form.questions if q.type not in CHOICE_TYPES}


def check_page_gives_everything_back(page: str, form: Form, sent: dict[str, list[str]]) -> None:
    fields = Fields()
    fields.feed(page)
    shown = fields.values
    for q in form.questions:
        for name in (q.id, q.other_field):
            values = sent.get(name, [])
            if name == q.id and q.type not in CHOICE_TYPES:
                values = [v for v in values if v != PREFER_NOT_TO_SAY]
            if name in typed_fields(form) and values and values[0]:
                kept = shown.get(name, [])
                if q.type == LONG_TEXT and name == q.id:  # the newline after <textarea>
                    kept = [v.removeprefix("\n") for v in kept]
                assert values[0] in kept, (name, values)
            elif name == q.id and q.type in CHOICE_TYPES:
                offered = set(q.choice_values())
                ticked = [v for v in shown.get(name, []) if v]
                if q.type == MULTIPLE_CHOICE or len(set(values)) == 1:
                    assert set(ticked) == {v for v in values if v in offered}, (name, values)
        if q.prefer_not_to_say and q.type not in CHOICE_TYPES:
            ticked = PREFER_NOT_TO_SAY in shown.get(q.id, [])
            assert ticked == (PREFER_NOT_TO_SAY in sent.get(q.id, [])), q.id
    for name in validate(form, sent).errors:
        assert name in fields.links, (name, fields.links)


def check_record(record: dict, versions: dict[str, Form]) -> None:
    """A stored response fits the form version it names, by the form's own rules."""
    assert set(record) == {"id", "form", "version", "language", "date", "answers"}
    form = versions[record["version"]]
    assert record["language"] == form.language
    answers = record["answers"]
    as_lists = {k: v if isinstance(v, list) else [v] for k, v in answers.items()}
    applicable = {q.id: q for q in applicable_questions(form, as_lists)}
    known = {q.id for q in form.questions} | {q.other_field for q in form.questions}
    assert set(answers) <= known, set(answers) - known
    for q in form.questions:
        value = answers.get(q.id)
        if q.id not in applicable:
            assert value is None and q.other_field not in answers, q.id
            continue
        if value is None:
            assert not q.required, q.id
            assert q.other_field not in answers
            continue
        check_answer(q, value, answers.get(q.other_field))


def plain_text(value: object, limit: int) -> None:
    assert isinstance(value, str) and value == value.strip() and value, repr(value)
    assert len(value) <= limit and "\x00" not in value and "\r" not in value, repr(value)
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in value), repr(value)


def check_answer(q: Question, value: object, other: object) -> None:
    typed = q.type in TEXT_TYPES and q.prefer_not_to_say is None  # the code, typed as text
    if (value == PREFER_NOT_TO_SAY or value == [PREFER_NOT_TO_SAY]) and not typed:
        assert q.prefer_not_to_say is not None and other is None, q.id
        assert isinstance(value, list) == (q.type == MULTIPLE_CHOICE), q.id
        return
    if q.type in CHOICE_TYPES:
        chosen = value if q.type == MULTIPLE_CHOICE else [value]
        assert isinstance(chosen, list) and chosen and len(set(chosen)) == len(chosen), value
        assert set(chosen) <= set(q.choice_values()) - {PREFER_NOT_TO_SAY}, value
        if other is not None:
            assert OTHER_VALUE in chosen
            plain_text(other, OTHER_TEXT_LIMIT)
    elif q.type in TEXT_TYPES:
        assert other is None
        plain_text(value, q.max_length or 0)
    elif q.type == NUMBER:
        assert isinstance(value, int | float) and not isinstance(value, bool), repr(value)
        assert value == value and abs(value) != float("inf")
        assert q.min is None or value >= q.min, value
        assert q.max is None or value <= q.max, value
        steps = (value - (q.min or 0)) / (q.step or 1)
        assert abs(steps - round(steps)) < 1e-9, value
    elif q.type == DATE:
        assert isinstance(value, str)
        day = dt.date.fromisoformat(value + "-01" if q.month_only else value)
        assert len(value) == (7 if q.month_only else 10) and 1900 <= day.year <= 2100, value


def not_json(constant: str) -> None:
    raise AssertionError(f"{constant} is not JSON")


def check_exports_and_report(app, slug: str) -> None:
    state = app.extensions["exit_survey"]
    slugs = [slug[:-3] + "-en", slug[:-3] + "-nl"]
    for family_slug in slugs:  # three of each: enough for the report to show them
        for record in list(state.store.responses(family_slug)):
            record = {k: v for k, v in record.items() if k != "id"}
            for _ in range(2):
                state.store.add(family_slug, record, submission_id=uuid.uuid4().hex, month=MONTH)
    count = sum(state.store.count(s) for s in slugs)
    table = export.Export(open_dataset(state.forms, state.store, slug))
    for excel_nl in (False, True):
        text = b"".join(export.csv_chunks(table, excel_nl=excel_nl)).decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";" if excel_nl else ","))
        assert len(rows) == 1 + count
        b"".join(export.codebook_csv_chunks(table, excel_nl=excel_nl))
    data = json.loads(b"".join(export.json_chunks(table)), parse_constant=not_json)
    assert len(data["responses"] if isinstance(data, dict) else data) == count
    json.loads(export.codebook_json(table))
    book = io.BytesIO()
    export_xlsx.write_xlsx(table, book)
    with zipfile.ZipFile(book) as archive:
        assert archive.testzip() is None
    sheet = openpyxl.load_workbook(book, read_only=True).worksheets[0]
    assert sum(1 for _ in sheet.iter_rows()) == 1 + count
    questions = table.dataset.questions()
    groupable = [q.id for q in questions if q.type in GROUPING_TYPES and q.choices]
    for breakdown, split_by in [(None, None), *zip(groupable, reversed(groupable), strict=True)]:
        page = build_page(
            app,
            slug,
            breakdown=breakdown,
            split_by=split_by,
            k=3,
            kt=3,
            inline_css=True,
            today=dt.date(2099, 1, 1),
        )
        assert "<html" in page


SLUGS = ["exit-en", "exit-nl", "types-en", "types-nl"]


@st.composite
def posts(draw, forms: dict[str, list[Form]]) -> list[tuple[str, bytes, str, bool]]:
    """Posts to any of the forms: (slug, body, content type, as the script sends it)."""
    found = []
    for _ in range(draw(st.integers(1, 6))):
        slug = draw(st.sampled_from(SLUGS))
        versions = forms[slug]
        pairs = draw(mutated(versions[0], versions[1] if len(versions) > 1 else None))
        body, content_type = encode(pairs, draw(ENCODINGS))
        found.append((slug, body, content_type, draw(st.booleans())))
    return found


def test_fuzz_posts_never_fail_and_keep_only_what_fits(site) -> None:
    forms = forms_of(site)
    versions = {f.version: f for fs in forms.values() for f in fs}
    run(site, forms, versions)


def run(site, forms, versions) -> None:
    @FUZZ
    @given(posts(forms), st.integers(0, 2**32))
    def fuzz(batch, address: int) -> None:
        with tempfile.TemporaryDirectory() as folder:
            app = fresh_app(site, Path(folder) / "data")
            client = app.test_client()
            seen: set[str] = set()
            for n, (slug, body, content_type, script) in enumerate(batch):
                headers = {"Accept": "application/json"} if script else {}
                ip = f"10.{address % 250}.{n}.{(address >> 8) % 250}"
                response = client.post(
                    f"/submit/{slug}", data=body, content_type=content_type or None,
                    headers=headers, environ_base={"REMOTE_ADDR": ip},
                )  # fmt: skip
                status = response.status_code
                allowed = {303, 422, 400, 413, 429} | (
                    {415} if "form" not in content_type else set()
                )
                if script:
                    allowed = (allowed - {303}) | {200}
                assert status in allowed, (status, response.get_data(as_text=True)[-3000:])
                page = response.get_data(as_text=True)
                assert "Traceback" not in page
                if status == 422 and not script:
                    sent = submitted(body, content_type)
                    used = _form_used(app, slug, sent)
                    check_page_gives_everything_back(page, used, sent)
                elif status == 422:
                    items = response.json["errors"]
                    assert items and all(i["field"] and i["message"] for i in items)
            state = app.extensions["exit_survey"]
            for slug in SLUGS:
                records = list(state.store.responses(slug))
                for record in records:
                    if record["id"] not in seen:
                        check_record(record, versions)
                        seen.add(record["id"])
            for slug in ("exit-en", "types-nl"):
                check_exports_and_report(app, slug)
            state.store.close()

    fuzz()


def _form_used(app, slug: str, sent: dict[str, list[str]]) -> Form:
    forms = app.extensions["exit_survey"].forms
    version = (sent.get("_version") or [""])[0]
    used = forms.version(slug, version) or forms.current(slug)
    try:
        validate(used, sent)
    except ValueError:
        return forms.current(slug)
    return used


def as_fields(pairs: list[tuple[str, str | bytes]]) -> dict[str, list[str]]:
    """``pairs`` as the server reads a urlencoded post of them."""
    body, content_type = encode(pairs, "urlencoded")
    return submitted(body, content_type)


def test_fuzz_validation_keeps_only_what_fits(site) -> None:
    """The fast layer, without HTTP: many more examples of the checks themselves."""
    forms = forms_of(site)
    cases = st.sampled_from([fs for fs in forms.values()]).flatmap(
        lambda fs: st.tuples(st.sampled_from(fs), mutated(fs[0], fs[1] if len(fs) > 1 else None))
    )

    @FUZZ_MANY
    @given(cases)
    def fuzz(case) -> None:
        form, pairs = case
        fields = as_fields(pairs)
        try:
            result = validate(form, fields)
        except UnknownFields:
            return
        if result.ok:
            record = {"id": "x", "form": form.slug, "version": form.version}
            check_record(
                {**record, "language": form.language, "date": "", "answers": result.answers},
                {form.version: form},
            )
        else:
            known = {q.id for q in form.questions} | {q.other_field for q in form.questions}
            assert set(result.errors) <= known and all(result.errors.values())

    fuzz()


NOTATION = st.one_of(
    st.sampled_from(NUMBERS + DATES),
    st.text("0123456789-/., +eExX_\u00a0\u066b\u0660٢", max_size=14),
    st.from_regex(r"\A[0-9]{1,4}[-/. ][0-9]{1,4}([-/. ][0-9]{1,4})?\Z"),
    st.from_regex(r"\A[0-9]{0,2} ?[A-Za-z]{2,10}\.? [0-9]{1,2},? [0-9]{4}\Z"),
)


def test_fuzz_numbers_and_dates_in_every_notation(site) -> None:
    """Each number and date question of both languages, every version, any notation."""
    forms = [f for slug in ("types-en", "types-nl") for f in forms_of(site)[slug]]
    cases = [(f, q) for f in forms for q in f.questions if q.type in (NUMBER, DATE)]

    @FUZZ_MANY
    @given(st.sampled_from(cases), NOTATION)
    def fuzz(case, typed: str) -> None:
        form, q = case
        fields = {"one": ["a"], "thing": ["x"], "agree": ["yes"], q.id: [typed]}
        result = validate(form, fields)
        if result.ok and q.id in result.answers:
            check_answer(q, result.answers[q.id], None)
        else:
            assert set(result.errors) <= {q.id}

    fuzz()
