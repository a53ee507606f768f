"""Staff: the list of workshops, a workshop's screen, and creating one or a series.

Creating: theme → title → description → day (calendar) → time → address →
map pin → seats → what to bring → children → repeat → (until) → check → create.
"""

from __future__ import annotations

from datetime import date, datetime, time

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n, ngettext
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import STAFF, IsMember
from bot.models import Person, WorkshopStatus, WorkshopTheme
from bot.services import rsvp, workshops
from bot.services.workshops import Draft, WorkshopError
from bot.timeutil import local_to_utc
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
from handlers.ui.callbacks import (
    MenuAction,
    MenuCallback,
    ShareKind,
    ShareKindCallback,
    ShareTarget,
    SkipCallback,
)
from handlers.ui.replies import edit_or_send
from handlers.workshops import texts
from handlers.workshops.callbacks import (
    CapacityCallback,
    ChildrenCallback,
    RepeatCallback,
    ThemeCallback,
    WorkshopAction,
    WorkshopActionCallback,
    WorkshopCallback,
    WorkshopConfirmCallback,
)
from handlers.workshops.states import NewWorkshop

SEATS = (6, 8, 10, 12, 15, 20)


def _today(clock: Clock, settings: Settings) -> date:
    return clock.now().astimezone(settings.tz).date()


def _skip_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("⏭ Skip"), callback_data=SkipCallback())
    return builder.as_markup()


# --- the list and one workshop ---------------------------------------------


async def workshop_list(
    query: CallbackQuery, state: FSMContext, session: AsyncSession, clock: Clock, settings: Settings
) -> None:
    await state.clear()
    builder = InlineKeyboardBuilder()
    sessions = await workshops.recent_and_upcoming(session, now=clock.now(), limit=15)
    for workshop in sessions:
        mark = "✖️ " if workshop.status is WorkshopStatus.cancelled else ""
        label = f"{mark}{texts.when(workshop.starts_at, settings.tz)} · {workshop.title}"
        builder.button(text=label[:60], callback_data=WorkshopCallback(id=workshop.id))
    builder.button(text=_("➕ New workshop"), callback_data=MenuCallback(action=MenuAction.new_workshop))
    builder.button(text=_("⬅️ Main menu"), callback_data=MenuCallback(action=MenuAction.menu))
    builder.adjust(1)
    text = (
        _("<b>🗓 Workshops</b>")
        + "\n\n"
        + (
            _("Tap a session to invite, follow the answers or mark who came.")
            if sessions
            else _("No workshop planned yet.")
        )
    )
    await edit_or_send(query, text, reply_markup=builder.as_markup())


def _detail_keyboard(workshop_id: int, cancelled: bool) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    actions = [
        (_("📨 Invite"), WorkshopAction.invite),
        (_("🔁 Remind those who have not answered"), WorkshopAction.relance),
        (_("👥 Answers"), WorkshopAction.answers),
        (_("☑️ Who came"), WorkshopAction.attendance),
        (_("✏️ Change"), WorkshopAction.change),
        (_("✖️ Cancel"), WorkshopAction.cancel),
    ]
    for label, action in actions if not cancelled else actions[2:4]:
        builder.button(text=label, callback_data=WorkshopActionCallback(workshop_id=workshop_id, action=action))
    if not cancelled:
        share = ShareKindCallback(to=ShareTarget.workshop, target_id=workshop_id, kind=ShareKind.tutorial)
        builder.button(text=_("📤 Send a tutorial or a tip to the participants"), callback_data=share)
    builder.button(text=_("⬅️ Workshops"), callback_data=MenuCallback(action=MenuAction.workshops))
    builder.adjust(1)
    return builder.as_markup()


async def detail(
    query: CallbackQuery, callback_data: WorkshopCallback, session: AsyncSession, settings: Settings
) -> None:
    workshop = await workshops.get(session, callback_data.id)
    if workshop is None:
        await edit_or_send(query, _("This workshop no longer exists."))
        return
    counts = await rsvp.counts(session, workshop.id)
    await edit_or_send(
        query,
        texts.staff_summary(workshop, counts, settings.tz),
        reply_markup=_detail_keyboard(workshop.id, workshop.status is WorkshopStatus.cancelled),
    )


# --- creating ---------------------------------------------------------------


async def start(query: CallbackQuery, state: FSMContext) -> None:
    await state.clear()
    await state.set_state(NewWorkshop.theme)
    builder = InlineKeyboardBuilder()
    for theme, name in texts.THEME_NAMES.items():
        builder.button(text=str(name), callback_data=ThemeCallback(theme=theme))
    builder.adjust(1)
    await edit_or_send(query, _("<b>New workshop</b>\n\nWhat is the theme?"), reply_markup=builder.as_markup())


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
    await message.answer(_("A few words to describe it? (or Skip)"), reply_markup=_skip_keyboard())


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
    await message.answer(
        _("Which day?"), reply_markup=month_keyboard(today.year, today.month, today=today, locale=i18n.current_locale)
    )


async def calendar_move(
    query: CallbackQuery, callback_data: CalendarCallback, clock: Clock, settings: Settings, i18n: I18n
) -> None:
    today = _today(clock, settings)
    if not valid_month(callback_data):
        return
    markup = month_keyboard(callback_data.year, callback_data.month, today=today, locale=i18n.current_locale)
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=markup)


async def got_day(
    query: CallbackQuery, callback_data: CalendarCallback, state: FSMContext, clock: Clock, settings: Settings
) -> None:
    day = valid_day(callback_data, _today(clock, settings))
    if day is None:
        return
    await state.update_data(day=day.isoformat())
    await state.set_state(NewWorkshop.time)
    await edit_or_send(query, _("At what time does it start?"), reply_markup=hour_keyboard())


async def got_hour(query: CallbackQuery, callback_data: HourCallback) -> None:
    if callback_data.hour == -1:
        await edit_or_send(query, _("At what time does it start?"), reply_markup=hour_keyboard())
        return
    if not 0 <= callback_data.hour <= 23:
        return
    await edit_or_send(query, _("At what time does it start?"), reply_markup=minute_keyboard(callback_data.hour))


async def got_time(
    query: CallbackQuery, callback_data: MinuteCallback, state: FSMContext, clock: Clock, settings: Settings
) -> None:
    if not (0 <= callback_data.hour <= 23 and 0 <= callback_data.minute <= 59):
        return
    data = await state.get_data()
    starts_at = local_to_utc(
        date.fromisoformat(data["day"]), time(callback_data.hour, callback_data.minute), settings.tz
    )
    if starts_at <= clock.now():
        await edit_or_send(query, _("This time has already passed. Choose a later one."), reply_markup=hour_keyboard())
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
        _("To show it on a map, send a location (📎 → Location). Or Skip."), reply_markup=_skip_keyboard()
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
    builder = InlineKeyboardBuilder()
    for seats in SEATS:
        builder.button(text=str(seats), callback_data=CapacityCallback(seats=seats))
    builder.adjust(3)
    await message.answer(_("How many seats? Tap a number or type one."), reply_markup=builder.as_markup())


async def typed_capacity(message: Message, state: FSMContext) -> None:
    seats = workshops.parse_seats(message.text)
    if seats is None:
        await message.answer(_("Type a number of seats between 1 and 500."))
        return
    await _got_capacity(message, state, seats)


async def tapped_capacity(query: CallbackQuery, callback_data: CapacityCallback, state: FSMContext) -> None:
    if not 1 <= callback_data.seats <= 500:
        return
    assert isinstance(query.message, Message)
    await _got_capacity(query.message, state, callback_data.seats)


async def _got_capacity(message: Message, state: FSMContext, seats: int) -> None:
    await state.update_data(capacity=seats)
    await state.set_state(NewWorkshop.bring)
    await message.answer(_("What should people bring? (or Skip)"), reply_markup=_skip_keyboard())


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
    await state.set_state(NewWorkshop.children)
    builder = InlineKeyboardBuilder()
    builder.button(text=_("Yes"), callback_data=ChildrenCallback(welcome=True))
    builder.button(text=_("No"), callback_data=ChildrenCallback(welcome=False))
    builder.adjust(2)
    await message.answer(_("Are children welcome?"), reply_markup=builder.as_markup())


async def got_children(query: CallbackQuery, callback_data: ChildrenCallback, state: FSMContext) -> None:
    await state.update_data(children=callback_data.welcome)
    await state.set_state(NewWorkshop.repeat)
    builder = InlineKeyboardBuilder()
    builder.button(text=_("Once"), callback_data=RepeatCallback(every_weeks=0))
    builder.button(text=_("Every two weeks"), callback_data=RepeatCallback(every_weeks=2))
    builder.button(text=_("Every week"), callback_data=RepeatCallback(every_weeks=1))
    builder.button(text=_("Every three weeks"), callback_data=RepeatCallback(every_weeks=3))
    builder.button(text=_("Every four weeks"), callback_data=RepeatCallback(every_weeks=4))
    builder.adjust(1)
    await edit_or_send(query, _("Does it repeat?"), reply_markup=builder.as_markup())


async def got_repeat(
    query: CallbackQuery,
    callback_data: RepeatCallback,
    state: FSMContext,
    clock: Clock,
    settings: Settings,
    i18n: I18n,
) -> None:
    if not 0 <= callback_data.every_weeks <= 8:
        return
    await state.update_data(every_weeks=callback_data.every_weeks or None)
    if not callback_data.every_weeks:
        await _confirm(query, state, settings)
        return
    await state.set_state(NewWorkshop.until)
    today = _today(clock, settings)
    await edit_or_send(
        query,
        _("Until which day?"),
        reply_markup=month_keyboard(today.year, today.month, today=today, locale=i18n.current_locale),
    )


async def got_until(
    query: CallbackQuery, callback_data: CalendarCallback, state: FSMContext, clock: Clock, settings: Settings
) -> None:
    day = valid_day(callback_data, _today(clock, settings))
    if day is None:
        return
    await state.update_data(until=local_to_utc(day, time(23, 59), settings.tz).isoformat())
    await _confirm(query, state, settings)


def _draft(data: dict) -> Draft:  # type: ignore[type-arg]
    return Draft(
        theme=WorkshopTheme(data["theme"]),
        title=data["title"],
        description=data.get("description") or None,
        starts_at=datetime.fromisoformat(data["starts_at"]),
        place=data["place"],
        latitude=data.get("latitude"),
        longitude=data.get("longitude"),
        capacity=data["capacity"],
        bring=data.get("bring"),
        children_welcome=bool(data.get("children")),
    )


async def _confirm(query: CallbackQuery, state: FSMContext, settings: Settings) -> None:
    await state.set_state(NewWorkshop.confirm)
    data = await state.get_data()
    draft = _draft(data)
    until = datetime.fromisoformat(data["until"]) if data.get("until") else None
    dates = workshops.session_dates(draft.starts_at, data.get("every_weeks"), until)
    lines = [
        _("<b>Check the workshop</b>"),
        "",
        str(texts.THEME_NAMES[draft.theme]),
        *texts.summary_lines(draft, settings.tz),
        _("Seats: {capacity}").format(capacity=draft.capacity),
    ]
    if len(dates) > 1:
        every = ngettext("🔁 {count} session, until {day}", "🔁 {count} sessions, until {day}", len(dates))
        lines.append(every.format(count=len(dates), day=texts.when(dates[-1], settings.tz)))
    builder = InlineKeyboardBuilder()
    builder.button(text=_("✅ Create"), callback_data=WorkshopConfirmCallback(confirm=True))
    builder.button(text=_("✖️ Cancel"), callback_data=WorkshopConfirmCallback(confirm=False))
    builder.adjust(1)
    await edit_or_send(query, "\n".join(lines), reply_markup=builder.as_markup())


async def create(
    query: CallbackQuery, state: FSMContext, person: Person, session: AsyncSession, clock: Clock, settings: Settings
) -> None:
    data = await state.get_data()
    await state.clear()
    until = datetime.fromisoformat(data["until"]) if data.get("until") else None
    try:
        created = await workshops.create(
            session,
            _draft(data),
            created_by_id=person.id,
            now=clock.now(),
            tz=settings.tz,
            every_weeks=data.get("every_weeks"),
            until=until,
        )
    except WorkshopError:
        await edit_or_send(query, _("This time has already passed. Start again from the workshops menu."))
        return
    await session.commit()
    first = created[0]
    counts = await rsvp.counts(session, first.id)
    done = ngettext("✅ Workshop created.", "✅ {count} sessions created.", len(created)).format(count=len(created))
    text = done + "\n\n" + texts.staff_summary(first, counts, settings.tz)
    await edit_or_send(query, text, reply_markup=_detail_keyboard(first.id, cancelled=False))


async def calendar_label(query: CallbackQuery) -> None:
    """A month name, a weekday or a past day: nothing to do (the press is still answered)."""


async def creation_cancelled(query: CallbackQuery, state: FSMContext) -> None:
    await state.clear()
    await edit_or_send(query, _("Stopped. Nothing was created."), reply_markup=_back_to_workshops())


def _back_to_workshops() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("⬅️ Workshops"), callback_data=MenuCallback(action=MenuAction.workshops))
    return builder.as_markup()


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(IsMember(*STAFF))
    router.callback_query.filter(IsMember(*STAFF))
    router.callback_query.register(workshop_list, MenuCallback.filter(F.action == MenuAction.workshops))
    router.callback_query.register(calendar_label, CalendarCallback.filter(F.action == CalendarAction.ignore))
    router.callback_query.register(detail, WorkshopCallback.filter())
    router.callback_query.register(start, MenuCallback.filter(F.action == MenuAction.new_workshop))
    router.callback_query.register(got_theme, NewWorkshop.theme, ThemeCallback.filter())
    router.message.register(got_title, NewWorkshop.title, F.text)
    router.message.register(got_description, NewWorkshop.description, F.text)
    router.callback_query.register(skip_description, NewWorkshop.description, SkipCallback.filter())
    router.callback_query.register(
        calendar_move, NewWorkshop.day, CalendarCallback.filter(F.action == CalendarAction.show)
    )
    router.callback_query.register(
        calendar_move, NewWorkshop.until, CalendarCallback.filter(F.action == CalendarAction.show)
    )
    router.callback_query.register(got_day, NewWorkshop.day, CalendarCallback.filter(F.action == CalendarAction.pick))
    router.callback_query.register(got_hour, NewWorkshop.time, HourCallback.filter())
    router.callback_query.register(got_time, NewWorkshop.time, MinuteCallback.filter())
    router.message.register(got_place, NewWorkshop.place, F.text)
    router.message.register(got_location, NewWorkshop.location, F.location)
    router.callback_query.register(skip_location, NewWorkshop.location, SkipCallback.filter())
    router.message.register(typed_capacity, NewWorkshop.capacity, F.text)
    router.callback_query.register(tapped_capacity, NewWorkshop.capacity, CapacityCallback.filter())
    router.message.register(got_bring, NewWorkshop.bring, F.text)
    router.callback_query.register(skip_bring, NewWorkshop.bring, SkipCallback.filter())
    router.callback_query.register(got_children, NewWorkshop.children, ChildrenCallback.filter())
    router.callback_query.register(got_repeat, NewWorkshop.repeat, RepeatCallback.filter())
    router.callback_query.register(
        got_until, NewWorkshop.until, CalendarCallback.filter(F.action == CalendarAction.pick)
    )
    router.callback_query.register(create, NewWorkshop.confirm, WorkshopConfirmCallback.filter(F.confirm))
    router.callback_query.register(creation_cancelled, NewWorkshop.confirm, WorkshopConfirmCallback.filter(~F.confirm))
    return router
