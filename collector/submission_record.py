"""What is kept of a submission besides its answers: a coarse date and a submission id.

Both are chosen so that a stored response gives away as little as it can: the date is a
month, quarter or year, and the id either comes from the page (random, made by its
script) or, for a post without JavaScript, is a keyed token that the addresses kept for
the repeat check cannot be matched to.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from collections.abc import Mapping

from .rate_limit import RateLimiter

#: A submission id as the page's script makes it; anything else is not taken from a post.
SUBMISSION_ID = re.compile(r"^[A-Za-z0-9-]{16,64}$")
#: Seconds in which the same answers from the same browser, posted without a submission
#: id, count as one: a second press on Send without JavaScript while the first post is
#: under way. Short, because leavers who share an address (an office's wifi, one proxy)
#: and give the same answers are told their answers were kept: within the window, the
#: second one's is not (docs/storage.md, "Posts without JavaScript"). A sent post is
#: answered with a redirect (303) to the thank-you page, so a reload cannot send it again.
REPEAT_WINDOW = 60

#: Request headers a browser sends the same on both presses and that often differ between
#: two people's phones: mixed into the repeat check's keyed hash, never stored.
BROWSER_HEADERS = ("User-Agent", "Accept-Language")


def coarse_date(precision: str, today: dt.date | None = None) -> tuple[str, str]:
    """(the date stored with a response, the month its shard is filed under).

    Only the month, quarter or year is kept: an exact time, next to a department and a
    leaving date, identifies a person. A quarter or a year is filed under its *last*
    month, so that its file counts as closed (shuffled, retry keys dropped) and as old
    enough to purge only once the whole period is over, never while answers still come in.
    """
    today = today or dt.datetime.now(dt.UTC).date()
    if precision == "year":
        return f"{today.year}", f"{today.year}-12"
    if precision == "quarter":
        quarter = (today.month - 1) // 3
        return f"{today.year}-Q{quarter + 1}", f"{today.year}-{quarter * 3 + 3:02d}"
    return f"{today.year}-{today.month:02d}", f"{today.year}-{today.month:02d}"


def sender(address: str, headers: Mapping[str, str]) -> str:
    """Who a post without JavaScript comes from, as far as the repeat check can tell: the
    client's address and its browser's ``BROWSER_HEADERS``. Behind one office address two
    leavers on different phones or browsers are two senders; a second press in the same
    browser is the same one."""
    return "\0".join([address, *(headers.get(name, "") for name in BROWSER_HEADERS)])


def submission_id(
    raw: dict[str, list[str]], repeats: RateLimiter, sender: str, record: dict
) -> str:
    """The id the store keeps ``record`` under: the page's ``_submission`` when it sent a
    well-formed one, else one made for a post without JavaScript from ``sender``."""
    posted = (raw.get("_submission") or [""])[0]
    if SUBMISSION_ID.match(posted):
        return posted
    return _id_without_javascript(repeats, sender, record)


def _id_without_javascript(repeats: RateLimiter, sender: str, record: dict) -> str:
    """A submission id for a post without one (no JavaScript on the page).

    A second press on Send while the first post is under way would otherwise store the
    answers twice: the same answers from the same sender within ``REPEAT_WINDOW`` of the
    first get the same id, and the store's own check for a resent id keeps them once,
    whichever press gets there first and whether or not the other one failed or its
    worker died. The id is random, kept for the window only beside a keyed hash of the
    sender and the answers in limits/ (like the rate limit); the store never sees the
    sender. What the
    store gets is the token under the secret key, so that limits/, which holds the second
    each token was given, cannot be matched to a stored answer without the key.
    """
    # Not the record's date: a second press just after midnight UTC on the last day of a
    # month (quarter, year) is dated in the next one, and with the date in the hash it got
    # an id of its own and was stored twice, once in each month. The store's check for a
    # resent id looks in the month before too (docs/storage.md), so one id is enough.
    same = {field: value for field, value in record.items() if field != "date"}
    token = repeats.token(f"{sender}\0{json.dumps(same, sort_keys=True)}")
    if token is None:  # cannot be kept (a full disk): store it, perhaps twice
        return uuid.uuid4().hex
    return f"no-script-{repeats.keyed(token)}"
