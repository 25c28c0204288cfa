"""Checks between a questionnaire and its translation.

A Dutch and an English version of one questionnaire must share every question ID, type,
choice code, condition and limit, so that answers in both languages land in one dataset.
What differs must be the words: a text that is the same in both is probably untranslated.
"""

from __future__ import annotations

import difflib
from dataclasses import replace

from .model import RATING, Form, Question
from .parser import ParsedFile
from .problems import Problems
from .translation_defaults import TextsOrigin
from .translation_texts import compare_form_texts, compare_question_texts


def link_translations(
    files: list[ParsedFile], source_dir_name: str, problems: Problems
) -> list[Form]:
    """Resolve ``translation:`` references, check each pair, and fill ``Form.translations``."""
    by_name = {f.path.rsplit("/", 1)[-1]: f for f in files}
    partner: dict[str, ParsedFile] = {}
    for parsed in files:
        if parsed.form is None or not parsed.translation:
            continue
        line = parsed.line_of.get("translation", 1)
        name = parsed.translation.rsplit("/", 1)[-1]
        other = by_name.get(name)
        if other is None:
            problems.add(
                parsed.path,
                line,
                f"the translation '{parsed.translation}' does not exist",
                _missing_translation_fix(parsed, files, source_dir_name),
            )
            continue
        if other is parsed:
            problems.add(
                parsed.path,
                line,
                "a questionnaire cannot be its own translation",
                "name the file of the other language version",
            )
            continue
        if other.form is None:
            continue  # its own problems are reported already
        if other.form.language == parsed.form.language:
            problems.add(
                parsed.path,
                line,
                f"'{name}' is in the same language ({parsed.form.language})",
                "a translation must be in the other language: correct 'language:' on line "
                f"{parsed.line_of.get('language', 1)} here or on line "
                f"{other.line_of.get('language', 1)} of '{name}', or name the other "
                "language's file here",
            )
            continue
        claimed = partner.get(other.path)
        if claimed is not None and claimed is not parsed:
            problems.add(
                parsed.path,
                line,
                f"'{name}' is already the translation of {claimed.path}",
                "each questionnaire has one translation per language",
            )
            continue
        if (
            other.translation
            and other.translation.rsplit("/", 1)[-1] != parsed.path.rsplit("/", 1)[-1]
            # A file it names that does not exist is reported above, with this file as the fix.
            and other.translation.rsplit("/", 1)[-1] in by_name
        ):
            problems.add(
                other.path,
                other.line_of.get("translation", 1),
                f"this file names '{other.translation}' as its translation, but "
                f"{parsed.path} names this file",
                "make the two files name each other",
            )
            continue
        partner[parsed.path] = other
        partner[other.path] = parsed
    _compare_files_with_errors(files, by_name, problems)
    checked: set[frozenset[str]] = set()
    for path, other in partner.items():
        pair = frozenset((path, other.path))
        if pair not in checked:
            checked.add(pair)
            first, second = sorted((by_path(files, path), other), key=lambda f: f.path)
            compare(first, second, problems)
    forms = []
    for parsed in files:
        if parsed.form is None:
            continue
        form = parsed.form
        other = partner.get(parsed.path)
        if other is not None and other.form is not None:
            form = replace(
                form,
                translations={other.form.language: other.form.slug},
                texts=_with_link_words(form, other.form),
            )
        forms.append(form)
    return forms


def _with_link_words(form: Form, other: Form) -> dict:
    """``form``'s texts, with the words of the link to ``other`` ("This questionnaire in
    Hebrew", in Hebrew) when ``other``'s language has no built-in words: the renderer only
    has the one form at hand."""
    words = other.texts.get("page")
    if not words:
        return form.texts
    keys = ("this_in_language", "this_page_in_language")
    return {**form.texts, "links": {other.language: {k: words[k] for k in keys}}}


def _compare_files_with_errors(
    files: list[ParsedFile], by_name: dict[str, ParsedFile], problems: Problems
) -> None:
    """A file with errors is not compared with its translation, but when all its questions
    could be read, one missing from it is still reported: it often causes those errors (a
    condition that tests a question this file lacks)."""
    for parsed in files:
        if parsed.form is not None or not parsed.translation or not parsed.complete:
            continue
        other = by_name.get(parsed.translation.rsplit("/", 1)[-1])
        if other is None or other.form is None or other is parsed:
            continue
        first, second = sorted((parsed, other), key=lambda f: f.path)
        _compare_order(
            "question", first.questions, second.questions, first.path, second.path, problems
        )


def by_path(files: list[ParsedFile], path: str) -> ParsedFile:
    return next(f for f in files if f.path == path)


def _missing_translation_fix(
    parsed: ParsedFile, files: list[ParsedFile], source_dir_name: str
) -> str:
    """How to fix a 'translation:' that names no file: the file that names this one as its
    translation, a file whose name is nearly the same, or the usual name."""
    own = parsed.path.rsplit("/", 1)[-1]
    names = [f.path.rsplit("/", 1)[-1] for f in files if f is not parsed]
    for f, name in zip([f for f in files if f is not parsed], names, strict=True):
        if f.translation and f.translation.rsplit("/", 1)[-1] == own:
            return f"did you mean '{name}'? It names this file as its translation"
    wanted = parsed.translation.rsplit("/", 1)[-1]
    close = [n for n in names if n.lower() == wanted.lower()]
    close = close or difflib.get_close_matches(wanted, names, n=1, cutoff=0.8)
    if close:
        return f"did you mean '{close[0]}'?"
    later = "or leave the line out until the translation is written"
    if _suggest(parsed) == wanted:  # the usual name: the file is not there yet
        return f"add the other language version as {source_dir_name}/{wanted}, {later}"
    return (
        f"give the file name of the other language version in {source_dir_name}/, e.g. "
        f"'translation: {_suggest(parsed)}', {later}"
    )


def _suggest(parsed: ParsedFile) -> str:
    stem = parsed.path.rsplit("/", 1)[-1].removesuffix(".md")
    language = parsed.form.language if parsed.form else "en"
    other = "nl" if language == "en" else "en"
    if stem.endswith(f"-{language}"):
        return stem[: -len(language)] + other + ".md"
    return f"{stem}-{other}.md"


def compare(first: ParsedFile, second: ParsedFile, problems: Problems) -> None:
    """Report every way in which two language versions disagree; blame ``second``'s lines."""
    a, b = first.form, second.form
    assert a is not None and b is not None
    where = second.path
    a_questions = [(q.id, q.line) for q in a.questions]
    b_questions = [(q.id, q.line) for q in b.questions]
    _compare_order("question", a_questions, b_questions, first.path, where, problems)
    a_sections = [(s.id, s.line) for s in a.sections]
    b_sections = [(s.id, s.line) for s in b.sections]
    _compare_order("section", a_sections, b_sections, first.path, where, problems)
    same_order = [i for i, _ in a_questions] == [i for i, _ in b_questions]
    b_section = {s.id: s for s in b.sections}
    for sa in a.sections:
        sb = b_section.get(sa.id)
        if sb is None:
            continue
        if sa.show_if != sb.show_if:
            problems.add(
                where,
                sb.line,
                f"the 'show if' of section '{sb.id}' differs from {first.path}:{sa.line}",
                "translations must show a section under the same condition",
            )
        if same_order and sa.question_ids != sb.question_ids:
            problems.add(
                where,
                sb.line,
                f"section '{sb.id}' holds the questions {_ids(sb.question_ids)} here but "
                f"{_ids(sa.question_ids)} in {first.path}:{sa.line}",
                "start each section before the same question in both languages",
            )
    b_ids = {q.id for q in b.questions}
    origin = TextsOrigin(first, second)
    for qa in a.questions:
        if qa.id not in b_ids:
            continue
        _compare_question(qa, b.question(qa.id), first.path, where, problems, origin)
    _compare_contact(first, second, problems)
    compare_form_texts(first, second, problems, origin)


def _compare_contact(first: ParsedFile, second: ParsedFile, problems: Problems) -> None:
    """A warning when only one language says whom to ask: its leavers would have help that
    those of the other language lack. At line 1 of the file without it: nothing to point at."""
    assert first.form is not None and second.form is not None
    for has, lacks in ((first, second), (second, first)):
        assert has.form is not None and lacks.form is not None
        if has.form.contact_html and not lacks.form.contact_html:
            problems.add(
                lacks.path,
                1,
                f"this file has no 'contact', but its translation {has.path} has one "
                f"(line {has.line_of.get('contact', 1)})",
                f"add 'contact:' in {_language_name(lacks.form.language)}, so that leavers "
                "in both languages know whom to ask",
                warning=True,
            )


def _compare_order(
    kind: str,
    a_items: list[tuple[str, int]],
    b_items: list[tuple[str, int]],
    first: str,
    where: str,
    problems: Problems,
) -> None:
    """Report questions or sections (ID, line) that one language has and the other has not,
    or that come in another order, each at the line an author has to change."""
    a_ids = [i for i, _ in a_items]
    b_ids = [i for i, _ in b_items]
    if a_ids == b_ids:
        return
    a_line, b_line = dict(a_items), dict(b_items)
    for item_id, line in b_items:
        if item_id not in a_line:
            problems.add(
                where,
                line,
                f"{kind} '{item_id}' is not in the translation {first}",
                f"give it the same ID as the matching {kind} in {first}",
            )
    for n, item_id in enumerate(a_ids):
        if item_id in b_line:
            continue
        # Point at the place it belongs: just before the next one both languages have.
        later = next((i for i in a_ids[n + 1 :] if i in b_line), None)
        line = b_line[later] if later else (b_items[-1][1] if b_items else 1)
        problems.add(
            where,
            line,
            f"{kind} '{item_id}' ({first}:{a_line[item_id]}) is missing here",
            "translate it, with the same {#" + item_id + "} ID",
        )
    shared = [i for i in b_ids if i in a_line]
    expected = [i for i in a_ids if i in b_line]
    at = next((n for n, (x, y) in enumerate(zip(shared, expected, strict=True)) if x != y), None)
    if at is not None:
        problems.add(
            where,
            b_line[shared[at]],
            f"the {kind}s are in a different order than in {first}: '{shared[at]}' comes "
            f"here where {first} has '{expected[at]}'",
            f"put the {kind}s in the same order in both languages",
        )


_SAME_KEYS = (
    "type",
    "required",
    "max_length",
    "min",
    "max",
    "step",
    "month_only",
    "show_if",
    "group",
)


def _compare_question(
    qa: Question, qb: Question, first: str, where: str, problems: Problems, origin: TextsOrigin
) -> None:
    for key in _SAME_KEYS:
        if getattr(qa, key) != getattr(qb, key):
            problems.add(
                where,
                qb.line,
                f"'{key.replace('_', ' ')}' of question '{qb.id}' differs from {first}:{qa.line}",
                "translations must ask the same question in the same way",
            )
    values_a = [c.value for c in qa.choices]
    values_b = [c.value for c in qb.choices]
    if values_a != values_b and qa.type == qb.type == RATING:
        # Scale points are numbered by the builder: only their number can differ.
        problems.add(
            where,
            qb.line,
            f"the scale of question '{qb.id}' has {len(values_b)} points here but "
            f"{len(values_a)} in {first}:{qa.line}",
            "give the scale the same number of points, in the same order, in both languages",
        )
    elif values_a != values_b:
        problems.add(
            where,
            qb.line,
            f"question '{qb.id}' has choices {', '.join(values_b) or '(none)'} here but "
            f"{', '.join(values_a) or '(none)'} in {first}:{qa.line}",
            "use the same choice codes in the same order in both languages",
        )
    if (qa.other_label is None) != (qb.other_label is None):
        problems.add(
            where,
            qb.line,
            f"question '{qb.id}' offers 'other' in only one language",
            f"add or remove 'other' to match {first}",
        )
    if (qa.prefer_not_to_say is None) != (qb.prefer_not_to_say is None):
        problems.add(
            where,
            qb.line,
            f"question '{qb.id}' offers 'prefer not to say' in only one language",
            f"add or remove it to match {first}",
        )
    compare_question_texts(qa, qb, first, where, problems, origin)


def _ids(ids: tuple[str, ...]) -> str:
    return ", ".join(ids) if ids else "(none)"


def _language_name(code: str) -> str:
    return {"en": "English", "nl": "Dutch"}.get(code, code)
