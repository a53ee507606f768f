"""Photos arriving: the longest event-loop stall while tenants send photos to their animator.

    .venv/bin/python -m benchmarks.photos [--tenants 100] [--database-url postgresql+asyncpg://…]

The works journal (issue 16) does not exist yet; the photo paths that do are "✉️ Write to my
animator" (relay) and a visit's note. Both keep Telegram's file_id and send it on: no photo
is downloaded or stored on disk. This measures the relay path end to end, in one process as
the exports' benchmark does: the real dispatcher polls an in-process emulator, TENANTS
tenants (each with a household and an animator) open the relay and each sends a 200 KB
photo, all at once, and a 10 ms ticker beside them records its longest wait. The emulator
shares the loop, so its own work (storing the uploads, answering) is included: an upper bound.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select

from benchmarks.common import backend, fresh_database, show, write_results
from bot.app import create_bot, create_dispatcher
from bot.config import load_settings
from bot.db import create_engine, create_sessionmaker
from bot.models import Household, Person, Role
from bot.sandbox.emulator import Limits, TelegramEmulator
from bot.sandbox.testing import TestUser

TENANTS = 100
PHOTO_BYTES = 200_000
FIRST_ID = 500_000
FIRST_ANIMATOR_ID = 490_000
PER_ANIMATOR = 10  # Telegram lets the bot write ~1 message/s to one chat: the animators share the photos
TICK = 0.010
TIMEOUT = 60.0


def animators(tenants: int) -> int:
    return -(-tenants // PER_ANIMATOR)


async def seed(database_url: str, tenants: int) -> None:
    now = datetime.now(UTC)
    person = {"role": Role.tenant, "locale": "fr", "consent_at": now, "consent_version": 1, "active": True}
    engine = create_engine(database_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                insert(Person),
                [
                    {**person, "telegram_id": FIRST_ANIMATOR_ID + a, "name": f"A{a}", "role": Role.animator}
                    for a in range(animators(tenants))
                ],
            )
            staff = (await connection.execute(select(Person.id).order_by(Person.id))).scalars().all()
            await connection.execute(
                insert(Household),
                [
                    {"reference": f"P-{n}", "site": "Encagnane", "animator_id": staff[n // PER_ANIMATOR]}
                    for n in range(tenants)
                ],
            )
            households = (await connection.execute(select(Household.id).order_by(Household.id))).scalars().all()
            await connection.execute(
                insert(Person),
                [
                    {
                        **person,
                        "telegram_id": FIRST_ID + n,
                        "name": f"T{n}",
                        "household_id": household,
                        "created_at": now,
                    }
                    for n, household in enumerate(households)
                ],
            )
    finally:
        await engine.dispose()


async def main(database_url: str | None, tenants: int) -> dict[str, Any]:
    stalls: list[float] = []

    async def ticker() -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(TICK)
            stalls.append(time.perf_counter() - before - TICK)

    async with fresh_database(database_url) as url:
        await seed(url, tenants)
        emulator = TelegramEmulator(limits=Limits(enforce=False))
        await emulator.start()
        settings = load_settings(
            _env_file=None,
            bot_token=emulator.token,
            telegram_api_base=emulator.base_url,
            database_url=url,
            broadcast_rate=1000,
            chat_burst=30,
            pump_interval_seconds=0.2,
            quiet_hours="00:00-00:01",  # the real clock's night must not defer the relayed photos
            log_level="WARNING",
        )
        engine = create_engine(url)
        bot = create_bot(settings)
        dispatcher = create_dispatcher(
            settings, create_sessionmaker(engine)
        )  # with the pump: relays go through the outbox
        polling = asyncio.create_task(dispatcher.start_polling(bot, handle_signals=False))
        try:
            await emulator.wait_for_call("getUpdates", timeout=TIMEOUT, since=0)
            users = [emulator.user(FIRST_ID + n, f"T{n}", language_code="fr") for n in range(tenants)]
            photo = os.urandom(PHOTO_BYTES)

            async def open_relay(user: TestUser) -> None:
                await user.send("/menu")
                [menu] = await user.wait_for_messages(1, timeout=TIMEOUT)
                button = next(b for row in menu["reply_markup"]["inline_keyboard"] for b in row if "✉️" in b["text"])
                await user.press(button["text"])
                await user.wait_for_messages(1, timeout=TIMEOUT)

            await asyncio.gather(*(open_relay(user) for user in users))
            team = [
                emulator.user(FIRST_ANIMATOR_ID + a, f"A{a}", language_code="fr") for a in range(animators(tenants))
            ]

            async def send(user: TestUser) -> None:
                await user.send_photo(photo)
                await user.wait_for_messages(1, timeout=TIMEOUT)

            tick = asyncio.create_task(ticker())
            started = time.perf_counter()
            await asyncio.gather(*(send(user) for user in users))
            counts = [min(PER_ANIMATOR, tenants - a * PER_ANIMATOR) for a in range(len(team))]
            received = await asyncio.gather(
                *(member.wait_for_messages(count, timeout=TIMEOUT) for member, count in zip(team, counts, strict=True))
            )
            elapsed = time.perf_counter() - started
            tick.cancel()
            relayed = sum(1 for messages in received for message in messages if "photo" in message)
        finally:
            await dispatcher.stop_polling()
            await polling
            await bot.session.close()
            await engine.dispose()
            await emulator.stop()
    stalls.sort()
    figures = {
        "database": backend(database_url),
        "tenants": tenants,
        "photo_bytes": PHOTO_BYTES,
        "photos_relayed": relayed,
        "wall_s": elapsed,
        "longest_loop_stall_ms": stalls[-1] * 1000 if stalls else 0.0,
        "loop_stall_p99_ms": stalls[int(len(stalls) * 0.99)] * 1000 if stalls else 0.0,
        "ticks": len(stalls),
    }
    show("Photos: tenants' photos relayed to their animator, longest event-loop stall", figures)
    write_results("photos", figures)
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.photos", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", help="PostgreSQL URL (its tables are emptied)")
    parser.add_argument("--tenants", type=int, default=TENANTS)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.database_url, arguments.tenants))
