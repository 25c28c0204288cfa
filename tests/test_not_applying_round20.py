"""Round 20: answers to a question that does not apply are asked about, whatever the type.

Without JavaScript every conditional question is on the page with a note saying when it
applies. Text typed into one that did not apply was already asked about; a number, a date,
a ticked box, a radio or a dropdown choice was dropped without a word and the leaver
thanked. Now each is asked about at its own field, in the form's language, with the way to
take it back (and a required radio gets "No answer" on the page sent back, as it cannot be
unticked otherwise). Nothing the leaver did not do is asked about: "No answer", the list's
"Choose an answer", "Prefer not to say" and empty boxes. With JavaScript the questions that
do not apply are hidden and not sent, and a message is never out of sight.
"""

from __future__ import annotations

import pytest
from support.not_applying import SOURCE, follow_collector, stored

from collector.parser import parse_file
from collector.problems import Problems
from collector.validation import validate


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory):
    return follow_collector(tmp_path_factory.mktemp("follow"))


NL = SOURCE.replace("language: en", "language: nl").replace("slug: follow-en", "slug: follow-nl")

#: An answer to every question of the section that does not apply to "dismissed".
ALL = {
    "reasons": "pay",
    "talked": "yes",
    "come_back": "yes",
    "notice_kept": "no",
    "sector": "same",
    "process": "4",
    "recommend": "9",
    "terms": "2",
    "notice": "4",
    "last_day": "2026-03-14",
    "first_thought": "2025-03",
    "word": "Money",
    "stay": "More flexible hours",
}


def _parse(tmp_path_factory: pytest.TempPathFactory, source: str):
    path = tmp_path_factory.mktemp("q") / "follow.md"
    path.write_text(source, "utf-8")
    problems = Problems()
    parsed = parse_file(path, "follow.md", problems)
    assert not problems, problems
    return parsed.form


@pytest.fixture(scope="module")
def forms(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return {"en": _parse(tmp_path_factory, SOURCE), "nl": _parse(tmp_path_factory, NL)}


def check(form, **fields: str | list[str]):
    return validate(form, {k: v if isinstance(v, list) else [v] for k, v in fields.items()})


@pytest.mark.parametrize(
    ("field", "value", "en", "nl"),
    [
        ("reasons", "pay", "untick what you ticked", "vink uit wat je hebt aangevinkt"),
        ("talked", "yes", "choose “No answer”", "kies “Geen antwoord”"),
        ("come_back", "yes", "choose “No answer”", "kies “Geen antwoord”"),
        ("process", "4", "choose “No answer”", "kies “Geen antwoord”"),
        ("recommend", "9", "choose “No answer”", "kies “Geen antwoord”"),
        ("terms", "2", "choose “No answer”", "kies “Geen antwoord”"),
        ("sector", "same", "set the list back to “Choose an answer”", "zet de lijst terug op"),
        ("notice", "4", "so what you entered would not be kept: remove it", "haal het weg"),
        ("last_day", "2026-03-14", "so what you entered would not be kept", "haal het weg"),
        ("first_thought", "2025-03", "so what you entered would not be kept", "haal het weg"),
        ("word", "Money", "so this text would not be kept: remove it", "Deze tekst wordt"),
        ("stay", "Flexible hours", "so this text would not be kept", "Deze tekst wordt"),
        ("reasons__other", "Commute", "so this text would not be kept", "Deze tekst wordt"),
    ],
)
def test_every_kind_of_answer_that_does_not_apply_is_asked_about(
    forms, field: str, value: str, en: str, nl: str
) -> None:
    """Before: only the text types were asked about; a number, a date or a choice went
    without a word, and the leaver was thanked."""
    for language, words in (("en", en), ("nl", nl)):
        result = check(forms[language], departure="dismissed", **{field: value})
        assert list(result.errors) == [field], (language, result.errors)
        message = result.errors[field]
        assert words in message, (language, message)
        applies = "is not for your answers above" if language == "en" else "geldt niet voor jou"
        assert applies in message
        assert result.answers == {}


def test_a_radio_with_prefer_not_to_say_is_taken_back_with_it(forms) -> None:
    """The page offers no "No answer" beside "Prefer not to say": the message names it."""
    result = check(forms["en"], departure="dismissed", notice_kept="no")
    assert result.errors == {
        "notice_kept": "“Was your notice period respected?” is not for your answers above, so "
        "your answer would not be kept: choose “Prefer not to say”, or change your answers above"
    }


def test_ticks_and_own_text_are_both_asked_about_in_one_round(forms) -> None:
    result = check(forms["en"], departure="dismissed", reasons="pay", reasons__other="Commute")
    assert set(result.errors) == {"reasons", "reasons__other"}
    # Text in the "other" box alone: one message, at the box (its tick goes with it).
    result = check(forms["en"], departure="dismissed", reasons="other", reasons__other="Commute")
    assert set(result.errors) == {"reasons__other"}


@pytest.mark.parametrize(
    "fields",
    [
        {"reasons": "prefer_not_to_say", "notice_kept": "prefer_not_to_say"},
        {"come_back": "", "talked": "", "sector": ""},  # "No answer", "Choose an answer"
        {"notice": "  ", "last_day": "", "stay": "\r\n", "reasons__other": " "},
    ],
)
def test_what_gives_no_answer_is_not_asked_about(forms, fields: dict) -> None:
    """Nothing the leaver did not answer: the page chooses nothing in advance."""
    result = check(forms["en"], departure="dismissed", **fields)
    assert result.ok, result.errors
    assert result.answers == {"departure": "dismissed"}


def test_the_page_sent_back_keeps_every_answer_and_offers_a_way_out(app) -> None:
    client = app.test_client()
    plain = client.get("/follow-en/", buffered=True).get_data(as_text=True)
    assert 'id="talked-none"' not in plain  # a required question: no "No answer" normally
    data = {"departure": "dismissed", **ALL, "closing": "sent back"}
    response = client.post("/submit/follow-en", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert page.count("is not for your answers above") == 2 * len(ALL)  # summary and field
    assert 'value="pay" checked' in page and 'value="4" checked' in page
    assert 'value="same" selected' in page
    assert 'value="2026-03-14"' in page and "More flexible hours" in page
    # The required radio that does not apply can be taken back without JavaScript.
    assert '<input type="radio" id="talked-none" name="talked" value=""' in page
    assert 'id="notice_kept-none"' not in page  # "Prefer not to say" does that there
    assert stored(app, "sent back") == []
    # Doing what the messages say: every answer taken back, and the answers are taken.
    taken_back = {k: "" for k in ALL}
    taken_back["reasons"] = taken_back["notice_kept"] = "prefer_not_to_say"
    data = {"departure": "dismissed", **taken_back, "closing": "sent back"}
    assert client.post("/submit/follow-en", data=data).status_code == 303
    assert stored(app, "sent back") == [{"departure": "dismissed"}]


def test_changing_the_answer_above_keeps_every_answer(app) -> None:
    client = app.test_client()
    data = {"departure": "voluntary", **ALL, "closing": "changed above"}
    response = client.post("/submit/follow-en", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    [answers] = stored(app, "changed above")
    assert answers["reasons"] == ["pay"] and answers["notice"] == 4
    assert answers["first_thought"] == "2025-03" and answers["sector"] == "same"
