"""Round 21: an operator upgrades by pulling main, keeping the data, output and backups.

There was never a release: each commit of the history is a version someone may run. The
fixtures below are what older commits wrote to disk, byte for byte (each names its
commit); the tests check that the current code reads them, and that what an older
version got wrong on disk is put right rather than carried on.
"""

from __future__ import annotations

import json
import shutil
import time
import zlib
from pathlib import Path

import pytest

from collector import create_app, store_refile
from collector.builder import build_site
from tests.conftest import EXAMPLES

YEAR = time.gmtime().tm_year
QUARTER = (time.gmtime().tm_mon - 1) // 3 + 1

#: A line of exit-en/2026-01.jsonl as commit 15fa40a wrote it with
#: COLLECTOR_DATE_PRECISION=year (compact JSON, its CRC-32 in 8 hex digits, a space).
OLD_YEAR_LINE = (
    b'aaccaca5 {"s":"687b20c7f748341c793bc3","id":"b38588a1de6a469cb201e4e80d569106",'
    b'"r":{"form":"exit-en","version":"14d42eb55db2","language":"en","date":"2026",'
    b'"answers":{"departure":"contract_end","conditions":"4","work_itself":"1",'
    b'"relationships":"4","manager":"prefer_not_to_say","culture":"3","went_well":'
    b'"=SUM(A1:A3) was a joke","improve":"Pay; \\"flexibility\\"\\nand a shorter commute",'
    b'"recommend":"9","department":"customer_service","tenure":"prefer_not_to_say",'
    b'"closing":"year-0: More room to grow, and a manager who listens."}}}\n'
)

#: The HR password hash every older commit since 595e818 wrote to <data>/admin-password
#: (werkzeug's scrypt; this one is of 'old-hr-pass-2026', written by commit ef3da9d).
OLD_PASSWORD_HASH = (
    "scrypt:32768:8:1$Xgb67iYnDPzxJYHd$877bd7fdd79720fb1403f6723df06aa75c99e8136c70f3e16d6c"
    "01002e6aa1190afc92ec1842b0f1480e0d6ab347eeb80038f08275fab14ee7ae9d3d23894400\n"
)


def old_line(
    doc_id: str, version: str, date: str, n: int, key: str | None = None, blanked: str = ""
) -> bytes:
    """A response line as commits c523c4c to the present write it (store_format.frame);
    ``blanked``: the answer HR's removal took out (commit 8599b3a on)."""
    answers = {"departure": "voluntary", "recommend": str(n % 11), "closing": f"old-{n}"}
    record = {"form": "exit-en", "version": version, "language": "en", "date": date}
    record["answers"] = {k: v for k, v in answers.items() if k != blanked}
    if blanked:
        record["removed_by_hr"] = [blanked]
    body = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    head = f'{{"s":"{key}",' if key else "{"
    payload = f'{head}"id":"{doc_id}","r":{body}}}'.encode()
    return b"%08x %s\n" % (zlib.crc32(payload), payload)


def old_shuffled(lines: list[bytes]) -> bytes:
    """A closed month as the older shuffle left it: the lines, then its trailer."""
    trailer = b'{"m":"shuffled","n":%d}' % len(lines)
    return b"".join(lines) + b"%08x %s\n" % (zlib.crc32(trailer), trailer)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("upgrade") / "output"
    build_site(EXAMPLES, output)
    return output


@pytest.fixture
def version(site: Path) -> str:
    return json.loads((site / "exit-en" / "form.json").read_text())["version"]


def collector(site: Path, data: Path, **settings: object):
    return create_app({"TESTING": True, "OUTPUT_DIR": site, "DATA_DIR": data, **settings})


def exported(app) -> list[dict]:
    result = app.test_cli_runner().invoke(args=["export", "exit-en", "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def closings(app) -> list[str]:
    return sorted(row["closing"] for row in exported(app))


def test_the_line_writer_above_is_byte_for_byte_what_commit_15fa40a_wrote():
    payload = OLD_YEAR_LINE[9:-1]
    assert OLD_YEAR_LINE[:8] == b"%08x" % zlib.crc32(payload)
    doc = json.loads(payload)
    again = old_line(doc["id"], doc["r"]["version"], doc["r"]["date"], 0, doc["s"])
    assert again[9:].startswith(payload[: payload.index(b'"answers"')])


# -- build.py over a site an older build.py wrote -----------------------------------------


def test_build_replaces_a_site_an_older_build_wrote_with_its_static_folder(site, tmp_path):
    """Builds before the CSS and script were inlined (commits up to dbb1f98) wrote
    static/form.css and static/enhance.js; the upgrade's rebuild was refused as 'files that
    build.py did not make', so the operator could not rebuild in place."""
    output = tmp_path / "output"
    shutil.copytree(site, output)
    (output / "static").mkdir()
    (output / "static" / "form.css").write_text("main{max-width:40em}\n")
    (output / "static" / "enhance.js").write_text("document.documentElement.className='js';\n")
    build_site(EXAMPLES, output)
    assert not (output / "static").exists()
    assert (output / "exit-en" / "form.json").is_file()


def test_build_still_refuses_a_static_folder_with_files_no_build_wrote(site, tmp_path):
    import click

    output = tmp_path / "output"
    shutil.copytree(site, output)
    (output / "static").mkdir()
    (output / "static" / "form.css").write_text("main{}\n")
    (output / "static" / "logo.png").write_bytes(b"\x89PNG")
    with pytest.raises(click.ClickException, match="'static'"):
        build_site(EXAMPLES, output)
    assert (output / "static" / "logo.png").is_file()


# -- months an older collector filed under a quarter's or a year's first month -------------


def test_a_year_filed_under_january_moves_to_december_and_purge_keeps_it(site, version, tmp_path):
    """Up to commit 15fa40a, COLLECTOR_DATE_PRECISION=year filed the year under January:
    'flask purge --older-than 3' in November deleted answers given that day."""
    folder = tmp_path / "data" / "responses" / "exit-en"
    folder.mkdir(parents=True)
    lines = [old_line(f"{n:032x}", version, str(YEAR), n, f"{n:022x}") for n in range(6)]
    (folder / f"{YEAR}-01.jsonl").write_bytes(b"".join(lines))
    app = collector(site, tmp_path / "data", DATE_PRECISION="year")
    assert sorted(p.name for p in folder.glob("*.jsonl")) == [f"{YEAR}-12.jsonl"]
    result = app.test_cli_runner().invoke(args=["purge", "--older-than", "1", "--yes"])
    assert result.exit_code == 0, result.output
    assert closings(app) == [f"old-{n}" for n in range(6)]


def test_the_months_are_looked_at_once_per_data_folder(site, version, tmp_path, monkeypatch):
    """Every worker and every command starts the app: reading a third of the months at each
    start would be paid forever for an upgrade done once."""
    folder = tmp_path / "data" / "responses" / "exit-en"
    folder.mkdir(parents=True)
    lines = [old_line(f"{n:032x}", version, str(YEAR), n, f"{n:022x}") for n in range(3)]
    (folder / f"{YEAR}-01.jsonl").write_bytes(b"".join(lines))
    collector(site, tmp_path / "data", DATE_PRECISION="year")
    assert sorted(p.name for p in folder.glob("*.jsonl")) == [f"{YEAR}-12.jsonl"]
    assert (tmp_path / "data" / "responses" / ".refiled").stat().st_mode & 0o777 == 0o600
    read: list[str] = []
    monkeypatch.setattr(store_refile, "refiled_month", lambda fd, m, name: read.append(name) or m)
    app = collector(site, tmp_path / "data", DATE_PRECISION="year")
    assert read == []
    assert closings(app) == [f"old-{n}" for n in range(3)]


def test_a_quarter_filed_under_its_first_month_joins_the_quarter_the_new_code_began(
    site, version, tmp_path
):
    """An upgrade in the middle of a quarter: the older collector's answers are in the
    quarter's first month, the current one's in its last. They end up together, once
    each, and a response HR deleted with the older collector stays deleted."""
    data = tmp_path / "data"
    folder = data / "responses" / "exit-en"
    folder.mkdir(parents=True)
    date = f"{YEAR}-Q{QUARTER}"
    first, last = f"{YEAR}-{QUARTER * 3 - 2:02d}", f"{YEAR}-{QUARTER * 3:02d}"
    old = [old_line(f"{n:032x}", version, date, n) for n in range(5)]
    (folder / f"{first}.jsonl").write_bytes(old_shuffled(old))
    # commit ef3da9d's list of HR's removals: one response deleted with the old collector
    (folder / "removed-by-hr").write_text(f"{3:032x} deleted\n")
    new = [old_line(f"{n:032x}", version, date, n, f"{n:022x}") for n in range(5, 8)]
    (folder / f"{last}.jsonl").write_bytes(b"".join(new))
    app = collector(site, data, DATE_PRECISION="quarter")
    assert sorted(p.name for p in folder.glob("*.jsonl")) == [f"{last}.jsonl"]
    assert closings(app) == [f"old-{n}" for n in (0, 1, 2, 4, 5, 6, 7)]
    collector(site, data, DATE_PRECISION="quarter")  # a second start changes nothing
    assert closings(app) == [f"old-{n}" for n in (0, 1, 2, 4, 5, 6, 7)]


def test_a_copy_of_an_older_collectors_year_restores_whole_and_once(site, version, tmp_path):
    """A copied data folder from before the upgrade (cp -a was the backup then): with
    COLLECTOR_RETENTION_MONTHS its January was 'older than retention keeps' and left out,
    answers of this year and all."""
    old = tmp_path / "old-copy"
    folder = old / "responses" / "exit-en"
    folder.mkdir(parents=True)
    lines = [old_line(f"{n:032x}", version, str(YEAR), n, f"{n:022x}") for n in range(4)]
    (folder / f"{YEAR}-01.jsonl").write_bytes(b"".join(lines))
    (old / "admin-password").write_text(OLD_PASSWORD_HASH)
    app = collector(site, tmp_path / "data", DATE_PRECISION="year", RETENTION_MONTHS=1)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["restore", str(old)])
    assert result.exit_code == 0, result.output
    assert f"exit-en {YEAR}-12: 4 added" in result.output
    assert "left out" not in result.output
    again = runner.invoke(args=["restore", str(old)])
    assert f"exit-en {YEAR}-12: 0 added, 4 already stored" in again.output
    assert closings(app) == [f"old-{n}" for n in range(4)]


def test_a_month_shard_is_never_moved(site, version, tmp_path):
    """October holding October's answers (month precision) stays October."""
    folder = tmp_path / "data" / "responses" / "exit-en"
    folder.mkdir(parents=True)
    lines = [old_line(f"{n:032x}", version, f"{YEAR - 1}-10", n) for n in range(3)]
    (folder / f"{YEAR - 1}-10.jsonl").write_bytes(old_shuffled(lines))
    app = collector(site, tmp_path / "data")
    assert sorted(p.name for p in folder.glob("*.jsonl")) == [f"{YEAR - 1}-10.jsonl"]
    assert closings(app) == ["old-0", "old-1", "old-2"]


# -- what older commits wrote that the current code reads as it is ------------------------


def test_an_older_data_folder_reads_with_its_removals_and_its_hr_password(site, version, tmp_path):
    """Commit ef3da9d's data folder: month shards with retry keys, HR's list of removals
    and the password hash. Every answer reads once, the removals hold, and HR signs in
    with the password set before the upgrade."""
    data = tmp_path / "data"
    folder = data / "responses" / "exit-en"
    folder.mkdir(parents=True)
    month = time.strftime("%Y-%m", time.gmtime())
    lines = [old_line(f"{n:032x}", version, month, n, f"{n:022x}") for n in (0, 3, 4)]
    lines.append(old_line(f"{2:032x}", version, month, 2, f"{2:022x}", blanked="recommend"))
    tombstone = b'{"s":"%022x","m":"removed"}' % 1  # the retry key of the deleted one
    lines.append(b"%08x %s\n" % (zlib.crc32(tombstone), tombstone))
    (folder / f"{month}.jsonl").write_bytes(b"".join(lines))
    (folder / "removed-by-hr").write_text(f"{1:032x} deleted\n{2:032x} blanked recommend\n")
    (data / "admin-password").write_text(OLD_PASSWORD_HASH)
    shutil.copytree(data, tmp_path / "copy-before-upgrade")  # cp -a, the backup then
    app = collector(site, data)
    rows = {row["closing"]: row for row in exported(app)}
    assert sorted(rows) == ["old-0", "old-2", "old-3", "old-4"]
    assert rows["old-2"]["recommend"] == "removed_by_hr"
    assert rows["old-3"]["recommend"] == 3
    restored = app.test_cli_runner().invoke(args=["restore", str(tmp_path / "copy-before-upgrade")])
    assert restored.exit_code == 0, restored.output
    assert sorted(row["closing"] for row in exported(app)) == sorted(rows)
    client = app.test_client()
    page = client.get("/admin/login").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    signed_in = client.post(
        "/admin/login",
        data={"csrf_token": token, "password": "old-hr-pass-2026"},
        headers={"Origin": "http://localhost"},
    )
    assert signed_in.status_code == 303
    assert client.get("/admin/").status_code == 200
