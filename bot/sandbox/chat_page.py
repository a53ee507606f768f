"""The sandbox's web chat: one static page (static/chat.html) and a small JSON API over the emulator.

    GET  /                                  the page
    GET  /api/session                       the bot, the demo people, the sandbox clock
    GET  /api/overview                      for each demo person, how many messages the bot has sent them
    GET  /api/chats/{id}?after=REV&wait=S   one person's chat: messages, reply keyboard, command menu;
                                            waits up to S seconds (default 20) while REV is current
    POST /api/chats/{id}/messages           {"text": "..."} or {"share": "contact" | "location"}
    POST /api/chats/{id}/photos             multipart: photo (a file), caption
    POST /api/chats/{id}/callbacks          {"message_id": 12, "data": "..."}: press an inline button;
                                            answers with the bot's callback answer (toast or alert)
    POST /api/clock                         {"hours": 1} or {"days": 1}: time travel
    GET  /files/{file_path}                 a photo or document the bot or a person sent

Everyone acts through the emulator's TestUser, exactly as the end-to-end tests do.
The bot's HTML never reaches the browser as HTML: the emulator parsed it into plain
text plus entities, as Telegram does, and the page renders the entities with DOM nodes.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import zlib
from datetime import timedelta
from importlib import resources
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from aiohttp import web
from babel.dates import format_datetime

from bot.sandbox.state import ChatState, command_scope_key
from bot.sandbox.testing import TestUser

if TYPE_CHECKING:
    from bot.sandbox.run import Sandbox

SANDBOX_KEY: web.AppKey[Sandbox] = web.AppKey("sandbox")  # the type only for mypy: run.py imports this module
LONG_POLL_SECONDS = 20.0
CHECK_EVERY_SECONDS = 1.0  # deletions do not wake waiters, so look again this often
MAX_TRAVEL = timedelta(days=30)
SHARED_LOCATION = (43.5263, 5.4454)  # Aix-en-Provence, for a request_location button


def create_page_app(sandbox: Sandbox) -> web.Application:
    app = web.Application(client_max_size=11 * 1024 * 1024)  # a 10 MB photo, Telegram's limit
    app[SANDBOX_KEY] = sandbox
    app.router.add_get("/", _page)
    app.router.add_get("/api/session", _session)
    app.router.add_get("/api/overview", _overview)
    app.router.add_get("/api/chats/{telegram_id:\\d+}", _chat)
    app.router.add_post("/api/chats/{telegram_id:\\d+}/messages", _send_message)
    app.router.add_post("/api/chats/{telegram_id:\\d+}/photos", _send_photo)
    app.router.add_post("/api/chats/{telegram_id:\\d+}/callbacks", _press)
    app.router.add_post("/api/clock", _travel)
    app.router.add_get("/files/{file_path:.+}", _file)
    return app


def _sandbox(request: web.Request) -> Sandbox:
    return request.app[SANDBOX_KEY]


# --- the page and the session ------------------------------------------------------------------


async def _page(request: web.Request) -> web.Response:
    html = resources.files("bot.sandbox").joinpath("static/chat.html").read_text(encoding="utf-8")
    return web.Response(text=html, content_type="text/html", headers={"Cache-Control": "no-store"})


def _clock(sandbox: Sandbox) -> dict[str, str]:
    now = sandbox.clock.now()
    local = now.astimezone(sandbox.settings.tz)
    return {"utc": now.isoformat(), "local": format_datetime(local, "EEE d MMM y, HH:mm", locale="en")}


async def _session(request: web.Request) -> web.Response:
    sandbox = _sandbox(request)
    bot = sandbox.emulator.bot()
    return web.json_response(
        {
            "bot": {"name": bot.user["first_name"], "username": bot.user["username"]},
            "people": [
                {
                    "key": person.key,
                    "telegram_id": person.telegram_id,
                    "name": person.name,
                    "title": person.title,
                    "language_code": person.language_code,
                    "start_parameter": person.start_parameter,
                }
                for person in sandbox.people
            ],
            "clock": _clock(sandbox),
            "timezone": sandbox.settings.timezone,
        }
    )


async def _overview(request: web.Request) -> web.Response:
    """Lets the switcher mark the people who got something new while you were someone else."""
    sandbox = _sandbox(request)
    chats = sandbox.emulator.bot().chats
    received = {
        str(person.telegram_id): len(chats[person.telegram_id].bot_message_ids) if person.telegram_id in chats else 0
        for person in sandbox.people
    }
    return web.json_response({"received": received, "clock": _clock(sandbox)})


# --- one chat ----------------------------------------------------------------------------------


def _user(request: web.Request) -> TestUser:
    sandbox = _sandbox(request)
    telegram_id = int(request.match_info["telegram_id"])
    person = next((p for p in sandbox.people if p.telegram_id == telegram_id), None)
    if person is None:
        raise web.HTTPNotFound(text="no such demo person")
    return sandbox.emulator.user(telegram_id, person.name, language_code=person.language_code)


def _chat_state(sandbox: Sandbox, telegram_id: int) -> ChatState:
    return sandbox.emulator.bot().chats[telegram_id]


def _revision(sandbox: Sandbox, chat: ChatState) -> str:
    # New or edited bot messages add events; a person's message or a deletion changes the
    # counts; setMyCommands changes the menu without any message.
    last = max(chat.messages, default=0)
    menu = zlib.crc32(json.dumps(_commands(sandbox, chat), sort_keys=True).encode())
    return f"{len(chat.events)}.{len(chat.messages)}.{last}.{menu:x}"


def _file_url(file_path: str) -> str:
    return "/files/" + file_path


def _message(sandbox: Sandbox, message: dict[str, Any]) -> dict[str, Any]:
    files = sandbox.emulator.files
    shown: dict[str, Any] = {
        "id": message["message_id"],
        "outgoing": not message["from"].get("is_bot", False),  # written by the person, not the bot
        "date": message["date"],
        "edited": "edit_date" in message,
    }
    for key in ("text", "entities", "caption", "caption_entities", "location"):
        if key in message:
            shown[key] = message[key]
    if "photo" in message:
        stored = files.info(message["photo"][-1]["file_id"])
        shown["photo"] = _file_url(stored.file_path) if stored and stored.data else None
    if "document" in message:
        document = message["document"]
        stored = files.info(document["file_id"])
        shown["document"] = {
            "file_name": document.get("file_name") or "document",
            "file_size": document.get("file_size", 0),
            "url": _file_url(stored.file_path) if stored and stored.data else None,
        }
    if "voice" in message:
        voice = message["voice"]
        stored = files.info(voice["file_id"])
        shown["voice"] = {
            "duration": voice.get("duration", 0),
            "url": _file_url(stored.file_path) if stored and stored.data else None,
        }
    if "sticker" in message:
        shown["sticker"] = message["sticker"].get("emoji", "🖼")
    if "contact" in message:
        shown["contact"] = message["contact"]["phone_number"]
    markup = message.get("reply_markup")
    if markup and "inline_keyboard" in markup:
        shown["inline_keyboard"] = [
            [{key: button[key] for key in ("text", "callback_data", "url") if key in button} for button in row]
            for row in markup["inline_keyboard"]
        ]
    return shown


def _commands(sandbox: Sandbox, chat: ChatState) -> list[dict[str, str]]:
    """The menu Telegram shows this person: the narrowest scope set, in their language first."""
    bot = sandbox.emulator.bot()
    language = chat.user.get("language_code") or ""
    scopes = ({"type": "chat", "chat_id": chat.id}, {"type": "all_private_chats"}, {"type": "default"})
    for scope in scopes:
        for code in dict.fromkeys((language, "")):
            commands = bot.commands.get((command_scope_key(scope), code))
            if commands:
                return list(commands)
    return []


def _chat_json(sandbox: Sandbox, chat: ChatState) -> dict[str, Any]:
    keyboard = chat.reply_keyboard
    return {
        "revision": _revision(sandbox, chat),
        "messages": [_message(sandbox, chat.messages[mid]) for mid in sorted(chat.messages)],
        "reply_keyboard": [
            [button if isinstance(button, dict) else {"text": button} for button in row] for row in keyboard["keyboard"]
        ]
        if keyboard
        else None,
        "commands": _commands(sandbox, chat),
        "clock": _clock(sandbox),
    }


async def _chat(request: web.Request) -> web.Response:
    sandbox = _sandbox(request)
    user = _user(request)
    chat = _chat_state(sandbox, user.id)
    after = request.query.get("after")
    try:
        wait = min(max(float(request.query.get("wait", LONG_POLL_SECONDS)), 0.0), LONG_POLL_SECONDS)
    except ValueError:
        raise web.HTTPBadRequest(text="wait must be a number of seconds") from None
    clock_before = sandbox.clock.now()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait
    while after == _revision(sandbox, chat) and sandbox.clock.now() == clock_before and loop.time() < deadline:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(min(CHECK_EVERY_SECONDS, deadline - loop.time())):
                await chat.changed.wait()
    return web.json_response(_chat_json(sandbox, chat))


async def _json_body(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError:
        raise web.HTTPBadRequest(text="expected a JSON object") from None
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text="expected a JSON object")
    return body


async def _send_message(request: web.Request) -> web.Response:
    user = _user(request)
    body = await _json_body(request)
    share, text = body.get("share"), body.get("text")
    if share == "contact":
        sent = await user.send_contact("+33 6 12 34 56 78")
    elif share == "location":
        sent = await user.send_location(*SHARED_LOCATION)
    elif isinstance(text, str) and text.strip() and len(text) <= 4096:
        sent = await user.send(text)
    else:
        raise web.HTTPBadRequest(text="text must be 1 to 4096 characters")
    return web.json_response({"message_id": sent["message_id"]})


async def _send_photo(request: web.Request) -> web.Response:
    user = _user(request)
    form = await request.post()
    photo, caption = form.get("photo"), form.get("caption")
    if not isinstance(photo, web.FileField):
        raise web.HTTPBadRequest(text="photo must be a file")
    with photo.file:
        data = photo.file.read()
    if not data:
        raise web.HTTPBadRequest(text="the photo is empty")
    sent = await user.send_photo(data, caption=caption if isinstance(caption, str) and caption else None)
    return web.json_response({"message_id": sent["message_id"]})


async def _press(request: web.Request) -> web.Response:
    user = _user(request)
    body = await _json_body(request)
    message_id, data = body.get("message_id"), body.get("data")
    if not isinstance(message_id, int) or not isinstance(data, str):
        raise web.HTTPBadRequest(text="message_id (a number) and data (a string) are required")
    try:
        query_id = await user.press_data(data, message_id)
    except AssertionError:
        raise web.HTTPNotFound(text="that message is gone") from None
    try:
        answer = await user.wait_for_answer(query_id, timeout=5.0)
    except AssertionError:
        return web.json_response({"answer": None})
    return web.json_response({"answer": {"text": answer["text"], "show_alert": answer["show_alert"]}})


async def _travel(request: web.Request) -> web.Response:
    sandbox = _sandbox(request)
    body = await _json_body(request)
    try:
        delta = timedelta(hours=float(body.get("hours", 0)), days=float(body.get("days", 0)))
    except (TypeError, ValueError):
        raise web.HTTPBadRequest(text="hours and days must be numbers") from None
    if not timedelta(0) < delta <= MAX_TRAVEL:
        raise web.HTTPBadRequest(text="move forward, by 30 days at most")
    sandbox.travel(delta)
    return web.json_response({"clock": _clock(sandbox)})


async def _file(request: web.Request) -> web.Response:
    stored = _sandbox(request).emulator.files.by_path(request.match_info["file_path"])
    if stored is None or not stored.data:
        raise web.HTTPNotFound(text="no such file")
    headers = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
    mime_type = stored.mime_type or "application/octet-stream"
    # Only images are shown inline; anything else downloads, so no file can run as a page here.
    if stored.kind != "photo" or not mime_type.startswith("image/"):
        name = stored.file_name or stored.file_path.rsplit("/", 1)[-1]
        headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name, safe='')}"
    return web.Response(body=stored.data, content_type=mime_type, headers=headers)
