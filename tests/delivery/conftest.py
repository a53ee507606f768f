"""The pump against the emulator with Telegram's default limits."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime

import pytest
from aiogram import Bot

from bot.app import create_bot, create_pump
from bot.clock import FrozenClock
from bot.config import Settings, load_settings
from bot.db import SessionMaker
from bot.delivery.pump import Pump
from bot.i18n import create_i18n
from bot.models import Person, Role
from bot.sandbox.emulator import TelegramEmulator
from bot.services import delivery
from tests import factories


@dataclass
class Delivery:
    emulator: TelegramEmulator
    settings: Settings
    bot: Bot
    pump: Pump
    sessionmaker: SessionMaker
    clock: FrozenClock

    async def person(self, telegram_id: int, locale: str = "fr") -> Person:
        person = await factories.staff(self, telegram_id, Role.animator, f"P{telegram_id}", locale=locale)
        self.emulator.user(telegram_id, f"P{telegram_id}", language_code=locale)
        return person

    async def schedule(self, person: Person, key: str, *, due_at: datetime | None = None, **fields) -> None:  # type: ignore[no-untyped-def]
        fields.setdefault("kind", "text")
        if fields["kind"] == "text":
            fields.setdefault("text", f"message {key}")
        async with self.sessionmaker() as session:
            await delivery.schedule(
                session,
                recipient_id=person.id,
                dedup_key=key,
                due_at=due_at or self.clock.now(),
                now=self.clock.now(),
                **fields,
            )
            await session.commit()

    async def row(self, key: str):  # type: ignore[no-untyped-def]
        from sqlmodel import select

        from bot.models import OutboxMessage

        async with self.sessionmaker() as session:
            return (await session.exec(select(OutboxMessage).where(OutboxMessage.dedup_key == key))).one()


def make_settings(emulator: TelegramEmulator, database_url: str, **overrides) -> Settings:  # type: ignore[no-untyped-def]
    return load_settings(
        _env_file=None,
        bot_token=emulator.token,
        telegram_api_base=emulator.base_url,
        database_url=database_url,
        **overrides,
    )


@pytest.fixture
async def emulator() -> AsyncIterator[TelegramEmulator]:
    emulator = TelegramEmulator()  # Telegram's limits as they are
    await emulator.start()
    yield emulator
    await emulator.stop()
    assert emulator.internal_errors == []


@pytest.fixture
async def deliver(emulator, database_url, sessionmaker, clock, library) -> AsyncIterator[Delivery]:  # type: ignore[no-untyped-def]
    settings = make_settings(emulator, database_url)
    bot = create_bot(settings)
    pump = create_pump(bot, settings, sessionmaker, clock, create_i18n(settings.default_locale), library)
    yield Delivery(emulator, settings, bot, pump, sessionmaker, clock)
    await bot.session.close()
