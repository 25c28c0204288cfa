"""Texts that are the same in both language versions: probably not translated yet.

A leaver on the Dutch form should read Dutch everywhere, so every text a page shows is
compared: the front matter, section headings and intros, question texts, hints, the
heading of a statements block, choice and scale labels, the "other" label, the words of
"prefer not to say" and the labels under a recommend scale.
"""

from __future__ import annotations

import re

from .model import Question
from .parser import ParsedFile
from .problems import Problems
from .translation_defaults import HTML_TAG, TextsOrigin, shortened

#: A text this many words long or longer that is identical in both languages is reported as
#: untranslated. Shorter ones ("Marketing", "IT", "0") are often the same in Dutch and English.
UNTRANSLATED_MIN_WORDS = 3


def compare_form_texts(
    first: ParsedFile, second: ParsedFile, problems: Problems, origin: TextsOrigin
) -> None:
    """Report the texts of the front matter and of the sections that ``second`` shares with
    ``first``, at ``second``'s lines."""
    a, b = first.form, second.form
    assert a is not None and b is not None
    where = second.path
    # 'contact' as 'privacy': an address alone ("Mail hr@example.com.") is the same in
    # both languages; a sentence around it is not.
    for key in ("title", "intro_html", "privacy_html", "thank_you_html", "contact_html"):
        text_a, text_b = getattr(a, key), getattr(b, key)
        words = _words(text_a) if key == "contact_html" else text_a
        if text_a and text_a == text_b and _wordy(words):
            name = key.removesuffix("_html")
            if name == "thank_you" and origin.report(problems, text_b):
                continue  # the thank-you text of a texts file, not of this questionnaire
            problems.add(
                where,
                second.line_of.get(name, 1),
                f"'{name}' is the same as in {first.path}",
                f"translate it into {_language_name(b.language)}",
            )
    sections_a = {s.id: s for s in a.sections}
    for sb in b.sections:
        sa = sections_a.get(sb.id)
        if sa is None:
            continue
        for name, text_a, text_b in (
            ("heading", sa.title, sb.title),
            ("intro text", _words(sa.intro_html), _words(sb.intro_html)),
        ):
            if text_a and text_a == text_b and _wordy(text_a):
                problems.add(
                    where,
                    sb.line,
                    f"the {name} of section '{sb.id}' is not translated: '{shortened(text_b)}'",
                    f"translate it; it is the same as in {first.path}:{sa.line}",
                )
    # A statements block's heading is shared by its statements: reported once, at its line.
    questions_a = {q.id: q for q in a.questions}
    seen: set[str] = set()
    for qb in b.questions:
        qa = questions_a.get(qb.id)
        if qa is None or not qb.group or qb.group in seen:
            continue
        seen.add(qb.group)
        if qa.group_text and qa.group_text == qb.group_text and _wordy(qa.group_text):
            problems.add(
                where,
                second.block_lines.get(qb.group, qb.line),
                f"the heading of the statements '{qb.group}' is not translated: "
                f"'{shortened(qb.group_text)}'",
                f"translate it; it is the same as in {first.path}:"
                f"{first.block_lines.get(qa.group, qa.line)}",
            )


def compare_question_texts(
    qa: Question,
    qb: Question,
    first: str,
    where: str,
    problems: Problems,
    origin: TextsOrigin,
) -> None:
    """Report the texts of one question that are the same in both languages; one that came
    from a texts file (``origin``) at that file's line."""
    texts = [
        ("question text", qa.text, qb.text),
        ("hint", qa.hint, qb.hint),
        ("'other' label", qa.other_label, qb.other_label),
        # 'prefer not to say: yes' gives each language its own words; written-out words
        # ('I would rather not answer this') were copied along with the question.
        ("'prefer not to say' text", qa.prefer_not_to_say, qb.prefer_not_to_say),
        ("'low label'", qa.low_label, qb.low_label),
        ("'high label'", qa.high_label, qb.high_label),
    ]
    labels_a = {c.value: c.label for c in qa.choices}
    texts += [(f"choice '{c.value}'", labels_a.get(c.value), c.label) for c in qb.choices]
    for name, text_a, text_b in texts:
        if text_a and text_a == text_b and _wordy(text_a):
            if origin.report(problems, text_b):
                continue
            problems.add(
                where,
                qb.line,
                f"the {name} of '{qb.id}' is not translated: '{shortened(text_b)}'",
                f"translate it; it is the same as in {first}:{qa.line}",
            )


def _words(html: str) -> str:
    """The words a leaver reads in a rendered text: a link's markup made
    "Mail <hr@example.com>." look wordy."""
    return " ".join(w for w in HTML_TAG.sub(" ", html).split() if re.search(r"\w", w))


def _wordy(text: str) -> bool:
    return len(text.split()) >= UNTRANSLATED_MIN_WORDS


def _language_name(code: str) -> str:
    return {"en": "English", "nl": "Dutch"}.get(code, code)
