"""Bot API method implementations, one function each, registered by their official name.

Parameters arrive already checked against the spec and converted (ints, bools, decoded JSON);
what remains here is what the spec only states in prose.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Awaitable, Callable, Mapping
from types import MappingProxyType
from typing import Any

from bot.sandbox.content import (
    MAX_CALLBACK_ANSWER_LENGTH,
    check_reply_markup,
    is_inline_markup,
    message_caption,
    message_text,
)
from bot.sandbox.errors import bad_request, conflict, too_many_requests
from bot.sandbox.files import ogg_opus_duration
from bot.sandbox.media import document_object, photo_sizes, resolve_file, voice_object
from bot.sandbox.state import BotState, CallbackAnswer, ChatState, command_scope_key

Handler = Callable[[BotState, dict[str, Any]], Awaitable[Any]]

_registry: dict[str, Handler] = {}
METHODS: Mapping[str, Handler] = MappingProxyType(_registry)  # lower-case name -> handler

CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
# Message fields that copyMessage and forwardMessage carry over.
_CONTENT_FIELDS = (
    "text", "entities", "photo", "document", "voice", "sticker", "location", "contact",
    "caption", "caption_entities",
)  # fmt: skip
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_LANGUAGE_CODE = re.compile(r"[a-z]{2}")
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
_CHAT_SCOPES = frozenset({"chat", "chat_administrators", "chat_member"})
_SCOPES = frozenset({"default", "all_private_chats", "all_group_chats", "all_chat_administrators"}) | _CHAT_SCOPES
_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the same "
    "as a current content and reply markup of the message"
)
_QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"


def implements(name: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        _registry[name.lower()] = handler
        return handler

    return register


# --- bot and updates -------------------------------------------------------------------------


@implements("getMe")
async def get_me(bot: BotState, params: dict[str, Any]) -> Any:
    return bot.me()


@implements("logOut")
@implements("close")
async def log_out(bot: BotState, params: dict[str, Any]) -> Any:
    return True


@implements("getUpdates")
async def get_updates(bot: BotState, params: dict[str, Any]) -> Any:
    if bot.webhook.get("url"):
        raise conflict(
            "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
        )
    limit = min(max(params.get("limit", 100), 1), 100)
    return await bot.updates.take(
        params.get("offset"), limit, float(params.get("timeout", 0)), params.get("allowed_updates")
    )


@implements("setWebhook")
async def set_webhook(bot: BotState, params: dict[str, Any]) -> Any:
    if not params["url"].startswith("https://"):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    if "secret_token" in params and not _SECRET_TOKEN.fullmatch(params["secret_token"]):
        raise bad_request("secret token contains unallowed characters")
    if params.get("drop_pending_updates"):
        bot.updates.drop_pending()
    kept = ("url", "secret_token", "max_connections", "allowed_updates", "ip_address")
    bot.webhook = {key: params[key] for key in kept if key in params}
    bot.updates.allow(params.get("allowed_updates"))
    bot.updates.wake()
    return True


@implements("deleteWebhook")
async def delete_webhook(bot: BotState, params: dict[str, Any]) -> Any:
    if params.get("drop_pending_updates"):
        bot.updates.drop_pending()
    bot.webhook = {}
    return True


@implements("getWebhookInfo")
async def get_webhook_info(bot: BotState, params: dict[str, Any]) -> Any:
    public = {key: value for key, value in bot.webhook.items() if key not in ("url", "secret_token")}
    return {
        "url": bot.webhook.get("url", ""),
        "has_custom_certificate": False,
        "pending_update_count": len(bot.updates.pending),
        **public,
    }


# --- commands ----------------------------------------------------------------------------------


@implements("setMyCommands")
async def set_my_commands(bot: BotState, params: dict[str, Any]) -> Any:
    commands = params["commands"]
    if len(commands) > 100:
        raise bad_request("too many commands")
    for command in commands:
        if not isinstance(command, dict) or not _COMMAND.fullmatch(str(command.get("command", ""))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", ""))) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    key = _commands_key(bot, params)
    if commands:
        bot.commands[key] = [{"command": c["command"], "description": c["description"]} for c in commands]
    else:
        bot.commands.pop(key, None)
    return True


@implements("getMyCommands")
async def get_my_commands(bot: BotState, params: dict[str, Any]) -> Any:
    return bot.commands.get(_commands_key(bot, params), [])


@implements("deleteMyCommands")
async def delete_my_commands(bot: BotState, params: dict[str, Any]) -> Any:
    bot.commands.pop(_commands_key(bot, params), None)
    return True


def _commands_key(bot: BotState, params: Mapping[str, Any]) -> tuple[str, str]:
    scope = params.get("scope") or {"type": "default"}
    if scope.get("type") not in _SCOPES:
        raise bad_request("unsupported bot command scope type")
    if scope["type"] in _CHAT_SCOPES:
        if "chat_id" not in scope:
            raise bad_request("chat_id is empty")
        bot.chat(int(scope["chat_id"]) if str(scope["chat_id"]).lstrip("-").isdigit() else scope["chat_id"])
    language_code = params.get("language_code", "")
    if language_code and not _LANGUAGE_CODE.fullmatch(language_code):
        raise bad_request("invalid language code specified")
    return command_scope_key(scope), language_code


# --- sending ---------------------------------------------------------------------------------


@implements("sendMessage")
async def send_message(bot: BotState, params: dict[str, Any]) -> Any:
    return _deliver(bot, params, message_text(params))


@implements("sendPhoto")
async def send_photo(bot: BotState, params: dict[str, Any]) -> Any:
    caption = message_caption(params)
    stored = resolve_file(bot.files, params["photo"], "photo")
    content = {"photo": photo_sizes(stored), **caption}
    if params.get("has_spoiler"):
        content["has_media_spoiler"] = True
    return _deliver(bot, params, content)


@implements("sendVoice")
async def send_voice(bot: BotState, params: dict[str, Any]) -> Any:
    caption = message_caption(params)
    stored = resolve_file(bot.files, params["voice"], "voice")
    # Without a duration, Telegram reads the recording's own; so does the emulator for Ogg/Opus.
    duration = params.get("duration") or ogg_opus_duration(stored.data)
    return _deliver(bot, params, {"voice": voice_object(stored, duration), **caption})


@implements("sendDocument")
async def send_document(bot: BotState, params: dict[str, Any]) -> Any:
    caption = message_caption(params)
    stored = resolve_file(bot.files, params["document"], "document")
    return _deliver(bot, params, {"document": document_object(stored), **caption})


@implements("sendLocation")
async def send_location(bot: BotState, params: dict[str, Any]) -> Any:
    latitude, longitude = params["latitude"], params["longitude"]
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise bad_request("wrong location specified")
    return _deliver(bot, params, {"location": {"latitude": latitude, "longitude": longitude}})


@implements("copyMessage")
async def copy_message(bot: BotState, params: dict[str, Any]) -> Any:
    source = _source_message(bot, params, "message to copy not found")
    content = {key: copy.deepcopy(source[key]) for key in _CONTENT_FIELDS if key in source}
    if "caption" in params and "text" not in content:
        content.pop("caption", None)
        content.pop("caption_entities", None)
        content.update(message_caption(params))
    message = _deliver(bot, params, content)
    return {"message_id": message["message_id"]}


@implements("forwardMessage")
async def forward_message(bot: BotState, params: dict[str, Any]) -> Any:
    source = _source_message(bot, params, "message to forward not found")
    content = {key: copy.deepcopy(source[key]) for key in _CONTENT_FIELDS if key in source}
    content["forward_origin"] = {"type": "user", "sender_user": source["from"], "date": source["date"]}
    params = {key: value for key, value in params.items() if key != "reply_markup"}
    return _deliver(bot, params, content)


@implements("sendChatAction")
async def send_chat_action(bot: BotState, params: dict[str, Any]) -> Any:
    chat = bot.writable_chat(params["chat_id"])
    if params["action"] not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    chat.chat_actions.append(params["action"])
    return True


def _deliver(bot: BotState, params: Mapping[str, Any], content: dict[str, Any]) -> dict[str, Any]:
    """Common tail of the sending methods: keyboard, chat access, reply target, flood limits."""
    markup = params.get("reply_markup")
    if markup is not None:
        check_reply_markup(markup)
    chat = bot.writable_chat(params["chat_id"])
    reply_to = _reply_target(chat, params)
    retry_after = bot.limiter.admit(chat.id)
    if retry_after is not None:
        raise too_many_requests(retry_after)
    if reply_to is not None:
        content["reply_to_message"] = reply_to
    if is_inline_markup(markup):
        content["reply_markup"] = markup
    elif markup is not None and "keyboard" in markup:
        chat.reply_keyboard = markup
    elif markup is not None and markup.get("remove_keyboard"):
        chat.reply_keyboard = None
    message = chat.add_message(bot.user, bot.now(), content)
    bot.stats.sent_total += 1
    bot.stats.sent_per_chat[chat.id] += 1
    return message


def _reply_target(chat: ChatState, params: Mapping[str, Any]) -> dict[str, Any] | None:
    reply = dict(params.get("reply_parameters") or {})
    if "reply_to_message_id" in params:
        reply.setdefault("message_id", params["reply_to_message_id"])
        reply.setdefault("allow_sending_without_reply", params.get("allow_sending_without_reply", False))
    if "message_id" not in reply:
        return None
    target = chat.messages.get(reply["message_id"])
    if target is None and not reply.get("allow_sending_without_reply"):
        raise bad_request("message to be replied not found")
    if target is None:
        return None
    return {key: copy.deepcopy(value) for key, value in target.items() if key != "reply_to_message"}


def _source_message(bot: BotState, params: Mapping[str, Any], missing: str) -> dict[str, Any]:
    source = bot.chat(params["from_chat_id"]).messages.get(params["message_id"])
    if source is None:
        raise bad_request(missing)
    return source


# --- editing and deleting ----------------------------------------------------------------------


@implements("editMessageText")
async def edit_message_text(bot: BotState, params: dict[str, Any]) -> Any:
    chat, message = _message_to_edit(bot, params)
    if "text" not in message:
        raise bad_request("there is no text in the message to edit")
    new_content = message_text(params)
    return _apply_edit(bot, chat, message, {"text": None, "entities": None, **new_content}, params)


@implements("editMessageCaption")
async def edit_message_caption(bot: BotState, params: dict[str, Any]) -> Any:
    chat, message = _message_to_edit(bot, params)
    if "text" in message:
        raise bad_request("there is no caption in the message to edit")
    new_content = message_caption(params)
    return _apply_edit(bot, chat, message, {"caption": None, "caption_entities": None, **new_content}, params)


@implements("editMessageMedia")
async def edit_message_media(bot: BotState, params: dict[str, Any]) -> Any:
    chat, message = _message_to_edit(bot, params)
    media = params["media"]
    kind = media.get("type") if isinstance(media, dict) else None
    if kind not in ("photo", "document"):
        raise bad_request("the emulator edits photo and document media only")
    if not any(key in message for key in ("photo", "document")):
        raise bad_request("there is no media in the message to edit")
    if "media" not in media:
        raise bad_request("media not found")
    stored = resolve_file(bot.files, media["media"], kind)
    new_content: dict[str, Any] = {"photo": None, "document": None, "caption": None, "caption_entities": None}
    new_content[kind] = photo_sizes(stored) if kind == "photo" else document_object(stored)
    new_content.update(message_caption(media))
    return _apply_edit(bot, chat, message, new_content, params)


@implements("editMessageReplyMarkup")
async def edit_message_reply_markup(bot: BotState, params: dict[str, Any]) -> Any:
    chat, message = _message_to_edit(bot, params)
    return _apply_edit(bot, chat, message, {}, params)


@implements("deleteMessage")
async def delete_message(bot: BotState, params: dict[str, Any]) -> Any:
    chat = bot.chat(params["chat_id"])
    if chat.messages.pop(params["message_id"], None) is None:
        raise bad_request("message to delete not found")
    return True


def _message_to_edit(bot: BotState, params: Mapping[str, Any]) -> tuple[ChatState, dict[str, Any]]:
    if "inline_message_id" in params:
        raise bad_request("inline messages are not supported by the emulator")
    if "chat_id" not in params:
        raise bad_request("chat_id is empty")
    if "message_id" not in params:
        raise bad_request("message identifier is not specified")
    chat = bot.writable_chat(params["chat_id"])
    message = chat.messages.get(params["message_id"])
    if message is None:
        raise bad_request("message to edit not found")
    if message["from"]["id"] != bot.bot_id:
        raise bad_request("message can't be edited")
    return chat, message


def _apply_edit(
    bot: BotState,
    chat: ChatState,
    message: dict[str, Any],
    new_content: dict[str, Any],
    params: Mapping[str, Any],
) -> dict[str, Any]:
    """Replace content fields (None removes one) and the inline keyboard, which an edit without
    reply_markup removes, as in Telegram."""
    markup = params.get("reply_markup")
    if markup is not None:
        check_reply_markup(markup)
        if not is_inline_markup(markup):
            raise bad_request("inline keyboard expected")
    new_content["reply_markup"] = markup
    if all(message.get(key) == value for key, value in new_content.items()):
        raise bad_request(_NOT_MODIFIED)
    for key, value in new_content.items():
        if value is None:
            message.pop(key, None)
        else:
            message[key] = value
    message["edit_date"] = bot.now()
    chat.record_bot_event(message)
    bot.stats.edits_total += 1
    return message


# --- callback queries and files ----------------------------------------------------------------


@implements("answerCallbackQuery")
async def answer_callback_query(bot: BotState, params: dict[str, Any]) -> Any:
    text = params.get("text")
    if text is not None and len(text) > MAX_CALLBACK_ANSWER_LENGTH:
        raise bad_request("MESSAGE_TOO_LONG")
    query = bot.callback_queries.get(params["callback_query_id"])
    expired = query is not None and (bot.settings.clock() - query.created_at > bot.settings.callback_query_timeout)
    if query is None or query.answered or expired:
        raise bad_request(_QUERY_TOO_OLD)
    query.answered = True
    bot.callback_answers.append(
        CallbackAnswer(
            callback_query_id=query.query_id,
            text=text,
            show_alert=params.get("show_alert", False),
            url=params.get("url"),
            cache_time=params.get("cache_time"),
        )
    )
    bot.answers_changed.notify()
    return True


@implements("getFile")
async def get_file(bot: BotState, params: dict[str, Any]) -> Any:
    stored = bot.files.info(params["file_id"])
    if stored is None:
        raise bad_request("wrong file_id or the file is temporarily unavailable")
    if stored.file_size > 20 * 1024 * 1024:
        raise bad_request("file is too big")
    return stored.as_file()
