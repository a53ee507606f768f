"""The outer middlewares: one DB session and the current Person per update,
then the locale of whoever is talking."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from datetime import datetime, timedelta
from typing import Any

from aiogram import BaseMiddleware
from aiogram.fsm.context import FSMContext
from aiogram.types import TelegramObject, Update, User
from aiogram.utils.i18n import I18n, I18nMiddleware
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.db import SessionMaker
from bot.i18n import pick_locale
from bot.logs import person_id_var
from bot.models import Person
from bot.outage import ATTEMPT_KEY, Attempt, LocaleMemory, is_outage
from bot.person_cache import PersonCache, closed, uses_a_connection
from bot.services import people

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]
PERSON_LOCALE_KEY = "person_locale"

# Whether the person of this update is a tenant whose accompaniment has ended: every screen
# that draws the main menu (handlers/ui/menus.py) then leaves out booking a home visit.
household_closed_var: ContextVar[bool] = ContextVar("household_closed", default=False)


class DbSessionMiddleware(BaseMiddleware):
    """Opens one session per update, loads the Person, commits after the handler.

    An exception rolls everything back, so a half-done change never lands. With a `cache`
    (bot/person_cache.py) the Person usually comes without a query, and the session opens a
    connection only if the handler uses it.
    """

    def __init__(
        self, sessionmaker: SessionMaker, locales: LocaleMemory | None = None, cache: PersonCache | None = None
    ) -> None:
        self.sessionmaker = sessionmaker
        self.locales = locales or LocaleMemory()
        self.cache = cache

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        attempt: Attempt = data.get(ATTEMPT_KEY) or Attempt()
        session = self.sessionmaker()
        try:
            attempt.watch(session)
            person, ended = await self._person(session, user.id) if user else (None, False)
            if person is not None and not person.active:
                person, ended = None, False  # a deactivated account is treated as a stranger
            person_id_var.set(person.id if person is not None else None)
            household_closed_var.set(ended)
            # The locale as a plain value: a rollback expires the Person, and the error handler
            # (or the outage notice) must still speak the person's language without the database.
            data[PERSON_LOCALE_KEY] = person.locale if person is not None else None
            if user is not None and person is not None:
                self.locales.remember(user.id, person.locale)
            if person is not None and _writes(event) and person.unreachable_since is not None:
                await people.mark_reachable(session, person)
                await session.commit()  # messages may go to them again, whatever the handler does
            data["session"] = session
            data["person"] = person
            result = await handler(event, data)
            if self._has_work(session):  # an update that read nothing skips the commit's round trip
                try:
                    await session.commit()
                except Exception as error:
                    if attempt.unsaved_writes or not is_outage(error):
                        raise
                    # Only reads were left to end (the handler committed its changes, or made
                    # none): nothing is lost, and the person already has their answer.
        finally:
            if self._has_work(session):  # only after an exception: roll back, give the connection back
                await session.close()
        if self.cache is not None:
            await self.cache.settle()  # a change this update made is known to every instance
        return result

    async def _person(self, session: AsyncSession, telegram_id: int) -> tuple[Person | None, bool]:
        if self.cache is not None:
            return await self.cache.lookup(session, telegram_id)
        person = await people.get_by_telegram_id(session, telegram_id)
        return person, await closed(session, person)

    def _has_work(self, session: AsyncSession) -> bool:
        """A connection was taken, or objects wait to be flushed. Otherwise committing and
        closing would only cost time (the copy from the cache, added to the session, opens a
        transaction but no connection), and the session is simply dropped."""
        if session.new or session.dirty or session.deleted:
            return True
        if self.cache is not None:  # the watched sessions note their connections
            return uses_a_connection(session)
        return session.in_transaction()


def _writes(event: TelegramObject) -> bool:
    """A message or a button press: the person is there. (Blocking the bot is an update too.)"""
    return isinstance(event, Update) and (event.message is not None or event.callback_query is not None)


class PersonLocaleMiddleware(I18nMiddleware):
    """Locale: the person's choice; during onboarding the one picked so far
    (kept in FSM data); otherwise Telegram's language when we have it."""

    ONBOARDING_LOCALE_KEY = "locale"

    def __init__(self, i18n: I18n) -> None:
        super().__init__(i18n)

    async def get_locale(self, event: TelegramObject, data: dict[str, Any]) -> str:
        locale: str | None = data.get(PERSON_LOCALE_KEY)
        if locale is not None:  # never person.locale: after a rollback the Person is expired
            return locale
        state: FSMContext | None = data.get("state")
        if state is not None:
            chosen = (await state.get_data()).get(self.ONBOARDING_LOCALE_KEY)
            if chosen:
                return chosen
        user: User | None = data.get("event_from_user")
        return pick_locale(user.language_code if user else None, self.i18n.default_locale)


# A flow whose step ends by itself after a while (a conversation with the animator goes
# quiet) stores this key, in epoch seconds, in FSM data: `expiring(now, after)`.
STATE_EXPIRES_KEY = "state_expires_at"


def expiring(now: datetime, after: timedelta) -> dict[str, float]:
    """The FSM data that makes the current step end `after` from `now`."""
    return {STATE_EXPIRES_KEY: (now + after).timestamp()}


class StateExpiryMiddleware(BaseMiddleware):
    """Ends a step past its deadline before the update is routed, so the update is handled
    as if no step were waiting (a text is a search again, not a message to the animator).

    Runs after aiogram's FSM middleware (which reads the state into `raw_state`) and before
    the routers, whose state filters read `raw_state`."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        state: FSMContext | None = data.get("state")
        clock: Clock | None = data.get("clock")
        if state is not None and clock is not None and data.get("raw_state") is not None:
            deadline = (await state.get_data()).get(STATE_EXPIRES_KEY)
            if isinstance(deadline, int | float) and clock.now().timestamp() >= deadline:
                await state.clear()
                data["raw_state"] = None
        return await handler(event, data)
