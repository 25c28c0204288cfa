"""The one page renderer, shared by ``build.py`` and the collector's error pages.

Templates live in ``site_templates/``; folders passed as ``template_dirs`` are searched first,
so a theme can override one template (or ``static/form.css``) at a time. Everything the
templates need is prepared here as plain view objects, so the markup contract (ids, names,
``aria-describedby``) is decided in one place and the templates stay declarative.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import rcssmin
import rjsmin
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from . import csp, model
from .conditions import describe
from .model import Condition, Form, Question, Section
from .paths import THEME_DIR
from .text import number_text
from .ui_text import ui_text

DEFAULT_TEMPLATE_DIR = THEME_DIR  # installed or in the checkout: see paths.py
STATIC_FILES = ("form.css", "enhance.js")

_FIELDSET_TYPES = {
    model.SINGLE_CHOICE: "radio",
    model.MULTIPLE_CHOICE: "checkbox",
    model.YES_NO: "radio",
    model.RATING: "radio",
    model.RECOMMEND: "radio",
}

Answers = Mapping[str, Sequence[str]]


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


@dataclass(frozen=True)
class InlineAssets:
    """The theme's stylesheet and script, minified, to go inside ``<style>``/``<script>``."""

    css: Markup
    js: Markup

    @property
    def style_hash(self) -> str:
        return csp.source_hash(self.css)

    @property
    def script_hash(self) -> str:
        return csp.source_hash(self.js)


def _inline_safe(text: str) -> Markup:
    r"""Text that cannot end its ``<style>``/``<script>`` element early.

    ``<\/`` means the same as ``</`` inside a JavaScript string or regular expression and a
    CSS string, and no rule of ours needs ``</`` or ``<!--`` anywhere else.
    """
    return Markup(text.strip().replace("</", "<\\/").replace("<!--", "<\\!--"))


class PageRenderer:
    """Renders the form, thank-you and index pages from (overridable) Jinja2 templates."""

    def __init__(self, template_dirs: Sequence[str | os.PathLike[str]] = ()) -> None:
        self.template_dirs = [Path(d) for d in template_dirs] + [DEFAULT_TEMPLATE_DIR]
        self.env = Environment(
            loader=FileSystemLoader([str(d) for d in self.template_dirs]),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        # Compact JSON in data-* attributes (tojson escapes <, >, & and ' for HTML).
        self.env.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":")}
        self._static: dict[str, bytes] | None = None
        self._inline: InlineAssets | None = None

    # -- static assets --------------------------------------------------------------

    def static_files(self) -> dict[str, bytes]:
        """form.css and enhance.js, each from the first template folder that has it."""
        if self._static is None:
            found = {}
            for name in STATIC_FILES:
                for folder in self.template_dirs:
                    path = folder / "static" / name
                    if path.is_file():
                        found[name] = path.read_bytes()
                        break
            self._static = found
        return dict(self._static)

    def inline_assets(self) -> InlineAssets:
        """form.css and enhance.js as they go into every page: minified, one request saved
        for each (a leaver opens the survey once, so there is no cache to win)."""
        if self._inline is None:
            files = self.static_files()
            css = files.get("form.css", b"").decode("utf-8")
            js = files.get("enhance.js", b"").decode("utf-8")
            self._inline = InlineAssets(
                css=_inline_safe(rcssmin.cssmin(css)), js=_inline_safe(rjsmin.jsmin(js))
            )
        return self._inline

    def content_security_policy(self, origins: Sequence[str] = (), *, header: bool = True) -> str:
        """The policy that lets exactly this theme's inline style and script run."""
        assets = self.inline_assets()
        return csp.policy(
            styles=[assets.style_hash],
            scripts=[assets.script_hash],
            origins=origins,
            header=header,
        )

    def _page_context(self, root: str, action: str = "") -> dict[str, Any]:
        """What base.html needs: the inline assets and the page's own policy, which names
        the collector when the form posts to another site, so it holds on any static host."""
        origins = [csp.origin_of(root), csp.origin_of(action)]
        return {
            "root": root,
            "assets": self.inline_assets(),
            # Quotes stay quotes: the policy is ours, origins come from urlsplit.
            "csp": Markup(
                str(escape(self.content_security_policy(origins, header=False))).replace(
                    "&#39;", "'"
                )
            ),
        }

    # -- pages ----------------------------------------------------------------------

    def form_page(
        self,
        form: Form,
        *,
        root: str,
        action: str,
        answers: Answers | None = None,
        errors: Mapping[str, str] | None = None,
    ) -> str:
        """The questionnaire as one page; with ``errors``, the page to correct them."""
        answers = answers or {}
        errors = errors or {}
        t = ui_text(form.language)
        views = {q.id: self._question_view(form, q, answers, errors, t) for q in form.questions}
        sections = self._section_views(form, views, t)
        submission = (answers.get("_submission") or [""])[0]
        js_text = {
            "p": t["section_progress"],
            "r": t["chars_left"],
            "r1": t["char_left"],
            "o": t["chars_over"],
            "o1": t["char_over"],
            "w": t["sending"],
            "e": t["error_summary"],
            "n": t["not_sent_network"],
            "s": t["already_sent"],
            "x": t["title_error_prefix"],
        }
        return self._form_page_of(
            "form.html",
            form,
            root,
            action=action,
            sections=sections,
            error_list=self._error_list(form, errors),
            submission=submission,
            js_text=js_text,
            translation_links=self._translation_links(form, root, "index.html"),
        )

    def thank_you_page(self, form: Form, *, root: str) -> str:
        """Shown after a successful submission (output/<slug>/thanks.html)."""
        return self._form_page_of(
            "thank_you.html",
            form,
            root,
            translation_links=self._translation_links(form, root, "thanks.html"),
        )

    def not_sent_page(self, form: Form, *, root: str, status: int) -> str:
        """The collector's page for answers it could not take at all (HTTP ``status``)."""
        t = ui_text(form.language)
        return self._form_page_of(
            "not_sent.html",
            form,
            root,
            message=t.get(f"not_sent_{status}", t["not_sent_500"]),
            status=status,
            translation_links=[],  # the other language's form would be an empty one
        )

    def _form_page_of(
        self, template: str, form: Form, root: str, *, action: str = "", **context: Any
    ) -> str:
        """A page of one questionnaire, in its language, with the page frame's context."""
        return self._render(
            template,
            form=form,
            lang=form.language,
            t=ui_text(form.language),
            action=action,
            **context,
            **self._page_context(root, action),
        )

    def index_page(self, forms: Sequence[Form], *, root: str) -> str:
        """The list of questionnaires, translations of one questionnaire together."""
        lang = forms[0].language if forms else "en"
        groups: list[list[Form]] = []
        placed: set[str] = set()
        by_slug = {f.slug: f for f in forms}
        for form in forms:
            if form.slug in placed:
                continue
            group = [form]
            placed.add(form.slug)
            related = set(form.translations.values()) | {
                f.slug for f in forms if form.slug in f.translations.values()
            }
            for slug in sorted(related):
                if slug in by_slug and slug not in placed:
                    group.append(by_slug[slug])
                    placed.add(slug)
            groups.append(group)
        entries = [
            [
                {
                    "form": f,
                    # index.html spelled out: a folder link opens a file listing when HR
                    # previews output/ from disk, and on hosts without index documents.
                    "href": f"{root}{f.slug}/index.html",
                    "lang": f.language,
                    "language_name": ui_text(f.language)["language_name"],
                }
                for f in group
            ]
            for group in groups
        ]
        return self._render(
            "index.html",
            lang=lang,
            t=ui_text(lang),
            groups=entries,
            translation_links=[],
            **self._page_context(root),
        )

    # -- helpers --------------------------------------------------------------------

    def _render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(**context)

    @staticmethod
    def _translation_links(form: Form, root: str, page: str) -> list[dict[str, str]]:
        return [
            {
                "href": f"{root}{slug}/{page}",
                "lang": lang,
                "text": ui_text(lang)[
                    "this_in_language" if page == "index.html" else "this_page_in_language"
                ],
            }
            for lang, slug in sorted(form.translations.items())
            if lang != form.language
        ]

    @staticmethod
    def _error_list(form: Form, errors: Mapping[str, str]) -> list[ErrorLink]:
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

    def _condition_note(self, form: Form, condition: Condition | None, key: str, t: dict) -> str:
        if condition is None:
            return ""
        return t[key].format(condition=describe(condition, form))

    def _section_views(
        self, form: Form, views: dict[str, QuestionView], t: dict[str, str]
    ) -> list[SectionView]:
        result = []
        total = len(form.sections)
        for number, section in enumerate(form.sections, start=1):
            items: list[QuestionView | GroupView] = []
            for q in form.questions_in(section):
                view = views[q.id]
                last = items[-1] if items else None
                if (
                    q.group
                    and isinstance(last, GroupView)
                    and last.questions[-1].q.group == q.group
                ):
                    last.questions.append(view)
                elif q.group:
                    heading = _inline_html(q.group_html or "", q.group_text or "")
                    items.append(GroupView(heading, [view]))
                else:
                    items.append(view)
            progress = t["section_progress"].format(n=number, t=total) if total > 1 else ""
            result.append(
                SectionView(
                    section=section,
                    progress=progress,
                    show_if=section.show_if.to_dict() if section.show_if else None,
                    condition_note=self._condition_note(
                        form, section.show_if, "section_only_if", t
                    ),
                    items=items,
                )
            )
        return result

    def _question_view(
        self,
        form: Form,
        q: Question,
        answers: Answers,
        errors: Mapping[str, str],
        t: dict[str, str],
    ) -> QuestionView:
        given = list(answers.get(q.id, ()))
        view = QuestionView(
            q=q,
            control="input",
            label=_inline_html(q.text_html, q.text),
            optional=not q.required,
            show_if=q.show_if.to_dict() if q.show_if else None,
            condition_note=self._condition_note(form, q.show_if, "only_if", t),
            hint=Markup(q.hint_html) if q.hint_html else escape(q.hint),
            error=errors.get(q.id, ""),
            value=next((g for g in given if g != model.PREFER_NOT_TO_SAY), ""),
            other_value=(list(answers.get(q.other_field, ())) or [""])[0],
            other_error=errors.get(q.other_field, ""),
        )
        if q.type in _FIELDSET_TYPES or q.type == model.DROPDOWN:
            view.options = self._options(q, given)
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
            # already does the job.
            if view.input_type == "radio" and view.optional and q.prefer_not_to_say is None:
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
            if q.type == model.NUMBER:
                self._number_attrs(view, q, t, form.language)
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

    @staticmethod
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

    @staticmethod
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
