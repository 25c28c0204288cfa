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
        "closed": "Closed: its questionnaire file says {closed_key}, so its link shows that "
        "it has closed and answers sent to it are refused. Its answers are kept and can be "
        "downloaded here. To open it again, remove that line and build.",
        "uncountable": "cannot be counted: the store reports damage (see the server log)",
        "none_yet": "0 (none yet)",
        "left_out_one": "Besides these, 1 stored record could not be read (edited by hand?): "
        "the downloads and the report leave it out. The server's log names it when you "
        "download or open the report.",
        "left_out": "Besides these, {n} stored records could not be read (edited by hand?): "
        "the downloads and the report leave them out. The server's log names them when you "
        "download or open the report.",
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
        # the words in the names of the downloaded files (letters, digits and "-" only)
        "file_responses": "responses",
        "file_codebook": "codebook",
        "file_report": "report",
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
        "not_found": "Page not found",
        "not_found_text": "There is no page at this address in the HR area. The link may be "
        "mistyped or out of date; the start page lists every download and report.",
        "wrong_method": "This address cannot be used this way",
        "wrong_method_text": "This address of the HR area does not accept that kind of "
        "request. Start again from the start page.",
        "unreadable": "The responses cannot be read",
        "unreadable_text": "The response store reports damage. Tell whoever runs the server: "
        "the server log says where, and docs/storage.md explains how to repair it.",
        "folder_lost": "The responses cannot be reached now",
        "folder_lost_text": "The server cannot find the folder that holds the responses (it "
        "was moved, or its disk is not there), so no response can be shown, and leavers' "
        "answers are not taken until it is back. The responses stored so far are in that "
        "folder. Tell whoever runs the server: the server log names the folder.",
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
        # removing an answer or a response (collector/admin_removal.py)
        "remove": "Remove an answer",
        "remove_about": "Take words out for good: one answer of a response (a colleague's "
        "name, say), or a whole response. They go from the store, so from every export and "
        "report made from now on.",
        "remove_start": "Remove an answer or a whole response",
        "remove_intro": "Find the response in an export first. What you remove goes from "
        "the store for good: from every export and report made from now on, and a restore "
        "of an older backup does not bring it back. You see what goes before anything is "
        "removed.",
        "response_id": "Response ID",
        "response_id_hint": "The first column ({column}) of an export: 32 letters and "
        "digits, such as {example}.",
        "question_id": "Question ID (optional)",
        "question_id_hint": "The name of the answer's column in the export, such as "
        '{closing}, or {other} for only the words typed after "Other, namely", or {typed} '
        "for only the words typed before a question was multiple choice. Leave it empty to "
        "delete the whole response.",
        "continue": "Continue",
        "no_response_id": "Enter the response ID, from the first column (response_id) of an export",
        "bad_response_id": "A response ID is 32 letters and digits: copy it from the first "
        "column (response_id) of an export",
        "unknown_response_id": "No response with this ID is stored. Copy the ID from the "
        "first column of a recent export (a response deleted for its age is gone already)",
        "deleted_before": "HR deleted this whole response before: nothing of it is left to remove",
        "bad_question_id": "A question ID is the name of a column in the export, such as "
        "closing: letters, digits and _ only",
        "choice_column": "{column} is one choice of the question {question}: enter {question} "
        "to blank its whole answer",
        "not_answered": "This response has no answer to {question}. It answered: {given}",
        "nothing_answered": "This response has no answer to {question}, nor to any other question",
        "removed_already": "The answer to {question} was removed already: there is nothing to do",
        "not_typed": "This response has nothing in {column}: it answered {question} with "
        "choices, and {column} holds only what was typed before {question} was multiple "
        "choice. Nothing was removed; enter {question} to blank its choices",
        "check_delete": "Delete this response?",
        "check_blank": "Remove this answer?",
        "response": "Response",
        "questionnaire": "Questionnaire",
        "filed_under": "Filed under",
        "answer_count": "Answers",
        "written": "Its written answers (the first {n} characters of each)",
        "no_written": "It has no written answers.",
        "going": "What goes (the first {n} characters)",
        "characters": "{n} characters",
        "cannot_undo": "This cannot be undone. Exports and reports made before still hold "
        "it: delete those copies afterwards.",
        "confirm_delete": "Delete this response for good",
        "confirm_blank": "Remove this answer for good",
        "change": "Change the IDs",
        "changed_meanwhile": "This response changed since you checked it (part of it was "
        "removed meanwhile), or the page was out of date. Check what goes now.",
        "deleted": "The response is deleted",
        "deleted_text": "The response {id} ({slug}, filed under {month}) is gone from the "
        "store: exports and reports made from now on do not have it.",
        "blanked": "The answer is removed",
        "blanked_text": "{fields} of the response {id} ({slug}, filed under {month}) is "
        "blanked for good: exports made from now on say {marker}, and the report leaves it "
        "out.",
        "old_copies": "Exports and reports made before still hold it: delete them wherever "
        "they went (mailboxes, shared folders, downloads), and make new ones if you need them.",
        "nothing_left": "Nothing to remove",
        "nothing_left_text": "It was removed already (in another tab, by a second click, or "
        "by someone else): nothing was changed now.",
        "remove_another": "Remove another answer",
        "not_removed": "Nothing was removed",
        "not_removed_text": "The response store reports a problem. Tell whoever runs the "
        "server: the server log says where, and docs/storage.md explains how to repair it.",
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
        "closed": "Gesloten: het vragenlijstbestand zegt {closed_key}, dus de link laat zien "
        "dat de vragenlijst gesloten is en verstuurde antwoorden worden geweigerd. De "
        "antwoorden blijven bewaard en zijn hier te downloaden. Om hem weer te openen: "
        "haal die regel weg en bouw opnieuw.",
        "uncountable": "niet te tellen: de opslag meldt schade (zie het serverlog)",
        "none_yet": "0 (nog geen)",
        "left_out_one": "Daarnaast kon 1 bewaarde reactie niet gelezen worden (met de hand "
        "bewerkt?): de downloads en het rapport laten haar weg. Het logboek van de server "
        "noemt haar wanneer je downloadt of het rapport opent.",
        "left_out": "Daarnaast konden {n} bewaarde reacties niet gelezen worden (met de hand "
        "bewerkt?): de downloads en het rapport laten ze weg. Het logboek van de server "
        "noemt ze wanneer je downloadt of het rapport opent.",
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
        "file_responses": "reacties",
        "file_codebook": "codeboek",
        "file_report": "rapport",
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
        "not_found": "Pagina niet gevonden",
        "not_found_text": "Op dit adres staat geen pagina van de HR-omgeving. De link kan "
        "verkeerd getypt of verouderd zijn; de startpagina noemt elke download en elk "
        "rapport.",
        "wrong_method": "Dit adres kan zo niet gebruikt worden",
        "wrong_method_text": "Dit adres van de HR-omgeving accepteert dit soort verzoek niet. "
        "Begin opnieuw vanaf de startpagina.",
        "unreadable": "De reacties kunnen niet worden gelezen",
        "unreadable_text": "De opslag van de reacties meldt schade. Laat het weten aan wie de "
        "server beheert: het serverlog zegt waar, en docs/storage.md legt uit hoe je het "
        "herstelt.",
        "folder_lost": "De reacties zijn nu niet bereikbaar",
        "folder_lost_text": "De server vindt de map met de reacties niet (die is verplaatst, "
        "of de schijf is er niet), dus er kan geen reactie worden getoond, en antwoorden van "
        "vertrekkers worden pas weer aangenomen als de map terug is. De reacties die al zijn "
        "opgeslagen staan in die map. Laat het weten aan wie de server beheert: het "
        "serverlog noemt de map.",
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
        "remove": "Antwoord verwijderen",
        "remove_about": "Haal woorden definitief weg: één antwoord van een reactie "
        "(bijvoorbeeld de naam van een collega), of een hele reactie. Ze verdwijnen uit de "
        "opslag, dus uit elke export en elk rapport dat je vanaf nu maakt.",
        "remove_start": "Een antwoord of een hele reactie verwijderen",
        "remove_intro": "Zoek de reactie eerst op in een export. Wat je verwijdert, "
        "verdwijnt definitief uit de opslag: uit elke export en elk rapport dat je vanaf nu "
        "maakt, en het terugzetten van een oudere back-up brengt het niet terug. Je ziet "
        "eerst wat er weggaat, voordat er iets wordt verwijderd.",
        "response_id": "Reactie-ID",
        "response_id_hint": "De eerste kolom ({column}) van een export: 32 letters en "
        "cijfers, zoals {example}.",
        "question_id": "Vraag-ID (optioneel)",
        "question_id_hint": "De naam van de kolom van het antwoord in de export, zoals "
        '{closing}, of {other} voor alleen de woorden na "Anders, namelijk", of {typed} '
        "voor alleen de woorden getypt voordat een vraag meerkeuze was. Laat het leeg om de "
        "hele reactie te verwijderen.",
        "continue": "Doorgaan",
        "no_response_id": "Vul de reactie-ID in, uit de eerste kolom (response_id) van een export",
        "bad_response_id": "Een reactie-ID bestaat uit 32 letters en cijfers: kopieer hem "
        "uit de eerste kolom (response_id) van een export",
        "unknown_response_id": "Er is geen reactie met deze ID opgeslagen. Kopieer de ID "
        "uit de eerste kolom van een recente export (een reactie die om haar leeftijd is "
        "verwijderd, is al weg)",
        "deleted_before": "HR heeft deze hele reactie al eerder verwijderd: er is niets "
        "meer van over om te verwijderen",
        "bad_question_id": "Een vraag-ID is de naam van een kolom in de export, zoals "
        "closing: alleen letters, cijfers en _",
        "choice_column": "{column} is één keuze van de vraag {question}: vul {question} in "
        "om het hele antwoord leeg te maken",
        "not_answered": "Deze reactie heeft geen antwoord op {question}. Wel beantwoord: {given}",
        "nothing_answered": "Deze reactie heeft geen antwoord op {question}, en ook niet op "
        "een andere vraag",
        "removed_already": "Het antwoord op {question} is al verwijderd: er is niets te doen",
        "not_typed": "Deze reactie heeft niets in {column}: ze beantwoordde {question} met "
        "keuzes, en {column} bevat alleen wat getypt werd voordat {question} een "
        "meerkeuzevraag was. Er is niets verwijderd; vul {question} in om de keuzes leeg "
        "te maken",
        "check_delete": "Deze reactie verwijderen?",
        "check_blank": "Dit antwoord verwijderen?",
        "response": "Reactie",
        "questionnaire": "Vragenlijst",
        "filed_under": "Opgeslagen onder",
        "answer_count": "Antwoorden",
        "written": "De geschreven antwoorden (de eerste {n} tekens van elk)",
        "no_written": "Er zijn geen geschreven antwoorden.",
        "going": "Wat er weggaat (de eerste {n} tekens)",
        "characters": "{n} tekens",
        "cannot_undo": "Dit kan niet ongedaan worden gemaakt. Exports en rapporten die je "
        "eerder maakte, bevatten het nog: verwijder die kopieën daarna.",
        "confirm_delete": "Deze reactie definitief verwijderen",
        "confirm_blank": "Dit antwoord definitief verwijderen",
        "change": "De ID's wijzigen",
        "changed_meanwhile": "Deze reactie is veranderd sinds je haar controleerde (een deel "
        "is intussen verwijderd), of de pagina was verouderd. Controleer wat er nu weggaat.",
        "deleted": "De reactie is verwijderd",
        "deleted_text": "De reactie {id} ({slug}, opgeslagen onder {month}) is weg uit de "
        "opslag: exports en rapporten die je vanaf nu maakt, hebben haar niet.",
        "blanked": "Het antwoord is verwijderd",
        "blanked_text": "{fields} van de reactie {id} ({slug}, opgeslagen onder {month}) is "
        "definitief leeggemaakt: exports die je vanaf nu maakt, zeggen {marker}, en het "
        "rapport laat het weg.",
        "old_copies": "Exports en rapporten die je eerder maakte, bevatten het nog: "
        "verwijder ze waar ze ook terechtkwamen (mailboxen, gedeelde mappen, downloads), en "
        "maak nieuwe als je ze nodig hebt.",
        "nothing_left": "Niets te verwijderen",
        "nothing_left_text": "Het was al verwijderd (in een ander tabblad, door een tweede "
        "klik, of door iemand anders): er is nu niets veranderd.",
        "remove_another": "Nog een antwoord verwijderen",
        "not_removed": "Er is niets verwijderd",
        "not_removed_text": "De opslag van de reacties meldt een probleem. Laat het weten aan "
        "wie de server beheert: het serverlog zegt waar, en docs/storage.md legt uit hoe je "
        "het herstelt.",
    },
}


def language() -> str:
    """The HR area's language for this request: the browser's first choice we have."""
    return browser_language(ADMIN_TEXT)


def admin_text() -> dict[str, str]:
    """The HR area's words for this request."""
    return ADMIN_TEXT[language()]
