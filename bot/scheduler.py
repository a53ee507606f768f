"""APScheduler wiring: the periodic jobs run in the bot's own event loop.

Reminders are outbox rows, not scheduler jobs, so nothing here needs to
survive a restart: the jobs only look at the database.
"""

from __future__ import annotations

from datetime import datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.config import Settings
from bot.delivery.progress import ProgressUpdater
from bot.delivery.pump import Pump

PROGRESS_INTERVAL_SECONDS = 3  # often enough to look alive, rare enough for Telegram's edit limits


def create_scheduler(settings: Settings, pump: Pump, progress: ProgressUpdater) -> AsyncIOScheduler:
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
    return scheduler
