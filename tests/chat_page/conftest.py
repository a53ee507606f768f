"""Fixtures: the whole sandbox of `ara-bot sandbox` (emulator, real bot, demo data, page) on a free port."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.sandbox.run import Sandbox
from bot.services.content import ContentLibrary
from tests.conftest import DEFAULT_NOW


@pytest.fixture
async def sandbox(tmp_path: Path, library: ContentLibrary) -> AsyncIterator[Sandbox]:
    # DEFAULT_NOW is a Tuesday at 10:00 in Paris: the demo's first workshop is next Tuesday.
    async with Sandbox(tmp_path / "data", start=DEFAULT_NOW, library=library, pump_interval_seconds=0.2) as running:
        await running.start_page(port=0)
        yield running
    assert running.emulator.internal_errors == []


@pytest.fixture
async def page_client(sandbox: Sandbox) -> AsyncIterator[aiohttp.ClientSession]:
    assert sandbox.page_url is not None
    async with aiohttp.ClientSession(base_url=sandbox.page_url) as client:
        yield client
