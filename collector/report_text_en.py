"""The report's own words in English; ``report_text`` looks them up by language.

Placeholders in braces are filled with ``str.format``.
"""

from __future__ import annotations

ENGLISH: dict[str, str] = {
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
    "hidden_choices": "Not shown (chosen by fewer than {k} people, or hidden along with such "
    "a choice): {choices}.",
    "hidden_cells": "– : fewer than {k} answers, or hidden along with a smaller group.",
    "hidden_cell": "not shown",
    "too_few_answers": "Fewer than {k} answers: not shown.",
    "glance_responses": "responses",
    "glance_enps": "eNPS: would they recommend us as an employer?",
    "glance_favourable": "favourable, all ratings together",
    "glance_reasons": "Main reasons for leaving",
    "glance_enps_scale": "From −100 to +100. Above 0: more promoters (9–10) than "
    "detractors (0–6); below 0: fewer.",
    "glance_fav_scale": "The share of answers in the top {top} of {points} points of each rating.",
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
    "glance_best_tied": "Highest rated, equally: {labels} ({pct} favourable each).",
    "glance_worst_tied": "Lowest rated, equally: {labels} ({pct} favourable each).",
    "glance_list_sep": ", ",
    "glance_and": "{first} and {last}",
    "glance_reasons_few": "Not shown yet: fewer than {k} people have answered it. It is "
    "shown from {k} answers on.",
    "glance_reasons_none": "Not shown yet: each reason was chosen by fewer than {k} people "
    "(or is hidden along with such a reason). A reason is shown from {k} people on, as more "
    "people respond.",
    "glance_reasons_held": "Not shown yet: it is asked only of some of the people whose "
    "answer to “{question}” is not shown (fewer than {k} responses, or hidden along with a "
    "smaller group). It is shown once those answers can be, as more people respond.",
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
    "other_scale_kind": "{n} answers given on an earlier scale (when this question was a "
    "0-10 question or a rating, each with its own points) are left out: they cannot be "
    "counted on this scale (the export keeps them as given).",
    "other_scale_kind_few": "Answers given on an earlier scale (when this question was a "
    "0-10 question or a rating, each with its own points) are left out: they cannot be "
    "counted on this scale (the export keeps them as given).",
    "other_type_number": "{n} answers given when this question was not a number question "
    "(an earlier version asked it as another type) are left out of the median and mean "
    "(the export has them).",
    "other_type_number_few": "Answers given when this question was not a number question "
    "(an earlier version asked it as another type) are left out of the median and mean "
    "(the export has them).",
    "other_type_date": "Answers given when this question was not a date question (an "
    "earlier version asked it as another type) are not counted in its years: they are "
    "under “No answer” (the export has them).",
    "other_type_scored": "{n} answers given when this question was a text, number or date "
    "question (an earlier version asked it so) are left out: what was typed then is no "
    "point on this scale (the export has them).",
    "other_type_scored_few": "Answers given when this question was a text, number or date "
    "question (an earlier version asked it so) are left out: what was typed then is no "
    "point on this scale (the export has them).",
    "other_type_choice": "{n} answers given when this question was a text, number or date "
    "question (an earlier version asked it so) are not counted as a choice: a typed word "
    "is no choice, even when it is one's name. They are under “No answer” (the export has "
    "them).",
    "other_type_choice_few": "Answers given when this question was a text, number or date "
    "question (an earlier version asked it so) are not counted as a choice: a typed word "
    "is no choice, even when it is one's name. They are under “No answer” (the export has "
    "them).",
    "other_type_many": "{n} answers given when this question was a number or date "
    "question (an earlier version asked it so) are left out: a number or a date is no "
    "choice, even when it reads as a choice's code (the export has them).",
    "other_type_many_few": "Answers given when this question was a number or date "
    "question (an earlier version asked it so) are left out: a number or a date is no "
    "choice, even when it reads as a choice's code (the export has them).",
    "other_codes_scored": "{n} answers given when this question was a choice question (an "
    "earlier version asked it so) are left out: a choice is no point on this scale, even "
    "when its code is a number (the export has them).",
    "other_codes_scored_few": "Answers given when this question was a choice question (an "
    "earlier version asked it so) are left out: a choice is no point on this scale, even "
    "when its code is a number (the export has them).",
    "other_codes_choice": "{n} answers given when this question was a rating, 0-10 or "
    "multiple-choice question (an earlier version asked it so) are not counted as a "
    "choice: a point of a scale is no choice, even when its number is a choice's code, and "
    "several choices are not one answer. They are under “No answer” (the export has them).",
    "other_codes_choice_few": "Answers given when this question was a rating, 0-10 or "
    "multiple-choice question (an earlier version asked it so) are not counted as a "
    "choice: a point of a scale is no choice, even when its number is a choice's code, and "
    "several choices are not one answer. They are under “No answer” (the export has them).",
    "other_codes_many": "{n} answers given when this question was a rating or 0-10 "
    "question (an earlier version asked it so) are left out: a point of a scale is no "
    "choice, even when its number is a choice's code (the export has them).",
    "other_codes_many_few": "Answers given when this question was a rating or 0-10 "
    "question (an earlier version asked it so) are left out: a point of a scale is no "
    "choice, even when its number is a choice's code (the export has them).",
    "pct_of_all": "Percentages are of all {n} responses.",
    "pct_of_answered": "Only some leavers are asked this question: percentages are of the "
    "{n} people who answered it, without “No answer”.",
    "no_answer": "No answer",
    "earlier_choices": "No longer offered ({labels})",
    "no_answer_note": "“No answer” also counts people who preferred not to say or were not asked.",
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
    "left_out_one": "1 stored record could not be read (edited by hand?) and is left out of this report. The server's log names it.",
    "left_out": "{n} stored records could not be read (edited by hand?) and are left out of this report. The server's log names them.",
    "comments_count": "{n} answers, in random order.",
    "typed_before": "written when it was not yet a multiple-choice question",
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
    "to a question with one answer, the people who chose one reason) with fewer than {k} responses are not shown, and "
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
}
