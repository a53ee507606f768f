"""The production bot and dispatcher, fed one update at a time instead of long polling.

Each update is processed to the end (handler, answer, commit) before the next
one is read, so a test can compare the database before and after a single
update. Bot API calls still go over HTTP to the emulator, which validates them.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass

from aiogram import Bot, Dispatcher
from aiogram.fsm.storage.memory import MemoryStorage

from bot.app import create_bot, create_dispatcher
from bot.clock import FrozenClock
from bot.config import Settings, load_settings
from bot.db import SessionMaker
from bot.sandbox.emulator import TelegramEmulator
from bot.services.content import ContentLibrary


@dataclass
class DirectBot:
    settings: Settings
    bot: Bot
    dispatcher: Dispatcher
    offset: int = 0

    async def process(self) -> int:
        """Handle every update waiting in the emulator, in order; returns how many."""
        updates = await self.bot.get_updates(offset=self.offset, timeout=0)
        for update in updates:
            self.offset = update.update_id + 1
            await self.dispatcher.feed_update(self.bot, update)
        return len(updates)


@contextlib.asynccontextmanager
async def direct_bot(
    emulator: TelegramEmulator,
    database_url: str,
    sessionmaker: SessionMaker,
    clock: FrozenClock,
    library: ContentLibrary,
    **overrides: object,
) -> AsyncIterator[DirectBot]:
    settings = load_settings(
        _env_file=None,
        bot_token=emulator.token,
        telegram_api_base=emulator.base_url,
        database_url=database_url,
        chat_burst=30,
        **overrides,
    )
    bot = create_bot(settings)
    dispatcher = create_dispatcher(
        settings, sessionmaker, clock=clock, storage=MemoryStorage(), run_scheduler=False, library=library
    )
    try:
        yield DirectBot(settings, bot, dispatcher)
    finally:
        await bot.session.close()
    assert emulator.internal_errors == []
