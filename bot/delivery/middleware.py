"""An aiogram request middleware: every sending call goes through the limiter,
and a 429 is waited out (for that chat) and retried a bounded number of times."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import (
    CopyMessage,
    ForwardMessage,
    SendAnimation,
    SendAudio,
    SendContact,
    SendDice,
    SendDocument,
    SendLocation,
    SendMediaGroup,
    SendMessage,
    SendPhoto,
    SendPoll,
    SendSticker,
    SendVenue,
    SendVideo,
    SendVideoNote,
    SendVoice,
    TelegramMethod,
)
from aiogram.methods.base import Response, TelegramType

from bot.delivery.limiter import TelegramRateLimiter

logger = logging.getLogger(__name__)

# Edits and callback answers do not count against Telegram's message limits.
SENDING_METHODS = (
    SendMessage,
    SendPhoto,
    SendDocument,
    SendLocation,
    SendVenue,
    SendContact,
    SendMediaGroup,
    SendVoice,
    SendAudio,
    SendVideo,
    SendVideoNote,
    SendAnimation,
    SendSticker,
    SendPoll,
    SendDice,
    CopyMessage,
    ForwardMessage,
)
RETRIES_AFTER_429 = 2


def sends_a_message(method: TelegramMethod[Any]) -> bool:
    # A function, not an isinstance() in the middleware: narrowing `method` there would lose
    # the TelegramType that ties the request to its response.
    return isinstance(method, SENDING_METHODS)


class RateLimitMiddleware(BaseRequestMiddleware):
    def __init__(self, limiter: TelegramRateLimiter) -> None:
        self.limiter = limiter

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if not sends_a_message(method):
            return await make_request(bot, method)
        chat_id: Any = getattr(method, "chat_id", 0)
        chat = chat_id if isinstance(chat_id, int) else hash(chat_id)
        for attempt in range(RETRIES_AFTER_429 + 1):
            await self.limiter.acquire(chat)
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as error:
                logger.warning("429 from Telegram, waiting %ss (attempt %s)", error.retry_after, attempt + 1)
                self.limiter.pause(chat, error.retry_after)
                if attempt == RETRIES_AFTER_429:
                    raise
        raise AssertionError("unreachable")
