"""The HR area served for browser tests, with the sign-in limit fresh for each test."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from browser_site import CollectorServer, build_examples, set_hr_password

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, CollectorServer]]:
    """ "fresh": no password set yet; "hr": a password and a few responses."""
    from collector import create_app

    base = tmp_path_factory.mktemp("admin")
    build_examples(base / "output")
    apps = {}
    for name in ("fresh", "hr"):
        apps[name] = create_app(
            {"TESTING": True, "OUTPUT_DIR": base / "output", "DATA_DIR": base / name}
        )
    hr = apps["hr"]
    set_hr_password(hr, PASSWORD)
    state = hr.extensions["exit_survey"]
    for slug in ("exit-en", "exit-nl", "exit-nl"):
        form = state.forms.current(slug)
        record = {
            "form": slug,
            "version": form.version,
            "language": form.language,
            "date": "2025-01",
            "answers": {"departure": "voluntary"},
        }
        state.store.add(slug, record, submission_id=uuid.uuid4().hex, month="2025-01")
    running = {name: CollectorServer(app) for name, app in apps.items()}
    yield running
    for served in running.values():
        served.close()


@pytest.fixture(autouse=True)
def fresh_sign_in_limit(servers: dict[str, CollectorServer]) -> None:
    """Each test starts with its own sign-in attempts: the limit is 5 per client per window."""
    from collector import auth, security

    for served in servers.values():
        served.app.extensions["exit_survey_login_limiter"] = security.RateLimiter(
            auth.LOGIN_LIMIT, auth.LOGIN_WINDOW
        )
