"""Animators' availability: the free and booked slots ahead, opening slots
(days on a calendar → from → to → visit length → travel buffer → weeks →
check → open), removing a free one.

The plan in the FSM is days and times only; nothing personal."""

from __future__ import annotations

from datetime import date, time

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import I18n, ngettext
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import IsMember
from bot.models import Person, Role
from bot.services.visits import slots
from bot.services.visits.slots import Plan
from handlers.ui.calendar import (
    CalendarAction,
    CalendarCallback,
    HourCallback,
    MinuteCallback,
    hour_keyboard,
    minute_keyboard,
    month_keyboard,
    valid_day,
    valid_month,
)
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.replies import edit_or_send
from handlers.visits import texts
from handlers.visits.callbacks import SlotPlanCallback, SlotPlanStep, SlotRemoveCallback
from handlers.visits.states import OpenSlots


def _today(clock: Clock, settings: Settings) -> date:
    return clock.now().astimezone(settings.tz).date()


def _menu_buttons(builder: InlineKeyboardBuilder) -> None:
    builder.button(text=_("➕ Open new times"), callback_data=MenuCallback(action=MenuAction.open_slots))
    builder.button(text=_("⬅️ Main menu"), callback_data=MenuCallback(action=MenuAction.menu))


async def overview(
    query: CallbackQuery, state: FSMContext, person: Person, session: AsyncSession, clock: Clock, settings: Settings
) -> None:
    await state.clear()
    await _show(query, person, session, clock, settings)


async def _show(
    query: CallbackQuery, person: Person, session: AsyncSession, clock: Clock, settings: Settings, head: str = ""
) -> None:
    views = await slots.upcoming(session, person.id, now=clock.now())
    lines = [head, ""] if head else []
    lines.append(_("<b>🕘 My availability</b>"))
    builder = InlineKeyboardBuilder()
    current_day = None
    for view in views:
        day = view.slot.starts_at.astimezone(settings.tz).date()
        if day != current_day:
            lines += ["", f"<b>{texts.day_label(day)}</b>"]
            current_day = day
        state_mark = _("📅 booked") if view.visit_id else _("free")
        lines.append(
            f"{texts.clock(view.slot.starts_at, settings.tz)}–{texts.clock(view.slot.ends_at, settings.tz)} · {state_mark}"
        )
        if view.visit_id is None:
            label = _("🗑 Remove {day} {time}").format(
                day=texts.day_label(day), time=texts.clock(view.slot.starts_at, settings.tz)
            )
            builder.button(text=label[:60], callback_data=SlotRemoveCallback(slot_id=view.slot.id))
    if not views:
        lines += ["", _("No time open. Open some so households can book.")]
    _menu_buttons(builder)
    builder.adjust(1)
    await edit_or_send(query, "\n".join(lines)[:4000], reply_markup=builder.as_markup())


async def remove(
    query: CallbackQuery,
    callback_data: SlotRemoveCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    if not await slots.remove(session, person.id, callback_data.slot_id):
        callback_answer.text, callback_answer.show_alert = _("This time is booked or no longer exists."), True
        return
    await session.commit()
    await _show(query, person, session, clock, settings, head=_("🗑 Removed."))


# --- opening times ---


async def start(query: CallbackQuery, state: FSMContext, clock: Clock, settings: Settings, i18n: I18n) -> None:
    await state.clear()
    await state.set_state(OpenSlots.days)
    await state.update_data(days=[])
    today = _today(clock, settings)
    await edit_or_send(query, _days_prompt(0), reply_markup=_days_markup(today.year, today.month, today, [], i18n))


def _days_prompt(count: int) -> str:
    return _("<b>Open new times</b>\n\nTap the days (tap again to remove one), then Next.") + (
        "\n" + ngettext("{count} day chosen.", "{count} days chosen.", count).format(count=count) if count else ""
    )


def _days_markup(year: int, month: int, today: date, picked: list[str], i18n: I18n) -> InlineKeyboardMarkup:
    marked = frozenset(date.fromisoformat(day) for day in picked)
    calendar = month_keyboard(year, month, today=today, locale=i18n.current_locale, marked=marked)
    rows = list(calendar.inline_keyboard)
    builder = InlineKeyboardBuilder.from_markup(InlineKeyboardMarkup(inline_keyboard=rows))
    if picked:
        builder.row(
            *InlineKeyboardBuilder()
            .button(text=_("➡️ Next"), callback_data=SlotPlanCallback(step=SlotPlanStep.days_done))
            .buttons
        )
    builder.row(
        *InlineKeyboardBuilder()
        .button(text=_("⬅️ Main menu"), callback_data=MenuCallback(action=MenuAction.menu))
        .buttons
    )
    return builder.as_markup()


async def calendar_move(
    query: CallbackQuery,
    callback_data: CalendarCallback,
    state: FSMContext,
    clock: Clock,
    settings: Settings,
    i18n: I18n,
) -> None:
    if not valid_month(callback_data) or not isinstance(query.message, Message):
        return
    data = await state.get_data()
    markup = _days_markup(callback_data.year, callback_data.month, _today(clock, settings), data.get("days", []), i18n)
    await query.message.edit_reply_markup(reply_markup=markup)


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
    await edit_or_send(
        query, _days_prompt(len(picked)), reply_markup=_days_markup(day.year, day.month, today, picked, i18n)
    )


async def days_done(query: CallbackQuery, state: FSMContext) -> None:
    if not (await state.get_data()).get("days"):
        return
    await state.set_state(OpenSlots.start)
    await edit_or_send(query, _("From what time?"), reply_markup=hour_keyboard())


async def hour(query: CallbackQuery, callback_data: HourCallback, state: FSMContext) -> None:
    prompt = _("From what time?") if await state.get_state() == OpenSlots.start.state else _("Until what time?")
    if callback_data.hour == -1:
        await edit_or_send(query, prompt, reply_markup=hour_keyboard())
    elif 0 <= callback_data.hour <= 23:
        await edit_or_send(query, prompt, reply_markup=minute_keyboard(callback_data.hour))


async def got_start(query: CallbackQuery, callback_data: MinuteCallback, state: FSMContext) -> None:
    if not (0 <= callback_data.hour <= 23 and 0 <= callback_data.minute <= 59):
        return
    await state.update_data(start=time(callback_data.hour, callback_data.minute).isoformat("minutes"))
    await state.set_state(OpenSlots.end)
    await edit_or_send(query, _("Until what time?"), reply_markup=hour_keyboard())


async def got_end(query: CallbackQuery, callback_data: MinuteCallback, state: FSMContext) -> None:
    if not (0 <= callback_data.hour <= 23 and 0 <= callback_data.minute <= 59):
        return
    end = time(callback_data.hour, callback_data.minute)
    if end <= time.fromisoformat((await state.get_data())["start"]):
        await edit_or_send(query, _("The end must be after the start. Until what time?"), reply_markup=hour_keyboard())
        return
    await state.update_data(end=end.isoformat("minutes"))
    await state.set_state(OpenSlots.length)
    await edit_or_send(
        query, _("How long is one visit?"), reply_markup=_choices(SlotPlanStep.length, slots.VISIT_LENGTHS, _minutes)
    )


def _minutes(value: int) -> str:
    hours, minutes = divmod(value, 60)
    if not hours:
        return _("{minutes} min").format(minutes=minutes)
    return (
        _("{hours} h {minutes:02d}").format(hours=hours, minutes=minutes)
        if minutes
        else _("{hours} h").format(hours=hours)
    )


def _weeks(value: int) -> str:
    return (
        _("Only these days")
        if value == 1
        else ngettext("Every week, for {count} week", "Every week, for {count} weeks", value).format(count=value)
    )


def _choices(step: SlotPlanStep, values: tuple[int, ...], label) -> InlineKeyboardMarkup:  # type: ignore[no-untyped-def]
    builder = InlineKeyboardBuilder()
    for value in values:
        builder.button(text=label(value), callback_data=SlotPlanCallback(step=step, value=value))
    builder.adjust(2 if step is not SlotPlanStep.weeks else 1)
    return builder.as_markup()


async def got_length(query: CallbackQuery, callback_data: SlotPlanCallback, state: FSMContext) -> None:
    if callback_data.value not in slots.VISIT_LENGTHS:
        return
    await state.update_data(length=callback_data.value)
    await state.set_state(OpenSlots.buffer)
    buffers = _choices(SlotPlanStep.buffer, slots.BUFFERS, lambda v: _("No break") if v == 0 else _minutes(v))
    await edit_or_send(query, _("How much time between two visits (travel)?"), reply_markup=buffers)


async def got_buffer(query: CallbackQuery, callback_data: SlotPlanCallback, state: FSMContext) -> None:
    if callback_data.value not in slots.BUFFERS:
        return
    await state.update_data(buffer=callback_data.value)
    await state.set_state(OpenSlots.weeks)
    await edit_or_send(
        query,
        _("Only these days, or every week?"),
        reply_markup=_choices(SlotPlanStep.weeks, slots.REPEAT_WEEKS, _weeks),
    )


def _plan(data: dict) -> Plan:  # type: ignore[type-arg]
    return Plan(
        days=tuple(date.fromisoformat(day) for day in data.get("days", [])),
        start=time.fromisoformat(data["start"]),
        end=time.fromisoformat(data["end"]),
        length_minutes=int(data["length"]),
        buffer_minutes=int(data["buffer"]),
        weeks=int(data.get("weeks", 1)),
    )


async def got_weeks(
    query: CallbackQuery, callback_data: SlotPlanCallback, state: FSMContext, settings: Settings
) -> None:
    if callback_data.value not in slots.REPEAT_WEEKS:
        return
    await state.update_data(weeks=callback_data.value)
    await state.set_state(OpenSlots.confirm)
    plan = _plan(await state.get_data())
    times = plan.local_times()
    if not times:
        await state.set_state(OpenSlots.length)
        await edit_or_send(
            query,
            _("No visit fits between these times. How long is one visit?"),
            reply_markup=_choices(SlotPlanStep.length, slots.VISIT_LENGTHS, _minutes),
        )
        return
    first_day = times[0][0]
    hours = ", ".join(start.strftime("%H:%M") for day, start in times if day == first_day)
    lines = [
        ngettext("<b>{count} time will open.</b>", "<b>{count} times will open.</b>", len(times)).format(
            count=len(times)
        ),
        "",
        _("Each day: {hours}").format(hours=hours),
        _("Visits of {length}, {buffer} between two.").format(
            length=_minutes(plan.length_minutes),
            buffer=_minutes(plan.buffer_minutes) if plan.buffer_minutes else _("no break"),
        ),
        _weeks(plan.weeks),
        _("Days: {days}").format(days=", ".join(texts.day_label(day) for day in plan.days)),
    ]
    builder = InlineKeyboardBuilder()
    builder.button(text=_("✅ Open these times"), callback_data=SlotPlanCallback(step=SlotPlanStep.confirm, value=1))
    builder.button(text=_("✖️ Cancel"), callback_data=MenuCallback(action=MenuAction.availability))
    builder.adjust(1)
    await edit_or_send(query, "\n".join(lines), reply_markup=builder.as_markup())


async def confirmed(
    query: CallbackQuery, state: FSMContext, person: Person, session: AsyncSession, clock: Clock, settings: Settings
) -> None:
    plan = _plan(await state.get_data())
    await state.clear()
    if plan.problems():
        await _show(query, person, session, clock, settings)
        return
    published = await slots.publish(session, person.id, plan, now=clock.now(), tz=settings.tz)
    await session.commit()
    head = ngettext("✅ {count} time opened.", "✅ {count} times opened.", published.created).format(
        count=published.created
    )
    if published.skipped_overlap:
        head += "\n" + ngettext(
            "{count} left out: it overlaps a time already open.",
            "{count} left out: they overlap times already open.",
            published.skipped_overlap,
        ).format(count=published.skipped_overlap)
    if published.skipped_past:
        head += "\n" + ngettext(
            "{count} left out: already past.", "{count} left out: already past.", published.skipped_past
        ).format(count=published.skipped_past)
    await _show(query, person, session, clock, settings, head=head)


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(IsMember(Role.animator))
    router.callback_query.register(overview, MenuCallback.filter(F.action == MenuAction.availability))
    router.callback_query.register(remove, SlotRemoveCallback.filter())
    router.callback_query.register(start, MenuCallback.filter(F.action == MenuAction.open_slots))
    router.callback_query.register(
        calendar_move, OpenSlots.days, CalendarCallback.filter(F.action == CalendarAction.show)
    )
    router.callback_query.register(toggle_day, OpenSlots.days, CalendarCallback.filter(F.action == CalendarAction.pick))
    router.callback_query.register(days_done, OpenSlots.days, SlotPlanCallback.filter(F.step == SlotPlanStep.days_done))
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
