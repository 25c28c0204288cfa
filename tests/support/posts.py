"""A leaver's answers as posted, and what the collector stored of them."""

from __future__ import annotations

VOLUNTARY = {
    "departure": "voluntary",
    "reasons": ["pay", "other"],
    "reasons__other": "Commute",
    "stay": "A shorter commute",
    "conditions": "4",
    "recommend": "8",
    "department": "prefer_not_to_say",
}


def stored(app) -> list[dict]:
    return list(app.extensions["exit_survey"].store.responses("exit-en"))


def version(app, slug: str = "exit-en") -> str:
    return app.extensions["exit_survey"].forms.current(slug).version
