"""What the build checks in a theme beyond rendering its pages.

Jinja renders a child template's block only where its parent template has a block of that
name. A block renamed by a typo (``{% block mian %}``), or a ``base.html`` override without
``{% block main %}``, therefore renders without an error: every page of the site comes out
without its content. And the collector renders two pages the build does not write, the
form with error messages and the page for answers it refused; a mistake there would only
show when a leaver's answers come back. Both are found here: by the build before anything
is written, and by the collector at start-up, for the theme it renders those two pages with.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from html.parser import HTMLParser
from pathlib import Path

import click
import jinja2
from jinja2 import Environment, nodes

from .kept_answers import SEND_AGAIN_LATER
from .model import Form
from .problems import Problems, closest
from .render import DEFAULT_TEMPLATE_DIR, PageRenderer
from .source_file import relative_path
from .ui_text import not_sent_text, page_text
from .validation import repeated_fields

#: The templates that make whole pages; the others are included by them.
PAGE_TEMPLATES = ("form.html", "thank_you.html", "index.html", "not_sent.html", "closed.html")
#: The statuses (with their reason) for which the collector renders not_sent.html.
NOT_SENT_CASES = (
    (400, ""),
    (400, "unreadable"),
    (400, "not_a_form"),
    (410, ""),
    (429, ""),
    (500, ""),
    (503, ""),
)


class TemplateProblem(click.ClickException):
    """A template could not be rendered; says which file and line, never a traceback."""

    def __init__(self, error: jinja2.TemplateError) -> None:
        where = ""
        if isinstance(error, jinja2.TemplateSyntaxError):
            where = f"{error.filename or error.name}:{error.lineno}: "
        else:
            where = _template_frame(error)
        super().__init__(
            f"{where}template error: {error.message or error} "
            "(check the template; see docs/theme.md)"
        )


def _template_frame(error: BaseException) -> str:
    """file:line of the innermost template frame in the error's traceback, if any."""
    found = ""
    tb = error.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".css", ".js", ".txt")):
            found = f"{relative_path(Path(filename))}:{tb.tb_lineno}: "
        tb = tb.tb_next
    return found


class _Template:
    """One template file as far as blocks go: where it is, whom it extends, its blocks."""

    def __init__(self, env: Environment, name: str) -> None:
        assert env.loader is not None
        source, filename, _ = env.loader.get_source(env, name)
        tree = env.parse(source, name, filename)
        self.source = source
        self.name = name
        self.file = Path(filename or name)
        # The default theme by the name the guides use, wherever it is installed.
        self.shown = f"site_templates/{name}" if self.is_default else relative_path(self.file)
        extends = tree.find(nodes.Extends)
        parent = extends.template if extends is not None else None
        self.parent = parent.value if isinstance(parent, nodes.Const) else None
        #: Every block, nested ones too, by name: the places a child template can fill.
        self.blocks = {block.name: block.lineno for block in tree.find_all(nodes.Block)}
        #: The blocks outside any other block: in a child template, what it fills.
        self.filled = {
            block.name: block.lineno
            for block in tree.find_all(nodes.Block)
            if not _inside_block(tree, block)
        }

    def line_of(self, text: str) -> int:
        """The line ``text`` is first on, or 1."""
        at = self.source.find(text)
        return self.source.count("\n", 0, at) + 1 if at >= 0 else 1

    @property
    def is_default(self) -> bool:
        return DEFAULT_TEMPLATE_DIR.resolve() in self.file.resolve().parents


def _inside_block(tree: nodes.Template, wanted: nodes.Block) -> bool:
    return any(
        wanted is not block and any(inner is wanted for inner in block.find_all(nodes.Block))
        for block in tree.find_all(nodes.Block)
    )


def block_problems(env: Environment, names: Sequence[str] = PAGE_TEMPLATES) -> Problems:
    """Blocks that a page template fills but its parent templates do not have."""
    problems = Problems()
    #: (frame override, block) -> the default pages that fill it: one message for them all.
    lost: dict[tuple[str, str], tuple[_Template, list[str]]] = {}
    seen: set[tuple[str, str]] = set()
    for name in names:
        child = _Template(env, name)
        while child.parent is not None:
            ancestors = _ancestors(env, child.parent)
            parent = ancestors[0]
            offered = {block for ancestor in ancestors for block in ancestor.blocks}
            for block, line in child.filled.items():
                if block in offered or (child.name, block) in seen:
                    continue
                seen.add((child.name, block))
                if child.is_default and not parent.is_default:
                    # The theme's own page fills a block that the override of its frame
                    # lost: the override is the file to change.
                    pages = lost.setdefault((parent.shown, block), (parent, []))[1]
                    pages.append(f"{child.shown}:{line}")
                    continue
                meant = closest(block, offered)
                problems.add(
                    child.shown,
                    line,
                    f"the block '{block}' is not in {parent.shown}, which this template "
                    "extends, so its content would never be shown",
                    (f"did you mean '{meant}'? " if meant else "")
                    + f"a page can only fill the blocks of {parent.name}: {_listed(offered)}",
                )
            child = parent
    for (_, block), (parent, pages) in lost.items():
        offered = set(parent.blocks)
        problems.add(
            parent.shown,
            1,
            f"this template has no block '{block}', which {', '.join(pages)} "
            f"fill{'s' if len(pages) == 1 else ''}, so those pages would be built without it",
            f"add '{{% block {block} %}}{{% endblock %}}' where that content belongs, as in "
            f"site_templates/{parent.name}; its blocks now: "
            f"{_listed(offered)}",
        )
    return problems


def _ancestors(env: Environment, name: str) -> list[_Template]:
    chain: list[_Template] = []
    while name and name not in [t.name for t in chain]:
        chain.append(_Template(env, name))
        name = chain[-1].parent or ""
    return chain


def _listed(blocks: set[str]) -> str:
    return ", ".join(sorted(blocks)) or "none"


def rehearse_collector_pages(renderer: PageRenderer, forms: Sequence[Form]) -> str:
    """Render the pages the collector makes from the same templates: the form with an
    error at every question, the page for refused answers, and the form filled in with why
    a plain post was not sent (to send again later). Returns the first form's
    page with its errors (for :func:`script_hook_problems`), "" without forms.

    A template error raised here stops the build with its file and line, instead of
    turning a leaver's error page into a server error.
    """
    first = ""
    for form in forms:
        errors = {q.id: "—" for q in form.questions}
        errors.update({q.other_field: "—" for q in form.questions if q.other_label})
        errors["_version"] = "—"  # an error that belongs to no field
        answers = {q.id: [q.choices[0].value] for q in form.questions if q.choices}
        page = renderer.form_page(form, root="/", action="#", answers=answers, errors=errors)
        first = first or page
        for status, reason in NOT_SENT_CASES:
            renderer.not_sent_page(form, root="/", status=status, reason=reason)
        # A plain post it cannot take now (kept_answers.py): the form filled in, with why.
        # One status is enough: only the words differ between them.
        message = not_sent_text(page_text(form), min(SEND_AGAIN_LATER))
        renderer.form_page(form, root="/", action="#", answers=answers, not_sent=message)
    return first


class _ScriptMarkup(HTMLParser):
    """The ids on a page, and the classes of the elements inside its ``<template id="_t">``,
    read as a browser would (any attribute order, any quotes)."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.in_notices: set[str] = set()
        self._depth = 0  # templates open inside #_t, itself included

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if self._depth:
            self._depth += tag == "template"
            self.in_notices.update(f"{tag}.{c}" for c in (values.get("class") or "").split())
        elif tag == "template" and values.get("id") == "_t":
            self._depth = 1
        if values.get("id"):
            self.ids.add(values["id"] or "")

    def handle_endtag(self, tag: str) -> None:
        if self._depth and tag == "template":
            self._depth -= 1


#: What enhance.js finds in the form page (docs/theme.md): is it there, what it is, what
#: goes wrong without it, and the markup to add.
SCRIPT_HOOKS: tuple[tuple[Callable[[_ScriptMarkup], bool], str, str, str], ...] = (
    (
        lambda page: "_status" in page.ids,
        'the live region that says "Sending…" (id="_status")',
        'the page stays on "Sending…" and the answers are never sent',
        'the line \'<p class="vh" id="_status" aria-live="polite" …></p>\' before </form>',
    ),
    (
        lambda page: "_changed" in page.ids,
        'the live region that says questions came or went (id="_changed")',
        "every choice made stops the script with an error: a screen reader is not told "
        "when questions further down appear or go, and the draft is kept only when the "
        "page is left",
        'the line \'<p class="vh" id="_changed" aria-live="polite" …></p>\' before </form>',
    ),
    (
        lambda page: {"div.errsum", "p.sent"} <= page.in_notices,
        'the notices the script shows (<template id="_t"> with a div.errsum and a p.sent)',
        'once the answers are stored the page stays on "Sending…" and never shows the '
        "thank-you page, and answers that could not be sent show no notice",
        "the whole '<template id=\"_t\">…</template>' block after </form>",
    ),
)


def script_hook_problems(
    renderer: PageRenderer, forms: Sequence[Form], *, form_page: str = ""
) -> Problems:
    """The markup enhance.js relies on that a ``form.html`` of the theme's own lacks.

    A ``form.html`` copied from an earlier version lacks the live regions and the ``#_t``
    template added since, and the script would stop with an error where it uses them
    (``SCRIPT_HOOKS`` says what then goes wrong), with nothing on the page to show it. The
    form page sent back with messages holds everything the plain one does, so one
    rendering of it tells: ``form_page``, the first form's that
    :func:`rehearse_collector_pages` rendered already, or one rendered here."""
    problems = Problems()
    if not forms:
        return problems
    html = form_page or renderer.form_page(forms[0], root="/", action="#", errors={"_version": "—"})
    if "data-t=" not in html:  # no script on this theme's form: nothing relies on these
        return problems
    page = _ScriptMarkup()
    page.feed(html)
    page.close()
    template = _Template(renderer.env, "form.html")
    for present, what, harm, markup in SCRIPT_HOOKS:
        if not present(page):
            problems.add(
                template.shown,
                template.line_of("</form>"),
                f"the form page lacks {what}, which the page's script needs: without it, {harm}",
                f"copy {markup} from site_templates/form.html; docs/theme.md lists the "
                "markup the script relies on",
            )
    thanks = renderer.thank_you_page(forms[0], root="/", actions=["#"])
    if "sessionStorage" not in thanks:
        frame = _Template(renderer.env, "base.html")
        problems.add(
            frame.shown,
            frame.line_of("</head>"),
            "the thank-you page lacks its line of script (sent_script), which tells the "
            "form's tab that the answers arrived: without it, after a form sent as a plain "
            "post (a host whose policy forbids the script's fetch), Back and the next "
            "visit in that tab show the answers sent before, and the next person's answers "
            "are taken for a resend and dropped",
            "copy the line '{% if sent_script %}<script>{{ sent_script }}</script>{% endif %}' "
            "from site_templates/base.html into the <head> of yours",
        )
    return problems


class _PostedFields(HTMLParser):
    """What a browser posts from a page's forms with every box ticked: name -> values (a
    radio group's first value only, as one is ever sent)."""

    #: Controls a browser posts nothing of by their own name.
    NOT_POSTED = frozenset({"submit", "button", "reset", "image", "file"})

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, list[str]] = {}
        self._radios: set[str] = set()
        self._forms = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self._forms += tag == "form"
        name = values.get("name")
        if not self._forms or not name or tag not in ("input", "select", "textarea"):
            return
        kind = (values.get("type") or "text").lower() if tag == "input" else tag
        if kind in self.NOT_POSTED or "disabled" in values:
            return
        if kind == "radio":
            if name in self._radios:
                return
            self._radios.add(name)
        self.fields.setdefault(name, []).append(values.get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        self._forms -= tag == "form" and self._forms > 0


def repeated_field_problems(
    renderer: PageRenderer, forms: Sequence[Form], *, pages: Mapping[str, str] | None = None
) -> Problems:
    """Fields a ``form.html`` of the theme's own sends more often than the collector takes
    them (a second ``_trap`` or ``_version``, a second box under a question's name).

    The collector refuses such a post as a whole (400, posted_answers.NotAForm) and logs
    nothing, so every leaver's answers would be lost without the operator knowing: the
    page each form's leavers get is read as a browser sends it, every box ticked. From
    ``pages`` (slug -> the page the build rendered), or rendered here."""
    problems = Problems()
    template = None
    for form in forms:
        page = _PostedFields()
        html = pages[form.slug] if pages is not None else None
        page.feed(html if html is not None else renderer.form_page(form, root="/", action="#"))
        page.close()
        repeated = sorted(repeated_fields(form, page.fields))
        if not repeated:
            continue
        template = template or _Template(renderer.env, "form.html")
        names = ", ".join(repeated)
        problems.add(
            template.shown,
            template.line_of(f'name="{repeated[0]}"'),
            f"the form page of {form.slug} sends {names} more than once, and the collector "
            "refuses such a post as a whole: no leaver's answers would be stored",
            "keep one control per field name, as site_templates/form.html does; docs/theme.md "
            '("One value per field") says which may repeat',
        )
    return problems


def collector_theme_problems(renderer: PageRenderer, forms: Sequence[Form]) -> list[str]:
    """What the build would refuse in the theme the collector renders with, one
    ``file:line: ...`` message each; empty when its error pages will render.

    The collector renders the form with its errors and not_sent.html only when a leaver's
    answers come back, so a mistake there must stop it at start-up, not at that moment.
    """
    try:
        found = block_problems(renderer.env)
        if found:
            return [str(problem) for problem in sorted(found)]
        rehearse_collector_pages(renderer, forms)
    except jinja2.TemplateError as exc:
        return [TemplateProblem(exc).message]
    return []
