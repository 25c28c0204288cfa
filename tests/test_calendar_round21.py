"""Round 21: the calendar and the clock, as an operator whose servers live in odd places.

Answers are dated by the UTC month; the clean-up thread works on the wall clock's
ten-minute grid while it waits on the monotonic clock. What broke: a clock stepped back
(an NTP correction) left the open month in arrival order for as long as the step; a second
press on Send without JavaScript across midnight at a month's end was stored twice; and an
export downloaded from the HR area was named for the server's local day, not the UTC day
the report's download and the answers' months use.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import time
import types
import uuid

import pytest
from support.hr_area import login, set_password

import collector.store as store_module
import collector.submit as submit_module
from collector import sweeper
from collector.store import ResponseStore

DAY = 86_400


def last_line(path) -> dict:
    return json.loads(path.read_bytes().splitlines()[-1][9:])


@pytest.mark.mixing
@pytest.mark.slow
def test_a_clock_stepped_back_a_day_still_mixes_the_open_month_at_the_next_mark(
    tmp_path, monkeypatch
):
    """The server's clock ran a day ahead; NTP puts it right just after answers came in.
    Those answers are mixed at the next mark of the corrected clock, not a day later."""
    grid = 4
    monkeypatch.setattr(store_module, "MIX_SECONDS", grid)
    monkeypatch.setattr(sweeper, "MARK_SECONDS", grid)
    monkeypatch.setattr(sweeper, "_sweeper", sweeper.Sweeper())  # a thread of our own
    ahead = [DAY]
    wall = types.SimpleNamespace(time=lambda: time.time() + ahead[0], monotonic=time.monotonic)
    monkeypatch.setattr(sweeper, "time", wall)
    monkeypatch.setattr(store_module, "time", wall)

    month = time.strftime("%Y-%m", time.gmtime())  # open by either clock
    shard = tmp_path / "data" / "exit-en" / f"{month}.jsonl"
    with ResponseStore(tmp_path / "data") as store:
        while wall.time() % grid > 1:  # early in a slot: its mark is still ahead
            time.sleep(0.05)
        for n in range(3):
            store.add("exit-en", {"n": n}, submission_id=uuid.uuid4().hex, month=month)
        ahead[0] = 0  # the clock steps back a day, before the mark
        assert "r" in last_line(shard)  # in arrival order until the mix

        deadline = time.monotonic() + 60  # a day without the fix
        while "r" in last_line(shard) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert last_line(shard) == {"m": "mixed", "n": 3}
        assert store.count("exit-en") == 3


def post_without_javascript(client, app, slug: str):
    """What a browser without the page's script sends: no submission id."""
    version = app.extensions["exit_survey"].forms.current(slug).version
    data = {"_version": version, "departure": "voluntary", "recommend": "8"}
    return client.post(f"/submit/{slug}", data=data)


@pytest.mark.parametrize(
    ("precision", "first", "second"),
    [
        ("month", dt.date(2026, 1, 31), dt.date(2026, 2, 1)),
        ("quarter", dt.date(2026, 12, 31), dt.date(2027, 1, 1)),
        ("year", dt.date(2026, 12, 31), dt.date(2027, 1, 1)),
    ],
)
def test_a_second_press_without_javascript_across_midnight_is_stored_once(
    app, client, monkeypatch, precision, first, second
):
    """Send pressed twice, seconds apart, as the month (quarter, year) ends in UTC."""
    app.config["DATE_PRECISION"] = precision
    day = [first]
    real = submit_module.coarse_date
    monkeypatch.setattr(submit_module, "coarse_date", lambda p, today=None: real(p, day[0]))

    assert post_without_javascript(client, app, "exit-en").status_code == 303
    day[0] = second
    assert post_without_javascript(client, app, "exit-en").status_code == 303

    store = app.extensions["exit_survey"].store
    assert store.count("exit-en") == 1
    # A different answer from the same address is a different leaver's: stored.
    version = app.extensions["exit_survey"].forms.current("exit-en").version
    other = {"_version": version, "departure": "dismissed", "recommend": "2"}
    assert client.post("/submit/exit-en", data=other).status_code == 303
    assert store.count("exit-en") == 2


@pytest.fixture
def far_zone(monkeypatch):
    """A server time zone whose date differs from UTC's now: Kiritimati (UTC+14) from
    10:00 UTC, Pago Pago (UTC-11) before 11:00 UTC."""
    zone = "Pacific/Kiritimati" if time.gmtime().tm_hour >= 10 else "Pacific/Pago_Pago"
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    yield zone
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize("kind", ["csv", "xlsx", "codebook"])
def test_an_export_from_the_hr_area_is_named_for_the_utc_day(app, client, far_zone, kind):
    assert set_password(app).exit_code == 0
    login(client)
    before = dt.datetime.now(dt.UTC).date().isoformat()
    response = client.get(f"/admin/download/exit-en/{kind}")
    after = dt.datetime.now(dt.UTC).date().isoformat()
    disposition = response.headers["Content-Disposition"]
    response.close()
    assert response.status_code == 200
    name = re.search(r'filename="?([^";]+)', disposition).group(1)
    local = dt.date.today().isoformat()
    assert local not in (before, after), far_zone  # the zone does what the test needs
    assert name.startswith((f"exit-en-{before}-", f"exit-en-{after}-")), name
    assert os.environ["TZ"] == far_zone
