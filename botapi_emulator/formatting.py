"""Text formatting the way Telegram does it: HTML parse mode, entities, UTF-16 offsets.

Telegram measures entity offsets and lengths in UTF-16 code units, rejects HTML it does not
understand with ``400 Bad Request: can't parse entities: ...`` and trims surrounding whitespace
from message text. The emulator reproduces those rules (closely following tdlib's
``parse_html``) because they are exactly where real bots break: an unescaped ``<`` in user
content, a ``<br>`` tag, a missing end tag, or entity offsets computed in code points.
"""

from __future__ import annotations

import re
from typing import Any

from botapi_emulator.errors import ApiError

#: Tags Telegram's HTML parse mode accepts, mapped to the entity type they produce.
_TAG_ENTITY: dict[str, str] = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "code": "code",
    "pre": "pre",
    "a": "text_link",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "blockquote": "blockquote",
}

#: Named HTML entities Telegram decodes; any other ``&...;`` stays literal text.
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}

_COMMAND_RE = re.compile(r"(?<![^\s])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,64})?")


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit of Telegram entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode("utf-8"))


def _parse_error(detail: str) -> ApiError:
    return ApiError.bad_request(f"can't parse entities: {detail}")


def _decode_entity(source: str, start: int) -> tuple[str, int] | None:
    """Decode the HTML entity at ``source[start] == '&'``; None means keep the ``&`` literal."""
    end = source.find(";", start + 1, start + 12)
    if end == -1:
        return None
    name = source[start + 1 : end]
    if name in _NAMED_ENTITIES:
        return _NAMED_ENTITIES[name], end + 1
    if name.startswith(("#x", "#X")) and re.fullmatch(r"[0-9A-Fa-f]{1,6}", name[2:]):
        code = int(name[2:], 16)
    elif name.startswith("#") and re.fullmatch(r"[0-9]{1,7}", name[1:]):
        code = int(name[1:])
    else:
        return None
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code), end + 1


def _parse_attributes(source: str, pos: int, begin: int) -> tuple[dict[str, str], int]:
    """Parse ``name="value"`` pairs up to the closing ``>``; returns them and the ``>`` index."""
    attrs: dict[str, str] = {}
    n = len(source)
    while True:
        while pos < n and source[pos].isspace():
            pos += 1
        if pos >= n:
            raise _parse_error(f"Unclosed start tag at byte offset {_byte_offset(source, begin)}")
        if source[pos] == ">":
            return attrs, pos
        name_start = pos
        while pos < n and not source[pos].isspace() and source[pos] not in "=>":
            pos += 1
        name = source[name_start:pos].lower()
        while pos < n and source[pos].isspace():
            pos += 1
        if pos >= n:
            raise _parse_error(f"Unclosed start tag at byte offset {_byte_offset(source, begin)}")
        if source[pos] != "=":
            attrs[name] = ""
            continue
        pos += 1
        while pos < n and source[pos].isspace():
            pos += 1
        if pos >= n:
            raise _parse_error(f"Unclosed start tag at byte offset {_byte_offset(source, begin)}")
        if source[pos] in "\"'":
            quote = source[pos]
            close = source.find(quote, pos + 1)
            if close == -1:
                raise _parse_error(
                    f"Unclosed start tag at byte offset {_byte_offset(source, begin)}"
                )
            raw_value = source[pos + 1 : close]
            pos = close + 1
        else:
            value_start = pos
            while pos < n and not source[pos].isspace() and source[pos] != ">":
                pos += 1
            raw_value = source[value_start:pos]
        attrs[name] = _unescape(raw_value)


def _unescape(text: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        if text[i] == "&" and (decoded := _decode_entity(text, i)) is not None:
            out.append(decoded[0])
            i = decoded[1]
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


class _OpenTag:
    __slots__ = ("attrs", "begin", "language", "name", "offset")

    def __init__(self, name: str, attrs: dict[str, str], offset: int, begin: int) -> None:
        self.name = name
        self.attrs = attrs
        self.offset = offset
        self.begin = begin
        self.language: str | None = None


def parse_html(source: str) -> tuple[str, list[dict[str, Any]]]:
    """Turn HTML-formatted text into (plain text, entities), or raise a Telegram-style 400.

    The plain text is what Telegram stores and returns as ``Message.text``: tags removed,
    entities decoded. Entities use UTF-16 offsets and are sorted like Telegram sorts them.
    """
    out: list[str] = []
    utf16_pos = 0
    stack: list[_OpenTag] = []
    entities: list[dict[str, Any]] = []
    n = len(source)
    i = 0
    while i < n:
        char = source[i]
        if char == "&" and (decoded := _decode_entity(source, i)) is not None:
            out.append(decoded[0])
            utf16_pos += utf16_len(decoded[0])
            i = decoded[1]
            continue
        if char != "<":
            out.append(char)
            utf16_pos += 1 if ord(char) < 0x10000 else 2
            i += 1
            continue
        begin = i
        i += 1
        if i < n and source[i] == "/":
            i += 1
            if not stack:
                raise _parse_error(
                    f"Unexpected end tag at byte offset {_byte_offset(source, begin)}"
                )
            name_start = i
            while i < n and not source[i].isspace() and source[i] != ">":
                i += 1
            end_name = source[name_start:i].lower()
            while i < n and source[i] != ">":
                i += 1
            if i >= n:
                raise _parse_error(f"Unclosed end tag at byte offset {_byte_offset(source, begin)}")
            if end_name and end_name != stack[-1].name:
                raise _parse_error(
                    f"Unmatched end tag at byte offset {_byte_offset(source, begin)}, "
                    f'expected "</{stack[-1].name}>", found "</{end_name}>"'
                )
            i += 1
            _close_tag(stack.pop(), utf16_pos, stack, entities)
            continue
        name_start = i
        while i < n and not source[i].isspace() and source[i] != ">":
            i += 1
        if i >= n:
            raise _parse_error(f"Unclosed start tag at byte offset {_byte_offset(source, begin)}")
        name = source[name_start:i].lower()
        if name not in _TAG_ENTITY:
            raise _parse_error(
                f'Unsupported start tag "{name}" at byte offset {_byte_offset(source, begin)}'
            )
        attrs, i = _parse_attributes(source, i, begin)
        i += 1
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise _parse_error(
                f'Tag "span" must have class "tg-spoiler" at byte offset '
                f"{_byte_offset(source, begin)}"
            )
        stack.append(_OpenTag(name, attrs, utf16_pos, begin))
    if stack:
        raise _parse_error(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _close_tag(
    tag: _OpenTag, utf16_pos: int, stack: list[_OpenTag], entities: list[dict[str, Any]]
) -> None:
    length = utf16_pos - tag.offset
    if tag.name == "code" and stack and stack[-1].name == "pre":
        language = tag.attrs.get("class", "")
        if language.startswith("language-") and stack[-1].offset == tag.offset:
            stack[-1].language = language.removeprefix("language-")
            return
    if length <= 0:
        return
    entity: dict[str, Any] = {"type": _TAG_ENTITY[tag.name], "offset": tag.offset, "length": length}
    if tag.name == "a":
        url = tag.attrs.get("href", "")
        if not url:
            return
        entity["url"] = url
    elif tag.name == "pre" and tag.language:
        entity["language"] = tag.language
    elif tag.name == "blockquote" and "expandable" in tag.attrs:
        entity["type"] = "expandable_blockquote"
    entities.append(entity)


def strip_text(text: str, entities: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Trim surrounding whitespace like Telegram does, moving and clipping entities to match."""
    stripped_left = text.lstrip()
    lead = utf16_len(text) - utf16_len(stripped_left)
    result = stripped_left.rstrip()
    total = utf16_len(result)
    adjusted: list[dict[str, Any]] = []
    for entity in entities:
        start = max(int(entity["offset"]) - lead, 0)
        end = min(int(entity["offset"]) + int(entity["length"]) - lead, total)
        if end > start:
            adjusted.append({**entity, "offset": start, "length": end - start})
    return result, adjusted


def command_entities(text: str) -> list[dict[str, Any]]:
    """The ``bot_command`` entities Telegram attaches to a user's message text."""
    entities: list[dict[str, Any]] = []
    for match in _COMMAND_RE.finditer(text):
        entities.append(
            {
                "type": "bot_command",
                "offset": utf16_len(text[: match.start()]),
                "length": utf16_len(match.group()),
            }
        )
    return entities


def escape_html(text: str) -> str:
    """Escape text for Telegram HTML (the three characters its parser cares about)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
