"""Property-based fuzzing of the builder: the example questionnaires, edited the way real
edits go wrong, must always give file:line messages with a fix, never a traceback, and a
failed build must leave output/ exactly as it was.

The number of examples is small so that the suite stays fast; set FUZZ_EXAMPLES (e.g. 2000)
to explore more while working on the builder.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collector.build_command import build_command
from collector.builder import compile_forms
from collector.id_lock import LOCK_NAME

EXAMPLES = Path(__file__).resolve().parent.parent / "questionnaires"
NAMES = ["exit-en.md", "exit-nl.md"]
ORIGINALS = {name: (EXAMPLES / name).read_bytes() for name in NAMES}
LOCK = (EXAMPLES / LOCK_NAME).read_bytes()

FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")),
    deadline=None,
    derandomize=not os.environ.get("FUZZ_RANDOM"),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)
#: A build of one mutated project may take this much CPU time at most (a hang is a bug).
#: CPU time, not the clock's: other processes on a loaded machine stretch the one only.
SECONDS = 10

# --- mutations ---------------------------------------------------------------------------

SNIPPETS = [
    '"', "'", "\u201c", "\u201d", "\u2018", "\u2019", ":", ": ", "#", " #", "|", ">", "{", "}",
    "[", "]", "-", "- ", "*", "&", "!", "%", "@", "`", "\\", "{#", "{#x}", "---", "\n---\n",
    "\n", "\n\n", "\t", "\u00a0", "\u200b", "\u200d", "\u2060", "\ufeff", "\u200f", "\u202e",
    "\u2028", "\u2029", "\u0085", "\U0001f600", "\x00", "\x0b", "\x0c", "\x1b", "\r", "\r\n",
    "\ufffd", "é", "ß", "İ", "\u0130", "\u212a", "ﬁ", "１", "\u0301", "### ", "## ", "# ",
    "- type: ", "  - ", "show if: ", "- show if: x = y", " and ", " or ", " not ", "(", ")",
    "!= ", "=", "<script>", "</div>", "&amp;", "%(x)s", "{{ x }}", "{% x %}", "${x}", "null",
    "~", "!!python/object:os.system", "&a", "*a", "? ", ",", "1e999", "-1", "0x1f", "yes",
]  # fmt: skip
WORDS = [
    "single choice", "multiple choice", "long text", "short text", "rating", "statements",
    "dropdown", "recommend", "number", "date", "yes no", "nubmer", "radio", "type", "choices",
    "scale", "hint", "required", "prefer not to say", "other", "max length", "min", "max",
    "step", "show if", "title", "language", "slug", "translation", "intro", "privacy",
    "thank_you", "scales", "en", "nl", "de", "departure", "voluntary", "dismissed",
    "better_offer", "reasons", "agreement", "quality", "yes", "no", "1000", "0", "-5", "",
    "=", "!=", "includes", "in", "is", "is not", "not", "and", "or", "exit-en", "exit-nl.md",
    "static", "null", "true", "{}", "[]", "a b", "x" * 300,
]  # fmt: skip
INDENTS = ["", " ", "  ", "   ", "    ", "\t", "\u00a0", "\u00a0\u00a0", " \t", "\u3000", "\u2003"]
RAW_BYTES = [b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xff", b"\xfe", b"\x80", b"\xc3", b"\x00"]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "latin-1", "cp1252", "utf-32"]


def _index(draw, items: list) -> int:
    return draw(st.integers(0, max(len(items) - 1, 0)))


@st.composite
def edit(draw, text: str) -> str:
    """One edit of ``text`` as people make them by mistake."""
    lines = text.split("\n")
    kind = draw(
        st.sampled_from(
            ["delete", "duplicate", "swap", "move", "cut", "indent", "insert", "word", "ends"]
        )
    )
    i, j = _index(draw, lines), _index(draw, lines)
    if kind == "delete":
        del lines[i]
    elif kind == "duplicate":
        lines.insert(j, lines[i])
    elif kind == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "move":
        lines.insert(j, lines.pop(i))
    elif kind == "cut":
        return text[: draw(st.integers(0, len(text)))]
    elif kind == "indent":
        lines[i] = draw(st.sampled_from(INDENTS)) + lines[i].lstrip(" \t")
    elif kind == "insert":
        pieces = st.sampled_from(SNIPPETS) | st.text(max_size=5)
        snippet = "".join(draw(st.lists(pieces, min_size=1, max_size=3)))
        at = draw(st.integers(0, len(lines[i])))
        lines[i] = lines[i][:at] + snippet + lines[i][at:]
    elif kind == "word" and any(word and word in text for word in WORDS):
        found = [word for word in WORDS if word and word in text]
        old = draw(st.sampled_from(found))
        new = draw(st.sampled_from(WORDS) | st.text(max_size=8))
        starts = [n for n in range(len(text)) if text.startswith(old, n)]
        at = draw(st.sampled_from(starts))
        return text[:at] + new + text[at + len(old) :]
    elif kind == "ends":
        ending = draw(st.sampled_from(["\r\n", "\r"]))
        if draw(st.booleans()):
            return text.replace("\n", ending)
        lines[i] += ending.removesuffix("\n")
    else:
        lines[i] += draw(st.sampled_from(SNIPPETS))
    return "\n".join(lines)


@st.composite
def mutated(draw) -> tuple[str, bytes]:
    """The name of one example questionnaire and its bytes after a few mistakes."""
    name = draw(st.sampled_from(NAMES))
    text = ORIGINALS[name].decode("utf-8")
    if draw(st.integers(0, 19)) == 0:
        text = draw(st.text(max_size=200))
    for _ in range(draw(st.integers(1, 4))):
        text = draw(edit(text))
    encoding = draw(st.sampled_from(ENCODINGS[:1] * 6 + ENCODINGS))
    data = text.encode(encoding, errors="replace" if "utf" not in encoding else "surrogatepass")
    if draw(st.integers(0, 5)) == 0:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from(RAW_BYTES)) + data[at:]
    if draw(st.integers(0, 9)) == 0:
        data = data[: draw(st.integers(0, len(data)))]  # cut in the middle of a character
    return name, data


# --- the project and the checks ----------------------------------------------------------


@pytest.fixture(scope="module")
def fuzz_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with copies of the examples and their ID lock, and a site built from them."""
    root = tmp_path_factory.mktemp("fuzz")
    (root / "questionnaires").mkdir()
    with contextlib.chdir(root):
        _restore(root)
        result = CliRunner().invoke(build_command, ["-q"])
        assert result.exit_code == 0, result.output
    return root


def _restore(root: Path) -> None:
    for name, data in ORIGINALS.items():
        (root / "questionnaires" / name).write_bytes(data)
    (root / "questionnaires" / LOCK_NAME).write_bytes(LOCK)


@contextlib.contextmanager
def mutated_project(root: Path, name: str, data: bytes) -> Iterator[None]:
    """``root`` as the working folder with ``name`` replaced by ``data``; restored after."""
    with contextlib.chdir(root):
        (root / "questionnaires" / name).write_bytes(data)
        try:
            yield
        finally:
            _restore(root)


def _line_count(data: bytes) -> int:
    """The lines of a file as an editor may count them (any line end, any encoding)."""
    counts = [data.count(b"\n") + 1]
    for encoding in ("utf-8", "utf-16", "utf-32"):
        with contextlib.suppress(UnicodeError):
            text = data.decode(encoding, errors="surrogatepass")
            counts.append(len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")))
    return max(counts)


def check_problems(name: str, data: bytes, problems) -> None:
    """Every problem names a file of the project, a line within it, and how to fix it."""
    files = {f"questionnaires/{n}": ORIGINALS[n] for n in NAMES}
    files[f"questionnaires/{name}"] = data
    files[f"questionnaires/{LOCK_NAME}"] = LOCK
    for problem in problems:
        assert problem.path in files, str(problem)
        assert 1 <= problem.line <= _line_count(files[problem.path]), str(problem)
        assert problem.message.strip(), str(problem)
        # the fix is given apart, or in brackets at the end of the message
        assert problem.fix.strip() or problem.message.rstrip().endswith(")"), f"no fix: {problem}"
        assert "Traceback" not in str(problem)


def compile_messages(root: Path, name: str, data: bytes) -> tuple[list, list[str]]:
    with mutated_project(root, name, data):
        started = time.process_time()
        _, problems, _ = compile_forms(Path("questionnaires"))
        assert time.process_time() - started < SECONDS
        return list(problems), [str(p) for p in problems]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


# --- the properties ----------------------------------------------------------------------


@FUZZ
@given(mutated())
def test_every_problem_has_file_line_and_fix(fuzz_project: Path, case) -> None:
    name, data = case
    problems, messages = compile_messages(fuzz_project, name, data)
    check_problems(name, data, problems)
    # deterministic: the same input gives the same messages
    assert compile_messages(fuzz_project, name, data)[1] == messages


@FUZZ
@given(mutated())
def test_failed_build_exits_1_and_leaves_output_alone(fuzz_project: Path, case) -> None:
    name, data = case
    output = fuzz_project / "output"
    before = snapshot(output)
    with mutated_project(fuzz_project, name, data):
        result = CliRunner().invoke(build_command, ["-q"])
    if result.exit_code == 0:
        # a harmless edit: build the originals again for the next example
        with contextlib.chdir(fuzz_project):
            assert CliRunner().invoke(build_command, ["-q"]).exit_code == 0
        return
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert "nothing was written" in result.output
    assert snapshot(output) == before
    assert not [p for p in fuzz_project.iterdir() if p.name.startswith(".output")]


def test_mutations_are_restored(fuzz_project: Path) -> None:
    for name in NAMES:
        assert (fuzz_project / "questionnaires" / name).read_bytes() == ORIGINALS[name]
    assert (EXAMPLES / LOCK_NAME).read_bytes() == LOCK
