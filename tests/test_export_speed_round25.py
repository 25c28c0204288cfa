"""Round 25: the exports were made faster; what HR gets must not change by one byte.

Every export (csv, Dutch Excel csv, json, the codebook in each, the xlsx workbook read
cell by cell and its sheets' XML) of several stores is compared with digests taken at
commit 7e158ae, before the speed-up: the example questionnaires with random (partly
hostile) answers, a questionnaire in three versions (a question removed, a condition
added, a rating scale changed) with answers HR removed, the same read as the Dutch
questionnaire, an empty store and a store of one response. Rows come in a random order
in production; here they are read sorted by response ID, so that the files can be
compared whole.

A digest that no longer matches means a cell changed. If that was meant (a question of
the examples reworded, say), print the new digests with
``.venv/bin/python tests/test_export_speed_round25.py`` and check the change first by
diffing the files it writes with ``--write DIR`` before and after.
"""

from __future__ import annotations

import hashlib
import io
import random
import re
import shutil
import sys
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from collector import create_app, export, export_xlsx, model
from collector.builder import build_site
from collector.conditions import applicable_questions
from collector.dataset import open_dataset
from collector.model import Form, form_from_json
from collector.store_format import encode_response, trailer

EXAMPLES = Path(__file__).resolve().parent.parent / "questionnaires"
#: Answers a leaver may type, among them what spreadsheets or the xlsx format would misread.
TEXTS = [
    "More flexibility with working from home",
    '=HYPERLINK("http://example.com";"click")',
    '-5 days of leave; "too little"',
    "Meer doorgroeimogelijkheden, en een beter salaris.\nEn minder vergaderingen.",
    "@SUM(A1:A9)",
    "Ünïcödé – “quotes” – 🎉",
    "n/a",
    "'prefer_not_to_say",
    "  spaces around  ",
    "_x0041_ is not an A",
    "a\r\nb\rc",
    "bell\x07 and <tags> & ampersands",
    "#N/A",
    "+31 20 123 4567",
    "3.5",
]
MONTHS = ["2025-01", "2025-02", "2025-03"]


def random_answers(form: Form, rng: random.Random) -> dict:
    """Answers as the collector stores them, to the questions that apply to them."""
    answers: dict = {}
    for q in form.questions:
        if rng.random() < 0.15:
            continue
        if q.type == model.MULTIPLE_CHOICE:
            picked = [c.value for c in q.choices if rng.random() < 0.3] or [q.choices[0].value]
            if q.other_label is not None and rng.random() < 0.3:
                picked.append(model.OTHER_VALUE)
                answers[q.other_field] = rng.choice(TEXTS)
            if q.prefer_not_to_say is not None and rng.random() < 0.05:
                picked = [model.PREFER_NOT_TO_SAY]
            answers[q.id] = picked
        elif q.type in model.CHOICE_TYPES:
            answers[q.id] = rng.choice([*q.choice_values(), model.PREFER_NOT_TO_SAY])
        elif q.type == model.NUMBER:
            answers[q.id] = rng.choice([rng.randint(-10, 40), "2.5", "7"])
        else:
            answers[q.id] = rng.choice(TEXTS)
    selected = {k: v if isinstance(v, list) else [str(v)] for k, v in answers.items()}
    keep = {q.id for q in applicable_questions(form, selected)}
    return {k: v for k, v in answers.items() if k.split("__")[0] in keep}


def store_responses(app, output: Path, count: int, seed: int, **extra: dict) -> dict[str, dict]:
    """``count`` responses to the forms now built in ``output``, written straight into
    the store's shards with IDs made from ``seed`` (the store's own are random); their
    answers by ID."""
    data = Path(app.config["DATA_DIR"])
    forms = [form_from_json(p.read_text("utf-8")) for p in sorted(output.glob("*/form.json"))]
    for form in forms:  # as a running collector does when a page is asked for
        assert app.extensions["exit_survey"].forms.current(form.slug) is not None
    rng = random.Random(seed)
    ids = {}
    shards: dict[tuple[str, str], list[bytes]] = {}
    for n in range(count):
        form = forms[n % len(forms)]
        answers = random_answers(form, rng)
        answers.update(extra.get(form.language, {}))
        record = {
            "form": form.slug,
            "version": form.version,
            "language": form.language,
            "date": rng.choice(MONTHS),
            "answers": answers,
        }
        doc_id = hashlib.sha256(f"{seed}-{n}".encode()).hexdigest()[:32]
        ids[doc_id] = answers
        shards.setdefault((form.slug, record["date"]), []).append(
            encode_response(record, doc_id, None)
        )
    for (slug, month), lines in shards.items():
        folder = data / "responses" / slug
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        with open(folder / f"{month}-{seed}.jsonl.tmp", "wb") as out:
            out.writelines(lines)
        shard = folder / f"{month}.jsonl"
        if shard.exists():  # a later version's answers in the same month
            old = shard.read_bytes()
            old = old[: old.rindex(b"\n", 0, len(old) - 1) + 1]  # without its trailer
            count_before = old.count(b"\n")
        else:
            old, count_before = b"", 0
        new = (folder / f"{month}-{seed}.jsonl.tmp").read_bytes()
        (folder / f"{month}-{seed}.jsonl.tmp").unlink()
        shard.write_bytes(old + new + trailer(count_before + len(lines)))
    return ids


def exports(app, slug: str) -> dict[str, bytes]:
    """Every export of ``slug``'s dataset, by name: the files HR downloads (an xlsx by
    its sheets' XML and its cells as openpyxl reads them, types and all)."""
    state = app.extensions["exit_survey"]
    found: dict[str, bytes] = {}
    with app.app_context():

        def table() -> export.Export:
            return export.Export(open_dataset(state.forms, state.store, slug))

        found["csv"] = b"".join(export.csv_chunks(table()))
        found["csv-nl"] = b"".join(export.csv_chunks(table(), excel_nl=True))
        found["json"] = b"".join(export.json_chunks(table()))
        found["codebook.csv"] = b"".join(export.codebook_csv_chunks(table()))
        found["codebook.csv-nl"] = b"".join(export.codebook_csv_chunks(table(), excel_nl=True))
        found["codebook.json"] = export.codebook_json(table())
        for name, responses in (("xlsx", True), ("codebook.xlsx", False)):
            book = io.BytesIO()
            export_xlsx.write_xlsx(table(), book, responses=responses)
            with zipfile.ZipFile(book) as archive:
                for member in archive.namelist():
                    if member.startswith("xl/worksheets/"):
                        found[f"{name}:{member}"] = archive.read(member)
            found[f"{name}:cells"] = _cells(book)
    return found


def _cells(book: io.BytesIO) -> bytes:
    """Every sheet's cells as openpyxl reads them: type and value, row by row."""
    workbook = openpyxl.load_workbook(book)
    lines = []
    for sheet in workbook.worksheets:
        lines.append(f"sheet {sheet.title}")
        for row in sheet.iter_rows(values_only=True):
            lines.append(repr([(type(v).__name__, v) for v in row]))
    return "\n".join(lines).encode("utf-8")


def _sorted_reads(monkeypatch: pytest.MonkeyPatch, app) -> None:
    """The store's responses sorted by ID instead of shuffled, so that exports compare."""
    store_type = type(app.extensions["exit_survey"].store)
    shuffled = store_type.mixed_responses

    def by_id(self, slugs: list[str], *odd: object) -> Iterator[tuple[str, dict]]:
        return iter(sorted(shuffled(self, slugs, *odd), key=lambda found: found[1]["id"]))

    monkeypatch.setattr(store_type, "mixed_responses", by_id)


def _app(root: Path, output: Path):
    return create_app({"TESTING": True, "OUTPUT_DIR": output, "DATA_DIR": root / "data"})


# -- the stores ------------------------------------------------------------------------


def examples_store(root: Path, count: int) -> object:
    """The example questionnaires and ``count`` random responses in both languages; one
    answer too long for an xlsx cell."""
    output = root / "output"
    build_site(EXAMPLES, output)
    app = _app(root, output)
    if count:
        store_responses(app, output, count, seed=25)
    if count > 1:
        long_one = {"closing": "A long answer. " * 2500}  # 37,500 characters
        store_responses(app, output, 1, seed=26, en=long_one, nl=long_one)
    return app


#: A question HR took out in the second version, and the third version's changes.
COME_BACK = re.compile(r"### [^\n]*\{#come_back\}\n.*?\n\n", re.S)
THREE_POINTS = {"en": "Poor\n  - Fair\n  - Good", "nl": "Slecht\n  - Redelijk\n  - Goed"}


def versions_store(root: Path) -> object:
    """The examples in three versions, answered in each: (1) as they are; (2) without
    'come_back', and 'went_well' asked of those who resigned only; (3) 'culture' on a
    3-point scale instead of 5. Then HR removes two answers (``flask redact``)."""
    source, output = root / "questionnaires", root / "output"
    source.mkdir()
    shutil.copy(EXAMPLES / "ids.lock.json", source / "ids.lock.json")

    def build(step: int) -> None:
        for path in EXAMPLES.glob("exit-*.md"):
            text = path.read_text("utf-8")
            lang = "nl" if path.name == "exit-nl.md" else "en"
            if step >= 2:
                text = COME_BACK.sub("", text, count=1)
                went_well = text.index("{#went_well}\n") + len("{#went_well}\n")
                text = text[:went_well] + "- show if: departure = voluntary\n" + text[went_well:]
            if step >= 3:
                culture = text.index("{#culture}")
                at = text.index("- scale: quality", culture)
                scale = "- scale:\n  - " + THREE_POINTS[lang]
                text = text[:at] + scale + text[at + len("- scale: quality") :]
            (source / path.name).write_text(text, "utf-8")
        assert build_site(source, output).forms, "the build failed"

    build(1)
    app = _app(root, output)
    first = store_responses(app, output, 60, seed=1)
    build(2)
    second = store_responses(app, output, 60, seed=2)
    build(3)
    store_responses(app, output, 60, seed=3)
    runner = app.test_cli_runner()
    for answers, field in ((first, "closing"), (second, "reasons__other")):
        doc_id = next(i for i, given in answers.items() if field in given)
        result = runner.invoke(args=["redact", doc_id, field, "--yes"])
        assert result.exit_code == 0, result.output
    return app


# -- the expectations ------------------------------------------------------------------

#: sha256 of each export, as commit 7e158ae wrote it, by store and export (see above).
EXPECTED: dict[str, dict[str, str]] = {
    "examples": {
        "csv": "8ddae2d04eae273934d213fc6c1ee02012676b12ad5d60b8924e10226f21bf6c",
        "csv-nl": "65a8c4576d969dd21901114ff2198c8447c8741042e9faed437d4467eb0559f4",
        "json": "a9e32949f459bb777dc6cc263db96f09a86fd8313b496322616bb0e37e70e5a8",
        "codebook.csv": "cf11a4369fde5c750c9340b2d3adfd1b365e54e9468c11fa8a197700582cf03a",
        "codebook.csv-nl": "1104126c916669c2c3153da541dca74f4503e8e376280e479d78a1cb8f094122",
        "codebook.json": "663d471dd0665f28ba5a79d92b7043150eb655fbc2be0ea462a19fe904b6cd8e",
        "xlsx:xl/worksheets/sheet1.xml": "c00defee9dd9f64c42129fa53f7616e3e22587b923a1e4e080528211b27c5eba",
        "xlsx:xl/worksheets/sheet2.xml": "8d3de52fd9b365fd69c9edf045733d22aae2bf7f55fb43764b7d3f94de29eeab",
        "xlsx:cells": "49398d8e93cd15fdf5d2b47692a9e932839adc6cb3dee3545849d8297a3235ff",
        "codebook.xlsx:xl/worksheets/sheet1.xml": "8d3de52fd9b365fd69c9edf045733d22aae2bf7f55fb43764b7d3f94de29eeab",
        "codebook.xlsx:cells": "12d4d04bedb010759d80e58ae1b0a199d43f612edeb0cda84b4ff05d4daaf8ef",
    },
    "examples-nl": {
        "csv": "8ddae2d04eae273934d213fc6c1ee02012676b12ad5d60b8924e10226f21bf6c",
        "csv-nl": "65a8c4576d969dd21901114ff2198c8447c8741042e9faed437d4467eb0559f4",
        "json": "a9e32949f459bb777dc6cc263db96f09a86fd8313b496322616bb0e37e70e5a8",
        "codebook.csv": "cd6980c0456d6d7bfcc5bb4d56b62b3db26f238084c7065a20085325912ea50e",
        "codebook.csv-nl": "085da5ae511092686d3887ee9d44720f7d0381da3debc824d83568abb03699e9",
        "codebook.json": "64fbe41d47ff36cd7ce16744c0528df13c8e8d0387083f1b1b4b255a684af2df",
        "xlsx:xl/worksheets/sheet1.xml": "c00defee9dd9f64c42129fa53f7616e3e22587b923a1e4e080528211b27c5eba",
        "xlsx:xl/worksheets/sheet2.xml": "5cbe634d9b9a74f35b2f2e0c2ce0a785bfc98e21c0856b0b99f009189ee59cdc",
        "xlsx:cells": "b1ede9631c623002d81e6496158ceca9324287ceefa7cd869107cdbcb78ccb0b",
        "codebook.xlsx:xl/worksheets/sheet1.xml": "5cbe634d9b9a74f35b2f2e0c2ce0a785bfc98e21c0856b0b99f009189ee59cdc",
        "codebook.xlsx:cells": "2c926e6cf35983e6f8028380920ee746832b0e6d330230c1e3ceca8cc37d0373",
    },
    "versions": {
        "csv": "cc014317c87086d45f8f5b2aae9f966395efa401fded342b3bb27f75a9126bd4",
        "csv-nl": "07049abf8028c244a6b7cdc08dae4205b38d56e494438001fef269b164299190",
        "json": "0111b7afc39f30f84cfe987663b459d67eec1e028ae47a241905177d71b7571d",
        "codebook.csv": "88c00094f270ecbcb301598c7e4ddcc2612e99e596f4efd8bf440702404a35f0",
        "codebook.csv-nl": "2ec785342255375e0e578a229ed133a10ad33951e9f2af20ec5133cb580c2a48",
        "codebook.json": "5e225e6e946b35c587b61a8386294e3ea965a89192262babadb6a1e17f871e88",
        "xlsx:xl/worksheets/sheet1.xml": "2f1c9e1bcf50275b1e5a88f438c1e670e8ce6b1b344894fbeb04730fd9d30478",
        "xlsx:xl/worksheets/sheet2.xml": "a41c312b439990b0720adf367893869881d7807dc455f966c725ba2966a29c24",
        "xlsx:cells": "fc0bee567465f8b8454848c32c8c43f593fb1803ed334b6fe87a0b73fff9e322",
        "codebook.xlsx:xl/worksheets/sheet1.xml": "a41c312b439990b0720adf367893869881d7807dc455f966c725ba2966a29c24",
        "codebook.xlsx:cells": "77c8ab815658c1e396149e7c4eedca395bef5cab02496eb8ae601f5ea7b9d6d5",
    },
    "versions-nl": {
        "csv": "cc014317c87086d45f8f5b2aae9f966395efa401fded342b3bb27f75a9126bd4",
        "csv-nl": "07049abf8028c244a6b7cdc08dae4205b38d56e494438001fef269b164299190",
        "json": "0111b7afc39f30f84cfe987663b459d67eec1e028ae47a241905177d71b7571d",
        "codebook.csv": "68ae2e40f08820614f503c709c7308c0ce4a913a700c95083bc914acbb63eb55",
        "codebook.csv-nl": "0551f100e7dcb7d3e40a5295097ae1f568581da24d204155fe77248ea86e0a3a",
        "codebook.json": "0d1e1bdc0a10322d903bfd192240741a9ffa0fdac6fb6a7421bf872866e2949d",
        "xlsx:xl/worksheets/sheet1.xml": "2f1c9e1bcf50275b1e5a88f438c1e670e8ce6b1b344894fbeb04730fd9d30478",
        "xlsx:xl/worksheets/sheet2.xml": "5d87d91df68e661089bbaf096c4133ebccca1d2804119fc6564259bd6ce2b893",
        "xlsx:cells": "867d2cb049fb8fa25451e16bffd74502394aa2d5e7a1ff81615309fe72fbdc66",
        "codebook.xlsx:xl/worksheets/sheet1.xml": "5d87d91df68e661089bbaf096c4133ebccca1d2804119fc6564259bd6ce2b893",
        "codebook.xlsx:cells": "908eafe8f103d75239f751d0a7cb3d5f5ef031ebe4925ff36af5f5ee1361a703",
    },
    "empty": {
        "csv": "69e717bbfe48fe7a44b85723a90bac027849368180061455b3f6cffd453e459d",
        "csv-nl": "56e0b53d257ad9caa47adfc5a26947d758f5cf39bc1a04e88173cf0c40eb059a",
        "json": "3fbbd4c6d76130399b0c79cdf41758669224a91e05b7b216953f0c9728750865",
        "codebook.csv": "cf11a4369fde5c750c9340b2d3adfd1b365e54e9468c11fa8a197700582cf03a",
        "codebook.csv-nl": "1104126c916669c2c3153da541dca74f4503e8e376280e479d78a1cb8f094122",
        "codebook.json": "663d471dd0665f28ba5a79d92b7043150eb655fbc2be0ea462a19fe904b6cd8e",
        "xlsx:xl/worksheets/sheet1.xml": "64bc1b2a9b38c698196b46f7b72ffd538c6af34f1b62b2974184e2aa17c54a89",
        "xlsx:xl/worksheets/sheet2.xml": "8d3de52fd9b365fd69c9edf045733d22aae2bf7f55fb43764b7d3f94de29eeab",
        "xlsx:cells": "eed8c2aff83a9ca0c5092ae20874e9d50fd49579b49c866d797edb6958d14654",
        "codebook.xlsx:xl/worksheets/sheet1.xml": "8d3de52fd9b365fd69c9edf045733d22aae2bf7f55fb43764b7d3f94de29eeab",
        "codebook.xlsx:cells": "12d4d04bedb010759d80e58ae1b0a199d43f612edeb0cda84b4ff05d4daaf8ef",
    },
    "one": {
        "csv": "f8c8182b5ceac7ded4f7c4fb60f5afdac72ce291a7dd38b9225d4c7eaba03cb1",
        "csv-nl": "e304827b787375971f45450b54c88402834a7ff06a68145921f5017136f52edf",
        "json": "76eb282d617f794976a5a536dcb182597c3e08d7376b7badaf8959fcab6f7da1",
        "codebook.csv": "cd6980c0456d6d7bfcc5bb4d56b62b3db26f238084c7065a20085325912ea50e",
        "codebook.csv-nl": "085da5ae511092686d3887ee9d44720f7d0381da3debc824d83568abb03699e9",
        "codebook.json": "64fbe41d47ff36cd7ce16744c0528df13c8e8d0387083f1b1b4b255a684af2df",
        "xlsx:xl/worksheets/sheet1.xml": "b7d4501a3972848f5e8bf5e081376d03d50df2e0455cb9db7efed856aa7eb8c9",
        "xlsx:xl/worksheets/sheet2.xml": "5cbe634d9b9a74f35b2f2e0c2ce0a785bfc98e21c0856b0b99f009189ee59cdc",
        "xlsx:cells": "ce43759e012ab660d731d1baf724c5384944ce2fbde6319eefe342310598703d",
        "codebook.xlsx:xl/worksheets/sheet1.xml": "5cbe634d9b9a74f35b2f2e0c2ce0a785bfc98e21c0856b0b99f009189ee59cdc",
        "codebook.xlsx:cells": "2c926e6cf35983e6f8028380920ee746832b0e6d330230c1e3ceca8cc37d0373",
    },
}


def all_exports(root: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, dict[str, bytes]]:
    """Every store's exports, by store and export name."""
    found = {}
    for name, make, slug in (
        ("examples", lambda r: examples_store(r, 300), "exit-en"),
        ("examples-nl", lambda r: examples_store(r, 300), "exit-nl"),
        ("versions", versions_store, "exit-en"),
        ("versions-nl", versions_store, "exit-nl"),
        ("empty", lambda r: examples_store(r, 0), "exit-en"),
        ("one", lambda r: examples_store(r, 1), "exit-nl"),
    ):
        folder = root / name
        folder.mkdir()
        app = make(folder)
        _sorted_reads(monkeypatch, app)
        found[name] = exports(app, slug)
    return found


def digests(found: dict[str, dict[str, bytes]]) -> dict[str, dict[str, str]]:
    return {
        store: {name: hashlib.sha256(content).hexdigest() for name, content in files.items()}
        for store, files in found.items()
    }


@pytest.fixture(scope="module")
def found(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    with pytest.MonkeyPatch.context() as monkeypatch:
        return all_exports(tmp_path_factory.mktemp("exports"), monkeypatch)


@pytest.mark.parametrize(
    "store", ["examples", "examples-nl", "versions", "versions-nl", "empty", "one"]
)
def test_every_export_is_as_before_the_speed_up(
    store: str, found: dict[str, dict[str, bytes]]
) -> None:
    assert digests(found)[store] == EXPECTED[store]


def test_the_stores_hold_what_the_comparison_is_about(found: dict[str, dict[str, bytes]]) -> None:
    """The digests would also match exports of nothing: the stores' rows are there."""
    csv = {store: files["csv"].decode("utf-8") for store, files in found.items()}
    assert csv["examples"].count("\r\n") > 300 and "…[+" in found["examples"]["xlsx:cells"].decode()
    assert csv["empty"].count("\r\n") == 1
    header = csv["versions"].split("\r\n")[0].split(",")
    assert "culture.scale_5" in header and "come_back" in header
    for marker in (
        "removed_by_hr",
        "n/a",
        "prefer_not_to_say",
        "'=HYPERLINK",
        "''prefer_not_to_say",
    ):
        assert marker in csv["versions"], marker
    assert found["versions-nl"]["codebook.csv"].decode("utf-8").count("Slecht") >= 1
    assert found["one"]["csv-nl"].startswith("\ufeff".encode())


# -- what made them faster ---------------------------------------------------------------


class _CountedAnswers(dict):
    """Answers that count how often one is looked up by its ID."""

    gets = 0

    def get(self, key, default=None):
        type(self).gets += 1
        return super().get(key, default)


def test_a_responses_statuses_look_only_at_the_answers_it_gave(built_site: Path, tmp_path) -> None:
    """The statuses of a response's blank questions are worked out once per form version
    and set of questions that apply; per response only its answers are read. Before, each
    of the dataset's questions was looked up in every response (33 per response here)."""
    app = _app(tmp_path, built_site)
    state = app.extensions["exit_survey"]
    dataset = open_dataset(state.forms, state.store, "exit-en")
    form = state.forms.current("exit-en")
    record = {
        "id": "x",
        "version": form.version,
        "answers": _CountedAnswers(departure="voluntary", reasons=["pay"], closing=""),
    }
    rules = dataset_rules(dataset, form)
    _CountedAnswers.gets = 0
    status = rules.response(record).status
    assert _CountedAnswers.gets == 0
    assert list(status) == [q.id for q in dataset.questions()]
    assert (status["departure"], status["reasons"], status["closing"]) == (
        "answered",
        "answered",
        "not_answered",
    )
    assert status["practices"] == "not_applicable"  # asked of the dismissed only


def dataset_rules(dataset, form: Form):
    from collector.dataset import StatusRules

    return StatusRules(form, dataset.questions())


def test_the_responses_sheet_is_compressed_at_level_5(tmp_path: Path) -> None:
    """The sheet of the responses, nearly all of a workbook, at zlib level 5: a third less
    CPU than zipfile's default 6 for a file 2% larger (export_xlsx.SHEET_LEVEL). The zip
    does not record the level: the sheet is compressed again at each, to compare."""
    app = examples_store(tmp_path, 300)
    state = app.extensions["exit_survey"]
    book = io.BytesIO()
    with app.app_context():
        table = export.Export(open_dataset(state.forms, state.store, "exit-en"))
        export_xlsx.write_xlsx(table, book)
    with zipfile.ZipFile(book) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
        xml = archive.read(info)
    sizes = {}
    for level in (5, 6):
        deflate = zlib.compressobj(level, zlib.DEFLATED, -15)
        sizes[level] = len(deflate.compress(xml) + deflate.flush())
    assert sizes[5] != sizes[6]
    assert info.compress_size == sizes[5]


if __name__ == "__main__":
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="exports-"))
    try:
        with pytest.MonkeyPatch.context() as patch:
            everything = all_exports(root, patch)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    if sys.argv[1:2] == ["--write"]:
        for store, files in everything.items():
            for name, content in files.items():
                target = Path(sys.argv[2]) / store / name.replace("/", "_").replace(":", "_")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
    import pprint

    pprint.pprint(digests(everything), width=100, sort_dicts=False)
