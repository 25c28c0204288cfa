"""Untranslated words of a texts file, found when a pair of languages is compared.

A German questionnaire gets "Prefer not to say", the built-in scales' labels and the
thank-you text from texts-de.yml. Left in English there, they are the same as on the
English partner's page, and the pair check said so at the English file: "the 'prefer not to
say' text of 'departure' is not translated", to be translated into English. The words to
change are in the texts file: this names it, with the line and the name of the text.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from .model import Form
from .parser import ParsedFile
from .problems import Problem, Problems
from .texts_file import STILL_ENGLISH, texts_file_name

#: The words of a questionnaire that come from its texts file when it does not write its own.
_ANSWER_TEXTS = ("other", "prefer_not_to_say", "recommend_low", "recommend_high", "thank_you")
#: An HTML tag, left out of a rendered text to compare its words.
HTML_TAG = re.compile(r"<[^>]*>")


class TextsOrigin:
    """Where the texts of a pair came from, to report an untranslated one at its source."""

    def __init__(self, first: ParsedFile, second: ParsedFile) -> None:
        self.pair = [(p, p.form) for p in (first, second) if p.form is not None]
        self._lines: dict[str, list[str]] = {}  # each texts file read once per pair

    def report(self, problems: Problems, text: str) -> bool:
        """Report ``text`` at the line of the texts file it came from, once; False when it
        came from no texts file (the questionnaire wrote it)."""
        plain = " ".join(html.unescape(HTML_TAG.sub(" ", text)).split())
        for parsed, form in self.pair:
            name = _name_in(form, plain)
            if name is None:
                continue
            other = next(p.path for p, f in self.pair if f is not form)
            folder = parsed.path.rpartition("/")[0]
            shown = (
                f"{folder}/{texts_file_name(form.language)}"
                if folder
                else texts_file_name(form.language)
            )
            line = self._line_of(shown, plain)
            what = f"{name} is not translated: '{shortened(plain)}'"
            # Once per text, also when the versions of a questionnaire in three or more
            # languages show it the same as this one.
            # The texts file's own warning that this text is still the English one: said
            # once, as this error, which names the page that shows it.
            for problem in [
                p
                for p in problems
                if p.warning and p.path == shown and p.line == line and STILL_ENGLISH in p.message
            ]:
                problems.remove(problem)
            if not any(
                p.path == shown and p.line == line and p.message.startswith(what) for p in problems
            ):
                problems.append(
                    Problem(
                        shown,
                        line,
                        f"{what} is the same in {other}",
                        f"translate it here: {parsed.path} shows it on its page",
                    )
                )
            return True
        return False

    def _line_of(self, shown: str, text: str) -> int:
        """The first line of the texts file ``shown`` with ``text`` on it (1 when it cannot
        be read)."""
        if shown not in self._lines:
            try:
                self._lines[shown] = Path(shown).read_text(encoding="utf-8-sig").splitlines()
            except (OSError, UnicodeDecodeError):
                self._lines[shown] = []
        return next((n for n, line in enumerate(self._lines[shown], 1) if text in line), 1)


def _name_in(form: Form, text: str) -> str | None:
    answers = form.texts.get("answers") if form.texts else None
    if not answers:
        return None
    for key in _ANSWER_TEXTS:
        if " ".join(str(answers.get(key, "")).split()) == text:
            return f"the text '{key}'"
    for scale, labels in answers.get("scales", {}).items():
        if text in labels:
            return f"a label of the scale '{scale}'"
    return None


def shortened(text: str) -> str:
    """``text`` cut to 50 characters for a message."""
    return text if len(text) <= 50 else text[:47] + "..."
