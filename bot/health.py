"""`GET /healthz`: what a load balancer, Docker or a monitoring probe asks.

Healthy (HTTP 200) when the database answers `SELECT 1` and the outbox pump
has ticked recently; 503 otherwise. The outbox backlog (pending messages already
due) is reported but does not make the instance unhealthy: a broadcast to
thousands of tenants is a normal backlog that drains at Telegram's pace.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from sqlalchemy import literal_column
from sqlmodel import select

from bot.clock import Clock
from bot.db import SessionMaker
from bot.delivery.pump import Pump
from bot.services import delivery

HEALTH_PATH = "/healthz"
DATABASE_TIMEOUT_SECONDS = 5


def pump_stale_after(pump_interval_seconds: float) -> float:
    """A pump silent this long is stuck (each cycle of a long broadcast ticks too)."""
    return max(60.0, pump_interval_seconds * 10)


@dataclass
class HealthCheck:
    sessionmaker: SessionMaker
    clock: Clock
    pump_interval_seconds: float
    pump: Pump | None = None  # None: this instance runs no pump (tests without a scheduler)

    async def report(self) -> tuple[bool, dict[str, Any]]:
        healthy = True
        report: dict[str, Any] = {}
        try:
            async with asyncio.timeout(DATABASE_TIMEOUT_SECONDS), self.sessionmaker() as session:
                await session.exec(select(literal_column("1")))  # SELECT 1
                backlog = await delivery.due_backlog(session, now=self.clock.now())
            report["database"] = "ok"
            report["outbox_due_pending"] = backlog
        except Exception as error:  # whatever it is, the database is not usable
            healthy = False
            report["database"] = f"unreachable: {type(error).__name__}"
            report["outbox_due_pending"] = None
        if self.pump is None:
            report["pump"] = "not running"
        else:
            silent_for = time.monotonic() - self.pump.last_tick
            alive = silent_for < pump_stale_after(self.pump_interval_seconds)
            healthy = healthy and alive
            report["pump"] = "ok" if alive else "stalled"
            report["pump_last_tick_seconds_ago"] = round(silent_for, 1)
        report["status"] = "ok" if healthy else "unhealthy"
        return healthy, report

    async def handle(self, request: web.Request) -> web.Response:
        healthy, report = await self.report()
        return web.json_response(report, status=200 if healthy else 503)


def add_health_route(app: web.Application, check: HealthCheck) -> None:
    app.router.add_get(HEALTH_PATH, check.handle)
