"""Telegram's text rules as the emulator applies them: HTML parse mode, entities, commands."""

from __future__ import annotations

import pytest

from botapi_emulator.errors import ApiError
from botapi_emulator.formatting import command_entities, parse_html, strip_text, utf16_len


def test_html_tags_become_entities_on_plain_text() -> None:
    text, entities = parse_html(
        '<b>Bold</b> <i>it</i> <a href="https://x.org/?a=1&amp;b=2">link</a> '
        '<tg-spoiler>s</tg-spoiler> <span class="tg-spoiler">t</span>'
    )
    assert text == "Bold it link s t"
    assert entities == [
        {"type": "bold", "offset": 0, "length": 4},
        {"type": "italic", "offset": 5, "length": 2},
        {"type": "text_link", "offset": 8, "length": 4, "url": "https://x.org/?a=1&b=2"},
        {"type": "spoiler", "offset": 13, "length": 1},
        {"type": "spoiler", "offset": 15, "length": 1},
    ]


def test_pre_with_language_and_expandable_blockquote() -> None:
    text, entities = parse_html(
        '<pre><code class="language-python">x = 1</code></pre><blockquote expandable>q</blockquote>'
    )
    assert text == "x = 1q"
    assert entities == [
        {"type": "pre", "offset": 0, "length": 5, "language": "python"},
        {"type": "expandable_blockquote", "offset": 5, "length": 1},
    ]


def test_html_entities_are_decoded_and_unknown_ampersands_kept() -> None:
    text, entities = parse_html("&lt;5k&gt; &amp; &quot;easy&quot; &#127939; AT&T &nbsp;")
    assert text == '<5k> & "easy" 🏃 AT&T &nbsp;'
    assert entities == []


def test_offsets_are_utf16_code_units() -> None:
    text, entities = parse_html("🏃 <b>run</b>")
    assert text == "🏃 run"
    assert utf16_len("🏃") == 2
    assert entities == [{"type": "bold", "offset": 3, "length": 3}]


@pytest.mark.parametrize(
    ("source", "detail"),
    [
        ("line<br>next", 'Unsupported start tag "br" at byte offset 4'),
        ("pace 5 < 6", 'Unsupported start tag "" at byte offset 7'),
        ("é<x>", 'Unsupported start tag "x" at byte offset 2'),
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<b", "Unclosed start tag at byte offset 0"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
    ],
)
def test_bad_html_is_rejected_like_telegram(source: str, detail: str) -> None:
    with pytest.raises(ApiError) as caught:
        parse_html(source)
    assert caught.value.error_code == 400
    assert caught.value.description == f"Bad Request: can't parse entities: {detail}"


def test_surrounding_whitespace_is_trimmed_and_entities_follow() -> None:
    text, entities = strip_text("  \nhi there \n", [{"type": "bold", "offset": 3, "length": 9}])
    assert text == "hi there"
    assert entities == [{"type": "bold", "offset": 0, "length": 8}]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/start", [(0, 6)]),
        ("/plan@stride_bot 5k", [(0, 16)]),
        ("hello /help me", [(6, 5)]),
        ("and/or", []),
        ("no command", []),
    ],
)
def test_bot_command_entities(text: str, expected: list[tuple[int, int]]) -> None:
    found = [(e["offset"], e["length"]) for e in command_entities(text)]
    assert found == expected
    assert all(e["type"] == "bot_command" for e in command_entities(text))
