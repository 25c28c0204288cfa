"""One reading of an http(s) address, for ``build.py --collector-url`` and the collector.

The build writes ``--collector-url`` (or ``COLLECTOR_PUBLIC_URL``, from an environment file
the collector may share) into every form; the collector reads the same variable for its
host name, and ``COLLECTOR_SITE_URL`` for its thank-you redirect. One check, with one set
of messages: an address the build took and the collector then refused (or the other way
round) only showed up as a collector that would not start, or forms that post nowhere.
"""

from __future__ import annotations

from urllib.parse import SplitResult, urlsplit

EXAMPLE = "https://survey.example.com"


def web_address(raw: str) -> tuple[SplitResult | None, str]:
    """``raw`` (already stripped) split, and '' ; or None and what is wrong with it, as
    "'raw' is not a web address: why (write it like https://survey.example.com)"."""
    why = _why_not(raw)
    if why:
        return None, f"{raw!r} is not a web address: {why} (write it like {EXAMPLE})"
    return urlsplit(raw), ""


def _why_not(raw: str) -> str:
    if len(raw) > 1 and raw[0] == raw[-1] and raw[0] in "'\"":
        return "it has quotes around it"
    if any(c.isspace() for c in raw):
        return "it has a space in it"
    try:
        parts = urlsplit(raw)
    except ValueError:  # an unclosed '[' of an IPv6 address
        return "its host is not a host name or an address"
    if parts.scheme not in ("http", "https"):
        return "it does not start with https:// or http://"
    if not parts.hostname:
        return "it has no host after the //"
    if parts.username is not None or parts.password is not None:
        # Built into every page, a password would be there for anyone to read.
        return "it has a user name or password in it; give the address only"
    if parts.query or parts.fragment or raw.endswith(("?", "#")):
        return "it has a '?' or '#' part; give the address only"
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0 and parts.netloc.rsplit("]", 1)[-1].count(":"):
        return "its port is not a number from 1 to 65535"
    if ":" not in parts.hostname:  # urlsplit has checked a bracketed IPv6 address
        try:
            parts.hostname.encode("idna")
        except UnicodeError:
            return "its host is not a host name or an address"
    return ""
