"""Round 20: an HR author writes a new survey and a theme from the guides alone.

What went wrong for them: a translation left half English passed the check when the
English was in a section heading, a statements heading or a recommend label; a theme
override with a misnamed block, or a base.html without 'main', built empty pages with
exit code 0; a broken not_sent.html passed the build and would only fail when a leaver's
answers were refused; --watch stopped at the first template mistake; a label in a
condition's list said "'(' is not closed"; a copied question's condition was checked at
the original's place.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from questionnaire_helpers import DEPARTURE, HEAD, build, write

import collector.build_command
from collector.build_command import build_command

ROOT = Path(__file__).resolve().parent.parent
THEME = ROOT / "site_templates"

EN = """---
title: Exit survey
language: en
translation: leavers-nl.md
privacy: Only HR reads the answers. Taking part is voluntary.
---

## About leaving {#leaving}

### How did your job end? {#departure}
- type: single choice
- choices:
  - voluntary: I resigned
  - dismissed: I was dismissed
- prefer not to say: I would rather not answer this

## Looking back on your work {#looking_back}

Please think about your whole time with us.

### How much do you agree with these statements? {#areas}
- type: statements
- scale: agreement
- statements:
  - relationships: Ik had goede werkrelaties
  - terms: Mijn arbeidsvoorwaarden waren eerlijk

### Would you recommend us? {#recommend}
- type: recommend
- low label: 0 = certainly not
- high label: 10 = most certainly
"""

NL = """---
title: Vertrekenquête
language: nl
translation: leavers-en.md
privacy: Alleen HR leest de antwoorden. Meedoen is vrijwillig.
---

## Over je vertrek {#leaving}

### Hoe is je baan geëindigd? {#departure}
- type: single choice
- choices:
  - voluntary: Ik heb ontslag genomen
  - dismissed: Ik ben ontslagen
- prefer not to say: Dat zeg ik liever niet

## Terugblik op je werk {#looking_back}

Denk aan je hele tijd bij ons.

### In hoeverre ben je het eens met deze uitspraken? {#areas}
- type: statements
- scale: agreement
- statements:
  - relationships: Ik had goede werkrelaties met collega's
  - terms: Mijn arbeidsvoorwaarden waren eerlijk en goed

### Zou je ons aanbevelen? {#recommend}
- type: recommend
- low label: 0 = zeker niet
- high label: 10 = heel zeker wel
"""


def _pair(project: Path, nl: str = NL) -> None:
    write(project, EN, "leavers-en.md")
    write(project, nl, "leavers-nl.md")


def test_the_pair_as_translated_builds(project):
    _pair(project)
    code, output = build("--check")
    assert code == 0, output


@pytest.mark.parametrize(
    ("dutch", "english", "expected"),
    [
        (
            "## Terugblik op je werk {#looking_back}",
            "## Looking back on your work {#looking_back}",
            "leavers-nl.md:17: the heading of section 'looking_back' is not translated: "
            "'Looking back on your work'",
        ),
        (
            "Denk aan je hele tijd bij ons.",
            "Please think about your whole time with us.",
            "leavers-nl.md:17: the intro text of section 'looking_back' is not translated: "
            "'Please think about your whole time with us.'",
        ),
        (
            "### In hoeverre ben je het eens met deze uitspraken? {#areas}",
            "### How much do you agree with these statements? {#areas}",
            "leavers-nl.md:21: the heading of the statements 'areas' is not translated: "
            "'How much do you agree with these statements?'",
        ),
        (
            "- low label: 0 = zeker niet",
            "- low label: 0 = certainly not",
            "leavers-nl.md:28: the 'low label' of 'recommend' is not translated: "
            "'0 = certainly not'",
        ),
        (
            "- high label: 10 = heel zeker wel",
            "- high label: 10 = most certainly",
            "leavers-nl.md:28: the 'high label' of 'recommend' is not translated: "
            "'10 = most certainly'",
        ),
        (
            "- prefer not to say: Dat zeg ik liever niet",
            "- prefer not to say: I would rather not answer this",
            "leavers-nl.md:10: the 'prefer not to say' text of 'departure' is not "
            "translated: 'I would rather not answer this'",
        ),
    ],
)
def test_english_left_in_the_dutch_file_is_reported_at_its_line(project, dutch, english, expected):
    """A Dutch leaver would have read these in English; the check said nothing."""
    assert dutch in NL
    _pair(project, NL.replace(dutch, english))
    code, output = build("--check")
    assert code == 1
    [problem] = [line for line in output.splitlines() if "not translated" in line]
    assert problem.startswith(f"questionnaires/{expected}"), problem
    assert "translate it; it is the same as in questionnaires/leavers-en.md:" in problem


def test_short_section_headings_may_be_the_same_in_both_languages(project):
    _pair(project, NL.replace("## Over je vertrek {#leaving}", "## Feedback {#leaving}"))
    write(
        project,
        EN.replace("## About leaving {#leaving}", "## Feedback {#leaving}"),
        "leavers-en.md",
    )
    code, output = build("--check")
    assert code == 0, output


# -- theme overrides ------------------------------------------------------------------------


@pytest.fixture
def built(project: Path) -> Path:
    """A project with one questionnaire built into output/; returns output/."""
    write(project, HEAD + DEPARTURE)
    code, output = build()
    assert code == 0, output
    return project / "output"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _override(project: Path, name: str, text: str) -> Path:
    theme = project / "my_theme"
    (theme / name).parent.mkdir(parents=True, exist_ok=True)
    (theme / name).write_text(text, encoding="utf-8")
    return theme


def _default(name: str) -> str:
    return (THEME / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "change", "expected"),
    [
        (
            # A block renamed by a typo: the thank-you page came out without its text.
            "thank_you.html",
            ("{% block main %}", "{% block mian %}"),
            "my_theme/thank_you.html:3: the block 'mian' is not in site_templates/base.html, "
            "which this template extends, so its content would never be shown (did you mean "
            "'main'?",
        ),
        (
            # The frame without 'main': every page of the site came out empty.
            "base.html",
            ("{% block main %}{% endblock %}", "{% block content %}{% endblock %}"),
            "my_theme/base.html:1: this template has no block 'main', which "
            "site_templates/form.html:4, site_templates/thank_you.html:3, "
            "site_templates/index.html:3, site_templates/not_sent.html:10, "
            "site_templates/closed.html:7 fill, so those "
            "pages would be built without it (add '{% block main %}{% endblock %}'",
        ),
        (
            # Rendered only by the collector, when a leaver's answers are refused.
            "not_sent.html",
            ("<h1>{{ form.title }}</h1>", "<h1>{{ form.title }</h1>"),
            "my_theme/not_sent.html:12: template error: unexpected '}'",
        ),
        (
            "not_sent.html",
            ("<h1>{{ form.title }}</h1>", "<h1>{{ form.titel }}</h1>"),
            "my_theme/not_sent.html:12: template error: 'collector.model.Form object' has "
            "no attribute 'titel'",
        ),
        (
            # The error message under a question: only on the collector's error page.
            "question_notes.html",
            ("{{ v.error }}{% endif %}", "{{ v.error|shout }}{% endif %}"),
            "my_theme/question_notes.html:3: template error: No filter named 'shout'",
        ),
    ],
)
def test_a_broken_override_stops_the_build_with_its_file_and_line(
    project, built, name, change, expected
):
    old, new = change
    assert old in _default(name)
    _override(project, name, _default(name).replace(old, new))
    before = _snapshot(built)
    code, output = build("--templates", "my_theme")
    assert code == 1, output
    assert expected in output, output
    assert "Traceback" not in output
    assert _snapshot(built) == before  # the site stays as it was


def test_a_working_override_still_builds(project, built):
    _override(
        project,
        "thank_you.html",
        _default("thank_you.html").replace("<h1", '<p class="brand">Van Dijk</p>\n<h1', 1),
    )
    code, output = build("--templates", "my_theme")
    assert code == 0, output
    assert '<p class="brand">Van Dijk</p>' in (built / "leavers" / "thanks.html").read_text()


class _Stop(Exception):
    """Ends the watch loop in a test."""


def test_watch_reports_a_template_mistake_and_keeps_watching(project, monkeypatch):
    write(project, HEAD + DEPARTURE)
    _override(project, "thank_you.html", _default("thank_you.html").replace("%}", "}", 1))

    def stop(seconds: float) -> None:
        raise _Stop

    monkeypatch.setattr(collector.build_command.time, "sleep", stop)
    from click.testing import CliRunner

    result = CliRunner().invoke(build_command, ["--watch", "--templates", "my_theme"])
    assert "my_theme/thank_you.html:1: template error" in result.output
    assert isinstance(result.exception, _Stop), result.output  # it went on to wait for a save


# -- conditions -----------------------------------------------------------------------------

REASONS = """
### Why did you leave? {#reasons}
- type: multiple choice
- choices:
  - manager: My manager
  - workload: Workload or stress
  - better_offer: A better offer elsewhere

### What could we have done? {#keep}
- type: long text
- show if: {condition}
"""


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        (
            "reasons includes A better offer elsewhere",
            [
                "'A better offer elsewhere' is what people read at 'reasons'; a condition "
                "tests the choice's code, 'better_offer'"
            ],
        ),
        (
            "reasons in (My manager, Workload or stress)",
            [
                "'My manager' is what people read at 'reasons'; a condition tests the "
                "choice's code, 'manager'",
                "'Workload or stress' is what people read at 'reasons'; a condition tests "
                "the choice's code, 'workload'",
            ],
        ),
    ],
)
def test_labels_in_a_condition_name_the_codes_meant(project, condition, expected):
    """The guide's own spelling for multiple choice ('includes') and a list of labels
    said "unexpected 'better'" and "a '(' is not closed"."""
    write(project, HEAD + DEPARTURE + REASONS.replace("{condition}", condition))
    code, output = build("--check")
    assert code == 1
    problems = [line for line in output.splitlines() if line.startswith("questionnaires/")]
    assert [p.split(" (write")[0] for p in problems] == [
        f"questionnaires/leavers.md:24: {message}" for message in expected
    ], output


def test_an_unclosed_list_is_still_called_unclosed(project):
    condition = "reasons in (manager, workload and departure = voluntary"
    write(project, HEAD + DEPARTURE + REASONS.replace("{condition}", condition))
    code, output = build("--check")
    assert code == 1
    assert "leavers.md:24: cannot read the condition: a '(' is not closed" in output


def test_a_copied_question_with_its_id_unchanged_gets_one_message(project):
    """Its condition was checked at the original's place: "'talked' comes later"."""
    text = (
        HEAD
        + DEPARTURE
        + """
### What does your new employer offer? {#new_employer}
- type: long text

### Did you talk to your manager? {#talked}
- type: yes no

### What could your manager have done? {#new_employer}
- type: long text
- show if: talked = yes
"""
    )
    write(project, text)
    code, output = build("--check")
    assert code == 1
    problems = [line for line in output.splitlines() if line.startswith("questionnaires/")]
    assert problems == [
        "questionnaires/leavers.md:21: duplicate question ID 'new_employer' (also on line 15) "
        "(give this question its own ID, e.g. {#new_employer_2})"
    ]


def test_the_theme_check_covers_every_page_template():
    """A page template added to the theme must be checked too."""
    from collector.theme_check import PAGE_TEMPLATES

    pages = {
        p.name
        for p in THEME.glob("*.html")
        if p.read_text(encoding="utf-8").lstrip().startswith(("{% extends", "<!doctype"))
    }
    assert pages - {"base.html"} == set(PAGE_TEMPLATES)
