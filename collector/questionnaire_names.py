"""Which names in the questionnaire folder the builder never reads nor reports."""

from __future__ import annotations


def is_draft_or_hidden(name: str) -> bool:
    """A draft ('_exit-fr.md', a '_drafts' folder) is kept out of the site on purpose, and a
    hidden entry ('.git', '.github', an editor's '.exit-en.md.swp') is no one's form."""
    return name.startswith(("_", "."))
