"""Texts a questionnaire gets unless it says otherwise, per language.

Kept apart from the page's UI strings (``ui_text``): these end up in the compiled form and
therefore in exports and codebooks.
"""

from __future__ import annotations

import re

#: The languages whose words are built in; another needs a texts file (texts_file.py).
LANGUAGES = ("en", "nl")
#: A language code: 'he', 'ar', 'ja', 'zh', or with a region or script: 'zh-Hant', 'pt-BR'.
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")

DEFAULTS: dict[str, dict[str, object]] = {
    "en": {
        "other": "Other, namely",
        "prefer_not_to_say": "Prefer not to say",
        "yes": "Yes",
        "no": "No",
        "recommend_low": "0 = not at all likely",
        "recommend_high": "10 = extremely likely",
        "thank_you": "Thank you for taking the time to answer. Your answers have been received.",
        "scales": {
            "agreement": [
                "Strongly disagree",
                "Disagree",
                "Neither agree nor disagree",
                "Agree",
                "Strongly agree",
            ],
            "satisfaction": [
                "Very dissatisfied",
                "Dissatisfied",
                "Neither satisfied nor dissatisfied",
                "Satisfied",
                "Very satisfied",
            ],
            "quality": ["Very poor", "Poor", "Fair", "Good", "Very good"],
        },
    },
    "nl": {
        "other": "Anders, namelijk",
        "prefer_not_to_say": "Zeg ik liever niet",
        "yes": "Ja",
        "no": "Nee",
        "recommend_low": "0 = zeer onwaarschijnlijk",
        "recommend_high": "10 = zeer waarschijnlijk",
        "thank_you": "Bedankt dat je de tijd hebt genomen. Je antwoorden zijn ontvangen.",
        "scales": {
            "agreement": [
                "Helemaal mee oneens",
                "Mee oneens",
                "Niet mee eens en niet mee oneens",
                "Mee eens",
                "Helemaal mee eens",
            ],
            "satisfaction": [
                "Zeer ontevreden",
                "Ontevreden",
                "Niet tevreden en niet ontevreden",
                "Tevreden",
                "Zeer tevreden",
            ],
            "quality": ["Zeer slecht", "Slecht", "Redelijk", "Goed", "Zeer goed"],
        },
    },
}

#: Default character limits for text answers: enough to say what matters, short enough
#: that a submission stays small.
SHORT_TEXT_LIMIT = 200
LONG_TEXT_LIMIT = 2000
#: Hard ceiling a questionnaire may set, so that no answer can blow up a request.
MAX_TEXT_LIMIT = 10000
