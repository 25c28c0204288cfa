"""The words of the pages a questionnaire's life cycle shows, per language."""

from __future__ import annotations

WORDS = {
    "en": dict(
        title="Exit survey",
        other="nl",
        privacy="Your answers are anonymous and only HR reads them; taking part is voluntary.",
        thanks="Thank you for your answers and all the best.",
        section="Your time with us",
        departure="How did your employment end?",
        voluntary="I resigned",
        dismissed="My employer ended it",
    ),
    "nl": dict(
        title="Vertrekenquête",
        other="en",
        privacy="Je antwoorden zijn anoniem en alleen HR leest ze; meedoen is vrijwillig.",
        thanks="Bedankt voor je antwoorden en het allerbeste.",
        section="Je tijd bij ons",
        departure="Hoe is je dienstverband geëindigd?",
        voluntary="Ik heb zelf ontslag genomen",
        dismissed="Mijn werkgever heeft het beëindigd",
    ),
}
