"""Each update is handled once, even when Telegram delivers it twice.

Telegram posts a webhook update again when it did not get an answer in time (a
slow proxy, an instance restarting), and behind a load balancer the second copy
may reach another instance. The first instance to see an update id claims it:
in Redis with SET NX and a one-day expiry (shared by every instance; Telegram
gives up on an update after 24 hours), or in memory when there is one instance
and no Redis. A claimed update is not retried if its handler fails: that is
what the error handler's apology is for.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Protocol

from aiogram import BaseMiddleware, Bot
from aiogram.types import TelegramObject, Update

if TYPE_CHECKING:  # the client is imported only when REDIS_URL is set
    from redis.asyncio import Redis

logger = logging.getLogger(__name__)

SEEN_FOR_SECONDS = 24 * 3600
MEMORY_LIMIT = 100_000  # update ids kept in memory: hours of traffic for an association's bot

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class SeenUpdates(Protocol):
    async def first_time(self, bot_id: int, update_id: int) -> bool:
        """True for the first delivery of this update, False for any later one."""


class MemorySeenUpdates:
    def __init__(self, ttl: float = SEEN_FOR_SECONDS, limit: int = MEMORY_LIMIT) -> None:
        self.ttl, self.limit = ttl, limit
        self._seen: OrderedDict[tuple[int, int], float] = OrderedDict()

    async def first_time(self, bot_id: int, update_id: int) -> bool:
        now = time.monotonic()
        while self._seen and (len(self._seen) >= self.limit or next(iter(self._seen.values())) < now - self.ttl):
            self._seen.popitem(last=False)
        key = (bot_id, update_id)
        if key in self._seen:
            return False
        self._seen[key] = now
        return True


class RedisSeenUpdates:
    def __init__(self, redis: Redis, ttl: int = SEEN_FOR_SECONDS) -> None:
        self.redis, self.ttl = redis, ttl

    async def first_time(self, bot_id: int, update_id: int) -> bool:
        return bool(await self.redis.set(f"ara:update:{bot_id}:{update_id}", 1, nx=True, ex=self.ttl))


class DeduplicateUpdatesMiddleware(BaseMiddleware):
    def __init__(self, seen: SeenUpdates) -> None:
        self.seen = seen

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        bot: Bot | None = data.get("bot")
        if isinstance(event, Update) and bot is not None and not await self.seen.first_time(bot.id, event.update_id):
            logger.info("update %s delivered again: ignored", event.update_id)
            return None
        return await handler(event, data)
