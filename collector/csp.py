"""Content-Security-Policy text, shared by the built pages and the collector's headers.

The theme's stylesheet and script go inside each page (one request instead of three), so
the policy allows exactly those two blocks by their SHA-256 hash and nothing else inline:
no ``'unsafe-inline'``, no ``style=""`` attributes, no injected ``<script>``.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable
from urllib.parse import urlsplit


def source_hash(text: str) -> str:
    """The CSP source that allows one inline ``<style>`` or ``<script>`` with this content."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def origin_of(url: str) -> str:
    """``https://host[:port]`` of an absolute URL, "" for a relative one."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return ""


def policy(
    *,
    styles: Iterable[str] = (),
    scripts: Iterable[str] = (),
    origins: Iterable[str] = (),
    header: bool = True,
) -> str:
    """The policy for our pages.

    ``styles``/``scripts`` are hash sources of the inline blocks, ``origins`` the other
    sites involved (where the static pages or the collector live). ``header=False`` leaves
    out what browsers ignore in a ``<meta>`` policy (``frame-ancestors``).
    """
    others = " ".join(sorted({o for o in origins if o}))
    extra = f" {others}" if others else ""
    style = " ".join(["'self'", *styles]) + extra
    script = " ".join(["'self'", *scripts]) + extra
    directives = [
        "default-src 'none'",
        f"script-src {script}",
        f"style-src {style}",
        f"img-src 'self' data:{extra}",
        f"connect-src 'self'{extra}",
        f"form-action 'self'{extra}",
        "base-uri 'none'",
    ]
    if header:
        directives.append("frame-ancestors 'none'")
    return "; ".join(directives)
