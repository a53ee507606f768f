"""The database unreachable while people write (bot/outage.py), on SQLite and PostgreSQL:
every statement fails for a few seconds (an engine hook raises what a dead connection raises).
Each person is told at once, in their language, that what they sent is kept; once the
database is back their message goes through, in order, and reaches the animator.
The real thing, a PostgreSQL server stopped mid-traffic, is tests/e2e/test_postgres_outage.py."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from typing import Any

from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.models import Person, RelayMessage, Role
from tests import factories
from tests.e2e.conftest import start_bot
from tests.e2e.helpers import eventually, tr
from tests.factories import household as _household

KEPT = "⏳ We have a technical problem right now. What you sent is kept and will be handled in a moment: no need to send it again."
GIVEN_UP = (
    "Sorry, we could not handle what you sent because of a technical problem. Please send it again in a few minutes."
)


class Outage:
    """Every statement on `engine` fails while `down` is set, as on a dropped connection."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.down = False
        self.failed = 0

    def _fail(self, *_args: Any, **_kwargs: Any) -> None:
        if self.down:
            self.failed += 1
            raise OperationalError("SELECT …", None, ConnectionResetError("connection reset by peer"))

    @contextlib.contextmanager
    def installed(self) -> Iterator[Outage]:
        event.listen(self.engine.sync_engine, "before_cursor_execute", self._fail)
        try:
            yield self
        finally:
            event.remove(self.engine.sync_engine, "before_cursor_execute", self._fail)

    async def for_seconds(self, seconds: float) -> None:
        self.down = True
        await asyncio.sleep(seconds)
        self.down = False


async def _writing(emulator, telegram_id: int, name: str, locale: str):  # type: ignore[no-untyped-def]
    user = emulator.user(telegram_id, name, language_code="fr")  # Telegram says French: the bot knows better
    await user.send("/menu")
    await user.wait_for_messages()
    await user.press(tr(locale, "✉️ Write to my animator"))
    await user.wait_for_messages()
    return user


async def test_messages_written_while_the_database_is_down_are_kept_and_delivered(
    emulator, database_url, sessionmaker, clock, library, engine
):
    async with start_bot(emulator, database_url, sessionmaker, clock, library) as running:
        nadia = await running.member(9101, Role.animator, "Nadia", locale="fr")
        await _household(running, "PAH-901", animator=nadia, tenants=[(9201, "Amal", "ar"), (9202, "Lucie", "fr")])
        amal = await _writing(emulator, 9201, "Amal", "ar")
        lucie = await _writing(emulator, 9202, "Lucie", "fr")
        animator = emulator.user(9101, "Nadia", language_code="fr")

        with Outage(engine).installed() as outage:
            down = asyncio.create_task(outage.for_seconds(2.0))
            await asyncio.sleep(0.1)
            await amal.send("النافذة لا تغلق جيدا")
            await lucie.send("Le volet est cassé")
            [kept_amal] = await amal.wait_for_messages()
            [kept_lucie] = await lucie.wait_for_messages()
            assert kept_amal["text"] == tr("ar", KEPT) != KEPT  # in Arabic, with no database to ask
            assert kept_lucie["text"] == tr("fr", KEPT)
            await down
            [sent_amal] = await amal.wait_for_messages(timeout=10)
            [sent_lucie] = await lucie.wait_for_messages(timeout=10)
        assert outage.failed >= 2
        assert sent_amal["text"].startswith(tr("ar", "✅ Sent to {name}, your animator.").format(name="Nadia"))
        assert sent_lucie["text"].startswith(tr("fr", "✅ Sent to {name}, your animator.").format(name="Nadia"))
        received = await animator.wait_for_messages(2, timeout=10)
        assert {"النافذة لا تغلق جيدا" in m["text"] or "Le volet est cassé" in m["text"] for m in received} == {True}
        stored = sorted(m.text for m in await factories.rows(running, RelayMessage))
        assert stored == sorted(["النافذة لا تغلق جيدا", "Le volet est cassé"])

        async def recovered() -> bool:
            return bool(running.dispatcher["outage"].recovered == 2)

        await eventually(recovered)


async def test_a_press_during_an_outage_is_answered_once_then_handled(
    emulator, database_url, sessionmaker, clock, library, engine
):
    async with start_bot(emulator, database_url, sessionmaker, clock, library) as running:
        await running.member(9301, Role.tenant, "Samira", locale="ar")
        user = emulator.user(9301, "Samira", language_code="en")
        await user.send("/menu")
        [menu] = await user.wait_for_messages()
        with Outage(engine).installed() as outage:
            down = asyncio.create_task(outage.for_seconds(1.5))
            await asyncio.sleep(0.1)
            await user.press(tr("ar", "✉️ Write to my animator"), menu)
            [kept] = await user.wait_for_messages()
            assert kept["text"] == tr("ar", KEPT)
            await down

            async def handled() -> bool:  # the press went through once the database was back
                [screen] = [m for m in user.messages if m["message_id"] == menu["message_id"]]
                return bool(screen["text"] != menu["text"])

            await eventually(handled, timeout=10)
        assert await emulator.wait_for_callback_answers() == []

        async def recovered() -> bool:
            return bool(running.dispatcher["outage"].recovered == 1)

        await eventually(recovered)


async def test_past_the_retry_budget_the_person_is_asked_to_send_again(
    emulator, database_url, sessionmaker, clock, library, engine
):
    async with start_bot(emulator, database_url, sessionmaker, clock, library, db_retry_seconds=1.0) as running:
        await running.member(9401, Role.tenant, "Amal", locale="ar")
        user = emulator.user(9401, "Amal", language_code="fr")
        await user.send("/menu")  # seen once: her language is remembered
        await user.wait_for_messages()
        with Outage(engine).installed() as outage:
            outage.down = True
            # Not /menu: the person cache (bot/person_cache.py) draws the menu without the
            # database, which is an answer, not an outage. Her data needs the database.
            await user.send("/mes_donnees")
            kept, given_up = await user.wait_for_messages(2, timeout=10)
            outage.down = False
        assert kept["text"] == tr("ar", KEPT)
        assert given_up["text"] == tr("ar", GIVEN_UP) != GIVEN_UP
        assert running.dispatcher["outage"].given_up == 1
        await user.send("/menu")  # back to normal
        [menu] = await user.wait_for_messages()
        assert "reply_markup" in menu


async def test_an_error_after_a_rollback_is_answered_in_the_persons_language(
    emulator, database_url, sessionmaker, clock, library, engine
):
    """A bug (not an outage) in a handler: a failed flush rolls back and expires the Person; the
    apology still comes, in their language (the locale middleware and the error handler read no Person)."""
    from aiogram import Router
    from aiogram.filters import Command

    from bot.filters import IsMember
    from handlers import get_routers

    broken = Router(name="broken")
    broken.message.filter(IsMember(Role.tenant))

    @broken.message(Command("boom"))
    async def boom(message: Any, session: Any, person: Any) -> None:
        person.name = "x" * 10  # a change, rolled back with the failed flush below
        session.add(Person(telegram_id=person.telegram_id, name="twice", role=Role.tenant))
        await session.flush()  # IntegrityError: the same Telegram id twice

    async with start_bot(
        emulator, database_url, sessionmaker, clock, library, routers=[broken, *get_routers()]
    ) as running:
        await running.member(9501, Role.tenant, "Amal", locale="ar")
        user = emulator.user(9501, "Amal", language_code="fr")
        await user.send("/boom")
        [apology] = await user.wait_for_messages()
        assert apology["text"] == tr("ar", "Sorry, something went wrong on our side. Please try again, or send /menu.")
        assert (await running.person(9501)).name == "Amal"
