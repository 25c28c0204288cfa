"""Validation of every question type, on a questionnaire that uses all of them."""

from __future__ import annotations

import string
from pathlib import Path

import pytest

from collector.parser import parse_file
from collector.problems import Problems
from collector.ui_text import UI_TEXT
from collector.validation import MESSAGES, UnknownFields, validate

SOURCE = """---
title: All types
language: en
privacy: Only HR reads the answers. Taking part is voluntary.
---

## Everything {#everything}

### Pick one {#one}
- type: single choice
- required: yes
- choices:
  - a: A
  - b: B
- other: yes

### Pick some {#some}
- type: multiple choice
- choices:
  - a: A
  - b: B
- other: Something else
- prefer not to say: yes

### Hours a week {#hours}
- type: number
- min: 0
- max: 60

### Days off left {#days_off}
- type: number
- min: 0
- step: 0.5

### Last day {#last_day}
- type: date

### Start month {#start}
- type: date
- month only: yes

### Name one thing {#thing}
- type: short text
- max length: 10
- required: yes
- show if: one = a

### Agree? {#agree}
- type: yes/no
"""


@pytest.fixture(scope="module")
def form(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("q") / "all.md"
    path.write_text(SOURCE)
    problems = Problems()
    parsed = parse_file(path, "all.md", problems)
    assert not problems, problems
    return parsed.form


def check(form, **fields):
    raw = {k: v if isinstance(v, list) else [v] for k, v in fields.items()}
    return validate(form, raw)


def test_a_complete_good_submission(form) -> None:
    result = check(
        form,
        one="a",
        some=["b", "a"],
        hours="38",
        last_day="2026-11-30",
        start="2019-3",
        thing=" Pay ",
        agree="no",
    )
    assert result.ok, result.errors
    assert result.answers == {
        "one": "a",
        "some": ["a", "b"],
        "hours": 38,
        "last_day": "2026-11-30",
        "start": "2019-03",
        "thing": "Pay",
        "agree": "no",
    }


def test_a_long_own_answer_is_an_error_on_its_own_box(form) -> None:
    """Not on the choices: the error summary links to the field in error, and the box is
    labelled "Your own answer", so the message calls it that."""
    result = check(form, one="b", some="other", some__other="é" * 501)
    assert result.errors == {
        "some__other": "Your own answer to “Pick some” must be 500 characters or less (it is 501)"
    }
    assert check(form, one="b", some="other", some__other="é" * 500).ok


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({}, "one", "Select an answer to “Pick one”"),
        ({"one": "a"}, "thing", "Answer “Name one thing”"),
        ({"one": "c"}, "one", "Select one of the answers offered"),
        ({"one": "b", "some": ["a", "prefer_not_to_say"]}, "some", "not both"),
        ({"one": "b", "hours": "sixty"}, "hours", "Enter a number for “Hours a week”, like 12"),
        ({"one": "b", "hours": "7.5"}, "hours", "Enter a whole number"),
        ({"one": "b", "hours": "61"}, "hours", "must be 60 or less"),
        ({"one": "b", "hours": "-1"}, "hours", "must be 0 or more"),
        ({"one": "b", "hours": "nan"}, "hours", "Enter a number"),
        ({"one": "b", "hours": "1e400"}, "hours", "Enter a number"),
        ({"one": "b", "hours": "1e3"}, "hours", "Enter a number"),
        ({"one": "b", "hours": "1,000"}, "hours", "Did you mean 1000 or 1?"),
        ({"one": "b", "hours": "Ⅲ"}, "hours", "Enter a number"),
        ({"one": "b", "days_off": "2.3"}, "days_off", "Enter a number in steps of 0.5"),
        ({"one": "b", "days_off": "12345678901234567890"}, "days_off", "Enter a number"),
        ({"one": "b", "last_day": "2026-02-30"}, "last_day", "There is no date 2026-02-30"),
        ({"one": "b", "last_day": "0001-01-01"}, "last_day", "as year-month-day"),
        ({"one": "b", "last_day": "9999-12-31"}, "last_day", "as year-month-day"),
        ({"one": "b", "last_day": "20260101"}, "last_day", "as year-month-day"),
        ({"one": "b", "start": "0000-01"}, "start", "Enter a month"),
        ({"one": "b", "start": "2026-13"}, "start", "Enter a month"),
        ({"one": "a", "thing": "x" * 11}, "thing", "must be 10 characters or less (it is 11)"),
        ({"one": "b", "agree": "maybe"}, "agree", "Select one of the answers offered"),
        ({"one": "b", "one__other": "typed"}, "one", "choose “Other, namely”, or delete what"),
        # Without JS the "other" box is always there: text in it next to "prefer not to
        # say" is one box ticked and one text typed, so the message says exactly that.
        (
            {"one": "b", "some": "prefer_not_to_say", "some__other": "typed"},
            "some",
            "You wrote something in the box for “Something else” and selected “Prefer not to "
            "say”: delete what you wrote, or untick “Prefer not to say”",
        ),
    ],
)
def test_mistakes_get_a_message_on_their_field(
    form, fields: dict, field: str, message: str
) -> None:
    result = check(form, **fields)
    assert not result.ok
    assert field in result.errors
    assert message in result.errors[field]
    assert result.answers == {}


def test_typing_in_other_box_without_ticking_other_means_other(form) -> None:
    result = check(form, one__other="My own reason", some__other="Also mine", some="a")
    assert result.ok, result.errors
    assert result.answers == {
        "one": "other",
        "one__other": "My own reason",
        "some": ["a", "other"],
        "some__other": "Also mine",
    }


def test_condition_drops_the_follow_up_and_its_requirement(form) -> None:
    result = check(form, one="b")
    assert result.ok
    assert "thing" not in result.answers


def test_text_for_a_follow_up_that_does_not_apply_is_asked_about(form) -> None:
    result = check(form, one="b", thing="typed anyway")
    assert result.errors == {
        "thing": "“Name one thing” is not for your answers above, so this text would not be "
        "kept: remove it, or change your answers above"
    }


def test_control_characters_and_blanks(form) -> None:
    result = check(form, one="a", thing="a\x00b\r\nc", hours="   ")
    assert result.ok, result.errors
    assert result.answers["thing"] == "ab\nc"
    assert "hours" not in result.answers


def test_unknown_fields_raise(form) -> None:
    with pytest.raises(UnknownFields):
        check(form, one="a", email="x@example.com")


PNTS = SOURCE.replace(
    "### Hours a week {#hours}\n- type: number\n",
    "### Hours a week {#hours}\n- type: number\n- prefer not to say: yes\n",
)


def test_prefer_not_to_say_on_a_number_question(tmp_path: Path) -> None:
    from collector.render import PageRenderer

    path = tmp_path / "pnts.md"
    path.write_text(PNTS)
    problems = Problems()
    form = parse_file(path, "pnts.md", problems).form
    assert not problems
    page = PageRenderer().form_page(
        form, root="../", action="/submit/x", answers={"hours": ["prefer_not_to_say"]}
    )
    assert (
        'id="hours-pnts" name="hours" value="prefer_not_to_say" aria-describedby="hours-lbl" '
        "checked" in page
    )
    # The checkbox sits outside the question's label: it is described by it, so that a
    # screen reader says which question "Prefer not to say" is about.
    assert '<label class="lbl" for="hours" id="hours-lbl">' in page
    assert (
        check(form, one="a", thing="x", hours="prefer_not_to_say").answers["hours"]
        == "prefer_not_to_say"
    )
    both = check(form, one="a", thing="x", hours=["12", "prefer_not_to_say"])
    assert "not both" in both.errors["hours"]
    kept = PageRenderer().form_page(
        form,
        root="../",
        action="/submit/x",
        answers={"hours": ["12", "prefer_not_to_say"]},
        errors=both.errors,
    )
    assert 'value="12"' in kept and "checked" in kept


@pytest.mark.parametrize(("typed", "kept"), [("2.5", 2.5), ("2,5", 2.5), ("3", 3), ("+4.0", 4)])
def test_numbers_in_steps_are_kept_as_numbers(form, typed: str, kept: float) -> None:
    result = check(form, one="b", days_off=typed)
    assert result.ok, result.errors
    assert result.answers["days_off"] == kept and type(result.answers["days_off"]) is type(kept)


@pytest.fixture(scope="module")
def dutch_form(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("q") / "alle.md"
    path.write_text(SOURCE.replace("language: en", "language: nl"))
    problems = Problems()
    parsed = parse_file(path, "alle.md", problems)
    assert not problems, problems
    return parsed.form


@pytest.mark.parametrize(
    ("dutch", "field", "typed", "message"),
    [
        # One thousand to a Dutch leaver, one to an English one: asked, never guessed.
        (
            True,
            "hours",
            "1.000",
            "Bedoel je 1000 of 1? Vul bij “Hours a week” 1000 of 1 in, zonder punt of komma "
            "tussen de duizendtallen",
        ),
        (
            False,
            "days_off",
            "2.500",
            "Did you mean 2500 or 2.5? Enter 2500 or 2.5 for “Days off left”, without a "
            "point or comma between the thousands",
        ),
        (
            True,
            "days_off",
            "2,500",
            "Bedoel je 2500 of 2,5? Vul bij “Days off left” 2500 of 2,5 in, zonder punt of "
            "komma tussen de duizendtallen",
        ),
        (
            True,
            "days_off",
            "1.000.000,5",
            "Vul het getal bij “Days off left” in zonder punten of komma's tussen de "
            "duizendtallen, zoals 1000000,5",
        ),
        (
            False,
            "days_off",
            "1,000,000",
            "Enter the number for “Days off left” without points or commas between the "
            "thousands, like 1000000",
        ),
        # A Dutch page writes its decimals with a comma in messages too.
        (True, "days_off", "2.3", "Vul bij “Days off left” een getal in, in stappen van 0,5"),
    ],
)
def test_a_number_with_thousands_separators_is_asked_about(
    form, dutch_form, dutch: bool, field: str, typed: str, message: str
) -> None:
    result = check(dutch_form if dutch else form, one="b", **{field: typed})
    assert result.errors == {field: message}
    assert field not in result.answers


@pytest.mark.parametrize(("typed", "kept"), [("0.125", None), ("12,50", 12.5), ("100.00", 100)])
def test_numbers_that_cannot_be_thousands_are_read_as_decimals(
    dutch_form, typed: str, kept: float | None
) -> None:
    result = check(dutch_form, one="b", days_off=typed)
    if kept is None:  # read as 0.125, which is not in steps of 0.5
        assert "stappen van 0,5" in result.errors["days_off"]
    else:
        assert result.ok and result.answers["days_off"] == kept


def test_a_dutch_page_hints_its_step_with_a_decimal_comma(dutch_form) -> None:
    from collector.render import PageRenderer

    page = PageRenderer().form_page(dutch_form, root="../", action="/submit/x")
    assert "Vul een getal in van 0 of meer, in stappen van 0,5" in page
    assert "0.5" not in page


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("31-12-2026", "2026-12-31"),  # as the Dutch write it
        ("1-2-2026", "2026-02-01"),  # 1 February: never 2 January on a Dutch page
        ("03/04/2026", "2026-04-03"),
        ("31.12.2026", "2026-12-31"),
        ("31 december 2026", "2026-12-31"),
        ("31 dec. 2026", "2026-12-31"),
        ("2026-12-31", "2026-12-31"),
    ],
)
def test_a_dutch_leaver_may_type_a_date_day_first(dutch_form, typed: str, kept: str) -> None:
    """An audit: '31-12-2026', the way a Dutch leaver writes a date, was refused with
    "Vul een bestaande datum in" (enter a date that exists): it does exist."""
    result = check(dutch_form, one="b", last_day=typed)
    assert result.ok, result.errors
    assert result.answers["last_day"] == kept


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("03-2025", "2025-03"),
        ("maart 2025", "2025-03"),
        ("mrt 2025", "2025-03"),
        ("2025-3", "2025-03"),
        ("14-03-2025", "2025-03"),  # a whole date: only its month is kept, as asked
    ],
)
def test_a_dutch_leaver_may_type_a_month_month_first(dutch_form, typed: str, kept: str) -> None:
    result = check(dutch_form, one="b", start=typed)
    assert result.ok, result.errors
    assert result.answers["start"] == kept


@pytest.mark.parametrize(
    ("dutch", "field", "typed", "message"),
    [
        (
            True,
            "last_day",
            "31-02-2026",
            "De datum 31-02-2026 bestaat niet: vul bij “Last day” een bestaande datum in, "
            "zoals 31-03-2026",
        ),
        (
            True,
            "last_day",
            "31-12-26",
            "Vul de datum bij “Last day” in als dag-maand-jaar, zoals 31-03-2026",
        ),
        (True, "last_day", "maart 2026", "Vul bij “Last day” ook de dag in, zoals 31-03-2026"),
        (True, "last_day", "gisteren", "Vul de datum bij “Last day” in als dag-maand-jaar"),
        (
            True,
            "start",
            "13-2026",
            "Vul de maand bij “Start month” in als maand-jaar, zoals 03-2026",
        ),
        # English: a date in either order is read when only one order makes sense...
        (
            False,
            "last_day",
            "03/04/2026",
            "Did you mean 2026-04-03 or 2026-03-04? Enter the date for “Last day” as "
            "year-month-day: 2026-04-03 or 2026-03-04",
        ),
        (False, "last_day", "2026-04-31", "There is no date 2026-04-31: enter a real date"),
        (False, "last_day", "12-2026", "Enter the day as well for “Last day”, like 2026-03-31"),
        # Nothing but digits, letters and separators, and no digits of other scripts.
        (False, "last_day", "2026-03-31٣", "Enter the date for “Last day” as year-month-day"),
        (False, "last_day", "²-12-2026", "Enter the date for “Last day” as year-month-day"),
        (False, "last_day", "31-12-2026 or so", "Enter the date for “Last day” as"),
        (False, "start", "03/04/2026", "Enter a month for “Start month” as year-month"),
        # A 0 for the day or the month, on an English page where either order is read: no
        # date either way (this crashed, building the "did you mean" of two non-dates).
        (False, "last_day", "00/05/2026", "There is no date 00/05/2026: enter a real date"),
        (False, "last_day", "5/0/2026", "There is no date 5/0/2026: enter a real date"),
        (False, "start", "5/0/2026", "Enter a month for “Start month” as year-month"),
    ],
)
def test_a_date_that_cannot_be_read_says_how_to_write_it(
    form, dutch_form, dutch: bool, field: str, typed: str, message: str
) -> None:
    result = check(dutch_form if dutch else form, one="b", **{field: typed})
    assert message in result.errors[field]
    assert field not in result.answers


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("31/12/2026", "2026-12-31"),
        ("12/31/2026", "2026-12-31"),
        ("Dec 31, 2026", "2026-12-31"),
        ("5/5/2026", "2026-05-05"),
    ],
)
def test_an_english_date_in_the_only_order_that_makes_sense_is_read(
    form, typed: str, kept: str
) -> None:
    result = check(form, one="b", last_day=typed)
    assert result.ok, result.errors
    assert result.answers["last_day"] == kept


def test_no_answer_is_an_empty_choice_and_no_answer_at_all(form) -> None:
    """The page's "No answer" radio sends an empty value: nothing is stored for an optional
    question, and a required one still asks for an answer."""
    result = check(form, one="b", agree="")
    assert result.ok, result.errors
    assert "agree" not in result.answers
    assert check(form, one="").errors == {"one": "Select an answer to “Pick one”"}


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize(
    ("name", "texts"), [("validation.MESSAGES", MESSAGES), ("ui_text.UI_TEXT", UI_TEXT)]
)
def test_every_language_has_every_message_with_the_same_placeholders(
    name: str, texts: dict[str, dict[str, str]]
) -> None:
    """A Dutch text missing, or one that drops or misspells a placeholder ({q}, {n}), would
    show an English message or a KeyError to a leaver on the Dutch page."""
    english = texts["en"]
    for language, words in texts.items():
        assert set(words) == set(english), f"{name}[{language!r}]"
        for key, text in words.items():
            assert _placeholders(text) == _placeholders(english[key]), (
                f"{name}[{language!r}][{key!r}]"
            )


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"one": "a", "thing": "x" * 11},
            "thing",
            "Het antwoord bij “Name one thing” mag hoogstens 10 tekens zijn (nu 11)",
        ),
        (
            {"one": "b", "one__other": "typed"},
            "one",
            "Je hebt iets ingevuld bij “Anders, namelijk”, maar bij “Pick one” een ander antwoord "
            "gekozen: kies “Anders, namelijk”, of haal de tekst weg",
        ),
        (
            {"one": "b", "thing": "typed anyway"},
            "thing",
            "“Name one thing” geldt niet voor jou, gezien je antwoorden hierboven. Deze tekst "
            "wordt dus niet bewaard: haal hem weg, of pas je antwoorden hierboven aan",
        ),
    ],
)
def test_dutch_messages_say_what_to_do(dutch_form, fields: dict, field: str, message: str) -> None:
    assert check(dutch_form, **fields).errors == {field: message}
