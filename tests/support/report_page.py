"""Stored answers for the report, and the report page read back as a tree of its parts."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from html.parser import HTMLParser
from typing import ClassVar

from collector.report import build_page


class Node:
    def __init__(self, tag: str, attrs: dict[str, str | None]) -> None:
        self.tag, self.attrs, self.children = tag, attrs, []

    def text(self) -> str:
        parts = [
            c if isinstance(c, str) else c.text()
            for c in self.children
            if isinstance(c, str) or c.tag != "style"
        ]
        return re.sub(r"\s+", " ", " ".join(parts)).strip()

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str) -> list[Node]:
        return [n for n in self.iter() if n.tag == tag]


class Page(HTMLParser):
    """A small DOM of the report, enough to read elements by id and tag."""

    VOID: ClassVar[set[str]] = {
        "meta",
        "link",
        "br",
        "img",
        "input",
        "rect",
        "circle",
        "line",
        "polyline",
    }

    def __init__(self, html: str) -> None:
        super().__init__()
        self.html = html
        self.root = Node("#root", {})
        self.stack = [self.root]
        self.feed(html)

    def handle_starttag(self, tag, attrs) -> None:
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs) -> None:
        self.stack[-1].children.append(Node(tag, dict(attrs)))

    def handle_endtag(self, tag) -> None:
        if tag in self.VOID:
            return
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data) -> None:
        self.stack[-1].children.append(data)

    def by_id(self, ident: str) -> Node:
        found = [n for n in self.root.iter() if n.attrs.get("id") == ident]
        assert found, f"no element #{ident}"
        return found[0]

    def has_id(self, ident: str) -> bool:
        return any(n.attrs.get("id") == ident for n in self.root.iter())

    def text(self) -> str:
        return self.root.text()

    def section(self, heading_id: str) -> Node:
        """The <section> that the heading with this id names."""
        found = [n for n in self.root.iter() if n.attrs.get("aria-labelledby") == heading_id]
        assert found, f"no section for #{heading_id}"
        return found[0]


def table_of(page: Page, ident: str) -> dict[str, list[str]]:
    """A group table as {row header: [cell texts]}, with the column headers under ''."""
    table = page.by_id(ident)
    rows: dict[str, list[str]] = {}
    for tr in table.find_all("tr"):
        cells = [c.text() for c in tr.children if isinstance(c, Node) and c.tag in ("th", "td")]
        rows["" if not rows else cells[0]] = cells[1:]
    return rows


def add(app, answers: dict, *, n: int = 1, slug: str = "exit-en", date: str = "2025-02") -> None:
    """Store ``n`` responses with ``answers`` (as the collector would, minus the checks)."""
    state = app.extensions["exit_survey"]
    form = state.forms.current(slug)
    month = date if re.fullmatch(r"\d{4}-\d{2}", date) else f"{date[:4]}-01"
    record = {
        "form": slug,
        "version": form.version,
        "language": form.language,
        "date": date,
        "answers": answers,
    }
    for _ in range(n):
        state.store.add(slug, record, submission_id=uuid.uuid4().hex, month=month)


def report(app, slug: str = "exit-en", **options) -> Page:
    options.setdefault("breakdown", None)
    options.setdefault("split_by", None)
    options.setdefault("k", 5)
    options.setdefault("kt", 10)
    options.setdefault("today", dt.date(2099, 1, 1))  # every quarter of the tests has ended
    return Page(build_page(app, slug, inline_css=True, **options))
