"""When the database is unreachable (PostgreSQL restarting, connections cut, SQLite locked
for long): nobody's message is lost without a word.

The update is handled inside one transaction, so a failure rolls back everything it did:
running it again is safe. DatabaseOutageMiddleware, just outside the per-update session,
catches a database that cannot be reached, tells the person at once, in their language and
without the database (the locale remembered from their last update, or Telegram's), that
their message is kept, restores the step of the conversation they were at (the handler may
have moved it before the commit failed), and runs the update again with a growing pause
until it goes through. If the database is still away after `retry_seconds`, they are asked
to send it again. One chat's updates are handled one at a time (SimpleEventIsolation or
Redis's), so the messages written during an outage are handled in the order they came.

Errors the person could cause, or bugs (an integrity error, a programming error), are not
outages: they go to the error handler as before.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, TelegramObject, Update, User
from aiogram.utils.callback_answer import CallbackAnswer, CallbackAnswerMiddleware
from aiogram.utils.i18n import I18n
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm import ORMExecuteState
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import pick_locale

logger = logging.getLogger(__name__)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]

MAX_REMEMBERED = 10_000
FIRST_PAUSE_SECONDS = 0.5
LONGEST_PAUSE_SECONDS = 5.0


class LocaleMemory:
    """The language of the people seen lately (Telegram id → locale), kept in memory so that
    a person is answered in their language when the database cannot say it."""

    def __init__(self, limit: int = MAX_REMEMBERED) -> None:
        self.limit = limit
        self._locales: OrderedDict[int, str] = OrderedDict()

    def remember(self, telegram_id: int, locale: str) -> None:
        self._locales.pop(telegram_id, None)
        self._locales[telegram_id] = locale
        while len(self._locales) > self.limit:
            self._locales.popitem(last=False)

    def locale_of(self, user: User, default: str) -> str:
        return self._locales.get(user.id) or pick_locale(user.language_code, default)


def is_outage(error: BaseException) -> bool:
    """The database could not be reached or dropped the connection (not a refused statement)."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, DBAPIError) and current.connection_invalidated:
            return True
        if isinstance(current, OperationalError | InterfaceError | PoolTimeoutError | ConnectionError):
            return True
        if isinstance(current, OSError) and not isinstance(current, FileNotFoundError):
            return True
        if type(current).__module__.startswith("asyncpg") and type(current).__name__ in _ASYNCPG_OUTAGES:
            return True
        current = current.__cause__ or current.__context__
    return False


# asyncpg's names for "the server went away", checked by name: asyncpg is imported only on PostgreSQL.
_ASYNCPG_OUTAGES = frozenset(
    {
        "ConnectionDoesNotExistError",
        "ConnectionFailureError",
        "CannotConnectNowError",
        "AdminShutdownError",
        "CrashShutdownError",
        "TooManyConnectionsError",
        "InterfaceError",
        "InternalClientError",
    }
)


class Attempt:
    """What one run of an update did to the database (kept by DbSessionMiddleware's session)."""

    def __init__(self) -> None:
        self.unsaved_writes = False  # changes sent since the last commit: lost if it fails
        self.saved = False  # a commit with changes went through: running again would do them twice

    def watch(self, session: AsyncSession) -> None:
        sync = session.sync_session
        event.listen(sync, "after_flush", self._wrote)
        event.listen(sync, "do_orm_execute", self._executed)
        event.listen(sync, "after_commit", self._committed)

    def _wrote(self, *_args: object) -> None:
        self.unsaved_writes = True

    def _executed(self, state: ORMExecuteState) -> None:
        if state.is_insert or state.is_update or state.is_delete:
            self.unsaved_writes = True

    def _committed(self, _session: object) -> None:
        if self.unsaved_writes:
            self.saved, self.unsaved_writes = True, False


ATTEMPT_KEY = "db_attempt"


class DatabaseOutageMiddleware(BaseMiddleware):
    def __init__(self, i18n: I18n, locales: LocaleMemory, presses: AnsweredPresses, retry_seconds: float) -> None:
        self.i18n = i18n
        self.locales = locales
        self.presses = presses
        self.retry_seconds = retry_seconds
        self.outages = 0  # updates that met an outage (read by tests and /healthz-style probes)
        self.recovered = 0
        self.given_up = 0

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        if not isinstance(event, Update):
            return await handler(event, data)
        state: FSMContext | None = data.get("state")
        saved = (await state.get_state(), await state.get_data()) if state is not None else None
        loop = asyncio.get_running_loop()
        deadline: float | None = None
        pause = FIRST_PAUSE_SECONDS
        while True:
            attempt = data[ATTEMPT_KEY] = Attempt()
            try:
                result = await handler(event, data)
            except Exception as error:
                if not is_outage(error) or attempt.saved:
                    raise  # a bug, or work that already landed (and was answered): the apology
                if deadline is None:
                    deadline = loop.time() + self.retry_seconds
                    self.outages += 1
                    logger.warning("update %s: database unreachable (%s), kept to retry", event.update_id, _kind(error))
                    await self._tell(event, data, kept=True)
                if state is not None and saved is not None:
                    await state.set_state(saved[0])
                    await state.set_data(saved[1])
                if loop.time() + pause > deadline:
                    self.given_up += 1
                    logger.error(
                        "update %s: database still unreachable after %ss, given up", event.update_id, self.retry_seconds
                    )
                    await self._tell(event, data, kept=False)
                    return None
                await asyncio.sleep(pause)
                pause = min(pause * 2, LONGEST_PAUSE_SECONDS)
                continue
            if deadline is not None:
                self.recovered += 1
                logger.info("update %s: handled after the database came back", event.update_id)
            return result

    async def _tell(self, update: Update, data: dict[str, Any], *, kept: bool) -> None:
        user: User | None = data.get("event_from_user")
        bot: Bot | None = data.get("bot")
        if user is None or bot is None:
            return
        with self.i18n.context(), self.i18n.use_locale(self.locales.locale_of(user, self.i18n.default_locale)):
            if kept:
                text = self.i18n.gettext(
                    "⏳ We have a technical problem right now. What you sent is kept and will be handled "
                    "in a moment: no need to send it again."
                )
            else:
                text = self.i18n.gettext(
                    "Sorry, we could not handle what you sent because of a technical problem. "
                    "Please send it again in a few minutes."
                )
        try:
            press = update.callback_query
            if kept and press is not None and press not in self.presses:
                self.presses.add(press)
                await press.answer()
            await bot.send_message(user.id, text)
        except TelegramAPIError:
            logger.warning("update %s: could not tell about the outage", update.update_id, exc_info=True)


def _kind(error: BaseException) -> str:
    """The error's class only: its text may carry a statement's values."""
    return type(error).__name__


class AnsweredPresses:
    """The button presses already answered (Telegram refuses a second answer)."""

    def __init__(self, limit: int = MAX_REMEMBERED) -> None:
        self.limit = limit
        self._ids: OrderedDict[str, None] = OrderedDict()

    def __contains__(self, query: CallbackQuery) -> bool:
        return query.id in self._ids

    def add(self, query: CallbackQuery) -> None:
        self._ids[query.id] = None
        while len(self._ids) > self.limit:
            self._ids.popitem(last=False)


class AnswerPressOnce(CallbackAnswerMiddleware):
    """aiogram's CallbackAnswerMiddleware (every press is answered, even when the handler
    fails), answering each press once: an update run again after an outage does not answer
    it a second time."""

    def __init__(self, answered: AnsweredPresses) -> None:
        super().__init__()
        self.presses = answered

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        if not isinstance(event, CallbackQuery):
            return await handler(event, data)
        if event in self.presses:
            data["callback_answer"] = CallbackAnswer(answered=False, disabled=True)
            return await handler(event, data)
        self.presses.add(event)  # answered by the parent's `finally`, whatever happens
        return await super().__call__(handler, event, data)
