"""The report's settings: the smallest groups it shows and whether it updates in steps.

Read from the app config or the environment (``COLLECTOR_REPORT_*``), so that the command
line, which may run without the collector's config, checks them the same way.
"""

from __future__ import annotations

import os
from typing import Any

from .config import HIGHEST_GROUP, LOWEST_GROUP, PREFIX, REPORT_UPDATES, ConfigError

MIN_GROUP, MIN_TEXT_GROUP = 5, 10


def in_steps(config: Any) -> bool:
    """Whether responses join the report in steps (``COLLECTOR_REPORT_UPDATES=in-steps``)."""
    raw = config.get("REPORT_UPDATES") or os.environ.get(PREFIX + "REPORT_UPDATES") or "live"
    value = str(raw).strip().lower()
    if value not in REPORT_UPDATES:
        raise ConfigError(
            f"{PREFIX}REPORT_UPDATES must be one of {', '.join(REPORT_UPDATES)}, not {raw!r}"
        )
    return value == "in-steps"


def settings(config: Any) -> tuple[int, int]:
    """(k, k for comments) from the app config or ``COLLECTOR_REPORT_MIN_*``; ConfigError if bad."""
    k = _setting(config, "REPORT_MIN_GROUP", MIN_GROUP)
    return k, max(k, _setting(config, "REPORT_MIN_TEXT_GROUP", MIN_TEXT_GROUP))


def _setting(config: Any, name: str, default: int) -> int:
    raw = config.get(name)
    if raw is None:
        raw = os.environ.get(PREFIX + name)
    if raw is None or str(raw).strip() == "":
        return default
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise ConfigError(f"{PREFIX}{name} must be a whole number, not {raw!r}") from None
    if not LOWEST_GROUP <= value <= HIGHEST_GROUP:
        raise ConfigError(
            f"{PREFIX}{name} must be at least {LOWEST_GROUP} (smaller groups identify people, "
            f"and leavers are told no group of fewer than {LOWEST_GROUP} is shown), not {value}"
        )
    return value
