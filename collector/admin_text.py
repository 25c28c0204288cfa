"""The words of the HR area, in English and Dutch: the browser's language picks one.

HR staff in a Dutch company often have a Dutch browser; the HR area answers in the language
the browser asks for first (``Accept-Language``), English when it asks for neither. The
report keeps the language of the questionnaire version it is made from. Dutch uses the
informal "je", like the example questionnaires. Placeholders in braces are filled with
Python's ``str.format``.
"""

from __future__ import annotations

from .ui_text import browser_language

ADMIN_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "area": "Exit survey HR area",
        "download_report": "Download this report",
        "download_report_vh": " as one file, to keep or share",
        "sign_out": "Sign out",
        "bar_label": "HR area",
        # the start page
        "responses": "Responses",
        "intro": "Each questionnaire is listed once, with its answers in every language "
        "together. The files have one row per response, in random order, and one column per "
        "question; the codebook explains the columns and codes.",
        "retention": "Responses are deleted automatically once they are older than {n} whole "
        "months.",
        "languages": "Languages",
        "form": "Form",
        "retired": "No longer published: no questionnaire file builds it any more (it was "
        "renamed, given another {slug_key}, or removed). Its answers are kept and can be "
        "downloaded here. To collect answers in it again, give the questionnaire file {slug}.",
        "uncountable": "cannot be counted: the store reports damage (see the server log)",
        "none_yet": "0 (none yet)",
        "download": "Download",
        "of": " of {title}",
        "xlsx": "Excel workbook (.xlsx)",
        "xlsx_hint": "answers and codebook, for any Excel",
        "csv_nl": "CSV for Dutch Excel",
        "csv_nl_hint": "separated by ;",
        "csv": "CSV",
        "csv_hint": "separated by commas, for other tools",
        "codebook": "Codebook (.xlsx)",
        "codebook_hint": "what every column and code means",
        "report": "Report for management",
        "report_in": "Report for management ({language})",
        "report_on": " on {title}",
        "report_few": "The report shows results from {k} responses on, to keep the people "
        "who answered anonymous; until then it shows nothing.",
        "no_questionnaires": "There are no questionnaires yet. Whoever runs the server builds "
        "them with {command}.",
        "signed_in_again": "You are signed in again. Your download did not start while you "
        "were signed out:",
        "download_again": "Download it now",
        "report_file": "the report as one file",
        # signing in
        "sign_in": "Sign in",
        "error_title": "Error: ",
        "problem": "There is a problem",
        "error_prefix": "Error:",
        "ended": "Your session has ended",
        "ended_text": "Sign in again. For your safety, a session ends after {idle} minutes "
        "without activity, and after {hours} hours in any case.",
        "signed_out": "You are signed out",
        "signed_out_text": "To use the HR area again, sign in.",
        "welcome": "This area is for the HR team. Here you can download the answers to the "
        "exit surveys.",
        "password": "Password",
        "forgot": "Forgot the password? Ask whoever runs the server to set a new one with "
        "{command}. That signs everybody out.",
        "enter_password": "Enter the password",
        "wrong_password": "The password is not right. Check it and try again",
        "out_of_date": "This sign-in page was out of date (it was open in another tab, or "
        "from before you signed out). Enter the password again",
        "minute": "1 minute",
        "minutes": "{n} minutes",
        "too_many": "Too many attempts to sign in. Wait {wait}, then try again",
        "too_many_next": "Until then even the right password is refused. Need the files "
        "sooner? Whoever runs the server can make them with the {command} commands, which "
        "this limit does not hold up.",
        # other pages
        "expired": "This form has expired",
        "expired_text": "For your safety, a form in the HR area only works from the page it "
        "is on, while you are signed in. Go back to the HR area and try again.",
        "go_home": "Go to the HR area",
        "unreadable": "The responses cannot be read",
        "unreadable_text": "The response store reports damage. Tell whoever runs the server: "
        "the server log says where, and docs/storage.md explains how to repair it.",
        "no_password": "Set a password first",
        "no_password_text": "The HR area has no password yet, so nobody can sign in. There is "
        "no default password.",
        "no_password_ask": "Ask whoever runs the server (your IT department or supplier) to "
        "set one. They run this command on the server, in the folder of the collector:",
        "no_password_how": "Run it as the user the collector runs as, with the collector's "
        "settings (the same {variable}): otherwise the password goes into another folder and "
        "this page stays the same. It asks for the password twice and stores only a "
        "scrambled form (a hash) of it, in {path}.",
        "no_password_then": "Once it is set, reload this page to sign in.",
    },
    "nl": {
        "area": "HR-omgeving vertrekenquête",
        "download_report": "Download dit rapport",
        "download_report_vh": " als één bestand, om te bewaren of te delen",
        "sign_out": "Uitloggen",
        "bar_label": "HR-omgeving",
        "responses": "Reacties",
        "intro": "Elke vragenlijst staat hier één keer, met de antwoorden in alle talen "
        "samen. De bestanden hebben één rij per reactie, in willekeurige volgorde, en één "
        "kolom per vraag; het codeboek legt de kolommen en codes uit.",
        "retention": "Reacties worden automatisch verwijderd zodra ze ouder zijn dan {n} hele "
        "maanden.",
        "languages": "Talen",
        "form": "Formulier",
        "retired": "Niet meer gepubliceerd: geen vragenlijstbestand maakt dit formulier nog "
        "(het bestand kreeg een andere naam of een andere {slug_key}, of is verwijderd). De "
        "antwoorden blijven bewaard en zijn hier te downloaden. Wil je er weer antwoorden "
        "mee verzamelen, zet dan {slug} in het vragenlijstbestand.",
        "uncountable": "niet te tellen: de opslag meldt schade (zie het serverlog)",
        "none_yet": "0 (nog geen)",
        "download": "Downloaden",
        "of": " van {title}",
        "xlsx": "Excel-werkmap (.xlsx)",
        "xlsx_hint": "antwoorden en codeboek, voor elke Excel",
        "csv_nl": "CSV voor Nederlandse Excel",
        "csv_nl_hint": "gescheiden door ;",
        "csv": "CSV",
        "csv_hint": "gescheiden door komma's, voor andere programma's",
        "codebook": "Codeboek (.xlsx)",
        "codebook_hint": "wat elke kolom en code betekent",
        "report": "Rapport voor het management",
        "report_in": "Rapport voor het management ({language})",
        "report_on": " over {title}",
        "report_few": "Het rapport toont pas resultaten vanaf {k} reacties, zodat de mensen "
        "die antwoordden anoniem blijven; tot dan toont het niets.",
        "no_questionnaires": "Er zijn nog geen vragenlijsten. Wie de server beheert, maakt "
        "ze met {command}.",
        "signed_in_again": "Je bent weer ingelogd. Je download is niet gestart toen je "
        "uitgelogd was:",
        "download_again": "Download nu",
        "report_file": "het rapport als één bestand",
        "sign_in": "Inloggen",
        "error_title": "Fout: ",
        "problem": "Er is een probleem",
        "error_prefix": "Fout:",
        "ended": "Je sessie is afgelopen",
        "ended_text": "Log opnieuw in. Voor je veiligheid eindigt een sessie na {idle} "
        "minuten zonder activiteit, en in elk geval na {hours} uur.",
        "signed_out": "Je bent uitgelogd",
        "signed_out_text": "Log in om de HR-omgeving weer te gebruiken.",
        "welcome": "Deze omgeving is voor het HR-team. Hier download je de antwoorden op de "
        "vertrekenquêtes.",
        "password": "Wachtwoord",
        "forgot": "Wachtwoord vergeten? Vraag wie de server beheert om een nieuw wachtwoord "
        "in te stellen met {command}. Daarmee wordt iedereen uitgelogd.",
        "enter_password": "Vul het wachtwoord in",
        "wrong_password": "Het wachtwoord klopt niet. Controleer het en probeer het opnieuw",
        "out_of_date": "Deze inlogpagina was verouderd (hij stond open in een ander tabblad, "
        "of van voordat je uitlogde). Vul het wachtwoord opnieuw in",
        "minute": "1 minuut",
        "minutes": "{n} minuten",
        "too_many": "Te vaak geprobeerd in te loggen. Wacht {wait} en probeer het dan opnieuw",
        "too_many_next": "Tot dan wordt ook het juiste wachtwoord geweigerd. Heb je de "
        "bestanden eerder nodig? Wie de server beheert, kan ze maken met de opdrachten "
        "{command}; deze grens houdt die niet tegen.",
        "expired": "Dit formulier is verlopen",
        "expired_text": "Voor je veiligheid werkt een formulier in de HR-omgeving alleen "
        "vanaf de pagina waarop het staat, zolang je bent ingelogd. Ga terug naar de "
        "HR-omgeving en probeer het opnieuw.",
        "go_home": "Naar de HR-omgeving",
        "unreadable": "De reacties kunnen niet worden gelezen",
        "unreadable_text": "De opslag van de reacties meldt schade. Laat het weten aan wie de "
        "server beheert: het serverlog zegt waar, en docs/storage.md legt uit hoe je het "
        "herstelt.",
        "no_password": "Stel eerst een wachtwoord in",
        "no_password_text": "De HR-omgeving heeft nog geen wachtwoord, dus niemand kan "
        "inloggen. Er is geen standaardwachtwoord.",
        "no_password_ask": "Vraag wie de server beheert (je IT-afdeling of leverancier) er "
        "een in te stellen. Die voert deze opdracht uit op de server, in de map van de "
        "collector:",
        "no_password_how": "Voer hem uit als de gebruiker waaronder de collector draait, met "
        "de instellingen van de collector (dezelfde {variable}): anders komt het wachtwoord in "
        "een andere map terecht en blijft deze pagina hetzelfde. De opdracht vraagt twee keer "
        "om het wachtwoord en bewaart alleen een onherkenbare vorm (een hash), in {path}.",
        "no_password_then": "Is het ingesteld, laad deze pagina dan opnieuw om in te loggen.",
    },
}


def language() -> str:
    """The HR area's language for this request: the browser's first choice we have."""
    return browser_language(ADMIN_TEXT)


def admin_text() -> dict[str, str]:
    """The HR area's words for this request."""
    return ADMIN_TEXT[language()]
