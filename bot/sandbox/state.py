"""What Telegram remembers for one bot: chats and their messages, updates, files, commands, stats."""

from __future__ import annotations

import copy
import json
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, NamedTuple, TypedDict

from bot.sandbox.errors import ApiError, bad_request, forbidden
from bot.sandbox.files import FileStore
from bot.sandbox.limits import Limits, RateLimiter
from bot.sandbox.updates import Signal, UpdateQueue


@dataclass
class Settings:
    """Shared by every bot of one emulator; `limits` may be replaced at run time."""

    limits: Limits
    callback_query_timeout: float
    clock: Callable[[], float]  # monotonic seconds: rate limits and callback query expiry
    wall_clock: Callable[[], float]  # unix seconds: message dates


@dataclass
class Stats:
    sent_total: int = 0  # messages accepted from the sending methods
    rejected_429: int = 0  # every 429 answered, injected ones included
    edits_total: int = 0
    injected_errors: int = 0
    sent_per_chat: Counter[int | str] = field(default_factory=Counter)
    rejected_429_per_chat: Counter[int | str] = field(default_factory=Counter)
    calls_per_method: Counter[str] = field(default_factory=Counter)
    errors_per_code: Counter[int] = field(default_factory=Counter)


class Call(NamedTuple):
    method: str  # as named in the spec, whatever case the client used
    params: dict[str, Any]  # converted values when valid, raw strings when validation failed


class CallbackAnswer(TypedDict):
    """One accepted answerCallbackQuery; a dict like everything else the emulator shows tests."""

    callback_query_id: str
    text: str | None
    show_alert: bool
    url: str | None
    cache_time: int | None


@dataclass
class CallbackQueryRecord:
    query_id: str
    chat_id: int
    message_id: int
    data: str
    created_at: float
    answered: bool = False


@dataclass
class InjectedError:
    """A planned failure for the next `remaining` calls matching method (any if None) and chat."""

    method: str | None
    chat_id: int | str | None
    error_code: int
    description: str
    retry_after: int | None
    remaining: int

    def matches(self, method: str, params: Mapping[str, Any]) -> bool:
        if self.method is not None and self.method.lower() != method.lower():
            return False
        return self.chat_id is None or params.get("chat_id") == self.chat_id

    def to_error(self) -> ApiError:
        return ApiError(self.error_code, self.description, retry_after=self.retry_after)

    @classmethod
    def planned(
        cls,
        method: str | None,
        chat_id: int | str | None,
        error_code: int,
        description: str | None,
        retry_after: int | None,
        times: int,
    ) -> InjectedError:
        """Fill in Telegram's usual description; a 429 always carries retry_after."""
        if error_code == 429:
            retry_after = retry_after or 1
            description = description or f"Too Many Requests: retry after {retry_after}"
        return cls(method, chat_id, error_code, description or HTTPStatus(error_code).phrase, retry_after, times)


class ChatState:
    """A private chat between the bot and one user."""

    def __init__(self, user: dict[str, Any]) -> None:
        self.user = user
        self.chat: dict[str, Any] = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
        for optional in ("last_name", "username"):
            if optional in user:
                self.chat[optional] = user[optional]
        self.blocked = False
        self.deactivated = False
        self.messages: dict[int, dict[str, Any]] = {}  # both directions, deleted ones removed
        self.bot_message_ids: list[int] = []
        self.reply_keyboard: dict[str, Any] | None = None  # the custom keyboard the user currently sees
        self.chat_actions: list[str] = []
        # Snapshots of bot messages as sent or edited; test users consume them in order.
        self.events: list[dict[str, Any]] = []
        self.events_seen = 0
        self.last_callback_query_id: str | None = None
        self.changed = Signal()
        self._last_message_id = 0

    @property
    def id(self) -> int:
        return int(self.chat["id"])

    def add_message(self, sender: dict[str, Any], date: int, content: dict[str, Any]) -> dict[str, Any]:
        self._last_message_id += 1
        message = {"message_id": self._last_message_id, "from": sender, "chat": self.chat, "date": date, **content}
        self.messages[message["message_id"]] = message
        if sender.get("is_bot"):
            self.bot_message_ids.append(message["message_id"])
            self.record_bot_event(message)
        return message

    def record_bot_event(self, message: dict[str, Any]) -> None:
        self.events.append(copy.deepcopy(message))
        self.changed.notify()

    def bot_messages(self) -> list[dict[str, Any]]:
        return [self.messages[mid] for mid in self.bot_message_ids if mid in self.messages]


class BotState:
    """Everything one bot token sees; the HTTP layer and the method implementations share it."""

    def __init__(self, token: str, username: str, first_name: str, settings: Settings) -> None:
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.settings = settings
        self.user: dict[str, Any] = {"id": self.bot_id, "is_bot": True, "first_name": first_name, "username": username}
        self.chats: dict[int, ChatState] = {}
        self.updates = UpdateQueue()
        self.files = FileStore(self.bot_id)
        self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.webhook: dict[str, Any] = {}
        self.callback_queries: dict[str, CallbackQueryRecord] = {}
        self.callback_answers: list[CallbackAnswer] = []
        self.answers_changed = Signal()
        self.calls: list[Call] = []
        self.calls_changed = Signal()
        self.stats = Stats()
        self.faults: list[InjectedError] = []
        self.limiter = RateLimiter(lambda: settings.limits, settings.clock)
        self._last_callback_query_number = 0

    def me(self) -> dict[str, Any]:
        return {
            **self.user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def now(self) -> int:
        return int(self.settings.wall_clock())

    def register_user(self, user: dict[str, Any]) -> ChatState:
        chat = self.chats.get(user["id"])
        if chat is None:
            chat = self.chats[user["id"]] = ChatState(user)
        return chat

    def chat(self, chat_id: int | str) -> ChatState:
        # Private chats cannot be addressed by @username, so any string is unknown.
        chat = self.chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            raise bad_request("chat not found")
        return chat

    def writable_chat(self, chat_id: int | str) -> ChatState:
        chat = self.chat(chat_id)
        if chat.deactivated:
            raise forbidden("user is deactivated")
        if chat.blocked:
            raise forbidden("bot was blocked by the user")
        return chat

    def record_call(self, method: str, params: dict[str, Any]) -> None:
        self.calls.append(Call(method, params))
        self.stats.calls_per_method[method] += 1
        self.calls_changed.notify()

    def take_fault(self, method: str, params: Mapping[str, Any]) -> ApiError | None:
        for fault in self.faults:
            if fault.matches(method, params):
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self.faults.remove(fault)
                self.stats.injected_errors += 1
                return fault.to_error()
        return None

    def count_error(self, error: ApiError, chat_id: Any = None) -> None:
        self.stats.errors_per_code[error.error_code] += 1
        if error.error_code == 429:
            self.stats.rejected_429 += 1
            if chat_id is not None:
                self.stats.rejected_429_per_chat[chat_id] += 1

    def new_callback_query(self, chat: ChatState, message: dict[str, Any], data: str) -> dict[str, Any]:
        self._last_callback_query_number += 1
        query_id = str(self.bot_id * 1_000_000 + self._last_callback_query_number)
        self.callback_queries[query_id] = CallbackQueryRecord(
            query_id, chat.id, message["message_id"], data, self.settings.clock()
        )
        chat.last_callback_query_id = query_id
        return {
            "id": query_id,
            "from": chat.user,
            "message": copy.deepcopy(message),
            "chat_instance": str(chat.id * 7 + self.bot_id),
            "data": data,
        }

    def set_blocked(self, chat: ChatState, blocked: bool) -> None:
        """Block or unblock the bot; Telegram tells the bot with a my_chat_member update."""
        if chat.blocked == blocked:
            return
        chat.blocked = blocked
        member = {"status": "member", "user": self.user}
        banned = {"status": "kicked", "user": self.user, "until_date": 0}
        old, new = (member, banned) if blocked else (banned, member)
        self.updates.push(
            "my_chat_member",
            {"chat": chat.chat, "from": chat.user, "date": self.now(), "old_chat_member": old, "new_chat_member": new},
        )


def command_scope_key(scope: Mapping[str, Any] | None) -> str:
    """Canonical JSON of a BotCommandScope, so equal scopes written differently share commands."""
    scope = dict(scope or {"type": "default"})
    if "chat_id" in scope and isinstance(scope["chat_id"], str) and scope["chat_id"].lstrip("-").isdigit():
        scope["chat_id"] = int(scope["chat_id"])
    return json.dumps(scope, sort_keys=True, separators=(",", ":"))
