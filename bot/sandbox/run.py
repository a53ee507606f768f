"""`ara-bot sandbox`: the emulator, the real bot against it, demo data and the web chat page.

    async with Sandbox(data_dir) as sandbox:
        await sandbox.start_page(port=8080)
        ...

The bot is built by the production factories (create_bot, create_dispatcher) and long
polls the emulator over HTTP, as in the end-to-end tests; only the Bot API's address,
the token and the clock differ. The clock is a FrozenClock, like the tests': it stands
still until the page moves it forward, and then every scheduled job (the outbox pump,
weekly tips…) runs at once, so a reminder due tomorrow arrives when you jump a day.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.fsm.storage.memory import MemoryStorage
from aiohttp import web

from bot.app import create_bot, create_dispatcher
from bot.clock import FrozenClock
from bot.commands import set_person_commands
from bot.config import Settings, load_settings
from bot.db import create_engine, create_sessionmaker, upgrade
from bot.sandbox.demo import DemoPerson, seed
from bot.sandbox.emulator import DEFAULT_TOKEN, TelegramEmulator
from bot.services import people
from bot.services.content import ContentLibrary, default_content_root, load_library

BOT_USERNAME = "ara_sandbox_bot"
JOBS_GRACE_SECONDS = 10.0
DAY_STARTS_AT = time(10, 0)  # the sandbox opens mid-morning: outside quiet hours, before the afternoon workshops


def opening_time(settings: Settings, today: datetime | None = None) -> datetime:
    """Today at 10:00 local time, in UTC: a fixed, daytime start whatever the real hour."""
    local_day = (today or datetime.now(settings.tz)).astimezone(settings.tz).date()
    return datetime.combine(local_day, DAY_STARTS_AT, tzinfo=settings.tz).astimezone(UTC)


class Sandbox:
    """Everything `ara-bot sandbox` runs, in one event loop; tests use it too."""

    def __init__(
        self,
        data_dir: Path,
        *,
        start: datetime | None = None,
        library: ContentLibrary | None = None,
        pump_interval_seconds: float = 1.0,
    ) -> None:
        self.data_dir = data_dir.resolve()
        self.settings = load_settings(
            _env_file=None,
            bot_token=DEFAULT_TOKEN,
            telegram_api_base="http://127.0.0.1:1",  # replaced once the emulator listens
            database_url=f"sqlite+aiosqlite:///{self.data_dir / 'ara.sqlite3'}",
            pump_interval_seconds=pump_interval_seconds,
            photos_dir=self.data_dir / "photos",
        )
        self.clock = FrozenClock(start or opening_time(self.settings))
        self.emulator = TelegramEmulator(bot_username=BOT_USERNAME, wall_clock=lambda: self.clock.now().timestamp())
        self.library = library or load_library(default_content_root())
        self.people: list[DemoPerson] = []
        self.bot: Bot | None = None
        self.dispatcher: Dispatcher | None = None
        self._engine: Any = None
        self._polling: asyncio.Task[None] | None = None
        self._page: web.AppRunner | None = None
        self.page_url: str | None = None

    async def __aenter__(self) -> Sandbox:
        try:
            await self.start()
        except BaseException:
            await self.stop()  # whatever had started: the emulator, the engine, polling
            raise
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    async def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        base_url = await self.emulator.start("127.0.0.1", 0)
        self.settings = self.settings.model_copy(update={"telegram_api_base": base_url})
        self._engine = create_engine(self.settings.database_url)
        await upgrade(self._engine)
        sessionmaker = create_sessionmaker(self._engine)
        self.people = await seed(
            sessionmaker,
            now=self.clock.now(),
            tz=self.settings.tz,
            invite_ttl=timedelta(days=self.settings.invite_ttl_days),
            library=self.library,
            files=self.emulator.files,
            photos_dir=self.settings.photos_dir,
        )
        for demo_person in self.people:
            self.emulator.user(demo_person.telegram_id, demo_person.name, language_code=demo_person.language_code)
        self.bot = create_bot(self.settings)
        self.dispatcher = create_dispatcher(
            self.settings, sessionmaker, clock=self.clock, storage=MemoryStorage(), library=self.library
        )
        self._polling = asyncio.create_task(self.dispatcher.start_polling(self.bot, handle_signals=False))
        await self.emulator.wait_for_call("getUpdates", timeout=30)
        # People seeded straight into the database never went through onboarding, which
        # is what gives each person the command menu of their role and language.
        async with sessionmaker() as session:
            for demo_person in self.people:
                person = await people.get_by_telegram_id(session, demo_person.telegram_id)
                if person is not None:
                    await set_person_commands(self.bot, person, self.dispatcher["i18n"])

    async def start_page(self, host: str = "127.0.0.1", port: int = 8080) -> str:
        from bot.sandbox.chat_page import create_page_app

        runner = web.AppRunner(create_page_app(self), access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        await web.TCPSite(runner, host, port).start()
        self._page = runner
        bound_host, bound_port = runner.addresses[0][:2]
        self.page_url = f"http://{bound_host}:{bound_port}"
        return self.page_url

    async def stop(self) -> None:
        if self._page is not None:
            await self._page.cleanup()
            self._page = None
        if self.dispatcher is not None and (scheduler := self.dispatcher.workflow_data.get("scheduler")):
            # APScheduler 3's AsyncIOExecutor.shutdown cancels the jobs it is running, in the
            # middle of a database transaction or a send: start no more, let those finish.
            scheduler.pause()
            await self.dispatcher["pump"].stop()
            running: set[asyncio.Future[object]] = getattr(
                scheduler._lookup_executor("default"), "_pending_futures", set()
            )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.gather(*running, return_exceptions=True), JOBS_GRACE_SECONDS)
        if self._polling is not None and self.dispatcher is not None:
            with contextlib.suppress(RuntimeError):  # polling had not started
                await self.dispatcher.stop_polling()
            await self._polling
            self._polling = None
            # aiogram does not wait for the updates it is still handling: a reply half-sent,
            # a transaction half-done. They get the same grace as the jobs.
            in_flight = set(getattr(self.dispatcher, "_handle_update_tasks", ()))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.gather(*in_flight, return_exceptions=True), JOBS_GRACE_SECONDS)
        if self.dispatcher is not None:
            await self.dispatcher.storage.close()
        if self.bot is not None:
            await self.bot.session.close()
        await self.emulator.stop()
        if self._engine is not None:
            await self._engine.dispose()

    # --- time travel -----------------------------------------------------------------------

    def travel(self, delta: timedelta) -> datetime:
        """Move the clock forward, then run every scheduled job now (pump, tips, retention…)."""
        if delta <= timedelta(0):
            raise ValueError("the sandbox clock only moves forward")
        self.clock.advance(delta)
        scheduler = self.dispatcher.workflow_data.get("scheduler") if self.dispatcher else None
        if scheduler is not None:
            for job in scheduler.get_jobs():
                job.modify(next_run_time=datetime.now(self.settings.tz))
        return self.clock.now()


async def serve(
    data_dir: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8080,
    library: ContentLibrary | None = None,
    announce: Callable[[str], None] = print,
) -> None:
    """Run the sandbox until Ctrl+C or SIGTERM, then stop in order (polling, jobs, emulator)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signal_number, stop.set)
    async with Sandbox(data_dir, library=library) as sandbox:
        url = await sandbox.start_page(host, port)
        announce(f"Sandbox ready: open {url} in a browser (Ctrl+C to stop).")
        announce(f"Data: {data_dir}  ·  sandbox time: {sandbox.clock.now():%Y-%m-%d %H:%M} UTC")
        await stop.wait()
    announce("Sandbox stopped.")
