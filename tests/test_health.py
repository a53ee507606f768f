"""/healthz: 200 when the database answers and the pump ticks, 503 otherwise; the due backlog."""

from __future__ import annotations

import time
from datetime import timedelta
from types import SimpleNamespace

import aiohttp
from aiohttp import web

from bot.clock import FrozenClock
from bot.db import create_engine, create_sessionmaker
from bot.health import HEALTH_PATH, HealthCheck, add_health_route
from bot.models import Household, Person, Role
from bot.services import delivery


async def get_health(check: HealthCheck) -> tuple[int, dict]:
    app = web.Application()
    add_health_route(app, check)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    try:
        async with aiohttp.ClientSession() as http, http.get(f"http://{host}:{port}{HEALTH_PATH}") as response:
            return response.status, await response.json()
    finally:
        await runner.cleanup()


async def test_healthy_with_the_due_backlog(sessionmaker, clock: FrozenClock):
    async with sessionmaker() as session:
        household = Household(reference="H-1", site="Encagnane")
        session.add(household)
        await session.flush()
        person = Person(telegram_id=4001, name="A", role=Role.tenant, household_id=household.id)
        session.add(person)
        await session.flush()
        for key, due in (("a", -timedelta(minutes=5)), ("b", timedelta(0)), ("later", timedelta(hours=1))):
            await delivery.schedule(
                session,
                recipient_id=person.id,
                kind="text",
                dedup_key=key,
                due_at=clock.now() + due,
                now=clock.now(),
                text="x",
            )
        await session.commit()
    check = HealthCheck(sessionmaker, clock, 2.0, pump=SimpleNamespace(last_tick=time.monotonic()))  # type: ignore[arg-type]
    status, report = await get_health(check)
    assert status == 200
    assert report["status"] == "ok" and report["database"] == "ok" and report["pump"] == "ok"
    assert report["outbox_due_pending"] == 2


async def test_a_stalled_pump_is_unhealthy(sessionmaker, clock: FrozenClock):
    check = HealthCheck(sessionmaker, clock, 2.0, pump=SimpleNamespace(last_tick=time.monotonic() - 3600))  # type: ignore[arg-type]
    status, report = await get_health(check)
    assert status == 503
    assert report["status"] == "unhealthy" and report["pump"] == "stalled" and report["database"] == "ok"


async def test_an_unreachable_database_is_unhealthy(clock: FrozenClock):
    engine = create_engine("postgresql+asyncpg://ara@127.0.0.1:9/nowhere")  # the discard port: refused
    try:
        check = HealthCheck(create_sessionmaker(engine), clock, 2.0, pump=SimpleNamespace(last_tick=time.monotonic()))  # type: ignore[arg-type]
        status, report = await get_health(check)
    finally:
        await engine.dispose()
    assert status == 503
    assert report["database"].startswith("unreachable") and report["outbox_due_pending"] is None
    assert report["pump"] == "ok"
