"""Ending start-up on a bad setting so that the whole server stops, with one clear message.

Under ``flask`` or with ``gunicorn --preload`` the process that loads the app is the one to
end: exit code 1 does it. A gunicorn worker is different (``gunicorn/arbiter.py``):

* a worker that exits with code 1 is simply started again, forever, while the port stays
  open and nothing answers;
* code 3 (``WORKER_BOOT_ERROR``) makes the master stop as a whole, with code 3;
* but a *second* worker that exits with code 3 while the master is stopping raises
  ``HaltServer`` inside ``Arbiter.halt`` and prints a traceback (a long-standing gunicorn
  behaviour, e.g. benoitc/gunicorn#1006).

So exactly one worker reports the problem and exits with 3. The first to fail claims a
marker file named after the master (process ID and start time, so a later master never
sees an old claim); the others stay silent and wait for the master's SIGTERM.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, NoReturn

import click

from . import log_setup

#: gunicorn's ``Arbiter.WORKER_BOOT_ERROR``.
WORKER_BOOT_ERROR = 3
MARKER = "exit-survey-boot-error-"
#: How long a silent worker waits for the master before giving up on its own.
WAIT_FOR_MASTER = 60


def stop(problems: list[str]) -> NoReturn:
    """Print each problem on one line and end this process so that the server stops."""
    worker = _gunicorn_worker()
    if worker is None:
        _report(problems)
        raise SystemExit(1)
    if _claim_report():
        _report(problems)
        raise SystemExit(WORKER_BOOT_ERROR)
    _wait_for_master(worker)


def _report(problems: list[str]) -> None:
    for problem in problems:
        click.echo(f"Error: {problem}", err=True)
    # gunicorn with --error-logfile or --daemon: stderr is not what the operator reads
    # (with --daemon it is /dev/null), and its log would only say "Worker failed to boot".
    error_log = log_setup.gunicorn_error_log()
    if error_log is not None and not log_setup.writes_to_stderr(error_log):
        for problem in problems:
            error_log.error("%s: %s", log_setup.ROOT, problem)


def _gunicorn_worker() -> Any:
    """The gunicorn worker loading this app, or None (the master, flask, another server)."""
    if "gunicorn.workers.base" not in sys.modules:
        return None
    from gunicorn.workers.base import Worker

    frame = sys._getframe(1)
    while frame is not None:
        candidate = frame.f_locals.get("self")
        if isinstance(candidate, Worker):
            return candidate
        frame = frame.f_back
    return None


def _claim_report() -> bool:
    """True for the first worker of this master to fail (or when that cannot be known)."""
    master = os.getppid()
    folder = Path(tempfile.gettempdir())
    _forget_old_claims(folder)
    marker = folder / f"{MARKER}{master}-{_started(master)}"
    try:
        os.close(os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        return False
    except OSError:
        return True  # no marker possible: better a gunicorn traceback than endless restarts
    return True


def _forget_old_claims(folder: Path, marker: str = MARKER) -> None:
    """Delete the markers (named ``marker``, then the master) of masters that have ended
    (empty files, but tidy)."""
    for old in folder.glob(f"{marker}*"):
        pid, _, started = old.name.removeprefix(marker).partition("-")
        if pid.isdigit() and _started(int(pid)) != started:
            # Another user's marker (root ran gunicorn once) is theirs to tidy: leaving it
            # must not turn this server's one-line error into a traceback.
            with contextlib.suppress(OSError):
                old.unlink(missing_ok=True)


def _started(pid: int) -> str:
    """The start time of process ``pid`` (in clock ticks after boot), or "0" if none."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return "0"
    # The command name, in parentheses, may hold spaces: count fields after it.
    return stat.rsplit(")", 1)[-1].split()[19]


#: For collector/worker_folder.py: a worker started again takes no other folder.
gunicorn_worker = _gunicorn_worker
started = _started
forget_old_markers = _forget_old_claims


def _wait_for_master(worker: Any) -> NoReturn:
    """Stay quiet until the master, stopping because of the first worker, ends this one.

    Not exiting at once: the master would start a new worker in its place.
    """
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGQUIT):
        signal.signal(sig, lambda *_: os._exit(0))
    if not worker.alive:  # the master's SIGTERM came while this worker was still loading
        os._exit(0)
    time.sleep(WAIT_FOR_MASTER)
    os._exit(1)
