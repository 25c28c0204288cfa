"""Compressed copies of the built pages, made once at build time.

A survey page is read by every leaver on whatever connection they have, so it should
travel small even when nothing in front of the collector compresses. ``build.py`` writes
``index.html.br`` and ``index.html.gz`` beside each page; the collector sends the best one
the browser accepts, and nginx (``gzip_static``, ``brotli_static``), Caddy
(``precompressed``) and most static hosts can serve the same files.
"""

from __future__ import annotations

import gzip
from collections.abc import Mapping

import brotli

#: Files worth compressing: the pages and the compiled forms.
COMPRESSIBLE = (".html", ".json")
#: Content-Encoding and file suffix, the smaller first.
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))


def with_compressed_copies(files: Mapping[str, bytes]) -> dict[str, bytes]:
    """``files`` plus a ``.br`` and a ``.gz`` copy of each page; byte-identical every build."""
    result = dict(files)
    for name, content in files.items():
        if name.endswith(COMPRESSIBLE):
            result[name + ".br"] = brotli.compress(content, mode=brotli.MODE_TEXT, quality=11)
            result[name + ".gz"] = gzip.compress(content, compresslevel=9, mtime=0)
    return result
