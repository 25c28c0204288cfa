"""Round 25: HR closes a questionnaire with 'closed: yes' and keeps its file.

Before, a questionnaire closed only when its file was deleted: a static host that keeps old
files went on serving the form, and the questionnaire left the build. Now the build writes
a page that says it has closed at the form's address, the collector refuses posts to it,
and its answers stay where HR finds them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from questionnaire_helpers import DEPARTURE, HEAD, build, write
from support.hr_area import login, set_password

from collector.state import collector_state

CONTACT = "contact: Questions? Mail <hr-survey@example.com>."
OPEN = HEAD.replace("language: en", f"language: en\n{CONTACT}") + DEPARTURE
#: The same questionnaire, closed: 'closed:' on line 4.
CLOSED = OPEN.replace("language: en\n", "language: en\nclosed: yes\n")
STAY = "Meer groei, minder vergaderingen"


def _site() -> Path:
    return Path("output")


# -- the builder -------------------------------------------------------------------------


def test_a_closed_questionnaire_is_built_as_a_page_that_says_so_without_a_form(
    project: Path,
) -> None:
    write(project, CLOSED)
    code, output = build()
    assert code == 0, output
    assert "Built 1 questionnaire(s) into output/: leavers (closed)" in output
    page = (_site() / "leavers" / "index.html").read_text("utf-8")
    assert "<form" not in page and "<script" not in page
    assert "<h1>Exit survey</h1>" in page
    assert "This questionnaire has been closed, so answers can no longer be sent." in page
    assert 'href="mailto:hr-survey@example.com"' in page  # whom to ask
    assert '<html lang="en"' in page
    # Its compressed copies are that page too, for a host that serves those.
    assert (_site() / "leavers" / "index.html.gz").is_file()
    form = json.loads((_site() / "leavers" / "form.json").read_text("utf-8"))
    assert form["closed"] is True
    # Not on the list of questionnaires to choose from.
    assert "leavers/index.html" not in (_site() / "index.html").read_text("utf-8")


def test_closing_and_reopening_is_no_new_version(project: Path) -> None:
    def built_version() -> str:
        assert build()[0] == 0
        return json.loads((_site() / "leavers" / "form.json").read_text("utf-8"))["version"]

    write(project, OPEN)
    before = built_version()
    write(project, CLOSED)
    assert built_version() == before
    write(project, OPEN.replace("language: en\n", "language: en\nclosed: no\n"))
    assert built_version() == before
    page = (_site() / "leavers" / "index.html").read_text("utf-8")
    assert "<form" in page  # open again
    assert "leavers/index.html" in (_site() / "index.html").read_text("utf-8")


@pytest.mark.parametrize("word", ["yes", "Yes", "ja", "true"])
def test_closed_takes_the_yes_words_of_every_yes_no_setting(project: Path, word: str) -> None:
    write(project, CLOSED.replace("closed: yes", f"closed: {word}"))
    assert build()[0] == 0
    assert "<form" not in (_site() / "leavers" / "index.html").read_text("utf-8")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "closed: soon",
            "questionnaires/leavers.md:4: 'closed' must be yes or no, not 'soon' (write "
            "'closed: yes' to close the questionnaire",
        ),
        (
            "closed: 2026-12-31",
            "questionnaires/leavers.md:4: 'closed' must be yes or no, not a date ('2026-12-31')",
        ),
        (
            "closed: 31-12-2026",
            "questionnaires/leavers.md:4: 'closed' must be yes or no, not a date ('31-12-2026')",
        ),
        (
            "closes: 2026-12-31",
            "questionnaires/leavers.md:4: unknown front matter setting 'closes' (did you mean "
            "'closed'?)",
        ),
    ],
)
def test_a_bad_closed_value_stops_the_build_at_its_line(
    project: Path, line: str, message: str
) -> None:
    write(project, OPEN)
    assert build()[0] == 0
    before = (_site() / "leavers" / "index.html").read_bytes()
    write(project, CLOSED.replace("closed: yes", line))
    code, output = build()
    assert code == 1
    assert message in output, output
    assert "nothing was written" in output
    assert (_site() / "leavers" / "index.html").read_bytes() == before


def test_a_date_is_explained_with_what_to_do_on_that_day(project: Path) -> None:
    write(project, CLOSED.replace("closed: yes", "closed: 2026-12-31"))
    _, output = build("--check")
    assert "on the day it should close, write 'closed: yes' and build" in output


def test_closing_one_language_only_is_a_warning_at_its_line(project: Path) -> None:
    english = CLOSED.replace("language: en\n", "language: en\ntranslation: leavers-nl.md\n")
    dutch = (
        OPEN.replace("language: en", "language: nl\ntranslation: leavers-en.md")
        .replace("Exit survey", "Vertrekenquête")
        .replace("Only HR reads the answers. Taking part is voluntary.", "Alleen HR leest ze.")
        .replace("Questions? Mail", "Vragen? Mail")
        .replace("How did your job end?", "Hoe eindigde je baan?")
        .replace("I resigned", "Ik nam ontslag")
        .replace("I was dismissed", "Ik werd ontslagen")
    )
    write(project, english, "leavers-en.md")
    write(project, dutch, "leavers-nl.md")
    code, output = build()
    assert code == 0, output
    assert (
        "questionnaires/leavers-en.md:5: warning: this questionnaire is closed, but its "
        "translation questionnaires/leavers-nl.md is still open" in output
    )
    # Closed in both: nothing to warn of, and the index lists neither.
    write(project, dutch.replace("language: nl\n", "language: nl\nclosed: ja\n"), "leavers-nl.md")
    code, output = build()
    assert code == 0 and "warning" not in output, output
    assert "<a " not in (_site() / "index.html").read_text("utf-8")


def test_removing_a_published_questionnaire_points_at_closing_it(project: Path) -> None:
    write(project, OPEN)
    write(project, OPEN.replace("Exit survey", "Other survey"), "other.md")
    assert build()[0] == 0
    (project / "questionnaires" / "leavers.md").unlink()
    _, output = build()
    assert "to close it, put the file back with 'closed: yes' in its front matter" in output


# -- the collector -----------------------------------------------------------------------


def _close(text: str) -> str:
    return re.sub(r"^language: (en|nl)$", r"language: \1\nclosed: yes", text, flags=re.M)


def _closed_versions(versions):
    """The examples, with one answer stored while open, then closed in both languages."""
    app, rebuild = versions
    client = app.test_client()
    opened = collector_state(app).forms.current("exit-nl").version
    stored = client.post(
        "/submit/exit-nl", data={"departure": "voluntary", "stay": STAY, "_version": opened}
    )
    assert stored.status_code == 303
    rebuild(("\nlanguage: en\n", "\nlanguage: en\nclosed: yes\n"))
    rebuild(("\nlanguage: nl\n", "\nlanguage: nl\nclosed: yes\n"))
    assert collector_state(app).forms.current("exit-nl").closed
    return app, client, opened


def test_the_collector_serves_the_closed_page_as_gone(versions) -> None:
    _, client, _ = _closed_versions(versions)
    for path in ("/exit-nl/", "/exit-nl/index.html"):
        page = client.get(path, headers={"Accept-Encoding": "br, gzip"})
        assert page.status_code == 410, path
        assert page.headers["Content-Encoding"] == "br"
        assert "Content-Security-Policy" in page.headers
    text = client.get("/exit-nl/").get_data(as_text=True)
    assert "Deze vragenlijst is gesloten" in text and "<form" not in text
    # The thank-you page of a leaver who sent just before it closed still shows.
    assert client.get("/exit-nl/thanks.html").status_code == 200
    assert client.get("/submit/exit-nl").status_code == 410


def test_a_post_from_a_page_opened_before_it_closed_is_refused_and_not_stored(
    versions,
) -> None:
    app, client, opened = _closed_versions(versions)
    data = {"departure": "dismissed", "stay": STAY, "_version": opened}
    page = client.post("/submit/exit-nl", data=data)
    assert page.status_code == 410
    text = page.get_data(as_text=True)
    assert "Je antwoorden zijn niet verstuurd" in text
    assert "Deze vragenlijst is gesloten" in text
    script = client.post("/submit/exit-nl", data=data, headers={"Accept": "application/json"})
    assert script.status_code == 410
    assert script.get_json()["ok"] is False
    assert "gesloten" in script.get_json()["error"]
    assert collector_state(app).store.count("exit-nl") == 1  # the one sent while open


def test_the_answers_of_a_closed_questionnaire_stay_in_the_hr_area(versions) -> None:
    app, client, _ = _closed_versions(versions)
    assert set_password(app).exit_code == 0
    assert login(client).status_code == 303
    index = client.get("/admin/").get_data(as_text=True)
    assert "Closed: its questionnaire file says <code>closed: yes</code>" in index
    assert "No longer published" not in index
    csv = client.get("/admin/download/exit-en/csv").get_data(as_text=True)
    assert STAY in csv
    assert client.get("/admin/report/exit-nl").status_code == 200


def test_reopening_takes_answers_again_under_the_same_version(versions) -> None:
    app, client, opened = _closed_versions(versions)
    _, rebuild = versions
    rebuild(("\nclosed: yes\n", "\n"))
    assert collector_state(app).forms.current("exit-nl").version == opened
    assert client.get("/exit-nl/").status_code == 200
    again = client.post("/submit/exit-nl", data={"departure": "voluntary", "_version": opened})
    assert again.status_code == 303
    assert collector_state(app).store.count("exit-nl") == 2


def test_the_hr_area_does_not_call_a_survey_closed_while_one_language_takes_answers(
    versions,
) -> None:
    """Review of round 25: with only exit-en closed, the group was marked "Closed: ...
    answers sent to it are refused" while exit-nl went on storing answers."""
    app, rebuild = versions
    client = app.test_client()
    rebuild(("\nlanguage: en\n", "\nlanguage: en\nclosed: yes\n"))
    assert collector_state(app).forms.current("exit-en").closed
    assert not collector_state(app).forms.current("exit-nl").closed
    assert set_password(app).exit_code == 0
    assert login(client).status_code == 303
    index = client.get("/admin/").get_data(as_text=True)
    assert "Closed: its questionnaire file says" not in index
