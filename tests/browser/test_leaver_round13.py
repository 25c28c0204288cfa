"""Round 13: the leaver on a phone, with low vision, on a bad network.

What the earlier rounds' checks (axe, keyboard, screen readers, reflow) let through, each
reproduced in Chromium: error summary bullets beside the wrong line at 400% zoom, a faded
"Sending…", a post cut off on the way called a changed questionnaire, and a date hint
whose example year was not its error message's.
"""

from __future__ import annotations

import base64
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_site import CollectorServer, fixture_forms
from browser_tools import screenshot, wait_until_true

from collector.builder import render_site
from collector.render import PageRenderer

ZOOM_400 = {"width": 320, "height": 256}  # a 1280 x 1024 screen at 400%


def unique(text: str) -> str:
    return f"{text} ({uuid.uuid4().hex[:8]})"


def send_button(page):
    return page.locator("button[type=submit]:not([hidden])")


# -- error summary bullets ------------------------------------------------------------------

#: For each error in the summary: where its bullet sits (the baseline of the item's first
#: line, found with an empty inline probe, as the list marker is not in the DOM) against the
#: first line of its link.
BULLETS = """() => [...document.querySelectorAll('.errsum li')].map((li) => {
  const a = li.querySelector('a');
  const probe = document.createElement('span');
  probe.textContent = '\\u200b';
  li.prepend(probe);
  const line = parseFloat(getComputedStyle(a).lineHeight);
  const bullet = probe.getBoundingClientRect().bottom, top = a.getBoundingClientRect().top;
  probe.remove();
  return {error: a.textContent, lines: Math.round(a.getBoundingClientRect().height / line),
          bulletOnLine: Math.ceil((bullet - top) / line)};
})"""


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_each_error_s_bullet_is_beside_its_first_line_at_400_percent(new_page, collector, js):
    """At 400% zoom (and on a phone) the error messages wrap; each bullet sat beside the
    last line of its message, so it read as the start of the next one."""
    page = new_page(js=js, viewport=ZOOM_400, locale="nl-NL")
    page.goto(collector.url + "/exit-nl/")
    page.fill("#closing", "x" * 2100)  # two errors: no answer to the first, a long text
    send_button(page).click()
    page.wait_for_selector(".errsum li")
    bullets = page.evaluate(BULLETS)
    assert any(b["lines"] > 1 for b in bullets), bullets  # the case in question
    for b in bullets:
        assert b["bulletOnLine"] == 1, f"the bullet is beside line {b['bulletOnLine']}: {b}"
    screenshot(page, f"round13-errsum-400-{'js' if js else 'nojs'}")


# -- "Sending…" -------------------------------------------------------------------------------

#: The colours of a screenshot, most frequent first: [[r, g, b], pixels].
COLOURS = """async (png) => {
  const img = new Image();
  img.src = 'data:image/png;base64,' + png;
  await img.decode();
  const c = Object.assign(document.createElement('canvas'), {width: img.width, height: img.height});
  const x = c.getContext('2d');
  x.drawImage(img, 0, 0);
  const d = x.getImageData(0, 0, c.width, c.height).data, n = {};
  for (let i = 0; i < d.length; i += 4) { const k = [d[i], d[i + 1], d[i + 2]].join(); n[k] = (n[k] || 0) + 1; }
  return Object.entries(n).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k.split(',').map(Number), v]);
}"""


def contrast(a: list[int], b: list[int]) -> float:
    def luminance(rgb: list[int]) -> float:
        c = [v / 255 for v in rgb]
        c = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_sending_is_as_legible_as_the_button_s_own_words(new_page, collector):
    """On a slow connection "Sending…" is what the leaver reads for seconds: faded, it was
    white on pale green, 3:1, below the 4.5:1 of text. (In dark mode it was 4.9:1, and its
    grey is 10:1 now.)"""
    page = new_page(viewport={"width": 360, "height": 740})
    page.goto(collector.url + "/exit-en/")
    page.check("#departure")
    stalled = []
    page.route("**/submit/exit-en", lambda route: stalled.append(route))  # still on its way
    send_button(page).click()
    wait_until_true(page, "!!document.querySelector('button[aria-disabled=true]')")
    assert send_button(page).inner_text() == "Sending…"
    png = send_button(page).screenshot(animations="disabled")
    colours = page.evaluate(COLOURS, base64.b64encode(png).decode())
    background = colours[0][0]
    text = max((c for c, n in colours[1:] if n >= 20), key=lambda c: contrast(c, background))
    assert contrast(text, background) >= 4.5, (text, background, contrast(text, background))
    for route in stalled:
        route.abort()


# -- a post cut off on the way -----------------------------------------------------------------


def garbled(route) -> None:
    """The post as a proxy that mangled it passes it on: a byte that is not UTF-8 (the
    collector reads it as a body cut off on the way, a 400)."""
    route.continue_(post_data=route.request.post_data_buffer.replace(b"closing=", b"closing=\xe9"))


WORDS = {
    "en": ("did not arrive whole", "Send them again", "new version"),
    "nl": ("niet volledig aan", "Verstuur ze opnieuw", "nieuwe versie"),
}


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_a_post_that_arrived_garbled_says_send_it_again(new_page, collector, lang, js):
    """The page said the questionnaire had changed, that sending again would not work,
    and linked to a "new version": the leaver would have started over, or given up."""
    slug = f"exit-{lang}"
    closing = unique("Garbled on the way")
    page = new_page(js=js, locale="nl-NL" if lang == "nl" else "en-US")
    page.goto(f"{collector.url}/{slug}/")
    page.check("#departure")
    page.fill("#closing", closing)
    page.route(f"**/submit/{slug}", garbled)
    send_button(page).click()
    page.wait_for_selector(".errsum")
    said = page.locator(".errsum").inner_text()
    arrived, again, new_version = WORDS[lang]
    assert arrived in said and again in said, said
    assert new_version not in said and page.locator(".errsum a").count() == 0
    page.unroute(f"**/submit/{slug}")
    if not js:  # the not-sent page: Back to the answers, as it says
        page.go_back()
    assert page.input_value("#closing") == closing
    with page.expect_navigation(url=f"**/{slug}/thanks.html"):
        send_button(page).click()
    assert len(collector.stored(slug, closing)) == 1


# -- the date question's example ---------------------------------------------------------------


@pytest.fixture(scope="module")
def fixture_collector(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CollectorServer]:
    """The real collector serving the fixture forms, which have month and date questions."""
    from collector import create_app

    base: Path = tmp_path_factory.mktemp("round13")
    for relative, content in render_site(fixture_forms(), PageRenderer()).items():
        path = base / "output" / relative
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
    server = CollectorServer(app)
    yield server
    server.close()


EXAMPLE = re.compile(r"\b\d{4}-\d\d(?:-\d\d)?\b|\b(?:\d\d-)?\d\d-\d{4}\b")


@pytest.mark.parametrize("slug", ["sample-en", "sample-nl"])
@pytest.mark.parametrize(
    ("field", "typed"), [("last_month", "march"), ("start_date", "2026-02-30")]
)
def test_a_date_s_hint_and_its_error_give_the_same_example(
    new_page, fixture_collector, slug, field, typed
):
    """The hint said "for example 2025-03", the message after a mistake "like 2026-03":
    which year, the leaver wondered, and was the other one wrong?"""
    page = new_page()
    page.goto(f"{fixture_collector.url}/{slug}/")
    hint = page.locator(f"#{field}-hint").inner_text()
    page.fill(f"#{field}", typed)
    send_button(page).click()
    page.wait_for_selector(f"#{field}-error")
    error = page.locator(f"#{field}-error").inner_text()
    assert EXAMPLE.findall(hint) and EXAMPLE.findall(error), (hint, error)
    assert EXAMPLE.findall(error)[-1] == EXAMPLE.findall(hint)[-1], (hint, error)


# -- boxes as wide as their answers ----------------------------------------------------------


@pytest.mark.parametrize("width", [1280, 320])
def test_number_and_date_boxes_are_as_wide_as_their_answers(new_page, fixture_server, width):
    """A number or a date in a box as wide as a sentence reads as "write a sentence here"
    (the rule that narrowed them matched nothing once they became text boxes)."""
    page = new_page(js=False, viewport={"width": width, "height": 900})  # all shown
    page.goto(fixture_server.url + "sample-en/")
    box = {q: page.locator(f"#{q}").bounding_box() for q in ("years", "last_month", "new_offer")}
    rem = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    if width == 1280:
        assert box["years"]["width"] <= 12 * rem
        assert box["last_month"]["width"] <= 12 * rem
        assert box["new_offer"]["width"] > 2 * box["years"]["width"]
    else:  # a phone: never wider than the screen, and still room for a date
        assert box["last_month"]["width"] >= 10 * rem
        assert box["last_month"]["x"] + box["last_month"]["width"] <= width
