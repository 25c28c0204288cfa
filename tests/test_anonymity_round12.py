"""Round 12 forensic audit: what a copy of the data folder tells about an open month.

The current month's shard is an append log. Left in arrival order, its tail lines up with
the exact seconds the rate limits keep in ``limits/`` for ten minutes (and with a double
press's token there), which dates each recent answer to the second. So soon after answers
come in, the open month is rewritten in random order, keeping its retry keys.
"""

from __future__ import annotations

import json
import time
import uuid

import pytest
from support.file_order import file_order

from collector.store import MIX_SECONDS, ResponseStore, next_mix
from collector.store_format import is_shuffled, submission_key
from collector.store_order import shuffle_shard

pytestmark = pytest.mark.mixing

MONTH = time.strftime("%Y-%m", time.gmtime())  # the current month: open


def test_the_open_month_is_not_left_in_arrival_order(tmp_path, scheduled):
    data = tmp_path / "data"
    with ResponseStore(data) as store:
        sids = [uuid.uuid4().hex for _ in range(40)]
        before = time.time()
        for n, sid in enumerate(sids):
            store.add("exit-en", {"n": n}, submission_id=sid, month=MONTH)
        assert file_order(data, "exit-en", MONTH) == list(range(40))  # as it arrived

        # Mixing is due at the next slot boundary, never at a time tied to the answer.
        task, at = scheduled[-1]
        assert at % MIX_SECONDS == 0 and before < at <= before + MIX_SECONDS + 1
        task()

        order = file_order(data, "exit-en", MONTH)
        assert sorted(order) == list(range(40))
        assert order != list(range(40))  # 1 in 40! to fail by chance
        assert store.count("exit-en") == 40
        # The retry keys stay: an answer resent after the mix is still stored once.
        assert store.add("exit-en", {"n": 0}, submission_id=sids[0], month=MONTH) is False
        assert store.count("exit-en") == 40


def test_a_new_answer_after_the_mix_is_mixed_in_again(tmp_path, scheduled):
    data = tmp_path / "data"
    with ResponseStore(data) as store:
        for n in range(30):
            store.add("exit-en", {"n": n}, submission_id=uuid.uuid4().hex, month=MONTH)
        assert store.mix() == 1
        assert store.mix() == 0  # nothing new: no rewrite, the file's times stay
        store.add("exit-en", {"n": "late"}, submission_id=uuid.uuid4().hex, month=MONTH)
        assert file_order(data, "exit-en", MONTH)[-1] == "late"  # last, until mixed
        assert store.mix() == 1
        order = file_order(data, "exit-en", MONTH)
        assert len(order) == 31 and "late" in order
        assert [doc["n"] for doc in store.responses("exit-en")].count("late") == 1


def test_a_mixed_month_is_still_shuffled_without_keys_once_it_closes(tmp_path, scheduled):
    data = tmp_path / "data"
    old = "2020-01"
    with ResponseStore(data) as store:
        sid = uuid.uuid4().hex
        store.add("exit-en", {"n": 1}, submission_id=sid, month=old)
        slug_log = store.slug_log("exit-en", create=False)
        assert shuffle_shard(slug_log, old, keep_keys=True)
        key = f"{submission_key('exit-en', sid):022x}".encode()
        assert key in (data / "exit-en" / f"{old}.jsonl").read_bytes()

        assert store.compact() == 1
        raw = (data / "exit-en" / f"{old}.jsonl").read_bytes()
        assert key not in raw  # the closed month no longer ties a browser to its answer
        with open(data / "exit-en" / f"{old}.jsonl", "rb") as f:
            assert is_shuffled(f.fileno(), len(raw))
        assert store.count("exit-en") == 1


def test_slots_are_a_fixed_grid():
    assert next_mix(0) == MIX_SECONDS
    assert next_mix(MIX_SECONDS - 0.5) == MIX_SECONDS
    assert next_mix(MIX_SECONDS) == 2 * MIX_SECONDS


def test_the_token_kept_beside_a_second_cannot_find_the_answer_without_the_key(
    app, client, tmp_path
):
    """A post without JavaScript gets a random token, kept for ten minutes in limits/
    beside the exact second it came in. The store got the token itself as the answer's
    submission id, so anyone with a copy of the folder could compute its retry key and
    date that answer to the second (24 of 24 in the forensic run)."""
    from support.posts import VOLUNTARY

    assert client.post("/submit/exit-en", data=VOLUNTARY).status_code == 303
    data = tmp_path / "data"
    tokens = [
        int(line.rsplit(":", 1)[1])
        for path in (data / "limits" / "repeats").rglob("*")
        if path.is_file()
        for line in path.read_text().splitlines()
        if line.rsplit(":", 1)[-1].isdigit()
    ]
    assert tokens  # the token is kept: a second press is still recognised
    keys = {
        json.loads(line[9:]).get("s")
        for shard in (data / "responses" / "exit-en").glob("*.jsonl")
        for line in shard.read_bytes().splitlines()
    }
    keys.discard(None)
    assert len(keys) == 1  # stored once, under a retry key
    for token in tokens:
        for guess in (f"no-script-{token:016x}", f"{token:016x}", str(token)):
            assert f"{submission_key('exit-en', guess):022x}" not in keys
