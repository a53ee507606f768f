"""One rate limiter for everything the bot sends: replies and the pump alike.

Telegram allows about 30 messages a second overall and about one a second to
one chat with short bursts; above that it answers 429. aiolimiter's leaky
buckets pace us below those limits instead of sleeping by hand.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict

from aiolimiter import AsyncLimiter

# Small global burst on purpose: if we spent Telegram's whole burst at once, any
# jitter in arrival times would then cost a 429. Keeping most of its bucket
# unused absorbs that jitter at no cost in steady throughput.
GLOBAL_BURST = 5
MAX_TRACKED_CHATS = 4096


class TelegramRateLimiter:
    def __init__(self, per_second: float = 30.0, chat_burst: int = 3, chat_per_second: float = 1.0) -> None:
        burst = min(GLOBAL_BURST, max(1, int(per_second)))
        self.per_second = per_second
        self._global = AsyncLimiter(burst, burst / per_second)
        self._chat_burst = chat_burst
        self._chat_period = chat_burst / chat_per_second
        self._chats: OrderedDict[int, AsyncLimiter] = OrderedDict()
        self._resume_at = 0.0

    def _chat(self, chat_id: int) -> AsyncLimiter:
        limiter = self._chats.pop(chat_id, None) or AsyncLimiter(self._chat_burst, self._chat_period)
        self._chats[chat_id] = limiter
        if len(self._chats) > MAX_TRACKED_CHATS:
            # The least recently used chat has long refilled its bucket: forgetting it is harmless.
            self._chats.popitem(last=False)
        return limiter

    async def acquire(self, chat_id: int) -> None:
        """Wait until one more message to this chat is within the limits."""
        delay = self._resume_at - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        # The chat first, so a busy chat does not hold a global slot while it waits.
        await self._chat(chat_id).acquire()
        await self._global.acquire()

    def pause(self, seconds: float) -> None:
        """Telegram said 429: nobody sends until it said we may."""
        self._resume_at = max(self._resume_at, time.monotonic() + seconds)
