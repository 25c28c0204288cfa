"""Our compiled form as a page of each of three peer form libraries, for bench_page.py.

``write_peer_pages(form, site)`` writes ``site/peer-<name>/index.html`` for SurveyJS
(survey-core + survey-js-ui), Form.io (@formio/js) and JSON Editor
(@json-editor/json-editor), and copies each library's prebuilt browser files beside its
page, so the benchmark's local server sends them as a self-hosted deployment would. Each
page is what the library's own "plain HTML page" instructions give: its default theme,
its script tags in the head, the survey as one page with every section and question, in
the library's own schema, converted from our ``Form``. What a library cannot express is
printed once (``note:``) and left out, never faked with extra script.

The versions are pinned in ``package.json``/``package-lock.json`` beside this file; when
``node_modules`` is missing, ``npm ci`` installs exactly those.

``python bench/peers/peer_pages.py [--form form.json]`` checks the pages in headless
Chromium: every question of the example survey must be visible exactly when our own rules
(``collector.conditions``) say it applies, for the empty form and for answers that take
each branch of every condition (less the conditions a library could not express); it
counts the rendered controls and keeps a full-page screenshot of each in /tmp/peer-pages.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from collector import model  # noqa: E402
from collector.model import Condition, Form, Question, Section  # noqa: E402

NODE_MODULES = HERE / "node_modules"

#: Question types shown as a radio group (one answer from a fixed list).
_RADIO_TYPES = (model.SINGLE_CHOICE, model.YES_NO, model.RATING, model.RECOMMEND)


@dataclass
class Notes:
    """What a page leaves out: lines to print, and the IDs of questions and sections whose
    show-if the library cannot express (they are always shown there)."""

    lines: list[str] = field(default_factory=list)
    dropped: set[str] = field(default_factory=set)

    def drop(self, item: Question | Section, why: str) -> None:
        self.dropped.add(item.id)
        kind = "section" if isinstance(item, Section) else "question"
        self.lines.append(f"{kind} {item.id}: {why}; always shown")


#: A page builder returns the page and its files: name -> source under node_modules, or
#: the bytes of a file it made.
PageFiles = dict[str, str | bytes]
PageBuilder = Callable[[Form, Notes], tuple[str, PageFiles]]


@dataclass(frozen=True)
class Group:
    """Consecutive statements of one statement block: one heading, one rating each."""

    id: str
    text: str
    questions: tuple[Question, ...]


def _items(form: Form, section: Section) -> Iterator[Question | Group]:
    """The section's questions in order, statements of one block gathered in a Group."""
    pending: list[Question] = []
    for q in [*form.questions_in(section), None]:
        if pending and (q is None or q.group != pending[0].group):
            first = pending[0]
            yield Group(first.group or first.id, first.group_text or "", tuple(pending))
            pending = []
        if q is not None and q.group:
            pending.append(q)
        elif q is not None:
            yield q


def _choices(q: Question) -> list[tuple[str, str]]:
    """(value, label) of every option, "other" and "prefer not to say" last, as ours."""
    found = [(c.value, c.label) for c in q.choices]
    if q.other_label is not None:
        found.append((model.OTHER_VALUE, q.other_label))
    if q.prefer_not_to_say is not None:
        found.append((model.PREFER_NOT_TO_SAY, q.prefer_not_to_say))
    return found


def _plain(markup: str) -> str:
    """Text of sanitised HTML, for libraries whose descriptions are plain text."""
    text = re.sub(r"</p>\s*<p>", "\n\n", markup)
    return html.unescape(re.sub(r"<[^>]+>", "", text)).strip()


def _hint(q: Question) -> str:
    """The hint, plus the end labels of a 0-10 scale (ours prints them beside it)."""
    ends = ", ".join(x for x in (q.low_label, q.high_label) if x)
    return "; ".join(x for x in (q.hint, ends) if x)


def _script_json(data: Any) -> str:
    """JSON that can sit inside an inline <script> without ending it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def _page(form: Form, head: list[str], body: list[str]) -> str:
    """A page like plain_page's: same language, title, viewport; the library's tags."""
    return "\n".join(
        [
            f'<!doctype html><html lang="{form.language}"><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{html.escape(form.title)}</title>",
            *head,
            *body,
        ]
    )


def _header(form: Form) -> str:
    """Title, introduction and privacy statement: static HTML, the same on every page."""
    return f"<h1>{html.escape(form.title)}</h1>{form.intro_html}{form.privacy_html}"


# -- SurveyJS --------------------------------------------------------------------------

#: SurveyJS's "refuse to answer" item stores this value (settings.refuseItemValue).
_SURVEYJS_REFUSED = "refused"


def _surveyjs_literal(value: str) -> str:
    if value == model.PREFER_NOT_TO_SAY:
        value = _SURVEYJS_REFUSED
    if "'" in value or "\\" in value:
        raise ValueError(f"choice value {value!r} cannot be quoted in a SurveyJS expression")
    return f"'{value}'"


def _surveyjs_expression(cond: Condition) -> str:
    """Our condition in SurveyJS's expression language; ``anyof`` means "is one of" for a
    single answer and "includes one of" for checkboxes, as ours does."""
    if cond.op in ("equals", "in"):
        values = ", ".join(_surveyjs_literal(v) for v in cond.values)
        return f"{{{cond.question}}} anyof [{values}]"
    if cond.op == "not":
        return f"!({_surveyjs_expression(cond.conditions[0])})"
    return f" {cond.op} ".join(f"({_surveyjs_expression(c)})" for c in cond.conditions)


def _surveyjs_question(q: Question) -> list[dict[str, Any]]:
    out: dict[str, Any] = {"name": q.id, "title": q.text}
    hint = _hint(q)
    if hint:
        out["description"] = hint
    if q.required:
        out["isRequired"] = True
    if q.show_if:
        out["visibleIf"] = _surveyjs_expression(q.show_if)
    extra: list[dict[str, Any]] = []
    if q.type in model.CHOICE_TYPES:
        choices = [{"value": c.value, "text": c.label} for c in q.choices]
        if q.type == model.RECOMMEND and q.prefer_not_to_say is None:
            # The library's rating widget: 0-10 as a row of buttons, the end labels below.
            out |= {"type": "rating", "rateValues": choices}
            if q.low_label:
                out["minRateDescription"] = q.low_label
            if q.high_label:
                out["maxRateDescription"] = q.high_label
            out.pop("description", None)
            if q.hint:
                out["description"] = q.hint
            return [out]
        kind = {model.MULTIPLE_CHOICE: "checkbox", model.DROPDOWN: "dropdown"}.get(
            q.type, "radiogroup"
        )
        out |= {"type": kind, "choices": choices}
        if q.other_label is not None:  # its text box comes with it ("<id>-Comment")
            out |= {"showOtherItem": True, "otherText": q.other_label}
        if q.prefer_not_to_say is not None:
            out |= {"showRefuseItem": True, "refuseText": q.prefer_not_to_say}
        return [out]
    if q.type == model.LONG_TEXT:
        out["type"] = "comment"
    else:
        out["type"] = "text"
        if q.type == model.NUMBER:
            out["inputType"] = "number"
            for key in ("min", "max", "step"):
                if getattr(q, key) is not None:
                    out[key] = getattr(q, key)
        elif q.type == model.DATE:
            out["inputType"] = "month" if q.month_only else "date"
    if q.max_length:
        out["maxLength"] = q.max_length
    if q.prefer_not_to_say is not None:  # ours: a checkbox beside the field
        extra.append(
            {
                "type": "boolean",
                "name": f"{q.id}__pnts",
                "title": q.prefer_not_to_say,
                "renderAs": "checkbox",
                "titleLocation": "hidden",
                **({"visibleIf": out["visibleIf"]} if "visibleIf" in out else {}),
            }
        )
    return [out, *extra]


def surveyjs_schema(form: Form) -> dict[str, Any]:
    """The survey JSON: one page, a panel per section, a panel per statement block."""
    panels = []
    for section in form.sections:
        elements: list[dict[str, Any]] = []
        for item in _items(form, section):
            if isinstance(item, Group):
                inner = [e for q in item.questions for e in _surveyjs_question(q)]
                group = {"type": "panel", "name": f"group-{item.id}", "title": item.text}
                elements.append(group | {"elements": inner})
            else:
                elements += _surveyjs_question(item)
        panel: dict[str, Any] = {"type": "panel", "name": section.id, "title": section.title}
        if section.intro_html:
            panel["description"] = _plain(section.intro_html)
        if section.show_if:
            panel["visibleIf"] = _surveyjs_expression(section.show_if)
        panels.append(panel | {"elements": elements})
    return {
        "locale": form.language,
        "completeText": "Send",
        "pages": [{"name": "survey", "elements": panels}],
    }


_FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}")


def _unicode_ranges(text: str) -> list[tuple[int, int]]:
    """``u+0460-052f,u+20b4,u+1f??`` as inclusive (first, last) code points."""
    found = []
    for part in text.lower().replace(" ", "").split(","):
        part = part.removeprefix("u+")
        if "?" in part:
            found.append((int(part.replace("?", "0"), 16), int(part.replace("?", "f"), 16)))
        else:
            first, _, last = part.partition("-")
            found.append((int(first, 16), int(last or first, 16)))
    return found


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    return sum(max(0, min(a2, b2) - max(a1, b1) + 1) for a1, a2 in a for b1, b2 in b)


def _face_value(face: str, prop: str) -> str:
    found = re.search(rf"{prop}\s*:\s*([^;}}]+)", face)
    return found.group(1).strip() if found else ""


def surveyjs_css(files: PageFiles) -> bytes:
    """survey-core.min.css, the default theme, with its Open Sans faces pointing at local
    copies (from @fontsource/open-sans) instead of fonts.gstatic.com.

    Each face keeps its own unicode-range, so the browser fetches only the subsets the
    page's text needs, as it would from Google; the copies are matched by weight, style
    and the subset that overlaps that range most.
    """
    css = _module_file("survey-core/survey-core.min.css").read_text("utf-8")

    def local(match: re.Match[str]) -> str:
        face = match.group(0)
        if "fonts.gstatic.com" not in face:
            return face
        weight, style = _face_value(face, "font-weight"), _face_value(face, "font-style")
        wanted = _unicode_ranges(_face_value(face, "unicode-range"))
        sheet = f"@fontsource/open-sans/{weight}{'-italic' if style == 'italic' else ''}.css"
        candidates = [
            (
                _overlap(wanted, _unicode_ranges(_face_value(f, "unicode-range"))),
                re.search(r"files/([\w.-]+\.woff2)", f).group(1),  # type: ignore[union-attr]
            )
            for f in _FONT_FACE.findall(_module_file(sheet).read_text("utf-8"))
        ]
        overlap, name = max(candidates)
        if not overlap:
            raise SystemExit(f"bench/peers: no Open Sans subset for {face[:120]}")
        files[f"fonts/{name}"] = f"@fontsource/open-sans/files/{name}"
        return re.sub(
            r"url\(\s*[\"']?https://fonts\.gstatic\.com[^)]*\)", f"url(fonts/{name})", face
        )

    css = _FONT_FACE.sub(local, css)
    if "fonts.gstatic.com" in css:
        raise SystemExit("bench/peers: survey-core.min.css still points at fonts.gstatic.com")
    return css.encode("utf-8")


_SURVEYJS_LOCALES = {"nl": "dutch", "de": "german", "fr": "french", "es": "spanish"}


def surveyjs_page(form: Form, notes: Notes) -> tuple[str, PageFiles]:
    files: PageFiles = {
        "survey.core.min.js": "survey-core/survey.core.min.js",
        "survey-js-ui.min.js": "survey-js-ui/survey-js-ui.min.js",
    }
    files["survey-core.min.css"] = surveyjs_css(files)
    scripts = ["survey.core.min.js"]
    locale = _SURVEYJS_LOCALES.get(form.language)
    if locale:
        files[f"{locale}.min.js"] = f"survey-core/i18n/{locale}.min.js"
        scripts.append(f"{locale}.min.js")
    scripts.append("survey-js-ui.min.js")
    head = ['<link rel="stylesheet" href="survey-core.min.css">']
    head += [f'<script src="{name}"></script>' for name in scripts]
    body = [
        _header(form),
        '<div id="survey"></div>',
        f"<script>window.survey = new Survey.Model({_script_json(surveyjs_schema(form))});",
        'survey.render(document.getElementById("survey"));</script>',
    ]
    return _page(form, head, body), files


# -- Form.io ---------------------------------------------------------------------------


def _formio_logic(cond: Condition, form: Form) -> dict[str, Any]:
    """JSON Logic over the submission data; checkboxes ("selectboxes") hold {value: bool}."""
    if cond.op in ("equals", "in"):
        q = form.question(cond.question or "")
        if q.type == model.MULTIPLE_CHOICE:
            tests = [{"==": [{"var": f"data.{q.id}.{v}"}, True]} for v in cond.values]
        else:
            tests = [{"==": [{"var": f"data.{q.id}"}, v]} for v in cond.values]
        return tests[0] if len(tests) == 1 else {"or": tests}
    if cond.op == "not":
        return {"!": _formio_logic(cond.conditions[0], form)}
    return {cond.op: [_formio_logic(c, form) for c in cond.conditions]}


def _formio_conditional(cond: Condition | None, form: Form) -> dict[str, Any]:
    return {"conditional": {"json": _formio_logic(cond, form)}} if cond else {}


def _formio_question(q: Question, form: Form) -> list[dict[str, Any]]:
    out: dict[str, Any] = {"key": q.id, "label": q.text, "input": True}
    hint = _hint(q)
    if hint:
        out["description"] = hint
    validate: dict[str, Any] = {"required": True} if q.required else {}
    out |= _formio_conditional(q.show_if, form)
    values = [{"value": v, "label": label} for v, label in _choices(q)]
    extra: list[dict[str, Any]] = []
    if q.type == model.MULTIPLE_CHOICE:
        out |= {"type": "selectboxes", "values": values}
    elif q.type == model.DROPDOWN:
        # The library's default select widget (Choices.js), values kept as our codes.
        out |= {"type": "select", "dataSrc": "values", "data": {"values": values}}
        out["dataType"] = "string"
    elif q.type in _RADIO_TYPES:
        out |= {"type": "radio", "values": values, "dataType": "string"}
        if q.type in (model.RECOMMEND, model.YES_NO):
            out["inline"] = True
    elif q.type == model.LONG_TEXT:
        out["type"] = "textarea"
    elif q.type == model.NUMBER:
        out["type"] = "number"
        validate |= {k: getattr(q, k) for k in ("min", "max") if getattr(q, k) is not None}
    elif q.type == model.DATE:
        # "day" is Form.io's date field built from plain inputs; its "datetime" one would
        # fetch flatpickr from cdn.form.io at run time, which a self-hosted page cannot use.
        out["type"] = "day"
        if q.month_only:
            out["fields"] = {"day": {"hide": True}}
    else:
        out["type"] = "textfield"
    if q.max_length and q.type in model.TEXT_TYPES:
        validate["maxLength"] = q.max_length
    if validate:
        out["validate"] = validate
    if q.other_label is not None:
        other = Condition("equals", q.id, (model.OTHER_VALUE,))
        if q.show_if:
            other = Condition("and", conditions=(q.show_if, other))
        extra.append(
            {"type": "textfield", "key": q.other_field, "label": q.other_label, "input": True}
            | _formio_conditional(other, form)
        )
    if q.prefer_not_to_say is not None and q.type not in model.CHOICE_TYPES:
        extra.append(
            {"type": "checkbox", "key": f"{q.id}__pnts", "label": q.prefer_not_to_say}
            | {"input": True}
            | _formio_conditional(q.show_if, form)
        )
    return [out, *extra]


def formio_schema(form: Form) -> dict[str, Any]:
    """The form JSON: a panel per section, a fieldset per statement block, a send button."""
    components: list[dict[str, Any]] = []
    for section in form.sections:
        inner: list[dict[str, Any]] = []
        if section.intro_html:
            inner.append(
                {"type": "content", "key": f"{section.id}_intro", "html": section.intro_html}
            )
        for item in _items(form, section):
            if isinstance(item, Group):
                fields = [c for q in item.questions for c in _formio_question(q, form)]
                inner.append(
                    {"type": "fieldset", "key": f"{item.id}_statements", "legend": item.text}
                    | {"components": fields}
                )
            else:
                inner += _formio_question(item, form)
        components.append(
            {"type": "panel", "key": section.id, "title": section.title, "components": inner}
            | _formio_conditional(section.show_if, form)
        )
    send = {"type": "button", "key": "submit", "action": "submit", "label": "Send"}
    components.append(send | {"theme": "primary", "input": True})
    return {"display": "form", "components": components}


def formio_page(form: Form, notes: Notes) -> tuple[str, PageFiles]:
    files: PageFiles = {
        "bootstrap.min.css": "bootstrap/dist/css/bootstrap.min.css",
        "formio.full.min.css": "@formio/js/dist/formio.full.min.css",
        "formio.full.min.js": "@formio/js/dist/formio.full.min.js",
        # formio.full.min.css carries Bootstrap Icons and points at these.
        "fonts/bootstrap-icons.woff2": "@formio/js/dist/fonts/bootstrap-icons.woff2",
        "fonts/bootstrap-icons.woff": "@formio/js/dist/fonts/bootstrap-icons.woff",
    }
    if any(q.type == model.NUMBER and q.step is not None for q in form.questions):
        notes.lines.append("number step: Form.io's number field has no step; left out")
    head = [
        '<link rel="stylesheet" href="bootstrap.min.css">',
        '<link rel="stylesheet" href="formio.full.min.css">',
        '<script src="formio.full.min.js"></script>',
    ]
    body = [
        f'<div class="container">{_header(form)}<div id="formio"></div></div>',
        f"<script>Formio.createForm(document.getElementById('formio'), "
        f"{_script_json(formio_schema(form))}, {{language: '{form.language}'}})",
        ".then(form => { window.form = form; });</script>",
    ]
    return _page(form, head, body), files


# -- JSON Editor -----------------------------------------------------------------------


def jsoneditor_paths(form: Form) -> dict[str, str]:
    """Editor path of every question: root.<section>[.<statement block>].<question>."""
    paths = {}
    for section in form.sections:
        for item in _items(form, section):
            for q in item.questions if isinstance(item, Group) else (item,):
                middle = f".{item.id}" if isinstance(item, Group) else ""
                paths[q.id] = f"root.{section.id}{middle}.{q.id}"
    return paths


def _jsoneditor_dependencies(
    cond: Condition, form: Form, paths: dict[str, str]
) -> dict[str, Any] | None:
    """``options.dependencies``: each key a field, its value (or any of a list); all keys
    must hold. Returns None for what that cannot say: "includes" on a checkbox list (it
    compares the whole list), "not", and "or" across different questions."""
    if cond.op in ("equals", "in"):
        q = form.question(cond.question or "")
        if q.type == model.MULTIPLE_CHOICE:
            return None
        values = list(cond.values)
        return {paths[q.id]: values[0] if len(values) == 1 else values}
    parts = [_jsoneditor_dependencies(c, form, paths) for c in cond.conditions]
    if cond.op == "not" or any(p is None for p in parts):
        return None
    keys = [k for p in parts if p for k in p]
    if cond.op == "and":
        return (
            None if len(set(keys)) < len(keys) else {k: v for p in parts if p for k, v in p.items()}
        )
    if len(set(keys)) != 1:
        return None
    merged: list[Any] = []
    for p in parts:
        value = next(iter(p.values())) if p else []
        merged += value if isinstance(value, list) else [value]
    return {keys[0]: merged}


def _jsoneditor_question(
    q: Question, form: Form, paths: dict[str, str], notes: Notes
) -> dict[str, dict[str, Any]]:
    out: dict[str, Any] = {"title": q.text}
    hint = _hint(q)
    if hint:
        out["description"] = hint
    options: dict[str, Any] = {}
    choices = _choices(q)
    values, labels = [v for v, _ in choices], [label for _, label in choices]
    if q.type == model.MULTIPLE_CHOICE:
        items = {"type": "string", "enum": values, "options": {"enum_titles": labels}}
        out |= {"type": "array", "format": "checkbox", "uniqueItems": True, "items": items}
    elif q.type in model.CHOICE_TYPES:
        # The editor fills an enum with its first value unless it has a default: a survey
        # starts with nothing chosen (and remove_empty_properties drops the "").
        out |= {"type": "string", "enum": values, "default": ""}
        options["enum_titles"] = labels
        if q.type == model.DROPDOWN:  # an empty first option, as ours
            options |= {"has_placeholder_option": True, "placeholder_option_text": " "}
        else:
            out["format"] = "radio"
    elif q.type == model.NUMBER:
        out |= {"type": "number", "format": "number"}
        if q.min is not None:
            out["minimum"] = q.min
        if q.max is not None:
            out["maximum"] = q.max
        if q.step is not None:
            options["inputAttributes"] = {"step": str(q.step)}
    else:
        out["type"] = "string"
        if q.type == model.LONG_TEXT:
            out["format"] = "textarea"
        elif q.type == model.DATE:
            out["format"] = "month" if q.month_only else "date"
        if q.max_length:
            out["maxLength"] = q.max_length
    depends = None
    if q.show_if:
        depends = _jsoneditor_dependencies(q.show_if, form, paths)
        if depends is None:
            notes.drop(q, "its show-if cannot be expressed")
    if depends:
        options["dependencies"] = depends
    if options:
        out["options"] = options
    found = {q.id: out}
    if q.other_label is not None:
        other: dict[str, Any] = {"type": "string", "title": q.other_label}
        if q.type != model.MULTIPLE_CHOICE:
            other["options"] = {"dependencies": {paths[q.id]: model.OTHER_VALUE}}
        else:
            notes.lines.append(f"{q.other_field}: cannot depend on a checkbox; always shown")
        found[q.other_field] = other
    if q.prefer_not_to_say is not None and q.type not in model.CHOICE_TYPES:
        found[f"{q.id}__pnts"] = {
            "type": "boolean",
            "format": "checkbox",
            "title": q.prefer_not_to_say,
        } | ({"options": {"dependencies": depends}} if depends else {})
    return found


def jsoneditor_schema(form: Form, notes: Notes) -> dict[str, Any]:
    """A JSON Schema: an object per section, a nested object per statement block."""
    paths = jsoneditor_paths(form)
    sections: dict[str, Any] = {}
    for section in form.sections:
        properties: dict[str, Any] = {}
        required: list[str] = []
        for item in _items(form, section):
            if isinstance(item, Group):
                inner: dict[str, Any] = {}
                for q in item.questions:
                    inner |= _jsoneditor_question(q, form, paths, notes)
                properties[item.id] = {
                    "type": "object",
                    "title": item.text,
                    "properties": inner,
                    "required": [q.id for q in item.questions if q.required],
                }
            else:
                properties |= _jsoneditor_question(item, form, paths, notes)
                if item.required:
                    required.append(item.id)
        schema: dict[str, Any] = {
            "type": "object",
            "title": section.title,
            "properties": properties,
            "required": required,
        }
        if section.intro_html:
            schema["description"] = _plain(section.intro_html)
        if section.show_if:
            depends = _jsoneditor_dependencies(section.show_if, form, paths)
            if depends is None:
                notes.drop(section, "its show-if cannot be expressed")
            else:
                schema["options"] = {"dependencies": depends}
        sections[section.id] = schema
    return {
        "type": "object",
        "title": form.title,
        "properties": sections,
        # An unanswered section is left out of the value: one holding a required question
        # must be there.
        "required": [s.id for s in form.sections if any(q.required for q in form.questions_in(s))],
        "options": {"compact": True},
    }


def jsoneditor_page(form: Form, notes: Notes) -> tuple[str, PageFiles]:
    files: PageFiles = {"jsoneditor.js": "@json-editor/json-editor/dist/jsoneditor.js"}
    options = {
        "schema": jsoneditor_schema(form, notes),
        # A questionnaire, not a JSON document: no "Edit JSON"/"Properties"/collapse buttons.
        "disable_edit_json": True,
        "disable_properties": True,
        "disable_collapse": True,
        "required_by_default": False,
        # Unanswered optional questions leave the value instead of failing validation.
        "remove_empty_properties": True,
        "show_errors": "interaction",
    }
    body = [
        _header(form),
        '<form method="post" action="#"><div id="editor"></div><button>Send</button></form>',
        "<script>window.editor = new JSONEditor(document.getElementById('editor'), ",
        f"{_script_json(options)});</script>",
    ]
    return _page(form, ['<script src="jsoneditor.js"></script>'], body), files


# -- the pages -------------------------------------------------------------------------

#: Name -> page builder, in the order the benchmark shows them.
PEERS: dict[str, PageBuilder] = {
    "surveyjs": surveyjs_page,
    "formio": formio_page,
    "jsoneditor": jsoneditor_page,
}


#: The npm packages whose files each page uses.
PACKAGES = {
    "surveyjs": ("survey-core", "survey-js-ui", "@fontsource/open-sans"),
    "formio": ("@formio/js", "bootstrap"),
    "jsoneditor": ("@json-editor/json-editor",),
}


def peer_versions() -> dict[str, str]:
    """Peer name -> "package version, ..." as installed in node_modules."""
    ensure_node_modules()
    found = {}
    for name, packages in PACKAGES.items():
        versions = []
        for package in packages:
            meta = json.loads(_module_file(f"{package}/package.json").read_text("utf-8"))
            versions.append(f"{package} {meta['version']}")
        found[name] = ", ".join(versions)
    return found


def ensure_node_modules() -> None:
    """Install the pinned libraries with ``npm ci`` when node_modules is missing."""
    if NODE_MODULES.is_dir():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit(
            "bench/peers: node_modules is missing and npm is not installed; install Node.js "
            "and npm (or run the benchmark with --no-peers)"
        )
    print("bench/peers: node_modules is missing; running npm ci --no-audit --no-fund")
    try:
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True)
    except subprocess.CalledProcessError as exc:
        raise SystemExit(f"bench/peers: npm ci failed ({exc.returncode})") from exc


def _module_file(name: str) -> Path:
    path = NODE_MODULES / name
    if not path.is_file():
        raise SystemExit(f"bench/peers: {path} is missing; run npm ci in {HERE}")
    return path


def write_peer_pages(form: Form, site: Path, *, quiet: bool = False) -> dict[str, str]:
    """Write each peer's page and its library files into ``site/peer-<name>/``.

    Returns peer name -> URL path of the page relative to the site root. What a library
    cannot express is printed (unless ``quiet``) and left out of its page.
    """
    return {name: url for name, (url, _) in _write_pages(form, site, quiet).items()}


def _write_pages(form: Form, site: Path, quiet: bool) -> dict[str, tuple[str, Notes]]:
    ensure_node_modules()
    written = {}
    for name, build in PEERS.items():
        notes = Notes()
        page, files = build(form, notes)
        target = site / f"peer-{name}"
        target.mkdir(parents=True, exist_ok=True)
        (target / "index.html").write_text(page, encoding="utf-8")
        for dest, source in files.items():
            (target / dest).parent.mkdir(parents=True, exist_ok=True)
            if isinstance(source, bytes):
                (target / dest).write_bytes(source)
            else:
                shutil.copyfile(_module_file(source), target / dest)
        for note in notes.lines if not quiet else ():
            print(f"note: peer {name}: {note}")
        written[name] = (f"peer-{name}/", notes)
    return written


# -- the check ---------------------------------------------------------------------------

#: Sets our answers ({question: [values]}) in the library's own data, then returns.
_SET_ANSWERS = {
    "surveyjs": """([answers, types]) => {
      for (const [q, values] of Object.entries(answers)) {
        const mapped = values.map(v => v === 'prefer_not_to_say' ? 'refused' : v);
        survey.setValue(q, types[q] === 'multiple_choice' ? mapped : mapped[0]);
      }
    }""",
    "formio": """async ([answers, types]) => {
      const data = {};
      for (const [q, values] of Object.entries(answers)) {
        data[q] = types[q] === 'multiple_choice'
          ? Object.fromEntries(values.map(v => [v, true])) : values[0];
      }
      await form.setSubmission({data});
    }""",
    "jsoneditor": """([answers, types, paths]) => {
      for (const [q, values] of Object.entries(answers)) {
        editor.getEditor(paths[q]).setValue(
          types[q] === 'multiple_choice' ? values : values[0]);
      }
    }""",
}
#: The question texts that are visible, and the visible controls by kind.
_VISIBLE = """(texts) => {
  const norm = s => s.replace(/\\s+/g, ' ').trim();
  const shown = el => el && el.checkVisibility({visibilityProperty: true, opacityProperty: true});
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = norm(n.data);
    if (texts.includes(text) && shown(n.parentElement)) seen.add(text);
  }
  const controls = {};
  for (const el of document.querySelectorAll('input, select, textarea, [role=radio], [role=combobox]')) {
    if (el.type === 'hidden' || !(shown(el) || shown(el.closest('label')))) continue;
    const kind = el.getAttribute('role') || el.type || el.tagName.toLowerCase();
    controls[kind] = (controls[kind] || 0) + 1;
  }
  return {seen: [...seen], controls};
}"""


def _satisfy(cond: Condition | None, form: Form) -> dict[str, list[str]] | None:
    """Answers that make ``cond`` hold, opening whatever the answered questions need."""
    if cond is None:
        return {}
    if cond.op in ("equals", "in"):
        q = form.question(cond.question or "")
        needs = _opening(q, form)
        return None if needs is None else needs | {q.id: [cond.values[0]]}
    if cond.op == "not":
        return {}  # nothing answered: the inner condition does not hold
    found: dict[str, list[str]] = {}
    for sub in cond.conditions:
        answers = _satisfy(sub, form)
        if answers is not None and cond.op == "or":
            return answers
        if answers is None and cond.op == "and":
            return None
        found |= answers or {}
    return found if cond.op == "and" else None


def _opening(q: Question, form: Form) -> dict[str, list[str]] | None:
    """Answers under which ``q`` applies (its section's condition and its own)."""
    section = _satisfy(form.section_of(q).show_if, form)
    own = _satisfy(q.show_if, form)
    return None if section is None or own is None else section | own


def _leaves(cond: Condition | None) -> Iterator[Condition]:
    if cond is not None and cond.op in ("equals", "in"):
        yield cond
    for sub in cond.conditions if cond else ():
        yield from _leaves(sub)


def scenarios(form: Form) -> list[dict[str, list[str]]]:
    """The empty form, then for each value a condition tests, answers that give it (with
    whatever opens the question answered): each branch of every condition is taken."""
    found: list[dict[str, list[str]]] = [{}]
    for item in (*form.sections, *form.questions):
        for leaf in _leaves(item.show_if):
            for value in leaf.values:
                answers = _satisfy(Condition("equals", leaf.question, (value,)), form)
                if answers and answers not in found:
                    found.append(answers)
    return found


def _without_conditions(form: Form, ids: set[str]) -> Form:
    """The form with the show-if of these sections and questions removed."""
    return replace(
        form,
        sections=tuple(replace(s, show_if=None) if s.id in ids else s for s in form.sections),
        questions=tuple(replace(q, show_if=None) if q.id in ids else q for q in form.questions),
    )


def check_pages(form: Form, site: Path, shots: Path) -> bool:
    """Load each peer page; True when every question shows exactly when ours would."""
    import threading
    from functools import partial
    from http.server import ThreadingHTTPServer

    from playwright.sync_api import sync_playwright

    from bench.bench_page import ARGS, CHROMIUM, GzipHandler
    from collector.conditions import applicable_questions

    pages = _write_pages(form, site, quiet=False)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(GzipHandler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    types = {q.id: q.type for q in form.questions}
    texts = {" ".join(q.text.split()): q.id for q in form.questions}
    paths = jsoneditor_paths(form)
    shots.mkdir(parents=True, exist_ok=True)
    ok = True
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 412, "height": 900})
            failed: list[str] = []
            page.on("requestfailed", lambda r: failed.append(r.url))
            for name, (url, notes) in pages.items():
                print(f"\n{name}: {base}{url}")
                # What the library could not express is expected to show regardless.
                as_built = _without_conditions(form, notes.dropped)
                for n, answers in enumerate(scenarios(form)):
                    page.goto(base + url, wait_until="load")
                    page.wait_for_function(
                        {"surveyjs": "window.survey", "formio": "window.form"}.get(
                            name, "window.editor && editor.ready"
                        )
                    )
                    if answers:
                        page.evaluate(_SET_ANSWERS[name], [answers, types, paths])
                    page.wait_for_timeout(300)
                    shown = page.evaluate(_VISIBLE, list(texts))
                    seen = {texts[t] for t in shown["seen"]}
                    expected = {q.id for q in applicable_questions(as_built, answers)}
                    missing, extra = sorted(expected - seen), sorted(seen - expected)
                    label = ", ".join(f"{k}={'+'.join(v)}" for k, v in answers.items())
                    status = "ok" if not (missing or extra) else "MISMATCH"
                    ok &= status == "ok"
                    print(
                        f"  [{status}] {label or 'no answers'}: {len(seen)}/{len(expected)} "
                        f"questions shown; controls {shown['controls']}"
                        + (f"; missing {missing}" if missing else "")
                        + (f"; shown but should not be {extra}" if extra else "")
                    )
                    if n == 0:
                        page.screenshot(path=str(shots / f"peer-{name}.png"), full_page=True)
            if failed:
                print(f"\nfailed requests: {sorted(set(failed))}")
                ok = False
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    print(f"\nscreenshots (before any answer) in {shots}")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description="Check the peer pages in headless Chromium.")
    parser.add_argument("--screenshots", type=Path, default=Path("/tmp/peer-pages"))
    parser.add_argument(
        "--form", type=Path, help="a compiled form.json (default: the English example)"
    )
    options = parser.parse_args()
    import tempfile

    from bench.bench_page import choose_form
    from collector.model import form_from_json

    with tempfile.TemporaryDirectory() as tmp:
        if options.form:
            form, site = form_from_json(options.form.read_text("utf-8")), Path(tmp)
        else:
            form, site = choose_form(Path(tmp))
        print(f"form: {form.slug} ({len(form.questions)} questions)")
        if not check_pages(form, site, options.screenshots):
            raise SystemExit("some peer page does not show the form as ours does")


if __name__ == "__main__":
    main()
