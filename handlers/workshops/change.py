"""Staff: changing a session (day and time, place, seats; or it and the next ones of its
series) and cancelling it. Everyone who said yes or maybe or waits for a seat is told."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Any

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import STAFF, IsMember
from bot.models import Person
from bot.services import workshops
from bot.services.workshop_rules import WorkshopRefused
from bot.timeutil import local_to_utc
from handlers.ui.calendar import CalendarAction, CalendarCallback, HourCallback, MinuteCallback, valid_day
from handlers.ui.picker import ask_hour, hour_picked, picked_time, turn_month
from handlers.ui.replies import edit_or_send
from handlers.workshops import keyboards, texts
from handlers.workshops.callbacks import (
    CancelWorkshopCallback,
    ChangeCallback,
    ChangeField,
    WorkshopAction,
    WorkshopActionCallback,
)
from handlers.workshops.replies import open_workshop
from handlers.workshops.states import WorkshopChange

Reply = Callable[..., Awaitable[Any]]  # message.answer, or an edit of the pressed message


def _today(clock: Clock, settings: Settings) -> date:
    return clock.now().astimezone(settings.tz).date()


def _time_prompt() -> str:
    return _("At what time?")


async def change_menu(
    query: CallbackQuery, callback_data: WorkshopActionCallback, person: Person, session: AsyncSession, clock: Clock
) -> None:
    workshop = await open_workshop(query, session, person, callback_data.workshop_id, clock.now())
    if workshop is not None:
        await edit_or_send(query, _("What changes?"), reply_markup=keyboards.change_menu(workshop))


async def change_chosen(
    query: CallbackQuery,
    callback_data: ChangeCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    i18n: I18n,
) -> None:
    workshop = await open_workshop(query, session, person, callback_data.workshop_id, clock.now())
    if workshop is None:
        return
    await state.set_data({"workshop_id": workshop.id, "whole_series": callback_data.whole_series})
    if callback_data.field is ChangeField.time:
        await state.set_state(WorkshopChange.day)
        today = _today(clock, settings)
        await edit_or_send(query, _("Which new day?"), reply_markup=keyboards.this_month(today, i18n.current_locale))
    elif callback_data.field is ChangeField.place:
        await state.set_state(WorkshopChange.place)
        await edit_or_send(query, _("Send the new address."))
    else:
        await state.set_state(WorkshopChange.capacity)
        await edit_or_send(
            query, _("How many seats now? Type a number ({taken} already taken).").format(taken=workshop.seats_taken)
        )


async def turn(
    query: CallbackQuery, callback_data: CalendarCallback, clock: Clock, settings: Settings, i18n: I18n
) -> None:
    await turn_month(query, callback_data, keyboards.month(_today(clock, settings), i18n.current_locale))


async def change_day(
    query: CallbackQuery, callback_data: CalendarCallback, state: FSMContext, clock: Clock, settings: Settings
) -> None:
    day = valid_day(callback_data, _today(clock, settings))
    if day is None:
        return
    await state.update_data(day=day.isoformat())
    await state.set_state(WorkshopChange.time)
    await ask_hour(query, _time_prompt())


async def change_hour(query: CallbackQuery, callback_data: HourCallback) -> None:
    await hour_picked(query, callback_data, _time_prompt())


async def _apply(
    reply: Reply,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    *,
    new_start: datetime | None = None,
    place: str | None = None,
    capacity: int | None = None,
) -> None:
    data = await state.get_data()
    await state.clear()
    try:
        workshop, told = await workshops.change_by(
            session,
            person,
            data.get("workshop_id", 0),
            whole_series=bool(data.get("whole_series")),
            now=clock.now(),
            tz=settings.tz,
            new_start=new_start,
            place=place,
            capacity=capacity,
        )
    except WorkshopRefused as refused:
        await reply(texts.staff_refusal(refused.reason))
        return
    await session.commit()
    await reply(texts.changed(told), reply_markup=keyboards.back(workshop.id))


async def change_time(
    query: CallbackQuery,
    callback_data: MinuteCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
) -> None:
    data = await state.get_data()
    picked = picked_time(callback_data)
    if picked is None or "day" not in data:
        return
    new_start = local_to_utc(date.fromisoformat(data["day"]), picked, settings.tz)

    async def reply(text: str, reply_markup: InlineKeyboardMarkup | None = None) -> None:
        await edit_or_send(query, text, reply_markup=reply_markup)

    await _apply(reply, state, person, session, clock, settings, new_start=new_start)


async def change_place(
    message: Message, state: FSMContext, person: Person, session: AsyncSession, clock: Clock, settings: Settings
) -> None:
    place = workshops.clean_place(message.text)
    if place is None:
        await message.answer(_("An address has 1 to 200 characters. Try again."))
        return
    await _apply(message.answer, state, person, session, clock, settings, place=place)


async def change_capacity(
    message: Message, state: FSMContext, person: Person, session: AsyncSession, clock: Clock, settings: Settings
) -> None:
    seats = workshops.parse_seats(message.text)
    if seats is None:
        await message.answer(_("Type a number of seats between 1 and 500."))
        return
    await _apply(message.answer, state, person, session, clock, settings, capacity=seats)


async def cancel_menu(
    query: CallbackQuery, callback_data: WorkshopActionCallback, person: Person, session: AsyncSession, clock: Clock
) -> None:
    workshop = await open_workshop(query, session, person, callback_data.workshop_id, clock.now())
    if workshop is not None:
        await edit_or_send(
            query,
            _("Cancel? Everyone who said yes or maybe, or waits for a seat, will be told."),
            reply_markup=keyboards.cancel_menu(workshop),
        )


async def cancel_confirmed(
    query: CallbackQuery,
    callback_data: CancelWorkshopCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
) -> None:
    if not callback_data.confirm:
        # Not a button the bot draws; still, a closed workshop says so, as any of its buttons do.
        await open_workshop(query, session, person, callback_data.workshop_id, clock.now())
        return
    try:
        workshop, told = await workshops.cancel_by(
            session,
            person,
            callback_data.workshop_id,
            whole_series=callback_data.whole_series,
            now=clock.now(),
            tz=settings.tz,
        )
    except WorkshopRefused as refused:
        back = keyboards.back(callback_data.workshop_id)
        await edit_or_send(query, texts.staff_refusal(refused.reason), reply_markup=back)
        return
    await session.commit()
    await edit_or_send(query, texts.cancelled(told), reply_markup=keyboards.back(workshop.id))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(IsMember(*STAFF))
    router.callback_query.filter(IsMember(*STAFF))
    action = WorkshopActionCallback.filter
    router.callback_query.register(change_menu, action(F.action == WorkshopAction.change))
    router.callback_query.register(cancel_menu, action(F.action == WorkshopAction.cancel))
    router.callback_query.register(change_chosen, ChangeCallback.filter())
    router.callback_query.register(turn, WorkshopChange.day, CalendarCallback.filter(F.action == CalendarAction.show))
    router.callback_query.register(
        change_day, WorkshopChange.day, CalendarCallback.filter(F.action == CalendarAction.pick)
    )
    router.callback_query.register(change_hour, WorkshopChange.time, HourCallback.filter())
    router.callback_query.register(change_time, WorkshopChange.time, MinuteCallback.filter())
    router.message.register(change_place, WorkshopChange.place, F.text)
    router.message.register(change_capacity, WorkshopChange.capacity, F.text)
    router.callback_query.register(cancel_confirmed, CancelWorkshopCallback.filter())
    return router
