"""Checks between a questionnaire and its translation.

A Dutch and an English version of one questionnaire must share every question ID, type,
choice code, condition and limit, so that answers in both languages land in one dataset.
What differs must be the words: a text that is the same in both is probably untranslated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .model import RATING, Form, Question
from .parser import ParsedFile
from .problems import MOST_NAMED, Problems, first_few, listed
from .translation_defaults import TextsOrigin
from .translation_groups import Group, translation_groups, translation_names
from .translation_texts import compare_form_texts, compare_question_texts


def link_translations(
    files: list[ParsedFile], source_dir_name: str, problems: Problems
) -> list[Form]:
    """Resolve ``translation:`` references, check each questionnaire's language versions
    against each other, and fill ``Form.translations``."""
    groups = translation_groups(files, source_dir_name, problems)
    _compare_files_with_errors(files, problems)
    family: dict[str, list[ParsedFile]] = {}
    for group in groups:
        check_group(group, problems)
        for parsed in group.files:
            family[parsed.path] = group.files
    forms = []
    for parsed in files:
        if parsed.form is None:
            continue
        form = parsed.form
        others = [o.form for o in family.get(parsed.path, []) if o is not parsed and o.form]
        if others:
            form = replace(
                form,
                translations={o.language: o.slug for o in others},
                texts=_with_link_words(form, others),
            )
        forms.append(form)
    return forms


def check_group(group: Group, problems: Problems) -> None:
    """Every version against the reference (the original), so that a difference is
    reported once, at the version that has it; the texts of every two versions against
    each other, so that a German file copied from the Dutch one and left in Dutch is found."""
    reference = group.reference
    others = sorted((f for f in group.files if f is not reference), key=lambda f: f.path)
    _compare_contacts(group, problems)
    _compare_closed(group, problems)
    if len(group.files) == 2:
        # A pair as it always was: the file whose path sorts last is blamed.
        first, second = sorted(group.files, key=lambda f: f.path)
        compare(first, second, problems)
        return
    for other in others:
        compare(reference, other, problems)
    for n, first in enumerate(others):
        for second in others[n + 1 :]:
            compare(first, second, problems, texts_only=True)


def _with_link_words(form: Form, others: list[Form]) -> dict:
    """``form``'s texts, with the words of the links to ``others`` ("This questionnaire in
    Hebrew", in Hebrew) for each language without built-in words: the renderer only has
    the one form at hand."""
    keys = ("this_in_language", "this_page_in_language")
    links = {
        o.language: {k: o.texts["page"][k] for k in keys} for o in others if o.texts.get("page")
    }
    return {**form.texts, "links": links} if links else form.texts


def _compare_files_with_errors(files: list[ParsedFile], problems: Problems) -> None:
    """A file with errors is not compared with its translations, but when all its questions
    could be read, one missing from it is still reported: it often causes those errors (a
    condition that tests a question this file lacks)."""
    by_name = {f.path.rsplit("/", 1)[-1]: f for f in files}
    for parsed in files:
        if parsed.form is not None or not parsed.complete or not parsed.questions:
            # Without questions (a file emptied below its front matter), every question of
            # the other version would be "not in the translation": one line each, burying
            # the one problem that matters.
            continue
        for name in translation_names(parsed.translation):
            other = by_name.get(name)
            if other is None or other.form is None or other is parsed:
                continue
            first, second = sorted((parsed, other), key=lambda f: f.path)
            _compare_order(
                "question", first.questions, second.questions, first.path, second.path, problems
            )


def compare(
    first: ParsedFile, second: ParsedFile, problems: Problems, *, texts_only: bool = False
) -> None:
    """Report every way in which two language versions disagree; blame ``second``'s lines.
    ``texts_only``: only texts that are the same in both (the rest was checked against a
    third version)."""
    a, b = first.form, second.form
    assert a is not None and b is not None
    where = second.path
    origin = TextsOrigin(first, second)
    if texts_only:
        questions_b = {q.id: q for q in b.questions}
        for qa in a.questions:
            if qa.id in questions_b:
                compare_question_texts(qa, questions_b[qa.id], first.path, where, problems, origin)
        compare_form_texts(first, second, problems, origin)
        return
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
                "section '{}' holds the questions {} here but {} in {}:{}".format(
                    sb.id,
                    *_where_they_differ(sb.question_ids, sa.question_ids),
                    first.path,
                    sa.line,
                ),
                "start each section before the same question in both languages",
            )
    b_ids = {q.id for q in b.questions}
    for qa in a.questions:
        if qa.id not in b_ids:
            continue
        _compare_question(qa, b.question(qa.id), first.path, where, problems, origin)
    compare_form_texts(first, second, problems, origin)


def _compare_contacts(group: Group, problems: Problems) -> None:
    """A warning at every version without a 'contact' when another version has one: its
    leavers would lack the help that those of the other languages have. Once per file,
    naming the original if it has one; at line 1: there is nothing to point at."""
    having = [f for f in group.files if f.form is not None and f.form.contact_html]
    if not having:
        return
    has = group.reference if group.reference in having else min(having, key=lambda f: f.path)
    every = "both languages" if len(group.files) == 2 else "every language"
    for lacks in sorted(group.files, key=lambda f: f.path):
        assert lacks.form is not None
        if lacks.form.contact_html:
            continue
        problems.add(
            lacks.path,
            1,
            f"this file has no 'contact', but its translation {has.path} has one "
            f"(line {has.line_of.get('contact', 1)})",
            f"add 'contact:' in {_language_name(lacks.form.language)}, so that leavers "
            f"in {every} know whom to ask",
            warning=True,
        )


def _compare_closed(group: Group, problems: Problems) -> None:
    """A warning at every version that says 'closed: yes' while another version is open:
    the survey would take answers in one language only, and each version's page links
    to the others. At the 'closed:' line, or at line 1 of an open one."""
    closed = sorted((f for f in group.files if f.form and f.form.closed), key=lambda f: f.path)
    if not closed or len(closed) == len(group.files):
        return
    still_open = sorted((f for f in group.files if f not in closed), key=lambda f: f.path)
    names = ", ".join(f.path for f in still_open)
    for file in closed:
        problems.add(
            file.path,
            file.line_of.get("closed", 1),
            f"this questionnaire is closed, but its translation {names} is still open",
            "write 'closed: yes' in every language version to close the survey, or in none",
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
    # A few one by one, then the rest in one line: 300 questions not translated yet were
    # 300 lines, and the build's other messages scrolled out of sight.
    extra, more_extra = first_few([(i, line) for i, line in b_items if i not in a_line])
    for item_id, line in extra:
        problems.add(
            where,
            line,
            f"{kind} '{item_id}' is not in the translation {first}",
            # The file that sorts last is blamed: it may be the original, with the
            # question simply not translated yet.
            f"add it to {first}, translated, with the same {{#{item_id}}}; or, if {first} "
            f"asks it under another ID, give the two the same ID",
        )
    if more_extra:
        next_id, line = [(i, n) for i, n in b_items if i not in a_line][len(extra)]
        problems.add(
            where,
            line,
            # "the other", not "and 290 more": problems at one line are listed in the
            # order of their words, and this one belongs after "question '...'".
            f"the other {more_extra} {kind}s here, from '{next_id}' on, are not in the "
            f"translation {first} either",
            f"add them to {first}, translated, with the same IDs; the build names them "
            "one by one once fewer are left",
        )
    missing_ids = [i for i in a_ids if i not in b_line]
    missing, more_missing = first_few(missing_ids)
    for item_id in missing:
        problems.add(
            where,
            _place_in(item_id, a_ids, b_line, b_items),
            f"{kind} '{item_id}' ({first}:{a_line[item_id]}) is missing here",
            "translate it, with the same {#" + item_id + "} ID",
        )
    if more_missing:
        next_id = missing_ids[len(missing)]
        problems.add(
            where,
            _place_in(next_id, a_ids, b_line, b_items),
            f"the other {more_missing} {kind}s of {first} from '{next_id}' "
            f"({first}:{a_line[next_id]}) on are missing here too",
            "translate them as well, with the same IDs; the build names them one by one once "
            "fewer are left",
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


def _place_in(
    item_id: str, a_ids: list[str], b_line: dict[str, int], b_items: list[tuple[str, int]]
) -> int:
    """The line where ``item_id``, missing from the second version, belongs: just before
    the next one both languages have, else at the last one."""
    after = a_ids[a_ids.index(item_id) + 1 :]
    later = next((i for i in after if i in b_line), None)
    return b_line[later] if later else (b_items[-1][1] if b_items else 1)


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
            "question '{}' has choices {} here but {} in {}:{}".format(
                qb.id, *_where_they_differ(values_b, values_a), first, qa.line
            ),
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


def _where_they_differ(here: Sequence[str], there: Sequence[str]) -> tuple[str, str]:
    """Two lists of codes as a message shows them: whole when short; when long, from just
    before the first place they differ, each capped, so that a message about 300 choices
    stays readable and still shows the difference (the first ten alone may be the same)."""
    if max(len(here), len(there)) <= MOST_NAMED + 1:
        return ", ".join(here) or "(none)", ", ".join(there) or "(none)"
    differ = next((n for n, (x, y) in enumerate(zip(here, there, strict=False)) if x != y), None)
    start = max((min(len(here), len(there)) if differ is None else differ) - 1, 0)
    before = "..., " if start else ""
    return (
        f"{before}{listed(here[start:])}" if here else "(none)",
        f"{before}{listed(there[start:])}" if there else "(none)",
    )


def _language_name(code: str) -> str:
    return {"en": "English", "nl": "Dutch"}.get(code, code)
