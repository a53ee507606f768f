"""Staff: creating a workshop or a series, its first steps.

Theme → title → description → day (calendar) → time → address → map pin →
seats → what to bring; then create_check.py: children → repeat → (until) →
check → create.
"""

from __future__ import annotations

from datetime import date

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from bot.clock import Clock
from bot.config import Settings
from bot.filters import STAFF, IsMember
from bot.services import workshops
from bot.timeutil import local_to_utc
from handlers.ui.calendar import CalendarAction, CalendarCallback, HourCallback, MinuteCallback, valid_day
from handlers.ui.callbacks import MenuAction, MenuCallback, SkipCallback
from handlers.ui.picker import ask_hour, hour_picked, picked_time, turn_month
from handlers.ui.replies import edit_or_send
from handlers.workshops import keyboards
from handlers.workshops.callbacks import CapacityCallback, ThemeCallback
from handlers.workshops.states import NewWorkshop


def _today(clock: Clock, settings: Settings) -> date:
    return clock.now().astimezone(settings.tz).date()


def _start_prompt() -> str:
    return _("At what time does it start?")


async def start(query: CallbackQuery, state: FSMContext) -> None:
    await state.clear()
    await state.set_state(NewWorkshop.theme)
    await edit_or_send(query, _("<b>New workshop</b>\n\nWhat is the theme?"), reply_markup=keyboards.themes())


async def got_theme(query: CallbackQuery, callback_data: ThemeCallback, state: FSMContext) -> None:
    await state.update_data(theme=callback_data.theme.value)
    await state.set_state(NewWorkshop.title)
    await edit_or_send(query, _("Its title? For example <i>Repaint a door</i>."))


async def got_title(message: Message, state: FSMContext) -> None:
    title = " ".join((message.text or "").split())
    if not 1 <= len(title) <= 120:
        await message.answer(_("A title has 1 to 120 characters. Try again."))
        return
    await state.update_data(title=title)
    await state.set_state(NewWorkshop.description)
    await message.answer(_("A few words to describe it? (or Skip)"), reply_markup=keyboards.skip())


async def got_description(message: Message, state: FSMContext, clock: Clock, settings: Settings, i18n: I18n) -> None:
    description = (message.text or "").strip()
    if len(description) > 1000:
        await message.answer(_("Keep it under 1000 characters, please."))
        return
    await state.update_data(description=description)
    await _ask_day(message, state, clock, settings, i18n)


async def skip_description(
    query: CallbackQuery, state: FSMContext, clock: Clock, settings: Settings, i18n: I18n
) -> None:
    await state.update_data(description=None)
    assert isinstance(query.message, Message)
    await _ask_day(query.message, state, clock, settings, i18n)


async def _ask_day(message: Message, state: FSMContext, clock: Clock, settings: Settings, i18n: I18n) -> None:
    await state.set_state(NewWorkshop.day)
    today = _today(clock, settings)
    await message.answer(_("Which day?"), reply_markup=keyboards.this_month(today, i18n.current_locale))


async def turn(
    query: CallbackQuery, callback_data: CalendarCallback, clock: Clock, settings: Settings, i18n: I18n
) -> None:
    await turn_month(query, callback_data, keyboards.month(_today(clock, settings), i18n.current_locale))


async def got_day(
    query: CallbackQuery, callback_data: CalendarCallback, state: FSMContext, clock: Clock, settings: Settings
) -> None:
    day = valid_day(callback_data, _today(clock, settings))
    if day is None:
        return
    await state.update_data(day=day.isoformat())
    await state.set_state(NewWorkshop.time)
    await ask_hour(query, _start_prompt())


async def got_hour(query: CallbackQuery, callback_data: HourCallback) -> None:
    await hour_picked(query, callback_data, _start_prompt())


async def got_time(
    query: CallbackQuery, callback_data: MinuteCallback, state: FSMContext, clock: Clock, settings: Settings
) -> None:
    picked = picked_time(callback_data)
    if picked is None:
        return
    data = await state.get_data()
    starts_at = local_to_utc(date.fromisoformat(data["day"]), picked, settings.tz)
    if starts_at <= clock.now():
        await ask_hour(query, _("This time has already passed. Choose a later one."))
        return
    await state.update_data(starts_at=starts_at.isoformat())
    await state.set_state(NewWorkshop.place)
    await edit_or_send(query, _("Where? Send the address, for example <i>Centre social, 4 rue des Lilas</i>."))


async def got_place(message: Message, state: FSMContext) -> None:
    place = workshops.clean_place(message.text)
    if place is None:
        await message.answer(_("An address has 1 to 200 characters. Try again."))
        return
    await state.update_data(place=place)
    await state.set_state(NewWorkshop.location)
    await message.answer(
        _("To show it on a map, send a location (📎 → Location). Or Skip."), reply_markup=keyboards.skip()
    )


async def got_location(message: Message, state: FSMContext) -> None:
    assert message.location is not None
    await state.update_data(latitude=message.location.latitude, longitude=message.location.longitude)
    await _ask_capacity(message, state)


async def skip_location(query: CallbackQuery, state: FSMContext) -> None:
    assert isinstance(query.message, Message)
    await _ask_capacity(query.message, state)


async def _ask_capacity(message: Message, state: FSMContext) -> None:
    await state.set_state(NewWorkshop.capacity)
    await message.answer(_("How many seats? Tap a number or type one."), reply_markup=keyboards.seats())


async def typed_capacity(message: Message, state: FSMContext) -> None:
    seats = workshops.parse_seats(message.text)
    if seats is None:
        await message.answer(_("Type a number of seats between 1 and 500."))
        return
    await _got_capacity(message, state, seats)


async def tapped_capacity(query: CallbackQuery, callback_data: CapacityCallback, state: FSMContext) -> None:
    if not 1 <= callback_data.seats <= workshops.MAX_SEATS:
        return
    assert isinstance(query.message, Message)
    await _got_capacity(query.message, state, callback_data.seats)


async def _got_capacity(message: Message, state: FSMContext, seats: int) -> None:
    await state.update_data(capacity=seats)
    await state.set_state(NewWorkshop.bring)
    await message.answer(_("What should people bring? (or Skip)"), reply_markup=keyboards.skip())


async def got_bring(message: Message, state: FSMContext) -> None:
    bring = " ".join((message.text or "").split())
    if len(bring) > 300:
        await message.answer(_("Keep it under 300 characters, please."))
        return
    await state.update_data(bring=bring or None)
    await _ask_children(message, state)


async def skip_bring(query: CallbackQuery, state: FSMContext) -> None:
    assert isinstance(query.message, Message)
    await _ask_children(query.message, state)


async def _ask_children(message: Message, state: FSMContext) -> None:
    await state.set_state(NewWorkshop.children)  # answered in create_check.py
    await message.answer(_("Are children welcome?"), reply_markup=keyboards.children())


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(IsMember(*STAFF))
    router.callback_query.filter(IsMember(*STAFF))
    calendar_turn = CalendarCallback.filter(F.action == CalendarAction.show)
    calendar_pick = CalendarCallback.filter(F.action == CalendarAction.pick)
    router.callback_query.register(start, MenuCallback.filter(F.action == MenuAction.new_workshop))
    router.callback_query.register(got_theme, NewWorkshop.theme, ThemeCallback.filter())
    router.message.register(got_title, NewWorkshop.title, F.text)
    router.message.register(got_description, NewWorkshop.description, F.text)
    router.callback_query.register(skip_description, NewWorkshop.description, SkipCallback.filter())
    router.callback_query.register(turn, NewWorkshop.day, calendar_turn)
    router.callback_query.register(got_day, NewWorkshop.day, calendar_pick)
    router.callback_query.register(got_hour, NewWorkshop.time, HourCallback.filter())
    router.callback_query.register(got_time, NewWorkshop.time, MinuteCallback.filter())
    router.message.register(got_place, NewWorkshop.place, F.text)
    router.message.register(got_location, NewWorkshop.location, F.location)
    router.callback_query.register(skip_location, NewWorkshop.location, SkipCallback.filter())
    router.message.register(typed_capacity, NewWorkshop.capacity, F.text)
    router.callback_query.register(tapped_capacity, NewWorkshop.capacity, CapacityCallback.filter())
    router.message.register(got_bring, NewWorkshop.bring, F.text)
    router.callback_query.register(skip_bring, NewWorkshop.bring, SkipCallback.filter())
    return router
