"""Staff: the last steps of creating a workshop (after create.py): children →
repeat → (until which day) → the check screen → create, or stop."""

from __future__ import annotations

from datetime import date, time

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import STAFF, IsMember
from bot.models import Person
from bot.services import rsvp, workshops
from bot.services.workshop_rules import WorkshopRefused
from bot.timeutil import local_to_utc
from handlers.ui.calendar import CalendarAction, CalendarCallback, valid_day
from handlers.ui.picker import turn_month
from handlers.ui.replies import edit_or_send
from handlers.workshops import keyboards, texts
from handlers.workshops.callbacks import ChildrenCallback, RepeatCallback, WorkshopConfirmCallback
from handlers.workshops.replies import check_screen, draft_of, until_of
from handlers.workshops.states import NewWorkshop


def _today(clock: Clock, settings: Settings) -> date:
    return clock.now().astimezone(settings.tz).date()


async def got_children(query: CallbackQuery, callback_data: ChildrenCallback, state: FSMContext) -> None:
    await state.update_data(children=callback_data.welcome)
    await state.set_state(NewWorkshop.repeat)
    await edit_or_send(query, _("Does it repeat?"), reply_markup=keyboards.repeat())


async def got_repeat(
    query: CallbackQuery, callback_data: RepeatCallback, state: FSMContext, clock: Clock, settings: Settings, i18n: I18n
) -> None:
    if not 0 <= callback_data.every_weeks <= 8:
        return
    await state.update_data(every_weeks=callback_data.every_weeks or None)
    if not callback_data.every_weeks:
        await _confirm(query, state, settings)
        return
    await state.set_state(NewWorkshop.until)
    today = _today(clock, settings)
    await edit_or_send(query, _("Until which day?"), reply_markup=keyboards.this_month(today, i18n.current_locale))


async def got_until(
    query: CallbackQuery, callback_data: CalendarCallback, state: FSMContext, clock: Clock, settings: Settings
) -> None:
    day = valid_day(callback_data, _today(clock, settings))
    if day is None:
        return
    await state.update_data(until=local_to_utc(day, time(23, 59), settings.tz).isoformat())
    await _confirm(query, state, settings)


async def _confirm(query: CallbackQuery, state: FSMContext, settings: Settings) -> None:
    text, markup = await check_screen(state, settings)
    await edit_or_send(query, text, reply_markup=markup)


async def create(
    query: CallbackQuery, state: FSMContext, person: Person, session: AsyncSession, clock: Clock, settings: Settings
) -> None:
    data = await state.get_data()
    await state.clear()
    try:
        created = await workshops.create_by(
            session,
            person,
            draft_of(data),
            now=clock.now(),
            tz=settings.tz,
            every_weeks=data.get("every_weeks"),
            until=until_of(data),
        )
    except WorkshopRefused:  # in the past by now, or a series ending before it starts
        await edit_or_send(query, _("This time has already passed. Start again from the workshops menu."))
        return
    await session.commit()
    counts = await rsvp.counts(session, created[0].id)
    await edit_or_send(
        query,
        texts.created(created, counts, settings.tz),
        reply_markup=keyboards.detail(created[0].id, cancelled=False),
    )


async def creation_cancelled(query: CallbackQuery, state: FSMContext) -> None:
    await state.clear()
    await edit_or_send(query, _("Stopped. Nothing was created."), reply_markup=keyboards.back_to_workshops())


async def turn(
    query: CallbackQuery, callback_data: CalendarCallback, clock: Clock, settings: Settings, i18n: I18n
) -> None:
    await turn_month(query, callback_data, keyboards.month(_today(clock, settings), i18n.current_locale))


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(IsMember(*STAFF))
    router.callback_query.register(got_children, NewWorkshop.children, ChildrenCallback.filter())
    router.callback_query.register(got_repeat, NewWorkshop.repeat, RepeatCallback.filter())
    router.callback_query.register(turn, NewWorkshop.until, CalendarCallback.filter(F.action == CalendarAction.show))
    router.callback_query.register(
        got_until, NewWorkshop.until, CalendarCallback.filter(F.action == CalendarAction.pick)
    )
    router.callback_query.register(create, NewWorkshop.confirm, WorkshopConfirmCallback.filter(F.confirm))
    router.callback_query.register(creation_cancelled, NewWorkshop.confirm, WorkshopConfirmCallback.filter(~F.confirm))
    return router
