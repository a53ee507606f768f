"""Fixtures: a running emulator and a real aiogram Bot talking to it over HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot

from bot.sandbox import Limits, ManualClock, TelegramEmulator, emulator_session


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
async def emulator(clock: ManualClock) -> AsyncIterator[TelegramEmulator]:
    emulator = TelegramEmulator(limits=Limits(), clock=clock)
    await emulator.start()
    yield emulator
    await emulator.stop()
    assert emulator.internal_errors == []


@pytest.fixture
async def bot(emulator: TelegramEmulator) -> AsyncIterator[Bot]:
    bot = Bot(emulator.token, session=emulator_session(emulator.base_url))
    yield bot
    await bot.session.close()
