"""Where a /menu tap's CPU goes: the real dispatcher in-process, HTTP answered by a stub.

    python -m benchmarks.profile_dispatch [--updates 2000] [--top 30] [--bare]

Feeds `--updates` /menu messages from registered tenants (one SQLite file, the production
middlewares, routers and filters) to `Dispatcher.feed_update`, after a warm-up, under cProfile.
The bot's API calls never leave the process: a stub session answers each sendMessage with a
Message, so what is measured is ours and aiogram's, not the network's. `--bare` profiles an
aiogram dispatcher with one echo handler on the same stub, for the same number of updates.
Prints the CPU per update and the functions with the most cumulative time. With `--rounds N`
there is no profiler: N rounds of bare then ARA, and the per-round ratios of CPU per update.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import time
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.session.base import BaseSession
from aiogram.methods import TelegramMethod
from aiogram.types import Chat, Message, Update, User

from benchmarks.common import add_members, fresh_database

FIRST_ID = 500_000


class StubSession(BaseSession):
    """Answers every call at once: a Message for sending methods, True otherwise."""

    async def close(self) -> None:
        return None

    async def make_request(self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None) -> Any:
        chat_id = getattr(method, "chat_id", 0) or 0
        if method.__returning__ is Message:
            return Message(message_id=1, date=datetime.now(UTC), chat=Chat(id=int(chat_id), type="private"), text="ok")
        return True

    def stream_content(self, *args: Any, **kwargs: Any) -> Any:  # pragma: no cover - not used
        # BaseSession declares it abstract; a /menu tap downloads no file, so nothing calls it.
        raise RuntimeError("the dispatch profile downloads no file")


def menu_update(update_id: int, telegram_id: int) -> Update:
    user = User(id=telegram_id, is_bot=False, first_name="P", language_code="fr")
    return Update(
        update_id=update_id,
        message=Message(
            message_id=update_id,
            date=datetime.now(UTC),
            chat=Chat(id=telegram_id, type="private"),
            from_user=user,
            text="/menu",
            entities=[{"type": "bot_command", "offset": 0, "length": 5}],
        ),
    )


async def run(updates: int, top: int, bare: bool, sort: str = "cumulative", profiled: bool = True) -> float:
    async with fresh_database(None) as url:
        users = 200
        await add_members(url, range(FIRST_ID, FIRST_ID + users))
        if bare:
            dispatcher = Dispatcher()

            @dispatcher.message()
            async def echo(message: Message) -> None:
                await message.answer(message.text or "")

            stop = None
        else:
            from bot.app import create_dispatcher
            from bot.config import load_settings
            from bot.db import create_engine, create_sessionmaker

            settings = load_settings(
                _env_file=None,
                bot_token="123456:AAtest-token_for_profiling_only000000",
                database_url=url,
                log_level="WARNING",
            )
            engine = create_engine(url)
            dispatcher = create_dispatcher(settings, create_sessionmaker(engine), run_scheduler=False)
            stop = engine
        bot = Bot("123456:AAtest-token_for_profiling_only000000", session=StubSession())
        for index in range(200):  # warm-up: caches, first-call costs
            await dispatcher.feed_update(bot, menu_update(index, FIRST_ID + index % users))
        prepared = [menu_update(1000 + index, FIRST_ID + index % users) for index in range(updates)]
        profile = cProfile.Profile()
        started = time.process_time()
        if profiled:
            profile.enable()
        for update in prepared:
            await dispatcher.feed_update(bot, update)
        profile.disable()
        spent = (time.process_time() - started) / updates * 1000
        under = " (under cProfile)" if profiled else ""
        print(f"{'bare aiogram' if bare else 'ARA'}: {spent:.3f} ms CPU per update{under}", flush=True)
        if profiled:
            pstats.Stats(profile).sort_stats(sort).print_stats(top)
        if stop is not None:
            await stop.dispose()
        return spent


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.profile_dispatch",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--updates", type=int, default=2000)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--bare", action="store_true")
    parser.add_argument("--sort", default="cumulative", help="a pstats key: cumulative, tottime…")
    parser.add_argument("--rounds", type=int, default=0, help="no profile: N rounds of bare then ARA, CPU ratios")
    arguments = parser.parse_args()
    if arguments.rounds:
        ratios = []
        for _ in range(arguments.rounds):
            bare_ms = asyncio.run(run(arguments.updates, 0, True, profiled=False))
            ara_ms = asyncio.run(run(arguments.updates, 0, False, profiled=False))
            ratios.append(ara_ms / bare_ms)
        ratios.sort()
        print(
            f"CPU per update, ARA / bare, per round: {[round(r, 2) for r in ratios]}; median {ratios[len(ratios) // 2]:.2f}"
        )
    else:
        asyncio.run(run(arguments.updates, arguments.top, arguments.bare, arguments.sort))
