"""The baseline: a bare aiogram echo bot, the same aiogram and aiohttp as ARA Assistant.

No database, no middlewares, no i18n, no rate limiter, no scheduler: one
handler that sends the text back. Whatever ARA Assistant costs beyond this
is the cost of its own stack. Run by the benchmarks as a separate process,
configured like the real bot (BOT_TOKEN, TELEGRAM_API_BASE, LOG_LEVEL).
"""

from __future__ import annotations

import asyncio
import logging
import os

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Message


async def echo(message: Message) -> None:
    await message.answer(message.text or "…")


async def main() -> None:
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"))
    session = AiohttpSession(api=TelegramAPIServer.from_base(os.environ["TELEGRAM_API_BASE"]))
    bot = Bot(os.environ["BOT_TOKEN"], session=session)
    dispatcher = Dispatcher()
    dispatcher.message.register(echo)
    await dispatcher.start_polling(bot)


if __name__ == "__main__":
    asyncio.run(main())
