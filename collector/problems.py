"""Problems found in questionnaires, reported as ``file:line: what (how to fix)``."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import IO, TypeVar

import click

from .bidi_controls import shown

_Item = TypeVar("_Item")

#: How many things one message names, or how many of one kind of message a build shows,
#: before "and N more": two language versions 300 questions apart said so in 300 lines,
#: burying every other message.
MOST_NAMED = 10


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a questionnaire; a warning does not stop a build unless --strict,
    a note (``warning`` and ``note``) not even then."""

    path: str
    line: int
    message: str
    fix: str = ""
    warning: bool = False
    #: Said, but never stops a build: what a new release adds and its English stands in
    #: for well enough (quotation marks), so that a --strict build in CI goes on passing.
    note: bool = False

    def __str__(self) -> str:
        kind = "note: " if self.note else "warning: " if self.warning else ""
        fix = f" ({self.fix})" if self.fix else ""
        # A direction character quoted from the file would turn the rest of the message
        # around in a terminal or log: it is written as its code instead.
        return shown(f"{self.path}:{self.line}: {kind}{self.message}{fix}")


class Problems(list[Problem]):
    """Collects every problem so that all of them can be reported at once."""

    def __init__(self, *args: Iterable[Problem]) -> None:
        super().__init__(*args)
        #: Warnings that --accept-ids accepted: listed, so that HR sees what was accepted.
        self.accepted: list[Problem] = []

    def add(
        self,
        path: str,
        line: int,
        message: str,
        fix: str = "",
        *,
        warning: bool = False,
        note: bool = False,
    ) -> None:
        self.append(Problem(path, max(line, 1), message, fix, warning or note, note))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        """The warnings and the notes: everything said that is not an error."""
        return [p for p in self if p.warning]

    @property
    def strict_errors(self) -> list[Problem]:
        """What stops a --strict build: everything but the notes."""
        return [p for p in self if not p.note]

    @property
    def notes(self) -> list[Problem]:
        return [p for p in self if p.note]


class BuildError(click.ClickException):
    """The questionnaires have errors; the message lists every one of them."""

    exit_code = 1

    def __init__(self, problems: Iterable[Problem], warnings: Iterable[Problem] = ()) -> None:
        self.problems = sorted(problems)
        count = len(self.problems)
        # The warnings too, in their places: HR fixes everything in one round, instead of
        # meeting a changed ID's warning only once the errors are gone.
        lines = [str(p) for p in sorted([*self.problems, *warnings])]
        lines.append(f"{count} problem{'s' if count != 1 else ''} found; nothing was written.")
        super().__init__("\n".join(lines))

    def format_message(self) -> str:
        return self.message

    def show(self, file: IO[str] | None = None) -> None:
        click.echo(self.format_message(), err=True, file=file)


def closest(word: str, options: Iterable[str]) -> str:
    """The option ``word`` is most likely a misspelling of, or an empty string."""
    matches = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return matches[0] if matches else ""


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """' (did you mean 'number'?)' style hint, or an empty string when nothing is close."""
    meant = closest(word, options)
    return f"did you mean '{meant}'?" if meant else ""


def first_few(items: Sequence[_Item], most: int = MOST_NAMED) -> tuple[list[_Item], int]:
    """The first of ``items`` to name, and how many more there are (0: all are named).
    Never "and 1 more": the words take the room that naming the one would."""
    if len(items) <= most + 1:
        return list(items), 0
    return list(items[:most]), len(items) - most


def listed(items: Sequence[str], most: int = MOST_NAMED) -> str:
    """'a, b, c' for a few items, 'a, b, ... j and 290 more' for many."""
    named, more = first_few(items, most)
    return ", ".join(named) + (f" and {more} more" if more else "")
