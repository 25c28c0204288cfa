"""Signing in to the HR area and sending answers, for the tests of the HR area."""

from __future__ import annotations

import html
import re
import uuid

PASSWORD = "correct horse battery staple"


ANSWERS = {"departure": "voluntary", "reasons": ["pay", "other"], "reasons__other": "=1+1"}


def set_password(app, password: str = PASSWORD):
    return app.test_cli_runner().invoke(
        args=["set-password", "--password-stdin"], input=password + "\n"
    )


def token(page: bytes | str) -> str:
    text = page.decode() if isinstance(page, bytes) else page
    match = re.search(r'name="csrf_token" value="([^"]+)"', text)
    assert match, text[:3000]
    return match.group(1)


def login(client, password: str = PASSWORD, **kwargs):
    page = client.get("/admin/login")
    return client.post(
        "/admin/login", data={"password": password, "csrf_token": token(page.data)}, **kwargs
    )


def hidden_fields(page: str) -> dict[str, str]:
    """The hidden inputs of a page's forms, as a browser would send them."""
    found = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page)
    return {name: html.unescape(value) for name, value in found}


def submit(app, client, slug: str, data: dict) -> None:
    """One leaver's answers, sent as the page's script sends them (with a submission id)."""
    version = app.extensions["exit_survey"].forms.current(slug).version
    data = {**data, "_version": version, "_submission": uuid.uuid4().hex}
    assert client.post(f"/submit/{slug}", data=data).status_code == 303


def sign_out(client) -> None:
    page = client.get("/admin/").get_data(as_text=True)
    assert client.post("/admin/logout", data={"csrf_token": token(page)}).status_code == 303
