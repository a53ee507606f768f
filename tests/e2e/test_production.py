"""`ara-bot run` as an operator runs it: a real process against the emulator, with JSON
logs and /healthz, stopped with SIGTERM in the middle of sending a batch of messages."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
from datetime import UTC, datetime, timedelta

import aiohttp
from sqlmodel import col, func, select

from bot.clock import FrozenClock
from bot.models import OutboxMessage, OutboxStatus, Role
from bot.services import delivery
from tests.e2e.conftest import RunningBot

COORDINATOR_TELEGRAM_ID = 55501234
PHONE = "0612345678"
TENANTS = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def start_process(emulator, database_url: str, tmp_path, health_port: int):  # type: ignore[no-untyped-def]
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "BOT_TOKEN": emulator.token,
        "TELEGRAM_API_BASE": emulator.base_url,
        "DATABASE_URL": database_url,
        "LOG_FORMAT": "json",
        "HEALTH_HOST": "127.0.0.1",
        "HEALTH_PORT": str(health_port),
        "PUMP_INTERVAL_SECONDS": "0.2",
        # Slow sending, so that SIGTERM finds a batch of 8 messages on the wire.
        "BROADCAST_RATE": "4",
        "CHAT_BURST": "30",
    }
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "run",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def test_process_logs_json_answers_healthz_and_finishes_sends_on_sigterm(
    emulator, database_url, sessionmaker, tmp_path
):
    now = datetime.now(UTC)
    helper = RunningBot(None, None, None, sessionmaker, FrozenClock(now))  # type: ignore[arg-type]
    coordinator = await helper.member(COORDINATOR_TELEGRAM_ID, Role.coordinator, "Claire", locale="fr")
    tenants = [await helper.member(6000 + n, Role.tenant, f"Tenant {n}") for n in range(TENANTS)]
    user = emulator.user(COORDINATOR_TELEGRAM_ID, "Claire", language_code="fr")
    for tenant in tenants:
        emulator.user(tenant.telegram_id, "Tenant")

    health_port = free_port()
    process = await start_process(emulator, database_url, tmp_path, health_port)
    lines: list[str] = []

    async def read_logs() -> None:
        assert process.stderr is not None
        async for line in process.stderr:
            lines.append(line.decode())

    reader = asyncio.create_task(read_logs())
    try:
        await emulator.wait_for_call("getUpdates", timeout=30)

        # A message with personal data in it: handled, logged with ids only.
        await user.send(f"Mon numéro est le {PHONE}, rappelez-moi")
        await user.wait_for_messages(timeout=10)

        async with aiohttp.ClientSession() as http, http.get(f"http://127.0.0.1:{health_port}/healthz") as response:
            assert response.status == 200
            health = await response.json()
        assert health["status"] == "ok" and health["database"] == "ok" and health["pump"] == "ok"
        assert health["outbox_due_pending"] == 0
        probe = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.cli",
            "health",
            cwd=tmp_path,
            env={"PATH": os.environ.get("PATH", ""), "HEALTH_PORT": str(health_port)},
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, _ = await probe.communicate()
        assert probe.returncode == 0 and json.loads(out)["status"] == "ok"

        # A batch of urgent messages, due now; SIGTERM as soon as the first one arrives.
        async with sessionmaker() as session:
            for tenant in tenants:
                await delivery.schedule(
                    session,
                    recipient_id=tenant.id,
                    kind="text",
                    dedup_key=f"shutdown-test:{tenant.id}",
                    due_at=now - timedelta(minutes=1),
                    now=now,
                    text="Rappel",
                    urgent=True,
                )
            await session.commit()
        await emulator.wait_for_call("sendMessage", timeout=15)
        process.send_signal(signal.SIGTERM)
        async with asyncio.timeout(30):
            returncode = await process.wait()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await reader
    logs = "".join(lines)
    assert returncode == 0, logs

    # Every claimed message was sent and recorded before the process left; the rest wait.
    async with sessionmaker() as session:
        counts = dict(
            (await session.exec(select(OutboxMessage.status, func.count()).group_by(col(OutboxMessage.status)))).all()
        )
    delivered = sum(emulator.stats.sent_per_chat[tenant.telegram_id] for tenant in tenants)
    assert counts.get(OutboxStatus.sending, 0) == 0, (counts, logs)
    assert counts.get(OutboxStatus.sent, 0) == delivered >= 2, (counts, delivered)
    assert counts.get(OutboxStatus.pending, 0) == TENANTS - delivered > 0, "SIGTERM came mid-broadcast"

    records = [json.loads(line) for line in lines]  # every line is JSON
    assert any(record["message"] == "shutdown: work finished" for record in records)
    handled = [record for record in records if record["message"].startswith("Update id=") and "person_id" in record]
    assert handled, logs
    [mine] = [record for record in handled if record["person_id"] == coordinator.id]
    assert mine["flow"] and isinstance(mine["update_id"], int)
    assert mine["update_id"] == 1  # the emulator's first update: the coordinator's message
    # No personal data: not the text, not the name, not the Telegram id.
    for personal in (PHONE, "rappelez", "Claire", str(COORDINATOR_TELEGRAM_ID)):
        assert personal not in logs
