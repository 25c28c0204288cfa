"""Round 21: the promises made to leavers, checked against what the data folder keeps.

The privacy statement says answers are kept "without the day or time you sent them: we
keep only the month". The month files keep that promise (they are mixed at the next
ten-minute mark), but the collector archives a form version the first time it meets it:
for pages hosted elsewhere, that is the first answer to it, and the archived file kept
that answer's second as its time, for good, while every answer names its version. A
version only one leaver answered (HR fixed a typo, then rebuilt again) dated that answer
to the second. Folders kept seconds too: the first post made ``limits/``, so the data
folder's time was that post's.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from collector import create_app, folder_times
from collector.sweeper import MARK_SECONDS, mark_before

SECOND = 1_000_000_000
HINT = "For example pay, benefits, growth or flexibility"


def on_grid(path: Path) -> bool:
    return path.stat().st_mtime_ns % (MARK_SECONDS * SECOND) == 0


def answer(client, version: str, submission: str) -> None:
    """One leaver's answers to ``version`` of exit-en, sent as the form sends them."""
    reply = client.post(
        "/submit/exit-en",
        data={"_version": version, "_submission": submission, "departure": "voluntary"},
    )
    assert reply.status_code == 303, reply.get_data(as_text=True)


def test_a_version_first_met_with_an_answer_does_not_keep_that_answer_s_second(
    scheduled, versions, monkeypatch
):
    # An answer in the first seconds after a mark is taken for the clean-up's own change:
    # here every change counts as a request's, whenever the test runs.
    monkeypatch.setattr(folder_times, "AT_MARK_SECONDS", 0)
    app, rebuild = versions
    registry = app.extensions["exit_survey"].forms
    first = registry.current("exit-en").version
    rebuild((HINT, HINT + ", say"))  # HR rewords a hint: a new version, the same IDs
    # Pages hosted elsewhere: the collector meets the new version with its first answer.
    built = Path(app.config["OUTPUT_DIR"]) / "exit-en" / "form.json"
    version = json.loads(built.read_text("utf-8"))["version"]
    assert version != first
    folder = registry.archive_dir / "exit-en"
    before = time.time()
    answer(app.test_client(), version, "only-leaver-of-this-version")
    after = time.time()

    archived = folder / f"{version}.json"
    when = archived.stat().st_mtime_ns
    older = (folder / f"{first}.json").stat().st_mtime_ns
    assert when % SECOND == 0, "the archived version keeps the answer's exact time"
    assert when // SECOND in {mark_before(before), mark_before(after), older // SECOND + 1}
    assert when <= after * SECOND
    assert on_grid(folder), "the version's folder keeps the answer's exact time"
    # The order the collector reads versions in (last archived first) is kept.
    assert [f.version for f in registry.archived_versions("exit-en")][:2] == [version, first]

    # The file's change and birth times are still the answer's: at the mark, the clean-up
    # writes it anew (as the mix does the month's answers), keeping its modification time.
    made = archived.stat()
    assert made.st_ctime <= after
    time.sleep(0.1)  # file times come from a coarser clock than time.time()
    for task, _ in list(scheduled):
        task()
    renewed = archived.stat()
    assert renewed.st_ino != made.st_ino and renewed.st_ctime > after
    assert renewed.st_mtime_ns == when
    assert json.loads(archived.read_text("utf-8"))["version"] == version
    assert on_grid(folder)


def test_versions_an_older_collector_archived_get_times_on_the_grid_in_order(versions):
    app, rebuild = versions
    registry = app.extensions["exit_survey"].forms
    first = registry.current("exit-en").version
    rebuild((HINT, HINT + ", say"))
    second = registry.current("exit-en").version
    folder = registry.archive_dir / "exit-en"
    # As an older collector left them: the seconds two leavers opened the form.
    mark = mark_before(time.time()) - 3 * MARK_SECONDS
    os.utime(folder / f"{first}.json", (mark + 13.37, mark + 13.37))
    os.utime(folder / f"{second}.json", (mark + 95.5, mark + 95.5))
    os.utime(folder, (mark + 95.5, mark + 95.5))

    restarted = create_app(
        {
            "TESTING": True,
            "OUTPUT_DIR": app.config["OUTPUT_DIR"],
            "DATA_DIR": app.config["DATA_DIR"],
        }
    )

    assert (folder / f"{first}.json").stat().st_mtime_ns == mark * SECOND
    assert (folder / f"{second}.json").stat().st_mtime_ns == (mark + 1) * SECOND
    assert on_grid(folder)
    order = [
        f.version for f in restarted.extensions["exit_survey"].forms.archived_versions("exit-en")
    ]
    assert order[:2] == [second, first]


def test_the_first_post_leaves_no_second_on_the_data_folder_after_the_mark(
    scheduled, built_site, tmp_path
):
    data = tmp_path / "data"
    app = create_app({"TESTING": True, "OUTPUT_DIR": built_site, "DATA_DIR": data})
    version = app.extensions["exit_survey"].forms.current("exit-en").version
    # Made before the first post: a folder's birth time, once a post's, stays that post's.
    assert (data / "limits" / "submit").is_dir() and (data / "limits" / "repeats").is_dir()
    answer(app.test_client(), version, "the-first-leaver")
    limits = data / "limits"
    folders = [data, limits, *(f for f in limits.iterdir() if f.is_dir())]
    assert limits / "submit" in folders
    assert not all(on_grid(f) for f in folders)  # the post's second, until the mark

    for task, _ in list(scheduled):  # the clean-up thread at the next ten-minute mark
        task()

    assert [f for f in folders if not on_grid(f)] == []


def test_the_example_forms_name_everyone_who_can_read_one_leaver_s_answers(client):
    """The statement said only HR could see everything one person answered; whoever runs
    the server reads the same files (and runs the same exports)."""
    for slug, who in (
        ("exit-en", "Only the HR team and the people who run the survey's server can see"),
        ("exit-nl", "Alleen het HR-team en de beheerders van de server van de enquête"),
    ):
        page = " ".join(client.get(f"/{slug}/").get_data(as_text=True).split())
        assert who in page


def test_the_new_employer_question_says_the_employer_need_not_be_named(client):
    """A named new employer points at one leaver in a small sector, and its comments reach
    management once ten people wrote one."""
    for slug, words in (
        ("exit-en", "There is no need to name the employer."),
        ("exit-nl", "Je hoeft de werkgever niet te noemen."),
    ):
        assert words in client.get(f"/{slug}/").get_data(as_text=True)
