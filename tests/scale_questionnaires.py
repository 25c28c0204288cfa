"""Questionnaires at a company's scale, written into a folder for tests and bench scripts.

* ``long_questionnaire()``: one survey of 60 questions in 10 sections, 15 conditions, two
  statement blocks, a 40-department dropdown, 25 reasons, long hints and a long privacy
  statement; 20 questions are required, and all 20 apply to everyone.
* ``write_many(folder, 40)``: 40 questionnaires, one per country/department pair; the Dutch
  and Belgian ones as an English/Dutch pair, the others in English only.

Never written into ``questionnaires/``: the callers pass a temporary folder.
"""

from __future__ import annotations

from pathlib import Path

LONG_HINT = (
    "Think of the whole period, not only your last weeks. If it differed a lot between "
    "teams or managers, answer for the situation you were in longest. An estimate is fine; "
    "nobody will check this against your personnel file, and the report for management "
    "only ever shows totals of at least five people."
)
PRIVACY_POINTS = [
    "We store your answers without your name, e-mail address or IP address, and without "
    "the day or time you sent them: we keep only the month.",
    "Only the two people of the HR analytics team can see everything one person answered. "
    "They have signed a confidentiality statement and never pass on single answers.",
    "Management gets a report with totals, never for a group of fewer than five people.",
    "What you write in the text boxes is shown to management without your other answers, "
    "once at least ten people have written something for that question. Please leave out "
    "names and details that would show who you are or who you mean.",
    "Your department and years of service are used only to see patterns across groups. "
    "If you work in a small team, choose 'Prefer not to say'.",
    "We keep the answers for three years, then delete them. The report keeps only totals.",
    "The works council has agreed to this survey and receives the same report as "
    "management, twice a year.",
    "We use the answers to improve how we work, never to judge one person, and never in "
    "a reference for a future employer.",
    "Taking part is voluntary. You can skip every question marked '(optional)' and stop at "
    "any time; nothing reaches us until you press 'Send answers'.",
    "Questions about this survey or about your data: write to the data protection officer "
    "at privacy@example.com. You may also complain to the Dutch Data Protection Authority.",
]
DEPARTMENTS = [
    "Accounts payable", "Accounts receivable", "Administration", "Audit", "Billing",
    "Business intelligence", "Call centre", "Compliance", "Contract management",
    "Controlling", "Customer service", "Data science", "Design", "Engineering",
    "Facilities", "Finance", "Fleet management", "Health and safety", "HR", "IT operations",
    "IT development", "Internal communication", "Legal", "Logistics", "Maintenance",
    "Marketing", "Procurement", "Product management", "Production line A",
    "Production line B", "Project office", "Public relations", "Quality assurance",
    "Research", "Sales inside", "Sales field", "Security", "Training", "Treasury",
    "Warehouse",
]  # fmt: skip
REASONS = [
    "Pay", "Benefits", "Career growth", "Training and development", "My manager",
    "Senior management", "Workload", "Stress", "The work itself", "Too little variety",
    "Colleagues", "Team atmosphere", "Working hours", "Flexibility", "Working from home",
    "Travel time", "Location", "Personal circumstances", "Family circumstances", "Health",
    "A better offer elsewhere", "Starting my own business", "Going back to study",
    "Reorganisation", "Company direction",
]  # fmt: skip


def _code(label: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in label.lower()).strip("_")


def _choices(labels: list[str]) -> str:
    return "".join(f"  - {_code(x)}: {x}\n" for x in labels)


def _q(text: str, qid: str, *settings: str) -> str:
    return f"### {text} {{#{qid}}}\n" + "".join(f"- {s}\n" for s in settings) + "\n"


def _statements(qid: str, text: str, items: list[str], *settings: str) -> str:
    listed = "".join(f"  - {qid}_{n}: {item}\n" for n, item in enumerate(items, start=1))
    return _q(text, qid, "type: statements", "scale: agreement", *settings, "statements:") + (
        listed + "\n"
    )


def long_questionnaire(slug: str = "long-en") -> str:
    """60 questions, 10 sections, 15 conditions, 20 required questions that always apply."""
    privacy = "".join(f"  - {p}\n" for p in PRIVACY_POINTS)
    yes_no_unsure = "choices:\n  - yes: Yes\n  - no: No\n  - unsure: I don't know"
    parts = [
        f"---\ntitle: Exit survey for all staff\nlanguage: en\nslug: {slug}\n",
        "intro: |\n  You are leaving us, and we would like to learn from your experience. This "
        "survey\n  takes about 20 minutes. You can skip every question marked (optional).\n",
        f"privacy: |\n  **Your answers are anonymous.**\n\n{privacy}",
        "---\n\n## Your departure {#s_departure}\n\n",
        _q(
            "How did your employment end?",
            "departure",
            "type: single choice",
            "required: yes",
            "choices:\n  - voluntary: I resigned\n  - dismissed: My employer ended it\n"
            "  - contract_end: My temporary contract ended\n  - retirement: I am retiring",
            "prefer not to say: yes",
        ),
        _q(
            "What was your role level?",
            "level",
            "type: single choice",
            "required: yes",
            "choices:\n  - staff: Staff\n  - senior: Senior staff\n  - lead: Team lead\n"
            "  - manager: Manager",
            "prefer not to say: yes",
        ),
        _q(
            "How long did you work here?",
            "tenure",
            "type: single choice",
            "required: yes",
            f"hint: {LONG_HINT}",
            "choices:\n  - under_1: Less than 1 year\n  - y1_5: 1 to 5 years\n"
            "  - over_5: More than 5 years",
            "prefer not to say: yes",
        ),
        _q(
            "Which department did you work in?",
            "department",
            "type: dropdown",
            "required: yes",
            f"hint: {LONG_HINT}",
            "choices:\n" + _choices(DEPARTMENTS).rstrip("\n"),
            "prefer not to say: yes",
        ),
        _q("Did you work part-time?", "part_time", "type: yes no", "required: yes"),
        _q(
            "How many hours a week did you work on average?",
            "hours",
            "type: number",
            "min: 1",
            "max: 60",
            "show if: part_time = yes",
        ),
        "## Your decision to leave {#s_decision}\nshow if: departure = voluntary\n\n",
        "These questions are for people who decided to leave themselves.\n\n",
        _q(
            "What were the main reasons you decided to leave?",
            "reasons",
            "type: multiple choice",
            f"hint: Select all that apply. {LONG_HINT}",
            "choices:\n" + _choices(REASONS).rstrip("\n"),
            "other: yes",
            "prefer not to say: yes",
        ),
        _q(
            "Which one reason weighed most?",
            "main_reason",
            "type: dropdown",
            "choices:\n" + _choices(REASONS).rstrip("\n"),
        ),
        _q(
            "What does your new employer offer that we did not?",
            "new_employer",
            "type: long text",
            "max length: 1000",
            "show if: reasons includes a_better_offer_elsewhere",
        ),
        _q("Did you talk to your manager before you resigned?", "talked", "type: yes no"),
        _q(
            "What could your manager have done to keep you?",
            "manager_keep",
            "type: long text",
            "max length: 1500",
            "show if: talked = yes",
        ),
        _q(
            "When did you first think about leaving?",
            "first_thought",
            "type: date",
            "month only: yes",
        ),
        "## The end of your employment {#s_ending}\nshow if: departure = dismissed\n\n",
        _q(
            "Did the way we work contribute to the end of your employment?",
            "practices",
            "type: single choice",
            yes_no_unsure,
        ),
        _q(
            "What could we have done differently?",
            "differently",
            "type: long text",
            "show if: practices = yes",
        ),
        _q("How fair was the process?", "fair_process", "type: rating", "scale: quality"),
        _q("Were you offered support in finding new work?", "support", "type: yes no"),
        _q(
            "What support did you get?",
            "support_what",
            "type: long text",
            "show if: support = yes",
        ),
        _q("Anything else about how it ended?", "ending_other", "type: long text"),
        "## Working conditions {#s_conditions}\n\n",
        _statements(
            "cond",
            "How much do you agree with these statements about your working conditions?",
            [
                "My workplace was safe",
                "I had the tools I needed",
                "My workplace was comfortable",
                "The building was well kept",
                "I could work from home when it suited the work",
                "The equipment was up to date",
            ],
            "required: yes",
        ),
        "## The work itself {#s_work}\n\n",
        _statements(
            "work",
            "How much do you agree with these statements about the work itself?",
            [
                "The work suited my skills",
                "The work had enough variety",
                "The workload was manageable",
                "I knew what was expected of me",
                "I could decide how to do my work",
                "My work mattered to the company",
            ],
            "required: yes",
        ),
        "## Working relationships {#s_relations}\n\n",
        _q(
            "How did you experience working with your direct manager?",
            "manager",
            "type: rating",
            "scale: quality",
            "prefer not to say: yes",
        ),
        _q(
            "What should your manager do differently?",
            "manager_change",
            "type: long text",
            "show if: manager in (1, 2)",
        ),
        _q("How was the atmosphere in your team?", "team", "type: rating", "scale: quality"),
        _q(
            "What made the atmosphere good or poor?",
            "team_why",
            "type: long text",
        ),
        _q(
            "Did you experience unwanted behaviour at work?",
            "unwanted",
            "type: single choice",
            yes_no_unsure,
            "prefer not to say: yes",
        ),
        _q(
            "Did you report it to a confidential adviser?",
            "reported",
            "type: yes no",
            "show if: unwanted = yes",
        ),
        "## Terms of employment {#s_terms}\n\n",
        _q("How satisfied were you with your pay?", "pay", "type: rating", "scale: satisfaction"),
        _q(
            "How satisfied were you with your benefits?",
            "benefits",
            "type: rating",
            "scale: satisfaction",
        ),
        _q(
            "How satisfied were you with the training you got?",
            "training",
            "type: rating",
            "scale: satisfaction",
        ),
        _q(
            "What training did you miss?",
            "training_missed",
            "type: long text",
            "show if: training in (1, 2)",
        ),
        _q(
            "How satisfied were you with your working hours?",
            "hours_ok",
            "type: rating",
            "scale: satisfaction",
        ),
        _q(
            "What would have made the hours work for you?",
            "hours_change",
            "type: long text",
            "show if: hours_ok in (1, 2)",
        ),
        "## Culture {#s_culture}\n\n",
        _q(
            "How would you rate the culture in the company?",
            "culture",
            "type: rating",
            "scale: quality",
        ),
        _q(
            "In a few words, how would you describe the culture?",
            "culture_words",
            "type: short text",
            "max length: 200",
        ),
        _q("Did you feel appreciated for your work?", "appreciated", "type: yes no"),
        _q(
            "What would have made you feel appreciated?",
            "appreciated_how",
            "type: long text",
            "show if: appreciated = no",
        ),
        _q("Did you feel you could speak up?", "speak_up", "type: yes no"),
        _q(
            "What made it easy or hard to speak up?",
            "speak_up_why",
            "type: long text",
        ),
        _q(
            "How would you rate the communication from senior management?",
            "communication",
            "type: rating",
            "scale: quality",
            "required: yes",
        ),
        "## What we can learn {#s_learn}\n\n",
        _q(
            "What went well during your time with us?",
            "went_well",
            "type: long text",
            "max length: 1500",
        ),
        _q("What should we change or improve?", "improve", "type: long text", "max length: 1500"),
        _q(
            "Would you consider working for us again?",
            "come_back",
            "type: single choice",
            "required: yes",
            "choices:\n  - yes: Yes\n  - maybe: Maybe\n  - no: No",
            "prefer not to say: yes",
        ),
        _q(
            "What would bring you back?",
            "come_back_what",
            "type: long text",
            "show if: come_back in (yes, maybe)",
        ),
        _q(
            "How likely is it that you would recommend us as an employer to a friend?",
            "recommend",
            "type: recommend",
            "required: yes",
        ),
        _q(
            "What would make you recommend us more warmly?",
            "recommend_more",
            "type: long text",
            "show if: recommend in (0, 1, 2, 3, 4, 5, 6)",
        ),
        "## Your next step {#s_next}\n\n",
        _q(
            "Where are you going next?",
            "next_step",
            "type: single choice",
            "choices:\n  - same_sector: A job in the same sector\n"
            "  - other_sector: A job in another sector\n  - study: Study\n"
            "  - own_business: My own business\n  - break: A break",
            "prefer not to say: yes",
        ),
        _q(
            "Is your new job better paid?",
            "better_paid",
            "type: single choice",
            yes_no_unsure,
            "show if: next_step in (same_sector, other_sector)",
        ),
        _q("Would you like a conversation with HR?", "conversation", "type: yes no"),
        _q(
            "How did you find your new job?",
            "found_via",
            "type: single choice",
            "choices:\n  - network: Through my network\n  - recruiter: A recruiter\n"
            "  - posting: A job posting\n  - other_way: Another way",
        ),
        _q(
            "Is there anything else you would like to tell us?",
            "closing",
            "type: long text",
            "max length: 2000",
        ),
    ]
    return "".join(parts)


COUNTRIES_PAIRED = ["nl", "be"]  # English and Dutch versions
COUNTRIES_EN = ["uk", "ie", "de", "fr", "es", "it", "pl", "se", "dk", "no", "fi", "at"]
UNITS = ["finance", "sales", "logistics", "it", "hr", "production", "service"]

_SHORT = {
    "en": {
        "title": "Exit survey {country} {unit}",
        "privacy": "Your answers are anonymous. Only HR reads them; management sees totals.",
        "s1": "Your departure",
        "departure": "How did your employment end?",
        "choices": "  - voluntary: I resigned\n  - dismissed: My employer ended it",
        "s2": "Looking back",
        "reasons": "What were the main reasons you decided to leave?",
        "stay": "What would have made you stay?",
        "culture": "How would you rate the culture in the company?",
        "closing": "Is there anything else you would like to tell us?",
    },
    "nl": {
        "title": "Exitenquête {country} {unit}",
        "privacy": "Je antwoorden zijn anoniem. Alleen HR leest ze; het management ziet totalen.",
        "s1": "Je vertrek",
        "departure": "Hoe is je dienstverband geëindigd?",
        "choices": "  - voluntary: Ik heb zelf ontslag genomen\n  - dismissed: Mijn werkgever",
        "s2": "Terugblik",
        "reasons": "Wat waren de belangrijkste redenen om te vertrekken?",
        "stay": "Wat had ervoor gezorgd dat je was gebleven?",
        "culture": "Hoe beoordeel je de cultuur in het bedrijf?",
        "closing": "Wil je ons verder nog iets vertellen?",
    },
}


def short_questionnaire(
    country: str, unit: str, language: str = "en", translation: str = ""
) -> str:
    """A dozen-line survey for one country and department."""
    w = _SHORT[language]
    reasons = _choices(REASONS[:10]).rstrip("\n")
    if language == "nl":
        reasons = "".join(f"  - {_code(x)}: {x} (nl)\n" for x in REASONS[:10]).rstrip("\n")
    link = f"translation: {translation}\n" if translation else ""
    return (
        f"---\ntitle: {w['title'].format(country=country.upper(), unit=unit)}\n"
        f"language: {language}\nslug: exit-{country}-{unit}-{language}\n{link}"
        f"privacy: {w['privacy']}\n---\n\n"
        f"## {w['s1']} {{#departure_s}}\n\n"
        + _q(
            w["departure"],
            "departure",
            "type: single choice",
            "required: yes",
            "choices:\n" + w["choices"],
            "prefer not to say: yes",
        )
        + _q(
            w["reasons"],
            "reasons",
            "type: multiple choice",
            "choices:\n" + reasons,
            "show if: departure = voluntary",
        )
        + f"## {w['s2']} {{#looking_back}}\n\n"
        + _q(w["stay"], "stay", "type: long text", "max length: 1500")
        + _q(w["culture"], "culture", "type: rating", "scale: quality")
        + _q(w["closing"], "closing", "type: long text", "max length: 2000")
    )


def many_files(count: int = 40) -> dict[str, str]:
    """``count`` questionnaire files by name: pairs first, then English-only ones."""
    files: dict[str, str] = {}
    for country in COUNTRIES_PAIRED:
        for unit in UNITS:
            en, nl = f"exit-{country}-{unit}-en.md", f"exit-{country}-{unit}-nl.md"
            files[en] = short_questionnaire(country, unit, "en", nl)
            files[nl] = short_questionnaire(country, unit, "nl", en)
    for country in COUNTRIES_EN:
        for unit in UNITS:
            files[f"exit-{country}-{unit}-en.md"] = short_questionnaire(country, unit)
    names = sorted(files, key=lambda n: (n.split("-")[1] not in COUNTRIES_PAIRED, n))
    # Pairs stay whole: an odd count ends on a pair's English half only when asked for it.
    chosen = names[:count]
    return {n: _unpaired(files[n]) if _partner(n) not in chosen else files[n] for n in chosen}


def _partner(name: str) -> str:
    return name[:-5] + ("nl.md" if name.endswith("-en.md") else "en.md")


def _unpaired(text: str) -> str:
    return "".join(line for line in text.splitlines(True) if not line.startswith("translation:"))


def write_many(folder: Path, count: int = 40) -> list[Path]:
    """``count`` questionnaires in ``folder`` (created); returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in many_files(count).items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def write_long(folder: Path, slug: str = "long-en") -> Path:
    """The long questionnaire as ``folder/<slug>.md``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug}.md"
    path.write_text(long_questionnaire(slug), encoding="utf-8")
    return path
