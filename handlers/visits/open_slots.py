"""Animators open free times: days on a calendar → from → to → visit length →
travel buffer → weeks → check → open (ui.picker for the month and the times).

The end offers only times after the start; the start and the end each have a way
back to the step before. Weekly repeats skip public holidays; the check screen says
which, and "open them too" keeps them. The plan in the FSM is days and times only."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import IsMember
from bot.models import Person, Role
from bot.services.visits import slots
from bot.services.visits.slots import Plan
from handlers.ui import picker
from handlers.ui.calendar import CalendarAction, CalendarCallback, HourCallback, MinuteCallback, valid_day
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.replies import edit_or_send
from handlers.visits import keyboards, texts
from handlers.visits.callbacks import SlotPlanCallback, SlotPlanStep
from handlers.visits.states import OpenSlots


def _today(clock: Clock, settings: Settings) -> date:
    return clock.now().astimezone(settings.tz).date()


def _lengths() -> InlineKeyboardMarkup:
    return keyboards.plan_choices(SlotPlanStep.length, slots.VISIT_LENGTHS, texts.minutes)


async def start(query: CallbackQuery, state: FSMContext, clock: Clock, settings: Settings, i18n: I18n) -> None:
    await state.clear()
    await state.set_state(OpenSlots.days)
    await state.update_data(days=[])
    today = _today(clock, settings)
    markup = keyboards.plan_days(today.year, today.month, today=today, picked=[], locale=i18n.current_locale)
    await edit_or_send(query, texts.days_prompt(0), reply_markup=markup)


async def turn_month(
    query: CallbackQuery,
    callback_data: CalendarCallback,
    state: FSMContext,
    clock: Clock,
    settings: Settings,
    i18n: I18n,
) -> None:
    picked = (await state.get_data()).get("days", [])
    today = _today(clock, settings)

    def month(year: int, month: int) -> InlineKeyboardMarkup:
        return keyboards.plan_days(year, month, today=today, picked=picked, locale=i18n.current_locale)

    await picker.turn_month(query, callback_data, month)


async def toggle_day(
    query: CallbackQuery,
    callback_data: CalendarCallback,
    state: FSMContext,
    clock: Clock,
    settings: Settings,
    i18n: I18n,
) -> None:
    today = _today(clock, settings)
    day = valid_day(callback_data, today)
    if day is None:
        return
    picked: list[str] = list((await state.get_data()).get("days", []))
    if day.isoformat() in picked:
        picked.remove(day.isoformat())
    elif len(picked) < slots.MAX_DAYS_PICKED:
        picked.append(day.isoformat())
    await state.update_data(days=sorted(picked))
    markup = keyboards.plan_days(day.year, day.month, today=today, picked=picked, locale=i18n.current_locale)
    await edit_or_send(query, texts.days_prompt(len(picked)), reply_markup=markup)


async def _ask_start(query: CallbackQuery, state: FSMContext) -> None:
    await state.set_state(OpenSlots.start)
    await picker.ask_hour(query, _("From what time?"), back=keyboards.plan_back(SlotPlanStep.back_to_days))


async def _ask_end(query: CallbackQuery, state: FSMContext, start: time, prompt: str | None = None) -> None:
    await state.set_state(OpenSlots.end)
    await picker.ask_hour(
        query,
        prompt or texts.end_prompt(start),
        after=start,
        back=keyboards.plan_back(SlotPlanStep.back_to_start),
    )


async def days_done(query: CallbackQuery, state: FSMContext) -> None:
    if not (await state.get_data()).get("days"):
        return
    await _ask_start(query, state)


async def back_to_days(query: CallbackQuery, state: FSMContext, clock: Clock, settings: Settings, i18n: I18n) -> None:
    """From the start time, the calendar again with the days already ticked."""
    picked = (await state.get_data()).get("days", [])
    await state.set_state(OpenSlots.days)
    today = _today(clock, settings)
    shown = date.fromisoformat(picked[0]) if picked else today
    markup = keyboards.plan_days(shown.year, shown.month, today=today, picked=picked, locale=i18n.current_locale)
    await edit_or_send(query, texts.days_prompt(len(picked)), reply_markup=markup)


async def back_to_start(query: CallbackQuery, state: FSMContext) -> None:
    await _ask_start(query, state)


def _start(data: dict[str, Any]) -> time | None:
    return time.fromisoformat(data["start"]) if data.get("start") else None


async def hour(query: CallbackQuery, callback_data: HourCallback, state: FSMContext) -> None:
    if await state.get_state() == OpenSlots.start.state:
        back = keyboards.plan_back(SlotPlanStep.back_to_days)
        await picker.hour_picked(query, callback_data, _("From what time?"), back=back)
        return
    start = _start(await state.get_data())
    if start is None:  # no start in the FSM (forged state): ask it first
        await _ask_start(query, state)
        return
    back = keyboards.plan_back(SlotPlanStep.back_to_start)
    await picker.hour_picked(query, callback_data, texts.end_prompt(start), after=start, back=back)


async def got_start(query: CallbackQuery, callback_data: MinuteCallback, state: FSMContext) -> None:
    start = picker.picked_time(callback_data)
    if start is None:
        return
    await state.update_data(start=start.isoformat("minutes"))
    await _ask_end(query, state, start)


async def got_end(query: CallbackQuery, callback_data: MinuteCallback, state: FSMContext) -> None:
    end = picker.picked_time(callback_data)
    start = _start(await state.get_data())
    if end is None or start is None:
        return
    if end <= start:  # only a forged button: the picker offers later times only
        await _ask_end(query, state, start, _("The end must be after the start. Until what time?"))
        return
    await state.update_data(end=end.isoformat("minutes"))
    await state.set_state(OpenSlots.length)
    await edit_or_send(query, _("How long is one visit?"), reply_markup=_lengths())


async def got_length(query: CallbackQuery, callback_data: SlotPlanCallback, state: FSMContext) -> None:
    if callback_data.value not in slots.VISIT_LENGTHS:
        return
    await state.update_data(length=callback_data.value)
    await state.set_state(OpenSlots.buffer)
    buffers = keyboards.plan_choices(SlotPlanStep.buffer, slots.BUFFERS, texts.buffer_label)
    await edit_or_send(query, _("How much time between two visits (travel)?"), reply_markup=buffers)


async def got_buffer(query: CallbackQuery, callback_data: SlotPlanCallback, state: FSMContext) -> None:
    if callback_data.value not in slots.BUFFERS:
        return
    await state.update_data(buffer=callback_data.value)
    await state.set_state(OpenSlots.weeks)
    weeks = keyboards.plan_choices(SlotPlanStep.weeks, slots.REPEAT_WEEKS, texts.weeks)
    await edit_or_send(query, _("Only these days, or every week?"), reply_markup=weeks)


def _plan(data: dict[str, Any]) -> Plan:
    return Plan(
        days=tuple(date.fromisoformat(day) for day in data.get("days", [])),
        start=time.fromisoformat(data["start"]),
        end=time.fromisoformat(data["end"]),
        length_minutes=int(data["length"]),
        buffer_minutes=int(data["buffer"]),
        weeks=int(data.get("weeks", 1)),
        holidays_too=bool(data.get("holidays_too", False)),
    )


async def got_weeks(query: CallbackQuery, callback_data: SlotPlanCallback, state: FSMContext) -> None:
    if callback_data.value not in slots.REPEAT_WEEKS:
        return
    await state.update_data(weeks=callback_data.value)
    await state.set_state(OpenSlots.confirm)
    plan = _plan(await state.get_data())
    if not plan.local_times():
        await state.set_state(OpenSlots.length)
        await edit_or_send(
            query, _("No visit fits between these times. How long is one visit?"), reply_markup=_lengths()
        )
        return
    await _check(query, plan)


async def _check(query: CallbackQuery, plan: Plan) -> None:
    markup = keyboards.plan_confirmation(holidays_skipped=bool(plan.skipped_holidays()), holidays_too=plan.holidays_too)
    await edit_or_send(query, texts.plan_summary(plan), reply_markup=markup)


async def holidays_too(query: CallbackQuery, callback_data: SlotPlanCallback, state: FSMContext) -> None:
    """On the check screen: open the public holidays the repeats skip as well (1), or skip them again (0)."""
    await state.update_data(holidays_too=callback_data.value == 1)
    await _check(query, _plan(await state.get_data()))


async def confirmed(
    query: CallbackQuery, state: FSMContext, person: Person, session: AsyncSession, clock: Clock, settings: Settings
) -> None:
    """The times opened, then the availability screen (as availability.py shows it) with how many."""
    plan = _plan(await state.get_data())
    await state.clear()
    head = ""
    if not plan.problems():  # forged FSM data: nothing opened, the screen as it is
        published = await slots.publish(session, person.id, plan, now=clock.now(), tz=settings.tz)
        await session.commit()
        head = texts.published_text(published.created, published.skipped_overlap, published.skipped_past)
    views = await slots.upcoming(session, person.id, now=clock.now())
    markup = keyboards.availability(views, settings.tz)
    await edit_or_send(query, texts.availability(views, head, settings.tz), reply_markup=markup)


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(IsMember(Role.animator))
    router.callback_query.register(start, MenuCallback.filter(F.action == MenuAction.open_slots))
    router.callback_query.register(turn_month, OpenSlots.days, CalendarCallback.filter(F.action == CalendarAction.show))
    router.callback_query.register(toggle_day, OpenSlots.days, CalendarCallback.filter(F.action == CalendarAction.pick))
    router.callback_query.register(days_done, OpenSlots.days, SlotPlanCallback.filter(F.step == SlotPlanStep.days_done))
    router.callback_query.register(
        back_to_days, OpenSlots.start, SlotPlanCallback.filter(F.step == SlotPlanStep.back_to_days)
    )
    router.callback_query.register(
        back_to_start, OpenSlots.end, SlotPlanCallback.filter(F.step == SlotPlanStep.back_to_start)
    )
    router.callback_query.register(
        holidays_too, OpenSlots.confirm, SlotPlanCallback.filter(F.step == SlotPlanStep.holidays)
    )
    router.callback_query.register(hour, OpenSlots.start, HourCallback.filter())
    router.callback_query.register(hour, OpenSlots.end, HourCallback.filter())
    router.callback_query.register(got_start, OpenSlots.start, MinuteCallback.filter())
    router.callback_query.register(got_end, OpenSlots.end, MinuteCallback.filter())
    router.callback_query.register(got_length, OpenSlots.length, SlotPlanCallback.filter(F.step == SlotPlanStep.length))
    router.callback_query.register(got_buffer, OpenSlots.buffer, SlotPlanCallback.filter(F.step == SlotPlanStep.buffer))
    router.callback_query.register(got_weeks, OpenSlots.weeks, SlotPlanCallback.filter(F.step == SlotPlanStep.weeks))
    router.callback_query.register(
        confirmed, OpenSlots.confirm, SlotPlanCallback.filter(F.step == SlotPlanStep.confirm)
    )
    return router
