"""Building the site: questionnaires in, ``output/`` out, all or nothing.

Every file is parsed and checked before anything is written; the pages are rendered into a
staging folder beside ``output/``, which then replaces ``output/`` in one step. A failed
build therefore leaves the previous site exactly as it was.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import click
import jinja2

from .compress import with_compressed_copies
from .id_lock import LOCK_NAME, check_ids, lock_text, read_lock
from .misnamed_questionnaires import check_misnamed_questionnaires
from .model import Form, form_to_json
from .parser import ParsedFile, parse_file, relative_path
from .problems import BuildError, Problem, Problems
from .questionnaire_names import is_draft_or_hidden
from .render import PageRenderer
from .subfolder_questionnaires import check_subfolder_questionnaires
from .texts_names import check_unused_texts
from .theme_check import (
    TemplateProblem,
    block_problems,
    rehearse_collector_pages,
    repeated_field_problems,
    script_hook_problems,
)
from .translations import link_translations

FORM_PAGE = "index.html"
THANK_YOU_PAGE = "thanks.html"
FORM_JSON = "form.json"


@dataclass
class BuildResult:
    """What a build produced; ``warnings`` did not stop it."""

    forms: list[Form]
    warnings: list[Problem] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    #: What --accept-ids accepted (changed IDs, slugs, types, scales).
    accepted: list[Problem] = field(default_factory=list)


def questionnaire_files(source_dir: Path) -> list[Path]:
    """The questionnaires in ``source_dir``: everything named ``.md`` (``.MD`` too, as
    Windows may name it) except README.md and _drafts. A folder, a broken link or a pipe
    with such a name is listed too, for read_source to report: skipped, its form would
    vanish from the site without a word."""
    return sorted(
        p
        for p in source_dir.glob("*")
        if p.suffix.lower() == ".md"
        and p.name.lower() != "readme.md"
        and not is_draft_or_hidden(p.name)
    )


def compile_forms(
    source_dir: Path, *, accept_ids: bool = False
) -> tuple[list[Form], Problems, dict]:
    """Parse and check every questionnaire; returns forms, problems and the new ID lock."""
    problems = Problems()
    files = questionnaire_files(source_dir)
    shown_dir = relative_path(source_dir)
    if not source_dir.is_dir():
        problems.add(
            shown_dir,
            1,
            "the questionnaire folder does not exist",
            "run build.py in the project's folder, which holds questionnaires/; or point "
            "--source at the folder with your .md files; or create it",
        )
        return [], problems, {}
    check_misnamed_questionnaires(source_dir, shown_dir, problems)
    in_subfolders = check_subfolder_questionnaires(
        source_dir, shown_dir, problems, any_built=bool(files)
    )
    if not files and in_subfolders:
        return [], problems, {}  # said, with the fix, by the subfolders' error
    if not files:
        problems.add(
            shown_dir, 1, "no questionnaires found (no .md files)", "add one; see docs/authoring.md"
        )
        return [], problems, {}
    parsed: list[ParsedFile] = [parse_file(path, relative_path(path), problems) for path in files]
    _check_slugs(parsed, problems)
    check_unused_texts(source_dir, shown_dir, (p.language or "" for p in parsed), problems)
    forms = link_translations(parsed, shown_dir, problems)
    lock = check_ids(
        parsed,
        read_lock(source_dir / LOCK_NAME),
        problems,
        accept=accept_ids,
        in_other_versions=_in_other_versions(forms),
    )
    forms = [replace(form, version=form.compute_version()) for form in forms]
    return forms, problems, lock


def _in_other_versions(forms: list[Form]) -> dict[str, set[str]]:
    """By file name: the question IDs of the questionnaire's other language versions."""
    by_slug = {form.slug: {q.id for q in form.questions} for form in forms}
    return {
        form.source: set().union(*(by_slug.get(slug, set()) for slug in form.translations.values()))
        for form in forms
    }


def _check_slugs(parsed: list[ParsedFile], problems: Problems) -> None:
    seen: dict[str, str] = {}
    for item in parsed:
        if item.form is None:
            continue
        slug = item.form.slug
        if slug in seen:
            # Named with its line: either file may be the one that took the other's slug.
            problems.add(
                item.path,
                item.line_of.get("slug", 1),
                f"the slug '{slug}' is also used by {seen[slug]}",
                "give each questionnaire its own 'slug:', the form's web address; without "
                "a 'slug:' line it is made from the file's name",
            )
        else:
            seen[slug] = f"{item.path}:{item.line_of.get('slug', 1)}"


def render_site(
    forms: Sequence[Form], renderer: PageRenderer, *, collector_url: str = ""
) -> dict[str, bytes]:
    """Every file of the site, by path relative to the output folder."""
    files: dict[str, bytes] = {}
    # Without a collector address the form posts to the collector that serves it, wherever
    # that is: relative to the page (<slug>/), so it holds under a path prefix as well
    # (https://intranet.example.com/exit-survey/), which "/submit/..." would leave.
    base = collector_url.rstrip("/") or ".."
    for form in forms:
        action = f"{base}/submit/{form.slug}"
        page = (
            renderer.closed_page(form, root="../")
            if form.closed
            else renderer.form_page(form, root="../", action=action)
        )
        files[f"{form.slug}/{FORM_PAGE}"] = page.encode()
        files[f"{form.slug}/{THANK_YOU_PAGE}"] = renderer.thank_you_page(
            form, root="../", actions=[f"{base}/submit/{slug}" for slug in form.translation_group]
        ).encode()
        files[f"{form.slug}/{FORM_JSON}"] = form_to_json(form).encode()
    files["index.html"] = renderer.index_page(list(forms), root="").encode()
    return files


def build_site(
    source_dir: Path,
    output_dir: Path,
    *,
    template_dirs: Sequence[Path] = (),
    collector_url: str = "",
    strict: bool = False,
    check: bool = False,
    accept_ids: bool = False,
) -> BuildResult:
    """Build every questionnaire into ``output_dir``, or raise ``BuildError`` and write nothing.

    With ``check`` everything is parsed, checked and rendered, but nothing is written.
    """
    forms, problems, lock = compile_forms(source_dir, accept_ids=accept_ids)
    fatal = problems.strict_errors if strict else problems.errors
    if fatal:
        raise BuildError(fatal, problems.notes if strict else problems.warnings)
    try:
        renderer = PageRenderer(template_dirs)
        theme_problems = block_problems(renderer.env)
        if theme_problems:
            raise BuildError(theme_problems)
        files = render_site(forms, renderer, collector_url=collector_url)
        # The first form's page with its errors, rendered once for both checks.
        first_page = rehearse_collector_pages(renderer, forms)
        theme_problems = script_hook_problems(renderer, forms, form_page=first_page)
        pages = {f.slug: files[f"{f.slug}/{FORM_PAGE}"].decode() for f in forms}
        repeated = repeated_field_problems(renderer, forms, pages=pages)
        theme_problems = Problems([*theme_problems, *repeated])
        if theme_problems:
            raise BuildError(theme_problems)
    except jinja2.TemplateError as exc:
        raise TemplateProblem(exc) from None
    result = BuildResult(forms, problems.warnings, files, problems.accepted)
    if check:
        return result
    check_output_folder(output_dir, source_dir, template_dirs)
    lock_path = source_dir / LOCK_NAME
    new_lock = lock_text(lock)
    old_lock = lock_path.read_text(encoding="utf-8") if lock_path.exists() else None
    pending = None
    if (lock or old_lock is not None) and new_lock != old_lock:
        # Written before the site is replaced: a lock that cannot be written must stop the
        # build while the old site is still in place, or the site would carry IDs that the
        # lock does not know and the next build would report them as changes again.
        pending = lock_path.with_name(f".{LOCK_NAME}.new")
        try:
            _write_file(pending, new_lock.encode())
        except OSError as exc:
            raise LockNotWritten(lock_path, exc) from None
    try:
        write_atomically(output_dir, with_compressed_copies(files))
    except BaseException:
        if pending:
            pending.unlink(missing_ok=True)
        raise
    if pending:
        os.replace(pending, lock_path)
    return result


class LockNotWritten(click.ClickException):
    """The ID lock could not be written; the site was left as it was."""

    def __init__(self, lock_path: Path, exc: OSError) -> None:
        super().__init__(
            f"{lock_path}: cannot record the question IDs: {exc.strerror or exc} "
            f"(the build writes {LOCK_NAME} beside the questionnaires: make the folder "
            "writable for this user, e.g. 'chmod u+w "
            f"{lock_path.parent}'); nothing was written"
        )


class OutputFolderProblem(click.ClickException):
    """The output folder is one the build must not replace; nothing was written."""


def check_output_folder(output_dir: Path, source_dir: Path, template_dirs: Sequence[Path]) -> None:
    """Refuse to replace a folder that holds anything but an earlier build.

    The build replaces the output folder as a whole, so pointing ``--output`` at the
    questionnaires, the project or a folder of other files by mistake would delete them.
    """
    output = output_dir.resolve()
    shown = relative_path(output_dir)
    for kept, what in [
        (source_dir, "the questionnaires"),
        *((t, "your templates") for t in template_dirs),
    ]:
        kept = kept.resolve()
        if kept == output or output in kept.parents:
            raise OutputFolderProblem(
                f"the output folder '{shown}' holds {what} ({relative_path(kept)}), and a build "
                "replaces the output folder as a whole (choose another --output, e.g. 'output')"
            )
    if not output.is_dir():
        return
    strangers = sorted(entry.name for entry in output.iterdir() if not _is_built(entry))
    if strangers:
        example = ", ".join(f"'{name}'" for name in strangers[:3])
        raise OutputFolderProblem(
            f"the output folder '{shown}' holds files that build.py did not make ({example}), "
            "and a build replaces the output folder as a whole (choose an empty or new folder "
            "for --output, or move those files out of it first); nothing was written"
        )


#: What builds before the CSS and script were inlined into each page (the history's
#: "Form pages in one request", before any release) wrote beside the questionnaires: a
#: site built then must be rebuilt in place when its operator upgrades.
OLD_STATIC = "static"
OLD_STATIC_FILES = frozenset({"form.css", "enhance.js"})


def _is_built(entry: Path) -> bool:
    """Whether ``entry`` (directly in an output folder) looks like part of an earlier build."""
    if entry.is_dir() and not entry.is_symlink():
        if entry.name == OLD_STATIC:
            return _is_old_static(entry)
        return (entry / FORM_JSON).is_file()
    return entry.name.split(".")[0] == "index" and entry.is_file()


def _is_old_static(folder: Path) -> bool:
    """An older build's ``static/``: only its stylesheet and script, as plain files."""
    entries = list(folder.iterdir())
    return bool(entries) and all(
        e.name in OLD_STATIC_FILES and e.is_file() and not e.is_symlink() for e in entries
    )


def write_atomically(output_dir: Path, files: dict[str, bytes]) -> None:
    """Write ``files`` into a staging folder, then swap it into place as ``output_dir``."""
    output_dir = output_dir.resolve()
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.", dir=output_dir.parent))
    try:
        for relative, content in sorted(files.items()):
            _write_file(staging / relative, content)
        os.chmod(staging, 0o755)
        if output_dir.exists() and _exchange(staging, output_dir):
            shutil.rmtree(staging)  # now holds the previous site
        elif output_dir.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.old.", dir=output_dir.parent))
            old.rmdir()
            output_dir.rename(old)
            staging.rename(output_dir)
            shutil.rmtree(old)
        else:
            staging.rename(output_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _write_file(path: Path, content: bytes) -> None:
    # Readable by all whatever the umask: the site is public, and the collector and the
    # web server read it as users of their own (`sudo python build.py` with umask 027
    # left folders the collector could not enter).
    path.parent.mkdir(parents=True, exist_ok=True)
    path.parent.chmod(0o755)
    path.write_bytes(content)
    path.chmod(0o644)


_RENAME_EXCHANGE = 2


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step (Linux renameat2); False where that is not available."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd = -100
    result = renameat2(
        at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), _RENAME_EXCHANGE
    )
    return result == 0
