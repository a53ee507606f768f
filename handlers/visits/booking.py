"""Booking a home visit, by the household or by staff for a household, and
moving one: days with free slots → times → check → book.

The buttons carry who the visit is for, which visit is moving and its kind;
every press asks the service again what they may reach (access.resolve), and
booking.book/move check the presser once more before they write.
"""

from __future__ import annotations

from datetime import date

from aiogram import F, Router
from aiogram.types import CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import IsMember
from bot.models import Person, Role, Visit, VisitKind, VisitSlot
from bot.services.visits import access, booking, reminders, slots
from bot.services.visits.access import BookingRefused, Refusal, Target
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.menus import back_to_menu
from handlers.ui.replies import edit_or_send, refuse
from handlers.visits import keyboards, texts
from handlers.visits.callbacks import (
    VisitAction,
    VisitActionCallback,
    VisitBookCallback,
    VisitDayCallback,
    VisitDaysCallback,
    VisitSlotCallback,
)

MAX_DAYS = 10
# Refused for the time picked: the next free times are shown again.
PICK_ANOTHER = (Refusal.taken, Refusal.past, Refusal.other_animator, Refusal.same_slot)


async def _target(
    session: AsyncSession,
    person: Person,
    data: VisitDaysCallback | VisitDayCallback | VisitSlotCallback | VisitBookCallback,
) -> Target | None:
    try:
        return await access.resolve(session, person, data.household_id, data.visit_id, data.kind)
    except BookingRefused:
        return None


async def _free_by_day(
    session: AsyncSession, target: Target, clock: Clock, settings: Settings
) -> dict[date, list[VisitSlot]]:
    animator_id = target.household.animator_id
    free = await slots.free_slots(session, animator_id, now=clock.now()) if animator_id else []
    return slots.by_local_day(free, settings.tz)


async def show_days(
    query: CallbackQuery,
    target: Target,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    *,
    refused: Refusal | None = None,
    passed_day: date | None = None,
) -> None:
    """The days with a free time, after what was refused if anything (a day gone by says so)."""
    by_day = await _free_by_day(session, target, clock, settings)
    if not by_day:
        await edit_or_send(query, texts.no_free_time(target, refused), reply_markup=keyboards.no_free_time(target))
        return
    heading = texts.booking_heading(target)
    if passed_day is not None:
        heading = texts.day_passed(passed_day) + "\n\n" + heading
    elif refused is not None:
        heading = texts.refusal_text(refused) + "\n\n" + heading
    text = heading
    markup = keyboards.booking_days(target, list(by_day.items())[:MAX_DAYS], settings.tz)
    await edit_or_send(query, text, reply_markup=markup)


async def start_for_tenant(
    query: CallbackQuery, person: Person, session: AsyncSession, clock: Clock, settings: Settings
) -> None:
    try:
        # Household 0: the tenant's own; the kind is the one its phase calls for.
        target = await access.resolve(session, person, 0, 0, VisitKind.preparation)
    except BookingRefused:
        await edit_or_send(query, texts.refusal_text(Refusal.closed), reply_markup=back_to_menu())
        return
    await show_days(query, target, session, clock, settings)


async def start_move(
    query: CallbackQuery,
    callback_data: VisitActionCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    visit = await session.get(Visit, callback_data.visit_id)
    try:
        if visit is None or not booking.can_move(visit, clock.now()):
            raise BookingRefused(Refusal.not_booked)
        target = await access.resolve(session, person, visit.household_id, visit.id, visit.kind)
    except BookingRefused:
        refuse(callback_answer, texts.refusal_text(Refusal.not_booked))
        return
    await show_days(query, target, session, clock, settings)


async def days(
    query: CallbackQuery,
    callback_data: VisitDaysCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    target = await _target(session, person, callback_data)
    if target is None:
        refuse(callback_answer)
        return
    await show_days(query, target, session, clock, settings)


async def times(
    query: CallbackQuery,
    callback_data: VisitDayCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    target = await _target(session, person, callback_data)
    if target is None or not 1 <= callback_data.day <= date.max.toordinal():
        refuse(callback_answer)
        return
    day = date.fromordinal(callback_data.day)
    todays = (await _free_by_day(session, target, clock, settings)).get(day, [])
    if not todays:
        # A day from an old message: gone by (past), or its times booked or removed since (taken).
        if day < clock.now().astimezone(settings.tz).date():
            await show_days(query, target, session, clock, settings, refused=Refusal.past, passed_day=day)
        else:
            await show_days(query, target, session, clock, settings, refused=Refusal.taken)
        return
    await edit_or_send(
        query,
        texts.times_heading(day),
        reply_markup=keyboards.booking_times(target, todays, settings.tz),
    )


async def check(
    query: CallbackQuery,
    callback_data: VisitSlotCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    target = await _target(session, person, callback_data)
    if target is None:
        refuse(callback_answer)
        return
    slot = await slots.get(session, callback_data.slot_id)
    if slot is not None and slot.starts_at <= clock.now():
        await show_days(query, target, session, clock, settings, refused=Refusal.past)
        return
    if slot is None or slot.animator_id != target.household.animator_id:
        await show_days(query, target, session, clock, settings, refused=Refusal.taken)
        return
    animator = await reminders.animator_name(session, slot.animator_id)
    await edit_or_send(
        query,
        texts.check_text(target, slot.starts_at, animator, person, settings.tz),
        reply_markup=keyboards.booking_check(target, slot.id),
    )


async def book(
    query: CallbackQuery,
    callback_data: VisitBookCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    target = await _target(session, person, callback_data)
    if target is None:
        refuse(callback_answer)
        return
    now, tz = clock.now(), settings.tz
    try:
        if target.visit is not None:
            visit = await booking.move(session, target.visit, callback_data.slot_id, moved_by=person, now=now, tz=tz)
        else:
            visit = await booking.book(
                session, target.household, callback_data.slot_id, kind=target.kind, booked_by=person, now=now, tz=tz
            )
    except BookingRefused as refused:  # nothing was written
        if refused.reason in PICK_ANOTHER:
            await show_days(query, target, session, clock, settings, refused=refused.reason)
        else:
            await edit_or_send(query, texts.refusal_text(refused.reason), reply_markup=back_to_menu())
        return
    await session.commit()  # booked (or moved) before we say so
    animator = await reminders.animator_name(session, visit.animator_id)
    await edit_or_send(
        query,
        texts.booked_text(visit, target, animator, person, tz),
        reply_markup=keyboards.booked(visit, person),
    )


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(IsMember())
    router.callback_query.register(
        start_for_tenant, MenuCallback.filter(F.action == MenuAction.book_visit), IsMember(Role.tenant)
    )
    router.callback_query.register(start_move, VisitActionCallback.filter(F.action == VisitAction.move))
    router.callback_query.register(days, VisitDaysCallback.filter())
    router.callback_query.register(times, VisitDayCallback.filter())
    router.callback_query.register(check, VisitSlotCallback.filter())
    router.callback_query.register(book, VisitBookCallback.filter())
    return router
