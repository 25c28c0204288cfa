"""A questionnaire over a year: HR edits it while answers come in (round 14).

January's answers are given with one version of the form; in March HR changes a scale,
adds a required question, removes one, and turns a single choice into multiple choice. The
report over the whole year must not mix the versions' answers into wrong numbers, and must
say which questions were not asked of everyone. A leaver whose January page was still open
must not lose answers when they send it after the rebuild.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest
from support.lifecycle import WORDS

from collector import create_app
from collector.builder import build_site
from collector.model import form_from_json
from collector.report import build_page

FRONT = """---
title: {title}
language: {lang}
slug: leave-{lang}
translation: leave-{other}.md
privacy: |
  {privacy}
thank_you: {thanks}
---

## {section} {{#main}}

### {departure} {{#departure}}
- type: single choice
- required: yes
- choices:
  - voluntary: {voluntary}
  - dismissed: {dismissed}
"""
JANUARY = {
    "en": """
### How did you experience working with your manager? {#manager}
- type: rating
- scale: quality

### Would you consider working for us again? {#come_back}
- type: yes/no

### Did the way we work play a part in your leaving? {#practices}
- type: single choice
- choices:
  - yes: Yes
  - partly: Partly
  - no: No
""",
    "nl": """
### Hoe heb je de samenwerking met je leidinggevende ervaren? {#manager}
- type: rating
- scale: quality

### Zou je nog eens bij ons willen werken? {#come_back}
- type: yes/no

### Speelde de manier van werken een rol bij je vertrek? {#practices}
- type: single choice
- choices:
  - yes: Ja
  - partly: Deels
  - no: Nee
""",
}
# March: the scale has 7 points, come_back is gone, exit_talk is new and required, and
# practices takes several answers. All under the same IDs, despite the builder's warnings.
MARCH = {
    "en": """
### How did you experience working with your manager? {#manager}
- type: rating
- scale:
  - Very poor
  - Poor
  - Rather poor
  - Fair
  - Rather good
  - Good
  - Very good

### Did you have an exit conversation with your manager? {#exit_talk}
- type: yes/no
- required: yes

### Did the way we work play a part in your leaving? {#practices}
- type: multiple choice
- choices:
  - yes: Yes
  - partly: Partly
  - no: No
""",
    "nl": """
### Hoe heb je de samenwerking met je leidinggevende ervaren? {#manager}
- type: rating
- scale:
  - Zeer slecht
  - Slecht
  - Eerder slecht
  - Redelijk
  - Eerder goed
  - Goed
  - Zeer goed

### Heb je een exitgesprek met je leidinggevende gehad? {#exit_talk}
- type: yes/no
- required: yes

### Speelde de manier van werken een rol bij je vertrek? {#practices}
- type: multiple choice
- choices:
  - yes: Ja
  - partly: Deels
  - no: Nee
""",
}


def _write(source: Path, bodies: dict[str, str]) -> None:
    for lang, body in bodies.items():
        text = FRONT.format(lang=lang, **WORDS[lang]) + body
        (source / f"leave-{lang}.md").write_text(text, encoding="utf-8")


class Year:
    """One collector over a year of builds: write, build, post in a given month, report."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.source, self.output = root / "questionnaires", root / "output"
        self.source.mkdir()
        self.monkeypatch = monkeypatch
        self.app = create_app(
            {
                "TESTING": True,
                "OUTPUT_DIR": self.output,
                "DATA_DIR": root / "data",
                "RATE_LIMIT": 10000,
            }
        )
        self.client = self.app.test_client()
        self.posted = 0

    def build(self, bodies: dict[str, str]) -> None:
        _write(self.source, bodies)
        result = build_site(self.source, self.output)
        assert result.forms, "the build failed"

    def version(self, lang: str = "en") -> str:
        path = self.output / f"leave-{lang}" / "form.json"
        return form_from_json(path.read_text(encoding="utf-8")).version

    def post(self, month: str, answers: dict, *, lang: str = "en", version: str = "", js=True):
        self.monkeypatch.setattr(
            "collector.submit.coarse_date", lambda precision, today=None: (month, month)
        )
        self.posted += 1
        data = {**answers, "_version": version or self.version(lang)}
        headers = {}
        if js:
            data["_submission"] = f"round14-lifecycle-{self.posted:06d}"
            headers["Accept"] = "application/json"
        return self.client.post(f"/submit/leave-{lang}", data=data, headers=headers)

    def report(self, lang: str = "en") -> str:
        """The report as plain text, one line per element."""
        page = build_page(
            self.app,
            f"leave-{lang}",
            breakdown=None,
            split_by=None,
            k=5,
            kt=10,
            inline_css=False,
            today=dt.date(2027, 1, 15),
        )
        page = re.sub(r"<style.*?</style>", "", page, flags=re.S)
        page = re.sub(r"<(br|/p|/h\d|/li|/tr|/caption|/div|/figcaption)[^>]*>", "\n", page)
        page = re.sub(r"<(td|th)[^>]*>", " | ", page)
        text = html.unescape(re.sub(r"<[^>]+>", "", page))
        return re.sub(r"\n\s*\n+", "\n", text)


@pytest.fixture
def year(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Year:
    """January: six leavers who all rate their manager 5 of 5 ("Very good"), say yes to
    coming back, and answer 'partly' to the one-answer question. March: the form changes,
    and ten leavers rate their manager 1 of 7, five had an exit conversation and five not."""
    y = Year(tmp_path, monkeypatch)
    y.build(JANUARY)
    for _ in range(6):
        answers = {"departure": "voluntary", "manager": "5", "come_back": "yes"}
        assert y.post("2026-01", {**answers, "practices": "partly"}).status_code == 200
    y.january = y.version()
    y.build(MARCH)
    for i in range(10):
        answers = {"departure": "dismissed", "manager": "1", "exit_talk": "yes" if i < 5 else "no"}
        assert y.post("2026-03", {**answers, "practices": ["no"]}).status_code == 200
    return y


def _favourable(report: str, question: str) -> tuple[int, int]:
    found = re.search(re.escape(question) + r"\s*(\d+)% favourable · (\d+) answers", report)
    assert found, report
    return int(found.group(1)), int(found.group(2))


def test_a_changed_scale_is_not_averaged_with_the_old_one(year: Year) -> None:
    """An old "5 of 5" read as "5 of 7" made half the answers favourable; none are."""
    report = year.report()
    assert _favourable(report, "How did you experience working with your manager?") == (0, 10)
    assert (
        "6 answers given on an earlier scale (another number of points, or the points in another order) are left out"
        in report
    )
    # The headline uses the same counts.
    assert "0% favourable: How did you experience working with your manager?" in report


def test_a_question_added_halfway_is_a_share_of_those_asked(year: Year) -> None:
    """Five of the ten asked said yes: 50%, not 31% of everyone since January."""
    report = year.report()
    part = report.split("Did you have an exit conversation with your manager?", 1)[1]
    assert re.search(r"\| Yes \| 5 \| 50%", part), part[:400]
    assert "percentages are of the 10 people who answered it" in part
    assert "it was asked in March 2026 only" in part


def test_a_removed_question_says_when_it_was_asked(year: Year) -> None:
    report = year.report()
    part = report.split("Questions from earlier versions", 2)[2]
    assert "Would you consider working for us again?" in part
    assert re.search(r"\| Yes \| 6 \| 100%", part), part[:400]
    assert "it was asked in January 2026 only" in part


def test_multiple_choice_that_was_single_choice_says_so(year: Year) -> None:
    report = year.report()
    part = report.split("Did the way we work play a part in your leaving?", 1)[1]
    assert "An earlier version allowed only one answer to this question" in part


def test_the_dutch_report_says_the_same(year: Year) -> None:
    report = year.report("nl")
    assert (
        "6 antwoorden op een eerdere schaal (een ander aantal punten, of de punten in een andere volgorde) tellen niet mee"
        in report
    )
    assert "hij is alleen in maart 2026 gesteld" in report
    assert "In een eerdere versie was bij deze vraag maar één antwoord mogelijk" in report


@pytest.mark.parametrize("js", [True, False])
def test_a_january_page_sent_after_the_march_rebuild_keeps_every_answer(
    year: Year, js: bool
) -> None:
    """The old page had a question that is gone and lacked the new required one: it is
    checked against the version it was built from, stored whole, and the leaver is not
    asked again for anything."""
    answers = {"departure": "voluntary", "manager": "4", "come_back": "no", "practices": "yes"}
    response = year.post("2026-03", answers, version=year.january, js=js)
    assert response.status_code == (200 if js else 303)
    if not js:
        assert response.headers["Location"].endswith("/leave-en/thanks.html")
    runner = year.app.test_cli_runner()
    result = runner.invoke(args=["export", "leave-en", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = [r for r in __import__("json").loads(result.stdout) if r.get("come_back") == "no"]
    assert len(rows) == 1
    row = rows[0]
    assert row["manager"] == "n/a" and row["manager.scale_5"] == 4 and row["practices.yes"] == 1
    assert row["exit_talk"] == "n/a"  # not asked on that page, not "skipped"
