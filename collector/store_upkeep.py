"""What the clean-up thread does to the store as time passes, in every process that serves.

* Closed months are shuffled (rewritten in random order, without their retry keys) when
  they close: a collector that runs for months without a restart must not keep them in
  the order people answered.
* The folder and lock file of every built questionnaire are made at start-up and at every
  ten-minute mark (one built while the collector runs), never by a leaver's first answer.
* At start-up, a month an older collector filed under a quarter's or a year's first month
  moves to the period's last month (store_refile.py).
* Archived form versions whose times an older collector left at a leaver's second get
  times on the ten-minute grid at start-up (folder_times.py).
* A new build is archived within a minute of landing in the output folder, also when no
  request comes: pages hosted elsewhere never pass through the collector, and a version it
  never saw cannot be told apart from the next one (see ``archive_new_builds``).

Each worker process does all of this on its own: the store takes the same per-questionnaire lock
as writers, and shuffling a shard twice or making a folder that exists is a no-op.
Deleting old answers is retention.py's.
"""

from __future__ import annotations

import logging
import os
import time
import weakref
from pathlib import Path

from flask import Flask

from . import folder_times, store_refile, sweeper
from .data_folder import DataFolder
from .forms import FormRegistry
from .rate_limit import LIMITS_FOLDER
from .state import collector_state
from .store import ResponseStore, StoreError, next_mix
from .store_format import next_month_closes

log = logging.getLogger(__name__)


def shuffle_closed_months(store: ResponseStore) -> sweeper.Task:
    """A sweeper task: shuffle every month that has closed, then wait for the next one.

    It holds the store weakly: an app that is gone (in tests, say) ends its task.
    """

    def shuffle(current: ResponseStore) -> float:
        try:
            current.compact()
        except StoreError as exc:
            log.warning("could not shuffle closed months: %s", exc)
        return next_month_closes()

    return sweeper.weak_task(store, shuffle)


def prepare_folders(
    store: ResponseStore,
    forms: FormRegistry,
    request_folders: list[Path],
    data: DataFolder | None = None,
) -> sweeper.Task:
    """A sweeper task: make the store folder and lock file of every built questionnaire
    now and at every ten-minute mark (a questionnaire built while the collector runs), so
    that no leaver's answer makes them: their times would be that answer's, for good.
    The same for ``request_folders``, at start-up (new builds are archived by
    ``archive_new_builds``, not by a request). Then, at every mark, the form versions a
    request archived are written anew, and ``request_folders`` (the data folder,
    ``limits/`` and its folders) and the versions' folders get the mark's times, not the
    second of the request that changed them (folder_times.py). Nothing while the data
    folder is not the one opened (``data``): that is said instead (data_folder.py).

    It holds the store and the forms weakly: an app that is gone ends its task.
    """
    forms_ref = weakref.ref(forms)
    started: list[bool] = []  # the first run is at start-up: not at a mark

    def prepare(current: ResponseStore) -> float | None:
        built = forms_ref()
        if built is None or current.closed:
            return None
        if data is not None:
            lost = data.problem()
            data.say(lost)
            if lost is not None:  # made there, the folders would be a new store's
                return next_mix()
        try:
            current.prepare(built.slugs())
        except (StoreError, OSError) as exc:
            log.warning("could not make the folders of the questionnaires: %s", exc)
        if started:  # at start-up, writing anew would give them the start's time
            folder_times.settle_at_mark(built.archive_dir, request_folders)
        else:  # made by the first post, a folder's birth time was that post's, for good
            folder_times.make_folders(request_folders)
        started[:] = [True]
        return next_mix()

    return sweeper.weak_task(store, prepare)


#: How often each process looks for a new build to archive (seconds).
ARCHIVE_CHECK_SECONDS = 60


def archive_new_builds(forms: FormRegistry) -> sweeper.Task:
    """A sweeper task: archive the version of every built questionnaire, every minute.

    A form served by a static host reaches the collector only with its answers. Were a
    version archived only then, one that HR replaced before its first answer came (a typo
    fixed the next day) would be unknown when a leaver who opened it sends: their answers
    would be refused as not fitting the new form, or taken as answers to it (a scale that
    changed its range under the same ID). Checking costs one ``stat`` per questionnaire.

    It holds the forms weakly: an app that is gone ends its task.
    """

    def archive(current: FormRegistry) -> float:
        try:
            current.all_current()  # archives what it has not seen; a full disk is logged there
        except (OSError, ValueError) as exc:  # a build swapped in mid-read: the next minute
            log.warning("could not read the built questionnaires to archive them: %s", exc)
        return time.time() + ARCHIVE_CHECK_SECONDS  # a task that raised would never run again

    return sweeper.weak_task(forms, archive)


def init_app(app: Flask) -> None:
    """Make the questionnaires' folders now, and have closed months shuffled and new builds
    archived from the first request of each process on."""
    state = collector_state(app)
    # Not in a folder put in place of the one opened (data_folder.py): .refiled would say
    # of that folder that its months were looked at.
    try:  # before retention's first purge, which reads a month's period from its name
        if state.data_folder_problem() is None:
            store_refile.refile(state.store)
    except StoreError as exc:
        log.warning("could not move a month an older collector filed: %s", exc)
    # Versions an older collector archived at a leaver's second get times on the grid.
    folder_times.settle_archive(state.forms.archive_dir)
    data_dir = Path(app.config["DATA_DIR"])
    counts = [limiter.folder for limiter in (state.limiter, state.repeats) if limiter.folder]
    prepare = prepare_folders(
        state.store, state.forms, [data_dir, data_dir / LIMITS_FOLDER, *counts], state.data_folder
    )
    again = prepare()  # at start-up, whether or not requests come
    if again is not None:
        sweeper.expect(prepare, again)
    shuffle = shuffle_closed_months(state.store)
    archive = archive_new_builds(state.forms)
    # Now, for a server without requests (gunicorn without --preload starts the app in each
    # worker); a forked worker starts with no tasks, so its first request schedules again.
    sweeper.expect(archive, time.time() + ARCHIVE_CHECK_SECONDS)
    scheduled_in: list[int] = []  # the process that scheduled it: a fork starts again

    @app.before_request
    def _schedule_shuffle() -> None:
        # At the first request of each process (workers fork after start-up), so that
        # the task runs on the thread of the process that serves.
        if scheduled_in != [os.getpid()]:
            scheduled_in[:] = [os.getpid()]
            sweeper.expect(shuffle, time.time())
            sweeper.expect(archive, time.time() + ARCHIVE_CHECK_SECONDS)
