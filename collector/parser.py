"""A questionnaire file (Markdown with YAML front matter) into a ``Form``.

The layout HR writes (see docs/authoring.md)::

    ---                          front matter: title, language, privacy, ...
    ---
    ## Section title {#id}       a section; "show if: ..." may be its first line
    Intro text in Markdown.
    ### Question text {#id}      a question; its settings follow as YAML
    - type: single choice

Every problem is added to a ``Problems`` list with its line; nothing here raises for bad
input, so one run reports everything that is wrong in every file.

This module only runs the steps in order; each lives in a module of its own, and none of
them imports this one::

    source_file    the bytes into clean text (encoding, invisible characters)
    front_matter   the settings between the '---' lines, named scales included
    blocks         the body cut at its headings
    sections       blocks into sections and questions (questions.py reads one question)
    cross_checks   unique IDs, and conditions that test earlier choice questions
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import model
from .blocks import front_matter_bounds, split_blocks
from .cross_checks import check_conditions, check_ids
from .defaults import LANGUAGE_TAG, LANGUAGES
from .front_matter import (
    FRONT_MATTER_KEYS,
    RESERVED_SLUGS,
    read_front_matter,
    slug_from_file_name,
)
from .problems import Problems
from .question_settings import DerivedId, QuestionContext, warn_dropped_markup
from .sections import sections_and_questions
from .source_file import read_source, relative_path
from .text import markdown_to_html
from .texts_file import TEMPLATE, read_texts, texts_file_name
from .texts_names import misnamed_texts_file

#: 'language: nl' in a front matter that cannot be read as a whole.
_LANGUAGE_LINE = re.compile(r"^language\s*:\s*(en|nl)\s*$")

# Imported from here by the builder, the tests and the authoring-guide check.
__all__ = [
    "FRONT_MATTER_KEYS",
    "RESERVED_SLUGS",
    "ParsedFile",
    "parse_file",
    "read_source",
    "relative_path",
]


@dataclass
class ParsedFile:
    """A questionnaire file after parsing, before the checks between files."""

    path: str
    form: model.Form | None
    translation: str | None = None
    line_of: dict[str, int] = field(default_factory=dict)
    derived: list[DerivedId] = field(default_factory=list)
    #: (ID, line) of every question read, also when the file has errors; ``complete`` says
    #: that no question was left out for an error, so that translations can be compared.
    questions: list[tuple[str, int]] = field(default_factory=list)
    complete: bool = False
    #: The heading line of each statements block, by block ID (its own heading is a text to
    #: translate, but no question carries that line).
    block_lines: dict[str, int] = field(default_factory=dict)
    #: The 'language:' of the front matter as written, also when the file has errors (a
    #: texts file for no language in use is reported).
    language: str | None = None


def parse_file(path: Path, shown: str, problems: Problems) -> ParsedFile:
    """Parse one questionnaire. ``shown`` is the path used in messages."""
    text = read_source(path, shown, problems)
    result = ParsedFile(shown, None)
    if text is None:
        return result
    lines = text.split("\n")
    before = len(problems.errors)
    bounds = front_matter_bounds(lines, shown, problems)
    if bounds is None:
        return result
    start, end = bounds
    settings = lines[start + 1 : end]
    meta = read_front_matter("\n".join(settings), shown, problems, start + 2)
    if meta is None:
        # The questions are still checked, so that HR sees every problem in one go; only
        # what depends on the settings is left alone (a named scale is taken on trust).
        meta = {"lines": {}, "slug": None, "scales_unread": True}
        meta["language"] = next(
            (m.group(1) for m in map(_LANGUAGE_LINE.match, settings) if m), "en"
        )
    # A missing or wrong setting still leaves the questions worth checking, so that HR sees
    # every problem in one go; the scale names are the same in every language. (A form is
    # built only when there were no problems, so then this is the file's own language.)
    result.language = meta.get("language")
    language = meta.get("language") if meta.get("language") in LANGUAGES else "en"
    texts = _own_texts(path, meta, shown, problems)
    if texts:
        language = meta["language"]
    blocks, preamble_line = split_blocks(lines, end + 1, shown, problems)
    if preamble_line:
        problems.add(
            shown,
            preamble_line,
            "this text is outside any section or question",
            "move it under a '## ' section heading, or into 'intro:' in the front matter",
        )
    if not any(block.level == 3 for block in blocks):
        problems.add(
            shown,
            min(end + 2, len(lines)),
            "the questionnaire has no questions",
            "below the front matter, add a section heading ('## Your departure') and under it "
            "the questions, each starting with '### '; see docs/authoring.md",
        )
    ctx = QuestionContext(
        shown,
        language,
        "",
        meta.get("scales", {}),
        problems,
        scales_unread=bool(meta.get("scales_unread")),
        defaults=texts["answers"] if texts else None,
    )
    sections, questions = sections_and_questions(blocks, ctx)
    result.derived = ctx.derived
    result.questions = [(q.id, q.line) for q in questions]
    result.complete = not ctx.broken
    result.block_lines = dict(ctx.blocks)
    result.translation = meta.get("translation")
    result.line_of = meta["lines"]
    # Only when every question was read: a question with a mistake (a typo in its type, a
    # tab) is left out, and the scale it uses would be called unused, above the mistake,
    # with 'or remove it' for the first message HR fixes.
    unused = {} if ctx.broken or not questions else meta.get("scale_lines", {})
    for name, line in unused.items():
        if name not in ctx.scales_used:
            problems.add(
                shown,
                line,
                f"no question uses the scale '{name}'",
                f"use it with '- scale: {name}' on a rating question, or remove it",
                warning=True,
            )
    for key in ("intro", "privacy", "thank_you", "contact"):
        if key in meta["lines"]:
            at = meta["lines"][key]
            warn_dropped_markup(problems, shown, meta.get(key), at, source=lines[at - 1 : end])
    check_ids(sections, questions, shown, problems, ctx.blocks)
    check_conditions(sections, questions, ctx)
    slug = meta["slug"] or slug_from_file_name(path.name, shown, problems)
    if len(problems.errors) > before:
        return result
    form = model.Form(
        slug=slug,
        language=language,
        title=meta["title"],
        source=path.name,  # not the build machine's path: form.json is public
        intro_html=markdown_to_html(meta.get("intro")),
        privacy_html=markdown_to_html(meta.get("privacy")),
        thank_you_html=markdown_to_html(meta.get("thank_you") or str(ctx.words["thank_you"])),
        contact_html=markdown_to_html(meta.get("contact")),
        sections=tuple(sections),
        questions=tuple(questions),
        texts=texts or {},
        closed=meta.get("closed") is True,
    )
    result.form = form
    return result


def _own_texts(path: Path, meta: dict, shown: str, problems: Problems) -> dict | None:
    """The page's words for a language without built-in ones, from the texts file beside
    the questionnaire; a missing file is reported at the 'language:' line, with what to do."""
    language = meta.get("language")
    if not language or language in LANGUAGES or not LANGUAGE_TAG.match(language):
        return None
    shown_folder = shown.rpartition("/")[0]
    # Anything under that name (a folder, a named pipe, a broken link too) is read, so that
    # read_texts says what is wrong with it rather than that the file is missing.
    if os.path.lexists(path.parent / texts_file_name(language)):
        return read_texts(path.parent, language, shown_folder, problems)
    misnamed = misnamed_texts_file(path.parent, language)
    if misnamed:
        problems.add(
            shown,
            meta["lines"]["language"],
            f"the builder reads the page's words in '{language}' from "
            f"{texts_file_name(language)}, but the file is named {misnamed}",
            f"rename {misnamed} to {texts_file_name(language)}: all lowercase, with '-' "
            "and ending in '.yml'",
        )
        return None
    problems.add(
        shown,
        meta["lines"]["language"],
        f"the builder has no words in '{language}' for the page itself (buttons, "
        "'(optional)', error messages, the built-in scales)",
        f"copy {TEMPLATE} to {shown_folder + '/' if shown_folder else ''}"
        f"{texts_file_name(language)} and translate every text between double quotes; or "
        "use 'en' or 'nl', which have them built in; see docs/authoring.md, section 10",
    )
    return None
