"""The outbox pump: claims due rows, sends them, records what happened.

Outcomes (ARCHITECTURE.md, "How a message flows"):
- sent → `sent`, with Telegram's message id;
- 429 beyond the limiter's own retries → back to pending after retry_after (not an attempt);
- 403 (blocked, deactivated) → the person is marked unreachable, the row `failed: blocked`;
  rows for an unreachable person fail without a call until they write again;
- recipient paused with /stop → `cancelled: paused`, without a call;
- network errors and 5xx → retried with exponential backoff, `failed` after MAX_ATTEMPTS;
- 400 and anything else → `failed` with the reason. Nothing is retried forever.
"""

from __future__ import annotations

import asyncio
import html
import logging
import re
import time
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import Message
from aiogram.utils.i18n import I18n
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.db import SessionMaker
from bot.delivery.render import Rendered, Renderer, UnknownKind, render
from bot.outage import is_outage
from bot.services import delivery
from bot.services.delivery import Claimed
from bot.timeutil import QuietHours

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BACKOFF_BASE = timedelta(seconds=10)
BACKOFF_CAP = timedelta(minutes=30)
CAPTION_LIMIT = 1024  # Telegram's, counted after HTML parsing, in UTF-16 code units

# What a feature records once one of its messages is out (e.g. a relayed message delivered).
SentHook = Callable[[AsyncSession, Claimed, datetime], Awaitable[None]]
# What a kind reads again just before it is written (a message held by quiet hours may be hours
# old): the row with fresh params, or None when it has no point any more (cancelled, not sent).
PrepareHook = Callable[[AsyncSession, Claimed, datetime], Awaitable[Claimed | None]]

_TAG = re.compile(r"<[^>]+>")


def visible_length(text: str) -> int:
    """The length Telegram counts: tags removed, entities decoded, UTF-16 code units."""
    return len(html.unescape(_TAG.sub("", text)).encode("utf-16-le")) // 2


class Pump:
    def __init__(
        self,
        bot: Bot,
        sessionmaker: SessionMaker,
        clock: Clock,
        i18n: I18n,
        *,
        quiet_hours: QuietHours,
        tz: ZoneInfo,
        renderers: Mapping[str, Renderer],
        on_sent: Mapping[str, SentHook] | None = None,
        prepare: Mapping[str, PrepareHook] | None = None,
        concurrency: int = 8,
        lease: timedelta = timedelta(minutes=2),
    ) -> None:
        self.bot = bot
        self.sessionmaker = sessionmaker
        self.clock = clock
        self.i18n = i18n
        self.quiet_hours = quiet_hours
        self.tz = tz
        self.renderers = renderers
        self.on_sent = on_sent or {}
        self.prepare = prepare or {}
        # How many messages may be on the wire at once. It bounds the duplicates a
        # crash can cause: only a message Telegram accepted but we had not recorded.
        self.concurrency = concurrency
        # A row 'sending' for longer than this belonged to a process that died.
        self.lease = lease
        self._lock = asyncio.Lock()
        self._stopping = False
        # When the pump last showed it was working (monotonic seconds): /healthz reads it.
        self.last_tick = time.monotonic()

    async def stop(self) -> None:
        """Finish the batch on the wire (so it is recorded), claim nothing more."""
        self._stopping = True
        async with self._lock:
            pass

    @property
    def busy(self) -> bool:
        return self._lock.locked()

    async def run_once(self) -> int:
        """Send everything due now; returns how many rows were handled."""
        async with self._lock:  # one cycle at a time per process
            handled = 0
            released_at = None
            while not self._stopping:
                self.last_tick = time.monotonic()
                now = self.clock.now()
                # Within long cycles too (a big broadcast runs for minutes): rows left by a
                # crashed process come back soon after their lease, not after the whole outbox.
                if released_at is None or now - released_at >= self.lease / 4:
                    async with self.sessionmaker() as session:
                        await delivery.release_stale(session, now=now, lease=self.lease)
                    released_at = now
                urgent_only = self.quiet_hours.contains(now, self.tz)
                async with self.sessionmaker() as session:
                    rows = await delivery.claim_due(session, now=now, limit=self.concurrency, urgent_only=urgent_only)
                if not rows:
                    self.last_tick = time.monotonic()
                    return handled
                await asyncio.gather(*(self._deliver(row) for row in rows))
                handled += len(rows)
            return handled

    async def _deliver(self, row: Claimed) -> None:
        async with self.sessionmaker() as session:
            if row.paused:
                # /stop means nothing proactive at all, and nothing saved up for later either.
                await delivery.record_cancelled(session, row.id, reason=delivery.PAUSED)
                return
            if row.unreachable:
                await delivery.record_failed(session, row.id, error=delivery.UNREACHABLE)
                return
            try:
                if (prepare := self.prepare.get(row.kind)) is not None:
                    fresh = await prepare(session, row, self.clock.now())
                    if fresh is None:  # its point is gone (a visit cancelled, already started…)
                        await delivery.record_cancelled(session, row.id, reason=delivery.OUTDATED)
                        return
                    row = fresh
                with self.i18n.context(), self.i18n.use_locale(row.locale):
                    rendered = render(row, self.renderers)
                message = await self._send(row.chat_id, rendered)
            except TelegramRetryAfter as error:
                due = self.clock.now() + timedelta(seconds=error.retry_after)
                await delivery.record_retry(session, row.id, due_at=due, error="429", count_attempt=False)
            except TelegramForbiddenError as error:
                await delivery.mark_unreachable(session, row.recipient_id, now=self.clock.now())
                await delivery.record_failed(session, row.id, error=delivery.BLOCKED)
                logger.info("outbox %s: recipient %s unreachable (%s)", row.id, row.recipient_id, error.message)
            except (TelegramNetworkError, TelegramServerError) as error:
                await self._retry_later(session, row, f"{type(error).__name__}: {error.message}")
            except TelegramBadRequest as error:
                await delivery.record_failed(session, row.id, error=error.message)
                logger.warning("outbox %s (%s) refused: %s", row.id, row.kind, error.message)
            except (UnknownKind, ValueError) as error:
                await delivery.record_failed(session, row.id, error=str(error))
                logger.error("outbox %s (%s) could not be rendered: %s", row.id, row.kind, error)
            else:
                try:
                    await self._record_sent(session, row, message.message_id)
                except Exception as error:
                    if not is_outage(error):
                        raise
                    await self._record_sent_once_back(row, message.message_id)

    async def _record_sent(self, session: AsyncSession, row: Claimed, telegram_message_id: int) -> None:
        await delivery.record_sent(session, row.id, telegram_message_id=telegram_message_id, now=self.clock.now())
        if (hook := self.on_sent.get(row.kind)) is not None:
            await hook(session, row, self.clock.now())

    async def _record_sent_once_back(self, row: Claimed, telegram_message_id: int) -> None:
        """Sent, but the database went away before it was recorded: record it as soon as the
        database is back (within half the lease), else the lease would send it a second time."""
        deadline = time.monotonic() + self.lease.total_seconds() / 2
        pause = 0.5
        while True:
            await asyncio.sleep(pause)
            try:
                async with self.sessionmaker() as session:
                    await self._record_sent(session, row, telegram_message_id)
                return
            except Exception as error:
                if not is_outage(error) or time.monotonic() + pause > deadline:
                    raise
                pause = min(pause * 2, 5.0)

    async def _send(self, chat_id: int, rendered: Rendered) -> Message:
        """A text, or a photo or voice note by file_id with the text as its caption.

        A caption longer than Telegram allows goes as a text message right after the
        file, carrying the buttons (a crash between the two sends the file again).
        """
        if rendered.photo is None and rendered.voice is None:
            return await self.bot.send_message(chat_id, rendered.text, reply_markup=rendered.reply_markup)
        fits = visible_length(rendered.text) <= CAPTION_LIMIT
        caption = rendered.text if fits else None
        markup = rendered.reply_markup if fits else None
        if rendered.photo is not None:
            sent = await self.bot.send_photo(chat_id, rendered.photo, caption=caption, reply_markup=markup)
        else:
            sent = await self.bot.send_voice(chat_id, rendered.voice or "", caption=caption, reply_markup=markup)
        if fits:
            return sent
        return await self.bot.send_message(chat_id, rendered.text, reply_markup=rendered.reply_markup)

    async def _retry_later(self, session: AsyncSession, row: Claimed, error: str) -> None:
        if row.attempts >= MAX_ATTEMPTS:
            await delivery.record_failed(session, row.id, error=f"gave up after {row.attempts} attempts: {error}")
            return
        delay = min(BACKOFF_BASE * 2 ** (row.attempts - 1), BACKOFF_CAP)
        await delivery.record_retry(session, row.id, due_at=self.clock.now() + delay, error=error)
