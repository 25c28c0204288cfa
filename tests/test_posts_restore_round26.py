"""Round 26, fixes after review: what a post declares of its character set, and a restore
whose source is not a backup.

1. A form post declaring ``charset=ISO-8859-1`` whose escapes are UTF-8 (a client or a
   proxy that adds the WHATWG's default character set) was stored as "cafÃ©", and one
   declaring ``us-ascii`` was refused; a multipart part that declared either did the same.
   Now text is read as UTF-8 whatever a post declares, and as Latin-1 only when it was
   declared so and is not UTF-8.
2. ``restore`` made the store before it looked at its source: a file that is no backup
   left a ``responses/`` folder behind, an empty folder "restored 0 responses", and the
   nightly backup of that (mistyped) folder said "Backed up 0 responses" again. Now a
   source that is not a backup makes nothing, and a restore that fails into a new folder
   takes away what it made.
"""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest

from collector.store import ResponseStore
from tests.support.operator_commands import command, tree
from tests.support.posts import multipart_body, stored, version
from tests.support.redact import MONTH, fill

FORM_POST = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data; boundary=XX"


def send(client, body: bytes, content_type: str):
    return client.post(
        "/submit/exit-en", data=body, content_type=content_type, headers={"Origin": "null"}
    )


def form_post(app, *fields: bytes) -> bytes:
    return b"&".join([b"_version=" + version(app).encode(), b"departure=voluntary", *fields])


def multipart(app, *parts: tuple[bytes, bytes, bytes]) -> bytes:
    """A multipart body of ``(name, value, the part's Content-Type)`` parts, as given."""
    fields = [
        (b"_version", version(app).encode(), b""),
        (b"departure", b"voluntary", b""),
        *parts,
    ]
    return multipart_body(fields)


def closing(app) -> str:
    [record] = stored(app)
    return record["answers"]["closing"]


# -- 1. What a post declares of its character set -------------------------------------------


@pytest.mark.parametrize("charset", ["ISO-8859-1", "iso-8859-1", "us-ascii", "ascii", "utf-8"])
@pytest.mark.parametrize("escaped", [True, False])
def test_a_form_post_in_utf8_is_read_as_utf8_whatever_it_declares(
    app, client, charset: str, escaped: bool
) -> None:
    text = "café crème".encode()
    value = b"".join(b"%%%02X" % byte for byte in text) if escaped else text
    response = send(client, form_post(app, b"closing=" + value), f"{FORM_POST}; charset={charset}")
    assert response.status_code == 303
    assert closing(app) == "café crème"


def test_a_form_post_that_declares_latin1_and_sends_it_is_read_as_latin1(app, client) -> None:
    # All of the post is read one way: a Latin-1 client's "Ã©" stays what it typed.
    body = form_post(app, b"closing=caf%E9", b"stay=%C3%A9")
    assert send(client, body, f"{FORM_POST}; charset=ISO-8859-1").status_code == 303
    [record] = stored(app)
    assert record["answers"]["closing"] == "café"
    assert record["answers"]["stay"] == "Ã©"


@pytest.mark.parametrize("charset", ["us-ascii", "utf-8", "koi8-r"])
def test_a_form_post_that_is_not_utf8_nor_declared_latin1_is_refused(
    app, client, charset: str
) -> None:
    response = send(client, form_post(app, b"closing=caf%E9"), f"{FORM_POST}; charset={charset}")
    assert response.status_code == 400
    assert stored(app) == []


@pytest.mark.parametrize("charset", [b"iso-8859-1", b"ISO-8859-1", b"us-ascii", b"utf-8"])
def test_a_multipart_part_in_utf8_is_read_as_utf8_whatever_it_declares(
    app, client, charset: bytes
) -> None:
    part = (b"closing", "café crème".encode(), b"text/plain; charset=" + charset)
    assert send(client, multipart(app, part), MULTIPART).status_code == 303
    assert closing(app) == "café crème"


def test_a_multipart_part_declared_ascii_that_is_not_utf8_is_refused(app, client) -> None:
    part = (b"closing", b"caf\xe9", b"text/plain; charset=us-ascii")
    assert send(client, multipart(app, part), MULTIPART).status_code == 400
    assert stored(app) == []


def test_each_multipart_part_is_read_in_the_character_set_it_declares(app, client) -> None:
    """Parts of one name apart, another part between them: each is read by its own
    declaration. (A file between them made this a 303 until round 28; a post with a file is
    now refused as a whole: tests/test_outside_round28.py.)"""
    latin_1 = b"text/plain; charset=iso-8859-1"
    body = multipart(
        app,
        (b"reasons", b"pay", b""),
        (b"closing", b"caf\xe9", latin_1),
        (b"_trap", b"", b"application/octet-stream"),
        (b"reasons", b"other", latin_1),
        (b"reasons__other", "Crème".encode(), b""),
    )
    assert send(client, body, MULTIPART).status_code == 303
    [record] = stored(app)
    assert record["answers"]["closing"] == "café"
    assert record["answers"]["reasons"] == ["pay", "other"]
    assert record["answers"]["reasons__other"] == "Crème"


# -- 2. A restore whose source is not a backup ----------------------------------------------


def no_backup(place: Path, kind: str) -> Path:
    """A SOURCE that is no backup: a mistyped file, an empty or unrelated folder, an
    archive with nothing of a backup in it."""
    source = place / "source"
    if kind == "text file":
        source = place / "notes.txt"
        source.write_text("not a backup\n")
    elif kind == "empty folder":
        source.mkdir()
    elif kind == "folder of other files":
        (source / "photos").mkdir(parents=True)
        (source / "photos" / "party.jpg").write_bytes(b"\xff\xd8")
        (source / "README").write_text("hello\n")
    else:
        source = place / "empty.tar"
        with tarfile.open(source, "w") as tar:
            readme = place / "README"
            readme.write_text("hello\n")
            tar.add(readme, "README")
    return source


def new_data_folder(place: Path, kind: str) -> Path:
    if kind == "not there":
        return place / "mnt" / "exit-survey" / "data"
    folder = place / "empty-data"
    folder.mkdir(mode=0o700)
    return folder


@pytest.mark.parametrize("target", ["not there", "empty folder"])
@pytest.mark.parametrize("kind", ["text file", "empty folder", "folder of other files", "tar"])
def test_a_restore_from_what_is_no_backup_makes_nothing(
    built_site: Path, tmp_path: Path, kind: str, target: str
) -> None:
    source = no_backup(tmp_path, kind)
    place = tmp_path / "place"
    place.mkdir()
    data = new_data_folder(place, target)
    before = tree(place)
    done = command(built_site, data, "restore", str(source))
    assert done.returncode == 1, done.stdout
    error = done.stderr.decode()
    assert error.startswith(f"Error: {source} ") and error.count("\n") == 1, error
    assert f"nothing was made in {data}" in error.lower()
    assert "Restored" not in done.stdout.decode()
    assert tree(place) == before
    # So the nightly backup of that folder still fails, not "Backed up 0 responses".
    backup = command(built_site, data, "backup", str(tmp_path / "nightly.tar.gz"))
    assert backup.returncode == 1
    assert "no response store" in backup.stderr.decode() or "not there" in backup.stderr.decode()


def test_a_folder_that_is_no_copy_of_a_data_folder_is_refused_into_a_store_too(
    built_site: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    fill(ResponseStore(data / "responses"), MONTH, 2)
    (tmp_path / "empty").mkdir()
    done = command(built_site, data, "restore", str(tmp_path / "empty"))
    assert done.returncode == 1
    assert "is not a copy of a data folder" in done.stderr.decode()
    assert ResponseStore(data / "responses", read_only=True).count("exit-en") == 2


def test_a_damaged_backup_into_a_new_folder_takes_the_folder_away_again(
    built_site: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy"
    store = ResponseStore(copy / "responses")
    fill(store, MONTH, 3)
    with open(store.shard_path("exit-en", MONTH), "ab") as shard:
        shard.write(b'{"damaged": \n')
    place = tmp_path / "place"
    place.mkdir()
    data = place / "mnt" / "new"
    done = command(built_site, data, "restore", str(copy))
    assert done.returncode == 1
    error = done.stderr.decode()
    assert "nothing was restored" in error and "damaged" in error
    assert f"The new data folder {data} was taken away again" in error
    assert tree(place) == []


@pytest.mark.parametrize("copy_of", ["data folder", "responses folder"])
def test_a_copy_of_a_store_is_still_restored_into_a_new_folder(
    built_site: Path, tmp_path: Path, copy_of: str
) -> None:
    good = tmp_path / "good"
    fill(ResponseStore(good / "responses"), MONTH, 3)
    source = good if copy_of == "data folder" else good / "responses"
    data = tmp_path / "new"
    done = command(built_site, data, "restore", str(source))
    assert done.returncode == 0, done.stderr
    assert "Restored 3 responses" in done.stdout.decode()
    assert ResponseStore(data / "responses", read_only=True).count("exit-en") == 3


def test_a_backup_of_a_collector_without_answers_yet_still_starts_a_new_folder(
    built_site: Path, tmp_path: Path
) -> None:
    """Moving a collector that has its form versions and HR password but no answer yet."""
    first = tmp_path / "first"
    ResponseStore(first / "responses")
    archive = tmp_path / "b.tar.gz"
    assert command(built_site, first, "backup", str(archive)).returncode == 0
    data = tmp_path / "new"
    done = command(built_site, data, "restore", str(archive))
    assert done.returncode == 0, done.stderr
    assert "Restored 0 responses" in done.stdout.decode()
    assert "form versions restored" in done.stdout.decode()
    assert f"Note: {data} held no response store" in done.stderr.decode()
    assert (data / "responses").is_dir()
