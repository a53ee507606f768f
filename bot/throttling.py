"""Flood protection: one person sending dozens of updates a second must not
slow the bot down for everyone else.

Each Telegram account gets a leaky bucket (aiolimiter, as for sending): past
`FLOOD_MAX_UPDATES` in `FLOOD_WINDOW_SECONDS`, its updates are dropped before
any database work, with one short warning per flood; button presses are still
answered so the phone does not spin.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update, User
from aiogram.utils.i18n import I18n
from aiolimiter import AsyncLimiter

from bot.i18n import pick_locale

logger = logging.getLogger(__name__)
MAX_TRACKED_ACCOUNTS = 10_000

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class FloodMiddleware(BaseMiddleware):
    def __init__(self, max_updates: int, window_seconds: float, i18n: I18n) -> None:
        self.max_updates = max_updates
        self.window_seconds = window_seconds
        self.i18n = i18n
        self._buckets: OrderedDict[int, AsyncLimiter] = OrderedDict()
        self._warned: set[int] = set()

    def _bucket(self, user_id: int) -> AsyncLimiter:
        bucket = self._buckets.pop(user_id, None) or AsyncLimiter(self.max_updates, self.window_seconds)
        self._buckets[user_id] = bucket
        if len(self._buckets) > MAX_TRACKED_ACCOUNTS:
            forgotten, _ = self._buckets.popitem(last=False)  # idle for long: its bucket is full anyway
            self._warned.discard(forgotten)
        return bucket

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        if user is None or not isinstance(event, Update):
            return await handler(event, data)
        bucket = self._bucket(user.id)
        if bucket.has_capacity():
            await bucket.acquire()
            self._warned.discard(user.id)
            return await handler(event, data)
        await self._refuse(event, user)
        return None

    async def _refuse(self, update: Update, user: User) -> None:
        logger.warning("flood: update %s dropped", update.update_id)  # no Telegram id in logs
        with self.i18n.context(), self.i18n.use_locale(pick_locale(user.language_code, self.i18n.default_locale)):
            text = self.i18n.gettext("You are sending a lot very quickly. Please wait a few seconds.")
        first_warning = user.id not in self._warned
        self._warned.add(user.id)  # before awaiting: updates are handled concurrently
        if update.callback_query is not None:
            await update.callback_query.answer(text[:200])
        elif first_warning and update.message is not None:
            await update.message.answer(text)
