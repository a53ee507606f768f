"""Factories for the bot and the dispatcher, and the run mode.

Nothing is built at import time: production and every test call the same
create_dispatcher(), each getting fresh routers and middlewares.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import signal
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from aiogram import BaseMiddleware, Bot, Dispatcher, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage, StorageKey
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.types import TelegramObject, Update
from aiogram.utils.i18n import I18n
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web

from bot.clock import Clock, SystemClock
from bot.commands import set_default_commands
from bot.config import Settings
from bot.db import SessionMaker, create_engine, create_sessionmaker, upgrade_if_needed
from bot.dedup import DeduplicateUpdatesMiddleware, MemorySeenUpdates, RedisSeenUpdates
from bot.delivery.limiter import TelegramRateLimiter
from bot.delivery.middleware import RateLimitMiddleware
from bot.delivery.progress import ProgressUpdater
from bot.delivery.pump import Pump
from bot.delivery.response_types import KeepResponseTypes
from bot.filters import unguarded_handlers
from bot.health import HealthCheck, add_health_route
from bot.i18n import create_i18n
from bot.logs import UpdateContextMiddleware, track_flows
from bot.middlewares import DbSessionMiddleware, PersonLocaleMiddleware, StateExpiryMiddleware
from bot.outage import AnsweredPresses, AnswerPressOnce, DatabaseOutageMiddleware, LocaleMemory
from bot.person_cache import PersonCache, shared_version
from bot.scheduler import RetentionJob, VisitDigest, WeeklyTips, create_scheduler
from bot.services.content import ContentLibrary, default_content_root, load_library
from bot.throttling import FloodMiddleware
from handlers import get_prepare_hooks, get_renderers, get_routers, get_sent_hooks
from handlers.errors import on_error
from handlers.ui.progress import held_until, progress_screen

if TYPE_CHECKING:
    from redis.asyncio import Redis

logger = logging.getLogger(__name__)


def create_bot(settings: Settings, limiter: TelegramRateLimiter | None = None) -> Bot:
    """The bot, with every sending call paced by one limiter (replies and the pump share it)."""
    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_base))
    limiter = limiter or TelegramRateLimiter(settings.broadcast_rate, settings.chat_burst)
    session.middleware(KeepResponseTypes())
    session.middleware(RateLimitMiddleware(limiter))
    return Bot(settings.bot_token, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))


# A conversation left half-way (a draft announcement, a workshop being created) is forgotten
# after this long in Redis, rather than kept for ever.
CONVERSATION_TTL = timedelta(days=7)


def create_storage(settings: Settings) -> BaseStorage:
    if settings.redis_url:
        # Imported only when used: the redis client costs a single-machine bot ~6 MiB of idle memory.
        from aiogram.fsm.storage.redis import RedisStorage

        return RedisStorage.from_url(settings.redis_url, state_ttl=CONVERSATION_TTL, data_ttl=CONVERSATION_TTL)
    return MemoryStorage()


def _shared_redis(storage: BaseStorage) -> Redis | None:
    """The Redis client when the FSM storage is Redis (several instances may share it), else None.
    Read by attribute, so that checking does not import the redis client."""
    return getattr(storage, "redis", None)


class ChatIsolation(BaseEventIsolation):
    """One chat's updates one at a time in this process (aiogram's SimpleEventIsolation, whose
    locks are never freed; these go when nobody holds or awaits them). A person's next update
    starts after the previous one committed: a language or a role they just changed is read
    back, from the person cache too (bot/person_cache.py), never the copy from before."""

    def __init__(self) -> None:
        self._locks: dict[Hashable, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncIterator[None]:
        lock, users = self._locks.get(key, (None, 0))
        lock = lock or asyncio.Lock()
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users > 1:
                self._locks[key] = (lock, users - 1)
            else:
                del self._locks[key]

    @property
    def busy(self) -> bool:
        """Whether an update holds or awaits a chat's lock."""
        return bool(self._locks)

    async def close(self) -> None:
        self._locks.clear()


def _event_isolation(redis: Redis | None) -> BaseEventIsolation:
    if redis is None:
        return ChatIsolation()
    from aiogram.fsm.storage.redis import RedisEventIsolation

    return RedisEventIsolation(redis)


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
    storage = storage or create_storage(settings)
    in_flight = InFlightUpdates()
    redis = _shared_redis(storage)  # several instances may share this Redis
    locales, presses = LocaleMemory(), AnsweredPresses()
    dispatcher = Dispatcher(
        storage=storage,
        # One chat's updates one at a time (on every instance with Redis): its FSM state is read,
        # then written, and a double tap must not run one change twice at once.
        events_isolation=_event_isolation(redis),
        settings=settings,
        in_flight=in_flight,
        locales=locales,
        sessionmaker=sessionmaker,
        clock=clock or SystemClock(),
        lockout_secret=lockout_secret(settings),
        i18n=i18n,
        library=library,
    )
    dispatcher.update.outer_middleware(UpdateContextMiddleware())  # update id on every log line
    dispatcher.update.outer_middleware(in_flight)
    seen = RedisSeenUpdates(redis) if redis is not None else MemorySeenUpdates()
    dispatcher.update.outer_middleware(DeduplicateUpdatesMiddleware(seen))
    # Flood control before the database: a flooding account costs no database work.
    dispatcher.update.outer_middleware(FloodMiddleware(settings.flood_max_updates, settings.flood_window_seconds, i18n))
    # The database unreachable: the person is told, the update runs again once it is back.
    outage = DatabaseOutageMiddleware(i18n, locales, presses, settings.db_retry_seconds)
    dispatcher["outage"] = outage
    dispatcher.update.outer_middleware(outage)
    # The person of each update without a query while nobody changed anyone (bot/person_cache.py).
    person_cache = PersonCache(shared_version(settings, redis))
    if sessionmaker is not None:
        person_cache.watch(sessionmaker)
    dispatcher["person_cache"] = person_cache
    dispatcher.update.outer_middleware(DbSessionMiddleware(sessionmaker, locales, person_cache))
    dispatcher.update.outer_middleware(StateExpiryMiddleware())  # a step past its deadline ends first
    PersonLocaleMiddleware(i18n).setup(dispatcher)
    # Every button press is answered (once), even when a handler forgets or fails.
    dispatcher.callback_query.middleware(AnswerPressOnce(presses))
    dispatcher.errors.register(on_error)
    routers = routers if routers is not None else get_routers()
    if unguarded := unguarded_handlers(routers):
        raise RuntimeError("handlers without a role rule (bot/filters.py ROLE_RULES): " + "; ".join(unguarded))
    dispatcher.include_routers(*routers)
    track_flows(dispatcher)
    dispatcher.startup.register(_on_startup)
    if run_scheduler:
        dispatcher.startup.register(_start_delivery)
    dispatcher.shutdown.register(_finish_work)
    return dispatcher


class InFlightUpdates(BaseMiddleware):
    """Counts the updates being handled, so a shutdown can wait for them."""

    def __init__(self) -> None:
        self.count = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        self.count += 1
        self._idle.clear()
        try:
            return await handler(event, data)
        finally:
            self.count -= 1
            if self.count == 0:
                self._idle.set()

    async def wait_idle(self) -> None:
        await self._idle.wait()


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
        on_sent=get_sent_hooks(),
        prepare=get_prepare_hooks(),
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
    progress = ProgressUpdater(
        bot,
        sessionmaker,
        clock,
        i18n,
        lambda shown, now: progress_screen(shown, held_until(settings, now), settings.tz),
    )
    weekly_tips = WeeklyTips(sessionmaker, library, clock, settings.tz)
    retention_job = RetentionJob(sessionmaker, clock, settings.retention_months)
    visit_digest = VisitDigest(sessionmaker, clock, settings.tz)
    scheduler = create_scheduler(settings, pump, progress, weekly_tips, retention_job, visit_digest)
    scheduler.start()
    dispatcher["pump"], dispatcher["scheduler"] = pump, scheduler


async def _finish_work(dispatcher: Dispatcher, settings: Settings) -> None:
    """Shutdown, after updates stopped coming: no new pump cycle, the updates being handled
    finish, then the messages on the wire are sent and recorded. Each wait is bounded by
    SHUTDOWN_TIMEOUT_SECONDS; a send cut short stays 'sending' and another instance (or this
    one, restarted) sends it once its OUTBOX_LEASE_SECONDS have passed."""
    scheduler = dispatcher.workflow_data.pop("scheduler", None)
    if scheduler is not None:
        # Pause, not shut down yet: APScheduler's shutdown cancels the jobs running now,
        # which would cut the pump's batch off mid-send.
        scheduler.pause()
    timeout = settings.shutdown_timeout_seconds
    in_flight: InFlightUpdates = dispatcher["in_flight"]
    try:
        async with asyncio.timeout(timeout):
            await in_flight.wait_idle()
    except TimeoutError:
        logger.warning("shutdown: %s update(s) still being handled after %ss, abandoned", in_flight.count, timeout)
    pump: Pump | None = dispatcher.workflow_data.pop("pump", None)
    if pump is not None:
        try:
            async with asyncio.timeout(timeout):
                await pump.stop()
        except TimeoutError:
            logger.warning("shutdown: sends still on the wire after %ss; they go again after the lease", timeout)
    if scheduler is not None:
        scheduler.shutdown(wait=False)
    logger.info("shutdown: work finished")


WEBHOOK_PATH = "/telegram"


class WebhookHandler(SimpleRequestHandler):
    """aiogram's handler, answering 400 to a body that is not a Telegram update (malformed JSON,
    or JSON that is no update), where aiogram's would answer 500 or fail in the background."""

    async def handle(self, request: web.Request) -> web.Response:
        bot = await self.resolve_bot(request)
        if not self.verify_secret(request.headers.get("X-Telegram-Bot-Api-Secret-Token", ""), bot):
            return web.Response(body="Unauthorized", status=401)
        try:  # the body is kept by aiohttp: aiogram reads it again below
            Update.model_validate(bot.session.json_loads(await request.text()), context={"bot": bot})
        except ValueError:  # json's JSONDecodeError, pydantic's ValidationError, a bad encoding
            logger.warning("webhook: a request that is not an update was refused (400)")
            return web.Response(status=400, text="Bad Request")
        return await super().handle(request)

    __call__ = handle


def create_webhook_app(
    settings: Settings, bot: Bot, dispatcher: Dispatcher, health: HealthCheck | None = None
) -> web.Application:
    """The aiohttp app Telegram posts to (and /healthz). A request without the right
    X-Telegram-Bot-Api-Secret-Token header is refused (aiogram answers 401).

    The update is answered at once and handled in the background (Telegram does not wait
    for our replies). The route is added by hand rather than with aiogram's register():
    that one closes the bot's HTTP session when the server stops, before the pump could
    finish its sends (BotService.stop orders the shutdown instead)."""
    if not settings.webhook_secret:
        raise ValueError("WEBHOOK_SECRET is required in webhook mode")
    app = web.Application()
    handler = WebhookHandler(dispatcher, bot, secret_token=settings.webhook_secret)
    app.router.add_post(WEBHOOK_PATH, handler.handle)
    if health is not None:
        add_health_route(app, health)
    return app


class BotService:
    """One running instance: the database, the bot, its dispatcher and scheduler, and its HTTP
    server (the webhook and /healthz, or /healthz alone when polling with HEALTH_PORT set).

    Several instances may run at once against the same PostgreSQL and Redis (README, "Running
    several instances"). `ara-bot run` starts one and stops it on SIGTERM; tests start several."""

    def __init__(
        self, settings: Settings, library: ContentLibrary, *, webhook: bool | None = None, clock: Clock | None = None
    ) -> None:
        self.settings = settings
        self.library = library
        self.webhook = bool(settings.webhook_url) if webhook is None else webhook
        self.clock = clock or SystemClock()
        self._polling: asyncio.Task[None] | None = None
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        settings = self.settings
        self.engine = create_engine(settings.database_url)
        await upgrade_if_needed(self.engine)
        self.sessionmaker = create_sessionmaker(self.engine)
        self.bot = create_bot(settings)
        self.dispatcher = create_dispatcher(settings, self.sessionmaker, clock=self.clock, library=self.library)
        self.health = HealthCheck(self.sessionmaker, self.clock, settings.pump_interval_seconds)
        if self.webhook:
            await self.dispatcher.emit_startup(bot=self.bot, bots=[self.bot], **self._workflow_data())
            self.health.pump = self.dispatcher.workflow_data.get("pump")
            app = create_webhook_app(settings, self.bot, self.dispatcher, self.health)
            await self._serve(app, settings.webhook_host, settings.webhook_port)
            await self.bot.set_webhook(
                f"{settings.webhook_url}{WEBHOOK_PATH}",
                secret_token=settings.webhook_secret,
                allowed_updates=self.dispatcher.resolve_used_update_types(),
            )
            logger.info(
                "webhook mode: listening on %s:%s%s", settings.webhook_host, settings.webhook_port, WEBHOOK_PATH
            )
            return
        await self.bot.delete_webhook(drop_pending_updates=False)
        started = asyncio.Event()
        self.dispatcher.startup.register(started.set)
        self._polling = asyncio.create_task(
            self.dispatcher.start_polling(self.bot, handle_signals=False, close_bot_session=False)
        )
        startup = asyncio.create_task(started.wait())
        await asyncio.wait([startup, self._polling], return_when=asyncio.FIRST_COMPLETED)
        if self._polling.done():
            startup.cancel()
            self._polling.result()  # start-up failed: raise its error
        self.health.pump = self.dispatcher.workflow_data.get("pump")
        if settings.health_port is not None:
            app = web.Application()
            add_health_route(app, self.health)
            await self._serve(app, settings.health_host, settings.health_port)
            logger.info("health check on %s:%s/healthz", settings.health_host, settings.health_port)

    def _workflow_data(self) -> dict[str, object]:
        return {"dispatcher": self.dispatcher, **self.dispatcher.workflow_data}

    async def _serve(self, app: web.Application, host: str, port: int) -> None:
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, port).start()

    async def wait(self, stop: asyncio.Event) -> None:
        """Until `stop` is set or polling ends by itself (a fatal error, raised here)."""
        waiters: list[asyncio.Task[object]] = [asyncio.create_task(stop.wait())]
        if self._polling is not None:
            waiters.append(self._polling)
        done, _ = await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
        waiters[0].cancel()
        if self._polling is not None and self._polling in done:
            self._polling.result()

    async def stop(self) -> None:
        """Stop taking updates, let the work in hand finish (bounded), then close everything."""
        logger.info("shutdown: no more updates")
        try:
            if self._polling is not None:
                # start_polling's own shutdown runs _finish_work before returning.
                await self.dispatcher.stop_polling()
                await self._polling
                if self._runner is not None:
                    await self._runner.cleanup()
            else:
                if self._runner is not None:
                    await self._runner.cleanup()  # refuses new requests, waits for the ones being read
                await self.dispatcher.emit_shutdown(bot=self.bot, bots=[self.bot], **self._workflow_data())
        finally:
            await self.bot.session.close()
            await self.dispatcher.storage.close()
            await self.engine.dispose()
        logger.info("shutdown: done")


async def run(settings: Settings, library: ContentLibrary, *, webhook: bool | None = None) -> None:
    """`ara-bot run`: one instance until SIGTERM or SIGINT, then a graceful shutdown."""
    service = BotService(settings, library, webhook=webhook)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await service.start()
    try:
        await service.wait(stop)
    finally:
        await service.stop()
