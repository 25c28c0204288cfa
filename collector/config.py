"""Collector settings from ``COLLECTOR_*`` environment variables, checked at start-up.

Every setting is read and checked here, and every problem is reported, not only the first
(as MkDocs does with its config): an operator fixes them all in one go. Each message names
the variable, the value it has and what it may be.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .hosts import ipv6_literal
from .web_address import web_address

PREFIX = "COLLECTOR_"
DATE_PRECISIONS = ("month", "quarter", "year")
#: When a response joins the report: at once, or in steps (collector/report_steps.py).
REPORT_UPDATES = ("live", "in-steps")
#: The report never shows a group smaller than this, and no minimum above the highest.
#: Five, because that is what leavers are told: the example questionnaires' privacy
#: statements, the authoring guide's wording for them and the README all say "never a group
#: of fewer than five people". The statement is HR's text, built into static pages that may
#: be served elsewhere, so it cannot follow the setting; a smaller setting would make it
#: untrue without anyone noticing, and is refused at start-up instead.
LOWEST_GROUP, HIGHEST_GROUP = 5, 100_000
MIN_SECRET_LENGTH = 16
#: Settings of ``build.py`` with the same prefix: a shared environment file may hold them.
BUILD_SETTINGS = frozenset({"PUBLIC_URL"})
#: Every setting, without the prefix: anything else with the prefix is probably a typo.
KNOWN = frozenset(
    {
        "OUTPUT_DIR",
        "DATA_DIR",
        "DATE_PRECISION",
        "ALLOWED_ORIGINS",
        "ALLOWED_HOSTS",
        "SITE_URL",
        "RATE_LIMIT",
        "RATE_WINDOW",
        "MAX_REQUEST_BYTES",
        "TRUSTED_PROXIES",
        "TEMPLATES_DIR",
        "SECRET_KEY",
        "RETENTION_MONTHS",
        "REPORT_MIN_GROUP",
        "REPORT_MIN_TEXT_GROUP",
        "REPORT_UPDATES",
        "ADMIN_SESSION_MINUTES",
    }
)

#: Host names the collector always answers to once it checks Host: a health check or
#: ``curl`` on the machine itself. A DNS rebinding page cannot send them (its requests
#: carry the attacker's name).
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "[::1]")
#: A host name or IPv4 address, lower case and IDNA-encoded; a leading dot also takes
#: every subdomain (werkzeug's ``trusted_hosts`` convention).
_HOST = re.compile(r"\.?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*")


class ConfigError(Exception):
    """Settings the collector cannot use; one line per problem, each naming the variable."""

    def __init__(self, problems: str | list[str]) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


class _Reader:
    """Reads settings from ``env`` and collects the problems instead of stopping at one."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self.env = env
        self.problems: list[str] = []

    def raw(self, name: str) -> str:
        # strip(): a '\r' from an environment file saved on Windows is not part of the value.
        value = (self.env.get(PREFIX + name) or "").strip()
        if len(value) > 1 and value[0] == value[-1] and value[0] in "'\"":
            # systemd and shells take the quotes off; docker --env-file and `env $(cat f)`
            # pass them on, and '"/var/lib/x"' would be a folder of that name in the
            # working directory.
            problem = (
                f"{PREFIX}{name} is {value!r}, quotes included: the tool that read your "
                "environment file kept them; write the value without quotes"
            )
            if problem not in self.problems:
                self.problems.append(problem)
            return value[1:-1].strip()
        return value

    def integer(self, name: str, default: int, minimum: int, maximum: int) -> int:
        return self._whole_number(
            name,
            default,
            range(minimum, maximum + 1),
            f"a whole number from {minimum} to {maximum}",
            f"between {minimum} and {maximum}",
        )

    def group_size(self, name: str, default: int) -> int:
        """A smallest group for the report; the wording matches the report's own check."""
        return self._whole_number(
            name,
            default,
            range(LOWEST_GROUP, HIGHEST_GROUP + 1),
            f"a whole number of at least {LOWEST_GROUP}",
            f"at least {LOWEST_GROUP} (smaller groups identify people, and leavers are told "
            f"no group of fewer than {LOWEST_GROUP} is shown) and at most {HIGHEST_GROUP}",
        )

    def _whole_number(self, name: str, default: int, allowed: range, kind: str, bounds: str) -> int:
        """The setting as a number in ``allowed``; ``default`` when unset or wrong (a wrong
        value is noted as a problem: 'must be {kind}, not ...' or 'must be {bounds}, ...')."""
        raw = self.raw(name)
        if not raw:
            return default
        try:
            value = int(raw)
        except ValueError:
            self.problems.append(f"{PREFIX}{name} must be {kind}, not {raw!r}")
            return default
        if value not in allowed:
            self.problems.append(f"{PREFIX}{name} must be {bounds}, not {value}")
            return default
        return value

    def choice(self, name: str, default: str, allowed: tuple[str, ...]) -> str:
        value = self.raw(name).lower() or default
        if value not in allowed:
            self.problems.append(
                f"{PREFIX}{name} must be one of {', '.join(allowed)}, not {self.raw(name)!r}"
            )
            return default
        return value

    def origins(self) -> tuple[str, ...]:
        found = []
        for item in self.raw("ALLOWED_ORIGINS").split(","):
            origin = item.strip().rstrip("/")
            if not origin:
                continue
            if origin.lower() == "null":
                # What a sandboxed frame or a file:// page sends: any site can send it too.
                found.append("null")
                continue
            if not origin.startswith(("http://", "https://")) or origin.count("/") != 2:
                self.problems.append(
                    f"{PREFIX}ALLOWED_ORIGINS: {origin!r} is not an origin "
                    "(write scheme and host only, e.g. https://survey.example.com)"
                )
                continue
            # Browsers send the scheme and host in lower case: 'https://Survey.Example.com'
            # would never match.
            found.append(origin.lower())
        return tuple(found)

    def allowed_hosts(self) -> tuple[str, ...]:
        """The host names requests may be for; empty: any host.

        Unset: the host of ``COLLECTOR_PUBLIC_URL`` when a shared environment file gives
        the collector its own address, else any host, as before the setting existed.
        """
        raw = self.raw("ALLOWED_HOSTS")
        items = [item.strip() for item in raw.split(",") if item.strip()]
        if not items:
            public = self._public_host()
            return (public, *LOOPBACK_HOSTS) if public else ()
        if items == ["*"]:
            return ()
        if "*" in items:
            self.problems.append(
                f"{PREFIX}ALLOWED_HOSTS: '*' answers any host, so give either '*' alone or "
                "host names, not both"
            )
        found = [self._host(item) for item in items if item != "*"]
        return tuple(dict.fromkeys([*filter(None, found), *LOOPBACK_HOSTS]))

    def _host(self, item: str) -> str:
        """One entry of ``COLLECTOR_ALLOWED_HOSTS`` as ``hosts.py`` compares it; '' if wrong."""
        name = f"{PREFIX}ALLOWED_HOSTS"
        value = item.lower()
        if "://" in value or "/" in value:
            why = "is an address, not a host name: write the name only, e.g. survey.example.com"
        elif value.startswith("*."):
            why = f"is a pattern: write {value[1:]!r} for {value[2:]!r} and all its subdomains"
        elif value.startswith("["):
            bracketed, close, port = value.partition("]")
            address = ipv6_literal(bracketed + close)
            if address and re.fullmatch(r":[0-9]+", port):
                why = f"has a port: write {address!r} (any port is accepted)"
            elif address and not port:
                return address
            else:
                why = (
                    "is not an IPv6 address in brackets (write it like [2001:db8::5] or "
                    "[::1], without a zone such as %eth0)"
                )
        elif value.count(":") > 1:
            # Unbracketed, '2001:db8::5:8000' could be an address or one with a port.
            shown = f"[{value}]" if ipv6_literal(f"[{value}]") else "[2001:db8::5]"
            why = f"is an IPv6 address without brackets: write it as in a web address, {shown!r}"
        elif ":" in value:
            why = f"has a port: write {value.split(':')[0]!r} (any port is accepted)"
        else:
            dot = "." if value.startswith(".") else ""
            try:
                value = dot + value.removeprefix(dot).encode("idna").decode("ascii")
            except UnicodeError:
                value = ""
            if _HOST.fullmatch(value):
                return value
            why = (
                "is not a host name (letters, digits, '-' and '.', e.g. survey.example.com "
                "or 10.0.0.5, or an IPv6 address in brackets; a leading '.' takes all "
                "subdomains too)"
            )
        self.problems.append(f"{name}: {item!r} {why}")
        return ""

    def _public_host(self) -> str:
        """The host of ``COLLECTOR_PUBLIC_URL`` (the build's address of this collector)."""
        raw = self.raw("PUBLIC_URL")
        if not raw:
            return ""
        parts, problem = web_address(raw)
        if parts is None:
            self.problems.append(f"{PREFIX}PUBLIC_URL: {problem}")
            return ""
        host = parts.hostname or ""
        if ":" in host:  # urlsplit gives an IPv6 address without its brackets
            return ipv6_literal(f"[{host}]") or ""
        host = host.encode("idna").decode("ascii")
        return host if _HOST.fullmatch(host) else ""

    def site_url(self) -> str:
        """Where the static pages live when hosted elsewhere; empty: this collector serves them."""
        raw = self.raw("SITE_URL")
        if not raw:
            return ""
        parts, problem = web_address(raw)
        if parts is None:
            self.problems.append(f"{PREFIX}SITE_URL: {problem}")
            return ""
        return raw.rstrip("/")

    def folders(self, name: str) -> list[Path]:
        found = [Path(p) for p in self.raw(name).split(os.pathsep) if p]
        for folder in found:
            if not folder.is_dir():
                self.problems.append(
                    f"{PREFIX}{name}: {str(folder)!r} is not a folder (give existing "
                    f"folders, separated by {os.pathsep!r})"
                )
        return [f for f in found if f.is_dir()]

    def folder(self, name: str, default: str) -> Path:
        """A folder that may not exist yet; a file in its place is a mistake."""
        raw = self.raw(name)
        if not raw and PREFIX + name in self.env:
            # Set, but to nothing: an environment file or compose template whose variable
            # was never filled in. The default, a folder relative to wherever the server
            # happens to start, would take the answers somewhere no backup looks.
            self.problems.append(
                f"{PREFIX}{name} is set but empty: give the folder, or remove the setting "
                f"to use {default!r} in the working directory"
            )
        path = Path(raw or default)
        if path.exists() and not path.is_dir():
            self.problems.append(
                f"{PREFIX}{name}: {str(path)!r} exists and is not a folder (give a folder)"
            )
        return path

    def secret(self) -> str:
        raw = self.env.get(PREFIX + "SECRET_KEY") or ""
        if raw and len(raw.strip()) < MIN_SECRET_LENGTH:
            self.problems.append(
                f"{PREFIX}SECRET_KEY must be a random text of at least {MIN_SECRET_LENGTH} "
                f"characters, not one of {len(raw.strip())} (leave it unset and the collector "
                "makes one)"
            )
        # Replaced by the key kept in the data folder when unset (see auth.load_secret_key).
        return raw or secrets.token_hex(32)


def load_config(env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Read and check every setting; raises ``ConfigError`` listing every problem."""
    read = _Reader(os.environ if env is None else env)
    config = {
        "OUTPUT_DIR": read.folder("OUTPUT_DIR", "output"),
        "DATA_DIR": read.folder("DATA_DIR", "data"),
        "TEMPLATE_DIRS": read.folders("TEMPLATES_DIR"),
        "DATE_PRECISION": read.choice("DATE_PRECISION", "month", DATE_PRECISIONS),
        "ALLOWED_ORIGINS": read.origins(),
        # Flask's own Host check (3.1+): a request for another host is a 400 (hosts.py).
        "ALLOWED_HOSTS": read.allowed_hosts(),
        # Where the thank-you redirect goes when the pages are hosted elsewhere.
        "SITE_URL": read.site_url(),
        "RATE_LIMIT": read.integer("RATE_LIMIT", 10, 1, 10_000),
        "RATE_WINDOW": read.integer("RATE_WINDOW", 600, 1, 86_400),
        "MAX_CONTENT_LENGTH": read.integer("MAX_REQUEST_BYTES", 64 * 1024, 1024, 10 * 1024 * 1024),
        "TRUSTED_PROXIES": read.integer("TRUSTED_PROXIES", 0, 0, 5),
        "SECRET_KEY": read.secret(),
        "RETENTION_MONTHS": read.integer("RETENTION_MONTHS", 0, 0, 1200),
        "ADMIN_SESSION_MINUTES": read.integer("ADMIN_SESSION_MINUTES", 30, 5, 720),
        "REPORT_MIN_GROUP": read.group_size("REPORT_MIN_GROUP", 5),
        "REPORT_MIN_TEXT_GROUP": read.group_size("REPORT_MIN_TEXT_GROUP", 10),
        "REPORT_UPDATES": read.choice("REPORT_UPDATES", "live", REPORT_UPDATES),
    }
    if read.problems:
        raise ConfigError(read.problems)
    # The pages at SITE_URL post here: forgetting to list their site as well refused
    # every leaver's answers (403), with the script or without.
    site = urlsplit(config["SITE_URL"])
    origin = f"{site.scheme}://{site.netloc}".lower()
    if config["SITE_URL"] and origin not in config["ALLOWED_ORIGINS"]:
        config["ALLOWED_ORIGINS"] = (*config["ALLOWED_ORIGINS"], origin)
    return config


def unknown_settings(env: Mapping[str, str] | None = None) -> list[str]:
    """``COLLECTOR_*`` variables the collector does not know: most likely a typo."""
    env = os.environ if env is None else env
    known = KNOWN | BUILD_SETTINGS
    return sorted(k for k in env if k.startswith(PREFIX) and k[len(PREFIX) :] not in known)
