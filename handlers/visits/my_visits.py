"""Tenants: "My visits", one visit's screen, the calendar file, confirming from
a reminder. Booking and moving are in booking.py; a note in note.py;
cancelling in tenant_cancel.py."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import IsMember
from bot.models import Person, Role
from bot.services.visits import access, booking, calendar, reminders
from bot.services.visits.access import BookingRefused, Refusal
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.replies import edit_or_send, refuse
from handlers.visits import keyboards, texts
from handlers.visits.callbacks import VisitAction, VisitActionCallback, VisitCallback


async def my_visits(
    query: CallbackQuery, state: FSMContext, person: Person, session: AsyncSession, clock: Clock, settings: Settings
) -> None:
    await state.clear()
    upcoming, past = [], []
    if person.household_id is not None:  # a tenant without a household has no visits
        upcoming = await booking.upcoming_for_household(session, person.household_id, now=clock.now())
        history = await booking.history(session, person.household_id, limit=8)
        past = [visit for visit in history if visit not in upcoming][:4]
    await edit_or_send(
        query,
        texts.tenant_visits(upcoming, past, settings.tz),
        reply_markup=keyboards.tenant_visits(upcoming, settings.tz),
    )


async def card(
    query: CallbackQuery,
    callback_data: VisitCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    await state.clear()
    visit = await access.household_visit(session, person, callback_data.visit_id)
    if visit is None:
        refuse(callback_answer)
        return
    animator = await reminders.animator_name(session, visit.animator_id)
    await edit_or_send(
        query, texts.tenant_card(visit, animator, settings.tz), reply_markup=keyboards.tenant_card(visit)
    )


async def send_calendar(
    query: CallbackQuery,
    callback_data: VisitActionCallback,
    person: Person,
    session: AsyncSession,
    bot: Bot,
    clock: Clock,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    visit = await access.household_visit(session, person, callback_data.visit_id)
    if visit is None or query.message is None:
        refuse(callback_answer)
        return
    animator = await reminders.animator_name(session, visit.animator_id)
    data = calendar.calendar_file([texts.tenant_event(visit, animator)], now=clock.now())
    day = visit.starts_at.astimezone(settings.tz).date().isoformat()
    await bot.send_document(
        query.message.chat.id,
        BufferedInputFile(data, filename=f"visit-{day}.ics"),
        caption=_("📅 Open this file to add the visit to your phone's calendar."),
    )


async def confirm(
    query: CallbackQuery,
    callback_data: VisitActionCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    visit = await access.household_visit(session, person, callback_data.visit_id)
    try:
        confirmed = visit is not None and await booking.confirm(session, visit, by=person, now=clock.now())
    except BookingRefused:
        confirmed = False
    if visit is None or not confirmed:
        refuse(callback_answer, texts.refusal_text(Refusal.not_booked))
        return
    await session.commit()
    callback_answer.text = _("👍 Thank you! See you then.")
    animator = await reminders.animator_name(session, visit.animator_id)
    text = _("👍 Thank you! See you then.") + "\n\n" + texts.tenant_card(visit, animator, settings.tz)
    await edit_or_send(query, text, reply_markup=keyboards.tenant_card(visit))


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(IsMember(Role.tenant))
    router.callback_query.register(my_visits, MenuCallback.filter(F.action == MenuAction.my_visits))
    router.callback_query.register(card, VisitCallback.filter())
    router.callback_query.register(send_calendar, VisitActionCallback.filter(F.action == VisitAction.ics))
    router.callback_query.register(confirm, VisitActionCallback.filter(F.action == VisitAction.confirm))
    return router
