"""Round 22, second look: the character counter while a Japanese (or Chinese) input method
composes a word. The reading typed so far ("にほんご") is in the box, but it is not what will
be sent: the committed word ("日本語") is shorter. The counter said "1 too many" for a word
that fitted."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser_site import CollectorServer, served_collector
from questionnaire_helpers import translated_texts

JA = """---
title: 退職アンケート
language: ja
privacy: 個々の回答を読むのは人事チームのみです。参加は任意です。
---

## 振り返り {#looking_back}

### 他に伝えたいことはありますか？ {#closing}
- type: long text
- max length: 20
"""

WORDS = {
    '"You have {n} characters remaining"': '"残り{n}文字です"',
    '"You have 1 character remaining"': '"残り1文字です"',
    '"You have {n} characters too many"': '"{n}文字多すぎます"',
    '"You have 1 character too many"': '"1文字多すぎます"',
}


@pytest.fixture(scope="module")
def japanese(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CollectorServer]:
    texts = {"ja.md": JA, "texts-ja.yml": translated_texts(WORDS)}
    server = served_collector(tmp_path_factory.mktemp("languages"), texts, range(9230, 9240))
    yield server
    server.close()


def test_the_counter_waits_for_an_input_method_to_commit(new_page, japanese) -> None:
    page = new_page()
    page.goto(japanese.url + "/ja/")
    box = page.locator("#closing")
    box.fill("退職理由は" * 3 + "と")  # 16 of 20
    info = page.locator("#closing-info")
    assert info.inner_text() == "残り4文字です"
    box.focus()
    # As a Japanese input method does it: the reading grows in the box, uncommitted.
    ime = page.context.new_cdp_session(page)
    for reading in ("に", "にほ", "にほん", "にほんご", "にほんごで"):
        ime.send(
            "Input.imeSetComposition",
            {"text": reading, "selectionStart": len(reading), "selectionEnd": len(reading)},
        )
        assert box.input_value().endswith(reading)
        assert info.inner_text() == "残り4文字です", reading
    # Committed: the word is three characters, and the counter counts it now.
    ime.send("Input.insertText", {"text": "日本語"})
    assert box.input_value().endswith("と日本語")
    assert info.inner_text() == "残り1文字です"
    # Typed past the limit by composing and committing, it still says so.
    ime.send("Input.imeSetComposition", {"text": "で", "selectionStart": 1, "selectionEnd": 1})
    ime.send("Input.insertText", {"text": "です"})
    assert info.inner_text() == "1文字多すぎます"
    assert page.problems == []  # type: ignore[attr-defined]
