"""Collector settings from ``COLLECTOR_*`` environment variables, checked at start-up."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

PREFIX = "COLLECTOR_"
DATE_PRECISIONS = ("month", "quarter", "year")


class ConfigError(Exception):
    """A setting has a value the collector cannot use; the message names it and says why."""


def _int(env: Mapping[str, str], name: str, default: int, minimum: int, maximum: int) -> int:
    raw = env.get(PREFIX + name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{PREFIX}{name} must be a whole number, not {raw!r}") from None
    if not minimum <= value <= maximum:
        raise ConfigError(f"{PREFIX}{name} must be between {minimum} and {maximum}, not {value}")
    return value


def _origins(raw: str) -> tuple[str, ...]:
    origins = []
    for item in raw.split(","):
        origin = item.strip().rstrip("/")
        if not origin:
            continue
        if not origin.startswith(("http://", "https://")) or origin.count("/") != 2:
            raise ConfigError(
                f"{PREFIX}ALLOWED_ORIGINS: {origin!r} is not an origin "
                "(write scheme and host only, e.g. https://survey.example.com)"
            )
        origins.append(origin)
    return tuple(origins)


def load_config(env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Read and check every setting; raises ``ConfigError`` with a clear message."""
    env = os.environ if env is None else env
    output_dir = Path(env.get(PREFIX + "OUTPUT_DIR") or "output")
    data_dir = Path(env.get(PREFIX + "DATA_DIR") or "data")
    precision = (env.get(PREFIX + "DATE_PRECISION") or "month").strip().lower()
    if precision not in DATE_PRECISIONS:
        raise ConfigError(
            f"{PREFIX}DATE_PRECISION must be one of {', '.join(DATE_PRECISIONS)}, not {precision!r}"
        )
    templates = [Path(p) for p in (env.get(PREFIX + "TEMPLATES_DIR") or "").split(os.pathsep) if p]
    for folder in templates:
        if not folder.is_dir():
            raise ConfigError(f"{PREFIX}TEMPLATES_DIR: {folder} is not a folder")
    if data_dir.exists() and not data_dir.is_dir():
        raise ConfigError(f"{PREFIX}DATA_DIR: {data_dir} exists and is not a folder")
    return {
        "OUTPUT_DIR": output_dir,
        "DATA_DIR": data_dir,
        "TEMPLATE_DIRS": templates,
        "DATE_PRECISION": precision,
        "ALLOWED_ORIGINS": _origins(env.get(PREFIX + "ALLOWED_ORIGINS", "")),
        # Where the static pages live when they are hosted elsewhere; the thank-you
        # redirect goes there. Empty: this collector serves them.
        "SITE_URL": (env.get(PREFIX + "SITE_URL") or "").rstrip("/"),
        "RATE_LIMIT": _int(env, "RATE_LIMIT", 10, 1, 10_000),
        "RATE_WINDOW": _int(env, "RATE_WINDOW", 600, 1, 86_400),
        "MAX_CONTENT_LENGTH": _int(env, "MAX_REQUEST_BYTES", 64 * 1024, 1024, 10 * 1024 * 1024),
        "TRUSTED_PROXIES": _int(env, "TRUSTED_PROXIES", 0, 0, 5),
        "SECRET_KEY": env.get(PREFIX + "SECRET_KEY") or secrets.token_hex(32),
        "RETENTION_MONTHS": _int(env, "RETENTION_MONTHS", 0, 0, 1200),
    }
