"""The report's own words, per language; the questionnaire's texts come from its form.

Placeholders in braces are filled with ``str.format``. Dutch uses the informal "je" only
where the report speaks to the reader, like the example questionnaires.
"""

from __future__ import annotations

REPORT_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Report: {title}",
        "kicker": "Exit survey report",
        "responses": "{n} responses",
        "one_response": "1 response",
        "period": "from {first} to {last}",
        "period_one": "in {first}",
        "languages": "All language versions together: {languages}.",
        "made": "Made on {date}.",
        "contents": "Contents",
        "glance": "At a glance",
        "answers_per_question": "Answers per question",
        "comments": "Comments",
        "about": "About these numbers",
        "too_few_title": "Not enough responses yet",
        "too_few": "Fewer than {k} responses",
        "too_few_why": "To protect the anonymity of the people who answered, this report shows "
        "results only once there are at least {k} responses. Until then it shows nothing, "
        "not even the exact number.",
        "too_few_steps": "A response counts once the month it came in has ended, in steps of "
        "{k} or more (see “About these numbers”).",
        "privacy": "To protect anonymity, no group of fewer than {k} people is shown, and "
        "comments are listed only from {kt} per question. Share one report per quarter, not one "
        "after each departure.",
        "privacy_more": "More under “About these numbers”.",
        "no_groups": "No group can be shown yet.",
        "hidden_groups": "Not shown (fewer than {k} responses, or hidden along with a smaller "
        "group): {groups}.",
        "hidden_cells": "– : fewer than {k} answers, or hidden along with a smaller group.",
        "hidden_cell": "not shown",
        "too_few_answers": "Fewer than {k} answers: not shown.",
        "glance_responses": "responses",
        "glance_enps": "eNPS: would they recommend us as an employer?",
        "glance_favourable": "favourable, all ratings together",
        "glance_reasons": "Main reasons for leaving",
        "glance_enps_scale": "From −100 to +100. Above 0: more promoters (9–10) than "
        "detractors (0–6); below 0: fewer.",
        "glance_fav_scale": "The share of answers in the top {top} of {points} points of each "
        "rating.",
        "glance_fav_scale_mixed": "The share of answers in the top 40% of each rating scale.",
        "trend_up": "{what} rose from {start} in {first} to {end} in {last}.",
        "trend_down": "{what} fell from {start} in {first} to {end} in {last}.",
        "trend_same": "{what} was {end} in {first} and in {last}.",
        "trend_what_fav": "The % favourable (all ratings together)",
        "trend_what_fav_one": "The % favourable for “{label}”",
        "trend_what_enps": "The eNPS",
        "trend_few": "Few responses in those quarters ({first} and {last}): a change this size "
        "can be chance.",
        "glance_trend": "Better or worse?",
        "glance_best": "Highest rated: {label} ({pct} favourable).",
        "glance_worst": "Lowest rated: {label} ({pct} favourable).",
        "answers": "Answers",
        "count": "Number",
        "percent": "Percentage",
        "answer": "Answer",
        "statement": "Question",
        "favourable": "Favourable",
        "n_answers": "{n} answers",
        "pct_of_respondents": "Percentages are of the {n} people who answered; several answers "
        "were possible.",
        "pct_of_offered": "“{label}” was not offered in every version of the questionnaire: its "
        "percentage is of the {n} people who answered a version that offered it.",
        "pct_not_comparable": "“{label}” was not offered in every version of the questionnaire, "
        "and too few people saw it, or did not see it, for a fair percentage.",
        "asked_period": "Not every version of the questionnaire had this question: it was asked "
        "from {first} to {last}.",
        "asked_one": "Not every version of the questionnaire had this question: it was asked in "
        "{first} only.",
        "asked_some": "Not every version of the questionnaire had this question.",
        "was_one_answer": "An earlier version allowed only one answer to this question: those "
        "people could not choose several, so compare the percentages with care.",
        "other_scale": "{n} answers given on an earlier scale (another number of points, or "
        "the points in another order) are left out: they cannot be counted on this "
        "{points}-point scale (the export has them in a column of their own).",
        "other_scale_few": "Answers given on an earlier scale (another number of points, or the "
        "points in another order) are left out: they cannot be counted on this {points}-point "
        "scale (the export has them in a column of their own).",
        "pct_of_all": "Percentages are of all {n} responses.",
        "pct_of_answered": "Only some leavers are asked this question: percentages are of the "
        "{n} people who answered it, without “No answer”.",
        "no_answer": "No answer",
        "earlier_choices": "No longer offered ({labels})",
        "no_answer_note": "“No answer” also counts people who preferred not to say or were not "
        "asked.",
        "preferred_not": "{n} chose “prefer not to say”.",
        "favourable_note": "Favourable: the top {top} of {points} points ({labels}).",
        "legend": "Legend",
        "show_numbers": "Show the numbers",
        "enps": "eNPS",
        "enps_sentence": "eNPS {score}: {promoters} promoters (9–10) minus {detractors} "
        "detractors (0–6); {passives} passives (7–8). {n} answers.",
        "promoters": "Promoters (9–10)",
        "passives": "Passives (7–8)",
        "detractors": "Detractors (0–6)",
        "score": "Score",
        "number_summary": "{n} answers. Median {median}, mean {mean}.",
        "split_title": "Compared by: {question}",
        "split_title_vd": "Voluntary and dismissed leavers side by side",
        "earlier": "Questions from earlier versions",
        "bad_min_group": "The min_group in the address is not a whole number; the usual minimum "
        "group size is used.",
        "min_group_low": "The min_group in the address ({asked}) is below the smallest group "
        "this collector shows, so {k} is used: smaller groups could identify people.",
        "min_group_high": "The min_group in the address ({asked}) is above the largest "
        "possible, so {k} is used.",
        "split_intro": "Groups by the answer to “{question}”.",
        "all": "All",
        "measure": "Measure",
        "all_ratings": "All ratings together",
        "group_note": "Ratings show the % favourable answers; eNPS runs from −100 to +100.",
        "trend_table": "The numbers per quarter",
        "fav_measure": "{label} (% favourable)",
        "trend": "Trend by quarter",
        "trend_wait": "The trend appears once at least two quarters that have ended each "
        "have {k} or more responses.",
        "trend_covered": "The trend is not shown yet: showing the quarters with {k} or more "
        "responses would give away how many answered in a quarter with fewer (the quarter "
        "still running and responses dated by year only count as such a quarter too). It "
        "appears as more quarters end.",
        "trend_running": "{quarter} is still running: it joins the trend once it has ended.",
        "trend_waiting": "Not all of {quarter} counts yet (see “About these numbers”): it joins "
        "the trend once it does.",
        "trend_years": "Responses dated by year only are not in the trend.",
        "trend_fav": "% favourable, all ratings together, by quarter",
        "trend_fav_one": "% favourable for “{label}”, by quarter",
        "trend_enps": "eNPS by quarter",
        "trend_summary": "From {start} in {first} to {end} in {last}.",
        "trend_quarter": "Quarter",
        "breakdown": "Breakdown by “{question}”",
        "breakdown_pick": "Break the results down by",
        "breakdown_plain": "Breakdown",
        "breakdown_none": "(no breakdown)",
        "show": "Show",
        "bad_option": "“{value}” cannot be used here: choose a question with one answer from a "
        "list ({choices}).",
        "comments_count": "{n} answers, in random order.",
        "comments_waiting": "Not listed yet, because they have fewer than {k} comments each:",
        "comments_held": "Not listed, because the answer they belong to is not shown, or they "
        "were asked only of people whose answer is not shown (fewer than {k} responses, or "
        "hidden along with a smaller group):",
        "asked_of_hidden": "Not shown: asked only of some of the people whose answer to "
        "“{question}” is not shown (fewer than {k} responses, or hidden along with a smaller "
        "group). How many answered it would give that group's size away.",
        "held_option": "The report is not broken down by “{value}”: it was asked only of some "
        "of the people whose answer to “{question}” is not shown.",
        "some_option": "The report is not broken down by “{value}”: not everyone was asked "
        "it, and its “No answer” group would mix those not asked with the few who skipped it, "
        "whose answers the other columns would then give away. Choose a question everyone "
        "was asked.",
        "other_years": "other years",
        "comments_sample": "{n} answers; {shown} of them, chosen at random, in random order.",
        "about_fav": "% favourable: the share of answers in the top 40% of a rating scale "
        "(of 5 points the top 2; of 3 the top 1; of 7 the top 3), of the people who answered "
        "the question.",
        "about_enps": "eNPS (employee Net Promoter Score): the % of 9–10 answers minus the % of "
        "0–6 answers to the 0–10 question, each % rounded first; from −100 to +100.",
        "about_k": "Small groups: groups (departments, quarters, types of departure, answers "
        "to a question with one answer) with fewer than {k} responses are not shown, and "
        "neither is their number. If the hidden groups together would hold fewer than {k}, the "
        "smallest group shown is hidden as well. Within a group, a number based on fewer than {k} answers is not "
        "shown either. Comments are listed only for questions with at least {kt} comments.",
        "about_dates": "Dates are kept by month, quarter or year only; a month counts in its "
        "quarter. The period at the top names months only if its first and last month each "
        "hold at least {k} responses, otherwise quarters or years.",
        "about_earlier": "An answer to a choice that the questionnaire no longer offers counts "
        "under “No longer offered”, in every table.",
        "about_languages": "Answers in every language version count together.",
        "about_steps": "A response counts once the month it came in has ended (its quarter or "
        "year, if only that is kept), and then in steps: the responses that came in since the "
        "previous step join once they are {k} or more. A report made later therefore differs "
        "from this one by {k} or more people, never by one person's answers.",
        "about_compare": "Do not compare this report with an earlier one: the difference shows "
        "what the few people who answered in between said. Share one report per quarter, not "
        "one after each departure.",
        "about_compare_steps": "Do not compare this report with an earlier one: within a group "
        "(a department, say) the difference can still show what one or two people who answered "
        "in between said. Share one report per quarter, not one after each departure.",
    },
    "nl": {
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
        "trend_running": "{quarter} loopt nog: dat kwartaal komt in het verloop zodra het "
        "voorbij is.",
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
        "comments_count": "{n} antwoorden, in willekeurige volgorde.",
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
        "op een vraag met één antwoord) met minder dan {k} reacties tonen we niet, ook hun "
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
    },
}

LANGUAGE_NAMES = {
    "en": {"en": "English", "nl": "Dutch"},
    "nl": {"en": "Engels", "nl": "Nederlands"},
}


def report_text(language: str) -> dict[str, str]:
    """The strings for ``language``, falling back to English."""
    return REPORT_TEXT.get(language, REPORT_TEXT["en"])
