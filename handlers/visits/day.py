"""Animators' day: the day's visits (and those still waiting to be said how
they went), the workshops they run that day (read through bot/services/workshops,
shown as lines: the workshops feature has their screens), the days around, the
week as a calendar file."""

from __future__ import annotations

from datetime import date, time, timedelta

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import STAFF, IsMember
from bot.models import Person
from bot.services import households, workshops
from bot.services.visits import booking, calendar
from bot.timeutil import local_to_utc
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.replies import edit_or_send, refuse
from handlers.visits import keyboards, texts
from handlers.visits.callbacks import DayViewCallback, WeekCalendarCallback

MAX_WAITING = 10


async def my_day(
    query: CallbackQuery, state: FSMContext, person: Person, session: AsyncSession, clock: Clock, settings: Settings
) -> None:
    await state.clear()
    await _show_day(query, person, session, clock, settings, clock.now().astimezone(settings.tz).date())


async def day_view(
    query: CallbackQuery,
    callback_data: DayViewCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    if not 1 < callback_data.day < date.max.toordinal():
        refuse(callback_answer)
        return
    await _show_day(query, person, session, clock, settings, date.fromordinal(callback_data.day))


async def _show_day(
    query: CallbackQuery, person: Person, session: AsyncSession, clock: Clock, settings: Settings, day: date
) -> None:
    tz = settings.tz
    start, end = local_to_utc(day, time(0), tz), local_to_utc(day + timedelta(days=1), time(0), tz)
    visits = await booking.between(session, person.id, start, end)
    day_workshops = await workshops.led_by(session, person.id, start, end)
    waiting = [
        pair for pair in await booking.to_close(session, person.id, now=clock.now()) if pair[0].starts_at < start
    ]
    waiting = waiting[:MAX_WAITING]
    names = await households.tenant_first_names(session, [household.id for _, household in waiting + visits])
    await edit_or_send(
        query,
        texts.day_heading(day, bool(visits), day_workshops, tz),
        reply_markup=keyboards.day(waiting, visits, day, tz, names),
    )


async def week_calendar(
    query: CallbackQuery,
    callback_data: WeekCalendarCallback,
    person: Person,
    session: AsyncSession,
    bot: Bot,
    clock: Clock,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    if not 1 < callback_data.day < date.max.toordinal() - 7 or query.message is None:
        refuse(callback_answer)
        return
    monday = date.fromordinal(callback_data.day)
    start = local_to_utc(monday, time(0), settings.tz)
    end = local_to_utc(monday + timedelta(days=7), time(0), settings.tz)
    events = [
        texts.staff_event(visit, household)
        for visit, household in await booking.between(session, person.id, start, end)
    ]
    data = calendar.calendar_file(events, now=clock.now())
    await bot.send_document(
        query.message.chat.id,
        BufferedInputFile(data, filename=f"visits-{monday.isoformat()}.ics"),
        caption=texts.week_caption(len(events), monday),
    )


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(IsMember(*STAFF))
    router.callback_query.register(my_day, MenuCallback.filter(F.action == MenuAction.my_day))
    router.callback_query.register(day_view, DayViewCallback.filter())
    router.callback_query.register(week_calendar, WeekCalendarCallback.filter())
    return router
