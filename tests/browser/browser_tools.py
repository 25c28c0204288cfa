"""Shared helpers for the browser tests: where the tools are, axe, screenshots."""

from __future__ import annotations

from pathlib import Path

from browser_site import ROOT

CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def missing_browser_tools() -> str:
    """Why the browser suite cannot run here, or ""."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    if not AXE.exists():
        return f"{AXE.relative_to(ROOT)} is missing (run tests/browser/setup.sh)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    return ""


def run_axe(page, axe_source: str) -> dict:
    """axe-core with the WCAG 2.2 AA tags; injected by evaluate, so the page's CSP stays on."""
    if not page.evaluate("() => !!window.axe"):
        page.evaluate(axe_source)
    return page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                      resultTypes: ['violations', 'incomplete']})""",
        AXE_TAGS,
    )


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        lines += [f"    {n['target']}: {n['failureSummary']}" for n in v["nodes"][:5]]
    return "\n".join(lines)


def screenshot(page, name: str, attempts: int = 3, **options) -> Path:
    """Save a picture for people to look at (artifacts/screenshots/).

    Headless Chromium now and then answers "Unable to capture screenshot" when the machine
    is busy (a tall full-page capture at 320 px failed once in CI, in 1 of ~2,900 tests):
    the page is fine, the capture is not, so it is tried again before the test fails.
    """
    from playwright.sync_api import Error

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    for attempt in range(1, attempts + 1):
        try:
            page.screenshot(path=str(path), **options)
            return path
        except Error as error:
            if attempt == attempts or "Unable to capture screenshot" not in str(error):
                raise
            page.wait_for_timeout(500 * attempt)
    return path


FOCUS_STATE = """() => {
  const el = document.activeElement;
  const s = getComputedStyle(el);
  // Forced colours drop shadows, so the outline is reported on its own as well.
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2
                  && s.outlineColor !== 'rgba(0, 0, 0, 0)';
  const ring = outline || s.boxShadow !== 'none';
  const r = el.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  const covered = !(hit && (hit === el || el.contains(hit) || hit.control === el));
  return {id: el.id, tag: el.tagName, ring, outline, covered,
          inView: r.top + r.height / 2 >= 0 && r.top + r.height / 2 <= innerHeight};
}"""


def check_focus(page) -> dict:
    """The focused element has a visible ring and is not hidden under anything (2.4.7/2.4.11)."""
    state = page.evaluate(FOCUS_STATE)
    if state["tag"] != "BODY":
        assert state["ring"], f"no visible focus indicator on {state}"
        assert state["inView"] and not state["covered"], f"focus obscured: {state}"
    return state


def tab_stops(page, limit: int = 300) -> list[dict]:
    """FOCUS_STATE at every Tab stop, from where focus is until it leaves the page."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state["tag"] == "BODY":
            return stops
        stops.append(state)
    raise AssertionError(f"focus was still in the page after {limit} Tab presses")


def width_with_text_at(page, size: str) -> int:
    """The page's width with the browser's text size set to ``size`` (e.g. "200%"), as on a
    phone set to large text; the text size is put back afterwards."""
    page.evaluate(f"document.documentElement.style.fontSize = '{size}'")
    width = page.evaluate("document.documentElement.scrollWidth")
    page.evaluate("document.documentElement.style.fontSize = ''")
    return width


def pageshow_has_run(page, sent_id: str) -> None:
    """Back on a page whose answers were sent: wait until the script has emptied it for the
    next person, which it does with a new submission ID. A fixed 300 ms was too short for
    that on a loaded machine."""
    page.wait_for_function(
        """sent => document.readyState === 'complete'
            && ![sent, ''].includes(document.querySelector('[name=_submission]').value)""",
        arg=sent_id,
    )


def wait_until_true(page, expression: str, timeout: float = 20_000) -> None:
    """Wait until the JavaScript ``expression`` is true on ``page``, polled from here.

    Playwright's ``wait_for_function`` compiles its predicate in the page when it has to
    poll, and our pages' CSP refuses that (no 'unsafe-eval'): it failed only when the page
    was slow. ``page.evaluate`` is not subject to the page's CSP."""
    for _ in range(int(timeout / 50)):
        try:
            if page.evaluate(expression):
                return
        except Exception as exc:  # a navigation under way: ask the page it leads to
            if "context was destroyed" not in str(exc):
                raise
        page.wait_for_timeout(50)
    assert page.evaluate(expression), f"never true: {expression}"


def wait_for_held(page, held: list, count: int = 1, timeout: float = 20_000) -> None:
    """Wait until ``count`` requests are held by a ``page.route`` handler that appends them
    to ``held``. The handler runs when Playwright hands the request over, which on a loaded
    machine is well after the button already says "Sending…" (CI once found none held)."""
    for _ in range(int(timeout / 50)):
        if len(held) >= count:
            return
        page.wait_for_timeout(50)
    assert len(held) >= count, f"{len(held)} of {count} requests reached the page's route"
