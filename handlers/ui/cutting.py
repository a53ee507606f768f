"""Cutting and splitting texts to Telegram's limits, the one way every screen does it.

Telegram counts what is seen: tags do not count, `&amp;` counts as one character, lengths are
in UTF-16 code units (an emoji is two). Cutting the HTML string itself can leave half an
escape (`&am`) or an open tag, and Telegram refuses the whole message: so texts are cut by
visible length, between entities and tags, and the tags left open are closed.
"""

from __future__ import annotations

import re

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
# A little under the limits: room for a pager line or a header added afterwards.
MESSAGE_ROOM = 4000
ELLIPSIS = "…"

_TOKEN = re.compile(r"<[^>]*>|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);|.", re.DOTALL)
_OPENING = re.compile(r"<([a-zA-Z-]+)[^>]*>")
_CLOSING = re.compile(r"</([a-zA-Z-]+)\s*>")


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def visible_length(html_text: str) -> int:
    """The length Telegram counts for an HTML text."""
    return sum(_visible_units(token) for token in _TOKEN.findall(html_text))


def _visible_units(token: str) -> int:
    if token.startswith("<") and token.endswith(">") and len(token) > 1:
        return 0
    if token.startswith("&") and token.endswith(";") and len(token) > 2:
        return 1
    return _units(token)


def cut_plain(text: str, limit: int) -> str:
    """A plain text (a button label, a text not yet escaped) at most `limit` characters seen."""
    if _units(text) <= limit:
        return text
    kept, used = [], _units(ELLIPSIS)
    for char in text:
        used += _units(char)
        if used > limit:
            break
        kept.append(char)
    return "".join(kept).rstrip() + ELLIPSIS


def cut_html(html_text: str, limit: int = MESSAGE_ROOM) -> str:
    """An HTML text cut to `limit` visible characters, with "…" and its open tags closed."""
    if visible_length(html_text) <= limit:
        return html_text
    budget = limit - _units(ELLIPSIS)
    kept: list[str] = []
    open_tags: list[str] = []
    used = 0
    for token in _TOKEN.findall(html_text):
        units = _visible_units(token)
        if units and used + units > budget:
            break
        used += units
        kept.append(token)
        if closing := _CLOSING.fullmatch(token):
            if open_tags and open_tags[-1] == closing.group(1).lower():
                open_tags.pop()
        elif opening := _OPENING.fullmatch(token):
            open_tags.append(opening.group(1).lower())
    text = "".join(kept).rstrip()
    return text + ELLIPSIS + "".join(f"</{tag}>" for tag in reversed(open_tags))


def split_html(html_text: str, limit: int = MESSAGE_ROOM) -> list[str]:
    """A long HTML text as several messages, each under `limit`, cut between lines (a line too
    long on its own is cut). Each line is expected to close the tags it opens, as ours do."""
    parts: list[str] = []
    current: list[str] = []
    used = 0
    for line in html_text.split("\n"):
        line = cut_html(line, limit)
        units = visible_length(line) + (1 if current else 0)
        if current and used + units > limit:
            parts.append("\n".join(current).strip("\n"))
            current, used = [], 0
            units = visible_length(line)
        current.append(line)
        used += units
    if current:
        parts.append("\n".join(current).strip("\n"))
    return [part for part in parts if part] or [""]
