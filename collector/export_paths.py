"""The files ``flask --app collector export`` writes to: checked before a byte is written.

Each check catches a mistake that used to go through without a word and cost HR a file:
a csv saved as ``exit.xlsx`` (Excel refuses to open it), or the codebook written over the
responses.
"""

from __future__ import annotations

import errno
from pathlib import Path

import click

#: What a file name's ending says it holds.
SUFFIX_FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".json": "json"}
#: Endings of spreadsheet formats the command does not write (Excel and LibreOffice
#: refuse, or warn about, a file whose contents are not what its name says).
OTHER_SPREADSHEETS = (".xls", ".xlsm", ".xlsb", ".ods")


def is_file(path: Path | None) -> bool:
    """Whether ``path`` names a file (not standard output)."""
    return path is not None and str(path) != "-"


def choose_format(fmt: str | None, excel_nl: bool, output: Path | None) -> str:
    """The format asked for, else the one the ``--output`` file's name ends in, else csv."""
    if fmt is not None:
        return fmt
    if excel_nl or not is_file(output):
        return "csv"
    return SUFFIX_FORMATS.get(output.suffix.lower(), "csv")


def check_names(fmt: str, files: dict[str, Path | None], *, excel_nl: bool = False) -> None:
    """Refuse a file whose name says another format than the one it would hold."""
    for option, path in files.items():
        if not is_file(path):
            continue
        suffix = path.suffix.lower()
        meant = SUFFIX_FORMATS.get(suffix)
        if meant is not None and meant != fmt:
            instead = f"add --format {meant}, or " if not excel_nl else "--excel-nl writes csv: "
            raise click.UsageError(
                f"{option} {path} ends in {suffix}, but the file would hold {fmt}: "
                f"{instead}name the file {path.with_suffix('.' + fmt).name}"
            )
        if suffix in OTHER_SPREADSHEETS:
            raise click.UsageError(
                f"{option} {path}: this command does not write {suffix} files: name it "
                f"{path.with_suffix('.xlsx').name} and use --format xlsx"
            )


def check_targets(output: Path | None, codebook: Path | None) -> None:
    """Refuse to write the codebook over the responses.

    A file that exists is replaced, as by any command with an output option: a monthly
    script exports to the same name every time. It is replaced whole, only once the new
    file is complete (``output_file.owner_only_output``)."""
    if codebook is not None and not is_file(codebook) and not is_file(output):
        # One stream holding both tables: no spreadsheet or script reads it as either.
        raise click.UsageError(
            "--output and --codebook both go to standard output, one after the other: give "
            "the codebook a file of its own, e.g. --codebook codebook.csv"
        )
    if is_file(output) and is_file(codebook) and _same(output, codebook):
        raise click.UsageError(
            f"--output and --codebook are the same file ({output}): the codebook would "
            f"replace the responses; give it its own name, e.g. --codebook "
            f"{output.with_stem(output.stem + '-codebook').name}"
        )


def _same(one: Path, other: Path) -> bool:
    try:
        return one.resolve() == other.resolve()
    except OSError:  # a loop of symbolic links: let writing report it
        return False


def cannot_write(path: Path, exc: OSError) -> click.ClickException:
    """A one-line error for a file that cannot be written, saying how to get it written."""
    folder = path.parent
    reasons = {
        errno.ENOENT: f"the folder {folder} does not exist: create it first, or choose "
        "another folder",
        errno.ENOTDIR: f"{folder} is not a folder: choose a file in a folder",
        errno.EACCES: f"you may not write in the folder {folder}: choose a folder you can "
        "write in, such as your home folder",
        errno.EPERM: f"you may not write in the folder {folder}: choose a folder you can "
        "write in, such as your home folder",
        errno.EROFS: f"{folder} is on a read-only disk: choose another folder",
        errno.ENOSPC: "the disk is full: make room, or choose a folder on another disk",
        errno.EISDIR: "that is a folder: give a file name",
    }
    reason = reasons.get(exc.errno or 0, exc.strerror or str(exc))
    return click.ClickException(f"cannot write {path}: {reason}")
