"""APScheduler wiring: the periodic jobs run in the bot's own event loop.

Reminders are outbox rows, not scheduler jobs, so nothing here needs to
survive a restart: the jobs only look at the database.
"""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.clock import Clock
from bot.config import Settings
from bot.db import SessionMaker
from bot.delivery.progress import ProgressUpdater
from bot.delivery.pump import Pump
from bot.services import retention, tips
from bot.services.content import ContentLibrary
from bot.services.visits import reminders as visit_reminders

logger = logging.getLogger(__name__)

PROGRESS_INTERVAL_SECONDS = 3  # often enough to look alive, rare enough for Telegram's edit limits


class WeeklyTips:
    """Hourly: queue today's weekly tips (idempotent, so a restart or a missed hour is harmless)."""

    def __init__(self, sessionmaker: SessionMaker, library: ContentLibrary, clock: Clock, tz: ZoneInfo) -> None:
        self.sessionmaker, self.library, self.clock, self.tz = sessionmaker, library, clock, tz

    async def run_once(self) -> int:
        async with self.sessionmaker() as session:
            return await tips.schedule_weekly_tips(session, self.library, now=self.clock.now(), tz=self.tz)


class VisitDigest:
    """Every 30 minutes: queue today's digest for each animator once it is 07:30 (idempotent by key)."""

    def __init__(self, sessionmaker: SessionMaker, clock: Clock, tz: ZoneInfo) -> None:
        self.sessionmaker, self.clock, self.tz = sessionmaker, clock, tz

    async def run_once(self) -> int:
        async with self.sessionmaker() as session:
            queued = await visit_reminders.queue_digests(session, now=self.clock.now(), tz=self.tz)
            await session.commit()
            return queued


class RetentionJob:
    """Nightly: anonymise the households closed for more than RETENTION_MONTHS (idempotent)."""

    def __init__(self, sessionmaker: SessionMaker, clock: Clock, months: int) -> None:
        self.sessionmaker, self.clock, self.months = sessionmaker, clock, months

    async def run_once(self) -> list[int]:
        async with self.sessionmaker() as session:
            done = await retention.anonymise_expired(session, now=self.clock.now(), months=self.months)
            await session.commit()
        if done:
            logger.info("retention: anonymised households %s", done)
        return done


def _quiet_skips() -> None:
    # A broadcast keeps one pump cycle running for minutes; each interval tick then
    # logs "skipped: maximum number of running instances reached". That is the design.
    logging.getLogger("apscheduler.executors.default").setLevel(logging.ERROR)
    logging.getLogger("apscheduler.scheduler").setLevel(logging.ERROR)


def create_scheduler(
    settings: Settings,
    pump: Pump,
    progress: ProgressUpdater,
    weekly_tips: WeeklyTips,
    retention_job: RetentionJob,
    visit_digest: VisitDigest,
) -> AsyncIOScheduler:
    _quiet_skips()
    scheduler = AsyncIOScheduler(timezone=settings.tz)
    scheduler.add_job(
        pump.run_once,
        "interval",
        seconds=settings.pump_interval_seconds,
        id="outbox-pump",
        max_instances=1,  # a long broadcast keeps one cycle going; no pile-up behind it
        coalesce=True,
        next_run_time=datetime.now(settings.tz),
    )
    scheduler.add_job(
        progress.run_once,
        "interval",
        seconds=min(PROGRESS_INTERVAL_SECONDS, settings.pump_interval_seconds * 2),
        id="broadcast-progress",
        max_instances=1,
        coalesce=True,
    )
    scheduler.add_job(
        weekly_tips.run_once,
        "interval",
        hours=1,
        id="weekly-tips",
        max_instances=1,
        coalesce=True,
        next_run_time=datetime.now(settings.tz),
    )
    scheduler.add_job(
        visit_digest.run_once,
        "interval",
        minutes=30,
        id="visit-digest",
        max_instances=1,
        coalesce=True,
        next_run_time=datetime.now(settings.tz),
    )
    scheduler.add_job(
        retention_job.run_once,
        "cron",
        hour=3,
        minute=30,  # Paris night: nobody is using the assistant, no message is going out
        id="retention",
        max_instances=1,
        coalesce=True,
    )
    return scheduler
