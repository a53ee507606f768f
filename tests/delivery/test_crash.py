"""SIGKILL in the middle of a broadcast, then a restart: every recipient ends
with one copy, except at most the few messages that were on the wire."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import func, select

from bot.delivery.pump import Pump
from bot.models import OutboxMessage, OutboxStatus
from bot.services import delivery

RECIPIENTS = 300
IN_FLIGHT_WINDOW = Pump.__init__.__kwdefaults__["concurrency"]  # type: ignore[index]


async def _wait_until(predicate, process: asyncio.subprocess.Process, timeout: float) -> None:  # type: ignore[no-untyped-def]
    # Waiting on another process: poll, bounded, and say why it died if it did.
    deadline = time.monotonic() + timeout
    while not predicate():
        if process.returncode is not None or time.monotonic() > deadline:
            if process.returncode is None:
                process.kill()
                await process.wait()
            assert process.stderr is not None
            errors = (await process.stderr.read()).decode(errors="replace")[-3000:]
            raise AssertionError(f"the bot process stopped or stalled:\n{errors}")
        await asyncio.sleep(0.05)


async def _start_bot(emulator, database_url: str, workdir: Path) -> asyncio.subprocess.Process:  # type: ignore[no-untyped-def]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "DATABASE_", "TELEGRAM_"))}
    env.update(
        BOT_TOKEN=emulator.token,
        TELEGRAM_API_BASE=emulator.base_url,
        DATABASE_URL=database_url,
        PUMP_INTERVAL_SECONDS="0.5",
        OUTBOX_LEASE_SECONDS="3",
        QUIET_HOURS="00:00-00:01",  # the real clock may be at night: this test is not about quiet hours
        LOG_LEVEL="WARNING",
    )
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "run",
        env=env,
        cwd=workdir,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )


async def test_sigkill_mid_broadcast_then_restart(deliver, emulator, database_url, tmp_path):
    recipients = [await deliver.person(5000 + index) for index in range(RECIPIENTS)]
    async with deliver.sessionmaker() as session:
        await delivery.create_broadcast(
            session,
            kind="text",
            text="Atelier peinture mardi 14:00",
            recipient_ids=[p.id for p in recipients],
            created_by_id=None,
            now=datetime.now(UTC),  # the bot process runs on the real clock
        )
        await session.commit()
    users = [emulator.user(p.telegram_id) for p in recipients]

    def received() -> int:
        return sum(1 for user in users if user.messages)

    process = await _start_bot(emulator, database_url, tmp_path)
    await _wait_until(lambda: received() >= RECIPIENTS // 3, process, timeout=60)
    process.send_signal(signal.SIGKILL)
    await process.wait()
    killed_at = received()
    assert killed_at < RECIPIENTS  # really killed mid-way

    process = await _start_bot(emulator, database_url, tmp_path)
    try:
        await _wait_until(lambda: received() == RECIPIENTS, process, timeout=90)

        async def still_open() -> int:
            async with deliver.sessionmaker() as session:
                statement = (
                    select(func.count())
                    .select_from(OutboxMessage)
                    .where(
                        OutboxMessage.status.in_([OutboxStatus.pending, OutboxStatus.sending])  # type: ignore[attr-defined]
                    )
                )
                return (await session.exec(statement)).one()

        deadline = time.monotonic() + 30
        while await still_open() and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
        assert await still_open() == 0
    finally:
        process.terminate()
        await process.wait()

    copies = [len(user.messages) for user in users]
    lost = copies.count(0)
    duplicated = sum(count - 1 for count in copies if count > 1)
    print(f"\nSIGKILL after {killed_at}/{RECIPIENTS} delivered: lost {lost}, duplicated {duplicated}")
    assert lost == 0
    assert duplicated <= IN_FLIGHT_WINDOW, f"{duplicated} duplicates, more than the {IN_FLIGHT_WINDOW} in flight"
    assert emulator.stats.rejected_429 == 0
