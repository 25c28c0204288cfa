"""The report's own words in Dutch; ``report_text`` looks them up by language.

Placeholders in braces are filled with ``str.format``. The informal "je" is used only
where the report speaks to the reader, like the example questionnaires.
"""

from __future__ import annotations

DUTCH: dict[str, str] = {
    "title": "Rapport: {title}",
    "kicker": "Rapport vertrekenquête",
    "responses": "{n} reacties",
    "one_response": "1 reactie",
    "period": "van {first} tot en met {last}",
    "period_one": "in {first}",
    "languages": "Alle taalversies samen: {languages}.",
    "made": "Gemaakt op {date}.",
    "contents": "Inhoud",
    "glance": "In één oogopslag",
    "answers_per_question": "Antwoorden per vraag",
    "comments": "Opmerkingen",
    "about": "Over deze cijfers",
    "too_few_title": "Nog niet genoeg reacties",
    "too_few": "Minder dan {k} reacties",
    "too_few_why": "Om de anonimiteit te beschermen van de mensen die de vragenlijst "
    "invulden, toont dit rapport pas resultaten vanaf {k} reacties. Tot die tijd toont het "
    "niets, ook niet het precieze aantal.",
    "too_few_steps": "Een reactie telt mee zodra de maand waarin ze binnenkwam voorbij is, "
    "in stappen van {k} of meer (zie “Over deze cijfers”).",
    "privacy": "Om de anonimiteit te beschermen, tonen we geen groep van minder dan {k} "
    "mensen, en opmerkingen pas vanaf {kt} per vraag. Deel één rapport per kwartaal, niet "
    "één na elk vertrek.",
    "privacy_more": "Meer hierover onder “Over deze cijfers”.",
    "no_groups": "Nog geen enkele groep kan getoond worden.",
    "hidden_groups": "Niet getoond (minder dan {k} reacties, of verborgen samen met een "
    "kleinere groep): {groups}.",
    "hidden_choices": "Niet getoond (door minder dan {k} mensen gekozen, of samen met zo'n "
    "keuze verborgen): {choices}.",
    "hidden_cells": "– : minder dan {k} antwoorden, of verborgen samen met een kleinere groep.",
    "hidden_cell": "niet getoond",
    "too_few_answers": "Minder dan {k} antwoorden: niet getoond.",
    "glance_responses": "reacties",
    "glance_enps": "eNPS: zouden ze ons aanraden als werkgever?",
    "glance_favourable": "positief, alle beoordelingen samen",
    "glance_reasons": "Belangrijkste redenen om te vertrekken",
    "glance_enps_scale": "Van −100 tot +100. Boven 0: meer promotors (9–10) dan "
    "criticasters (0–6); onder 0: minder.",
    "glance_fav_scale": "Het deel van de antwoorden in de bovenste {top} van {points} punten "
    "van elke beoordeling.",
    "glance_fav_scale_mixed": "Het deel van de antwoorden in de bovenste 40% van elke "
    "beoordelingsschaal.",
    "trend_up": "{what} steeg van {start} in {first} naar {end} in {last}.",
    "trend_down": "{what} daalde van {start} in {first} naar {end} in {last}.",
    "trend_same": "{what} was {end} in {first} en in {last}.",
    "trend_what_fav": "Het % positief (alle beoordelingen samen)",
    "trend_what_fav_one": "Het % positief voor “{label}”",
    "trend_what_enps": "De eNPS",
    "trend_few": "Weinig reacties in die kwartalen ({first} en {last}): zo'n verschil kan "
    "toeval zijn.",
    "glance_trend": "Beter of slechter?",
    "glance_best": "Hoogst beoordeeld: {label} ({pct} positief).",
    "glance_worst": "Laagst beoordeeld: {label} ({pct} positief).",
    "glance_best_tied": "Hoogst beoordeeld, gelijk: {labels} (elk {pct} positief).",
    "glance_worst_tied": "Laagst beoordeeld, gelijk: {labels} (elk {pct} positief).",
    "glance_list_sep": ", ",
    "glance_and": "{first} en {last}",
    "glance_reasons_few": "Nog niet getoond: minder dan {k} mensen hebben deze vraag "
    "beantwoord. Vanaf {k} antwoorden tonen we hem.",
    "glance_reasons_none": "Nog niet getoond: elke reden is door minder dan {k} mensen "
    "gekozen (of samen met zo'n reden verborgen). Een reden tonen we vanaf {k} mensen, als "
    "meer mensen reageren.",
    "glance_reasons_held": "Nog niet getoond: deze vraag is alleen gesteld aan een deel van "
    "de mensen van wie het antwoord op “{question}” niet getoond wordt (minder dan {k} "
    "reacties, of verborgen samen met een kleinere groep). We tonen de vraag zodra die "
    "antwoorden getoond kunnen worden, als meer mensen reageren.",
    "answers": "Antwoorden",
    "count": "Aantal",
    "percent": "Percentage",
    "answer": "Antwoord",
    "statement": "Vraag",
    "favourable": "Positief",
    "n_answers": "{n} antwoorden",
    "pct_of_respondents": "De percentages zijn van de {n} mensen die de vraag beantwoordden; "
    "meerdere antwoorden waren mogelijk.",
    "pct_of_offered": "“{label}” stond niet in elke versie van de vragenlijst: het percentage "
    "is van de {n} mensen die een versie met dit antwoord invulden.",
    "pct_not_comparable": "“{label}” stond niet in elke versie van de vragenlijst, en te "
    "weinig mensen kregen dit antwoord wel of juist niet te zien voor een eerlijk percentage.",
    "asked_period": "Niet elke versie van de vragenlijst had deze vraag: hij is gesteld van "
    "{first} tot en met {last}.",
    "asked_one": "Niet elke versie van de vragenlijst had deze vraag: hij is alleen in "
    "{first} gesteld.",
    "asked_some": "Niet elke versie van de vragenlijst had deze vraag.",
    "was_one_answer": "In een eerdere versie was bij deze vraag maar één antwoord mogelijk: "
    "die mensen konden er geen meerdere kiezen, dus vergelijk de percentages voorzichtig.",
    "other_scale": "{n} antwoorden op een eerdere schaal (een ander aantal punten, of de "
    "punten in een andere volgorde) tellen niet mee: ze passen niet op deze schaal van "
    "{points} punten (de export heeft ze in een eigen kolom).",
    "other_scale_few": "Antwoorden op een eerdere schaal (een ander aantal punten, of de "
    "punten in een andere volgorde) tellen niet mee: ze passen niet op deze schaal van "
    "{points} punten (de export heeft ze in een eigen kolom).",
    "other_scale_kind": "{n} antwoorden op een eerdere schaal (toen deze vraag een "
    "0-10-vraag of een beoordeling was, elk met eigen punten) tellen niet mee: ze passen "
    "niet op deze schaal (de export bewaart ze zoals ze gegeven zijn).",
    "other_scale_kind_few": "Antwoorden op een eerdere schaal (toen deze vraag een "
    "0-10-vraag of een beoordeling was, elk met eigen punten) tellen niet mee: ze passen "
    "niet op deze schaal (de export bewaart ze zoals ze gegeven zijn).",
    "other_type_number": "{n} antwoorden die gegeven zijn toen deze vraag geen getalvraag "
    "was (een eerdere versie stelde haar als ander soort vraag) tellen niet mee in de "
    "mediaan en het gemiddelde (de export heeft ze).",
    "other_type_number_few": "Antwoorden die gegeven zijn toen deze vraag geen getalvraag "
    "was (een eerdere versie stelde haar als ander soort vraag) tellen niet mee in de "
    "mediaan en het gemiddelde (de export heeft ze).",
    "other_type_date": "Antwoorden die gegeven zijn toen deze vraag geen datumvraag was "
    "(een eerdere versie stelde haar als ander soort vraag) tellen niet mee in de jaren: "
    "ze staan onder “Geen antwoord” (de export heeft ze).",
    "other_type_scored": "{n} antwoorden die gegeven zijn toen deze vraag een tekst-, getal- "
    "of datumvraag was (een eerdere versie stelde haar zo) tellen niet mee: wat toen getypt "
    "is, is geen punt op deze schaal (de export heeft ze).",
    "other_type_scored_few": "Antwoorden die gegeven zijn toen deze vraag een tekst-, getal- "
    "of datumvraag was (een eerdere versie stelde haar zo) tellen niet mee: wat toen getypt "
    "is, is geen punt op deze schaal (de export heeft ze).",
    "other_type_choice": "{n} antwoorden die gegeven zijn toen deze vraag een tekst-, getal- "
    "of datumvraag was (een eerdere versie stelde haar zo) tellen niet mee als keuze: een "
    "getypt woord is geen keuze, ook niet als het de naam van een keuze is. Ze staan onder "
    "“Geen antwoord” (de export heeft ze).",
    "other_type_choice_few": "Antwoorden die gegeven zijn toen deze vraag een tekst-, getal- "
    "of datumvraag was (een eerdere versie stelde haar zo) tellen niet mee als keuze: een "
    "getypt woord is geen keuze, ook niet als het de naam van een keuze is. Ze staan onder "
    "“Geen antwoord” (de export heeft ze).",
    "other_type_many": "{n} antwoorden die gegeven zijn toen deze vraag een getal- of "
    "datumvraag was (een eerdere versie stelde haar zo) tellen niet mee: een getal of een "
    "datum is geen keuze, ook niet als het de code van een keuze lijkt (de export heeft "
    "ze).",
    "other_type_many_few": "Antwoorden die gegeven zijn toen deze vraag een getal- of "
    "datumvraag was (een eerdere versie stelde haar zo) tellen niet mee: een getal of een "
    "datum is geen keuze, ook niet als het de code van een keuze lijkt (de export heeft "
    "ze).",
    "other_codes_scored": "{n} antwoorden die gegeven zijn toen deze vraag een keuzevraag "
    "was (een eerdere versie stelde haar zo) tellen niet mee: een keuze is geen punt op "
    "deze schaal, ook niet als haar code een getal is (de export heeft ze).",
    "other_codes_scored_few": "Antwoorden die gegeven zijn toen deze vraag een keuzevraag "
    "was (een eerdere versie stelde haar zo) tellen niet mee: een keuze is geen punt op "
    "deze schaal, ook niet als haar code een getal is (de export heeft ze).",
    "other_codes_choice": "{n} antwoorden die gegeven zijn toen deze vraag een "
    "beoordeling, een 0-10-vraag of een meerkeuzevraag was (een eerdere versie stelde haar "
    "zo) tellen niet mee als keuze: een punt op een schaal is geen keuze, ook niet als het "
    "getal de code van een keuze is, en meerdere keuzes zijn niet één antwoord. Ze staan "
    "onder “Geen antwoord” (de export heeft ze).",
    "other_codes_choice_few": "Antwoorden die gegeven zijn toen deze vraag een "
    "beoordeling, een 0-10-vraag of een meerkeuzevraag was (een eerdere versie stelde haar "
    "zo) tellen niet mee als keuze: een punt op een schaal is geen keuze, ook niet als het "
    "getal de code van een keuze is, en meerdere keuzes zijn niet één antwoord. Ze staan "
    "onder “Geen antwoord” (de export heeft ze).",
    "other_codes_many": "{n} antwoorden die gegeven zijn toen deze vraag een beoordeling "
    "of een 0-10-vraag was (een eerdere versie stelde haar zo) tellen niet mee: een punt op "
    "een schaal is geen keuze, ook niet als het getal de code van een keuze is (de export "
    "heeft ze).",
    "other_codes_many_few": "Antwoorden die gegeven zijn toen deze vraag een beoordeling "
    "of een 0-10-vraag was (een eerdere versie stelde haar zo) tellen niet mee: een punt op "
    "een schaal is geen keuze, ook niet als het getal de code van een keuze is (de export "
    "heeft ze).",
    "pct_of_all": "De percentages zijn van alle {n} reacties.",
    "pct_of_answered": "Alleen een deel van de vertrekkers krijgt deze vraag: de percentages "
    "zijn van de {n} mensen die de vraag beantwoordden, zonder “Geen antwoord”.",
    "no_answer": "Geen antwoord",
    "earlier_choices": "Niet meer aangeboden ({labels})",
    "no_answer_note": "Onder “Geen antwoord” vallen ook mensen die het liever niet zeiden of "
    "aan wie de vraag niet gesteld werd.",
    "preferred_not": "“Zeg ik liever niet” is {n} keer gekozen.",
    "favourable_note": "Positief: de bovenste {top} van {points} punten ({labels}).",
    "legend": "Legenda",
    "show_numbers": "Toon de cijfers",
    "enps": "eNPS",
    "enps_sentence": "eNPS {score}: {promoters} promotors (9–10) min {detractors} criticasters "
    "(0–6); {passives} passief tevreden (7–8). {n} antwoorden.",
    "promoters": "Promotors (9–10)",
    "passives": "Passief tevreden (7–8)",
    "detractors": "Criticasters (0–6)",
    "score": "Score",
    "number_summary": "{n} antwoorden. Mediaan {median}, gemiddelde {mean}.",
    "split_title": "Vergeleken op: {question}",
    "split_title_vd": "Vrijwillig vertrokken en ontslagen medewerkers naast elkaar",
    "earlier": "Vragen uit eerdere versies",
    "bad_min_group": "De min_group in het webadres is geen heel getal; de gebruikelijke "
    "minimale groepsgrootte geldt.",
    "min_group_low": "De min_group in het webadres ({asked}) is kleiner dan de kleinste "
    "groep die deze collector toont, dus geldt {k}: kleinere groepen maken mensen "
    "herkenbaar.",
    "min_group_high": "De min_group in het webadres ({asked}) is groter dan het maximum, "
    "dus geldt {k}.",
    "split_intro": "Groepen naar het antwoord op “{question}”.",
    "all": "Totaal",
    "measure": "Kengetal",
    "all_ratings": "Alle beoordelingen samen",
    "group_note": "Bij beoordelingen staat het % positieve antwoorden; de eNPS loopt van "
    "−100 tot +100.",
    "trend_table": "De cijfers per kwartaal",
    "fav_measure": "{label} (% positief)",
    "trend": "Verloop per kwartaal",
    "trend_wait": "Het verloop verschijnt zodra minstens twee afgelopen kwartalen elk {k} "
    "of meer reacties hebben.",
    "trend_covered": "Het verloop staat er nog niet: de kwartalen met {k} of meer reacties "
    "tonen zou verraden hoeveel mensen reageerden in een kwartaal met minder (het kwartaal "
    "dat nog loopt en reacties met alleen een jaartal tellen ook als zo'n kwartaal). Het "
    "verschijnt naarmate er meer kwartalen voorbij zijn.",
    "trend_running": "{quarter} loopt nog: dat kwartaal komt in het verloop zodra het voorbij is.",
    "trend_waiting": "Nog niet heel {quarter} telt mee (zie “Over deze cijfers”): het "
    "kwartaal komt in het verloop zodra dat wel zo is.",
    "trend_years": "Reacties met alleen een jaartal tellen niet mee in het verloop.",
    "trend_fav": "% positief, alle beoordelingen samen, per kwartaal",
    "trend_fav_one": "% positief voor “{label}”, per kwartaal",
    "trend_enps": "eNPS per kwartaal",
    "trend_summary": "Van {start} in {first} naar {end} in {last}.",
    "trend_quarter": "Kwartaal",
    "breakdown": "Uitgesplitst naar “{question}”",
    "breakdown_pick": "Splits de resultaten uit naar",
    "breakdown_plain": "Uitsplitsing",
    "breakdown_none": "(niet uitsplitsen)",
    "show": "Toon",
    "bad_option": "“{value}” kan hier niet gebruikt worden: kies een vraag met één antwoord "
    "uit een lijst ({choices}).",
    "left_out_one": "1 bewaarde reactie kon niet gelezen worden (met de hand bewerkt?) en telt in dit rapport niet mee. Het logboek van de server noemt haar.",
    "left_out": "{n} bewaarde reacties konden niet gelezen worden (met de hand bewerkt?) en tellen in dit rapport niet mee. Het logboek van de server noemt ze.",
    "comments_count": "{n} antwoorden, in willekeurige volgorde.",
    "typed_before": "geschreven toen het nog geen meerkeuzevraag was",
    "comments_waiting": "Nog niet getoond, omdat ze elk minder dan {k} opmerkingen hebben:",
    "comments_held": "Niet getoond, omdat het antwoord waar ze bij horen niet getoond wordt, "
    "of omdat ze alleen gevraagd zijn aan mensen van wie het antwoord niet getoond wordt "
    "(minder dan {k} reacties, of verborgen samen met een kleinere groep):",
    "asked_of_hidden": "Niet getoond: alleen gevraagd aan een deel van de mensen van wie "
    "het antwoord op “{question}” niet getoond wordt (minder dan {k} reacties, of "
    "verborgen samen met een kleinere groep). Hoeveel mensen de vraag beantwoordden, zou "
    "de grootte van die groep verraden.",
    "held_option": "Het rapport is niet uitgesplitst naar “{value}”: die vraag is alleen "
    "gesteld aan een deel van de mensen van wie het antwoord op “{question}” niet getoond "
    "wordt.",
    "some_option": "Het rapport is niet uitgesplitst naar “{value}”: niet iedereen kreeg "
    "die vraag, en de groep “Geen antwoord” zou wie de vraag niet kreeg mengen met de "
    "enkeling die hem oversloeg, van wie de andere kolommen dan de antwoorden verraden. "
    "Kies een vraag die iedereen kreeg.",
    "other_years": "andere jaren",
    "comments_sample": "{n} antwoorden; {shown} daarvan, willekeurig gekozen, in "
    "willekeurige volgorde.",
    "about_fav": "% positief: het deel van de antwoorden in de bovenste 40% van een "
    "beoordelingsschaal (van 5 punten de bovenste 2; van 3 de bovenste 1; van 7 de bovenste "
    "3), van de mensen die de vraag "
    "beantwoordden.",
    "about_enps": "eNPS (employee Net Promoter Score): het % antwoorden 9–10 min het % "
    "antwoorden 0–6 op de vraag van 0 tot 10, elk % eerst afgerond; van −100 tot +100.",
    "about_k": "Kleine groepen: groepen (afdelingen, kwartalen, soorten vertrek, antwoorden "
    "op een vraag met één antwoord, de mensen die één reden kozen) met minder dan {k} reacties tonen we niet, ook hun "
    "aantal niet. Als de verborgen groepen samen minder dan {k} reacties zouden tellen, "
    "verbergen we ook de kleinste getoonde groep. Binnen een groep tonen we ook geen cijfer dat op minder dan "
    "{k} antwoorden berust. Opmerkingen tonen we alleen bij vragen met minstens {kt} "
    "opmerkingen.",
    "about_dates": "Datums bewaren we alleen per maand, kwartaal of jaar; een maand telt mee "
    "in zijn kwartaal. De periode bovenaan noemt alleen maanden als de eerste en de laatste "
    "maand elk minstens {k} reacties hebben, anders kwartalen of jaren.",
    "about_earlier": "Een antwoord dat de vragenlijst niet meer aanbiedt, telt in elke tabel "
    "mee onder “Niet meer aangeboden”.",
    "about_languages": "Antwoorden in alle taalversies tellen samen.",
    "about_steps": "Een reactie telt mee zodra de maand waarin ze binnenkwam voorbij is "
    "(het kwartaal of jaar, als alleen dat bewaard wordt), en dan in stappen: de reacties "
    "sinds de vorige stap tellen mee zodra het er {k} of meer zijn. Een later rapport "
    "verschilt dus met {k} of meer mensen van dit rapport, nooit met de antwoorden van één "
    "persoon.",
    "about_compare": "Vergelijk dit rapport niet met een eerder rapport: het verschil laat "
    "zien wat de paar mensen die intussen reageerden hebben gezegd. Deel één rapport per "
    "kwartaal, niet één na elk vertrek.",
    "about_compare_steps": "Vergelijk dit rapport niet met een eerder rapport: binnen een "
    "groep (een afdeling bijvoorbeeld) kan het verschil nog steeds laten zien wat een of "
    "twee mensen die intussen reageerden hebben gezegd. Deel één rapport per kwartaal, niet "
    "één na elk vertrek.",
}
