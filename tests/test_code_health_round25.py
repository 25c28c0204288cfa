"""Round 25's code-health review: debts paid before the next features.

Each test names what was wrong before. They look at the code from outside (its size, its
imports) or use it as a caller would; none of them imports another test module.
"""

from __future__ import annotations

import ast
import http.client
import os
from pathlib import Path

import pytest
from support.gunicorn import free_port, start_gunicorn, stop

ROOT = Path(__file__).resolve().parent.parent
#: The longest a collector module may grow (test_code_health_round24.MOST_LINES, docs/style).
MOST_LINES = 400


def lines_of(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


# -- 1. collector/store.py had 398 lines -------------------------------------------------


def test_the_store_module_has_room_for_the_next_change() -> None:
    """Before: collector/store.py had 398 lines, two short of the size at which a module
    must be split, so the next change to storage could not land in it. The folder, its
    listing and this process's handles on it are store_folder.py now."""
    assert lines_of(ROOT / "collector" / "store.py") < MOST_LINES * 3 // 4


def test_the_store_folder_lists_and_hands_out_logs_on_its_own(tmp_path: Path) -> None:
    """store_folder.StoreFolder is a unit of its own: it makes the folder, lists what has a
    shard, hands out one log per questionnaire and refuses to be used once closed, with no
    response store around it."""
    from collector.store_folder import StoreFolder
    from collector.store_format import StoreError

    snapshot = StoreFolder(tmp_path / "absent", read_only=True)
    assert not (tmp_path / "absent").exists() and snapshot.slugs() == []
    with pytest.raises(StoreError, match="read-only"):
        snapshot.slug_log("exit-en", create=True)

    folder = StoreFolder(tmp_path / "data")
    assert folder.directory == os.path.abspath(tmp_path / "data")
    assert (tmp_path / "data").is_dir() and folder.slugs() == []
    log = folder.slug_log("exit-en", create=True)
    assert log is not None and folder.slug_log("exit-en", create=False) is log
    assert folder.slug_log("exit-nl", create=False) is None
    Path(folder.shard_path("exit-en", "2026-03")).write_bytes(b"")
    Path(folder.shard_path("exit-en", "2025-12")).write_bytes(b"")
    (tmp_path / "data" / "not a slug!").mkdir()
    assert folder.slugs() == ["exit-en"]
    assert folder.months("exit-en") == ["2025-12", "2026-03"]
    folder.close()
    assert folder.closed
    with pytest.raises(StoreError, match="closed"):
        folder.months("exit-en")


def test_the_store_is_still_the_folder_it_stores_in(tmp_path: Path) -> None:
    """The split kept ResponseStore's public API: the folder's methods are its own."""
    from collector.store import ResponseStore
    from collector.store_folder import StoreFolder

    with ResponseStore(tmp_path / "data") as store:
        assert isinstance(store, StoreFolder)
        assert store.add("exit-en", {"a": 1}, submission_id="one", month="2026-03")
        assert store.slugs() == ["exit-en"] and store.months("exit-en") == ["2026-03"]
        assert store.count("exit-en") == 1
    assert store.closed


# -- 2. collector/posted_answers.py overrode werkzeug's private _parse_urlencoded -------

FORM = "application/x-www-form-urlencoded"
UNREADABLE = "did not arrive whole"


def answers_of(app) -> list[dict]:
    return [doc["answers"] for doc in app.extensions["exit_survey"].store.responses("exit-en")]


def form_post(app, client, body: bytes, content_type: str = FORM, departure: bytes = b"retirement"):
    version = app.extensions["exit_survey"].forms.current("exit-en").version
    return client.post(
        "/submit/exit-en",
        data=b"_version=" + version.encode() + b"&departure=" + departure + b"&" + body,
        content_type=content_type,
        headers={"Accept": "application/json"},
    )


def test_no_collector_class_overrides_a_private_method_of_werkzeug_or_flask() -> None:
    """Before: posted_answers._StrictFormParser replaced FormDataParser._parse_urlencoded. A
    werkzeug release that renamed it would have silently made posts lenient again (a Latin-1
    "caf%E9" stored as those six characters); it overrides the public parse() now."""
    import importlib
    import inspect

    found = []
    for path in sorted((ROOT / "collector").glob("*.py")):
        module = importlib.import_module(f"collector.{path.stem}")
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__:
                continue
            for base in cls.__mro__[1:]:
                if base.__module__.split(".")[0] not in ("werkzeug", "flask"):
                    continue
                for attr in vars(cls):
                    if attr.startswith("_") and not attr.startswith("__") and hasattr(base, attr):
                        found.append(f"{path.name}: {name}.{attr} ({base.__qualname__})")
    assert found == []


@pytest.mark.parametrize(
    "body",
    [b"closing=caf%E9", b"closing=ab%FF%FEcd", b"stay%FF=x", b"closing=caf\xe9"],
    ids=["latin-1-escape", "not-utf-8-escape", "in-a-name", "raw-latin-1"],
)
def test_a_post_that_is_not_utf8_is_refused_whole(app, client, body: bytes) -> None:
    """What the override was for: werkzeug's own urlencoded parser keeps an escape it
    cannot decode as its three characters, and reads raw bytes that are not UTF-8 as no
    fields at all. Both are a 400 that says to send again, and nothing is stored."""
    response = form_post(app, client, body)
    assert response.status_code == 400
    assert UNREADABLE in response.get_json()["error"]
    assert answers_of(app) == []


def test_a_multipart_post_without_its_boundary_is_refused(app, client) -> None:
    """The parser is not silent: werkzeug would read this body as no fields."""
    response = form_post(app, client, b"closing=x", content_type="multipart/form-data")
    assert response.status_code == 400 and UNREADABLE in response.get_json()["error"]
    assert answers_of(app) == []


def test_utf8_percent_signs_and_blank_fields_are_read_as_sent(app, client) -> None:
    """Blank fields are kept (keep_blank_values), '+' is a space and a typed '%' stays."""
    response = form_post(app, client, b"stay=&closing=caf%C3%A9+50%25FF")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert answers_of(app) == [{"departure": "retirement", "closing": "café 50%FF"}]


def test_an_oversize_post_is_refused_before_it_is_parsed(app, client) -> None:
    """The stream the parser reads is werkzeug's, limited to the post's size limit."""
    response = form_post(app, client, b"closing=" + b"a" * 3_000_000)
    assert response.status_code == 413
    assert answers_of(app) == []


def test_many_fields_are_all_read(app, client) -> None:
    """werkzeug sets no count of urlencoded fields (max_form_parts is multipart's), and
    neither does the strict parser: the size limit is what bounds a post. 3,000 fields of
    a question the form lacks are read, and refused as answers to another form."""
    body = b"&".join(b"f%d=x" % n for n in range(3000))
    response = form_post(app, client, body)
    assert response.status_code == 400 and UNREADABLE not in response.get_json()["error"]
    many = b"reasons=pay&" * 1500 + b"closing=last+field"
    response = form_post(app, client, many, departure=b"voluntary")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert [answers["closing"] for answers in answers_of(app)] == ["last field"]


def http_post(port: int, body: bytes, content_type: str = FORM) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(
            "POST",
            "/submit/exit-en",
            body=body,
            headers={"Content-Type": content_type, "Accept": "application/json"},
        )
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def test_under_gunicorn_a_post_that_is_not_utf8_is_refused_and_utf8_is_stored(
    built_site: Path, tmp_path: Path
) -> None:
    """The same parser behind a real HTTP server, as deployed: gunicorn's own body reader
    hands werkzeug the stream the strict parser reads."""
    from collector.store import ResponseStore

    port = free_port()
    server = start_gunicorn(built_site, tmp_path / "data", port, workers=1)
    try:
        page = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        page.request("GET", "/exit-en/")
        html = page.getresponse().read().decode()
        page.close()
        version = html.split('name="_version" value="', 1)[1].split('"', 1)[0].encode()
        head = b"_version=" + version + b"&departure=retirement&closing="
        status, reply = http_post(port, head + b"caf%E9")
        assert status == 400 and UNREADABLE in reply
        status, reply = http_post(port, head + b"caf\xe9")
        assert status == 400 and UNREADABLE in reply
        status, reply = http_post(port, head + b"caf%C3%A9", content_type="multipart/form-data")
        assert status == 400 and UNREADABLE in reply
        status, reply = http_post(port, head + b"caf%C3%A9")
        assert status == 200, reply
    finally:
        stop(server)
    with ResponseStore(tmp_path / "data" / "responses", read_only=True) as store:
        assert [doc["answers"]["closing"] for doc in store.responses("exit-en")] == ["café"]


def test_gunicorn_that_cannot_take_its_port_is_not_mistaken_for_another_server(
    built_site: Path, tmp_path: Path
) -> None:
    """Before: a test's gunicorn that could not bind its fixed port (another helper's
    server held it) was taken to be running, because that other server answered /health;
    the test then posted to the wrong collector. Ports are free ones now, and a gunicorn
    that has exited is reported as not started."""
    port = free_port()
    first = start_gunicorn(built_site, tmp_path / "one", port, workers=1)
    try:
        with pytest.raises(AssertionError, match="did not start"):
            start_gunicorn(built_site, tmp_path / "two", port, workers=1)
    finally:
        stop(first)


# -- 3. test modules imported other test modules ------------------------------------------


def imported_test_modules(path: Path) -> list[str]:
    """Each test module ``path`` imports, at any depth, as 'file:line: module'."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            if name.split(".")[-1].startswith("test_"):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}")
    return found


def test_no_test_module_imports_another_test_module() -> None:
    """Before: 43 test modules imported helpers from 15 others, as ``test_admin`` and as
    ``tests.test_admin``: pytest then had two copies of a module (one collected, one
    imported), and renaming a test module broke unrelated ones. Shared helpers live in
    tests/support/ (and tests/browser/'s helper modules, beside browser_tools), fixtures in
    conftest.py."""
    modules = sorted((ROOT / "tests").rglob("*.py"))
    assert [hit for path in modules for hit in imported_test_modules(path)] == []


def test_the_check_sees_a_test_module_imported(tmp_path: Path, monkeypatch) -> None:
    """The check above finds either spelling, as a module or inside a function."""
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    module = tmp_path / "test_m.py"
    module.write_text(
        "import test_a\nfrom tests.test_b import c\nfrom support.posts import stored\n"
        "def f():\n    from test_d import e\n"
    )
    assert imported_test_modules(module) == [
        "test_m.py:1: test_a",
        "test_m.py:2: tests.test_b",
        "test_m.py:5: test_d",
    ]


# -- 4. the build's theme checks rendered the first form page twice -----------------------


def test_a_build_renders_each_form_page_as_often_as_the_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the check of a theme's own form.html (script_hook_problems) rendered the
    first questionnaire's page with its messages once more, after rehearse_collector_pages
    had just rendered it: three renders of the first form per build, two of every other.
    The rehearsal's page is checked now; a theme lacking the markup is still refused
    (tests/test_theme_hooks_round24.py)."""
    from collector.builder import build_site
    from collector.render import PageRenderer

    rendered: list[str] = []
    form_page = PageRenderer.form_page

    def counted(self, form, **options):
        rendered.append(form.slug)
        return form_page(self, form, **options)

    monkeypatch.setattr(PageRenderer, "form_page", counted)
    build_site(ROOT / "questionnaires", tmp_path / "output", check=True)
    counts = {slug: rendered.count(slug) for slug in rendered}
    assert sorted(counts) == ["exit-en", "exit-nl"]
    # The page itself, with its messages, and (round 31) filled in with why it was not sent.
    assert set(counts.values()) == {3}, counts
