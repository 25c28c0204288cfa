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
import os
import re
import shutil
import tempfile
import time
import uuid
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from fuzz_posts import (
    DATES,
    ENCODINGS,
    NUMBERS,
    encode,
    mutated,
    submitted,
)
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

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
from collector.validation import RepeatedFields, UnknownFields, validate

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
    for family_slug in slugs:  # five of each: enough for the report to show them
        for record in list(state.store.responses(family_slug)):
            record = {k: v for k, v in record.items() if k != "id"}
            for _ in range(4):
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
            k=5,
            kt=5,
            inline_css=True,
            today=dt.date(2099, 1, 1),
            notices=[],  # as in the HR area: a question not everyone was asked is a notice
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
        except (UnknownFields, RepeatedFields):
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
