"""Message content checks that the spec states in prose: text and caption limits, parse modes, keyboards."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.sandbox.errors import bad_request
from bot.sandbox.html import FormattedText, parse_html, utf16_length

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_CALLBACK_ANSWER_LENGTH = 200

_INLINE_BUTTON_ACTIONS = frozenset(
    {
        "url",
        "callback_data",
        "web_app",
        "login_url",
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat",
        "copy_text",
        "callback_game",
        "pay",
    }
)


def message_text(params: Mapping[str, Any]) -> dict[str, Any]:
    """`text` + `entities` fields of a Message, from text/parse_mode/entities parameters."""
    formatted = format_text(params.get("text") or "", params.get("parse_mode"), params.get("entities"))
    if not formatted.text:
        raise bad_request("message text is empty")
    if len(formatted.text) > MAX_TEXT_LENGTH:
        raise bad_request("message is too long")
    return _with_entities({"text": formatted.text}, "entities", formatted)


def message_caption(params: Mapping[str, Any]) -> dict[str, Any]:
    """`caption` + `caption_entities` fields of a Message; empty when there is no caption."""
    formatted = format_text(params.get("caption") or "", params.get("parse_mode"), params.get("caption_entities"))
    if len(formatted.text) > MAX_CAPTION_LENGTH:
        raise bad_request("message caption is too long")
    if not formatted.text:
        return {}
    return _with_entities({"caption": formatted.text}, "caption_entities", formatted)


def format_text(text: str, parse_mode: str | None, entities: list[Any] | None) -> FormattedText:
    if entities:
        # Explicit entities win over parse_mode, as in Telegram.
        return _strip(FormattedText(text, tuple(_checked_entity(entity) for entity in entities)))
    mode = (parse_mode or "").lower()
    if not mode:
        return _strip(FormattedText(text))
    if mode == "html":
        return _strip(parse_html(text))
    if mode in ("markdown", "markdownv2"):
        raise bad_request(f"parse_mode {parse_mode} is not supported by the emulator; use HTML")
    raise bad_request("unsupported parse_mode")


def check_reply_markup(markup: Mapping[str, Any]) -> None:
    if "inline_keyboard" in markup:
        for row in _rows(markup["inline_keyboard"], "inline keyboard"):
            for button in row:
                _check_inline_button(button)
    elif "keyboard" in markup:
        for row in _rows(markup["keyboard"], "keyboard"):
            for button in row:
                text = button.get("text") if isinstance(button, Mapping) else button
                if not isinstance(text, str) or not text:
                    raise bad_request("can't parse keyboard button: Text must be non-empty")
    elif markup.get("remove_keyboard") is not True and markup.get("force_reply") is not True:
        raise bad_request("can't parse reply keyboard markup JSON object")


def is_inline_markup(markup: Mapping[str, Any] | None) -> bool:
    return markup is not None and "inline_keyboard" in markup


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, Mapping):
        raise bad_request("can't parse inline keyboard button: InlineKeyboardButton must be an Object")
    if not isinstance(button.get("text"), str) or not button["text"]:
        raise bad_request("can't parse inline keyboard button: Text must be non-empty")
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES:
            raise bad_request("BUTTON_DATA_INVALID")
    if not _INLINE_BUTTON_ACTIONS & button.keys():
        raise bad_request("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
    if "url" in button and not button["url"]:
        raise bad_request("BUTTON_URL_INVALID")


def _rows(rows: Any, what: str) -> list[list[Any]]:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(f"can't parse {what}: expected an Array of Array of buttons")
    return rows


def _checked_entity(entity: Any) -> dict[str, Any]:
    if not isinstance(entity, Mapping) or not {"type", "offset", "length"} <= entity.keys():
        raise bad_request("can't parse MessageEntity: type, offset and length are required")
    return dict(entity)


def _strip(formatted: FormattedText) -> FormattedText:
    """Telegram trims surrounding whitespace from texts and captions; entities shift with it."""
    text = formatted.text
    without_leading = text.lstrip()
    shift = utf16_length(text) - utf16_length(without_leading)
    stripped = without_leading.rstrip()
    end = utf16_length(stripped)
    entities = []
    for entity in formatted.entities:
        start = max(entity["offset"] - shift, 0)
        stop = min(entity["offset"] + entity["length"] - shift, end)
        if stop > start:
            entities.append({**entity, "offset": start, "length": stop - start})
    return FormattedText(stripped, tuple(entities))


def _with_entities(fields: dict[str, Any], key: str, formatted: FormattedText) -> dict[str, Any]:
    if formatted.entities:
        fields[key] = list(formatted.entities)
    return fields
