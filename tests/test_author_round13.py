"""Thirteenth audit round: the HR author in a Git host's web editor. Each test is a mistake
that used to pass silently, hang the build, or be reported at the wrong line, in the
wrong words or one per build; it now gets file:line, what is wrong and how to fix it,
exit code 1 and no output/ (or, for what only weakens the page, a warning)."""

from __future__ import annotations

import contextlib
import json
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from questionnaire_helpers import DEPARTURE, HEAD, build, compile_text, write

NUBMER = "\n### Years {#years}\n- type: nubmer\n"
#: What a mistake further down the file is reported as, in the same build.
NUBMER_MESSAGE = "unknown question type 'nubmer' (did you mean 'number'?)"


def _failed_build(project: Path, text: str | bytes) -> list[str]:
    """The problem lines of ``python build.py`` on questionnaires/leavers.md; the build must
    fail with exit code 1 and write no output/."""
    path = project / "questionnaires" / "leavers.md"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    code, output = build()
    assert code == 1, output
    assert output.rstrip().endswith("found; nothing was written."), output
    assert not (project / "output").exists()
    return [line for line in output.splitlines() if line.startswith("questionnaires/")]


@contextlib.contextmanager
def _at_most(seconds: int) -> Iterator[None]:
    """Fail instead of hanging (the billion laughs took the build down)."""

    def stop(*_: object) -> None:
        raise TimeoutError(f"took more than {seconds} seconds")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


# --- YAML anchors, aliases and tags -------------------------------------------------------

LAUGHS = '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"  {name}: &{name} [{','.join(['*' + before] * 9)}]\n"
    for before, name in zip("abcdefgh", "bcdefghi", strict=True)
)


def test_a_billion_laughs_in_the_scales_is_refused_at_once(project: Path) -> None:
    text = HEAD.replace("privacy:", "scales:\n" + LAUGHS + "privacy:") + DEPARTURE
    with _at_most(20):
        problems = _failed_build(project, text)
    assert problems[0].startswith(
        "questionnaires/leavers.md:5: in the front matter: a text that starts with '&' must be "
        "put in double quotes (write it as 'a: \"&a ["
    ), problems


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            "- hint: &Important read this\n",
            "14: a text that starts with '&' must be put in double quotes "
            "(write it as '- hint: \"&Important read this\"')",
        ),
        (
            "- hint: !!str 5\n",
            "14: a text that starts with '!' must be put in double quotes "
            "(write it as '- hint: \"!!str 5\"')",
        ),
    ],
)
def test_an_anchor_or_tag_is_not_silently_dropped(project: Path, lines: str, expected: str):
    # '&Important' was read as an anchor's name: the hint became 'read this'.
    assert _failed_build(project, HEAD + DEPARTURE + lines) == [
        f"questionnaires/leavers.md:{expected}"
    ]


def test_an_alias_does_not_copy_a_text(project: Path) -> None:
    text = HEAD.replace("privacy:", "intro: &p Hello\nthank_you: *p\nprivacy:") + DEPARTURE
    assert _failed_build(project, text)[0] == (
        "questionnaires/leavers.md:4: in the front matter: a text that starts with '&' must be "
        "put in double quotes (write it as 'intro: \"&p Hello\"')"
    )


# --- the '---' lines of the front matter ------------------------------------------------------

FENCE_FIX = (
    "type three minus signs '---' on a line of their own; a word processor may turn '--' "
    "into a long dash '—'"
)
CLOSING = "Taking part is voluntary.\n---\n"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("---\n", "\u2014-\n", f"1: the first line is '\u2014-', not '---' ({FENCE_FIX})"),
        ("---\n", "----\n", f"1: the first line is '----', not '---' ({FENCE_FIX})"),
        (
            CLOSING,
            "Taking part is voluntary.\n\u2014-\n",
            f"5: this line is '\u2014-', not '---' ({FENCE_FIX})",
        ),
        (
            CLOSING,
            "Taking part is voluntary.\n- - -\n",
            f"5: this line is '- - -', not '---' ({FENCE_FIX})",
        ),
        (
            CLOSING,
            "Taking part is voluntary.\n  ---\n",
            "5: the '---' that closes the front matter is indented (start it at the beginning "
            "of the line: '---')",
        ),
        (
            CLOSING,
            "Taking part is voluntary.\n",
            "6: the front matter is not closed before this heading (add a line '---' after the "
            "settings, above the first heading)",
        ),
        (
            "---\n",
            "\n\n---\n",
            "1: the file starts with 2 empty lines, before the '---' of the front matter (delete "
            "the empty lines: '---' must be the very first line)",
        ),
        (
            "---\n",
            "",
            "1: the front matter has no '---' line above it (add a line '---' above 'title: "
            "Exit survey': the settings go between two '---' lines)",
        ),
    ],
)
def test_a_fence_typed_wrongly_is_named_and_the_rest_is_still_checked(
    project: Path, old: str, new: str, expected: str
) -> None:
    text = (HEAD + DEPARTURE + NUBMER).replace(old, new, 1)
    problems = _failed_build(project, text)
    # Before: 'must start with front matter' or 'is not closed' at line 1, and nothing else.
    assert problems[0] == f"questionnaires/leavers.md:{expected}"
    nubmer = text.split("\n").index("- type: nubmer") + 1
    assert problems[1:] == [f"questionnaires/leavers.md:{nubmer}: {NUBMER_MESSAGE}"]


@pytest.mark.parametrize("data", [b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n\r\n", "\u00a0\n".encode()])
def test_a_file_with_only_a_byte_order_mark_is_empty(project: Path, data: bytes) -> None:
    assert _failed_build(project, data) == [
        "questionnaires/leavers.md:1: the file is empty (start with front matter (title, "
        "language, privacy); see docs/authoring.md)"
    ]


# --- several mistakes in one build -----------------------------------------------------------

RATED = "\n### Effort? {#effort}\n- type: rating\n- scale: effort\n"
ON_EFFORT = "\n### Why? {#why}\n- type: long text\n- show if: effort = 4\n"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "language: en",
            "\tlanguage: en",
            "3: in the front matter: a tab character is used for indentation (use spaces "
            "instead of tabs)",
        ),
        (
            "privacy:",
            "intro: Note: five minutes\nprivacy:",
            "4: in the front matter: the text of 'intro' has ': ' in it (put the whole text in "
            'double quotes: intro: "Note: five minutes")',
        ),
    ],
)
def test_an_unreadable_front_matter_does_not_hide_the_questions_problems(
    project: Path, old: str, new: str, expected: str
) -> None:
    text = (HEAD + DEPARTURE + RATED + ON_EFFORT + NUBMER).replace(old, new, 1)
    nubmer = text.split("\n").index("- type: nubmer") + 1
    # The named scale 'effort' may be in the unreadable front matter: not reported, nor the
    # condition that tests the question on it.
    assert _failed_build(project, text) == [
        f"questionnaires/leavers.md:{expected}",
        f"questionnaires/leavers.md:{nubmer}: {NUBMER_MESSAGE}",
    ]


# --- a setting given twice, a heading with two IDs, a block copied with its ID ---------------


@pytest.mark.parametrize("dash", ["", "- "])
def test_a_setting_given_twice_is_reported_with_both_lines(project: Path, dash: str) -> None:
    question = f"\n### Why? {{#why}}\n{dash}type: long text\n{dash}max length: 5\n"
    question += f"{dash}Max_Length: 10\n"
    # Without dashes, the second silently won: the limit was 10.
    assert _failed_build(project, HEAD + DEPARTURE + question) == [
        "questionnaires/leavers.md:18: 'Max_Length' is given twice (also on line 17) (keep one "
        "of them and delete the other)"
    ]


def test_a_heading_with_two_ids_is_an_error(project: Path) -> None:
    # A copied question given a new ID beside the old one: leavers saw '{#departure}'.
    text = HEAD + DEPARTURE.replace("{#departure}", "{#departure} {#departure_2}")
    assert _failed_build(project, text) == [
        "questionnaires/leavers.md:9: this heading has two IDs, '{#departure}' and "
        "'{#departure_2}', so leavers would see '{#departure}' as part of the question (keep "
        "one ID at the end of the heading and delete the other; keep the one that answers "
        "were given under, usually the old one)"
    ]


BLOCK = "### Agree? {#areas}\n- type: statements\n- scale: agreement\n- statements:\n"


@pytest.mark.parametrize(
    ("second", "expected"),
    [
        (
            BLOCK.replace("Agree?", "Agree more?") + "  - b1: Three\n",
            "21: the ID 'areas' of this statements block is also the ID of the statements "
            "block on line 15 (give the block an ID of its own, e.g. {#areas_2})",
        ),
        (
            DEPARTURE.replace("{#departure}", "{#areas}"),
            "15: the ID 'areas' of this statements block is also the ID of the question on "
            "line 21 (give the block an ID of its own, e.g. {#areas_2})",
        ),
    ],
)
def test_a_statements_block_id_used_twice_is_an_error(
    project: Path, second: str, expected: str
) -> None:
    # Two blocks with one ID showed the second's statements under the first's heading.
    text = HEAD + DEPARTURE + "\n" + BLOCK + "  - a1: One\n\n" + second
    assert _failed_build(project, text) == [f"questionnaires/leavers.md:{expected}"]


@pytest.mark.parametrize("hashes", ["#", "####"])
def test_a_question_heading_with_the_wrong_number_of_hashes(project: Path, hashes: str) -> None:
    text = HEAD + DEPARTURE.replace("### How", f"{hashes} How") + NUBMER
    # Before: '... cannot stand here', 'the section has no questions' and 'the questionnaire
    # has no questions', and not a word about '###'.
    assert _failed_build(project, text) == [
        f"questionnaires/leavers.md:9: '{hashes} How did your job end? {{#departure}}' is "
        f"followed by question settings, but a question heading has three #, not "
        f"{len(hashes)} (write '### How did your job end? {{#departure}}')",
        f"questionnaires/leavers.md:16: {NUBMER_MESSAGE}",
    ]


# --- a value of the wrong kind -------------------------------------------------------------------

QUESTION = "\n### Pick {#pick}\n"
WRONG_KIND = [
    (
        "- type: [single choice]\n",
        "16: 'type' must be the name of one question type, not a list (write it on one line, "
        "e.g. '- type: single choice')",
    ),
    (
        "- type: yes no\n- required: [yes]\n",
        "17: 'required' must be yes or no, not a list (write 'required: yes')",
    ),
    (
        "- type: yes no\n- required:\n",
        "17: 'required' must be yes or no, but it is empty (write 'required: yes')",
    ),
    (
        "- type: long text\n- max length: [5]\n",
        "17: 'max length' must be a whole number, not a list (write digits only, e.g. "
        "'max length: 1000')",
    ),
    (
        "- type: yes no\n- show if:\n  - departure = voluntary\n",
        "17: 'show if' must be a text (write 'show if: your text' on one line)",
    ),
    (
        "- type: single choice\n- choices:\n    voluntary: I resigned\n    dismissed: Fired\n",
        "18: the choices are written without '- ' in front (start each choice with a dash and "
        "a space, e.g. '  - voluntary: I resigned')",
    ),
    (
        "- type: statements\n- scale: agreement\n- statements:\n    fair: I was paid fairly\n",
        "19: the statements are written without '- ' in front (start each statement with a "
        "dash and a space, e.g. '  - fair: I was paid fairly')",
    ),
    (
        "- type: rating\n- scale:\n    1: Bad\n    2: Good\n",
        "18: scale points are written without numbers, from the lowest to the highest (write "
        "only the labels, the lowest first: '- Bad', '- Good'; the first line is stored as 1, "
        "the next as 2, and so on)",
    ),
]


@pytest.mark.parametrize(("lines", "expected"), WRONG_KIND)
def test_a_value_of_the_wrong_kind_is_named_in_words(
    project: Path, lines: str, expected: str
) -> None:
    # Before: "unknown question type '['single choice']'", "not 'None'", "but it is empty"
    # for a list, "the scale has no labels", or a second message about an empty condition.
    assert _failed_build(project, HEAD + DEPARTURE + QUESTION + lines) == [
        f"questionnaires/leavers.md:{expected}"
    ]


def test_a_title_written_as_a_list_is_one_problem(project: Path) -> None:
    text = HEAD.replace("title: Exit survey", "title:\n  - Exit\n  - survey") + DEPARTURE
    assert _failed_build(project, text) == [
        "questionnaires/leavers.md:2: 'title' must be a text (write 'title: your text' on one line)"
    ]


# --- HTML, links and pictures the page leaves out -----------------------------------------------


def test_removed_html_links_and_pictures_are_warned_at_their_lines(project: Path) -> None:
    intro = (
        "intro: |\n  Welcome.\n  See [the policy](www.example.com/policy).\n"
        "  ![logo](https://example.com/logo.png)\nprivacy:"
    )
    text = HEAD.replace("privacy:", intro) + DEPARTURE.replace(
        "- type: single choice",
        "- type: single choice\n- hint: Mail [HR](hr@example.com) <script>track()</script>",
    )
    write(project, text)
    code, output = build()
    assert code == 0, output
    assert output.splitlines() == [
        "questionnaires/leavers.md:6: warning: the link 'www.example.com/policy' is removed "
        "and only its text 'the policy' is shown, because a link must start with https://, "
        "http:// or mailto: (write the whole address, with https:// in front: "
        "[the policy](https://www.example.com/policy))",
        "questionnaires/leavers.md:7: warning: the picture 'https://example.com/logo.png' is "
        "removed: a form page shows no pictures (remove it, or link to it: "
        "[the picture](https://...))",
        "questionnaires/leavers.md:15: warning: the HTML tag '<script>' is removed from the "
        "page, with everything up to '</script>' (use Markdown instead: **bold**, *italic*, "
        "[text](https://...))",
        "questionnaires/leavers.md:15: warning: the link 'hr@example.com' is removed and only "
        "its text 'HR' is shown, because a link must start with https://, http:// or mailto: "
        "(write mailto: in front of an e-mail address: [HR](mailto:hr@example.com))",
        "Built 1 questionnaire(s) into output/: leavers",
    ]
    assert build("--strict")[0] == 1


def test_an_address_in_angle_brackets_is_a_link(project: Path) -> None:
    hint = "- hint: See <https://example.com/policy> or mail <hr@example.com>\n"
    (form,), problems = compile_text(project, HEAD + DEPARTURE + hint)
    assert problems == []
    # Before, the page showed '<https://example.com/policy>' as text.
    assert form.questions[0].hint_html == (
        'See <a href="https://example.com/policy" rel="noopener noreferrer">'
        'https://example.com/policy</a> or mail <a href="mailto:hr@example.com" '
        'rel="noopener noreferrer">hr@example.com</a>'
    )


# --- a file saved in another encoding -------------------------------------------------------------


def test_a_file_saved_as_windows_1252_names_the_character_and_the_other_lines(
    project: Path,
) -> None:
    text = HEAD.replace("Exit survey", "Vertrekenquête") + DEPARTURE.replace(
        "I resigned", "\u201cI resigned\u201d"
    )
    assert _failed_build(project, text.encode("cp1252")) == [
        "questionnaires/leavers.md:2: the file is not UTF-8 text (byte 0xea cannot be read): "
        "the 'ê' on this line was saved as Windows-1252 (\"ANSI\") text; so were characters on "
        "line 12 (save the file as UTF-8 in your editor: in Notepad, Save as, Encoding: UTF-8; "
        "then upload it again)"
    ]


def test_a_git_merge_conflict_in_a_questionnaire_is_named(project: Path) -> None:
    both = DEPARTURE.replace(
        "  - dismissed: I was dismissed\n",
        "<<<<<<< HEAD\n  - dismissed: I was dismissed\n=======\n  - dismissed: I was fired\n"
        ">>>>>>> new-wording\n",
    )
    # Before: 'this line under a question is not a setting (... put an explanation in hint)'.
    assert _failed_build(project, HEAD + both) == [
        "questionnaires/leavers.md:13: lines 13 to 17 hold two versions of the same part, left "
        "by a Git merge: one above the '=======' on line 15, one below it (keep one version, "
        "and delete the other one and the marker lines: '<<<<<<< ...', '=======' and "
        "'>>>>>>> ...')"
    ]


# --- conditions ---------------------------------------------------------------------------------

CONDITIONS = (
    HEAD
    + DEPARTURE
    + (
        "\n### Did you talk to your manager? {#talked}\n- type: yes no\n"
        "\n### I felt valued {#valued}\n- type: rating\n- scale: agreement\n"
        "\n### Why? {#why}\n- type: long text\n- show if: {}\n"
    )
)


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        (
            "valued = Agree",
            "'Agree' is what people read at 'valued'; a condition tests the number of the "
            "point, 4 (write '4' instead of 'Agree')",
        ),
        (
            "talked = true",
            "the answers to the yes/no question 'talked' are 'yes' and 'no', not 'true' "
            "(write 'yes' instead of 'true')",
        ),
        (
            "departure is voluntary or dismissed",
            "cannot read the condition: 'dismissed' after 'or' is not a test: each test names "
            "its question (write 'departure = voluntary or departure = dismissed', or "
            "'departure in (voluntary, dismissed)')",
        ),
        (
            "departure = voluntary, dismissed",
            "cannot read the condition: a ',' after a value: '=' tests one value (to test "
            "several values, write 'departure in (voluntary, dismissed)')",
        ),
        (
            "departure == voluntary",
            "cannot read the condition: '==' is written with one '=' in a condition (write "
            "e.g. 'departure = voluntary')",
        ),
        (
            "departure \u2260 retirement",
            "cannot read the condition: '\u2260' cannot be used in a condition (write '!=' for "
            "'is not', e.g. 'departure != retirement')",
        ),
        (
            "departure = \u201cvoluntary\u201d",
            "cannot read the condition: '\u201c' cannot be used in a condition (leave the "
            "quotes out: a choice code needs none, e.g. 'departure = voluntary')",
        ),
        (
            "valued >= 4",
            "cannot read the condition: '>' cannot be used in a condition (a condition cannot "
            "compare with < or >: list the values with 'in', e.g. 'recommend in (9, 10)')",
        ),
    ],
)
def test_a_condition_written_another_way_says_how_to_write_it(
    project: Path, condition: str, expected: str
) -> None:
    text = CONDITIONS.replace("{}", condition)
    assert _failed_build(project, text) == [f"questionnaires/leavers.md:24: {expected}"]


# --- smaller things -------------------------------------------------------------------------------


def test_a_choice_code_in_quotes_builds(project: Path) -> None:
    # '- "no": No' was refused: 'this text starts with a double quote, so it ends at the next
    # one', with a fix that quoted the whole line.
    choices = "- choices:\n  - \"yes\": Yes, clearly\n  - 'no': Not at all\n"
    text = HEAD + "### Clear? {#clear}\n- type: single choice\n" + choices
    (form,), problems = compile_text(project, text)
    assert problems == []
    assert [c.value for c in form.questions[0].choices] == ["yes", "no"]


def test_a_failed_build_lists_the_warnings_too(project: Path) -> None:
    survey = write(project, HEAD + DEPARTURE)
    assert build()[0] == 0
    survey.write_text(HEAD + DEPARTURE.replace("{#departure}", "{#ending}"), encoding="utf-8")
    write(project, HEAD + DEPARTURE + NUBMER, "other.md")
    code, output = build()
    assert code == 1
    # Before: only the error; the changed ID came up after it was fixed, one build later.
    assert output.splitlines() == [
        "questionnaires/leavers.md:9: warning: the ID of this question changed from "
        "'departure' to 'ending': answers given before stay under 'departure' (put back "
        "{#departure} if it asks the same thing, or run 'python build.py --accept-ids' if it "
        "is a new question)",
        f"questionnaires/other.md:16: {NUBMER_MESSAGE}",
        "1 problem found; nothing was written.",
    ]


def test_check_with_accept_ids_says_that_nothing_was_accepted(project: Path) -> None:
    survey = write(project, HEAD + DEPARTURE)
    assert build()[0] == 0
    survey.write_text(HEAD + DEPARTURE.replace("{#departure}", "{#ending}"), encoding="utf-8")
    lock = (project / "questionnaires" / "ids.lock.json").read_text(encoding="utf-8")
    code, output = build("--check", "--accept-ids")
    assert code == 0
    # Before: only 'Checked 1 questionnaire(s)', as if the change had been accepted.
    assert output.splitlines()[:2] == [
        "Would be accepted, but --check writes nothing to ids.lock.json (run without --check "
        "to accept):",
        "  questionnaires/leavers.md:9: the ID of this question changed from 'departure' to "
        "'ending': answers given before stay under 'departure'",
    ]
    assert (project / "questionnaires" / "ids.lock.json").read_text(encoding="utf-8") == lock
    assert "departure" in json.loads(lock)["files"]["leavers.md"]["answers"]
