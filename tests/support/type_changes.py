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
