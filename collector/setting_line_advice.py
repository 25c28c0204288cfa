"""What a line under a question was meant to be, when it is not a setting.

"This line under a question is not a setting" is right but leaves HR guessing for lines
that Markdown itself would accept: a list item started with '*', '+' or '1.' instead of
'- ', a dash without its space ('-type: ...'), a '---' line (a second front matter, or a
rule between sections), and the '<!--' and '-->' of an HTML comment put around a question
to hide it, which the builder does not read as a comment. Each gets its own words here.
"""

from __future__ import annotations

import re

from .question_types import ALL_KEYS
from .yaml_source import normalise_key

#: '* type: x', '+ type: x', '1. type: x', '1) type: x' or '-type: x': a setting with the
#: wrong list sign in front of it.
_OTHER_LIST_SIGN = re.compile(r"^(\*|\+|\d{1,3}[.)]|-(?=\S))\s*([^\s:][^:]*):(?:\s(.*))?$")
#: 'hint: ...' or '- hint: ...': a setting, whatever its text ends in.
_SETTING = re.compile(r"^(?:-\s+)?([A-Za-z][^:]*):\s")
#: '---' (or '- - -', '-----'): a second front matter pasted in, or a rule between sections.
_RULE = re.compile(r"^(?:-[ \t]*){3,}$")


def not_a_setting_advice(line: str) -> tuple[str, str] | None:
    """(what, fix) for a line under a question that is not a setting but looks like one
    Markdown knows, or None. ``line`` is stripped."""
    if _RULE.match(line):
        return (
            f"a '{line}' line is only used at the top of the file, above and below the front "
            "matter, not under a question",
            "delete it: a section starts with its '## ' heading and needs no line above it",
        )
    # '- hint: Then press Next -->' is a setting whose text ends in an arrow.
    if line.startswith("<!--") or (line.endswith("-->") and not _is_setting(line)):
        return (
            "the builder does not read '<!--' and '-->' as a comment: the questions and "
            "settings between them are still built",
            "delete the '<!--' and '-->' lines; to leave a question out, delete it: Git keeps "
            "the old version, to copy back later",
        )
    sign = _OTHER_LIST_SIGN.match(line)
    if sign and normalise_key(sign.group(2)) in ALL_KEYS:
        name, value = sign.group(2).strip(), (sign.group(3) or "").strip()
        return (
            f"a setting starts with a dash and a space, not '{sign.group(1)}'",
            f"write '- {name}: {value}'" if value else f"write '- {name}:'",
        )
    return None


def _is_setting(line: str) -> bool:
    setting = _SETTING.match(line)
    return bool(setting) and normalise_key(setting.group(1)) in ALL_KEYS
