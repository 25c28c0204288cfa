"""What every view of the report needs: the counts, the language's words, the group sizes.

:class:`Context` also names things: an answer code's label, the groups a one-answer question
divides people into (the same list for every view of it), and a measure's row header.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from . import model
from .model import Question
from .report_codes import EARLIER
from .report_formats import count_text, short_label
from .report_hiding import NO_ANSWER
from .report_measures import Measure
from .report_stats import Tally
from .report_text import isolated, sentence


@dataclass
class Context:
    """What every view needs: the counts, the language's words and the group sizes."""

    tally: Tally
    t: dict[str, str]
    lang: str
    k: int
    kt: int
    #: Question ID -> the text of the one-answer question whose hidden groups its condition
    #: splits (``report_held.asked_of_hidden_groups``): no view shows its numbers.
    held: dict[str, str] = field(default_factory=dict)

    @property
    def measures(self) -> list[Measure]:
        """The measures any view may show: none of a question that is ``held``."""
        return [
            m for m in self.tally.layout.measures if not (m.question and m.question.id in self.held)
        ]

    def num(self, n: int) -> str:
        return count_text(n, self.lang)

    def quote(self, text: str) -> str | Markup:
        """A text of the questionnaire among the report's own words (report_text.isolated)."""
        return isolated(text, self.lang)

    def say(self, key: str, **values: object) -> Markup:
        """The report's words ``key`` filled in; quoted texts stay isolated."""
        return sentence(self.t[key], **values)

    def label(self, question: Question, code: str) -> str | Markup:
        """An answer's name: the questionnaire's label (isolated), or the report's words."""
        if code == NO_ANSWER:
            return self.t["no_answer"]
        if code == EARLIER:
            codes = self.tally.codes.get(question.id)
            return self.say(
                "earlier_choices",
                labels=Markup(", ").join(self.quote(c) for c in (codes.earlier if codes else ())),
            )
        if code == model.OTHER_VALUE and question.other_label:
            return self.quote(question.other_label)
        for choice in question.choices:
            if choice.value == code:
                return self.quote(choice.label)
        return code

    def groups(self, question: Question) -> list[tuple[str, str | Markup]]:
        """(code, label) of every group a one-answer question divides people into.

        The same list for the question's own chart and for a split or breakdown by it, and
        fixed by the questionnaire's versions, not by the answers: a group that nobody is
        in is hidden like one that a few are in, never left out.
        """
        codes = self.tally.codes.get(question.id)
        groups = []
        if codes is not None:
            groups = [(c, self.label(question, c)) for c, g in codes.groups.items() if g == c]
            if codes.earlier:
                groups.append((EARLIER, self.label(question, EARLIER)))
        return [*groups, (NO_ANSWER, self.t["no_answer"])]

    def measure_label(self, m: Measure) -> str | Markup:
        if m.kind == "fav_all":
            return self.t["all_ratings"]
        assert m.question is not None
        if m.kind == "enps":
            return self.t["enps"]
        return self.quote(short_label(m.question.text))
