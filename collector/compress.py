"""Compressed copies of the built pages, made once at build time.

A survey page is read by every leaver on whatever connection they have, so it should
travel small even when nothing in front of the collector compresses. ``build.py`` writes
``index.html.br`` and ``index.html.gz`` beside each page; the collector sends the best one
the browser accepts, and nginx (``gzip_static``, ``brotli_static``), Caddy
(``precompressed``) and most static hosts can serve the same files.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Mapping

import brotli

#: Files worth compressing: the pages and the compiled forms.
COMPRESSIBLE = (".html", ".json")
#: Content-Encoding and file suffix, the smaller first.
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))


#: The copies made by this process's last build, by the page's SHA-256: ``build.py --watch``
#: rebuilds every questionnaire after each save, and brotli at its best is about two
#: thirds of a build (40 questionnaires: 1.5 of 2.2 s). Only the last build's are kept.
_last_build: dict[bytes, tuple[bytes, bytes]] = {}


def with_compressed_copies(files: Mapping[str, bytes]) -> dict[str, bytes]:
    """``files`` plus a ``.br`` and a ``.gz`` copy of each page; byte-identical every build.

    A page that the previous build of this process compressed as it is now is not
    compressed again."""
    global _last_build
    result = dict(files)
    made: dict[bytes, tuple[bytes, bytes]] = {}
    for name, content in files.items():
        if name.endswith(COMPRESSIBLE):
            key = hashlib.sha256(content).digest()
            copies = made.get(key) or _last_build.get(key) or _compress(content)
            made[key] = copies
            result[name + ".br"], result[name + ".gz"] = copies
    _last_build = made
    return result


def forget() -> None:
    """Compress everything again at the next build (for measuring a build from cold)."""
    _last_build.clear()


def _compress(content: bytes) -> tuple[bytes, bytes]:
    return (
        brotli.compress(content, mode=brotli.MODE_TEXT, quality=11),
        gzip.compress(content, compresslevel=9, mtime=0),
    )
