"""Checks between a questionnaire and its translation.

A Dutch and an English version of one questionnaire must share every question ID, type,
choice code, condition and limit, so that answers in both languages land in one dataset.
What differs must be the words: a text that is the same in both is probably untranslated.
"""

from __future__ import annotations

from dataclasses import replace

from .model import Form, Question
from .parser import ParsedFile
from .problems import Problems

#: A text this many words long or longer that is identical in both languages is reported as
#: untranslated. Shorter ones ("Marketing", "IT", "0") are often the same in Dutch and English.
UNTRANSLATED_MIN_WORDS = 3


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
                f"give the file name of the other language version in {source_dir_name}/, "
                f"e.g. 'translation: {_suggest(parsed)}'",
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
                "a translation must be in the other language",
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
            form = replace(form, translations={other.form.language: other.form.slug})
        forms.append(form)
    return forms


def by_path(files: list[ParsedFile], path: str) -> ParsedFile:
    return next(f for f in files if f.path == path)


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
    a_ids = [q.id for q in a.questions]
    b_ids = [q.id for q in b.questions]
    if a_ids != b_ids:
        missing = [i for i in a_ids if i not in b_ids]
        extra = [i for i in b_ids if i not in a_ids]
        for qid in extra:
            problems.add(
                where,
                b.question(qid).line,
                f"question '{qid}' is not in the translation {first.path}",
                f"give it the same ID as the matching question in {first.path}",
            )
        for qid in missing:
            problems.add(
                where,
                1,
                f"question '{qid}' ({first.path}:{a.question(qid).line}) is missing here",
                "translate it, with the same {#" + qid + "} ID",
            )
        if not missing and not extra:
            problems.add(
                where,
                b.questions[0].line,
                f"the questions are in a different order than in {first.path}",
                "put them in the same order in both languages",
            )
    a_sections = [(s.id, s.show_if) for s in a.sections]
    b_sections = [(s.id, s.show_if) for s in b.sections]
    if a_sections != b_sections:
        problems.add(
            where,
            b.sections[0].line if b.sections else 1,
            f"the sections (IDs or conditions) differ from {first.path}",
            "give the sections the same {#id} and the same 'show if' in both languages",
        )
    for qa in a.questions:
        if qa.id not in b_ids:
            continue
        _compare_question(qa, b.question(qa.id), first.path, where, problems)
    for key in ("title", "intro_html", "privacy_html", "thank_you_html"):
        text_a, text_b = getattr(a, key), getattr(b, key)
        if text_a and text_a == text_b and _wordy(text_a):
            name = key.removesuffix("_html")
            problems.add(
                where,
                second.line_of.get(name, 1),
                f"'{name}' is the same as in {first.path}",
                f"translate it into {_language_name(b.language)}",
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
    qa: Question, qb: Question, first: str, where: str, problems: Problems
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
    if values_a != values_b:
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
    texts = [
        ("question text", qa.text, qb.text),
        ("hint", qa.hint, qb.hint),
        ("'other' label", qa.other_label, qb.other_label),
    ]
    labels_a = {c.value: c.label for c in qa.choices}
    texts += [(f"choice '{c.value}'", labels_a.get(c.value), c.label) for c in qb.choices]
    for name, text_a, text_b in texts:
        if text_a and text_a == text_b and _wordy(text_a):
            problems.add(
                where,
                qb.line,
                f"the {name} of '{qb.id}' is not translated: '{_short(text_b)}'",
                f"translate it; it is the same as in {first}:{qa.line}",
            )


def _wordy(text: str) -> bool:
    return len(text.split()) >= UNTRANSLATED_MIN_WORDS


def _short(text: str) -> str:
    return text if len(text) <= 50 else text[:47] + "..."


def _language_name(code: str) -> str:
    return {"en": "English", "nl": "Dutch"}.get(code, code)
