"""Animators' availability: the free and booked times ahead, one line per day, and
"remove this day" (its free times at once; booked ones stay). Opening new times is
in open_slots.py."""

from __future__ import annotations

from datetime import date

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import IsMember
from bot.models import Person, Role
from bot.services.visits import slots
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.replies import edit_or_send, refuse
from handlers.visits import keyboards, texts
from handlers.visits.callbacks import SlotDayRemoveCallback


async def show(
    query: CallbackQuery, person: Person, session: AsyncSession, clock: Clock, settings: Settings, head: str = ""
) -> None:
    views = await slots.upcoming(session, person.id, now=clock.now())
    await edit_or_send(
        query,
        texts.availability(views, head, settings.tz),
        reply_markup=keyboards.availability(views, settings.tz),
    )


async def overview(
    query: CallbackQuery, state: FSMContext, person: Person, session: AsyncSession, clock: Clock, settings: Settings
) -> None:
    await state.clear()
    await show(query, person, session, clock, settings)


async def remove_day(
    query: CallbackQuery,
    callback_data: SlotDayRemoveCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    if not 1 <= callback_data.day <= date.max.toordinal() - 1:
        refuse(callback_answer)
        return
    day = date.fromordinal(callback_data.day)
    removal = await slots.remove_day(session, person.id, day, now=clock.now(), tz=settings.tz)
    await session.commit()
    await show(query, person, session, clock, settings, head=texts.day_removed(day, removal))


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(IsMember(Role.animator))
    router.callback_query.register(overview, MenuCallback.filter(F.action == MenuAction.availability))
    router.callback_query.register(remove_day, SlotDayRemoveCallback.filter())
    return router
