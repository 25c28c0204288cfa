"""Question IDs that are also names JavaScript objects carry ('constructor', 'valueof'...).

The script keeps the answers of visible questions in a lookup by question ID. A hidden
question whose ID was a built-in name of a plain object found that built-in instead of
"no answer", and the script stopped: every condition on the page stayed as it was.
"""

from __future__ import annotations

import pytest
from browser_site import Site, SiteServer, write_error_pages

from collector.builder import build_site
from collector.model import form_from_json

SOURCE = """---
title: Names
language: en
slug: names
privacy: Only HR reads the answers.
---

## About leaving {#about}

### Did you like the work? {#liked}
- type: yes/no

### Did you build things? {#constructor}
- type: yes/no
- show if: liked = yes

### What did you build? {#built}
- type: short text
- show if: constructor = yes

### Anything else? {#valueof}
- type: yes/no
- show if: liked = no

### Tell us {#tell}
- type: short text
- show if: valueof = yes or liked = yes
"""


@pytest.fixture(scope="module")
def names_server(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("names")
    (base / "src").mkdir()
    (base / "src" / "names.md").write_text(SOURCE, encoding="utf-8")
    build_site(base / "src", base / "out")
    forms = [form_from_json((base / "out" / "names" / "form.json").read_text("utf-8"))]
    site = Site("names", base / "out", forms)
    write_error_pages(site)
    with SiteServer(site) as server:
        yield server


def visible(page, question: str) -> bool:
    return page.locator(f'[data-q="{question}"]').is_visible()


def test_conditions_work_with_ids_that_name_object_builtins(new_page, names_server) -> None:
    page = new_page()
    page.goto(names_server.url + "names/")
    # Nothing answered: 'constructor' and 'valueof' are hidden, so what tests them is too.
    assert not visible(page, "constructor")
    assert not visible(page, "built")
    assert not visible(page, "tell")

    page.get_by_role("group", name="Did you like the work?").get_by_label("Yes", exact=True).check()
    assert visible(page, "constructor")
    assert visible(page, "tell")
    assert not visible(page, "built")
    page.get_by_role("group", name="Did you build things?").get_by_label("Yes", exact=True).check()
    assert visible(page, "built")

    page.get_by_role("group", name="Did you like the work?").get_by_label("No", exact=True).check()
    assert not visible(page, "constructor")
    assert not visible(page, "built")
    assert visible(page, "valueof")
    assert not visible(page, "tell")
    assert page.problems == []  # type: ignore[attr-defined]
