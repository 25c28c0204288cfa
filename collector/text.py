"""Turning HR's Markdown into safe HTML, and text into IDs.

This is the one place that decides what HTML a questionnaire may put on a page: Markdown is
rendered with the ``markdown`` package and the result is cleaned with an allow-list (nh3), so
raw HTML typed into a questionnaire never reaches a page unsanitised.
"""

from __future__ import annotations

import html as html_module
import re
import unicodedata

import markdown
import nh3

_BLOCK_TAGS = {"p", "ul", "ol", "li", "blockquote", "h4", "h5", "h6", "br", "hr"}
_INLINE_TAGS = {"a", "em", "strong", "code", "br", "abbr"}
_ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "abbr": {"title"}}
_SCHEMES = {"http", "https", "mailto"}


def markdown_to_html(text: str | None, *, inline: bool = False) -> str:
    """Render Markdown to sanitised HTML.

    ``inline`` is for one-line texts (question text, labels): block wrappers such as ``<p>``
    are dropped so the result can sit inside a ``<legend>`` or ``<label>``.
    """
    if not text or not text.strip():
        return ""
    html = markdown.markdown(text.strip(), output_format="html")
    tags = _INLINE_TAGS if inline else _INLINE_TAGS | _BLOCK_TAGS
    if inline:
        html = re.sub(r"</?p>", "", html).strip()
    cleaned = nh3.clean(
        html,
        tags=tags,
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        link_rel="noopener noreferrer",
        attribute_filter=_only_full_links,
    )
    return cleaned.strip()


def _only_full_links(tag: str, attribute: str, value: str) -> str | None:
    """Links must name their site: '//elsewhere.example' or '/path' would lead somewhere
    that depends on where the pages happen to be hosted."""
    if attribute == "href" and not value.startswith(("https://", "http://", "mailto:")):
        return None
    return value


def plain_text(text: str | None) -> str:
    """Markdown source reduced to readable plain text (for <title>, CSV headers, codebooks)."""
    if not text:
        return ""
    html = markdown.markdown(text.strip())
    stripped = nh3.clean(html, tags=set())
    # nh3 escapes what it keeps as text (a no-break space too); a person wants the characters.
    # Only ordinary white space is folded: a no-break space stays where the author put it.
    return re.sub(r"[ \t\n\r]+", " ", html_module.unescape(stripped)).strip()


ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
VALUE_PATTERN = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slugify(text: str, *, max_length: int = 40, sep: str = "_") -> str:
    """A lowercase ASCII identifier made from ``text``: 'Wat vond je écht?' -> 'wat_vond_je_echt'."""
    normal = unicodedata.normalize("NFKD", plain_text(text) or text)
    ascii_text = normal.encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    result = ""
    for word in words:
        candidate = f"{result}{sep}{word}" if result else word
        if len(candidate) > max_length and result:
            break
        result = candidate[:max_length]
    return result
