"""The collector's messages about answers, per language: what is wrong, and what to do.

Every language has every message, with the same placeholders (tests/test_validation.py).
"""

from __future__ import annotations

MESSAGES = {
    "en": {
        "required_choice": "Select an answer to “{q}”",
        "required_text": "Answer “{q}”",
        "one_value": "Select only one answer to “{q}”",
        "unknown_choice": "Select one of the answers offered for “{q}”",
        "exclusive": "Select answers to “{q}”, or select “{pnts}”, not both",
        "exclusive_text": "Answer “{q}”, or tick “{pnts}”, not both",
        "too_long": "The answer to “{q}” must be {n} characters or less (it is {length})",
        "not_number": "Enter a number for “{q}”, like {example}",
        "grouped_number": "Did you mean {plain} or {decimal}? Enter {plain} or {decimal} for "
        "“{q}”, without a point or comma between the thousands",
        "thousands": "Enter the number for “{q}” without points or commas between the "
        "thousands, like {plain}",
        "whole_number": "Enter a whole number for “{q}”",
        "too_small": "The number for “{q}” must be {n} or more",
        "too_large": "The number for “{q}” must be {n} or less",
        "step": "Enter a number in steps of {n} for “{q}”",
        "bad_date": "Enter the date for “{q}” as year-month-day, like 2026-03-31",
        "no_day": "Enter the day as well for “{q}”, like 2026-03-31",
        "no_such_date": "There is no date {typed}: enter a real date for “{q}”, like 2026-03-31",
        "which_date": "Did you mean {a} or {b}? Enter the date for “{q}” as year-month-day: "
        "{a} or {b}",
        "bad_month": "Enter a month for “{q}” as year-month, like 2026-03",
        "other_without_choice": "You wrote something in the box for “{other}” but chose another "
        "answer to “{q}”: choose “{other}”, or delete what you wrote",
        "other_too_long": "Your own answer to “{q}” must be {n} characters or less (it is "
        "{length})",
        "other_with_prefer_not": "You wrote something in the box for “{other}” and selected "
        "“{pnts}”: delete what you wrote, or untick “{pnts}”",
        "does_not_apply": "“{q}” is not for your answers above, so this text would not be "
        "kept: remove it, or change your answers above",
        # The other kinds of answer to a question that does not apply (not_applying.py):
        # each says how to take the answer back without JavaScript.
        "does_not_apply_entry": "“{q}” is not for your answers above, so what you entered "
        "would not be kept: remove it, or change your answers above",
        "does_not_apply_ticks": "“{q}” is not for your answers above, so your answer would "
        "not be kept: untick what you ticked, or change your answers above",
        "does_not_apply_choice": "“{q}” is not for your answers above, so your answer would "
        "not be kept: choose “{none}”, or change your answers above",
        "does_not_apply_list": "“{q}” is not for your answers above, so your answer would not "
        "be kept: set the list back to “{none}”, or change your answers above",
    },
    "nl": {
        "required_choice": "Kies een antwoord bij “{q}”",
        "required_text": "Beantwoord “{q}”",
        "one_value": "Kies maar één antwoord bij “{q}”",
        "unknown_choice": "Kies een van de aangeboden antwoorden bij “{q}”",
        "exclusive": "Kies bij “{q}” een of meer antwoorden of “{pnts}”, niet allebei",
        "exclusive_text": "Beantwoord “{q}”, of vink “{pnts}” aan, niet allebei",
        "too_long": "Het antwoord bij “{q}” mag hoogstens {n} tekens zijn (nu {length})",
        "not_number": "Vul een getal in bij “{q}”, zoals {example}",
        "grouped_number": "Bedoel je {plain} of {decimal}? Vul bij “{q}” {plain} of {decimal} "
        "in, zonder punt of komma tussen de duizendtallen",
        "thousands": "Vul het getal bij “{q}” in zonder punten of komma's tussen de "
        "duizendtallen, zoals {plain}",
        "whole_number": "Vul een heel getal in bij “{q}”",
        "too_small": "Het getal bij “{q}” moet {n} of meer zijn",
        "too_large": "Het getal bij “{q}” moet {n} of minder zijn",
        "step": "Vul bij “{q}” een getal in, in stappen van {n}",
        "bad_date": "Vul de datum bij “{q}” in als dag-maand-jaar, zoals 31-03-2026",
        "no_day": "Vul bij “{q}” ook de dag in, zoals 31-03-2026",
        "no_such_date": "De datum {typed} bestaat niet: vul bij “{q}” een bestaande datum in, "
        "zoals 31-03-2026",
        "which_date": "Bedoel je {a} of {b}? Vul de datum bij “{q}” in als dag-maand-jaar: "
        "{a} of {b}",
        "bad_month": "Vul de maand bij “{q}” in als maand-jaar, zoals 03-2026",
        "other_without_choice": "Je hebt iets ingevuld bij “{other}”, maar bij “{q}” een ander "
        "antwoord gekozen: kies “{other}”, of haal de tekst weg",
        "other_too_long": "Je eigen antwoord bij “{q}” mag hoogstens {n} tekens zijn (nu {length})",
        "other_with_prefer_not": "Je hebt iets ingevuld bij “{other}” en “{pnts}” gekozen: "
        "haal de tekst weg, of vink “{pnts}” uit",
        "does_not_apply": "“{q}” geldt niet voor jou, gezien je antwoorden hierboven. Deze tekst "
        "wordt dus niet bewaard: haal hem weg, of pas je antwoorden hierboven aan",
        "does_not_apply_entry": "“{q}” geldt niet voor jou, gezien je antwoorden hierboven. "
        "Wat je hebt ingevuld wordt dus niet bewaard: haal het weg, of pas je antwoorden "
        "hierboven aan",
        "does_not_apply_ticks": "“{q}” geldt niet voor jou, gezien je antwoorden hierboven. Je "
        "antwoord wordt dus niet bewaard: vink uit wat je hebt aangevinkt, of pas je antwoorden "
        "hierboven aan",
        "does_not_apply_choice": "“{q}” geldt niet voor jou, gezien je antwoorden hierboven. Je "
        "antwoord wordt dus niet bewaard: kies “{none}”, of pas je antwoorden hierboven aan",
        "does_not_apply_list": "“{q}” geldt niet voor jou, gezien je antwoorden hierboven. Je "
        "antwoord wordt dus niet bewaard: zet de lijst terug op “{none}”, of pas je antwoorden "
        "hierboven aan",
    },
}
