"""Round 20: a question HR took out of a condition, read against the earlier versions.

What it found: the report held back a question asked only of some hidden groups (rule 5)
by the conditions of the form as it is now. HR asked 'come_back' of the dismissed only,
then of everyone: the report showed "No 5" under it, the five dismissed leavers (hidden
in "How did your employment end?") and their answer, which also left four for the
retirees hidden with them. The same with the condition on the question's section, and
with the earlier version answered in Dutch only. Its percentages were also of everyone,
most of whom were never asked it.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from support.hr_area import login, set_password
from support.report_page import Page, add, report

from collector import create_app
from collector.builder import build_site

EXAMPLES = Path(__file__).resolve().parent.parent / "questionnaires"
COME_BACK = re.compile(r"### [^\n]*\{#come_back\}\n.*?\n\n", re.S)

Edit = Callable[[str], str]


def if_dismissed(text: str) -> str:
    """'come_back' asked of the dismissed only, by a condition on the question."""
    found = COME_BACK.search(text)
    assert found is not None
    asked = found.group(0)[:-1] + "- show if: departure = dismissed\n\n"
    return text[: found.start()] + asked + text[found.end() :]


def in_the_dismissed_section(text: str) -> str:
    """'come_back' moved into "The end of your employment", asked of the dismissed."""
    found = COME_BACK.search(text)
    assert found is not None
    text = text[: found.start()] + text[found.end() :]
    end = text.index("\n## ", text.index("{#ending}"))
    return text[:end] + "\n\n" + found.group(0).rstrip("\n") + text[end:]


@pytest.fixture
def rebuild(tmp_path: Path):
    """A collector over the examples; ``rebuild(edit)`` builds them again as HR edited
    them (from the examples each time, so ``rebuild()`` takes an edit back)."""
    source = tmp_path / "questionnaires"
    source.mkdir()
    app = None

    def build(*edits: Edit) -> None:
        for path in EXAMPLES.glob("exit-*.md"):
            text = path.read_text("utf-8")
            for edit in edits:
                text = edit(text)
            (source / path.name).write_text(text, "utf-8")
        build_site(source, tmp_path / "output")
        if app is not None:  # the collector sees (and archives) each version built
            for slug in ("exit-en", "exit-nl"):
                assert app.extensions["exit_survey"].forms.current(slug) is not None

    shutil.copy(EXAMPLES / "ids.lock.json", source / "ids.lock.json")
    build()
    app = create_app(
        {"TESTING": True, "OUTPUT_DIR": tmp_path / "output", "DATA_DIR": tmp_path / "data"}
    )
    return app, build


def leavers(app, slug: str = "exit-en") -> None:
    """12 resigned; 5 dismissed, all asked 'come_back' and all saying no; 4 retiring. The
    dismissed (5) are hidden along with the retirees (rule 3): 9 hidden together."""
    add(app, {"departure": "voluntary", "manager": "4"}, n=12, slug=slug)
    add(app, {"departure": "dismissed", "come_back": "no", "manager": "2"}, n=5, slug=slug)
    add(app, {"departure": "retirement", "manager": "5"}, n=4, slug=slug)


def assert_held(text: str) -> None:
    """Only the note: no count, no answer ("No"), no percentage, only the k of the note."""
    assert "Not shown: asked only of some of the people whose answer to" in text
    assert "How did your employment end?" in text
    when = re.sub(r"Not every version of the questionnaire had .*", "", text)  # its dates
    assert not re.search(r"\d", when.replace("fewer than 5", ""))


def test_a_question_taken_out_of_its_condition_stays_held(rebuild) -> None:
    """The reviewer's case: asked of the dismissed, then HR removed the condition."""
    app, build = rebuild
    build(if_dismissed)
    leavers(app)
    departure = report(app).by_id("q-departure").text()
    assert "I resigned 12" in departure and "My employer ended my employment" in departure
    assert_held(report(app).by_id("q-come_back").text())  # as before
    build()  # the condition taken out
    assert_held(report(app).by_id("q-come_back").text())
    # More answers, of everyone now: "Yes 6, No 5" would still be the dismissed' "No".
    add(app, {"departure": "voluntary", "come_back": "yes", "manager": "4"}, n=6)
    page = report(app)
    assert_held(page.by_id("q-come_back").text())
    assert "come_back" not in page.section("glance").text()
    # The HR area's page takes the same path.
    assert set_password(app).exit_code == 0
    client = app.test_client()
    login(client)
    served = Page(client.get("/admin/report/exit-en").get_data(as_text=True))
    assert_held(served.by_id("q-come_back").text())


def test_a_condition_on_the_section_in_an_earlier_version_holds_it_too(rebuild) -> None:
    """Asked in "The end of your employment" first, then moved to "What we can learn"."""
    app, build = rebuild
    build(in_the_dismissed_section)
    leavers(app)
    build()
    assert_held(report(app).by_id("q-come_back").text())


def test_an_earlier_version_answered_in_dutch_only_holds_it_in_english(rebuild) -> None:
    """Every leaver used the Dutch form while it asked the dismissed only; the English
    report, made after the condition was taken out of both, read English conditions."""
    app, build = rebuild
    build(if_dismissed)
    leavers(app, slug="exit-nl")
    build()
    assert_held(report(app).by_id("q-come_back").text())
    dutch = report(app, slug="exit-nl").by_id("q-come_back").text()
    assert "Niet getoond: alleen gevraagd aan een deel van" in dutch
    assert not re.search(r"\d", dutch.replace("minder dan 5", ""))


def test_a_question_an_earlier_version_asked_of_some_is_a_share_of_those_asked(
    rebuild,
) -> None:
    """The dismissed are shown (10), so 'come_back' is too, but as a share of the 10
    dismissed who were asked it, not of all 22, most of whom never saw it."""
    app, build = rebuild
    build(if_dismissed)
    add(app, {"departure": "voluntary", "manager": "4"}, n=12)
    add(app, {"departure": "dismissed", "come_back": "no", "manager": "2"}, n=10)
    build()
    come_back = report(app).by_id("q-come_back").text()
    assert "No 10 100%" in come_back and "45%" not in come_back
    assert "percentages are of the 10 people who answered it" in come_back


def test_a_condition_nobody_answered_under_holds_nothing(rebuild) -> None:
    """HR built a condition and took it out again before anyone answered: every response
    was asked 'come_back', so it is shown as a question of everyone."""
    app, build = rebuild
    build(if_dismissed)
    build()
    leavers(app)
    add(app, {"departure": "voluntary", "come_back": "yes"}, n=12)
    come_back = report(app).by_id("q-come_back").text()
    assert "Yes 12" in come_back and "Percentages are of all 33 responses" in come_back


PRACTICES = re.compile(r"### [^\n]*\{#practices\}\n.*?\n\n", re.S)


def without_practices(text: str) -> str:
    """HR took 'practices' (asked in the dismissed' section) out of the questionnaire."""
    return PRACTICES.sub("", text, count=1)


def test_a_question_removed_since_keeps_the_condition_it_was_asked_under(rebuild) -> None:
    """'practices' was asked of the dismissed, then dropped: the form now has no
    condition to read, but its 5 answers are still the 5 hidden dismissed leavers'."""
    app, build = rebuild
    add(app, {"departure": "voluntary", "manager": "4"}, n=12)
    add(app, {"departure": "dismissed", "practices": "partly", "manager": "2"}, n=5)
    add(app, {"departure": "retirement", "manager": "5"}, n=4)
    build(without_practices)
    add(app, {"departure": "voluntary", "manager": "4"}, n=6)
    assert_held(report(app).by_id("q-practices").text())
