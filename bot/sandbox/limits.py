"""Telegram's flood limits: token buckets per bot (all chats) and per chat."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Limits:
    """Read on every call, so a test may change a field (or swap the object) while the bot runs."""

    global_per_second: float = 30.0
    global_burst: int = 30
    per_chat_per_second: float = 1.0
    per_chat_burst: int = 3
    enforce: bool = True


class TokenBucket:
    """Holds `burst` tokens and regains `rate` per second; one token buys one message.

    It stores the tokens *spent* rather than the tokens left so that a larger burst set
    mid-test takes effect at once instead of after a refill.
    """

    def __init__(self, now: float) -> None:
        self._spent = 0.0
        self._updated = now

    def seconds_until_token(self, now: float, rate: float, burst: int) -> float:
        """0 if a token is available now, else how long until one is."""
        rate = max(rate, 1e-9)
        self._spent = max(0.0, self._spent - (now - self._updated) * rate)
        self._updated = now
        shortfall = self._spent + 1 - burst
        return 0.0 if shortfall <= 0 else shortfall / rate

    def take(self) -> None:
        self._spent += 1


class RateLimiter:
    """Admits a message only when both the bot-wide bucket and the chat's bucket allow it."""

    def __init__(self, limits: Callable[[], Limits], clock: Callable[[], float]) -> None:
        self._limits = limits
        self._clock = clock
        self._global = TokenBucket(clock())
        self._per_chat: dict[int | str, TokenBucket] = {}

    def admit(self, chat_id: int | str) -> int | None:
        """Count the message and return None, or return retry_after (whole seconds, >= 1)."""
        limits = self._limits()
        if not limits.enforce:
            return None
        now = self._clock()
        chat_bucket = self._per_chat.setdefault(chat_id, TokenBucket(now))
        wait = max(
            self._global.seconds_until_token(now, limits.global_per_second, limits.global_burst),
            chat_bucket.seconds_until_token(now, limits.per_chat_per_second, limits.per_chat_burst),
        )
        if wait > 0:
            return max(1, math.ceil(wait))
        self._global.take()
        chat_bucket.take()
        return None
