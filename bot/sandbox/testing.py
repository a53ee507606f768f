"""A scripted Telegram user for tests: sends updates to the bot and reads what the bot sent back."""

from __future__ import annotations

import asyncio
import copy
import re
import struct
import zlib
from typing import Any

from bot.sandbox.files import guess_mime_type
from bot.sandbox.html import utf16_length
from bot.sandbox.media import document_object, photo_sizes, voice_object
from bot.sandbox.state import BotState, CallbackAnswer, ChatState

_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{5,32})?")


def make_png(width: int = 1, height: int = 1) -> bytes:
    """A valid grey PNG, for tests that upload photos."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\x80" * width for _ in range(height)))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


class ManualClock:
    """A monotonic clock that moves only when told, for deterministic rate-limit and expiry tests:
    `TelegramEmulator(clock=ManualClock())`."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class TestUser:
    """One human in a private chat with the bot.

    Every action (send*, press*) marks "now": `wait_for_messages` then returns the bot's
    messages (new or edited) that arrive after it, in order, each exactly once.
    """

    __test__ = False  # not a pytest test class

    def __init__(self, bot: BotState, chat: ChatState) -> None:
        self._bot = bot
        self._chat = chat

    @property
    def id(self) -> int:
        return self._chat.id

    @property
    def user(self) -> dict[str, Any]:
        return self._chat.user

    # --- what the bot sent -----------------------------------------------------------------

    @property
    def messages(self) -> list[dict[str, Any]]:
        """Every bot message still in the chat, in order, as currently shown (after edits)."""
        return copy.deepcopy(self._chat.bot_messages())

    @property
    def last_message(self) -> dict[str, Any] | None:
        messages = self._chat.bot_messages()
        return copy.deepcopy(messages[-1]) if messages else None

    @property
    def reply_keyboard(self) -> list[list[str]] | None:
        """Texts of the custom (reply) keyboard the user currently sees, if any."""
        markup = self._chat.reply_keyboard
        if markup is None:
            return None
        return [[b["text"] if isinstance(b, dict) else b for b in row] for row in markup["keyboard"]]

    @property
    def chat_actions(self) -> list[str]:
        return list(self._chat.chat_actions)

    def buttons(self, message: dict[str, Any] | int | None = None) -> list[list[str]]:
        """Inline keyboard texts of a message (default: the latest one that has a keyboard)."""
        found = self._keyboard_message(message)
        return [[button["text"] for button in row] for row in found["reply_markup"]["inline_keyboard"]]

    async def wait_for_messages(self, count: int = 1, timeout: float = 5.0) -> list[dict[str, Any]]:
        chat = self._chat
        wanted = chat.events_seen + count
        try:
            async with asyncio.timeout(timeout):
                while len(chat.events) < wanted:
                    await chat.changed.wait()
        except TimeoutError:
            late = [_summary(message) for message in chat.events[chat.events_seen :]]
            raise AssertionError(
                f"user {self.id} expected {count} new bot message(s) within {timeout}s, got {len(late)}: {late}"
            ) from None
        arrived = chat.events[chat.events_seen : wanted]
        chat.events_seen = wanted
        return copy.deepcopy(arrived)

    async def wait_for_answer(self, query_id: str | None = None, timeout: float = 5.0) -> CallbackAnswer:
        """The bot's answerCallbackQuery for a query (default: the one this user pressed last)."""
        query_id = query_id or self._chat.last_callback_query_id
        if query_id is None:
            raise AssertionError(f"user {self.id} has not pressed any button")
        try:
            async with asyncio.timeout(timeout):
                while True:
                    for answer in self._bot.callback_answers:
                        if answer["callback_query_id"] == query_id:
                            return answer
                    await self._bot.answers_changed.wait()
        except TimeoutError:
            raise AssertionError(f"the bot did not answer callback query {query_id} within {timeout}s") from None

    # --- acting ----------------------------------------------------------------------------

    async def send(self, text: str) -> dict[str, Any]:
        """A text message; a leading /command gets its bot_command entity, as Telegram sets it."""
        content: dict[str, Any] = {"text": text}
        if command := _COMMAND.match(text):
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": utf16_length(command.group(0))}]
        return self._send(content)

    async def send_sticker(self, emoji: str = "👍") -> dict[str, Any]:
        stored = self._bot.files.add(b"RIFF\x00\x00\x00\x00WEBP", kind="sticker", mime_type="image/webp")
        sticker = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return self._send({"sticker": sticker})

    async def send_photo(self, data: bytes | None = None, caption: str | None = None) -> dict[str, Any]:
        data = data if data is not None else make_png(64, 48)
        stored = self._bot.files.add(data, kind="photo", mime_type="image/jpeg")

        content: dict[str, Any] = {"photo": photo_sizes(stored)}
        if caption:
            content["caption"] = caption
        return self._send(content)

    async def send_voice(
        self, duration: int = 2, data: bytes | None = None, caption: str | None = None
    ) -> dict[str, Any]:
        stored = self._bot.files.add(data or b"OggS\x00voice", kind="voice", mime_type="audio/ogg")
        content: dict[str, Any] = {"voice": voice_object(stored, duration)}
        if caption:
            content["caption"] = caption
        return self._send(content)

    async def send_document(
        self,
        data: bytes = b"%PDF-1.4\n%test document\n",
        file_name: str = "document.pdf",
        mime_type: str | None = None,
        caption: str | None = None,
    ) -> dict[str, Any]:
        mime_type = mime_type or guess_mime_type(file_name)
        stored = self._bot.files.add(data, kind="document", file_name=file_name, mime_type=mime_type)

        content: dict[str, Any] = {"document": document_object(stored)}
        if caption:
            content["caption"] = caption
        return self._send(content)

    async def send_location(self, latitude: float, longitude: float) -> dict[str, Any]:
        return self._send({"location": {"latitude": latitude, "longitude": longitude}})

    async def send_contact(self, phone_number: str, first_name: str | None = None) -> dict[str, Any]:
        """Share a contact; without first_name it is the user's own (a request_contact button)."""
        contact: dict[str, Any] = {"phone_number": phone_number, "first_name": first_name or self.user["first_name"]}
        if first_name is None:
            contact["user_id"] = self.id
        return self._send({"contact": contact})

    async def press(self, button: str, message: dict[str, Any] | int | None = None) -> str:
        """Press the inline button whose text (or else callback_data) is `button`; returns the query id."""
        target = self._keyboard_message(message)
        rows = target["reply_markup"]["inline_keyboard"]
        candidates = [b for row in rows for b in row if b["text"] == button] or [
            b for row in rows for b in row if b.get("callback_data") == button
        ]
        if not candidates:
            available = [(b["text"], b.get("callback_data")) for row in rows for b in row]
            raise AssertionError(
                f"no button {button!r} in message {target['message_id']}; available (text, data): {available}"
            )
        if "callback_data" not in candidates[0]:
            raise AssertionError(f"button {button!r} is not a callback button: {candidates[0]}")
        return self._press(target, candidates[0]["callback_data"])

    async def press_data(self, data: str, message_id: int | None = None) -> str:
        """Forge a callback query with any data on a bot message (default: the latest one)."""
        if message_id is None:
            bot_messages = self._chat.bot_messages()
            if not bot_messages:
                raise AssertionError(f"the bot has sent no message to user {self.id}")
            message_id = bot_messages[-1]["message_id"]
        target = self._chat.messages.get(message_id)
        if target is None:
            raise AssertionError(f"no message {message_id} in the chat with user {self.id}")
        return self._press(target, data)

    # --- account state ---------------------------------------------------------------------

    def block(self) -> None:
        self._bot.set_blocked(self._chat, True)

    def unblock(self) -> None:
        self._bot.set_blocked(self._chat, False)

    def deactivate(self) -> None:
        self._chat.deactivated = True

    # --- internals -------------------------------------------------------------------------

    def _send(self, content: dict[str, Any]) -> dict[str, Any]:
        self._check_can_act()
        self._mark_now()
        message = self._chat.add_message(self.user, self._bot.now(), content)
        self._bot.updates.push("message", copy.deepcopy(message))
        return copy.deepcopy(message)

    def _press(self, message: dict[str, Any], data: str) -> str:
        self._check_can_act()
        self._mark_now()
        query = self._bot.new_callback_query(self._chat, message, data)
        self._bot.updates.push("callback_query", query)
        return str(query["id"])

    def _mark_now(self) -> None:
        self._chat.events_seen = len(self._chat.events)

    def _check_can_act(self) -> None:
        if self._chat.deactivated:
            raise AssertionError(f"user {self.id} is deactivated")
        if self._chat.blocked:
            raise AssertionError(f"user {self.id} has blocked the bot; call unblock() first")

    def _keyboard_message(self, message: dict[str, Any] | int | None) -> dict[str, Any]:
        if message is None:
            with_keyboard = [m for m in self._chat.bot_messages() if "reply_markup" in m]
            if not with_keyboard:
                raise AssertionError(f"no bot message with an inline keyboard in the chat with user {self.id}")
            return with_keyboard[-1]
        message_id = message if isinstance(message, int) else message["message_id"]
        found = self._chat.messages.get(message_id)
        if found is None or "reply_markup" not in found:
            raise AssertionError(f"message {message_id} is gone or has no inline keyboard")
        return found


def _summary(message: dict[str, Any]) -> str:
    for key in ("text", "caption"):
        if key in message:
            return f"#{message['message_id']}: {message[key][:80]!r}"
    kind = next((key for key in ("photo", "voice", "document", "location", "sticker") if key in message), "message")
    return f"#{message['message_id']}: <{kind}>"
