"""The front matter of a questionnaire: the settings between the two '---' lines.

Every setting is checked on its own line (unknown, given twice, of the wrong kind); a
missing title, language or privacy text is reported at line 1. Named scales are checked
here too, at their own lines, because every question that uses one would be wrong with it.
"""

from __future__ import annotations

from .defaults import LANGUAGES
from .problems import Problems, did_you_mean
from .question_choices import scale_problem
from .questions import normalise_key
from .text import SLUG_PATTERN
from .yaml_source import LocatedDict, YamlProblem, load

FRONT_MATTER_KEYS = {
    "title",
    "language",
    "slug",
    "intro",
    "privacy",
    "thank_you",
    "translation",
    "scales",
}
#: Slugs that would clash with the site's own paths.
RESERVED_SLUGS = {"static", "submit", "admin", "api", "index", "health"}


def front_matter_end(lines: list[str], shown: str, problems: Problems) -> int | None:
    """The index of the line that closes the front matter, or None after reporting why
    the file has none."""
    if lines[0].strip() != "---":
        problems.add(
            shown,
            1,
            "the file must start with front matter: a line '---', the settings, and '---'",
            "see the example at the top of docs/authoring.md",
        )
        return None
    # Only an unindented '---' closes the front matter; an indented one belongs to a text.
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        problems.add(
            shown, 1, "the front matter is not closed", "add a line '---' after the settings"
        )
    return end


def read_front_matter(text: str, shown: str, problems: Problems) -> dict | None:
    """The settings, with every problem in them reported; None when the questions below
    cannot be checked either (the front matter is unreadable, or a named scale is).

    ``lines`` maps each setting to its line; ``scales`` and ``scale_lines`` hold the named
    scales and the line of each name."""
    try:
        data = load(text, 2)
    except YamlProblem as exc:
        problems.add(shown, exc.line, f"in the front matter: {exc.message}")
        return None
    if not isinstance(data, LocatedDict):
        problems.add(
            shown,
            2,
            "the front matter must be 'name: value' lines",
            "write e.g. 'title: Exit survey' and 'language: en'",
        )
        return None
    meta: dict = {"lines": {}, "slug": None}
    scales_unreadable = False
    for raw_key, value in data.items():
        key = normalise_key(raw_key)
        line = data.key_lines[raw_key]
        if key in meta["lines"]:
            problems.add(
                shown,
                line,
                f"'{raw_key}' is given twice (also on line {meta['lines'][key]})",
                "keep one of them",
            )
            continue
        meta["lines"][key] = line
        if key not in FRONT_MATTER_KEYS:
            problems.add(
                shown,
                line,
                f"unknown front matter setting '{raw_key}'",
                did_you_mean(key, FRONT_MATTER_KEYS)
                or "known: " + ", ".join(sorted(FRONT_MATTER_KEYS)),
            )
        elif key == "scales":
            scales = _named_scales(value, line, shown, problems)
            scales_unreadable = scales is None
            meta["scales"] = scales or {}
            if isinstance(value, LocatedDict):
                meta["scale_lines"] = {str(k): n for k, n in value.key_lines.items()}
        elif value is None or isinstance(value, (dict, list)):
            problems.add(shown, line, f"'{raw_key}' must be a text", f"write '{raw_key}: ...'")
        else:
            meta[key] = str(value).strip()
    for key, fix in (
        ("title", "add 'title: Exit survey'"),
        ("language", "add 'language: en' or 'language: nl'"),
        (
            "privacy",
            "add 'privacy:' saying who sees the answers, how they are used, "
            "and that answering is voluntary",
        ),
    ):
        if not meta.get(key):
            problems.add(shown, 1, f"the front matter has no {key}", fix)
    language = meta.get("language")
    if language and language not in LANGUAGES:
        problems.add(
            shown, meta["lines"]["language"], f"unknown language '{language}'", "use 'en' or 'nl'"
        )
    slug = meta.get("slug")
    if slug and (not SLUG_PATTERN.match(slug) or slug in RESERVED_SLUGS):
        problems.add(
            shown,
            meta["lines"]["slug"],
            f"'{slug}' cannot be used as a slug",
            "use lowercase letters, digits and hyphens, e.g. 'exit-en'"
            + (f"; '{slug}' is reserved" if slug in RESERVED_SLUGS else ""),
        )
    # Questions using a scale that could not be read would all be reported as wrong too.
    return None if scales_unreadable else meta


def _named_scales(value: object, line: int, shown: str, problems: Problems) -> dict | None:
    """The named scales by name, or None after reporting the first that cannot be used."""
    if not isinstance(value, LocatedDict):
        problems.add(
            shown,
            line,
            "'scales' must list named scales",
            "write 'scales:' then '  effort:' and the labels as '    - label' lines",
        )
        return None
    scales = {}
    for name, labels in value.items():
        # Checked here, not at the questions that use it: the scale's own line is the one
        # to fix, and every question on the scale would otherwise be reported as well.
        problem = scale_problem(labels, value.key_lines[name], f"the scale '{name}'")
        if problem:
            problems.add(shown, *problem)
            return None
        points = [str(x) for x in labels]
        scales[str(name)] = points
    return scales
