"""The Content-Security-Policy header of a page: exactly that page's inline style and script.

A page carries the theme's stylesheet and script inline, allowed by their hashes. The
theme can change while the collector runs (HR edits ``form.css`` and runs ``build.py``,
and the collector serves the rebuilt pages without a restart), so a header made once at
start-up would block the style and script of every rebuilt page. The header is therefore
taken from the page itself: for a built page, from the very bytes served, worked out once
per version of the file (each worker keeps its own; a rebuild writes new files, so a new
version is never served with an old policy); for a page the collector renders itself,
from the page just rendered.
"""

from __future__ import annotations

import gzip
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import brotli
from flask import Flask, Response, current_app

from . import csp

#: A bare ``<style>`` or ``<script>`` block, as the page frame writes the theme's. One
#: with attributes (``src``, ``type``) is not inline code of ours and gets no hash.
_INLINE = re.compile(r"<(style|script)>(.*?)</\1\s*>", re.S | re.I)
_HEAD_END = re.compile(r"</head\s*>|<body[\s>]", re.I)
#: Versions of built files kept per worker: three copies (plain, br, gz) of two pages per
#: questionnaire; cleared as a whole when full (a rebuild makes all of them new anyway).
_KEPT = 512


def inline_sources(html: str) -> tuple[list[str], list[str]]:
    """The hash sources of the inline ``<style>`` and ``<script>`` blocks in the head.

    Only the head: that is where the page frame puts the theme's two blocks, and the
    header must not allow a block that turned up further down. The browser hashes the
    text with its line endings made ``\\n``, so that is what is hashed here.
    """
    end = _HEAD_END.search(html)
    head = html[: end.start()] if end else html
    styles: list[str] = []
    scripts: list[str] = []
    for kind, text in _INLINE.findall(head):
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        (styles if kind.lower() == "style" else scripts).append(csp.source_hash(text))
    return styles, scripts


def header_origins(app: Flask) -> list[str]:
    """The other site the header names: where the pages live when hosted elsewhere."""
    return [csp.origin_of(app.config.get("SITE_URL") or "")]


def page_header(html: str, origins: Sequence[str]) -> str:
    """The header policy for ``html``: its own inline blocks, nothing else inline."""
    styles, scripts = inline_sources(html)
    return csp.policy(styles=styles, scripts=scripts, origins=origins)


def rendered_page(html: str, status: int) -> Response:
    """A page the collector rendered (the form with error messages, the not-sent page),
    with the header that allows the theme it was rendered with."""
    response = Response(html, status=status, mimetype="text/html")
    response.headers["Content-Security-Policy"] = page_header(html, header_origins(current_app))
    return response


@dataclass(frozen=True)
class BuiltFile:
    """One read of a built page: its bytes as stored, and the policy for exactly those."""

    data: bytes
    policy: str
    mtime: float


class BuiltPagePolicies:
    """The header policy of each built page, by the version of its file on disk."""

    def __init__(self, origins: Sequence[str]) -> None:
        self.origins = list(origins)
        self._known: dict[tuple[str, int, int, int, int, int], str] = {}

    def read(self, path: Path, encoding: str = "") -> BuiltFile:
        """``path`` (compressed with ``encoding``, "" for none) and its policy.

        The policy comes from the same open file as the bytes: a page swapped in by a
        rebuild between two steps is never served with the policy of the one before.
        The version is checked before and after reading, so bytes read while someone
        wrote the file in place are never remembered under a version they are not.
        """
        with open(path, "rb") as file:
            before = _version(path, os.fstat(file.fileno()))
            data = file.read()
            st = os.fstat(file.fileno())
        after = _version(path, st)
        policy = self._known.get(after) if before == after else None
        if policy is None:
            policy = page_header(_decoded(data, encoding), self.origins)
            if before == after:
                if len(self._known) >= _KEPT:
                    self._known.clear()
                self._known[after] = policy
        return BuiltFile(data, policy, st.st_mtime)


def _version(path: Path, st: os.stat_result) -> tuple[str, int, int, int, int, int]:
    return (str(path), st.st_dev, st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_size)


def _decoded(data: bytes, encoding: str) -> str:
    """The page's text; "" for a copy that does not decompress (the browser cannot show
    it either, so it gets a policy that allows nothing inline rather than a server error)."""
    try:
        if encoding == "br":
            data = brotli.decompress(data)
        elif encoding == "gzip":
            data = gzip.decompress(data)
    except (brotli.error, OSError, EOFError):
        return ""
    return data.decode("utf-8", "replace")
