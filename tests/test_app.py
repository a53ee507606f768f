"""The factories: settings, storage choice, a dispatcher per call."""

from __future__ import annotations

import pytest
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.fsm.storage.redis import RedisStorage

from bot.app import create_dispatcher, create_storage
from bot.config import SettingsError, load_settings

TOKEN = "123456789:" + "A" * 35


def test_defaults():
    settings = load_settings(_env_file=None, bot_token=TOKEN)
    assert settings.database_url == "sqlite+aiosqlite:///./data/ara.sqlite3"
    assert settings.telegram_api_base == "https://api.telegram.org"
    assert (settings.timezone, settings.default_locale, settings.redis_url) == ("Europe/Paris", "fr", None)


def test_plain_postgres_url_is_accepted():
    settings = load_settings(_env_file=None, database_url="postgresql://u:p@db/ara")
    assert settings.database_url == "postgresql+asyncpg://u:p@db/ara"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("default_locale", "de", "DEFAULT_LOCALE must be one of fr, ar, en"),
        ("telegram_api_base", "ftp://x", "TELEGRAM_API_BASE must be an http:// or https:// URL"),
        ("redis_url", "memcached://x", "REDIS_URL must start with redis://, rediss:// or unix://"),
    ],
)
def test_bad_values_name_the_variable(field, value, message):
    with pytest.raises(SettingsError, match=message):
        load_settings(_env_file=None, **{field: value})


async def test_fsm_storage_is_memory_or_redis():
    assert isinstance(create_storage(load_settings(_env_file=None)), MemoryStorage)
    storage = create_storage(load_settings(_env_file=None, redis_url="redis://127.0.0.1:6390/0"))
    assert isinstance(storage, RedisStorage)
    await storage.close()


def test_each_dispatcher_gets_its_own_routers(library):
    settings = load_settings(_env_file=None, bot_token=TOKEN)
    first = create_dispatcher(settings, sessionmaker=None, library=library)  # type: ignore[arg-type]
    second = create_dispatcher(settings, sessionmaker=None, library=library)  # type: ignore[arg-type]
    assert {id(r) for r in first.sub_routers}.isdisjoint({id(r) for r in second.sub_routers})
    assert first.sub_routers[-1].name == "handlers.fallback"


async def test_one_chats_updates_run_one_at_a_time_without_redis():
    """ChatIsolation (no Redis): a person's second update waits for the first to finish (and
    commit); another chat's does not wait; nothing is kept once nobody holds a lock."""
    import asyncio

    from aiogram.fsm.storage.base import StorageKey

    from bot.app import ChatIsolation

    isolation = ChatIsolation()
    awa, omar = (StorageKey(bot_id=1, chat_id=chat, user_id=chat) for chat in (10, 20))
    order: list[str] = []
    first_in = asyncio.Event()
    release = asyncio.Event()

    async def update(key: StorageKey, name: str, hold: bool) -> None:
        async with isolation.lock(key):
            order.append(f"{name} in")
            if hold:
                first_in.set()
                await release.wait()
            order.append(f"{name} out")

    first = asyncio.create_task(update(awa, "awa 1", True))
    await first_in.wait()
    second = asyncio.create_task(update(awa, "awa 2", False))
    other = asyncio.create_task(update(omar, "omar", False))
    await other
    await asyncio.sleep(0)
    assert order == ["awa 1 in", "omar in", "omar out"]  # Awa's second waits, Omar's does not
    release.set()
    await asyncio.gather(first, second)
    assert order[3:] == ["awa 1 out", "awa 2 in", "awa 2 out"]
    assert isolation._locks == {}
