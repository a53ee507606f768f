"""Staff and home visits: the day's visits, one visit's screen, saying how it
went (done or missed, a note, the next step), cancelling or writing to the
household, a household's visits, booking for a household, the week as .ics."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardMarkup,
    Message,
)
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import STAFF, IsMember
from bot.models import Household, Person, Phase, Role, Visit, VisitKind, VisitStatus
from bot.services import households, people
from bot.services.visits import booking, calendar, reminders
from bot.services.visits.booking import BookingRefused
from bot.timeutil import local_to_utc
from handlers.ui import texts as base_texts
from handlers.ui.callbacks import MenuAction, MenuCallback, SkipCallback
from handlers.ui.replies import edit_or_send, refuse
from handlers.visits import household_card, texts
from handlers.visits.callbacks import (
    DayViewCallback,
    HouseholdVisitsCallback,
    ReferentCallback,
    VisitAction,
    VisitActionCallback,
    VisitCallback,
    VisitDaysCallback,
    VisitHouseholdCallback,
    WeekCalendarCallback,
)
from handlers.visits.states import StaffCancel, VisitMessage, VisitOutcome
from handlers.visits.texts import refusal_text


def _today(clock: Clock, settings: Settings) -> date:
    return clock.now().astimezone(settings.tz).date()


async def _managed_visit(session: AsyncSession, person: Person, visit_id: int) -> tuple[Visit, Household] | None:
    visit = await session.get(Visit, visit_id)
    household = await session.get(Household, visit.household_id) if visit else None
    if visit is None or household is None:
        return None
    # The animator who leads the visit keeps it, even if the household was handed over since.
    if not (households.follows(person, household) or visit.animator_id == person.id):
        return None
    return visit, household


# --- the day ---


async def my_day(
    query: CallbackQuery, state: FSMContext, person: Person, session: AsyncSession, clock: Clock, settings: Settings
) -> None:
    await state.clear()
    await _show_day(query, person, session, clock, settings, _today(clock, settings))


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
    waiting = [
        pair for pair in await booking.to_close(session, person.id, now=clock.now()) if pair[0].starts_at < start
    ]
    builder = InlineKeyboardBuilder()
    for visit, household in waiting[:10]:
        label = _("⏳ {when} · {reference}: how did it go?").format(
            when=texts.when(visit.starts_at, tz), reference=household.reference
        )
        builder.button(text=label[:60], callback_data=VisitCallback(visit_id=visit.id))
    for visit, household in visits:
        label = f"{texts.STATUS_MARKS[visit.status]} {texts.clock(visit.starts_at, tz)} · {household.reference} · {texts.kind_name(visit.kind)}"
        builder.button(text=label[:60], callback_data=VisitCallback(visit_id=visit.id))
    builder.button(text=_("◀️ Previous day"), callback_data=DayViewCallback(day=day.toordinal() - 1))
    builder.button(text=_("Next day ▶️"), callback_data=DayViewCallback(day=day.toordinal() + 1))
    monday = day - timedelta(days=day.weekday())
    builder.button(
        text=_("📅 This week in my calendar (.ics)"), callback_data=WeekCalendarCallback(day=monday.toordinal())
    )
    builder.button(text=_("⬅️ Main menu"), callback_data=MenuCallback(action=MenuAction.menu))
    builder.adjust(*([1] * (len(visits) + len(waiting[:10]))), 2, 1, 1)
    head = _("<b>📋 {day}</b>").format(day=texts.day_label(day))
    body = _("Tap a visit to open it.") if visits else _("No visit this day.")
    await edit_or_send(query, head + "\n\n" + body, reply_markup=builder.as_markup())


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
    visits = await booking.between(session, person.id, start, end)
    events = [
        calendar.Event(
            visit_id=visit.id,
            version=visit.version,
            starts_at=visit.starts_at,
            ends_at=visit.ends_at,
            summary=f"{household.reference} · {texts.kind_name(visit.kind).split(' ', 1)[-1]}",
            description=visit.tenant_note or "",
            location=household.address or household.site,
        )
        for visit, household in visits
    ]
    data = calendar.calendar_file(events, now=clock.now())
    await bot.send_document(
        query.message.chat.id,
        BufferedInputFile(data, filename=f"visits-{monday.isoformat()}.ics"),
        caption=ngettext(
            "📅 {count} visit in the week of {day}.", "📅 {count} visits in the week of {day}.", len(events)
        ).format(count=len(events), day=texts.day_label(monday)),
    )


# --- one visit ---


def _staff_buttons(visit: Visit, household: Household, now: datetime) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    visit_id = visit.id
    actions: list[tuple[str, VisitAction]] = []
    if booking.can_close(visit, now):
        actions += [(_("✅ Done"), VisitAction.done), (_("🚫 Nobody home"), VisitAction.missed)]
    if visit.status is VisitStatus.booked and visit.starts_at > now:
        actions += [(_("🔁 Move"), VisitAction.move), (_("✖️ Cancel"), VisitAction.cancel)]
    if visit.status is VisitStatus.booked:
        actions.append((_("✉️ Message to the household"), VisitAction.message))
    if visit.photo_file_id:
        actions.append((_("📷 See the photo"), VisitAction.photo))
    for label, action in actions:
        builder.button(text=label, callback_data=VisitActionCallback(visit_id=visit_id, action=action))
    builder.button(
        text=_("🗂 All visits of this household"), callback_data=HouseholdVisitsCallback(household_id=household.id)
    )
    builder.button(text=_("⬅️ My day"), callback_data=MenuCallback(action=MenuAction.my_day))
    builder.adjust(1)
    return builder.as_markup()


async def _tenant_names(session: AsyncSession, household_id: int) -> list[str]:
    return [person.name for person in await people.tenants_of(session, household_id)]


async def _card_text(session: AsyncSession, visit: Visit, household: Household, settings: Settings) -> str:
    names = await _tenant_names(session, household.id)
    return texts.staff_card(visit, household.reference, household.address, names, settings.tz)


async def card(
    query: CallbackQuery,
    callback_data: VisitCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    await state.clear()
    found = await _managed_visit(session, person, callback_data.visit_id)
    if found is None:
        refuse(callback_answer)
        return
    visit, household = found
    await edit_or_send(
        query,
        await _card_text(session, visit, household, settings),
        reply_markup=_staff_buttons(visit, household, clock.now()),
    )


async def show_photo(
    query: CallbackQuery,
    callback_data: VisitActionCallback,
    person: Person,
    session: AsyncSession,
    bot: Bot,
    callback_answer: CallbackAnswer,
) -> None:
    found = await _managed_visit(session, person, callback_data.visit_id)
    if found is None or not found[0].photo_file_id or query.message is None:
        refuse(callback_answer)
        return
    await bot.send_photo(query.message.chat.id, found[0].photo_file_id, caption=found[1].reference)


# --- how it went ---


async def close(
    query: CallbackQuery,
    callback_data: VisitActionCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    found = await _managed_visit(session, person, callback_data.visit_id)
    if found is None or not booking.can_close(found[0], clock.now()):
        refuse(callback_answer)
        return
    visit = found[0]
    done = callback_data.action is VisitAction.done
    if done and visit.kind in (VisitKind.tripartite, VisitKind.closing):
        builder = InlineKeyboardBuilder()
        builder.button(text=_("✅ Yes"), callback_data=ReferentCallback(visit_id=visit.id, present=True))
        builder.button(text=_("❌ No"), callback_data=ReferentCallback(visit_id=visit.id, present=False))
        builder.adjust(1)
        await edit_or_send(query, _("Was the social worker there?"), reply_markup=builder.as_markup())
        return
    await _record(query, visit, done, None, state, person, session, clock, settings)


async def referent(
    query: CallbackQuery,
    callback_data: ReferentCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    found = await _managed_visit(session, person, callback_data.visit_id)
    if found is None or not booking.can_close(found[0], clock.now()):
        refuse(callback_answer)
        return
    await _record(query, found[0], True, callback_data.present, state, person, session, clock, settings)


def _skip_markup() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("⏭ Skip"), callback_data=SkipCallback())
    return builder.as_markup()


async def _record(
    query: CallbackQuery,
    visit: Visit,
    done: bool,
    referent_present: bool | None,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
) -> None:
    """The outcome is saved at once; the note and the next step are added to it as they are typed."""
    await booking.close(
        session, visit, done=done, by=person, referent_present=referent_present, now=clock.now(), tz=settings.tz
    )
    await session.commit()
    await state.set_state(VisitOutcome.note)
    await state.update_data(visit_id=visit.id)
    head = _("✅ Marked as done.") if done else _("🚫 Marked as missed: nobody was home.")
    await edit_or_send(
        query, head + "\n\n" + _("Write a short note about the visit (or Skip)."), reply_markup=_skip_markup()
    )


async def _visit_in_state(state: FSMContext, person: Person, session: AsyncSession) -> tuple[Visit, Household] | None:
    data = await state.get_data()
    return await _managed_visit(session, person, int(data.get("visit_id", 0)))


async def got_note(message: Message, state: FSMContext, person: Person, session: AsyncSession) -> None:
    found = await _visit_in_state(state, person, session)
    if found is None:
        await state.clear()
        await message.answer(_("This visit no longer exists."))
        return
    await booking.set_outcome(session, found[0], note=message.text)
    await session.commit()
    await _ask_next_step(message, state)


async def skip_note(query: CallbackQuery, state: FSMContext) -> None:
    assert isinstance(query.message, Message)
    await _ask_next_step(query.message, state)


async def _ask_next_step(message: Message, state: FSMContext) -> None:
    await state.set_state(VisitOutcome.next_step)
    await message.answer(_("What is the next step? (or Skip)"), reply_markup=_skip_markup())


async def got_next_step(
    message: Message, state: FSMContext, person: Person, session: AsyncSession, settings: Settings
) -> None:
    found = await _visit_in_state(state, person, session)
    await state.clear()
    if found is None:
        await message.answer(_("This visit no longer exists."))
        return
    await booking.set_outcome(session, found[0], next_step=message.text)
    await session.commit()
    await _finish(message, session, found, settings)


async def skip_next_step(
    query: CallbackQuery, state: FSMContext, person: Person, session: AsyncSession, settings: Settings
) -> None:
    found = await _visit_in_state(state, person, session)
    await state.clear()
    if found is None or not isinstance(query.message, Message):
        return
    await _finish(query.message, session, found, settings)


async def _finish(message: Message, session: AsyncSession, found: tuple[Visit, Household], settings: Settings) -> None:
    visit, household = found
    builder = InlineKeyboardBuilder()
    builder.button(
        text=_("🗂 All visits of this household"), callback_data=HouseholdVisitsCallback(household_id=household.id)
    )
    builder.button(text=_("⬅️ My day"), callback_data=MenuCallback(action=MenuAction.my_day))
    builder.adjust(1)
    text = _("Saved in the household's history.") + "\n\n" + await _card_text(session, visit, household, settings)
    await message.answer(text, reply_markup=builder.as_markup())


# --- cancelling, writing to the household ---


async def ask_cancel(
    query: CallbackQuery,
    callback_data: VisitActionCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    callback_answer: CallbackAnswer,
) -> None:
    found = await _managed_visit(session, person, callback_data.visit_id)
    if found is None or found[0].status is not VisitStatus.booked or found[0].starts_at <= clock.now():
        refuse(callback_answer)
        return
    await state.set_state(StaffCancel.reason)
    await state.update_data(visit_id=found[0].id)
    builder = InlineKeyboardBuilder()
    builder.button(text=_("⏭ Cancel without a message"), callback_data=SkipCallback())
    builder.button(text=_("⬅️ Keep the visit"), callback_data=VisitCallback(visit_id=found[0].id))
    builder.adjust(1)
    await edit_or_send(
        query, _("Why is the visit cancelled? Your words go to the household."), reply_markup=builder.as_markup()
    )


async def _cancel(
    message: Message,
    reason: str | None,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
) -> None:
    found = await _visit_in_state(state, person, session)
    await state.clear()
    if found is None:
        await message.answer(_("This visit no longer exists."))
        return
    try:
        await booking.cancel(session, found[0], cancelled_by=person, reason=reason, now=clock.now(), tz=settings.tz)
    except BookingRefused as refused:
        await message.answer(refusal_text(refused.reason))
        return
    await session.commit()
    builder = InlineKeyboardBuilder()
    builder.button(text=_("⬅️ My day"), callback_data=MenuCallback(action=MenuAction.my_day))
    await message.answer(_("✖️ Cancelled. The household is told."), reply_markup=builder.as_markup())


async def cancel_typed(
    message: Message, state: FSMContext, person: Person, session: AsyncSession, clock: Clock, settings: Settings
) -> None:
    await _cancel(message, message.text, state, person, session, clock, settings)


async def cancel_skipped(
    query: CallbackQuery, state: FSMContext, person: Person, session: AsyncSession, clock: Clock, settings: Settings
) -> None:
    assert isinstance(query.message, Message)
    await _cancel(query.message, None, state, person, session, clock, settings)


async def ask_message(
    query: CallbackQuery,
    callback_data: VisitActionCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    callback_answer: CallbackAnswer,
) -> None:
    found = await _managed_visit(session, person, callback_data.visit_id)
    if found is None or found[0].status is not VisitStatus.booked:
        refuse(callback_answer)
        return
    await state.set_state(VisitMessage.text)
    await state.update_data(visit_id=found[0].id)
    builder = InlineKeyboardBuilder()
    builder.button(text=_("⬅️ Back to the visit"), callback_data=VisitCallback(visit_id=found[0].id))
    await edit_or_send(query, _("Write your message for the household."), reply_markup=builder.as_markup())


async def got_message(message: Message, state: FSMContext, person: Person, session: AsyncSession, clock: Clock) -> None:
    text = booking.clean_text(message.text, booking.REASON_MAX)
    if text is None:
        await message.answer(_("Write a few words, please."))
        return
    found = await _visit_in_state(state, person, session)
    await state.clear()
    if found is None:
        await message.answer(_("This visit no longer exists."))
        return
    await reminders.staff_message(session, found[0], text, now=clock.now())
    await session.commit()
    builder = InlineKeyboardBuilder()
    builder.button(text=_("📋 Open the visit"), callback_data=VisitCallback(visit_id=found[0].id))
    await message.answer(_("✉️ Sent to the household."), reply_markup=builder.as_markup())


# --- households' visits, booking for a household ---


async def households_list(query: CallbackQuery, state: FSMContext, person: Person, session: AsyncSession) -> None:
    await state.clear()
    animator_id = person.id if person.role is Role.animator else None
    page = await households.list_households(session, animator_id=animator_id, offset=0, limit=40)
    builder = InlineKeyboardBuilder()
    for row in page.rows:
        builder.button(
            text=f"🏠 {row.household.reference} · {row.household.site}"[:60],
            callback_data=HouseholdVisitsCallback(household_id=row.household.id),
        )
    builder.button(text=_("⬅️ Main menu"), callback_data=MenuCallback(action=MenuAction.menu))
    builder.adjust(1)
    text = _("<b>🏠 Visits by household</b>\n\nChoose a household.") if page.rows else _("No household yet.")
    await edit_or_send(query, text, reply_markup=builder.as_markup())


async def household_visits(
    query: CallbackQuery,
    callback_data: HouseholdVisitsCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    await state.clear()
    household = await session.get(Household, callback_data.household_id)
    if household is None or not households.follows(person, household):
        refuse(callback_answer)
        return
    history = await booking.history(session, household.id)
    lines = [
        _("<b>🏠 {reference}</b> · {site}").format(reference=household.reference, site=household.site),
        _("Phase: {phase}").format(phase=base_texts.PHASE_NAMES[household.phase]),
        _("Address: {address}").format(address=household.address or _("not given yet")),
        "",
        _("<b>🗂 Visits of {reference}</b>").format(reference=household.reference),
        "",
    ]
    builder = InlineKeyboardBuilder()
    for visit in history:
        line = f"{texts.STATUS_MARKS[visit.status]} {texts.when(visit.starts_at, settings.tz)} · {texts.kind_name(visit.kind)}"
        lines.append(line)
        if visit.outcome_note:
            lines.append("   🗒 " + texts.escape(visit.outcome_note))
        if visit.next_step:
            lines.append("   ➡️ " + texts.escape(visit.next_step))
        builder.button(text=line[:60], callback_data=VisitCallback(visit_id=visit.id))
    if not history:
        lines.append(_("No visit yet."))
    if household.animator_id and household.phase is not Phase.closed:
        builder.button(
            text=_("📅 Book a visit for this household"),
            callback_data=VisitHouseholdCallback(household_id=household.id),
        )
    household_card.card_buttons(builder, household, person)
    builder.button(text=_("⬅️ Households"), callback_data=MenuCallback(action=MenuAction.book_for))
    builder.adjust(1)
    await edit_or_send(query, "\n".join(lines)[:4000], reply_markup=builder.as_markup())


async def pick_kind(
    query: CallbackQuery,
    callback_data: VisitHouseholdCallback,
    person: Person,
    session: AsyncSession,
    callback_answer: CallbackAnswer,
) -> None:
    household = await session.get(Household, callback_data.household_id)
    if household is None or not households.follows(person, household):
        refuse(callback_answer)
        return
    builder = InlineKeyboardBuilder()
    proposed = booking.proposed_kind(household.phase)
    for kind in VisitKind:
        mark = "⭐ " if kind is proposed else ""
        builder.button(
            text=mark + texts.kind_name(kind),
            callback_data=VisitDaysCallback(household_id=household.id, visit_id=0, kind=kind),
        )
    builder.button(text=_("⬅️ Back"), callback_data=HouseholdVisitsCallback(household_id=household.id))
    builder.adjust(1)
    await edit_or_send(
        query, _("What is the visit for? (⭐ = the household's phase)"), reply_markup=builder.as_markup()
    )


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(IsMember(*STAFF))
    router.message.filter(IsMember(*STAFF))
    router.callback_query.register(my_day, MenuCallback.filter(F.action == MenuAction.my_day))
    router.callback_query.register(day_view, DayViewCallback.filter())
    router.callback_query.register(week_calendar, WeekCalendarCallback.filter())
    router.callback_query.register(card, VisitCallback.filter())
    router.callback_query.register(show_photo, VisitActionCallback.filter(F.action == VisitAction.photo))
    router.callback_query.register(
        close, VisitActionCallback.filter(F.action.in_({VisitAction.done, VisitAction.missed}))
    )
    router.callback_query.register(referent, ReferentCallback.filter())
    router.message.register(got_note, VisitOutcome.note, F.text)
    router.callback_query.register(skip_note, VisitOutcome.note, SkipCallback.filter())
    router.message.register(got_next_step, VisitOutcome.next_step, F.text)
    router.callback_query.register(skip_next_step, VisitOutcome.next_step, SkipCallback.filter())
    router.callback_query.register(ask_cancel, VisitActionCallback.filter(F.action == VisitAction.cancel))
    router.message.register(cancel_typed, StaffCancel.reason, F.text)
    router.callback_query.register(cancel_skipped, StaffCancel.reason, SkipCallback.filter())
    router.callback_query.register(ask_message, VisitActionCallback.filter(F.action == VisitAction.message))
    router.message.register(got_message, VisitMessage.text, F.text)
    router.callback_query.register(households_list, MenuCallback.filter(F.action == MenuAction.book_for))
    router.callback_query.register(household_visits, HouseholdVisitsCallback.filter())
    router.callback_query.register(pick_kind, VisitHouseholdCallback.filter())
    return router
