"""Round 16: HR takes one response out, or blanks one answer, for good.

A leaver wrote a colleague's name with an accusation, or "I'm the only Finance analyst who
left in March". HR must get those words out of the store and out of everything made of it
later (exports, the report, restores of older backups, a retry of the same submission),
while the collector runs, without a hand edit that breaks the shard's CRC, and without
putting anything back in arrival order or dating it.
"""

from __future__ import annotations

import collections
import logging
import os
import threading
import uuid
from pathlib import Path

import pytest
from support.redact import ACCUSATION, MONTH, OLD, by_id, fill, raw, record

from collector import store_order, store_redact
from collector.store import ResponseStore
from collector.store_format import is_mixed, is_shuffled


@pytest.fixture
def store(app) -> ResponseStore:
    return app.extensions["exit_survey"].store


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()
    return lambda *args, **kw: runner.invoke(args=list(args), **kw)


# -- the commands, as HR uses them ------------------------------------------------------


def test_redact_blanks_one_answer_everywhere_and_keeps_the_rest(app, store, cli, tmp_path):
    bad = fill(store, MONTH, 12, bad=4)
    before = by_id(store)
    result = cli("redact", bad, "closing", input="y\n")
    assert result.exit_code == 0, result.output
    # The confirmation shows what goes, cut short: enough to recognise it.
    assert '"My manager Jan de Vries bullied me. I\'m…" (74 characters)' in result.output
    assert "Blanked closing of the response" in result.output

    after = by_id(store)
    assert set(after) == set(before)  # nothing lost, nothing doubled
    assert "closing" not in after[bad]["answers"]
    assert after[bad]["removed_by_hr"] == ["closing"]
    assert after[bad]["answers"]["stay"] == "commute 4"  # the rest of it stays
    assert {k: v for k, v in after.items() if k != bad} == {
        k: v for k, v in before.items() if k != bad
    }
    assert b"Jan de Vries" not in raw(tmp_path / "data")
    export = cli("export", "exit-en", "--format", "json")
    assert export.exit_code == 0 and "Jan de Vries" not in export.output
    assert bad in export.output


def test_delete_response_takes_it_out_of_exports(store, cli, tmp_path):
    bad = fill(store, MONTH, 8, bad=2)
    result = cli("delete-response", bad, input="y\n")
    assert result.exit_code == 0, result.output
    assert 'closing: "My manager Jan de Vries bullied me. I\'m…"' in result.output
    assert bad not in by_id(store) and store.count("exit-en") == 7
    assert b"Jan de Vries" not in raw(tmp_path / "data")
    again = cli("delete-response", bad)
    assert again.exit_code == 0 and "deleted the response" in again.output


def test_answering_no_changes_nothing(store, cli, tmp_path):
    bad = fill(store, MONTH, 5, bad=1)
    shard = Path(store.shard_path("exit-en", MONTH))
    content = shard.read_bytes()
    for args in (("redact", bad, "closing"), ("delete-response", bad)):
        result = cli(*args, input="n\n")
        assert result.exit_code == 1 and "Nothing was removed." in result.output
        # No one to answer (a script without --yes): stop, say so, and say how scripts ask.
        result = cli(*args, input="")
        assert result.exit_code == 1
        assert "nothing was removed" in result.output and "--yes" in result.output
    assert shard.read_bytes() == content
    assert not (shard.parent / "removed-by-hr").exists()


def test_yes_skips_the_question_and_shows_no_answer(store, cli):
    """--yes is for scripts, whose output may be kept: it must not repeat the words."""
    bad = fill(store, MONTH, 5, bad=3)
    result = cli("redact", bad, "closing", "--yes")
    assert result.exit_code == 0 and "Jan de Vries" not in result.output
    result = cli("delete-response", bad, "--yes")
    assert result.exit_code == 0 and "Jan de Vries" not in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("delete-response", "row 4"), "the first column (response_id) of an export"),
        (("redact", "12345", "closing"), "is not a response ID"),
        (("delete-response", "0" * 32), "no response with the ID 00000000"),
        (("redact", "0" * 32, "closing"), "Copy the ID from the first column"),
        (("redact", "BAD", "nonsense"), "has no answer to 'nonsense'"),
        (("redact", "BAD", "nonsense"), "it answered: closing, departure, reasons"),
        (("redact", "BAD", "reasons.pay"), "give reasons to blank its whole answer"),
    ],
)
def test_bad_input_says_what_to_do(store, cli, args, message):
    bad = fill(store, MONTH, 3)
    store.add(
        "exit-en",
        record(9, "x", reasons=["pay", "other"], reasons__other="Jan"),
        submission_id="sid-r",
        month=MONTH,
    )
    bad = next(d["id"] for d in store.responses("exit-en") if "reasons" in d["answers"])
    result = cli(*[bad if a == "BAD" else a for a in args], input="y\n")
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert store.count("exit-en") == 4


def test_an_id_copied_with_quotes_or_in_capitals_is_understood(store, cli):
    bad = fill(store, MONTH, 3, bad=0)
    result = cli("delete-response", f" '{bad.upper()}' ", "--yes")
    assert result.exit_code == 0, result.output
    assert bad not in by_id(store)


def test_blanking_a_choice_takes_its_other_words_too(store, cli):
    store.add(
        "exit-en",
        record(1, "ok", reasons=["pay", "other"], reasons__other="Jan de Vries"),
        submission_id="s1",
        month=MONTH,
    )
    (doc,) = store.responses("exit-en")
    assert cli("redact", doc["id"], "reasons__other", "--yes").exit_code == 0
    (doc,) = store.responses("exit-en")
    assert doc["answers"]["reasons"] == ["pay", "other"] and "reasons__other" not in doc["answers"]
    assert cli("redact", doc["id"], "reasons", "--yes").exit_code == 0
    (doc,) = store.responses("exit-en")
    assert "reasons" not in doc["answers"]
    assert doc["removed_by_hr"] == ["reasons", "reasons__other"]


def test_the_preview_cannot_drive_the_terminal(store, cli):
    """A leaver's text with escape codes must not recolour or clear HR's screen."""
    store.add(
        "exit-en", record(1, "\x1b[2J\x1b[31mhello\rthere\x07"), submission_id="s", month=MONTH
    )
    (doc,) = store.responses("exit-en")
    result = cli("redact", doc["id"], "closing", input="n\n")
    assert "hello there" in result.output
    assert "\x1b" not in result.output and "\r" not in result.output and "\x07" not in result.output


def test_the_log_says_what_was_done_never_the_words(store, cli, caplog):
    bad = fill(store, MONTH, 4, bad=1)
    with caplog.at_level(logging.WARNING):
        assert cli("redact", bad, "closing", "--yes").exit_code == 0
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert bad in logged and "closing" in logged
    assert "Jan" not in logged and "Finance" not in logged


# -- what must not bring it back: a retry, a restore --------------------------------------


def test_a_retry_of_a_deleted_submission_is_not_stored_again(store, cli):
    bad = fill(store, MONTH, 5, bad=2)
    assert cli("delete-response", bad, "--yes").exit_code == 0
    again = store.add("exit-en", record(2, ACCUSATION), submission_id=f"sid-{MONTH}-2", month=MONTH)
    assert again is False
    # Also after the next mix (an answer came in since) and in another process (a fresh
    # store reads the keys from disk).
    store.add("exit-en", record(99), submission_id="sid-late", month=MONTH)
    assert store.mix() == 1
    with ResponseStore(store.directory) as other:
        assert not other.add(
            "exit-en", record(2, ACCUSATION), submission_id=f"sid-{MONTH}-2", month=MONTH
        )
    assert store.count("exit-en") == 5
    assert all(d["answers"].get("closing") != ACCUSATION for d in store.responses("exit-en"))


def test_a_retry_of_a_blanked_submission_is_not_stored_again(store, cli):
    bad = fill(store, MONTH, 5, bad=2)
    assert cli("redact", bad, "closing", "--yes").exit_code == 0
    assert not store.add(
        "exit-en", record(2, ACCUSATION), submission_id=f"sid-{MONTH}-2", month=MONTH
    )


@pytest.mark.parametrize("month", [MONTH, OLD])
def test_restoring_an_older_backup_does_not_bring_it_back(store, cli, tmp_path, month):
    bad = fill(store, month, 10, bad=3)
    blank_me = next(d["id"] for d in store.responses("exit-en") if d["id"] != bad)
    assert cli("backup", str(tmp_path / "before.tar.gz")).exit_code == 0
    assert cli("delete-response", bad, "--yes").exit_code == 0
    assert cli("redact", blank_me, "closing", "--yes").exit_code == 0

    result = cli("restore", str(tmp_path / "before.tar.gz"))
    assert result.exit_code == 0, result.output
    assert f"exit-en {month}: 0 added, 9 already stored, 1 left out (deleted by HR)" in (
        result.output
    )
    assert "1 left out: deleted by HR." in result.output
    docs = by_id(store)
    assert bad not in docs and "closing" not in docs[blank_me]["answers"]

    # The month lost (a disk, a bad hand edit): the restore puts the backup's month in
    # place whole, and still without what HR removed.
    Path(store.shard_path("exit-en", month)).unlink()
    result = cli("restore", str(tmp_path / "before.tar.gz"))
    assert result.exit_code == 0, result.output
    assert f"exit-en {month}: 9 added, 0 already stored, 1 left out" in result.output
    docs = by_id(store)
    assert len(docs) == 9 and bad not in docs and "closing" not in docs[blank_me]["answers"]
    assert b"Jan de Vries" not in raw(Path(store.directory))


def test_a_new_folder_restored_from_two_backups_in_either_order(app, store, cli, tmp_path):
    """The whole data folder lost: the backup made after the removal holds the list, so
    the older one restored before or after it does not bring the words back."""
    from collector import create_app

    bad = fill(store, MONTH, 6, bad=5)
    assert cli("backup", str(tmp_path / "old.tar")).exit_code == 0
    assert cli("delete-response", bad, "--yes").exit_code == 0
    assert cli("backup", str(tmp_path / "new.tar")).exit_code == 0

    for n, order in enumerate((("new.tar", "old.tar"), ("old.tar", "new.tar"))):
        fresh = create_app({**app.config, "DATA_DIR": tmp_path / f"fresh{n}"})
        runner = fresh.test_cli_runner()
        for name in order:
            result = runner.invoke(args=["restore", str(tmp_path / name)])
            assert result.exit_code == 0, result.output
        kept = fresh.extensions["exit_survey"].store
        assert kept.count("exit-en") == 5 and bad not in by_id(kept)
        assert b"Jan de Vries" not in raw(tmp_path / f"fresh{n}")


def test_the_list_holds_ids_only(store, cli):
    bad = fill(store, MONTH, 4, bad=0)
    other = next(d["id"] for d in store.responses("exit-en") if d["id"] != bad)
    cli("redact", other, "closing", "--yes")
    cli("delete-response", bad, "--yes")
    listed = (Path(store.directory) / "exit-en" / "removed-by-hr").read_text()
    assert sorted(listed.splitlines()) == sorted([f"{bad} deleted", f"{other} blanked closing"])
    assert oct(os.stat(Path(store.directory) / "exit-en" / "removed-by-hr").st_mode)[-3:] == "600"


def test_a_damaged_list_stops_a_restore_rather_than_bring_answers_back(store, cli, tmp_path):
    fill(store, MONTH, 3)
    backup = tmp_path / "copy"
    folder = backup / "responses" / "exit-en"
    folder.mkdir(parents=True)
    (folder / "removed-by-hr").write_text("this is not a list\n")
    result = cli("restore", str(backup))
    assert result.exit_code == 1
    assert "removed-by-hr:1: not a line of HR's list" in result.output


# -- order, times and keys: nothing that dates or places the answer ------------------------


def test_a_closed_month_stays_shuffled_and_keyless(store, cli):
    bad = fill(store, OLD, 40, bad=7)
    store.compact()
    shard = Path(store.shard_path("exit-en", OLD))
    positions = []
    lines_before = shard.read_bytes().splitlines()
    for doc_id in [bad, *[d for d in by_id(store) if d != bad][:4]]:
        assert cli("redact", doc_id, "stay", "--yes").exit_code == 0
        lines = shard.read_bytes().splitlines()
        positions.append(next(i for i, line in enumerate(lines) if doc_id.encode() in line))
        with open(shard, "rb") as f:
            assert is_shuffled(f.fileno(), shard.stat().st_size)
        assert b'"s":"' not in shard.read_bytes()  # no retry key came back
    # A fresh random order each time: the changed line is not put last, first or back
    # where it was, and the others move too (1 in 40! to fail by chance).
    assert len(set(positions)) > 1
    assert shard.read_bytes().splitlines()[:-1] != lines_before[:-1]
    assert store.count("exit-en") == 40


def test_an_open_month_is_left_mixed_with_its_keys(store, cli):
    bad = fill(store, MONTH, 20, bad=19)
    shard = Path(store.shard_path("exit-en", MONTH))
    assert bad.encode() in shard.read_bytes().splitlines()[-1]  # the latest is last, for now
    assert cli("redact", bad, "closing", "--yes").exit_code == 0
    lines = shard.read_bytes().splitlines()
    assert sum(b'"s":"' in line for line in lines) == 20  # every retry key kept
    with open(shard, "rb") as f:
        assert is_mixed(f.fileno(), shard.stat().st_size)


def test_the_rewritten_month_gets_a_ten_minute_mark_as_its_time(store, cli):
    bad = fill(store, MONTH, 5, bad=1)
    shard = Path(store.shard_path("exit-en", MONTH))
    old = shard.stat().st_mtime
    assert cli("delete-response", bad, "--yes").exit_code == 0
    st = shard.stat()
    # Not the second of the latest answer, nor of HR's command: the mark before the old
    # time (retention's clock check reads the months' times, and an old month must not
    # look changed today).
    assert st.st_mtime % 600 == 0 and st.st_atime % 600 == 0
    assert old - 600 < st.st_mtime <= old


# -- durability: a crash at any point, writers at the same time ------------------------------


@pytest.mark.parametrize("where", ["writing", "replacing"])
def test_a_crash_leaves_the_old_month_whole_and_a_second_run_finishes(
    store, cli, monkeypatch, where
):
    bad = fill(store, MONTH, 15, bad=6)
    shard = Path(store.shard_path("exit-en", MONTH))
    content = shard.read_bytes()

    class Crash(BaseException):
        pass

    if where == "writing":
        real = store_order.read_line
        calls = []

        def half_way(*args):
            calls.append(1)
            if len(calls) > 7:
                raise Crash
            return real(*args)

        monkeypatch.setattr(store_order, "read_line", half_way)
    else:  # the new month is complete and fsync'd; the process dies before it is put in
        real_replace = os.replace

        def replace(src, dst):
            if str(dst).endswith(".jsonl"):
                raise Crash
            real_replace(src, dst)

        monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(Crash):
        store_redact.remove(store, store_redact.find(store, bad), frozenset({"closing"}))
    monkeypatch.undo()
    assert shard.read_bytes() == content  # the old month, byte for byte
    assert store.count("exit-en") == 15
    # Listed already: the run again (or a restore) finishes the job.
    assert "blanked closing" in (shard.parent / "removed-by-hr").read_text()
    assert cli("redact", bad, "closing", "--yes").exit_code == 0
    assert "closing" not in by_id(store)[bad]["answers"] and store.count("exit-en") == 15


def test_a_purge_takes_an_interrupted_rewrite_with_it(store):
    fill(store, OLD, 2)
    left = Path(store.shard_path("exit-en", OLD)).with_suffix(".redact")
    left.write_bytes(b"half")
    store.purge(None, "2021-01")
    assert not left.exists()


def test_a_damaged_month_is_left_alone_with_a_clear_error(store, cli):
    bad = fill(store, MONTH, 4, bad=2)
    shard = Path(store.shard_path("exit-en", MONTH))
    lines = shard.read_bytes().splitlines(keepends=True)
    lines[0] = lines[0].replace(b"commute", b"commutE")
    shard.write_bytes(b"".join(lines))
    content = shard.read_bytes()
    result = cli("redact", bad, "closing", "--yes")
    assert result.exit_code == 1 and "is damaged" in result.output
    assert "Repair that first" in result.output
    assert shard.read_bytes() == content


def test_answers_stored_meanwhile_are_kept_once(store):
    """Leavers keep answering (other processes: stores of their own) while HR removes."""
    fill(store, MONTH, 30)
    targets = [d["id"] for d in store.responses("exit-en")][:6]
    acked: list[int] = []
    stop = threading.Event()

    def writer(w: int) -> None:
        with ResponseStore(store.directory) as other:
            n = 0
            while not stop.is_set() or n < 20:
                other.add(
                    "exit-en", record(1000 * w + n), submission_id=uuid.uuid4().hex, month=MONTH
                )
                acked.append(1000 * w + n)
                n += 1

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(1, 4)]
    for t in threads:
        t.start()
    try:
        for i, doc_id in enumerate(targets):
            found = store_redact.find(store, doc_id)
            store_redact.remove(store, found, None if i % 2 else frozenset({"closing"}))
    finally:
        stop.set()
        for t in threads:
            t.join()
    stored = collections.Counter(d["answers"]["stay"] for d in store.responses("exit-en"))
    assert max(stored.values()) == 1
    for n in acked:
        assert stored[f"commute {n}"] == 1
    assert store.count("exit-en") == 30 - 3 + len(acked)
    docs = by_id(store)
    for i, doc_id in enumerate(targets):
        assert (doc_id in docs) == (i % 2 == 0)


def test_a_backup_after_the_removal_keeps_the_retry_key_of_a_deleted_answer(store, cli, tmp_path):
    bad = fill(store, MONTH, 4, bad=0)
    assert cli("delete-response", bad, "--yes").exit_code == 0
    assert cli("backup", str(tmp_path / "b.tar")).exit_code == 0
    Path(store.shard_path("exit-en", MONTH)).unlink()
    (Path(store.directory) / "exit-en" / "removed-by-hr").unlink()
    assert cli("restore", str(tmp_path / "b.tar")).exit_code == 0
    assert store.count("exit-en") == 3
    assert not store.add(
        "exit-en", record(0, ACCUSATION), submission_id=f"sid-{MONTH}-0", month=MONTH
    )
    listed = (Path(store.directory) / "exit-en" / "removed-by-hr").read_text()
    assert listed == f"{bad} deleted\n"  # the list came back with the backup


def test_the_report_made_afterwards_leaves_the_blanked_comment_out(store, cli, tmp_path):
    bad = fill(store, MONTH, 14, bad=3)
    assert cli("report", "exit-en", "--output", str(tmp_path / "before.html")).exit_code == 0
    assert "Jan de Vries" in (tmp_path / "before.html").read_text()
    assert cli("redact", bad, "closing", "--yes").exit_code == 0
    assert cli("report", "exit-en", "--output", str(tmp_path / "after.html")).exit_code == 0
    after = (tmp_path / "after.html").read_text()
    assert "Jan de Vries" not in after and "fine 5" in after
