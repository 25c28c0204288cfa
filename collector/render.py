"""The one page renderer, shared by ``build.py`` and the collector's error pages.

Templates live in ``site_templates/``; folders passed as ``template_dirs`` are searched first,
so a theme can override one template (or ``static/form.css``) at a time. What the templates
are given is prepared in ``page_views.py`` as plain view objects, so the markup contract
(ids, names, ``aria-describedby``) is decided in one place and the templates stay
declarative.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import rcssmin
import rjsmin
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from . import csp
from .english_words import (
    English,
    english_marker,
    english_text_marker,
    isolated,
    marked,
    not_sent_message,
)
from .index_words import index_headings, language_words
from .model import Form
from .not_applying import answered_but_not_applying
from .page_views import Answers, contents, error_list, question_view, section_views
from .paths import THEME_DIR
from .sent_mark import sent_script
from .ui_text import FALLBACK_LANGUAGE, UI_TEXT, page_text, text_direction, ui_text
from .validation import read_values

DEFAULT_TEMPLATE_DIR = THEME_DIR  # installed or in the checkout: see paths.py
STATIC_FILES = ("form.css", "enhance.js")


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


def _policy_for(
    assets: InlineAssets, origins: Sequence[str], *, header: bool, scripts: Sequence[str] = ()
) -> str:
    return csp.policy(
        styles=[assets.style_hash],
        scripts=[assets.script_hash, *scripts],
        origins=origins,
        header=header,
    )


def _draft_group(form: Form) -> str:
    """The translations' shared draft (enhance.js, form.html's data-draft): named by the
    group's questionnaires; "" for a questionnaire without translations."""
    return " ".join(form.translation_group) if form.translations else ""


def _inline_safe(text: str) -> Markup:
    r"""Text that cannot end its ``<style>``/``<script>`` element early.

    ``<\/`` means the same as ``</`` inside a JavaScript string or regular expression and a
    CSS string, and no rule of ours needs ``</`` or ``<!--`` anywhere else.
    """
    return Markup(text.strip().replace("</", "<\\/").replace("<!--", "<\\!--"))


def template_environment(dirs: Sequence[Path]) -> Environment:
    """Jinja2 for our templates, the first of ``dirs`` that has a template winning (a theme
    overrides one template at a time): escaped, strict about undefined names, and without
    the blank lines block tags leave."""
    return Environment(
        loader=FileSystemLoader([str(d) for d in dirs]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


class PageRenderer:
    """Renders the form, thank-you and index pages from (overridable) Jinja2 templates."""

    def __init__(self, template_dirs: Sequence[str | os.PathLike[str]] = ()) -> None:
        self.template_dirs = [Path(d) for d in template_dirs] + [DEFAULT_TEMPLATE_DIR]
        self.env = template_environment(self.template_dirs)
        # Compact JSON in data-* attributes (tojson escapes <, >, & and ' for HTML).
        self.env.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":")}
        self._static: dict[str, bytes] | None = None
        self._static_seen: tuple[tuple[str, Path, tuple[int, ...]], ...] = ()
        self._inline: InlineAssets | None = None

    # -- static assets --------------------------------------------------------------

    def _static_sources(self) -> tuple[tuple[str, Path, tuple[int, ...]], ...]:
        """Where form.css and enhance.js come from now (the first template folder that
        has each), with what identifies that version of the file: one stat each."""
        found = []
        for name in STATIC_FILES:
            for folder in self.template_dirs:
                path = folder / "static" / name
                try:
                    st = path.stat()
                except OSError:
                    continue
                if stat.S_ISREG(st.st_mode):
                    version = (st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size)
                    found.append((name, path, version))
                    break
        return tuple(found)

    def static_files(self) -> dict[str, bytes]:
        """form.css and enhance.js, each from the first template folder that has it.

        Read again when either changed on disk: the collector renders its own pages (the
        form with error messages, the not-sent page) for months, while HR or the operator
        may change the theme and rebuild; those pages then take the new theme, as the
        rebuilt ones do, and never the one the collector happened to start with."""
        sources = self._static_sources()
        if self._static is None or sources != self._static_seen:
            found = {}
            for name, path, _ in sources:
                try:
                    found[name] = path.read_bytes()
                except OSError:
                    continue  # gone since the stat: the next call looks again
            self._static, self._static_seen, self._inline = found, sources, None
        return dict(self._static)

    def inline_assets(self) -> InlineAssets:
        """form.css and enhance.js as they go into every page: minified, one request saved
        for each (a leaver opens the survey once, so there is no cache to win)."""
        files = self.static_files()  # forgets the minified copies when a file changed
        if self._inline is None:
            css = files.get("form.css", b"").decode("utf-8")
            js = files.get("enhance.js", b"").decode("utf-8")
            self._inline = InlineAssets(
                css=_inline_safe(rcssmin.cssmin(css)), js=_inline_safe(rjsmin.jsmin(js))
            )
        return self._inline

    def content_security_policy(self, origins: Sequence[str] = (), *, header: bool = True) -> str:
        """The policy that lets exactly this theme's inline style and script run."""
        return _policy_for(self.inline_assets(), origins, header=header)

    def _page_context(self, root: str, action: str = "", sent: str = "") -> dict[str, Any]:
        """What base.html needs: the inline assets and the page's own policy, which names
        the collector when the form posts to another site, so it holds on any static host,
        and allows the thank-you page's ``sent`` script (sent_mark.py) by its hash besides
        the theme's. base.html writes that script, outside any block: a theme's own
        thank_you.html cannot lose it."""
        scripts = [csp.source_hash(sent)] if sent else []
        origins = [csp.origin_of(root), csp.origin_of(action)]
        # One snapshot for both: the theme may change between two looks at it.
        assets = self.inline_assets()
        return {
            "root": root,
            "assets": assets,
            # A form that posts to another site sends its origin with the post, also without
            # script: under "no-referrer" a browser says "Origin: null", which the collector
            # cannot tell from a sandboxed frame's or a file:// page's (security.py).
            # "strict-origin" sends the site only (https://pages.example.com/), never a path.
            "referrer": "strict-origin" if origins[1] else "no-referrer",
            "sent_script": Markup(sent),
            # Quotes stay quotes: the policy is ours, origins come from urlsplit.
            "csp": Markup(
                str(escape(_policy_for(assets, origins, header=False, scripts=scripts))).replace(
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
        not_sent: str = "",
    ) -> str:
        """The questionnaire as one page; with ``errors``, the page to correct them; with
        ``not_sent`` (why, from :func:`not_sent_text`), the page of answers the collector
        could not take now, filled in to be sent again as they are."""
        answers = answers or {}
        errors = errors or {}
        # The words a texts file lacks, still in English, keep that mark when filled in (a
        # number's hint), so that the template marks them (english_words).
        t = marked(page_text(form), UI_TEXT[FALLBACK_LANGUAGE], form.language)
        # Answered questions that do not apply: a page sent back offers a way to clear each.
        asked = {q.id for _, q in answered_but_not_applying(form, read_values(form, answers))}
        views = {
            q.id: question_view(form, q, answers, errors, t, not_applying=q.id in asked)
            for q in form.questions
        }
        sections = section_views(form, views, t)
        submission = (answers.get("_submission") or [""])[0]
        counter = {"r": "chars_left", "r1": "char_left", "o": "chars_over", "o1": "char_over"}
        js_text = {
            "p": t["section_progress"],
            **{key: t[name] for key, name in counter.items()},
            "w": t["sending"],
            "c": t["questions_changed"],
            "x": t["title_error_prefix"],
            # The count's words still in English: the script marks the line it says them in.
            # (The notices it shows are in the page, marked: form.html, "_t".)
            "L": [key for key, name in counter.items() if isinstance(t[name], English)],
        }
        return self._form_page_of(
            "form.html",
            form,
            root,
            action=action,
            sections=sections,
            contents=contents(form, sections, t),
            error_list=error_list(form, errors),
            not_sent=not_sent,
            submission=submission,
            draft=_draft_group(form),
            js_text=js_text,
            translation_links=self._translation_links(form, root, "index.html"),
        )

    def thank_you_page(self, form: Form, *, root: str, actions: Sequence[str] = ()) -> str:
        """Shown after a successful submission (output/<slug>/thanks.html); with the
        ``actions`` of the form and its translations, it marks their answers in the tab as
        sent (sent_mark.py)."""
        script = sent_script(actions, _draft_group(form)) if actions else ""
        return self._form_page_of(
            "thank_you.html",
            form,
            root,
            translation_links=self._translation_links(form, root, "thanks.html"),
            sent=script,
        )

    def closed_page(self, form: Form, *, root: str) -> str:
        """What a questionnaire HR closed is built as, at its form's address
        (output/<slug>/index.html): that it has closed, whom to ask, no form."""
        return self._form_page_of(
            "closed.html",
            form,
            root,
            translation_links=self._translation_links(form, root, "index.html"),
        )

    def not_sent_page(
        self,
        form: Form,
        *,
        root: str,
        status: int,
        reason: str = "",
        script: bool = False,
        wait: int = 0,
    ) -> str:
        """The collector's page for answers it could not take at all (HTTP ``status``;
        ``reason`` "unreadable" for a 400 whose body was cut off or could not be decoded:
        unlike a changed questionnaire's, those answers can be sent again). ``script``: for
        the page's script, which shows its message above the answers, still on screen.
        ``wait``: a 429's seconds until the connection may send again."""
        return self._form_page_of(
            "not_sent.html",
            form,
            root,
            message=not_sent_message(form, status, reason, wait),
            status=status,
            reason=reason,
            script=script,
            translation_links=[],  # the other language's form would be an empty one
        )

    def _form_page_of(
        self,
        template: str,
        form: Form,
        root: str,
        *,
        action: str = "",
        sent: str = "",
        **context: Any,
    ) -> str:
        """A page of one questionnaire, in its language, with the page frame's context."""
        return self._render(
            template,
            form=form,
            lang=form.language,
            dir=text_direction(form.language),
            t=page_text(form),
            en=english_marker(form),
            en_text=english_text_marker(form),
            isolated=isolated,
            action=action,
            **context,
            **self._page_context(root, action, sent),
        )

    def index_page(self, forms: Sequence[Form], *, root: str) -> str:
        """The list of questionnaires, translations of one questionnaire together."""
        # The page speaks the language most questionnaires are in, not that of whichever
        # file name comes first. On a tie (every survey in five languages) English, the
        # one a company's offices in several countries share, if it is among them; else
        # the first questionnaire's.
        # A closed questionnaire is not one to choose: its link leads to a page that says it
        # has closed (the HR area still lists it, with its answers). Nor is its language
        # the page's: the headings are those of the open ones (two closed German surveys
        # made the page German above a Hebrew one, with no German on it).
        open_forms = [f for f in forms if not f.closed]
        languages = [f.language for f in open_forms or forms]
        most = max(map(languages.count, languages), default=0)
        tied = [lang for lang in languages if languages.count(lang) == most]
        lang = "en" if "en" in tied or not tied else tied[0]
        groups: list[list[Form]] = []
        placed: set[str] = set()
        by_slug = {f.slug: f for f in open_forms}
        for form in open_forms:
            if form.slug in placed:
                continue
            group = [form]
            placed.add(form.slug)
            related = set(form.translations.values()) | {
                f.slug for f in open_forms if form.slug in f.translations.values()
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
                    "dir": text_direction(f.language),
                    "language_name": page_text(f)["language_name"],
                }
                for f in group
            ]
            for group in groups
        ]
        return self._render(
            "index.html",
            lang=lang,
            dir=text_direction(lang),
            t=language_words(forms, lang),
            headings=index_headings(open_forms, lang),
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
                "dir": text_direction(lang),
                # The other language's words, which the builder copied for a language
                # without built-in ones (translations.py).
                "text": (form.texts.get("links", {}).get(lang) or ui_text(lang))[
                    "this_in_language" if page == "index.html" else "this_page_in_language"
                ],
            }
            for lang, slug in sorted(form.translations.items())
            if lang != form.language
        ]
