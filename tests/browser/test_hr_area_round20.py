"""Round 20: HR staff and managers in the HR area, in Chromium, as an accessibility tester.

What was still wrong: a Dutch HR area saved every download under an English name
("...-responses.xlsx", "...-report-...html"); the report printed from the HR area carried
the HR area's bar ("Sign out", "Download this report") at the top of its first page; a
mistyped or old HR address got the leavers' bare error page, with no way back; and a
breakdown the report does not know was answered with a list that named a question the
report then refused as well.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from browser_site import CollectorServer, build_examples, set_hr_password
from browser_tools import check_focus, describe_violations, run_axe

PASSWORD = "correct horse battery staple"
#: This module's ports (each browser module that serves on a port of its own has a range).
PORTS = range(8913, 8930)


@pytest.fixture(scope="module")
def hr(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CollectorServer]:
    """A collector with a password and 12 responses in both languages: enough for a report
    with numbers and a breakdown by department."""
    from collector import create_app

    base = tmp_path_factory.mktemp("hr20")
    build_examples(base / "output")
    app = create_app({"TESTING": True, "OUTPUT_DIR": base / "output", "DATA_DIR": base / "d"})
    set_hr_password(app, PASSWORD)
    state = app.extensions["exit_survey"]
    for i in range(12):
        slug = ("exit-en", "exit-nl")[i % 2]
        form = state.forms.current(slug)
        departure = "dismissed" if i % 3 == 0 else "voluntary"
        answers = {
            "departure": departure,
            "department": ("it", "sales")[i % 2],
            "conditions": str(1 + i % 5),
            "recommend": str(i % 11),
        }
        if departure == "dismissed":
            answers["practices"] = "partly"
        record = {
            "form": slug,
            "version": form.version,
            "language": form.language,
            "date": "2025-01",
            "answers": answers,
        }
        state.store.add(slug, record, submission_id=uuid.uuid4().hex, month="2025-01")
    served = CollectorServer(app, PORTS)
    yield served
    served.close()


def sign_in(page, hr: CollectorServer) -> None:
    """Signs in by keyboard only: Tab to the password, type it, Enter."""
    page.goto(hr.url + "/admin/login")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "password":
            break
    check_focus(page)
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def tab_to(page, text: str, limit: int = 40) -> None:
    """Tab until the focused element's text starts with ``text``; its focus must show."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()").startswith(text):
            check_focus(page)
            return
    raise AssertionError(f"Tab never reached {text!r}")


#: (browser language, the words each download's file name must hold, and must not)
NAMES = [
    pytest.param(
        "nl-NL",
        {
            "Excel-werkmap": "-reacties.xlsx",
            "CSV voor Nederlandse Excel": "-reacties-excel-nl.csv",
            "CSV van": "-reacties.csv",  # the link's text goes on with its hidden " van ..."
            "Codeboek": "-codeboek.xlsx",
            "Download dit rapport": "exit-nl-rapport-",
        },
        ("responses", "codebook", "report"),
        id="nl",
    ),
    pytest.param(
        "en-GB",
        {
            "Excel workbook": "-responses.xlsx",
            "CSV for Dutch Excel": "-responses-excel-nl.csv",
            "CSV of": "-responses.csv",
            "Codebook": "-codebook.xlsx",
            "Download this report": "exit-nl-report-",
        },
        ("reacties", "codeboek", "rapport"),
        id="en",
    ),
]


@pytest.mark.parametrize(("locale", "names", "foreign"), NAMES)
def test_every_download_is_named_in_the_hr_area_s_language(new_page, hr, locale, names, foreign):
    """A Dutch HR team got "exit-en-...-responses.xlsx", "...-codebook.xlsx" and
    "exit-nl-report-...html" from pages that said "Reacties", "Codeboek" and "Rapport":
    the files in their Downloads folder were the one English thing left. By keyboard only,
    as HR without a mouse downloads them."""
    page = new_page(locale=locale, accept_downloads=True)
    sign_in(page, hr)
    got = {}
    for link, _ in list(names.items())[:4]:
        page.goto(hr.url + "/admin/")
        tab_to(page, link)
        with page.expect_download() as download:
            page.keyboard.press("Enter")
        got[link] = download.value.suggested_filename
    report_link = list(names)[4]
    page.goto(hr.url + "/admin/report/exit-nl?breakdown=department")
    tab_to(page, report_link)
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    got[report_link] = download.value.suggested_filename
    for link, part in names.items():
        assert part in got[link], (link, got[link])
        assert not any(word in got[link] for word in foreign), got[link]


def test_the_report_printed_from_the_hr_area_is_the_report_alone(new_page, hr, axe_source):
    """Printed from the HR area (File > Print), the report's first page opened with "Exit
    survey HR area   Download this report   Sign out": the HR area's stylesheet, linked
    after the report's, put its bar back on paper. The file gives the same paper."""
    page = new_page(locale="nl-NL")
    sign_in(page, hr)
    page.goto(hr.url + "/admin/report/exit-en?breakdown=department")
    bar = page.locator("nav.admin-bar")
    assert bar.is_visible()
    page.emulate_media(media="print")
    assert not bar.is_visible()
    assert not page.get_by_text("Uitloggen").is_visible()
    assert not page.get_by_text("Download dit rapport").is_visible()
    assert not page.locator("form.picker").is_visible()
    # What management reads on paper comes first: the title and the number of responses.
    first = page.evaluate(
        """() => { const e = [...document.body.querySelectorAll('*')].find(
                       e => e.offsetParent !== null && e.innerText && e.innerText.trim());
                   return e.closest('header, nav, main').tagName; }"""
    )
    assert first == "HEADER"  # the report's own header, not the HR area's <nav>
    assert page.locator("h1").is_visible()
    result = run_axe(page, axe_source)
    assert result["violations"] == [], describe_violations(result["violations"])


@pytest.mark.parametrize(
    ("locale", "title", "home"),
    [
        ("nl-NL", "Pagina niet gevonden – HR-omgeving vertrekenquête", "Naar de HR-omgeving"),
        ("en-GB", "Page not found – Exit survey HR area", "Go to the HR area"),
    ],
    ids=["nl", "en"],
)
@pytest.mark.parametrize("path", ["/admin/report/exit-enn", "/admin/raport/exit-nl"])
def test_a_mistyped_hr_address_gets_a_page_of_the_hr_area(
    new_page, hr, axe_source, locale, title, home, path
):
    """A report bookmarked with a typo, or a link that lost a letter in an e-mail, showed
    the leavers' bare page: "Check the link you were given", no bar, no link anywhere, and
    no sign-out. Now it is the HR area's page, in its language, with the way back."""
    page = new_page(locale=locale)
    sign_in(page, hr)
    response = page.goto(hr.url + path)
    assert response.status == 404
    assert page.title() == title
    assert "Check the link you were given" not in page.content()
    assert page.locator("nav, header").first.is_visible()
    result = run_axe(page, axe_source)
    assert result["violations"] == [], describe_violations(result["violations"])
    tab_to(page, home)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == hr.url + "/admin/"
    # Dark and forced colours: the page keeps the HR area's styles, so its focus ring.
    page.emulate_media(color_scheme="dark", forced_colors="active")
    page.goto(hr.url + path)
    tab_to(page, home)


def test_the_collector_s_own_error_page_stays_for_everyone_else(new_page, hr):
    page = new_page(locale="en-GB")
    response = page.goto(hr.url + "/exit-enn/")
    assert response.status == 404
    assert "Check the link you were given" in page.content()
    assert "HR area" not in page.content()


def test_an_unknown_breakdown_names_only_what_the_picker_offers(new_page, hr):
    """A breakdown by a question the report does not have (a typo in a bookmark) said
    "choose one of: departure, practices, come_back, ...": HR chose practices, and got a
    second notice that the report cannot be broken down by it (only the dismissed were
    asked). The notice now names what the picker on the same page offers."""
    page = new_page(locale="nl-NL")
    sign_in(page, hr)
    page.goto(hr.url + "/admin/report/exit-nl?breakdown=departmnet")
    notice = page.locator(".notice").first.inner_text()
    offered = page.locator("#breakdown-q option").evaluate_all(
        "options => options.map(o => o.value).filter(v => v)"
    )
    assert "practices" not in offered
    assert "departmnet" in notice and "practices" not in notice
    assert all(value in notice for value in offered)
