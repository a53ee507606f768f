"""Telegram's `parse_mode=HTML`: the same tag set, error wording and byte offsets as the Bot API.

One deliberate difference: Telegram keeps a bare `&` in text as a literal, but its
documentation says it must be escaped, so the emulator rejects it. A bot that forgets to
escape `&` usually forgets `<` too, and that one breaks in production.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.sandbox.errors import ApiError, bad_request

_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "tg-emoji": "custom_emoji",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
}
_NAMED_REFERENCES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_REFERENCE = re.compile(r"&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]+));")
_NAME_TOKEN = re.compile(r"[A-Za-z0-9.-]*")


@dataclass(frozen=True)
class FormattedText:
    """Message text as Telegram stores it: plain characters plus MessageEntity dicts."""

    text: str
    entities: tuple[dict[str, Any], ...] = ()


@dataclass
class _OpenTag:
    name: str
    offset: int  # in UTF-16 code units, like MessageEntity.offset
    attributes: dict[str, str] = field(default_factory=dict)


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def parse_html(source: str) -> FormattedText:
    """Strip the markup; raise ApiError(400, "Bad Request: can't parse entities: ...") like Telegram."""
    return _HtmlParser(source).parse()


class _HtmlParser:
    def __init__(self, source: str) -> None:
        self._source = source
        self._pos = 0
        self._text: list[str] = []
        self._utf16_offset = 0
        self._open: list[_OpenTag] = []
        self._entities: list[dict[str, Any]] = []

    def parse(self) -> FormattedText:
        source = self._source
        while self._pos < len(source):
            char = source[self._pos]
            if char == "<":
                if source.startswith("</", self._pos):
                    self._end_tag()
                else:
                    self._start_tag()
            elif char == "&":
                self._emit(self._reference())
            else:
                self._emit(char)
                self._pos += 1
        if self._open:
            raise _cant_parse(f'Can\'t find end tag corresponding to start tag "{self._open[-1].name}"')
        self._entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
        return FormattedText("".join(self._text), tuple(self._entities))

    def _emit(self, text: str) -> None:
        self._text.append(text)
        self._utf16_offset += utf16_length(text)

    def _reference(self) -> str:
        match = _REFERENCE.match(self._source, self._pos)
        decoded = _decode_reference(match) if match else None
        if decoded is None:
            raise self._error('Character "&" must be escaped as "&amp;"', self._pos)
        assert match is not None
        self._pos = match.end()
        return decoded

    def _start_tag(self) -> None:
        begin = self._pos
        self._pos += 1
        name = self._read_until(lambda char: char.isspace() or char == ">").lower()
        if self._at_end():
            raise self._error("Unclosed start tag", begin)
        if name not in _ENTITY_TYPES:
            raise self._error(f'Unsupported start tag "{name}"', begin)
        tag = _OpenTag(name, self._utf16_offset, self._attributes(name, begin))
        self._check_required_attributes(tag, begin)
        self._open.append(tag)

    def _attributes(self, tag_name: str, begin: int) -> dict[str, str]:
        attributes: dict[str, str] = {}
        source = self._source
        while True:
            self._skip_spaces()
            if self._at_end():
                raise self._error(f'Unclosed start tag "{tag_name}"', begin)
            if source[self._pos] == ">":
                self._pos += 1
                return attributes
            attribute = self._read_until(lambda char: char.isspace() or char in "=>").lower()
            if not attribute:
                raise self._error(f'Empty attribute name in the tag "{tag_name}"', begin)
            self._skip_spaces()
            if self._at_end() or source[self._pos] != "=":
                if tag_name == "blockquote" and attribute == "expandable":
                    attributes[attribute] = ""
                    continue
                raise self._error(f'Expected equal sign in declaration of an attribute of the tag "{tag_name}"', begin)
            self._pos += 1
            self._skip_spaces()
            if self._at_end():
                raise self._error(f'Unclosed start tag "{tag_name}"', begin)
            attributes[attribute] = self._attribute_value(begin)

    def _attribute_value(self, begin: int) -> str:
        source = self._source
        quote = source[self._pos]
        if quote in "'\"":
            end = source.find(quote, self._pos + 1)
            if end < 0:
                raise self._error("Unclosed start tag", begin)
            raw = source[self._pos + 1 : end]
            self._pos = end + 1
            # Inside attribute values Telegram keeps unknown `&...` literally; URLs with a raw
            # `&` in their query string are common and work in production.
            return _REFERENCE.sub(lambda match: _decode_reference(match) or match.group(0), raw)
        token = _NAME_TOKEN.match(source, self._pos)
        assert token is not None  # the pattern matches the empty string
        self._pos = token.end()
        if not self._at_end() and not (source[self._pos].isspace() or source[self._pos] == ">"):
            raise self._error("Unexpected end of name token", token.start())
        return token.group(0).lower()

    def _check_required_attributes(self, tag: _OpenTag, begin: int) -> None:
        if tag.name == "span" and tag.attributes.get("class") != "tg-spoiler":
            raise self._error('Tag "span" must have class "tg-spoiler"', begin)
        if tag.name == "a" and not tag.attributes.get("href"):
            raise self._error('Tag "a" must have attribute "href"', begin)
        if tag.name == "tg-emoji" and not tag.attributes.get("emoji-id", "").isdigit():
            raise self._error('Tag "tg-emoji" must have a numeric attribute "emoji-id"', begin)

    def _end_tag(self) -> None:
        begin = self._pos
        if not self._open:
            raise self._error("Unexpected end tag", begin)
        self._pos += 2
        name = self._read_until(lambda char: char.isspace() or char == ">").lower()
        self._skip_spaces()
        if self._at_end() or self._source[self._pos] != ">":
            raise self._error("Unclosed end tag", begin)
        self._pos += 1
        tag = self._open.pop()
        if name and name != tag.name:
            raise _cant_parse(
                f"Unmatched end tag at byte offset {self._byte_offset(begin)}, "
                f'expected "</{tag.name}>", found "</{name}>"'
            )
        self._close_entity(tag)

    def _close_entity(self, tag: _OpenTag) -> None:
        length = self._utf16_offset - tag.offset
        language = tag.attributes.get("class", "").removeprefix("language-") if tag.name == "code" else ""
        if tag.name == "code" and language and self._open and self._open[-1].name == "pre":
            # <pre><code class="language-x"> is one pre entity with a language, as in Telegram.
            self._open[-1].attributes["language"] = language
            return
        if length <= 0:
            return
        entity: dict[str, Any] = {"type": _ENTITY_TYPES[tag.name], "offset": tag.offset, "length": length}
        if tag.name == "a":
            entity["url"] = tag.attributes["href"]
        elif tag.name == "tg-emoji":
            entity["custom_emoji_id"] = tag.attributes["emoji-id"]
        elif tag.name == "pre" and tag.attributes.get("language"):
            entity["language"] = tag.attributes["language"]
        elif tag.name == "blockquote" and "expandable" in tag.attributes:
            entity["type"] = "expandable_blockquote"
        self._entities.append(entity)

    def _read_until(self, stop: Callable[[str], bool]) -> str:
        start = self._pos
        source = self._source
        while self._pos < len(source) and not stop(source[self._pos]):
            self._pos += 1
        return source[start : self._pos]

    def _skip_spaces(self) -> None:
        self._read_until(lambda char: not char.isspace())

    def _at_end(self) -> bool:
        return self._pos >= len(self._source)

    def _byte_offset(self, position: int) -> int:
        return len(self._source[:position].encode("utf-8", "surrogatepass"))

    def _error(self, reason: str, position: int) -> ApiError:
        return _cant_parse(f"{reason} at byte offset {self._byte_offset(position)}")


def _decode_reference(match: re.Match[str]) -> str | None:
    decimal, hexadecimal, name = match.groups()
    if name is not None:
        return _NAMED_REFERENCES.get(name)
    code_point = int(decimal, 10) if decimal is not None else int(hexadecimal, 16)
    if code_point == 0 or code_point > 0x10FFFF or 0xD800 <= code_point <= 0xDFFF:
        return None
    return chr(code_point)


def _cant_parse(reason: str) -> ApiError:
    return bad_request(f"can't parse entities: {reason}")
