"""End to end: the real bot (aiogram's HTTP session, long polling) against the
local Bot API emulator, on each database backend."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from aiogram import Bot, Dispatcher, Router
from aiogram.fsm.storage.memory import MemoryStorage

from bot.app import create_bot, create_dispatcher
from bot.clock import FrozenClock
from bot.config import Settings, load_settings
from bot.db import SessionMaker
from bot.models import Household, Person, Role
from bot.sandbox.emulator import Limits, TelegramEmulator
from bot.services import households, people
from bot.services.content import ContentLibrary
from tests import factories
from tests.conftest import DEFAULT_NOW


@pytest.fixture
async def emulator() -> AsyncIterator[TelegramEmulator]:
    # Telegram's real limits, with a per-chat burst large enough for a person
    # tapping through a flow quickly; the limits themselves are tested in tests/sandbox.
    emulator = TelegramEmulator(limits=Limits(per_chat_burst=30))
    await emulator.start(host="127.0.0.1", port=0)
    yield emulator
    await emulator.stop()


@dataclass
class RunningBot:
    settings: Settings
    bot: Bot
    dispatcher: Dispatcher
    sessionmaker: SessionMaker
    clock: FrozenClock

    async def tenant_invite(self, reference: str = "PAH-001", site: str = "Encagnane") -> str:
        return await factories.tenant_invite(self, reference, site)

    async def member(self, telegram_id: int, role: Role, name: str, locale: str = "fr") -> Person:
        """A person who has already joined and consented."""
        return await factories.member(self, telegram_id, role, name, locale=locale)

    async def person(self, telegram_id: int) -> Person | None:
        async with self.sessionmaker() as session:
            return await people.get_by_telegram_id(session, telegram_id)

    async def household(self, reference: str) -> Household | None:
        async with self.sessionmaker() as session:
            return await households.get_by_reference(session, reference)


@contextlib.asynccontextmanager
async def start_bot(
    emulator: TelegramEmulator,
    database_url: str,
    sessionmaker: SessionMaker,
    clock: FrozenClock,
    library: ContentLibrary,
    routers: list[Router] | None = None,
    run_scheduler: bool = True,
    **settings_overrides: object,
) -> AsyncIterator[RunningBot]:
    """The production factories, long polling the emulator over HTTP."""
    settings = load_settings(
        _env_file=None,
        bot_token=emulator.token,
        telegram_api_base=emulator.base_url,
        database_url=database_url,
        chat_burst=30,  # as the emulator fixture: a test taps faster than a person
        pump_interval_seconds=0.2,
        **settings_overrides,
    )
    bot = create_bot(settings)
    dispatcher = create_dispatcher(
        settings,
        sessionmaker,
        clock=clock,
        storage=MemoryStorage(),
        routers=routers,
        run_scheduler=run_scheduler,
        library=library,
    )
    polling = asyncio.create_task(dispatcher.start_polling(bot, handle_signals=False, polling_timeout=5))
    await emulator.wait_for_call("getUpdates")
    try:
        yield RunningBot(settings, bot, dispatcher, sessionmaker, clock)
    finally:
        await _settle(dispatcher)
        await dispatcher.stop_polling()
        await polling
    assert emulator.internal_errors == []


async def _settle(dispatcher: Dispatcher, timeout: float = 5.0) -> None:
    """Updates still being handled, or waiting for their chat's previous one (ChatIsolation),
    finish before the bot's HTTP session closes: none opens a new one after the test."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    isolation = dispatcher.fsm.events_isolation
    while (dispatcher["in_flight"].count or getattr(isolation, "busy", False)) and loop.time() < deadline:
        await asyncio.sleep(0.01)


@pytest.fixture
async def running_bot(
    emulator: TelegramEmulator,
    database_url: str,
    sessionmaker: SessionMaker,
    clock: FrozenClock,
    library: ContentLibrary,
) -> AsyncIterator[RunningBot]:
    async with start_bot(emulator, database_url, sessionmaker, clock, library) as running:
        yield running


__all__ = ["DEFAULT_NOW", "RunningBot"]
