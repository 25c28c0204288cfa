"""Round 15: the export of a rating question whose scale changed under the same ID.

HR turned the 5-point `manager` question into 7 points (ignoring the builder's warning),
later into 3. The export put every answer in one `manager` column and the codebook gave
only the labels of today's scale, so an old "5" (Very good of 5) read as "5 of 7"; after
7 -> 3 the codebook of the 3-point question listed codes 4 to 7 with labels of both
earlier scales. Now each earlier scale has a column of its own (`manager.scale_5`), with
`n/a` in the other column, in csv, Dutch Excel csv, xlsx, json and the HR area's download.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from support.exports import read_csv, read_xlsx, run_export
from support.lifecycle import WORDS as LIFECYCLE_WORDS

from collector import create_app, export
from collector.builder import build_site
from collector.dataset import open_dataset
from collector.model import form_from_json

PASSWORD = "correct horse battery staple"
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
- choices:
  - voluntary: {voluntary}
  - dismissed: {dismissed}

### {manager} {{#manager}}
- type: rating
- prefer not to say: yes
- scale:
{scale}
### {team} {{#team}}
- type: rating
- scale: agreement
"""
# The same two-language questionnaire as the lifecycle tests, with two rating questions.
WORDS = {
    "en": {
        **LIFECYCLE_WORDS["en"],
        "manager": "How did you experience working with your manager?",
        "team": "My team worked well together.",
    },
    "nl": {
        **LIFECYCLE_WORDS["nl"],
        "manager": "Hoe heb je de samenwerking met je leidinggevende ervaren?",
        "team": "Mijn team werkte goed samen.",
    },
}
SCALES = {
    5: {
        "en": ["Very poor", "Poor", "Fair", "Good", "Very good"],
        "nl": ["Zeer slecht", "Slecht", "Redelijk", "Goed", "Zeer goed"],
    },
    7: {
        "en": ["Very poor", "Poor", "Rather poor", "Fair", "Rather good", "Good", "Very good"],
        "nl": [
            "Zeer slecht",
            "Slecht",
            "Eerder slecht",
            "Redelijk",
            "Eerder goed",
            "Goed",
            "Zeer goed",
        ],
    },
    3: {"en": ["Poor", "Fair", "Good"], "nl": ["Slecht", "Redelijk", "Goed"]},
}


class Collector:
    """One collector over several builds of the two-language questionnaire."""

    def __init__(self, root: Path) -> None:
        self.source, self.output = root / "questionnaires", root / "output"
        self.source.mkdir()
        self.app = create_app(
            {
                "TESTING": True,
                "OUTPUT_DIR": self.output,
                "DATA_DIR": root / "data",
                "RATE_LIMIT": 10_000,
            }
        )
        self.client = self.app.test_client()
        self.tmp = root

    def build(self, scales: dict[str, list[str]]) -> None:
        for lang, labels in scales.items():
            scale = "".join(f"  - {label}\n" for label in labels)
            text = FRONT.format(lang=lang, scale=scale, **WORDS[lang])
            (self.source / f"leave-{lang}.md").write_text(text, encoding="utf-8")
        assert build_site(self.source, self.output).forms, "the build failed"
        for lang in scales:  # as a running collector does when a page is asked for
            assert self.app.extensions["exit_survey"].forms.current(f"leave-{lang}")

    def post(self, answers: dict, lang: str = "en") -> None:
        path = self.output / f"leave-{lang}" / "form.json"
        version = form_from_json(path.read_text(encoding="utf-8")).version
        response = self.client.post(f"/submit/leave-{lang}", data={**answers, "_version": version})
        assert response.status_code == 303, response.get_data(as_text=True)

    def export(self, *args: str) -> tuple[Path, Path]:
        return run_export(self.app, self.tmp, "leave-en", *args)


def _answers(rows: list[dict], *columns: str) -> list[tuple]:
    """The cells of ``columns``, one tuple per row, sorted (rows come in random order)."""
    return sorted((tuple(str(row[c]) for c in columns) for row in rows), key=repr)


@pytest.fixture
def collector(tmp_path: Path) -> Collector:
    """Three leavers on the 5-point scale (one in Dutch, one skipping it), then the scale
    becomes 7 points under the same ID and two more answer."""
    c = Collector(tmp_path)
    c.build(SCALES[5])
    c.post({"departure": "voluntary", "manager": "5", "team": "4"})
    c.post({"departure": "voluntary", "manager": "4", "team": "2"}, lang="nl")
    c.post({"departure": "dismissed", "team": "3"})  # skipped on the 5-point scale
    c.build(SCALES[7])
    c.post({"departure": "dismissed", "manager": "7", "team": "5"})
    c.post({"departure": "voluntary", "manager": "prefer_not_to_say", "team": "1"})
    return c


def test_answers_on_the_earlier_scale_get_a_column_of_their_own(collector: Collector) -> None:
    out, _ = collector.export()
    rows = read_csv(out)
    assert list(rows[0])[3:7] == ["departure", "manager", "manager.scale_5", "team"]
    assert _answers(rows, "team", "manager", "manager.scale_5") == [
        ("1", "prefer_not_to_say", "n/a"),
        ("2", "n/a", "4"),  # the Dutch answer lands in the same earlier-scale column
        ("3", "n/a", ""),  # skipped on the 5-point scale: empty there, not in `manager`
        ("4", "n/a", "5"),  # Very good of 5, no longer read as "5 of 7"
        ("5", "7", "n/a"),
    ]


def test_the_codebook_gives_each_scale_its_own_labels_in_every_language(
    collector: Collector,
) -> None:
    _, book = collector.export()
    codebook = read_csv(book)

    def labels(column: str, lang: str) -> dict[str, str]:
        return {r["code"]: r[f"text_{lang}"] for r in codebook if r["column"] == column}

    earlier = labels("manager.scale_5", "en")
    assert earlier.pop("").endswith(
        "(answers given on an earlier scale of 5 points; n/a for everyone else)"
    )
    assert earlier == {
        "1": "Very poor", "2": "Poor", "3": "Fair", "4": "Good", "5": "Very good",
        "prefer_not_to_say": "Prefer not to say",
    }  # fmt: skip
    assert labels("manager.scale_5", "nl")["5"] == "Zeer goed"
    now = labels("manager", "en")
    assert "answers given on an earlier scale are in manager.scale_5" in now.pop("")
    assert [now[str(i)] for i in range(1, 8)] == SCALES[7]["en"]
    assert labels("manager", "nl")["5"] == "Eerder goed"


def test_several_earlier_scales_each_get_a_column(collector: Collector) -> None:
    """5 -> 7 -> 3: the 3-point codebook listed codes 4 to 7 too, labelled "Good", "Very
    good", "Good", "Very good" from the two earlier scales."""
    collector.build(SCALES[3])
    collector.post({"departure": "voluntary", "manager": "3", "team": "2"}, lang="nl")
    out, book = collector.export("--excel-nl")
    rows = read_csv(out, excel_nl=True)
    assert list(rows[0])[4:7] == ["manager", "manager.scale_5", "manager.scale_7"]
    assert _answers(rows, "manager", "manager.scale_5", "manager.scale_7") == [
        ("3", "n/a", "n/a"),
        ("n/a", "", "n/a"),
        ("n/a", "4", "n/a"),
        ("n/a", "5", "n/a"),
        ("n/a", "n/a", "7"),
        ("n/a", "n/a", "prefer_not_to_say"),
    ]
    codebook = read_csv(book, excel_nl=True)
    codes = {c: [r["code"] for r in codebook if r["column"] == c and r["code"]] for c in
             ("manager", "manager.scale_5", "manager.scale_7")}  # fmt: skip
    assert codes == {
        "manager": ["1", "2", "3", "prefer_not_to_say"],
        "manager.scale_5": ["1", "2", "3", "4", "5", "prefer_not_to_say"],
        "manager.scale_7": ["1", "2", "3", "4", "5", "6", "7", "prefer_not_to_say"],
    }


def test_a_reordered_scale_gets_a_column_of_its_own(tmp_path: Path) -> None:
    """The builder warns for points in another order too: an old 1 (Very poor) is a 5 now."""
    c = Collector(tmp_path)
    c.build(SCALES[5])
    c.post({"departure": "voluntary", "manager": "1"})
    c.build({lang: labels[::-1] for lang, labels in SCALES[5].items()})
    c.post({"departure": "voluntary", "manager": "1"})
    out, book = c.export()
    assert _answers(read_csv(out), "manager", "manager.scale_5_reordered") == [
        ("1", "n/a"),
        ("n/a", "1"),
    ]
    codebook = read_csv(book)
    [old] = [r for r in codebook if r["column"] == "manager.scale_5_reordered" and r["code"] == "1"]
    [now] = [r for r in codebook if r["column"] == "manager" and r["code"] == "1"]
    assert (old["text_en"], now["text_en"], old["text_nl"]) == (
        "Very poor",
        "Very good",
        "Zeer slecht",
    )


def test_the_report_leaves_answers_on_a_reordered_scale_out(tmp_path: Path) -> None:
    """The report and the export read one history: an old 1 (Very poor) on a scale now
    written from Very good down is neither counted as Very good nor mixed in."""
    import datetime as dt

    from collector.report import build_page

    c = Collector(tmp_path)
    c.build(SCALES[5])
    # Each post different: the collector takes one of identical posts in a row as a resend.
    sent = [(d, str(team)) for d in ("voluntary", "dismissed") for team in range(1, 6)]
    for departure, team in sent[:6]:
        c.post({"departure": departure, "manager": "1", "team": team})
    c.build({lang: labels[::-1] for lang, labels in SCALES[5].items()})
    for departure, team in sent[6:] + sent[:1]:
        c.post({"departure": departure, "manager": "2", "team": team})
    page = build_page(
        c.app, "leave-en", breakdown=None, split_by=None, k=5, kt=10, inline_css=False,
        today=dt.date(2099, 1, 1),
    )  # fmt: skip
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "6 answers given on an earlier scale (another number of points, or the points in " in (
        text
    )


def test_a_reworded_label_keeps_one_column(tmp_path: Path) -> None:
    """Rewording is no scale change (the builder does not warn): one column, as before."""
    c = Collector(tmp_path)
    c.build(SCALES[5])
    c.post({"departure": "voluntary", "manager": "4"})
    c.build({lang: [*labels[:4], labels[4] + "!"] for lang, labels in SCALES[5].items()})
    c.post({"departure": "voluntary", "manager": "5"})
    out, _ = c.export()
    rows = read_csv(out)
    assert not [h for h in rows[0] if ".scale_" in h]
    assert _answers(rows, "manager") == [("4",), ("5",)]


def test_workbook_and_json_have_the_columns_and_the_codebook(collector: Collector) -> None:
    out, book = collector.export("--format", "xlsx")
    rows = read_xlsx(out)
    assert sorted(r["manager.scale_5"] for r in rows if isinstance(r["manager.scale_5"], int)) == [
        4,
        5,
    ]
    sheet = read_xlsx(out, "Codebook")
    # Codes are numbers as on "Responses", so VLOOKUP finds the earlier scale's label.
    assert [r["text_en"] for r in sheet if r["column"] == "manager.scale_5" and r["code"] == 5] == [
        "Very good"
    ]
    out, book = collector.export("--format", "json")
    data = json.loads(out.read_text("utf-8"))
    assert sorted(str(r["manager.scale_5"]) for r in data) == ["4", "5", "None", "n/a", "n/a"]
    columns = {c["column"]: c for c in json.loads(book.read_text("utf-8"))["columns"]}
    assert columns["manager.scale_5"]["question_id"] == "manager"
    assert columns["manager.scale_5"]["codes"][4] == {
        "code": "5",
        "label": {"en": "Very good", "nl": "Zeer goed"},
    }


def test_a_question_whose_scale_never_changed_is_exported_as_before(collector: Collector) -> None:
    """`team` kept its scale: its column and codebook rows are those of an export where
    `manager` never changed (same code, same cells)."""
    _, book = collector.export()
    rows = [r for r in read_csv(book) if r["column"] == "team"]
    assert [r["code"] for r in rows] == ["", "1", "2", "3", "4", "5"]
    assert rows[0]["text_en"] == "My team worked well together."
    table = export.Export(open_dataset(*_state(collector)))
    assert [c.header for c in table.columns if c.question.id == "team"] == ["team"]


def _state(c: Collector):
    state = c.app.extensions["exit_survey"]
    return state.forms, state.store, "leave-nl"


def test_the_hr_area_download_has_the_column(collector: Collector) -> None:
    result = collector.app.test_cli_runner().invoke(
        args=["set-password", "--password-stdin"], input=PASSWORD + "\n"
    )
    assert result.exit_code == 0, result.output
    client = collector.client
    page = client.get("/admin/", follow_redirects=True).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post("/admin/login", data={"csrf_token": token, "password": PASSWORD})
    with client.get("/admin/download/leave-en/csv-nl") as download:
        assert download.status_code == 200
        header = download.data.decode("utf-8-sig").splitlines()[0].split(";")
    assert header[4:6] == ["manager", "manager.scale_5"]
    path = collector.tmp / "codebook.xlsx"
    with client.get("/admin/download/leave-en/codebook") as codebook:
        path.write_bytes(codebook.data)
    sheet = read_xlsx(path, "Codebook")
    assert [r["code"] for r in sheet if r["column"] == "manager.scale_5"][:2] == [None, 1]
