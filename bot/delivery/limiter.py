"""One rate limiter for everything the bot sends: replies and the pump alike.

Telegram allows about 30 messages a second overall and about one a second to
one chat with short bursts; above that it answers 429. aiolimiter's leaky
buckets pace us below those limits instead of sleeping by hand.

Both buckets keep a margin: we pace the moment a message *leaves*, Telegram
counts when it *arrives*, and a slow first request lets the next ones arrive
closer together than they left (benchmarks/probe_limiter.py reproduced 429s
with exact figures).
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
# One chat: one message less than Telegram's burst, and 10 % slower than its pace.
CHAT_PACE_MARGIN = 1.1
MAX_TRACKED_CHATS = 4096


class TelegramRateLimiter:
    def __init__(self, per_second: float = 30.0, chat_burst: int = 3, chat_per_second: float = 1.0) -> None:
        burst = min(GLOBAL_BURST, max(1, int(per_second)))
        self.per_second = per_second
        self._global = AsyncLimiter(burst, burst / per_second)
        self._chat_burst = max(1, chat_burst - 1)
        self._chat_period = self._chat_burst * CHAT_PACE_MARGIN / chat_per_second
        self._chats: OrderedDict[int, AsyncLimiter] = OrderedDict()
        self._resume_at: dict[int, float] = {}

    def _chat(self, chat_id: int) -> AsyncLimiter:
        limiter = self._chats.pop(chat_id, None) or AsyncLimiter(self._chat_burst, self._chat_period)
        self._chats[chat_id] = limiter
        if len(self._chats) > MAX_TRACKED_CHATS:
            # The least recently used chat has long refilled its bucket: forgetting it is harmless.
            forgotten, _ = self._chats.popitem(last=False)
            self._resume_at.pop(forgotten, None)
        return limiter

    async def acquire(self, chat_id: int) -> None:
        """Wait until one more message to this chat is within the limits."""
        delay = self._resume_at.get(chat_id, 0.0) - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        # Global first, then the chat: a message leaves right after its chat allows it,
        # so messages to one chat that queued behind others do not leave back to back.
        await self._global.acquire()
        await self._chat(chat_id).acquire()

    def pause(self, chat_id: int, seconds: float) -> None:
        """Telegram said 429 for this chat: nothing goes to it until it said we may.

        Other chats go on: the global pace already keeps the bot under the overall limit.
        """
        self._resume_at[chat_id] = max(self._resume_at.get(chat_id, 0.0), time.monotonic() + seconds)
