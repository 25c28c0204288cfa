"""WCAG 2.2 AA criteria that axe cannot check, on every kind of page we produce.

A person would check these by hand: text spacing (1.4.12) and text-only 200% (1.4.4) hide
nothing, the words on every control are in its name (2.5.3), Tab never lands on something
hidden (2.4.11, portrait and landscape phone: 1.3.4), answering changes no context (3.2.2),
every page and state has its own title (2.4.2), and what a leaver types is not kept by the
browser for the next person on the computer (1.3.5: the answers are anonymous, so no field
asks for personal autofill, and one-line boxes say autocomplete="off").

One real collector serves the example questionnaires, the hand-written fixture forms (with
number, month and date questions) and the HR area with a report over 60 responses.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_site import (
    CollectorServer,
    add_varied_responses,
    build_examples,
    fixture_forms,
    set_hr_password,
)
from browser_tools import CHROMIUM, CHROMIUM_ARGS

PASSWORD = "correct horse battery staple"
#: The ports this suite may listen on (helpers share the machine); the first free one is used.

#: WCAG 1.4.12's own values, as the usual text-spacing bookmarklet sets them.
SPACING = (
    "* { line-height: 1.5 !important; letter-spacing: .12em !important;"
    " word-spacing: .16em !important; } p { margin-bottom: 2em !important; }"
)
#: Text only at 200% (a browser's minimum font size or text zoom), not page zoom.
LARGER_TEXT = "html { font-size: 200% !important; }"

#: What a style change may break: the page scrolling sideways, text cut off by a box that
#: clips it, and lines of text running into each other or into a control. Hidden content
#: (display: none, a closed <details>, visually hidden text) is left out.
LAYOUT = r"""() => {
  const shown = (el) => !el.closest('.vh,.trap,[hidden]') && el.getClientRects().length
    && el.checkVisibility({contentVisibilityAuto: true, visibilityProperty: true});
  const say = (el) => `${el.tagName.toLowerCase()}#${el.id} "${(el.innerText || '').trim().slice(0, 40)}"`;
  const clipped = [];
  for (const el of document.querySelectorAll('body *')) {
    if (!shown(el) || el.matches('textarea,pre,.wide')) continue;  // these scroll on purpose
    const s = getComputedStyle(el);
    if (!/hidden|clip|auto|scroll/.test(s.overflowX + s.overflowY) && !el.matches('button,select')) continue;
    // A closed <select> shows as much of the chosen option as fits, as every browser does,
    // and the whole text is in the open list and in its accessible value; Chromium 150 and
    // later report that as scroll width. A select cut off in height is still caught.
    const wide = el.matches('select') ? false : el.scrollWidth > el.clientWidth + 2;
    if (el.scrollHeight > el.clientHeight + 2 || wide) clipped.push(say(el));
  }
  const boxes = [];
  const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (texts.nextNode()) {
    const t = texts.currentNode;
    if (!t.textContent.trim() || !shown(t.parentElement) || t.parentElement.closest('select,textarea,script')) continue;
    const range = document.createRange();
    range.selectNodeContents(t);
    for (const r of range.getClientRects()) if (r.width > 1 && r.height > 1) boxes.push({el: t.parentElement, r, what: say(t.parentElement)});
  }
  for (const el of document.querySelectorAll('input:not([type=hidden]),select,textarea,button')) {
    if (shown(el)) boxes.push({el, r: el.getBoundingClientRect(), what: say(el), control: true});
  }
  const overlaps = [];
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => {
    if (a.el === b.el || (a.control && b.control) || a.el.contains(b.el) || b.el.contains(a.el)) return;
    const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
    const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
    if (w > 2 && h > 2) overlaps.push(`${a.what} / ${b.what}`);
  }));
  return {sideways: document.documentElement.scrollWidth - innerWidth, clipped, overlaps};
}"""

#: The focused element: in view, and not under anything at the middle of its first line
#: box (a link that wraps has its middle between its two lines). Part of a scroll region
#: taller than the screen showing counts as shown: 2.4.11 asks for "not entirely hidden".
FOCUSED = r"""() => {
  const el = document.activeElement;
  const r = el.getClientRects()[0] || el.getBoundingClientRect();
  const top = Math.max(0, r.top), bottom = Math.min(r.bottom, innerHeight);
  const hit = document.elementFromPoint(r.left + r.width / 2, (top + bottom) / 2);
  return {tag: el.tagName, id: el.id, text: (el.innerText || '').trim().slice(0, 40),
          shown: bottom > top && !!hit && (hit === el || el.contains(hit) || hit.control === el)};
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CollectorServer]:
    """The examples and the fixture forms behind one collector, with an HR password."""
    from collector import create_app
    from collector.builder import render_site
    from collector.render import PageRenderer

    base: Path = tmp_path_factory.mktemp("round14")
    build_examples(base / "output")
    for relative, content in render_site(fixture_forms(), PageRenderer()).items():
        path = base / "output" / relative
        if relative != "index.html":  # the examples' list of questionnaires stays
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
    app = create_app(
        {
            "TESTING": True,
            "OUTPUT_DIR": base / "output",
            "DATA_DIR": base / "data",
            "RATE_LIMIT": 1000,
        }
    )
    set_hr_password(app, PASSWORD)
    add_varied_responses(app, 60)
    served = CollectorServer(app)
    yield served
    served.close()


def _sign_in(page, site: CollectorServer) -> None:
    from collector import auth, security

    # Every test signs in afresh; the limit on attempts is per client, and all are 127.0.0.1.
    site.app.extensions["exit_survey_login_limiter"] = security.RateLimiter(
        auth.LOGIN_LIMIT, auth.LOGIN_WINDOW
    )
    page.goto(site.url + "/admin/login")
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")


def _send_empty(page) -> None:
    """Send without the one answer that is required: the error state, as the leaver gets it."""
    page.click("button[type=submit]:not([hidden])")
    page.wait_for_selector(".errsum")


#: name -> (address, what to do there); every kind of page, and the error state.
PAGES = {
    "index": ("/", None),
    "form-en": ("/exit-en/", None),
    "form-nl": ("/exit-nl/", None),
    "form-fixture": ("/sample-en/", None),
    "errors-en": ("/exit-en/", _send_empty),
    "errors-fixture": ("/sample-nl/", _send_empty),
    "thanks": ("/exit-nl/thanks.html", None),
    "sign-in": ("/admin/login", None),
    "hr-area": ("/admin/", "sign in"),
    "report": ("/admin/report/exit-nl?breakdown=department", "sign in"),
}
CASES = [
    pytest.param(name, js, id=f"{name}-{'js' if js else 'nojs'}")
    for name in PAGES
    for js in ((True, False) if name.startswith(("form", "errors")) else (True,))
]


def _open(new_page, site: CollectorServer, name: str, js: bool, **options):
    address, then = PAGES[name]
    # Styles are added the way a user style sheet or bookmarklet adds them: past the CSP.
    page = new_page(block_enhance=not js, bypass_csp=True, **options)
    if then == "sign in":
        _sign_in(page, site)
    page.goto(site.url + address)
    if callable(then):
        then(page)
    return page


def _layout_with(page, css: str) -> dict:
    """What the user style breaks that was not broken before it."""
    before = set(page.evaluate(LAYOUT)["overlaps"])
    handle = page.evaluate_handle(
        "css => document.head.appendChild(Object.assign(document.createElement('style'), {textContent: css}))",
        css,
    )
    after = page.evaluate(LAYOUT)
    page.evaluate("style => style.remove()", handle)
    after["overlaps"] = [o for o in after["overlaps"] if o not in before]
    return after


@pytest.mark.parametrize(("name", "js"), CASES)
def test_text_spacing_and_larger_text_hide_nothing(new_page, site, name, js) -> None:
    """1.4.12 at a phone's and a laptop's width, 1.4.4 at a laptop's: no text cut off or
    overlapping, no sideways scrolling."""
    page = _open(new_page, site, name, js)
    for width, height, css in ((320, 640, SPACING), (1280, 900, SPACING), (1280, 900, LARGER_TEXT)):
        page.set_viewport_size({"width": width, "height": height})
        found = _layout_with(page, css)
        assert found == {"sideways": 0, "clipped": [], "overlaps": []}, (width, css[:20], found)


def _visible_words_and_names(page) -> list[tuple[str, str]]:
    """(words shown, accessible name) for every link and control, names from Chromium's own
    accessibility tree."""
    count = page.evaluate(
        """() => { let i = 0;
          for (const el of document.querySelectorAll('a[href],button,input:not([type=hidden]),select,textarea,summary')) {
            if (!el.closest('.trap') && el.getClientRects().length) el.dataset.r14 = i++;
          }
          return i; }"""
    )
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    pairs = []
    for i in range(count):
        shown = page.evaluate(
            """i => { const el = document.querySelector(`[data-r14="${i}"]`);
              const words = el.labels && el.type !== 'submit' ? [...el.labels].map(l => l.innerText).join(' ')
                : el.tagName === 'INPUT' ? el.value : el.innerText;
              return words.replace(/\\s+/g, ' ').trim(); }""",
            i,
        )
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": f'[data-r14="{i}"]'})
        tree = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node["nodeId"]})
        pairs.append((shown, (tree["nodes"][0].get("name") or {}).get("value", "")))
    cdp.detach()
    return pairs


def _words(text: str) -> str:
    return " ".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


@pytest.mark.parametrize(("name", "js"), CASES)
def test_what_a_control_shows_is_in_its_name(new_page, site, name, js) -> None:
    """2.5.3: a voice-control user says what they see ("click Other, namely", "click Show
    the numbers"): "(optional)", counters and hints must not push it out of the name."""
    page = _open(new_page, site, name, js)
    pairs = _visible_words_and_names(page)
    assert pairs
    assert [(s, n) for s, n in pairs if _words(s) not in _words(n)] == []


@pytest.mark.parametrize(
    "viewport",
    [{"width": 320, "height": 640}, {"width": 640, "height": 320}],
    ids=["phone", "phone-landscape"],
)
@pytest.mark.parametrize(("name", "js"), CASES)
def test_tabbing_never_lands_on_something_hidden(new_page, site, name, js, viewport) -> None:
    """2.4.11 and 1.3.4: nothing covers the focused element at any Tab stop, upright or
    turned sideways; nothing on the page is fixed or sticky to start with."""
    page = _open(new_page, site, name, js, viewport=viewport)
    fixed = page.evaluate(
        "() => [...document.querySelectorAll('body *')].filter(e => /fixed|sticky/.test(getComputedStyle(e).position)).length"
    )
    assert fixed == 0
    page.evaluate("() => { document.activeElement.blur(); scrollTo(0, 0); }")
    hidden, stops = [], 0
    for _ in range(250):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUSED)
        if state["tag"] == "BODY":
            break
        stops += 1
        if not state["shown"]:
            hidden.append(state)
    assert stops > 0 and hidden == []


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_answering_changes_no_context(new_page, site, js) -> None:
    """3.2.2: choosing, ticking, picking from a list or typing never moves focus, opens a
    page or a window, or sends the form; the follow-up question appears after its answer."""
    page = _open(new_page, site, "form-fixture", js, viewport={"width": 320, "height": 640})
    opened = []
    page.context.on("page", lambda p: opened.append(p.url))
    address = page.url
    controls = page.evaluate(
        """() => [...document.querySelectorAll('main input:not([type=hidden]),main select,main textarea')]
                 .filter(e => e.id && !e.closest('.trap')).map(e => e.id)"""
    )
    assert len(controls) > 20
    for control in controls:
        target = page.locator(f"[id='{control}']")
        if not target.is_visible():  # a follow-up not asked (with the script)
            continue
        target.focus()
        kind = page.evaluate("id => document.getElementById(id).type", control)
        page.keyboard.press(
            "Space"
            if kind in ("radio", "checkbox")
            else "ArrowDown"
            if kind == "select-one"
            else "7"
        )
        assert (page.url, page.evaluate("document.activeElement.id")) == (address, control)
    assert opened == []


def test_every_page_and_state_has_its_own_title(new_page, site) -> None:
    """2.4.2: a leaver with many tabs, or a screen reader announcing the page, can tell the
    questionnaire, its error state, the thank-you page and the HR pages apart."""
    titles = {}
    for name, js in (
        ("form-en", True),
        ("errors-en", True),
        ("errors-en", False),
        ("thanks", True),
    ):
        page = _open(new_page, site, name, js)
        titles[f"{name}-{js}"] = page.title()
    for name in ("index", "sign-in", "hr-area", "report"):
        titles[name] = _open(new_page, site, name, True).title()
    assert (
        titles["errors-en-True"] == titles["errors-en-False"] == "Error: " + titles["form-en-True"]
    )
    shown = [t for k, t in titles.items() if k != "errors-en-False"]
    assert len(set(shown)) == len(shown), titles
    assert all(t.strip() for t in shown)


def _remembered(profile: Path) -> list[tuple[str, str]]:
    """What Chromium keeps to offer in a text field's suggestions (its "Web Data" file)."""
    with sqlite3.connect(profile / "Default" / "Web Data") as db:
        return db.execute("SELECT name, value FROM autofill").fetchall()


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_the_browser_keeps_no_typed_answer_for_the_next_person(browser, site, tmp_path, js):
    """On a shared computer, Chromium offered the next person who opened the questionnaire
    "Caring for my mother in Groningen" under "Your own answer": it keeps what is typed in
    one-line boxes, with or without our script, and closing the window does not clear it.
    A control form on the same browser shows that Chromium does keep what others send."""
    reason, number = f"Caring for my mother ({uuid.uuid4().hex[:6]})", "7"
    control = f"{site.url}/control-form"
    context = browser.browser_type.launch_persistent_context(
        tmp_path / "profile",
        executable_path=str(CHROMIUM),
        args=CHROMIUM_ARGS,
        java_script_enabled=js,
    )
    try:
        page = context.new_page()
        page.route(
            f"{control}*",
            lambda route: route.fulfill(
                content_type="text/html",
                body='<form method="get"><input name="control" id="c"><button>Go</button></form>',
            ),
        )
        page.goto(control)
        page.fill("#c", "a control answer")
        with page.expect_navigation():
            page.click("button")
        page.goto(site.url + "/sample-en/")
        page.check("#how_ended")  # I resigned
        page.check("#reasons-6")  # "Other, namely", whose box follows
        page.fill("#reasons__other", reason)
        page.fill("#years", number)
        for radio in ("work_variety", "work_manager", "work_pay", "recommend"):
            page.check(f"#{radio}")
        with page.expect_navigation(url="**/thanks.html"):
            page.click("button[type=submit]:not([hidden])")
    finally:
        context.close()
    kept = _remembered(tmp_path / "profile")
    assert ("control", "a control answer") in kept
    assert [(n, v) for n, v in kept if n != "control"] == []
