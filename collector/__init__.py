"""The exit-survey collector: serves the built forms and keeps the answers, anonymously.

``flask --app collector run`` serves ``output/`` and receives its submissions; under a WSGI
server use ``collector:create_app()``. Settings come from ``COLLECTOR_*`` environment
variables (see ``collector.config``).
"""

from __future__ import annotations

import copy
import grp
import logging
import os
import pwd
import shlex
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click
from flask import Flask
from werkzeug.exceptions import HTTPException

from . import (
    admin,
    auth,
    cli_loading,
    commands,
    data_folder,
    gunicorn_logs,
    health,
    hosts,
    log_setup,
    output_folder,
    page_policy,
    proxy,
    report,
    report_command,
    retention,
    security,
    site,
    startup,
    store_upkeep,
    submit,
    worker_folder,
)
from .config import PREFIX, ConfigError, load_config, unknown_settings
from .error_pages import error_page
from .forms import FormRegistry
from .host_refusal import refusal
from .page_policy import BuiltPagePolicies
from .rate_limit import LIMITS_FOLDER, RateLimiter
from .render import PageRenderer
from .state import EXTENSION, CollectorState, collector_state
from .store import ResponseStore
from .submission_record import REPEAT_WINDOW
from .theme_check import collector_theme_problems, repeated_field_problems, script_hook_problems

__all__ = ["ConfigError", "create_app"]

log = logging.getLogger(__name__)


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Create the collector.

    Called without arguments, as gunicorn and ``flask --app collector`` do, a bad
    ``COLLECTOR_*`` setting stops the server (or command) as a whole, with one line per
    problem and no traceback (see ``collector.startup``). Called with a config (tests,
    embedding), it raises ``ConfigError`` for the caller to handle.
    """
    log_setup.configure()  # before anything logs, and before Flask adds a handler of its own
    gunicorn_logs.init_app()
    if test_config is None and cli_loading.help_only():
        try:  # a bad setting is said as for any command; no folder is looked at
            load_config()
        except ConfigError as exc:
            startup.stop(exc.problems)
        return _help_app()
    try:
        return _create_app(test_config)
    except ConfigError as exc:
        if test_config is not None:
            raise
        startup.stop(exc.problems)


def _create_app(test_config: Mapping[str, Any] | None) -> Flask:
    app = Flask(__name__, static_folder=None)
    app.config.from_mapping(load_config())
    if test_config:
        app.config.from_mapping(test_config)
    for key in ("OUTPUT_DIR", "DATA_DIR"):
        app.config[key] = Path(app.config[key])
    for name in unknown_settings():
        app.logger.warning("%s is not a collector setting (see README.md); ignored", name)
    hosts.init_app(app, refusal)  # first: a request for another host must reach no other hook
    proxy.init_app(app)
    data_dir = app.config["DATA_DIR"]
    # A gunicorn worker started again that finds another folder (or none) at the path
    # makes the app without it: it refuses posts until the folder it should take is back.
    away = worker_folder.started_again_elsewhere(data_dir)
    if away is None:
        data_folder.check_at_start(data_dir)  # a folder whose answers are elsewhere: refused
    new_store = data_folder.is_new_store(data_dir)
    # A command makes no store where there is none (a wrong COLLECTOR_DATA_DIR): it opens
    # the folder as a reader would, creating nothing; the commands that read say so and
    # stop, and set-password and restore make the folder themselves (start_store).
    no_store = data_folder.no_store(data_dir) if cli_loading.loaded_by_command() else None
    app.config["DATA_NO_STORE"] = no_store
    # Why this process may not write the data folder (None: it may). Only a command is
    # loaded that way (a read-only snapshot); each command that writes refuses then.
    if away is not None:
        read_only: str | None = worker_folder.AWAY
    else:
        read_only = no_store or prepare_data_dir(
            data_dir, may_read_only=cli_loading.loaded_by_command()
        )
    app.config["DATA_READ_ONLY"] = read_only
    output_folder.check_readable(app.config["OUTPUT_DIR"], _name(pwd.getpwuid, os.geteuid()))
    auth.load_secret_key(app)
    limits = None if read_only else data_dir / LIMITS_FOLDER  # no posts to count then
    state = app.extensions[EXTENSION] = CollectorState(
        forms=FormRegistry(app.config["OUTPUT_DIR"], data_dir / "forms", read_only=bool(read_only)),
        store=ResponseStore(data_dir / "responses", read_only=bool(read_only)),
        renderer=PageRenderer(app.config["TEMPLATE_DIRS"]),
        page_policies=BuiltPagePolicies(page_policy.header_origins(app)),
        limiter=RateLimiter(
            app.config["RATE_LIMIT"],
            app.config["RATE_WINDOW"],
            folder=limits and limits / "submit",
            secret=app.secret_key,
        ),
        repeats=RateLimiter(
            1,
            REPEAT_WINDOW,
            folder=limits and limits / "repeats",
            secret=app.secret_key,
        ),
        allowed_origins=app.config["ALLOWED_ORIGINS"],
        data_folder=away or (None if read_only else data_folder.DataFolder(data_dir)),
    )
    state.forms.data_away = state.data_folder_problem
    check_templates(app)
    state.limiter.sweep()  # what a previous run left behind
    state.repeats.sweep()
    security.init_app(app)
    app.register_blueprint(submit.bp)
    app.register_blueprint(site.bp)
    app.register_error_handler(HTTPException, error_page)
    _add_commands(app)
    admin.init_app(app)
    if not read_only:  # its folders, shuffles and archives are writes; a reader needs none
        store_upkeep.init_app(app)
    if away is None:  # its purges would write in whatever folder is there
        retention.init_app(app)
    report.init_app(app)
    health.init_app(app)

    # Archive the versions that are built now, so later rebuilds cannot orphan open pages.
    if not state.forms.all_current():
        app.logger.warning(
            "%sOUTPUT_DIR: no built questionnaire in %s, so every form answers 404: run "
            "'python build.py' (the collector picks the forms up without a restart)",
            PREFIX,
            app.config["OUTPUT_DIR"].resolve(),
        )
    site.check_theme(app)
    if not read_only and not cli_loading.loaded_by_command():
        if new_store:
            data_folder.say_new_store(data_dir)  # a server's: a command's output stays its own
        if state.data_folder is not None:
            worker_folder.note_for_workers_started_again(state.data_folder)
    if away is not None:
        away.watch()
    return app


def start_store(app: Flask, *, store: bool) -> bool:
    """For the commands that may start a store (set-password on a first start, restore
    into a new folder), on a data folder that holds none: make the folder (owner only)
    and, with ``store``, the store in it, as a server's first start does. True when it
    made them; nothing is done on a folder that holds a store."""
    if not app.config.get("DATA_NO_STORE"):
        return False
    data_dir = app.config["DATA_DIR"]
    try:
        reason = prepare_data_dir(data_dir)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    app.config["DATA_READ_ONLY"] = reason  # None: prepare_data_dir raises otherwise
    if store:
        collector_state(app).store = ResponseStore(data_dir / "responses")
        app.config["DATA_NO_STORE"] = None
    return True


def _add_commands(app: Flask) -> None:
    """The collector's commands (``flask --app collector --help`` lists them)."""
    commands.init_app(app)
    report_command.init_app(app)


def _help_app() -> Flask:
    """An app that only knows its commands, for their help: made without touching a
    folder, so that ``--help`` prints the help, and only that, whatever the state of the
    output and data folders (a fresh checkout has neither)."""
    app = Flask(__name__, static_folder=None)
    _add_commands(app)
    # Copies that refuse to run: should click take "--help" for an option's value after
    # all (export --output --help), the command must not run on an app without a store.
    for name, command in list(app.cli.commands.items()):
        stand_in = copy.copy(command)
        stand_in.callback = _not_run
        app.cli.commands[name] = stand_in
    return app


def _not_run(*args: Any, **kwargs: Any) -> None:
    raise click.UsageError(
        "'--help' was read as the value of an option: give that option its value, and "
        "'--help' on its own to see the help"
    )


def check_templates(app: Flask) -> None:
    """Stop on a theme override the collector's own pages cannot be rendered with.

    The form with its error messages and not_sent.html are rendered here, when a leaver's
    answers come back: a mistake in them would turn refused answers into a server error.
    Only an override can have one (the default theme is tested), so without
    ``COLLECTOR_TEMPLATES_DIR`` nothing is checked and start-up costs nothing more.
    """
    if not app.config["TEMPLATE_DIRS"]:
        return
    state = collector_state(app)
    problems = collector_theme_problems(state.renderer, state.forms.all_current())
    if problems:
        raise ConfigError([f"{PREFIX}TEMPLATES_DIR: {problem}" for problem in problems])
    # The form pages themselves come from the build, which refuses such a theme; the page
    # sent back with messages still renders without the script's markup, so say it, once.
    # And a page it sends back that sends a field twice: the answers sent again from it
    # would be refused as a whole.
    forms = state.forms.all_current()
    for problem in [
        *script_hook_problems(state.renderer, forms),
        *repeated_field_problems(state.renderer, forms),
    ]:
        log.warning("%sTEMPLATES_DIR: %s", PREFIX, problem)


def prepare_data_dir(data_dir: Path, *, may_read_only: bool = False) -> str | None:
    """Create the data folder (owner only) or say why it cannot be used.

    Returns None when this process may write it. With ``may_read_only`` (a command, which
    says so before it writes), a folder it may only read is no error: the reason it may
    not write is returned instead, and nothing in the folder is changed.
    """
    name = f"{PREFIX}DATA_DIR"
    try:
        data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise ConfigError(
            f"{name}: cannot create {str(data_dir)!r} ({exc.strerror}); give a folder the "
            "collector's user may create or write to"
        ) from None
    problem = _write_problem(data_dir)
    if problem is None:
        tighten_data_dir(data_dir)
        return None
    if may_read_only and os.access(data_dir, os.R_OK | os.X_OK):
        return problem
    raise ConfigError(problem)


def _write_problem(data_dir: Path) -> str | None:
    """Why this process cannot write in the data folder, or None."""
    name = f"{PREFIX}DATA_DIR"
    if _on_read_only_disk(data_dir):
        return (
            f"{name}: {str(data_dir)!r} is on a read-only file system (a snapshot?), so "
            "nothing in it can change; give the collector's own, writable data folder"
        )
    if not os.access(data_dir, os.W_OK | os.X_OK):
        return (
            f"{name}: {str(data_dir)!r} is not writable by the collector's user; give a "
            "folder it may write to"
        )
    foreign = files_of_others(data_dir)
    if not foreign:
        return None
    user, group = _name(pwd.getpwuid, os.geteuid()), _name(grp.getgrgid, os.getegid())
    shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
    return (
        f"{name}: files in {str(data_dir)!r} belong to another user, "
        f"so the collector's user ({user}) cannot write them: {shown}. A command run as "
        f"root probably made them; give them back with "
        f"'chown -R {user}:{group} {shlex.quote(str(data_dir.resolve()))}', and run "
        f"HR commands as {user} (sudo -u {user})"
    )


def _on_read_only_disk(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def tighten_data_dir(data_dir: Path) -> None:
    """Make a data folder others may enter (``mkdir`` makes 0755) the owner's only (0700).

    It holds the answers, the arrival order of the latest ones and the HR password's hash:
    docs/storage.md promises 0700, and the files in it are 0600 only as long as nobody
    copies one in. A folder of another user (one we may write to through its group) is
    not ours to change: the log says so, once per start.
    """
    st = data_dir.stat()
    if not st.st_mode & 0o077:
        return
    before = f"{stat.S_IMODE(st.st_mode):04o}"
    if st.st_uid == os.geteuid():
        try:
            os.chmod(data_dir, 0o700)
        except OSError as exc:
            log.warning("%sDATA_DIR: cannot make %s 0700 (%s)", PREFIX, data_dir, exc.strerror)
        else:
            log.warning(
                "%sDATA_DIR: %s was mode %s, so other users could look into it; made it "
                "0700 (the collector's user only), as the collector makes it",
                PREFIX,
                data_dir,
                before,
            )
        return
    log.warning(
        "%sDATA_DIR: %s is mode %s and belongs to %s, so other users can look into it; make "
        "it the collector's user's, mode 0700 (chown, then chmod 700)",
        PREFIX,
        data_dir,
        before,
        _name(pwd.getpwuid, st.st_uid),
    )


def files_of_others(data_dir: Path) -> list[str]:
    """What in the data folder belongs to someone else and cannot be written (or, for a
    folder, entered) by this process, as ``path (owner)``; empty for root, who can."""
    if os.geteuid() == 0:
        return []
    found: list[str] = []
    me = os.geteuid()

    def check(path: str, st: os.stat_result, need: int) -> None:
        if st.st_uid != me and not os.access(path, need):
            shown = os.path.relpath(path, data_dir)
            found.append(f"{shown} ({_name(pwd.getpwuid, st.st_uid)}'s)")

    for folder, dirs, files in os.walk(data_dir):
        for entry in [*dirs, *files]:
            path = os.path.join(folder, entry)
            try:
                st = os.lstat(path)
            except OSError:
                continue  # gone meanwhile
            if stat.S_ISDIR(st.st_mode):
                check(path, st, os.R_OK | os.W_OK | os.X_OK)
            elif stat.S_ISREG(st.st_mode):
                check(path, st, os.R_OK | os.W_OK)
    return sorted(found)


def _name(lookup: Any, number: int) -> str:
    """A user's or group's name, or its number when it has none."""
    try:
        return str(lookup(number)[0])
    except KeyError:
        return str(number)
