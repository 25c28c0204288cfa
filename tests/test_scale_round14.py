"""A company's scale: one questionnaire of 60 questions, and 40 questionnaires side by side.

The questionnaires come from ``scale_questionnaires.py`` and are written into temporary
folders, never into questionnaires/.
"""

from __future__ import annotations

import html
import json
import re
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner
from scale_questionnaires import long_questionnaire, many_files, write_long, write_many

from collector import create_app
from collector.build_command import build_command
from collector.builder import build_site


def run_build(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(build_command, list(args), catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def long_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The long questionnaire, built."""
    base = tmp_path_factory.mktemp("long")
    write_long(base / "src")
    build_site(base / "src", base / "out")
    return base / "out"


def test_the_long_questionnaire_is_as_big_as_a_real_one(long_site: Path) -> None:
    """The generator keeps its promise: 60 questions, 10 sections, 20 always required."""
    form = json.loads((long_site / "long-en" / "form.json").read_text(encoding="utf-8"))
    questions = form["questions"]
    conditions = [q for q in questions if q["show_if"]] + [
        s for s in form["sections"] if s.get("show_if")
    ]
    assert (len(questions), len(form["sections"]), len(conditions)) == (60, 10, 15)
    required = [q for q in questions if q["required"]]
    assert len(required) == 20
    assert not any(q["show_if"] for q in required)
    department = next(q for q in questions if q["id"] == "department")
    assert len(department["choices"]) == 40


def test_the_long_questionnaire_checks_clean(tmp_path: Path) -> None:
    write_long(tmp_path / "src")
    code, output = run_build("--check", "--strict", "--source", str(tmp_path / "src"))
    assert code == 0, output
    assert "Checked 1 questionnaire(s)" in output


def test_twenty_missing_answers_give_twenty_links_to_their_fields(
    long_site: Path, tmp_path: Path
) -> None:
    """Sent empty, the collector's page lists every required question once, in form order,
    and each link points at a field on that page."""
    app = create_app(
        {"TESTING": True, "OUTPUT_DIR": long_site, "DATA_DIR": tmp_path, "RATE_LIMIT": 1000}
    )
    form = app.extensions["exit_survey"].forms.current("long-en")
    response = app.test_client().post(
        "/submit/long-en", data={"_version": form.version, "_submission": uuid.uuid4().hex}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    summary = page.split('class="errsum"', 1)[1].split("</ul>", 1)[0]
    targets = re.findall(r'<a href="#([^"]+)">', summary)
    assert targets == [q.id for q in form.questions if q.required]
    ids = set(re.findall(r'\sid="([^"]+)"', page))
    assert set(targets) <= ids


# -- conditions on a range of scale points, as the page says them without JavaScript ------

RECOMMEND_FORM = """---
title: {title}
language: {language}
privacy: {privacy}
---

## {section} {{#s}}

### {question} {{#recommend}}
- type: recommend

### {rating} {{#manager}}
- type: rating
- scale: quality

### {follow_up} {{#more}}
- type: long text
- show if: {condition}
"""
WORDS = {
    "en": {
        "title": "Exit survey",
        "privacy": "Only HR reads the answers.",
        "section": "Looking back",
        "question": "Would you recommend us?",
        "rating": "How was your manager?",
        "follow_up": "What would change that?",
    },
    "nl": {
        "title": "Exitenquête",
        "privacy": "Alleen HR leest de antwoorden.",
        "section": "Terugblik",
        "question": "Zou je ons aanraden?",
        "rating": "Hoe was je leidinggevende?",
        "follow_up": "Wat zou dat veranderen?",
    },
}


@pytest.mark.parametrize(
    ("language", "condition", "note"),
    [
        # The eNPS follow-up of the authoring guide: not seven answers joined by "or".
        (
            "en",
            "recommend in (0, 1, 2, 3, 4, 5, 6)",
            "Only answer this if your answer to “Would you recommend us?” was “0” to “6”.",
        ),
        (
            "nl",
            "recommend in (0, 1, 2, 3, 4, 5, 6)",
            "Beantwoord dit alleen als je bij “Zou je ons aanraden?” “0” tot en met “6” "
            "hebt gekozen.",
        ),
        (
            "en",
            "recommend in (9, 10, 0, 1, 2)",
            "Only answer this if your answer to “Would you recommend us?” was “0” to “2” or "
            "“9” or “10”.",
        ),
        (
            "en",
            "not recommend in (7, 8, 9, 10)",
            "Only answer this if your answer to “Would you recommend us?” was not “7” to “10”.",
        ),
        # Two points, or points that are not neighbours, are named one by one as before.
        (
            "en",
            "manager in (1, 2)",
            "Only answer this if you answered “Very poor” or “Poor” to “How was your manager?”.",
        ),
        (
            "en",
            "manager in (1, 3, 5)",
            "Only answer this if you answered “Very poor” or “Fair” or “Very good” to “How was "
            "your manager?”.",
        ),
        (
            "en",
            "manager in (3, 4, 5)",
            "Only answer this if your answer to “How was your manager?” was “Fair” to “Very good”.",
        ),
    ],
)
def test_a_range_of_scale_points_is_said_as_a_range(
    tmp_path: Path, language: str, condition: str, note: str
) -> None:
    source = tmp_path / "src"
    source.mkdir()
    text = RECOMMEND_FORM.format(language=language, condition=condition, **WORDS[language])
    (source / f"exit-{language}.md").write_text(text, encoding="utf-8")
    build_site(source, tmp_path / "out")
    page = (tmp_path / "out" / f"exit-{language}" / "index.html").read_text(encoding="utf-8")
    shown = re.search(r'<p class="cond" id="more-cond">(.*?)</p>', page)
    assert shown, page
    assert html.unescape(shown.group(1)) == note


# -- forty questionnaires ------------------------------------------------------------------


def test_forty_questionnaires_build_and_the_index_lists_each_once(tmp_path: Path) -> None:
    write_many(tmp_path / "src", 40)
    code, output = run_build("--source", str(tmp_path / "src"), "--output", str(tmp_path / "out"))
    assert code == 0, output
    # Forty names after every build (and every save in --watch) hide the line: a count.
    assert output == f"Built 40 questionnaire(s) into {tmp_path / 'out'}/\n"
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]+)/index.html"', index)
    assert sorted(links) == sorted(name[:-3] for name in many_files(40))
    # A Dutch version sits beside its English one, in one list item.
    item = next(li for li in index.split("<li>") if "exit-nl-hr-en/" in li)
    assert "exit-nl-hr-nl/" in item


BROKEN = [
    # (file index, what to change, into, expected text of the message)
    (0, "type: rating", "type: ratng", "unknown question type 'ratng'"),
    (5, "departure = voluntary", "departure = volunteer", "has no choice 'volunteer'"),
    (12, "max length: 1500", "max length: lots", "'max length' must be a whole number"),
    (20, "  - dismissed:", "  - voluntary:", "duplicate choice code 'voluntary'"),
    (33, "{#stay}", "{#closing}", "duplicate question ID 'closing'"),
]


def test_mistakes_in_five_of_forty_files_are_all_reported_in_one_run(tmp_path: Path) -> None:
    paths = sorted(write_many(tmp_path / "src", 40))
    expected = []
    for index, old, new, message in BROKEN:
        path = paths[index]
        text = path.read_text(encoding="utf-8")
        line = text[: text.index(old)].count("\n") + 1
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        expected.append((path.name, line, message))
    code, output = run_build("--source", str(tmp_path / "src"), "--output", str(tmp_path / "out"))
    assert code == 1
    for name, line, message in expected:
        # At the changed line, or (a second use of an ID) pointing back to it.
        found = re.search(rf"{re.escape(name)}:(\d+): (.*{re.escape(message)}.*)", output)
        assert found, (name, output)
        assert found.group(1) == str(line) or f"line {line}" in found.group(2), found.group(0)
    assert "nothing was written" in output
    assert not (tmp_path / "out").exists()


def test_the_generator_writes_no_questionnaire_into_the_project() -> None:
    """The texts are made in memory; only write_long/write_many touch a folder."""
    assert long_questionnaire().startswith("---\n")
    assert len(many_files(40)) == 40
