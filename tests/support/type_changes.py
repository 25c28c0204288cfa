"""The example questionnaire's last question, ``closing``, rewritten as another type of
question, in English and Dutch: what HR does when a question changes type (round 29)."""

from __future__ import annotations

#: ``closing`` as the examples have it, English and Dutch.
CLOSING = (
    "### Is there anything else you would like to tell us? {#closing}\n"
    "- type: long text\n- max length: 2000",
    "### Wil je ons verder nog iets vertellen? {#closing}\n- type: long text\n- max length: 2000",
)


def closing_as(lines: tuple[str, str]) -> tuple[str, str]:
    """``closing`` with its heading kept and its settings replaced by ``lines`` (English,
    Dutch)."""
    return tuple(old.split("\n")[0] + "\n" + new for old, new in zip(CLOSING, lines, strict=True))


#: ``closing``'s settings as each kind of question, English and Dutch (``closing_change``).
KINDS = {
    "long text": ("- type: long text\n- max length: 2000",) * 2,
    "number": ("- type: number\n- min: 0\n- max: 100000",) * 2,
    "date": ("- type: date",) * 2,
    "rating": ("- type: rating\n- scale: quality",) * 2,
    "single choice": (
        "- type: single choice\n- choices:\n  - pay: Pay\n  - manager: My manager",
        "- type: single choice\n- choices:\n  - pay: Salaris\n  - manager: Mijn leidinggevende",
    ),
    "choice or not saying": (
        "- type: single choice\n- prefer not to say: yes\n- choices:\n  - pay: Pay\n  - growth: Growth",
        "- type: single choice\n- prefer not to say: yes\n- choices:\n  - pay: Salaris\n  - growth: Groei",
    ),
}


def closing_change(now: str, to: str) -> list[tuple[str, str]]:
    """The edits (old, new; English and Dutch) that make ``closing``, a ``now`` question
    of ``KINDS``, a ``to`` question: for the ``versions`` fixture's rebuild."""
    return list(zip(closing_as(KINDS[now]), closing_as(KINDS[to]), strict=True))
