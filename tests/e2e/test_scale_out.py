"""Two bot instances in webhook mode behind a round-robin "proxy", sharing PostgreSQL and Redis.

The emulator plays Telegram: after setWebhook it posts each update to the two
instances in turn. PostgreSQL only (SQLite is one machine's file) and Redis: the
test is skipped without them, and fails without them in CI (ARA_REQUIRE_POSTGRES).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlmodel import col, select

from bot.app import WEBHOOK_PATH, BotService
from bot.clock import FrozenClock
from bot.config import load_settings
from bot.db import create_engine
from bot.models import OutboxMessage, OutboxStatus, Role
from bot.sandbox.emulator import TelegramEmulator
from bot.sandbox.webhooks import WebhookDelivery
from bot.services import delivery
from bot.services.content import ContentLibrary
from tests.conftest import TABLES
from tests.e2e.conftest import RunningBot
from tests.e2e.helpers import button_texts, eventually, tr

SECRET = "scale-out-webhook-secret-0123456789"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
async def shared_database(postgres_database: str) -> str:
    engine = create_engine(postgres_database)
    async with engine.begin() as connection:
        await connection.execute(text(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE"))
    await engine.dispose()
    return postgres_database


@dataclass
class Cluster:
    services: list[BotService]
    targets: list[str]
    webhooks: WebhookDelivery
    helper: RunningBot  # test-side database helpers, on the first instance's connections


@contextlib.asynccontextmanager
async def cluster(
    emulator: TelegramEmulator, database_url: str, redis_url: str, clock: FrozenClock, library: ContentLibrary
) -> AsyncIterator[Cluster]:
    services = []
    targets = []
    for _ in range(2):
        port = free_port()
        settings = load_settings(
            _env_file=None,
            bot_token=emulator.token,
            telegram_api_base=emulator.base_url,
            database_url=database_url,
            redis_url=redis_url,
            webhook_url="https://ara.example.org",
            webhook_secret=SECRET,
            webhook_host="127.0.0.1",
            webhook_port=port,
            chat_burst=30,
            pump_interval_seconds=0.2,
        )
        services.append(BotService(settings, library, clock=clock))
        targets.append(f"http://127.0.0.1:{port}{WEBHOOK_PATH}")
    webhooks = emulator.deliver_webhooks(targets)
    started: list[BotService] = []
    try:
        for service in services:
            await service.start()
            started.append(service)
        assert all(service.webhook for service in services)
        first = services[0]
        helper = RunningBot(first.settings, first.bot, first.dispatcher, first.sessionmaker, clock)
        yield Cluster(services, targets, webhooks, helper)
    finally:
        for service in reversed(started):
            await service.stop()
    assert emulator.internal_errors == []


async def test_two_instances_share_the_work_and_the_conversations(
    emulator, shared_database, redis_url, clock, library, caplog
):
    async with cluster(emulator, shared_database, redis_url, clock, library) as running:
        assert emulator.bot().webhook["url"] == "https://ara.example.org/telegram"
        await running.helper.member(7001, Role.coordinator, "Claire", locale="fr")
        await running.helper.member(7002, Role.animator, "Nadia", locale="fr")
        user = emulator.user(7001, "Claire", language_code="fr")

        # A conversation (the household creation flow, its state in Redis) goes through
        # both instances in turn and ends where it should.
        await user.send("/menu")
        await user.wait_for_messages()
        await user.press(tr("fr", "➕ New household"))
        await user.wait_for_messages()
        await user.send("pah-2026-014")
        await user.wait_for_messages()
        await user.send("Encagnane")
        await user.wait_for_messages()
        await user.press(tr("fr", "Yes"))
        [animators] = await user.wait_for_messages()
        assert button_texts(animators) == ["Nadia", tr("fr", "Nobody for now")]
        await user.press("Nadia")
        [summary] = await user.wait_for_messages()
        assert "PAH-2026-014" in summary["text"] and "Nadia" in summary["text"]
        await user.press(tr("fr", "✅ Create"))
        await user.wait_for_messages()
        household = await running.helper.household("PAH-2026-014")
        assert household is not None and household.site == "Encagnane" and household.priority_neighbourhood
        assert await emulator.wait_for_callback_answers() == []

        async def all_recorded() -> bool:  # the emulator records a delivery once it has read the answer
            return len(running.webhooks.delivered) == 7

        await eventually(all_recorded)
        served = [running.webhooks.targets_of(update_id) for update_id in sorted(running.webhooks.delivered)]
        assert all(len(targets) == 1 for targets in served), "no update needed a second attempt"
        flow = [targets[0] for targets in served]
        assert len(flow) == 7 and set(flow) == set(running.targets)
        assert all(a != b for a, b in zip(flow, flow[1:], strict=False)), "each step went to the other instance"

        # Telegram delivers an update twice (a retried webhook), to the other instance:
        # handled once.
        messages_before = len(emulator.bot().chats[7001].events)
        await user.send("/menu")
        await user.wait_for_messages()

        async def menu_recorded() -> bool:
            return len(running.webhooks.delivered) == 8

        await eventually(menu_recorded)
        last_id = max(running.webhooks.delivered)
        [first_target] = running.webhooks.targets_of(last_id)
        other = next(target for target in running.targets if target != first_target)
        with caplog.at_level(logging.INFO, logger="bot.dedup"):
            assert await running.webhooks.post(other, running.webhooks.delivered[last_id]) == 200
            await asyncio.sleep(1.0)  # time enough for a second menu, if there were one
        assert len(emulator.bot().chats[7001].events) == messages_before + 1
        assert f"update {last_id} delivered again: ignored" in caplog.messages


async def test_both_pumps_send_each_reminder_once(emulator, shared_database, redis_url, clock, library):
    async with cluster(emulator, shared_database, redis_url, clock, library) as running:
        recipients = []
        for number in range(40):
            person = await running.helper.member(8000 + number, Role.tenant, f"T{number}")
            recipients.append(person)
            emulator.user(8000 + number, f"T{number}")
        handled_by = []
        for service in running.services:
            pump = service.dispatcher["pump"]
            counter = {"count": 0}
            handled_by.append(counter)
            original = pump._deliver

            async def counted(row, original=original, counter=counter):  # type: ignore[no-untyped-def]
                counter["count"] += 1
                await original(row)

            pump._deliver = counted
        async with running.helper.sessionmaker() as session:
            for person in recipients:
                for reminder in ("j-2", "morning"):
                    await delivery.schedule(
                        session,
                        recipient_id=person.id,
                        kind="text",
                        dedup_key=f"test-reminder:{reminder}:{person.id}",
                        due_at=clock.now() + timedelta(hours=1),
                        now=clock.now(),
                        text=f"Reminder {reminder}",
                    )
            await session.commit()
        clock.advance(timedelta(hours=1, minutes=1))

        async def all_sent() -> bool:
            async with running.helper.sessionmaker() as session:
                waiting = await session.exec(
                    select(OutboxMessage.id).where(col(OutboxMessage.status) != OutboxStatus.sent)
                )
                return not waiting.all()

        async with asyncio.timeout(20):
            while not await all_sent():
                await asyncio.sleep(0.2)
        for person in recipients:
            texts = sorted(event["text"] for event in emulator.bot().chats[person.telegram_id].events)
            assert texts == ["Reminder j-2", "Reminder morning"]
        assert emulator.stats.sent_total == 80
        assert sum(counter["count"] for counter in handled_by) == 80
        assert all(counter["count"] > 0 for counter in handled_by), "both pumps took part"


async def test_instances_starting_together_migrate_once(postgres_database):
    """Every instance migrates at start; on an empty database, at the same moment."""
    from sqlalchemy.ext.asyncio import create_async_engine

    from bot.db import current_revision, upgrade

    admin_url = postgres_database.rsplit("/", 1)[0] + "/postgres"
    name = f"ara_fresh_{uuid.uuid4().hex[:8]}"
    admin = create_async_engine(admin_url, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    engines = [create_engine(postgres_database.rsplit("/", 1)[0] + f"/{name}") for _ in range(3)]
    try:
        await asyncio.gather(*(upgrade(engine) for engine in engines))
        revisions = {await current_revision(engine) for engine in engines}
        assert len(revisions) == 1 and None not in revisions
    finally:
        for engine in engines:
            await engine.dispose()
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        await admin.dispose()
