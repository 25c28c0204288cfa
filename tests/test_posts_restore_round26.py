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

from pathlib import Path

import pytest

from tests.support.posts import stored, version

ROOT = Path(__file__).resolve().parent.parent
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
    body = b""
    for name, value, content_type in fields:
        body += b'--XX\r\nContent-Disposition: form-data; name="' + name + b'"\r\n'
        if content_type:
            body += b"Content-Type: " + content_type + b"\r\n"
        body += b"\r\n" + value + b"\r\n"
    return body + b"--XX--\r\n"


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
    """Parts of one name apart, a file between them: each is read by its own declaration."""
    latin_1 = b"text/plain; charset=iso-8859-1"
    body = multipart(
        app,
        (b"reasons", b"pay", b""),
        (b"closing", b"caf\xe9", latin_1),
        (b'attachment"; filename="a.txt', b"\xff\xfe", b"application/octet-stream"),
        (b"reasons", b"other", latin_1),
        (b"reasons__other", "Crème".encode(), b""),
    )
    assert send(client, body, MULTIPART).status_code == 303
    [record] = stored(app)
    assert record["answers"]["closing"] == "café"
    assert record["answers"]["reasons"] == ["pay", "other"]
    assert record["answers"]["reasons__other"] == "Crème"
