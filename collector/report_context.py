"""What every view of the report needs: the counts, the language's words, the group sizes.

:class:`Context` also names things: an answer code's label, the groups a one-answer question
divides people into (the same list for every view of it), and a measure's row header.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import model
from .model import Question
from .report_codes import EARLIER
from .report_formats import count_text, short_label
from .report_hiding import NO_ANSWER
from .report_measures import Measure
from .report_stats import Tally


@dataclass
class Context:
    """What every view needs: the counts, the language's words and the group sizes."""

    tally: Tally
    t: dict[str, str]
    lang: str
    k: int
    kt: int
    #: Question ID -> the text of the one-answer question whose hidden groups its condition
    #: splits (``report_questions.asked_of_hidden_groups``): no view shows its numbers.
    held: dict[str, str] = field(default_factory=dict)

    @property
    def measures(self) -> list[Measure]:
        """The measures any view may show: none of a question that is ``held``."""
        return [
            m for m in self.tally.layout.measures if not (m.question and m.question.id in self.held)
        ]

    def num(self, n: int) -> str:
        return count_text(n, self.lang)

    def label(self, question: Question, code: str) -> str:
        if code == NO_ANSWER:
            return self.t["no_answer"]
        if code == EARLIER:
            codes = self.tally.codes.get(question.id)
            return self.t["earlier_choices"].format(
                labels=", ".join(codes.earlier if codes else ())
            )
        if code == model.OTHER_VALUE and question.other_label:
            return question.other_label
        for choice in question.choices:
            if choice.value == code:
                return choice.label
        return code

    def groups(self, question: Question) -> list[tuple[str, str]]:
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

    def measure_label(self, m: Measure) -> str:
        if m.kind == "fav_all":
            return self.t["all_ratings"]
        assert m.question is not None
        if m.kind == "enps":
            return self.t["enps"]
        return short_label(m.question.text)
