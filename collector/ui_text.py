"""The words of the page itself (buttons, markers, error texts), per language.

Questionnaire texts come from HR's Markdown; these are the theme's own strings around them.
Dutch uses the informal "je", like the example questionnaires. Placeholders in braces are
filled by ``collector.render`` (Python ``str.format``) or by ``enhance.js`` (``{n}``, ``{t}``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from flask import request

if TYPE_CHECKING:
    from .model import Form

UI_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "language_name": "English",
        "this_in_language": "This questionnaire in English",
        "this_page_in_language": "This page in English",
        "send": "Send answers",
        "sending": "Sending…",
        "optional": "(optional)",
        "error_summary": "There is a problem",
        "error_summary_many": "There are {n} problems",
        "error_prefix": "Error:",
        "title_error_prefix": "Error: ",
        "section_progress": "Section {n} of {t}",
        "or": "or",
        "no_answer": "No answer",
        "select_all": "Select all that apply",
        "other_text": "Your own answer",
        "choose": "Choose an answer",
        "char_limit": "You can enter up to {n} characters",
        "chars_left": "You have {n} characters remaining",
        "char_left": "You have 1 character remaining",
        "chars_over": "You have {n} characters too many",
        "char_over": "You have 1 character too many",
        "only_if": "Only answer this if {condition}.",
        "section_only_if": "Only fill in this section if {condition}.",
        "contents": "Contents",
        "contents_only_if": "only if {condition}",
        "number_range": "Enter a number from {min} to {max}",
        "number_min": "Enter a number of {min} or more",
        "number_max": "Enter a number of {max} or less",
        "number_any": "Enter a number",
        "number_step": ", in steps of {step}",
        "month_format": "Use the format YYYY-MM, for example 2026-03",
        "date_format": "Use the format YYYY-MM-DD, for example 2026-03-31",
        "trap": "Leave this field empty",
        "thank_you": "Thank you",
        "thank_you_text": "Your answers have been received.",
        "shared_computer": "On a shared computer? Close this browser window now, so that "
        "nobody can go back to your answers.",
        "index_title": "Questionnaires",
        "index_intro": "Choose the questionnaire from the invitation you received, in the "
        "language you prefer.",
        "not_sent": "Your answers were not sent",
        "already_sent": "Your answers have been sent. Thank you. There is no need to fill "
        "in the form again.",
        "questions_changed": "Questions further down were added or removed.",
        "not_sent_network": "Your answers could not be sent. Check your connection and "
        "send them again: they are still here.",
        "not_sent_back": "Go back to the questionnaire with your browser's Back button: "
        "your answers are still there. Then send them again.",
        "not_sent_400": "This questionnaire has changed since you opened it, so your answers "
        "no longer fit it.",
        "not_sent_400_back": "Sending them again will not work. Go back with your browser's "
        "Back button to copy your longest answers, then open the new version and fill it in.",
        "not_sent_400_copy": "Sending them again will not work. Copy your longest answers from "
        "this page, then open the new version and fill it in.",
        "not_sent_400_link": "Open the new version of the questionnaire",
        "not_sent_400_unreadable": "Your answers did not arrive whole, perhaps because the "
        "connection broke off, so none of them were kept. Send them again.",
        "not_sent_403": "This questionnaire cannot be sent from the site you opened it on. "
        "Open it from the link HR sent you and fill it in there.",
        "not_sent_415": "Your answers were not sent as a form. Send them from the "
        "questionnaire's own page.",
        "not_sent_413": "Your answers are too long to send. Shorten your longest answers and "
        "send them again.",
        "not_sent_429": "Too many answers were sent from your connection in a short time. "
        "Wait a few minutes and send them again.",
        # A longer wait than "a few minutes", when the operator set a longer
        # COLLECTOR_RATE_WINDOW: in minutes up to an hour and a half, then in hours.
        "not_sent_429_minutes": "Too many answers were sent from your connection in a short "
        "time. Wait about {n} minutes and send them again.",
        "not_sent_429_hours": "Too many answers were sent from your connection recently. "
        "Wait about {n} hours and send them again.",
        "not_sent_500": "Something went wrong on our side. Wait a few minutes and send your "
        "answers again.",
        # The data folder away or read-only (the operator's maintenance, a disk's trouble):
        # nothing is wrong with the answers, and nobody knows for how long. Said above the
        # form filled in and on the not-sent page, which has no form (it says to go Back).
        "not_sent_503": "Answers cannot be received right now, so nothing was stored. Send "
        "your answers again later.",
        "not_sent_410": "This questionnaire has been closed, so answers can no longer be sent. "
        "Thank you for taking the time.",
        # The collector's error pages at a questionnaire's address (collector/error_pages.py).
        "no_page_title": "Page not found",
        "no_page": "There is no page at this address. Check the link you were given.",
        # After no_page, to the page's script whose answers went to a survey the collector
        # does not know: "Check the link" would take the leaver away from them.
        "no_page_copy": "Sending them again will not work. Copy your longest answers from "
        "this page before you leave it.",
        "wrong_request": "This address does not accept that kind of request.",
        "went_wrong_title": "Something went wrong",
        "went_wrong": "Something went wrong. Please try again later.",
    },
    "nl": {
        "language_name": "Nederlands",
        "this_in_language": "Deze vragenlijst in het Nederlands",
        "this_page_in_language": "Deze pagina in het Nederlands",
        "send": "Verstuur antwoorden",
        "sending": "Bezig met versturen…",
        "optional": "(optioneel)",
        "error_summary": "Er is een probleem",
        "error_summary_many": "Er zijn {n} problemen",
        "error_prefix": "Fout:",
        "title_error_prefix": "Fout: ",
        "section_progress": "Deel {n} van {t}",
        "or": "of",
        "no_answer": "Geen antwoord",
        "select_all": "Kies alles wat van toepassing is",
        "other_text": "Je eigen antwoord",
        "choose": "Kies een antwoord",
        "char_limit": "Je kunt maximaal {n} tekens invullen",
        "chars_left": "Je hebt nog {n} tekens over",
        "char_left": "Je hebt nog 1 teken over",
        "chars_over": "Je hebt {n} tekens te veel",
        "char_over": "Je hebt 1 teken te veel",
        "only_if": "Beantwoord dit alleen als {condition}.",
        "section_only_if": "Vul dit deel alleen in als {condition}.",
        "contents": "Inhoud",
        "contents_only_if": "alleen als {condition}",
        "number_range": "Vul een getal in van {min} tot en met {max}",
        "number_min": "Vul een getal in van {min} of meer",
        "number_max": "Vul een getal in van {max} of minder",
        "number_any": "Vul een getal in",
        "number_step": ", in stappen van {step}",
        "month_format": "Gebruik de vorm MM-JJJJ, bijvoorbeeld 03-2026",
        "date_format": "Gebruik de vorm DD-MM-JJJJ, bijvoorbeeld 31-03-2026",
        "trap": "Laat dit veld leeg",
        "thank_you": "Bedankt",
        "thank_you_text": "Je antwoorden zijn ontvangen.",
        "shared_computer": "Gebruik je een gedeelde computer? Sluit dan nu dit "
        "browservenster, zodat niemand terug kan naar je antwoorden.",
        "index_title": "Vragenlijsten",
        "index_intro": "Kies de vragenlijst uit de uitnodiging die je kreeg, in de taal die "
        "je wilt.",
        "not_sent": "Je antwoorden zijn niet verstuurd",
        "already_sent": "Je antwoorden zijn verstuurd. Bedankt. Je hoeft de vragenlijst niet "
        "nog een keer in te vullen.",
        "questions_changed": "Verderop zijn vragen bijgekomen of weggevallen.",
        "not_sent_network": "Je antwoorden konden niet worden verstuurd. Controleer je "
        "verbinding en verstuur ze opnieuw: ze staan er nog.",
        "not_sent_back": "Ga terug naar de vragenlijst met de terugknop van je browser: je "
        "antwoorden staan er nog. Verstuur ze daarna opnieuw.",
        "not_sent_400": "Deze vragenlijst is veranderd sinds je hem opende, dus je antwoorden "
        "passen er niet meer bij.",
        "not_sent_400_back": "Opnieuw versturen werkt niet. Ga terug met de terugknop van je "
        "browser om je langste antwoorden te kopiëren, open dan de nieuwe versie en vul die in.",
        "not_sent_400_copy": "Opnieuw versturen werkt niet. Kopieer je langste antwoorden van "
        "deze pagina, open dan de nieuwe versie en vul die in.",
        "not_sent_400_link": "Open de nieuwe versie van de vragenlijst",
        "not_sent_400_unreadable": "Je antwoorden kwamen niet volledig aan, misschien doordat "
        "de verbinding wegviel, dus er is niets van bewaard. Verstuur ze opnieuw.",
        "not_sent_403": "Deze vragenlijst kan niet worden verstuurd vanaf de site waar je hem "
        "opende. Open hem via de link die je van HR kreeg en vul hem daar in.",
        "not_sent_415": "Je antwoorden zijn niet als formulier verstuurd. Verstuur ze vanaf "
        "de pagina van de vragenlijst zelf.",
        "not_sent_413": "Je antwoorden zijn te lang om te versturen. Maak je langste antwoorden "
        "korter en verstuur ze opnieuw.",
        "not_sent_429": "Er zijn in korte tijd te veel antwoorden verstuurd vanaf jouw "
        "verbinding. Wacht een paar minuten en verstuur ze opnieuw.",
        "not_sent_429_minutes": "Er zijn in korte tijd te veel antwoorden verstuurd vanaf "
        "jouw verbinding. Wacht ongeveer {n} minuten en verstuur ze opnieuw.",
        "not_sent_429_hours": "Er zijn de laatste tijd te veel antwoorden verstuurd vanaf jouw "
        "verbinding. Wacht ongeveer {n} uur en verstuur ze opnieuw.",
        "not_sent_500": "Er ging bij ons iets mis. Wacht een paar minuten en verstuur je "
        "antwoorden opnieuw.",
        "not_sent_503": "Er kunnen nu geen antwoorden worden ontvangen, dus er is niets "
        "bewaard. Verstuur je antwoorden later opnieuw.",
        "not_sent_410": "Deze vragenlijst is gesloten, dus er kunnen geen antwoorden meer "
        "worden verstuurd. Bedankt voor de moeite.",
        "no_page_title": "Pagina niet gevonden",
        "no_page": "Op dit adres staat geen pagina. Controleer de link die je kreeg.",
        "no_page_copy": "Opnieuw versturen werkt niet. Kopieer je langste antwoorden van "
        "deze pagina voordat je hem verlaat.",
        "wrong_request": "Dit adres accepteert dit soort verzoek niet.",
        "went_wrong_title": "Er ging iets mis",
        "went_wrong": "Er ging iets mis. Probeer het later opnieuw.",
    },
}

#: Languages written from right to left (ISO 639 codes): their pages get dir="rtl".
RIGHT_TO_LEFT = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku", "ps", "sd", "syr", "ug", "ur", "yi"}
)

#: Scripts written from right to left (ISO 15924 codes): a tag that names its script
#: ('pa-Arab', Punjabi as Pakistan writes it; 'ku-Latn') takes the script's direction.
RIGHT_TO_LEFT_SCRIPTS = frozenset(
    {"adlm", "arab", "hebr", "mand", "nkoo", "rohg", "samr", "syrc", "thaa", "yezi"}
)

#: Used for any language without its own strings.
FALLBACK_LANGUAGE = "en"


def ui_text(language: str) -> dict[str, str]:
    """The strings for ``language``, falling back to English for unknown languages."""
    return UI_TEXT.get(language, UI_TEXT[FALLBACK_LANGUAGE])


def text_direction(language: str) -> str:
    """'rtl' for a language written from right to left ('he', 'ar', 'fa-IR'), else 'ltr';
    a script in the tag decides over the language ('pa-Arab' is rtl, 'ku-Latn' ltr)."""
    parts = language.lower().split("-")
    script = next((p for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    if script is not None:
        return "rtl" if script in RIGHT_TO_LEFT_SCRIPTS else "ltr"
    return "rtl" if parts[0] in RIGHT_TO_LEFT else "ltr"


def page_text(form: Form) -> dict[str, str]:
    """The page's words for ``form``: built in for English and Dutch, else from the texts
    file its language came with (``Form.texts``)."""
    return form.texts.get("page") or ui_text(form.language)


#: Reasons for a refusal whose words are those of another: a post with a field sent twice
#: that its page sends once (collector/posted_answers.py) is a 400, not a changed
#: questionnaire, and "not sent as a form" is true of it, as of a post that is no form (415).
REASON_WORDS = {"not_a_form": "not_sent_415"}


#: The longest wait (seconds) a 429 calls "a few minutes": the default window.
FEW_MINUTES = 600
#: A longer wait is said in minutes up to this many, and in hours beyond.
WAIT_IN_MINUTES = 90


def not_sent_text(text: dict[str, str], status: int, reason: str = "", wait: int = 0) -> str:
    """Why answers refused as a whole (HTTP ``status``) were not sent: the words for the
    ``reason`` when it has its own (a 400 for a body cut off on the way is not a changed
    questionnaire), else those for the status. ``wait``: the seconds a 429's
    ``Retry-After`` says, in words when longer than a few minutes."""
    if status == 429 and wait > FEW_MINUTES:
        return _longer_wait(text, wait)
    status_key = f"not_sent_{status}"
    key = REASON_WORDS.get(reason) or (f"{status_key}_{reason}" if reason else status_key)
    return text.get(key) or text.get(status_key) or text["not_sent_500"]


def _longer_wait(text: dict[str, str], wait: int) -> str:
    """A 429's words for a wait of ``wait`` seconds, rounded up (to five minutes, or to
    the hour), so that a leaver who comes back when told is let in. Never closer than the
    header's own seconds: it says nothing more about the connection's other posts. A form
    built before these words were (its texts file's words in form.json) says them in
    English, not "a few minutes" for an hour."""
    minutes = -(-wait // 60)
    if minutes <= WAIT_IN_MINUTES:
        key, n = "not_sent_429_minutes", -(-minutes // 5) * 5
    else:
        key, n = "not_sent_429_hours", -(-wait // 3600)
    words = text.get(key) or UI_TEXT[FALLBACK_LANGUAGE][key]
    return words.format(n=n)


def browser_language(available: Iterable[str]) -> str:
    """The language of ``available`` the browser asks for first (``Accept-Language``);
    English when it asks for none of them."""
    return request.accept_languages.best_match(tuple(available)) or FALLBACK_LANGUAGE
