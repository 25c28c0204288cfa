"""Retention: `flask purge` and COLLECTOR_RETENTION_MONTHS, alone and side by side."""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid

import pytest

from collector import create_app, retention
from collector.store import ResponseStore
from collector.store_format import closed_before, is_shuffled, next_month_closes

NOW = dt.datetime.now(dt.UTC).date()
CURRENT = f"{NOW.year:04d}-{NOW.month:02d}"


def month_back(months: int) -> str:
    return retention.cutoff_month(months, NOW)


def fill(store: ResponseStore, counts: dict[str, int], slug: str = "exit-en") -> None:
    for month, count in counts.items():
        for _ in range(count):
            record = {"form": slug, "language": "en", "date": month, "answers": {}}
            store.add(slug, record, submission_id=uuid.uuid4().hex, month=month)


def store_of(app) -> ResponseStore:
    return app.extensions["exit_survey"].store


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
    assert retention.cutoff_month(months, dt.date.fromisoformat(today)) == first_kept


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
    assert "exit-en: 2020-01" in refused.output and "Aborted" in refused.output
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
    with ResponseStore(tmp_path / "data" / "responses") as store:
        fill(store, {"2020-01": 2, month_back(2): 1, CURRENT: 1})
    app = create_app(
        {
            "TESTING": True,
            "OUTPUT_DIR": built_site,
            "DATA_DIR": tmp_path / "data",
            "RETENTION_MONTHS": 2,
        }
    )
    assert store_of(app).months("exit-en") == sorted({month_back(2), CURRENT})


def test_the_setting_purges_again_once_a_day(built_site, tmp_path):
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
    fill(store, {"2020-01": 1})  # arrives after start-up (say, restored from a backup)
    client = app.test_client()
    client.get("/health")
    assert store.count("exit-en") == 1  # not due yet: at most once a day
    schedule.last = time.monotonic() - retention.INTERVAL - 1
    client.get("/health")
    assert store.count("exit-en") == 0
    fill(store, {"2020-01": 1})
    client.get("/health")
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
    with ResponseStore(data / "responses") as store:
        fill(store, {"2020-01": 30, "2020-02": 30, month_back(6): 30})
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
