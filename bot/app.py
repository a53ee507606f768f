"""Factories for the bot and the dispatcher, and the run mode.

Nothing is built at import time: production and every test call the same
create_dispatcher(), each getting fresh routers and middlewares.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from datetime import timedelta

from aiogram import Bot, Dispatcher, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseStorage
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.utils.callback_answer import CallbackAnswerMiddleware
from aiogram.utils.i18n import I18n
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web

from bot.clock import Clock, SystemClock
from bot.commands import set_default_commands
from bot.config import Settings
from bot.db import SessionMaker, create_engine, create_sessionmaker, upgrade
from bot.delivery.limiter import TelegramRateLimiter
from bot.delivery.middleware import RateLimitMiddleware
from bot.delivery.progress import ProgressUpdater
from bot.delivery.pump import Pump
from bot.delivery.response_types import KeepResponseTypes
from bot.filters import unguarded_handlers
from bot.i18n import create_i18n
from bot.middlewares import DbSessionMiddleware, PersonLocaleMiddleware
from bot.scheduler import RetentionJob, VisitDigest, WeeklyTips, create_scheduler
from bot.services.content import ContentLibrary, default_content_root, load_library
from bot.throttling import FloodMiddleware
from handlers import get_renderers, get_routers
from handlers.announcements import progress_text
from handlers.errors import on_error

logger = logging.getLogger(__name__)


def create_bot(settings: Settings, limiter: TelegramRateLimiter | None = None) -> Bot:
    """The bot, with every sending call paced by one limiter (replies and the pump share it)."""
    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_base))
    limiter = limiter or TelegramRateLimiter(settings.broadcast_rate, settings.chat_burst)
    session.middleware(KeepResponseTypes())
    session.middleware(RateLimitMiddleware(limiter))
    return Bot(settings.bot_token, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))


def create_storage(settings: Settings) -> BaseStorage:
    if settings.redis_url:
        from aiogram.fsm.storage.redis import RedisStorage

        return RedisStorage.from_url(settings.redis_url)
    return MemoryStorage()


def lockout_secret(settings: Settings) -> bytes:
    # Derived from the token: stable across restarts, secret, no extra setting to lose.
    return hashlib.sha256(b"ara-lockout:" + settings.bot_token.encode()).digest()


def create_dispatcher(
    settings: Settings,
    sessionmaker: SessionMaker,
    *,
    clock: Clock | None = None,
    storage: BaseStorage | None = None,
    i18n: I18n | None = None,
    routers: list[Router] | None = None,
    run_scheduler: bool = True,
    library: ContentLibrary | None = None,
) -> Dispatcher:
    """`library`: the tutorials and tips, loaded (and validated) once; loaded here if not given."""
    i18n = i18n or create_i18n(settings.default_locale)
    library = library or load_library(default_content_root())
    dispatcher = Dispatcher(
        storage=storage or create_storage(settings),
        settings=settings,
        sessionmaker=sessionmaker,
        clock=clock or SystemClock(),
        lockout_secret=lockout_secret(settings),
        i18n=i18n,
        library=library,
    )
    # Flood control first: a flooding account costs no database work.
    dispatcher.update.outer_middleware(
        FloodMiddleware(settings.flood_max_updates, settings.flood_window_seconds, i18n)
    )
    dispatcher.update.outer_middleware(DbSessionMiddleware(sessionmaker))
    PersonLocaleMiddleware(i18n).setup(dispatcher)
    # Every button press is answered, even when a handler forgets or fails.
    dispatcher.callback_query.middleware(CallbackAnswerMiddleware())
    dispatcher.errors.register(on_error)
    routers = routers if routers is not None else get_routers()
    if unguarded := unguarded_handlers(routers):
        raise RuntimeError("handlers without a role rule (bot/filters.py ROLE_RULES): " + "; ".join(unguarded))
    dispatcher.include_routers(*routers)
    dispatcher.startup.register(_on_startup)
    if run_scheduler:
        dispatcher.startup.register(_start_delivery)
        dispatcher.shutdown.register(_stop_delivery)
    return dispatcher


async def _on_startup(bot: Bot, i18n: I18n) -> None:
    await set_default_commands(bot, i18n)
    me = await bot.me()
    logger.info("bot @%s started", me.username)


def create_pump(
    bot: Bot, settings: Settings, sessionmaker: SessionMaker, clock: Clock, i18n: I18n, library: ContentLibrary
) -> Pump:
    return Pump(
        bot,
        sessionmaker,
        clock,
        i18n,
        quiet_hours=settings.quiet,
        tz=settings.tz,
        renderers=get_renderers(library, settings.tz),
        lease=timedelta(seconds=settings.outbox_lease_seconds),
    )


async def _start_delivery(
    bot: Bot,
    dispatcher: Dispatcher,
    settings: Settings,
    sessionmaker: SessionMaker,
    clock: Clock,
    i18n: I18n,
    library: ContentLibrary,
) -> None:
    pump = create_pump(bot, settings, sessionmaker, clock, i18n, library)
    progress = ProgressUpdater(bot, sessionmaker, clock, i18n, progress_text)
    weekly_tips = WeeklyTips(sessionmaker, library, clock, settings.tz)
    retention_job = RetentionJob(sessionmaker, clock, settings.retention_months)
    visit_digest = VisitDigest(sessionmaker, clock, settings.tz)
    scheduler = create_scheduler(settings, pump, progress, weekly_tips, retention_job, visit_digest)
    scheduler.start()
    dispatcher["pump"], dispatcher["scheduler"] = pump, scheduler


async def _stop_delivery(dispatcher: Dispatcher) -> None:
    scheduler = dispatcher.workflow_data.pop("scheduler", None)
    if scheduler is not None:
        scheduler.shutdown(wait=False)
    pump = dispatcher.workflow_data.pop("pump", None)
    if pump is not None:
        await pump.stop()


async def run_polling(settings: Settings, library: ContentLibrary) -> None:
    engine = create_engine(settings.database_url)
    await upgrade(engine)
    bot = create_bot(settings)
    dispatcher = create_dispatcher(settings, create_sessionmaker(engine), library=library)
    try:
        await bot.delete_webhook(drop_pending_updates=False)
        await dispatcher.start_polling(bot)
    finally:
        await dispatcher.storage.close()
        await engine.dispose()


WEBHOOK_PATH = "/telegram"


def create_webhook_app(settings: Settings, bot: Bot, dispatcher: Dispatcher) -> web.Application:
    """The aiohttp app Telegram posts to. A request without the right
    X-Telegram-Bot-Api-Secret-Token header is refused (aiogram answers 401)."""
    if not settings.webhook_secret:
        raise ValueError("WEBHOOK_SECRET is required in webhook mode")
    app = web.Application()
    SimpleRequestHandler(dispatcher, bot, secret_token=settings.webhook_secret).register(app, path=WEBHOOK_PATH)
    setup_application(app, dispatcher, bot=bot)
    return app


async def run_webhook(settings: Settings, library: ContentLibrary) -> None:
    engine = create_engine(settings.database_url)
    await upgrade(engine)
    bot = create_bot(settings)
    dispatcher = create_dispatcher(settings, create_sessionmaker(engine), library=library)
    app = create_webhook_app(settings, bot, dispatcher)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, settings.webhook_host, settings.webhook_port)
    try:
        await site.start()
        await bot.set_webhook(
            f"{settings.webhook_url}{WEBHOOK_PATH}" if settings.webhook_url else "",
            secret_token=settings.webhook_secret,
            allowed_updates=dispatcher.resolve_used_update_types(),
        )
        logger.info("webhook mode: listening on %s:%s%s", settings.webhook_host, settings.webhook_port, WEBHOOK_PATH)
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
        await dispatcher.storage.close()
        await engine.dispose()
