"""Round 21: gaps that mutation testing found in the core rules.

Each test here kills mutants (a flipped comparison, a dropped condition, ...) that the rest
of the suite let through, and says what a leaver or HR would see if that bug were real: an
answer kept or refused, the words of a question sent back, a stored answer read back, a
comment listed in the report too soon. (The report's small-group rules and the export's
formula escaping had no such gaps: their surviving mutants were equivalent.)
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from support.hr_area import login, set_password
from support.report_page import add

from collector.parser import parse_file
from collector.problems import Problems
from collector.store import ResponseStore
from collector.validation import validate

COMBINED = """---
title: Leaving
language: en
privacy: Only HR reads the answers. Taking part is voluntary.
---

## Why {#why}

### How did your job end? {#departure}
- type: single choice
- choices:
  - voluntary: I resigned
  - dismissed: I was dismissed
  - retirement: I retired

### Why did you leave? {#reasons}
- type: multiple choice
- choices:
  - pay: Pay
  - workload: Workload
  - manager: My manager

### What made the workload too high? {#both}
- type: short text
- show if: departure = voluntary and reasons includes workload

### What could we have done? {#either}
- type: short text
- show if: departure = dismissed or reasons includes manager

### What will you miss? {#unless}
- type: short text
- show if: not departure = retirement

### Who should we ask about your notice period? {#listed}
- type: short text
- show if: departure in (voluntary, dismissed)
"""


@pytest.fixture(scope="module")
def combined(tmp_path_factory: pytest.TempPathFactory):
    """A questionnaire with ``and``, ``or``, ``not`` and ``in`` conditions, as HR writes them."""
    path = tmp_path_factory.mktemp("q") / "combined.md"
    path.write_text(COMBINED, encoding="utf-8")
    problems = Problems()
    parsed = parse_file(path, "combined.md", problems)
    assert not problems, problems
    return parsed.form


def send(form, **fields: str | list[str]):
    """What the collector makes of a post with these fields."""
    return validate(form, {k: v if isinstance(v, list) else [v] for k, v in fields.items()})


# (answers above the question, question, does it apply?)
COMBINED_CASES = [
    ({"departure": "voluntary", "reasons": "workload"}, "both", True),
    ({"departure": "voluntary", "reasons": "pay"}, "both", False),
    ({"departure": "dismissed", "reasons": "workload"}, "both", False),
    ({"departure": "dismissed", "reasons": "pay"}, "either", True),
    ({"departure": "voluntary", "reasons": "manager"}, "either", True),
    ({"departure": "voluntary", "reasons": "pay"}, "either", False),
    ({"departure": "voluntary"}, "unless", True),
    ({}, "unless", True),
    ({"departure": "retirement"}, "unless", False),
    ({"departure": "dismissed"}, "listed", True),
    ({"departure": "voluntary"}, "listed", True),
    ({"departure": "retirement"}, "listed", False),
]


@pytest.mark.parametrize(("above", "question", "applies"), COMBINED_CASES)
def test_and_or_not_conditions_decide_which_answers_are_kept(
    combined, above: dict[str, str], question: str, applies: bool
) -> None:
    """A leaver without JavaScript sees every question: the collector keeps the answer to a
    question whose ``and`` / ``or`` / ``not`` / ``in`` condition holds, and asks about one that does
    not apply instead of storing it (or silently keeping it in HR's export)."""
    result = send(combined, **above, **{question: "Something I typed"})
    if applies:
        assert result.ok, result.errors
        assert result.answers[question] == "Something I typed"
    else:
        assert not result.ok
        assert "is not for your answers above" in result.errors[question]
        assert result.answers == {}


def test_a_made_up_choice_next_to_a_real_one_is_refused(combined) -> None:
    """A post (a script, a stale or edited page) that ticks a real reason and one the form
    never offered is sent back, not stored with a reason HR cannot read (nor a crash)."""
    result = send(combined, departure="voluntary", reasons=["pay", "bonus"])
    assert not result.ok
    assert result.errors["reasons"] == "Select one of the answers offered for “Why did you leave?”"
    assert result.answers == {}


OTHER_AND_PREFER_NOT = """---
title: Leaving
language: en
privacy: Only HR reads the answers. Taking part is voluntary.
---

## Why {#why}

### How did your job end? {#departure}
- type: single choice
- choices:
  - voluntary: I resigned
  - dismissed: I was dismissed
- other: Another way
- prefer not to say: yes

### Why did you leave? {#reasons}
- type: multiple choice
- choices:
  - pay: Pay
  - workload: Workload
- other: Something else
- prefer not to say: yes
"""

TYPED_BUT = "You wrote something in the box for “{other}” but chose another answer to “{q}”: "
TYPED_BUT += "choose “{other}”, or delete what you wrote"
DEPARTURE_TYPED_BUT = TYPED_BUT.format(other="Another way", q="How did your job end?")
REASONS_UNTICK = (
    "You wrote something in the box for “Something else” and selected “Prefer not to say”: "
    "delete what you wrote, or untick “Prefer not to say”"
)


@pytest.fixture(scope="module")
def with_other(tmp_path_factory: pytest.TempPathFactory):
    """Questions with an "other" box and "prefer not to say", one and several answers."""
    path = tmp_path_factory.mktemp("q") / "other.md"
    path.write_text(OTHER_AND_PREFER_NOT, encoding="utf-8")
    problems = Problems()
    parsed = parse_file(path, "other.md", problems)
    assert not problems, problems
    return parsed.form


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        # A leaver without JavaScript ticks "Prefer not to say" and types in the "other"
        # box: the checkbox can be unticked.
        (
            {"reasons": "prefer_not_to_say", "reasons__other": "Bonus"},
            "reasons",
            REASONS_UNTICK,
        ),
        # A radio button cannot be unticked: choose "other" or delete the text.
        (
            {"departure": "prefer_not_to_say", "departure__other": "Mutual agreement"},
            "departure",
            DEPARTURE_TYPED_BUT,
        ),
        # Posts no page makes (two answers to a one-answer question) are no form at all
        # since round 32: refused as a whole (test_send_later_round32.py).
    ],
)
def test_text_in_the_other_box_that_contradicts_the_choice_is_asked_about(
    with_other, fields: dict, field: str, message: str
) -> None:
    """The leaver is asked, in words that fit what they did, and nothing is stored: the
    typed text is neither dropped nor kept under an answer they did not choose."""
    result = send(with_other, **fields)
    assert result.errors == {field: message}
    assert result.answers == {}


# -- the store ----------------------------------------------------------------------------


@pytest.mark.parametrize("torn", [b"0", b"00000000", b"00000000 "])
def test_a_crash_that_tore_an_answer_after_a_few_bytes_loses_nothing_else(
    tmp_path: Path, torn: bytes
) -> None:
    """An append cut off after its first bytes (a CRC that starts with zeros, which the
    CRC of nothing at all matches) is a torn tail: every acknowledged answer still reads
    back, exactly, and the next answer is stored after them. It is not a record of its
    own, which no export or report could read."""
    month = time.strftime("%Y-%m", time.gmtime())
    data = tmp_path / "data"
    with ResponseStore(data) as store:
        for n in range(2):
            store.add(
                "exit-en",
                {"answers": {"closing": f"Thanks {n}"}},
                submission_id=f"s{n}",
                month=month,
            )
    shard = data / "exit-en" / f"{month}.jsonl"
    with open(shard, "ab") as f:
        f.write(torn)
    with ResponseStore(data) as store:
        assert store.count("exit-en") == 2
        kept = sorted(d["answers"]["closing"] for d in store.responses("exit-en"))
        assert kept == ["Thanks 0", "Thanks 1"]
        assert store.add(
            "exit-en", {"answers": {"closing": "Later"}}, submission_id="s2", month=month
        )
        assert store.count("exit-en") == 3
    assert shard.read_bytes().count(b"\n") == 3


# -- the report in the admin area ----------------------------------------------------------


@pytest.mark.parametrize(("writers", "listed"), [(7, False), (10, True)])
def test_the_admin_areas_report_lists_comments_only_from_ten_writers(
    app, writers: int, listed: bool
) -> None:
    """Leavers are told their comments are shown only once at least ten people wrote
    something (COLLECTOR_REPORT_MIN_TEXT_GROUP). The report HR downloads in the admin area
    keeps that promise: seven comments are not listed, although seven is a group the report
    may show; ten are."""
    add(app, {"departure": "voluntary", "recommend": "8"}, n=5)
    for n in range(writers):
        add(app, {"departure": "voluntary", "went_well": f"The Friday lunches, {n}"})
    assert set_password(app).exit_code == 0
    client = app.test_client()
    login(client)
    page = client.get("/admin/report/exit-en/download").get_data(as_text=True)
    assert f"{5 + writers} responses" in page
    assert ("The Friday lunches, 0" in page) is listed
    # Nothing was asked in the address: no notice about a bad one.
    assert "not a whole number" not in page
