"""Turning HR's Markdown into safe HTML, and text into IDs.

This is the one place that decides what HTML a questionnaire may put on a page: Markdown is
rendered with the ``markdown`` package and the result is cleaned with an allow-list (nh3), so
raw HTML typed into a questionnaire never reaches a page unsanitised.
"""

from __future__ import annotations

import html as html_module
import re
import threading
import unicodedata
from decimal import Decimal

import markdown
import nh3

_BLOCK_TAGS = {"p", "ul", "ol", "li", "blockquote", "h4", "h5", "h6", "br", "hr"}
_INLINE_TAGS = {"a", "em", "strong", "code", "br", "abbr"}
_ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "abbr": {"title"}}
_SCHEMES = {"http", "https", "mailto"}

#: One Markdown converter per output format and thread, reset between texts: making one
#: per call (``markdown.markdown``) was about an eighth of a build (920 calls for 40
#: questionnaires). Per thread, because a converter keeps state while it converts.
_converters = threading.local()


def _markdown(source: str, output_format: str = "xhtml") -> str:
    """``markdown.markdown(source, output_format=...)``, with a reused converter."""
    converter = getattr(_converters, output_format, None)
    if converter is None:
        # 'fenced_code': a block between two lines of three backticks is a code block, as
        # on a Git website's preview, not one run-together line of `code`.
        converter = markdown.Markdown(output_format=output_format, extensions=["fenced_code"])
        setattr(_converters, output_format, converter)
    return converter.reset().convert(source)


#: The names of real HTML elements: only these are read as tags (and then removed when they
#: are not allowed). Any other '<' is text: '(type <month> <year>)', '<3', 'A <and> B'.
_HTML_ELEMENTS = frozenset(
    re.findall(
        r"\S+",
        """a abbr address area article aside audio b base bdi bdo blockquote body br button
    canvas caption center cite code col colgroup data datalist dd del details dfn dialog div
    dl dt em embed fieldset figcaption figure font footer form frame frameset h1 h2 h3 h4 h5
    h6 head header hgroup hr html i iframe img input ins kbd label legend li link main map
    mark marquee menu meta meter nav noscript object ol optgroup option output p param
    picture pre progress q rp rt ruby s samp script search section select slot small source
    span strike strong style sub summary sup svg math table tbody td template textarea tfoot
    th thead time title tr track tt u ul var video wbr""",
    )
)
_TAG_START = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])")
_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1", re.DOTALL)
#: '<https://example.com/policy>' or '<hr@example.com>': Markdown makes these links.
_AUTOLINK = re.compile(r"<(?:(?:https?://|mailto:)[^\s<>]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>")


def _stray_angles_escaped(text: str) -> str:
    """``text`` with every '<' that does not start a real HTML tag or comment written as
    '&lt;', so that Markdown and the HTML cleaner keep it (and what follows it) as text."""

    def escape(part: str) -> str:
        out = []
        for index, char in enumerate(part):
            if char == "<":
                tag = _TAG_START.match(part, index)
                real = tag and tag.group(2).lower() in _HTML_ELEMENTS
                keep = real or part.startswith("<!--", index) or _AUTOLINK.match(part, index)
                if not keep:
                    char = "&lt;"
            out.append(char)
        return "".join(out)

    pieces, last = [], 0
    for span in _CODE_SPAN.finditer(text):  # inside `code` Markdown shows '<' as it is
        pieces += [escape(text[last : span.start()]), span.group()]
        last = span.end()
    return "".join([*pieces, escape(text[last:])])


#: What starts a block in Markdown at the start of a line: a quote, a heading, a list item.
_BLOCK_START = re.compile(r"^([ \t]*)(?:(>|#|[-+*](?=[ \t]))|(\d+)\.(?=[ \t]))", re.M)


def _block_starts_escaped(text: str) -> str:
    """A one-line text (a question, a hint) cannot be a quote, a heading or a list: '> 10',
    '# of staff' and '1999. A year' keep their '>', '#' and number."""
    return _BLOCK_START.sub(
        lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(2) else f"{m.group(1)}{m.group(3)}\\.",
        text,
    )


def markdown_to_html(text: str | None, *, inline: bool = False) -> str:
    """Render Markdown to sanitised HTML.

    ``inline`` is for one-line texts (question text, hints): block wrappers such as ``<p>``
    are dropped so the result can sit inside a ``<legend>`` or ``<label>``.
    """
    if not text or not text.strip():
        return ""
    source = _stray_angles_escaped(text.strip())
    if inline:
        source = _block_starts_escaped(source)
    html = _CODE_BLOCK.sub(lambda m: _code_lines(m.group(1), inline), _markdown(source, "html"))
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


#: A code block (fenced with backticks, or indented by four spaces) as Markdown renders it.
_CODE_BLOCK = re.compile(r"<pre><code[^>]*>(.*?)</code></pre>", re.DOTALL)


def _code_lines(code: str, inline: bool) -> str:
    """A code block as the page shows it: the page has no '<pre>' (nor the bytes of a style
    for one), and without it its lines ran together into one. Each line stays a line, its
    indent kept; a long one wraps, as text does on a phone."""
    lines = [
        re.sub(r"^ +", lambda m: "&nbsp;" * len(m.group()), line)
        for line in code.rstrip("\n").split("\n")
    ]
    shown = "<code>" + "<br>\n".join(lines) + "</code>"
    return shown if inline else f"<p>{shown}</p>"


_LINK = re.compile(r'<a\s[^>]*?href="([^"]*)"[^>]*>(.*?)</a>', re.DOTALL)
_PICTURE = re.compile(r'<img\s[^>]*?src="([^"]*)"')
_LINK_STARTS = ("https://", "http://", "mailto:")
#: The '|---|---|' line under a table's first row: the page has no tables, so a table
#: pasted from a Git website's preview would show its pipes and dashes to leavers.
_TABLE_RULE_LINE = r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$"
_TABLE_RULE = re.compile(f"^{_TABLE_RULE_LINE}", re.M)
#: A table from its first row, the one an author looks for (the rule alone without one);
#: in a quote too, where each line starts with '>'.
_TABLE_START = re.compile(rf"^(?:[^\n]*\|[^\n]*\n)?(?:[ \t]*>)*{_TABLE_RULE_LINE}", re.M)
#: What the page shows as code, as typed: a code block, and `code` within one line. A
#: '`'-span over several lines (three backticks in a list) runs its lines together.
_SHOWN_AS_CODE = re.compile(r"<pre>.*?</pre>|<code>[^\n]*?</code>", re.DOTALL)
_ANY_TAG = re.compile(r"<[^>]*>")


def dropped_markup(
    text: str | None, *, inline: bool = False
) -> list[tuple[re.Pattern[str], str, str]]:
    """What ``markdown_to_html`` leaves out of ``text`` although the author typed it, as
    (a pattern that finds what the author typed, what happens to it, how to fix it): HTML
    tags the page does not allow, links that do not start with https://, http:// or
    mailto:, and pictures.

    The page stays safe either way; this is so that the author hears about it, instead of
    finding a link that leads nowhere or a sentence gone with a '<script>'."""
    if not text or not text.strip():
        return []
    found = []
    allowed = _INLINE_TAGS if inline else _INLINE_TAGS | _BLOCK_TAGS
    outside_code = _CODE_SPAN.sub("", text)
    tags = [
        m.group(2).lower()
        for m in _TAG_START.finditer(outside_code)
        if m.group(2).lower() in _HTML_ELEMENTS and m.group(2).lower() not in allowed
    ]
    for name in dict.fromkeys(tags):
        what = f"the HTML tag '<{name}>' is removed from the page" + (
            ", with everything up to '</" + name + ">'" if name in ("script", "style") else ""
        )
        found.append(
            (
                re.compile(rf"<{name}(?=[\s/>])", re.IGNORECASE),
                what,
                "use Markdown instead: **bold**, *italic*, [text](https://...)",
            )
        )
    source = _stray_angles_escaped(text.strip())
    if inline:
        source = _block_starts_escaped(source)
    rendered = _markdown(source, "html")
    for href, label in _LINK.findall(rendered):
        href = html_module.unescape(href)
        if href.startswith(_LINK_STARTS):
            continue
        words = _markdown_stripped(label)
        if re.match(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$", href):
            fix = f"write mailto: in front of an e-mail address: [{words}](mailto:{href})"
        elif re.match(r"^www\.|^[\w-]+(?:\.[\w-]+)+(?:/|$)", href):
            fix = f"write the whole address, with https:// in front: [{words}](https://{href})"
        else:
            fix = "write the whole address of the page, starting with https://"
        found.append(
            (
                re.compile(re.escape(href) if href else r"\]\(\s*\)"),
                f"the link '{href}' is removed and only its text '{words}' is shown, because "
                "a link must start with https://, http:// or mailto:",
                fix,
            )
        )
    if _shows_a_table(rendered):
        found.append(
            (
                _TABLE_START,
                "this line is part of a table, which the page shows as plain text with its "
                "| and - signs: a form page has no tables",
                "write it as a list instead, one line per row: '- Part A: 2 minutes'",
            )
        )
    for src in _PICTURE.findall(rendered):
        found.append(
            (
                re.compile(re.escape("![")),
                f"the picture '{html_module.unescape(src)}' is removed: a form page shows no "
                "pictures",
                "remove it, or link to it: [the picture](https://...)",
            )
        )
    return found


def _shows_a_table(rendered: str) -> bool:
    """Whether the page shows a table's '|---|' line as text: one in a code block (fenced
    with backticks, or indented) shows as code, line by line, which its author asked for."""
    text = _ANY_TAG.sub("", _SHOWN_AS_CODE.sub("", rendered))
    return bool(_TABLE_RULE.search(text))


def first_line_with(pattern: re.Pattern[str], lines: list[str]) -> int | None:
    """The index of the first of ``lines`` where ``pattern`` (which may span lines) finds
    what an author typed outside `code`, or None: a table or tag shown as an example in
    code comes before the one meant. Inside code when there is none outside: three
    backticks in a list are no code block, and run a table's lines together."""
    joined = "\n".join(lines)
    outside_code = _CODE_SPAN.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), joined)
    found = pattern.search(outside_code) or pattern.search(joined)
    return joined.count("\n", 0, found.start()) if found else None


def _only_full_links(tag: str, attribute: str, value: str) -> str | None:
    """Links must name their site: '//elsewhere.example' or '/path' would lead somewhere
    that depends on where the pages happen to be hosted."""
    if attribute == "href" and not value.startswith(("https://", "http://", "mailto:")):
        return None
    return value


def plain_text(text: str | None) -> str:
    """Markdown source reduced to readable plain text (for <title>, CSV headers, codebooks).

    Only for texts that may hold Markdown (a question heading, a hint, a statement); a text
    the guide calls plain text only goes through ``literal_text``.
    """
    if not text:
        return ""
    return _markdown_stripped(_block_starts_escaped(_stray_angles_escaped(text.strip())))


def _markdown_stripped(text: str) -> str:
    """The text Markdown would show, without any tags."""
    html = _markdown(text.strip())
    stripped = nh3.clean(html, tags=set())
    # nh3 escapes what it keeps as text (a no-break space too); a person wants the characters.
    # Only ordinary white space is folded: a no-break space stays where the author put it.
    return re.sub(r"[ \t\n\r]+", " ", html_module.unescape(stripped)).strip()


def literal_text(text: str | None) -> str:
    """A plain-text-only setting (a choice or scale label, a section heading) exactly as
    written, with runs of ordinary white space folded: '> 10 years' and '1. Technology' must
    not be read as Markdown. The templates escape it when it is put on a page."""
    return re.sub(r"[ \t\n\r]+", " ", text or "").strip()


#: Cyrillic and Greek letters that look like Latin ones: pasted or typed on another keyboard
#: layout, they make an ID, code or condition look right while it is not.
_LOOKALIKES = dict(
    zip(
        "аеһіјкорсухѕԁԛԝАВЕКМНОРСТХІЈЅοαικνρυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
        "aehijkopcyxsdqwABEKMHOPCTXIJSoaikvpuxABEZHIKMNOPTYX",
        strict=True,
    )
)


def lookalike(text: str) -> str:
    """ "the 'е' in 'midtеrm' is a Cyrillic letter that looks like 'e'", or '' if none."""
    for char in text:
        latin = _LOOKALIKES.get(char)
        if latin:
            script = unicodedata.name(char, "").split(" ")[0].capitalize()
            return f"the '{char}' in '{text}' is a {script} letter that looks like '{latin}'"
    return ""


def lookalike_problem(text: str, what: str, example: str) -> tuple[str, str] | None:
    """(problem, fix) when ``text``, meant as an ID or code, holds a lookalike letter;
    ``example`` shows the fix, with '{id}' for the corrected text."""
    note = lookalike(text)
    if not note:
        return None
    return (
        f"'{text}' cannot be used as {what}: {note}",
        "type the letter again on your keyboard, e.g. "
        + example.format(id=without_lookalikes(text)),
    )


def without_lookalikes(text: str) -> str:
    """``text`` with each lookalike letter replaced by the Latin letter it looks like."""
    return "".join(_LOOKALIKES.get(char, char) for char in text)


ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
VALUE_PATTERN = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


#: The decimal mark of each language ('.' for any other).
DECIMAL = {"en": ".", "nl": ","}


def number_text(
    value: float | int | str | Decimal, language: str, digits: int | None = None
) -> str:
    """A number as people of ``language`` write it: '5', '0.5' in English, '0,5' in Dutch;
    with ``digits``, a fraction rounded to that many ('3.5' for a report's mean). One rule
    for the page's hints, the collector's messages and the report, so they never disagree.

    A ``Decimal`` (what a leaver typed, read exactly) keeps every digit: through a float,
    '1.234.567.890.123.456.789' was suggested back to them as 1234567890123456768."""
    if isinstance(value, Decimal) and digits is None:
        text = format(value.normalize() if value else Decimal(0), "f")  # never '-0'
        return text.replace(".", DECIMAL.get(language, "."))
    number = float(value)
    if number.is_integer():
        text = str(int(number))
    else:
        text = f"{number:.15g}" if digits is None else f"{number:.{digits}f}"
    return text.replace(".", DECIMAL.get(language, "."))


def slugify(text: str, *, max_length: int = 40, sep: str = "_") -> str:
    """A lowercase ASCII identifier made from ``text``: 'Wat vond je écht?' -> 'wat_vond_je_echt'."""
    # Made the way it always was, so that no derived ID changes with a newer builder.
    normal = unicodedata.normalize("NFKD", (_markdown_stripped(text) if text else "") or text)
    ascii_text = normal.encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    result = ""
    for word in words:
        candidate = f"{result}{sep}{word}" if result else word
        if len(candidate) > max_length and result:
            break
        result = candidate[:max_length]
    return result
