"""Retention: `flask purge` and COLLECTOR_RETENTION_MONTHS, alone and side by side."""

from __future__ import annotations

import datetime as dt
import logging
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.cli import FlaskGroup
from support.retention import DAY, NOW, date_shards, fill, history, month_after, month_back, on_time

from collector import create_app, retention, retention_clock
from collector.store import ResponseStore
from collector.store_format import closed_before, is_shuffled, next_month_closes

CURRENT = f"{NOW.year:04d}-{NOW.month:02d}"
ROOT = Path(__file__).resolve().parent.parent


def store_of(app) -> ResponseStore:
    return app.extensions["exit_survey"].store


def folder_of(app) -> Path:
    return Path(store_of(app).directory)


def utc(text: str) -> float:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC).timestamp()


def months_from(first: str, last: str) -> list[str]:
    out = [first]
    while out[-1] < last:
        out.append(month_after(out[-1]))
    return out


def logged(caplog) -> list[logging.LogRecord]:
    """What retention logged (not, say, a warning about the built site)."""
    return [record for record in caplog.records if record.module == "retention"]


def retention_app(built_site, tmp_path, months: int = 24):
    """An app whose retention only runs when a test calls it (with its own clock)."""
    app = create_app({"TESTING": True, "OUTPUT_DIR": built_site, "DATA_DIR": tmp_path / "data"})
    app.config["RETENTION_MONTHS"] = months
    return app


@pytest.mark.parametrize(
    ("today", "months", "first_kept"),
    [
        ("2026-03-15", 3, "2025-12"),
        ("2026-01-01", 1, "2025-12"),
        ("2026-12-31", 12, "2025-12"),
        ("2026-05-20", 0, "2026-05"),
        ("2026-05-20", 24, "2024-05"),
    ],
)
def test_cutoff_month(today, months, first_kept):
    assert retention_clock.cutoff_month(months, dt.date.fromisoformat(today)) == first_kept


def test_purge_deletes_whole_months_before_the_last_ones(app):
    store = store_of(app)
    fill(store, {"2020-01": 2, month_back(4): 3, month_back(3): 1, CURRENT: 2})
    fill(store, {"2020-01": 1, CURRENT: 1}, slug="exit-nl")
    result = app.test_cli_runner().invoke(args=["purge", "--older-than", "3", "--yes"])
    assert result.exit_code == 0, result.output
    assert f"Deleted 6 responses filed before {month_back(3)}." in result.output
    assert store.months("exit-en") == sorted({month_back(3), CURRENT})
    assert store.count("exit-en") == 3
    assert store.count("exit-nl") == 1


def test_purge_asks_first(app):
    store = store_of(app)
    fill(store, {"2020-01": 2, CURRENT: 1})
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["purge", "--older-than", "1"], input="n\n")
    assert refused.exit_code == 1
    assert "exit-en: 2020-01" in refused.output and "Nothing was deleted." in refused.output
    assert store.count("exit-en") == 3
    agreed = runner.invoke(args=["purge", "--older-than", "1"], input="y\n")
    assert agreed.exit_code == 0
    assert "Deleted 2 responses" in agreed.output
    assert store.count("exit-en") == 1


def test_purge_with_nothing_to_delete(app):
    fill(store_of(app), {CURRENT: 1})
    result = app.test_cli_runner().invoke(args=["purge", "--older-than", "1"])
    assert result.exit_code == 0
    assert f"Nothing to delete: no responses are filed before {month_back(1)}." in result.output


@pytest.mark.parametrize("args", [[], ["--older-than", "0"], ["--older-than", "many"]])
def test_purge_needs_a_number_of_months(app, args):
    result = app.test_cli_runner().invoke(args=["purge", "--yes", *args])
    assert result.exit_code == 2
    assert "--older-than" in result.output


def test_the_setting_purges_at_start_up(built_site, tmp_path):
    folder = tmp_path / "data" / "responses"
    kept = [month_back(k) for k in (2, 1, 0)]
    with ResponseStore(folder) as store:
        history(store, folder, [month_back(k) for k in (5, 4, 3)] + kept)
        fill(store, {"2020-01": 2})  # restored from a backup with its time (cp -a)
        date_shards(store, folder, {"2020-01": on_time("2020-01")})
    app = create_app(
        {
            "TESTING": True,
            "OUTPUT_DIR": built_site,
            "DATA_DIR": tmp_path / "data",
            "RETENTION_MONTHS": 2,
        }
    )
    assert store_of(app).months("exit-en") == kept


def test_the_setting_purges_again_once_a_day(built_site, tmp_path):
    folder = tmp_path / "data" / "responses"
    with ResponseStore(folder) as store:  # a store in use: answers every month
        history(store, folder, [month_back(k) for k in (3, 2, 1, 0)], slug="exit-nl")
    app = create_app(
        {
            "TESTING": True,
            "OUTPUT_DIR": built_site,
            "DATA_DIR": tmp_path / "data",
            "RETENTION_MONTHS": 1,
        }
    )
    store = store_of(app)
    schedule = app.extensions["exit_survey_retention"]
    # Arrives after start-up: restored from a backup with `cp -a`, which keeps its time.
    fill(store, {"2020-01": 1})
    date_shards(store, folder, {"2020-01": on_time("2020-01")})
    client = app.test_client()
    client.get("/health")
    schedule.task()  # the clean-up thread, at a ten-minute mark
    assert store.count("exit-en") == 1  # not due yet: at most once a day
    schedule.last = time.monotonic() - retention.INTERVAL - 1
    client.get("/health")
    assert store.count("exit-en") == 1  # never in a request: its time would be a leaver's
    schedule.task()
    assert store.count("exit-en") == 0
    fill(store, {"2020-01": 1})
    date_shards(store, folder, {"2020-01": on_time("2020-01")})
    schedule.task()
    assert store.count("exit-en") == 1


def test_no_setting_no_purge(built_site, tmp_path):
    with ResponseStore(tmp_path / "data" / "responses") as store:
        fill(store, {"2020-01": 1})
    app = create_app({"TESTING": True, "OUTPUT_DIR": built_site, "DATA_DIR": tmp_path / "data"})
    assert "exit_survey_retention" not in app.extensions
    app.test_client().get("/health")
    assert store_of(app).count("exit-en") == 1


def test_purges_from_several_workers_at_once_count_each_response_once(built_site, tmp_path):
    """Three 'workers' (own store instances, own threads) purge while leavers answer."""
    data = tmp_path / "data"
    folder = data / "responses"
    with ResponseStore(folder) as store:
        fill(store, {"2020-01": 30, "2020-02": 30, month_back(6): 30})
        date_shards(store, folder, {m: on_time(m) for m in ("2020-01", "2020-02", month_back(6))})
        history(store, folder, [month_back(k) for k in (3, 2, 1)], slug="exit-nl")
    apps = [
        create_app({"TESTING": True, "OUTPUT_DIR": built_site, "DATA_DIR": data}) for _ in range(3)
    ]
    for app in apps:
        app.config["RETENTION_MONTHS"] = 3
    removed: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def purge(app) -> None:
        try:
            start.wait()
            removed.append(retention.apply_retention(app))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    def answer() -> None:
        start.wait()
        with ResponseStore(data / "responses") as store:
            fill(store, {CURRENT: 20})

    threads = [threading.Thread(target=purge, args=(app,)) for app in apps]
    threads.append(threading.Thread(target=answer))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert sum(removed) == 90
    with ResponseStore(data / "responses") as final:
        assert final.months("exit-en") == [CURRENT]
        assert final.count("exit-en") == 20


@pytest.mark.parametrize(
    ("now", "closes"),
    [
        ("2026-11-21T10:00:00", "2026-12-03T00:00:00"),
        ("2026-12-02T23:59:59", "2026-12-03T00:00:00"),  # November is still open
        ("2026-12-03T00:00:00", "2027-01-03T00:00:00"),
        ("2026-12-31T12:00:00", "2027-01-03T00:00:00"),
    ],
)
def test_the_next_month_closes_two_days_after_it_ends(now, closes):
    def utc(text: str) -> float:
        return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC).timestamp()

    assert next_month_closes(utc(now)) == utc(closes)
    assert closed_before(utc(closes)) > closed_before(utc(closes) - 1)


def test_a_running_collector_shuffles_a_month_once_it_has_closed(built_site, tmp_path):
    """A collector that is never restarted must not keep a closed month in arrival order."""
    app = create_app({"TESTING": True, "OUTPUT_DIR": built_site, "DATA_DIR": tmp_path / "data"})
    store = store_of(app)
    fill(store, {"2020-01": 3})  # written in arrival order after start-up
    path = tmp_path / "data" / "responses" / "exit-en" / "2020-01.jsonl"
    assert not shard_is_shuffled(path)
    app.test_client().get("/health")  # any request: the process schedules the shuffle
    deadline = time.monotonic() + 10
    while not shard_is_shuffled(path) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert shard_is_shuffled(path)
    assert store.count("exit-en") == 3


def shard_is_shuffled(path) -> bool:
    with open(path, "rb") as f:
        return is_shuffled(f.fileno(), path.stat().st_size)


# -- a wrong clock must not delete: the clock is checked against the files' times ----------

#: The audit: a store in use until November 2026 (its answers every month), and a clock that
#: says March 2029: with 24 months kept, every month up to February 2027 would go.
IN_USE = months_from("2024-11", "2026-11")
REAL_NOW = utc("2026-11-20T09:00:00")


@pytest.mark.parametrize(
    ("later", "reason"),
    [
        # `faketime '2029-03-01' flask ...`, or a server started with that clock
        ({}, "no response file changed from 2027-03-01 to now (731 days)"),
        # ... that then ran for a day and stored answers under that clock
        (
            {"2029-03": utc("2029-02-28T12:00:00")},
            "from 2027-03-01 to 2029-02-28 (730 days, more than 365)",
        ),
        # ... that shuffled the open month at start-up, as if it had closed
        ({"2026-11": utc("2029-03-01T00:00:05")}, "exit-en/2026-11.jsonl would be deleted"),
    ],
)
def test_a_clock_that_jumped_ahead_deletes_nothing(built_site, tmp_path, caplog, later, reason):
    app = retention_app(built_site, tmp_path, months=24)
    store, folder = store_of(app), folder_of(app)
    history(store, folder, IN_USE, now=REAL_NOW)
    fill(store, dict.fromkeys(later, 1))
    date_shards(store, folder, later)
    months_before, count_before = store.months("exit-en"), store.count("exit-en")
    with caplog.at_level(logging.WARNING):
        removed = retention.apply_retention(app, now=utc("2029-03-01T00:00:10"))
    assert removed == 0
    assert store.months("exit-en") == months_before
    assert store.count("exit-en") == count_before
    [record] = logged(caplog)
    assert record.levelno == logging.ERROR
    message = record.getMessage()
    assert message.startswith(
        "COLLECTOR_RETENTION_MONTHS=24: deleted nothing, because the clock "
        "(2029-03-01 00:00 UTC) may be wrong: "
    )
    assert reason in message
    assert message.endswith(
        "Fix the clock; if it is right, check the list and delete by hand: "
        "flask --app collector purge --older-than 24"
    )


def test_a_clock_that_went_back_deletes_nothing(built_site, tmp_path, caplog):
    app = retention_app(built_site, tmp_path, months=24)
    store, folder = store_of(app), folder_of(app)
    history(store, folder, months_from("2023-01", "2026-02"), now=utc("2026-02-10T00:00:00"))
    with caplog.at_level(logging.WARNING):
        assert retention.apply_retention(app, now=utc("2025-12-15T00:00:00")) == 0
    assert store.months("exit-en")[0] == "2023-01"
    assert "exit-en/2026-02.jsonl was changed on 2026-02-09, after the clock's now" in caplog.text


@pytest.mark.parametrize(
    "changed",
    [
        "2024-01-25T10:00:00",  # its last answer, never shuffled
        "2024-02-03T00:01:00",  # shuffled two days after the month ended
        "2024-02-07T09:00:00",  # shuffled late: the collector was down for a few days
    ],
)
@pytest.mark.parametrize("now", ["2026-02-10T12:00:00", "2026-02-01T00:30:00"])
def test_an_old_month_is_still_purged(built_site, tmp_path, caplog, changed, now):
    app = retention_app(built_site, tmp_path, months=24)
    store, folder = store_of(app), folder_of(app)
    history(store, folder, months_from("2024-01", "2026-02"), now=utc(now), answers={"why": "BOSS"})
    date_shards(store, folder, {"2024-01": utc(changed)})
    with caplog.at_level(logging.INFO):
        assert retention.apply_retention(app, now=utc(now)) == 1
    assert store.months("exit-en") == months_from("2024-02", "2026-02")
    [record] = logged(caplog)
    assert record.levelno == logging.WARNING
    assert record.getMessage() == (
        "COLLECTOR_RETENTION_MONTHS=24: deleted 1 responses filed before 2024-02: exit-en 2024-01"
    )


def test_a_store_with_nothing_since_is_purged_by_hand(built_site, tmp_path, caplog):
    """Only 2024-01 and nothing since: from the files alone, two idle years look exactly like
    a clock two years ahead, so retention asks instead of deleting."""
    app = retention_app(built_site, tmp_path, months=24)
    store, folder = store_of(app), folder_of(app)
    history(store, folder, ["2024-01"], now=utc("2026-02-10T12:00:00"))
    with caplog.at_level(logging.WARNING):
        assert retention.apply_retention(app, now=utc("2026-02-10T12:00:00")) == 0
    assert store.months("exit-en") == ["2024-01"]
    assert (
        "no response file changed from 2024-02-03 to now (738 days, more than 365), in the months kept "
        "(2024-02 on): the clock may have jumped ahead, or nothing was stored for that long"
    ) in caplog.text


def test_a_month_copied_back_without_its_time_is_kept(built_site, tmp_path, caplog):
    now = utc("2026-02-10T12:00:00")
    app = retention_app(built_site, tmp_path, months=24)
    store, folder = store_of(app), folder_of(app)
    history(store, folder, months_from("2024-02", "2026-02"), now=now)
    fill(store, {"2023-05": 2})
    date_shards(store, folder, {"2023-05": now - DAY})  # `cp` without -a: dated today
    with caplog.at_level(logging.WARNING):
        assert retention.apply_retention(app, now=now) == 0
    assert store.count("exit-en") == 2 + 25
    assert (
        "exit-en/2023-05.jsonl would be deleted, but changed on 2026-02-09, after 2024-02 "
        "began: copied back from a backup without their times (cp without -a)"
    ) in caplog.text
    date_shards(store, folder, {"2023-05": on_time("2023-05")})  # as `cp -a` restores it
    assert retention.apply_retention(app, now=now) == 2


def test_flask_commands_other_than_purge_do_not_delete(built_site, tmp_path, monkeypatch, caplog):
    """`flask --app collector export` with the setting on: the export has every month, and
    only the server (here: `flask run`'s first request) purges, saying so."""
    folder = tmp_path / "data" / "responses"
    months = [month_back(k) for k in (4, 3, 2, 1, 0)]
    with ResponseStore(folder) as store:
        history(store, folder, months)
    loaded = []

    def load():
        config = {"OUTPUT_DIR": built_site, "DATA_DIR": tmp_path / "data", "RETENTION_MONTHS": 1}
        loaded.append(create_app({"TESTING": True, **config}))
        return loaded[-1]

    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "false")  # FlaskGroup sets it; undone after
    cli = FlaskGroup(create_app=load, load_dotenv=False, set_debug_flag=False)
    with caplog.at_level(logging.INFO):
        result = CliRunner().invoke(cli, ["export", "exit-en", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert result.stdout.count('"response_id"') == 5  # every month is in the export
    [app] = loaded
    assert store_of(app).months("exit-en") == months
    assert logged(caplog) == []
    with caplog.at_level(logging.INFO):
        app.test_client().get("/health")  # `flask run`: its first request starts the purges
        app.extensions["exit_survey_retention"].task()  # at the next ten-minute mark
    assert store_of(app).months("exit-en") == months[-2:]
    assert [record.levelno for record in logged(caplog)] == [logging.WARNING]


def test_an_automatic_purge_says_so_on_stderr(built_site, tmp_path):
    """A server's start-up purge is a WARNING on stderr (where gunicorn and systemd look),
    with the count and the months, never an answer."""
    folder = tmp_path / "data" / "responses"
    months = [month_back(k) for k in (4, 3, 2, 1, 0)]
    with ResponseStore(folder) as store:
        history(store, folder, months, answers={"why": "SECRET-ANSWER"})
    env = {k: v for k, v in os.environ.items() if not k.startswith("COLLECTOR_")}
    env.update(
        COLLECTOR_OUTPUT_DIR=str(built_site),
        COLLECTOR_DATA_DIR=str(tmp_path / "data"),
        COLLECTOR_RETENTION_MONTHS="1",
    )
    done = subprocess.run(
        [sys.executable, "-c", "from collector import create_app; create_app()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert (
        f"[WARNING] collector: COLLECTOR_RETENTION_MONTHS=1: deleted 3 responses filed before "
        f"{month_back(1)}: exit-en {', '.join(months[:3])}"
    ) in done.stderr
    assert "SECRET-ANSWER" not in done.stderr


def test_purge_by_hand_warns_when_the_files_disagree_with_the_clock(app):
    store = store_of(app)
    fill(store, {"2020-01": 2, CURRENT: 1})  # 2020-01 dated now: as if copied back with cp
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["purge", "--older-than", "1"], input="n\n")
    assert refused.exit_code == 1
    assert refused.stderr.startswith("Warning: the clock may be wrong: it says ")
    assert "exit-en/2020-01.jsonl would be deleted, but changed on " in refused.stderr
    assert store.count("exit-en") == 3
    agreed = runner.invoke(args=["purge", "--older-than", "1", "--yes"])  # the operator's call
    assert agreed.exit_code == 0
    assert "Warning: the clock may be wrong" in agreed.stderr
    assert "Deleted 2 responses" in agreed.stdout
    assert store.count("exit-en") == 1


def test_purge_by_hand_does_not_warn_when_the_files_agree(app):
    store, folder = store_of(app), folder_of(app)
    history(store, folder, [month_back(k) for k in (3, 2, 1, 0)])
    result = app.test_cli_runner().invoke(args=["purge", "--older-than", "1", "--yes"])
    assert result.exit_code == 0
    assert result.stderr == ""
    assert f"Deleted 2 responses filed before {month_back(1)}." in result.stdout


def test_a_quiet_store_is_purged_when_the_collector_checked_the_clock_lately(
    built_site, tmp_path, caplog
):
    """A small company with no leavers for a year: the files alone look like a clock that
    jumped ahead, but the collector's daily check has seen time pass."""
    now = utc("2026-02-10T12:00:00")
    app = retention_app(built_site, tmp_path, months=24)
    store, folder = store_of(app), folder_of(app)
    history(store, folder, ["2024-01"], now=now)
    removed = {}
    with caplog.at_level(logging.WARNING):
        for days_ago in range(400, -1, -1):  # a collector checking every day
            when = now - days_ago * DAY
            removed[retention_clock.day(when)] = retention.apply_retention(app, now=when)
    # Deleted on the first day 2024-01 was more than 24 whole months back, not before.
    assert {day: n for day, n in removed.items() if n} == {"2026-02-01": 1}
    assert store.months("exit-en") == []
    assert [r.levelno for r in logged(caplog)] == [logging.WARNING]


@pytest.mark.parametrize(
    ("jump", "reason"), [(900, "days ago (more than 365)"), (-60, "went back")]
)
def test_a_clock_that_jumps_after_a_check_deletes_nothing_and_moves_no_mark(
    built_site, tmp_path, caplog, jump, reason
):
    app = retention_app(built_site, tmp_path, months=24)
    store, folder = store_of(app), folder_of(app)
    history(store, folder, IN_USE, now=REAL_NOW)
    retention.apply_retention(app, now=REAL_NOW)
    mark = Path(app.config["DATA_DIR"]) / retention_clock.CLOCK_MARK
    assert mark.stat().st_mtime == REAL_NOW
    fill(store, {"2025-01": 1})  # answers stored under the wrong clock: the files move on
    with caplog.at_level(logging.WARNING):
        for day_after in range(3):
            assert retention.apply_retention(app, now=REAL_NOW + (jump + day_after) * DAY) == 0
    if jump > 0:  # said when something would be deleted: here, 2024-11 to 2025-01
        assert reason in caplog.text
        assert "retention last checked the clock on 2026-11-20" in caplog.text
    assert mark.stat().st_mtime == REAL_NOW
    assert store.months("exit-en")[0] == IN_USE[0]
