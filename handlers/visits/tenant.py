"""Tenants: "My visits", one visit's screen, a note or a photo for the
animator, the calendar file, cancelling with a reason, confirming from a reminder.
Booking and moving are in visits_booking."""

from __future__ import annotations

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
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import IsMember
from bot.models import Person, Role, Visit, VisitStatus
from bot.services.visits import booking, calendar, reminders
from bot.services.visits.booking import BookingRefused
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.replies import edit_or_send, refuse
from handlers.visits import texts
from handlers.visits.callbacks import (
    CancelReason,
    CancelReasonCallback,
    VisitAction,
    VisitActionCallback,
    VisitCallback,
)
from handlers.visits.states import CancelVisit, VisitNote
from handlers.visits.texts import refusal_text

REASON_NAMES = {
    CancelReason.sick: lambda: _("🤒 I am ill"),
    CancelReason.unavailable: lambda: _("📆 I am not available"),
    CancelReason.not_needed: lambda: _("👌 No longer needed"),
}


async def _own_visit(session: AsyncSession, person: Person, visit_id: int) -> Visit | None:
    visit = await session.get(Visit, visit_id)
    if visit is None or person.household_id is None or visit.household_id != person.household_id:
        return None
    return visit


async def _animator(session: AsyncSession, visit: Visit) -> str | None:
    return await reminders.animator_name(session, visit.animator_id)


async def my_visits(
    query: CallbackQuery, state: FSMContext, person: Person, session: AsyncSession, clock: Clock, settings: Settings
) -> None:
    await state.clear()
    upcoming = await booking.upcoming_for_household(session, person.household_id or 0, now=clock.now())
    builder = InlineKeyboardBuilder()
    for visit in upcoming:
        label = f"🗓 {texts.when(visit.starts_at, settings.tz)} · {texts.kind_name(visit.kind)}"
        builder.button(text=label[:60], callback_data=VisitCallback(visit_id=visit.id))
    builder.button(text=_("📅 Book a home visit"), callback_data=MenuCallback(action=MenuAction.book_visit))
    builder.button(text=_("⬅️ Main menu"), callback_data=MenuCallback(action=MenuAction.menu))
    builder.adjust(1)
    text = (
        _("<b>📋 My visits</b>\n\nTap a visit to move it, cancel it or add a note.")
        if upcoming
        else _("<b>📋 My visits</b>\n\nNo visit booked for now.")
    )
    past = [v for v in await booking.history(session, person.household_id or 0, limit=8) if v not in upcoming][:4]
    if past:
        lines = [
            f"{texts.STATUS_MARKS[v.status]} {texts.when(v.starts_at, settings.tz)} · {texts.kind_name(v.kind)}"
            for v in past
        ]
        text += "\n\n" + _("<b>Before:</b>") + "\n" + "\n".join(lines)
    await edit_or_send(query, text, reply_markup=builder.as_markup())


def _card_buttons(visit: Visit) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    visit_id = visit.id
    if visit.status is VisitStatus.booked:
        for label, action in (
            (_("🔁 Move"), VisitAction.move),
            (_("✖️ Cancel"), VisitAction.cancel),
            (_("📝 Add a note or a photo"), VisitAction.note),
            (_("📅 Add to my calendar"), VisitAction.ics),
        ):
            builder.button(text=label, callback_data=VisitActionCallback(visit_id=visit_id, action=action))
    builder.button(text=_("⬅️ My visits"), callback_data=MenuCallback(action=MenuAction.my_visits))
    builder.adjust(1)
    return builder.as_markup()


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
    visit = await _own_visit(session, person, callback_data.visit_id)
    if visit is None:
        refuse(callback_answer)
        return
    await edit_or_send(
        query, texts.tenant_card(visit, await _animator(session, visit), settings.tz), reply_markup=_card_buttons(visit)
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
    visit = await _own_visit(session, person, callback_data.visit_id)
    if visit is None or query.message is None:
        refuse(callback_answer)
        return
    animator = await _animator(session, visit)
    event = calendar.Event(
        visit_id=visit.id,
        version=visit.version,
        starts_at=visit.starts_at,
        ends_at=visit.ends_at,
        summary=texts.kind_name(visit.kind).split(" ", 1)[-1],
        description="\n".join(
            [_("With {name}").format(name=animator) if animator else "", str(texts.PREPARE[visit.kind])]
        ).strip(),
        cancelled=visit.status is VisitStatus.cancelled,
    )
    data = calendar.calendar_file([event], now=clock.now())
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
    visit = await _own_visit(session, person, callback_data.visit_id)
    if visit is None or not await booking.confirm(session, visit, now=clock.now()):
        refuse(callback_answer, refusal_text(booking.Refusal.not_booked))
        return
    await session.commit()
    callback_answer.text = _("👍 Thank you! See you then.")
    text = (
        _("👍 Thank you! See you then.")
        + "\n\n"
        + texts.tenant_card(visit, await _animator(session, visit), settings.tz)
    )
    await edit_or_send(query, text, reply_markup=_card_buttons(visit))


# --- a note or a photo ---


async def ask_note(
    query: CallbackQuery,
    callback_data: VisitActionCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    callback_answer: CallbackAnswer,
) -> None:
    visit = await _own_visit(session, person, callback_data.visit_id)
    if visit is None or visit.status is not VisitStatus.booked:
        refuse(callback_answer, refusal_text(booking.Refusal.not_booked))
        return
    await state.set_state(VisitNote.note)
    await state.update_data(visit_id=visit.id)
    builder = InlineKeyboardBuilder()
    builder.button(text=_("⬅️ Back to the visit"), callback_data=VisitCallback(visit_id=visit.id))
    await edit_or_send(
        query,
        _("Write a few words for your animator, or send a photo of the problem."),
        reply_markup=builder.as_markup(),
    )


async def got_note(
    message: Message, state: FSMContext, person: Person, session: AsyncSession, clock: Clock, settings: Settings
) -> None:
    data = await state.get_data()
    visit = await _own_visit(session, person, int(data.get("visit_id", 0)))
    await state.clear()
    if visit is None or visit.status is not VisitStatus.booked:
        await message.answer(refusal_text(booking.Refusal.not_booked), reply_markup=texts.my_visits_button())
        return
    photo = message.photo[-1].file_id if message.photo else None
    await booking.add_tenant_note(session, visit, note=message.text or message.caption, photo_file_id=photo)
    await reminders.note_added(session, visit, now=clock.now())
    await session.commit()
    await message.answer(
        _("✅ Saved. Your animator will see it.")
        + "\n\n"
        + texts.tenant_card(visit, await _animator(session, visit), settings.tz),
        reply_markup=_card_buttons(visit),
    )


async def note_not_understood(message: Message) -> None:
    await message.answer(_("Please send text or a photo. Or tap ⬅️ to go back."))


# --- cancelling ---


async def ask_reason(
    query: CallbackQuery,
    callback_data: VisitActionCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    callback_answer: CallbackAnswer,
) -> None:
    visit = await _own_visit(session, person, callback_data.visit_id)
    if visit is None or visit.status is not VisitStatus.booked or visit.starts_at <= clock.now():
        refuse(callback_answer, refusal_text(booking.Refusal.not_booked))
        return
    await state.set_state(CancelVisit.reason)
    await state.update_data(visit_id=visit.id)
    builder = InlineKeyboardBuilder()
    for reason, name in REASON_NAMES.items():
        builder.button(text=name(), callback_data=CancelReasonCallback(visit_id=visit.id, reason=reason))
    builder.button(text=_("⬅️ Keep the visit"), callback_data=VisitCallback(visit_id=visit.id))
    builder.adjust(1)
    await edit_or_send(query, _("Why do you cancel? Tap a reason or type it."), reply_markup=builder.as_markup())


async def _cancel(
    visit: Visit | None, reason: str, person: Person, session: AsyncSession, clock: Clock, settings: Settings
) -> str:
    if visit is None:
        return refusal_text(booking.Refusal.not_booked)
    try:
        await booking.cancel(session, visit, cancelled_by=person, reason=reason, now=clock.now(), tz=settings.tz)
    except BookingRefused as refused:
        return refusal_text(refused.reason)
    await session.commit()
    return _("✖️ Your visit is cancelled. Your animator is told. You can book another one when you want.")


def _after_cancel_buttons() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("📅 Book a home visit"), callback_data=MenuCallback(action=MenuAction.book_visit))
    builder.button(text=_("⬅️ Main menu"), callback_data=MenuCallback(action=MenuAction.menu))
    builder.adjust(1)
    return builder.as_markup()


async def reason_button(
    query: CallbackQuery,
    callback_data: CancelReasonCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    visit = await _own_visit(session, person, callback_data.visit_id)
    if visit is None:
        refuse(callback_answer)
        return
    await state.clear()
    text = await _cancel(visit, texts.reason_code(callback_data.reason.value), person, session, clock, settings)
    await edit_or_send(query, text, reply_markup=_after_cancel_buttons())


async def reason_typed(
    message: Message, state: FSMContext, person: Person, session: AsyncSession, clock: Clock, settings: Settings
) -> None:
    reason = booking.clean_text(message.text, booking.REASON_MAX)
    if reason is None:
        await message.answer(_("Type a few words, or tap a reason."))
        return
    data = await state.get_data()
    await state.clear()
    visit = await _own_visit(session, person, int(data.get("visit_id", 0)))
    await message.answer(
        await _cancel(visit, reason, person, session, clock, settings), reply_markup=_after_cancel_buttons()
    )


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(IsMember(Role.tenant))
    router.message.filter(IsMember(Role.tenant))
    router.callback_query.register(my_visits, MenuCallback.filter(F.action == MenuAction.my_visits))
    router.callback_query.register(card, VisitCallback.filter())
    router.callback_query.register(send_calendar, VisitActionCallback.filter(F.action == VisitAction.ics))
    router.callback_query.register(confirm, VisitActionCallback.filter(F.action == VisitAction.confirm))
    router.callback_query.register(ask_note, VisitActionCallback.filter(F.action == VisitAction.note))
    router.message.register(got_note, VisitNote.note, F.text | F.photo)
    router.message.register(note_not_understood, VisitNote.note)
    router.callback_query.register(ask_reason, VisitActionCallback.filter(F.action == VisitAction.cancel))
    router.callback_query.register(reason_button, CancelReasonCallback.filter())
    router.message.register(reason_typed, CancelVisit.reason, F.text)
    return router
