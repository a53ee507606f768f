"""Keeps aiogram's parametrized response models alive.

aiogram validates every answer with `Response[method.__returning__]`, and
pydantic caches parametrized generics in a WeakValueDictionary: once garbage
collected, the model is rebuilt (about 9 ms of schema building) on the next
call. Holding one strong reference per return type makes every later call a
cache hit (benchmarks/README.md, "dispatch").
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType


class KeepResponseTypes(BaseRequestMiddleware):
    def __init__(self) -> None:
        self._kept: dict[Any, type] = {}

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        returning = method.__returning__
        if returning not in self._kept:
            self._kept[returning] = Response[returning]  # type: ignore[valid-type]  # known at run time only: pydantic parametrizes it
        return await make_request(bot, method)
