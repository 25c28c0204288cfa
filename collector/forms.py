"""The compiled forms the collector knows: the current build, and every version it has seen.

The collector never parses Markdown: it reads ``output/<slug>/form.json`` as written by
build.py. Each version it sees is archived in the data folder, so that a page built from
an older version (still open in someone's browser, or cached) is validated against the
definition it was built from.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path

from . import folder_times
from .model import Form, form_from_json, form_to_json
from .store_files import fsync_dir, make_dir, open_file
from .store_format import StoreError
from .store_writer import os_errors
from .text import SLUG_PATTERN

log = logging.getLogger(__name__)


class FormRegistry:
    """Loads forms from the output folder, reloading a form when its file changes."""

    def __init__(self, output_dir: Path, archive_dir: Path, *, read_only: bool = False) -> None:
        self.output_dir = output_dir
        self.archive_dir = archive_dir
        #: A command reading a data folder it may not write: nothing is archived (nothing
        #: is stored either, so no answer needs its version kept).
        self.read_only = read_only
        #: Why the data folder is not the one opened (collector/data_folder.py), or None:
        #: meanwhile nothing is archived, so that no forms/ is made in whatever is there.
        self.data_away: Callable[[], str | None] = lambda: None
        self._lock = threading.Lock()
        self._current: dict[str, tuple[int, Form]] = {}
        self._versions: dict[tuple[str, str], Form] = {}
        self._warned: set[tuple[str, str]] = set()  # versions not archived, said so once
        #: What :meth:`built` and :meth:`retired` found for :meth:`known`, with the state
        #: of the folder they were read from.
        self._known: dict[str, tuple[object, list[Form]]] = {}

    def slugs(self) -> list[str]:
        if not self.output_dir.is_dir():
            return []
        return sorted(p.parent.name for p in self.output_dir.glob("*/form.json"))

    def current(self, slug: str) -> Form | None:
        """The form as last built, or None when there is no such form."""
        found = self._read_built(slug)
        if found is None:
            return None
        mtime, form, cached = found
        if cached:
            return form
        if self.data_away() is not None:
            return form  # not cached: archived once the folder is back (a post waits)
        try:
            self.archive(form)
        except StoreError as exc:
            # A full disk after HR rebuilt: the page still shows, and the form still reads
            # its answers' versions; only storing an answer waits for the archive (submit
            # calls archive() again). Not cached, so that the next call tries again.
            self._warn(form, exc)
            return form
        with self._lock:
            self._current[slug] = (mtime, form)
        return form

    def _read_built(self, slug: str) -> tuple[int, Form, bool] | None:
        """(modification time, form, whether it is the one :meth:`current` kept) of the
        built ``form.json`` of ``slug``; None when there is none. Reading it may raise
        (OSError, ValueError, KeyError: one half written by a build)."""
        if not SLUG_PATTERN.match(slug):
            return None
        path = self.output_dir / slug / "form.json"
        try:
            mtime = path.stat().st_mtime_ns
        except OSError:
            return None
        with self._lock:
            cached = self._current.get(slug)
        if cached and cached[0] == mtime:
            return mtime, cached[1], True
        return mtime, form_from_json(path.read_text(encoding="utf-8")), False

    def version(self, slug: str, version: str) -> Form | None:
        """The form ``slug`` as it was at ``version``, if this collector has ever seen it."""
        current = self.current(slug)
        if current is not None and current.version == version:
            return current
        if not version.isalnum():
            return None
        key = (slug, version)
        with self._lock:
            if key in self._versions:
                return self._versions[key]
        path = self.archive_dir / slug / f"{version}.json"
        try:
            form = form_from_json(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError):
            return None
        with self._lock:
            self._versions[key] = form
        return form

    def all_current(self) -> list[Form]:
        return [f for f in (self.current(s) for s in self.slugs()) if f is not None]

    def latest(self, slug: str) -> Form | None:
        """The form as last built or, for one that is no longer built (its file was renamed
        or removed), the version this collector archived last; None if it never saw one."""
        current = self.current(slug)
        if current is not None or not SLUG_PATTERN.match(slug):
            return current
        try:
            paths = list((self.archive_dir / slug).glob("*.json"))
        except OSError:
            return None
        for path in sorted(paths, key=folder_times.archived_at, reverse=True):
            form = self.version(slug, path.stem)
            if form is not None:
                return form
        return None

    def retired(self) -> list[Form]:
        """The last version of every questionnaire this collector archived that is no
        longer built: its answers are still stored and must stay reachable."""
        if not self.archive_dir.is_dir():
            return []
        built = set(self.slugs())
        names = sorted(p.name for p in self.archive_dir.iterdir() if p.is_dir())
        forms = (self.latest(name) for name in names if name not in built)
        return [f for f in forms if f is not None]

    def known(self) -> tuple[list[Form], list[Form]]:
        """(built, retired): :meth:`built` and :meth:`retired`, read without archiving
        anything and kept until a folder changes.

        For the words of error pages outside any questionnaire: a request for a host the
        collector does not answer to must write nothing in the data folder (hosts.py),
        and every wrong address asks again (with 40 removed surveys of 10 versions each,
        reading them took 4.5 ms a request)."""
        key = self._folder_state(self.archive_dir, "")  # before reading: see _kept
        return self.built(), self._kept("retired", key, self.retired)

    def built(self) -> list[Form]:
        """The questionnaires built now, by slug, as :meth:`all_current` without archiving
        them (one half written by a build is left out), kept until one changes."""
        key = self._folder_state(self.output_dir, "form.json")
        return self._kept("built", key, lambda: [f for f in map(self._built, self.slugs()) if f])

    def _kept(self, name: str, key: object, read: Callable[[], list[Form]]) -> list[Form]:
        """``read()``, or what it returned last while the folders' state was ``key`` (taken
        before reading: a change meanwhile only reads them again next time)."""
        with self._lock:
            kept = self._known.get(name)
            if kept is not None and kept[0] == key:
                return kept[1]
        found = read()
        with self._lock:
            self._known[name] = (key, found)
        return found

    def _built(self, slug: str) -> Form | None:
        """:meth:`current` without archiving it (None: half written by a build)."""
        try:
            found = self._read_built(slug)
        except (OSError, ValueError, KeyError):
            return None
        return found[1] if found else None

    @staticmethod
    def _folder_state(folder: Path, name: str) -> tuple[tuple[str, int, int], ...]:
        """The entries of ``folder`` (their file ``name`` in them, if given) by name and
        times: a folder's modification time is set back to the ten-minute mark after a
        version is added (folder_times.py), its change time cannot be."""
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return ()
        state = []
        for entry in entries:
            try:
                found = os.stat(os.path.join(entry.path, name)) if name else entry.stat()
            except OSError:
                continue
            state.append((entry.name, found.st_mtime_ns, found.st_ctime_ns))
        return tuple(state)

    def family(self, form: Form) -> list[Form]:
        """``form`` and its translations (the questionnaire in every language).

        A questionnaire that is no longer built keeps only its translations that are no
        longer built either: one that is still built belongs to the current questionnaire.
        """
        built = set(self.slugs())
        found = [form]
        for slug in form.translations.values():
            if slug == form.slug:
                continue
            if form.slug in built:
                other = self.current(slug)
            else:
                other = None if slug in built else self.latest(slug)
            if other is not None:
                found.append(other)
        return found

    def archived_versions(self, slug: str) -> list[Form]:
        """Every version of ``slug`` this collector has seen: the current one first, then
        the others from the last seen to the first. Readers that take the first definition
        of a question or label they meet (a question removed since, an earlier choice)
        get its latest wording, not whichever version's name sorts first."""
        current = self.current(slug)
        forms = {current.version: current} if current is not None else {}
        folder = self.archive_dir / slug
        if folder.is_dir():
            for path in sorted(folder.glob("*.json"), key=folder_times.archived_at, reverse=True):
                try:
                    form = form_from_json(path.read_text(encoding="utf-8"))
                except (OSError, ValueError, KeyError):
                    continue
                forms.setdefault(form.version, form)
        return list(forms.values())

    def archive(self, form: Form) -> None:
        """Keep ``form`` in the data folder, durably, unless it is there already; raises
        StoreError when it cannot (a full disk). An answer is stored only after its version
        is archived: without it, once HR rebuilds again, nothing tells what its codes meant."""
        folder = self.archive_dir / form.slug
        path = folder / f"{form.version}.json"
        if self.read_only:
            return
        # A folder the collector's user may no longer read (its contents chowned to root by
        # a restore): a StoreError, as a full disk is, and a 503 for the post; not an error
        # while answering it, which closed the connection without a page.
        with os_errors(f"cannot read the archive of {form.slug} in {folder}"):
            if path.exists():
                return
        temporary = folder / f".{form.version}.{os.getpid()}.tmp"
        with os_errors(f"cannot archive version {form.version} of {form.slug} in {folder}"):
            made = [d for d in (self.archive_dir, folder) if make_dir(d)]  # 0700, the owner's
            for directory in made:
                fsync_dir(str(directory.parent))
            temporary.unlink(missing_ok=True)  # left by a crash: O_EXCL below must not fail
            try:
                fd, _ = open_file(str(temporary), os.O_WRONLY, create=True)
                with os.fdopen(fd, "w", encoding="utf-8") as out:
                    out.write(form_to_json(form))
                    out.flush()
                    # Archived at a leaver's request: its time on the grid, not theirs.
                    when = folder_times.stamp_for_new(folder)
                    os.utime(out.fileno(), (when, when))
                    os.fsync(out.fileno())
            except OSError:
                temporary.unlink(missing_ok=True)  # half a file takes the room answers need
                raise
            os.replace(temporary, path)
            for directory in {folder, *(d.parent for d in made)}:
                folder_times.settle_folder(directory)
            fsync_dir(str(folder))
        with self._lock:
            self._warned.discard((form.slug, form.version))

    def _warn(self, form: Form, exc: StoreError) -> None:
        """Say once per version and process that it could not be archived (each worker
        tries again at every request for it, and would otherwise log each time)."""
        key = (form.slug, form.version)
        with self._lock:
            if key in self._warned:
                return
            self._warned.add(key)
        log.warning("%s; answers to it are refused until it can be", exc)
