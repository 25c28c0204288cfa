"""The words of the page itself (buttons, markers, error texts), per language.

Questionnaire texts come from HR's Markdown; these are the theme's own strings around them.
Dutch uses the informal "je", like the example questionnaires. Placeholders in braces are
filled by ``collector.render`` (Python ``str.format``) or by ``enhance.js`` (``{n}``, ``{t}``).
"""

from __future__ import annotations

UI_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "language_name": "English",
        "this_in_language": "This questionnaire in English",
        "this_page_in_language": "This page in English",
        "send": "Send answers",
        "sending": "Sending…",
        "optional": "(optional)",
        "error_summary": "There is a problem",
        "error_prefix": "Error:",
        "title_error_prefix": "Error: ",
        "section_progress": "Section {n} of {t}",
        "or": "or",
        "select_all": "Select all that apply",
        "other_text": "Your own answer",
        "char_limit": "You can enter up to {n} characters",
        "chars_left": "You have {n} characters remaining",
        "char_left": "You have 1 character remaining",
        "chars_over": "You have {n} characters too many",
        "char_over": "You have 1 character too many",
        "only_if": "Only answer this if {condition}.",
        "section_only_if": "Only fill in this section if {condition}.",
        "number_range": "Enter a number from {min} to {max}",
        "number_min": "Enter a number of {min} or more",
        "number_max": "Enter a number of {max} or less",
        "month_format": "Use the format YYYY-MM, for example 2025-03",
        "trap": "Leave this field empty",
        "thank_you": "Thank you",
        "thank_you_text": "Your answers have been received.",
        "index_title": "Questionnaires",
    },
    "nl": {
        "language_name": "Nederlands",
        "this_in_language": "Deze vragenlijst in het Nederlands",
        "this_page_in_language": "Deze pagina in het Nederlands",
        "send": "Verstuur antwoorden",
        "sending": "Bezig met versturen…",
        "optional": "(optioneel)",
        "error_summary": "Er is een probleem",
        "error_prefix": "Fout:",
        "title_error_prefix": "Fout: ",
        "section_progress": "Deel {n} van {t}",
        "or": "of",
        "select_all": "Kies alles wat van toepassing is",
        "other_text": "Je eigen antwoord",
        "char_limit": "Je kunt maximaal {n} tekens invullen",
        "chars_left": "Je hebt nog {n} tekens over",
        "char_left": "Je hebt nog 1 teken over",
        "chars_over": "Je hebt {n} tekens te veel",
        "char_over": "Je hebt 1 teken te veel",
        "only_if": "Beantwoord dit alleen als {condition}.",
        "section_only_if": "Vul dit deel alleen in als {condition}.",
        "number_range": "Vul een getal in van {min} tot en met {max}",
        "number_min": "Vul een getal in van {min} of meer",
        "number_max": "Vul een getal in van {max} of minder",
        "month_format": "Gebruik de vorm JJJJ-MM, bijvoorbeeld 2025-03",
        "trap": "Laat dit veld leeg",
        "thank_you": "Bedankt",
        "thank_you_text": "Je antwoorden zijn ontvangen.",
        "index_title": "Vragenlijsten",
    },
}

#: Used for any language without its own strings.
FALLBACK_LANGUAGE = "en"


def ui_text(language: str) -> dict[str, str]:
    """The strings for ``language``, falling back to English for unknown languages."""
    return UI_TEXT.get(language, UI_TEXT[FALLBACK_LANGUAGE])
