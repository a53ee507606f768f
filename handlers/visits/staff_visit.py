"""Staff and one visit: its screen, the household's photo, a message to the
household, cancelling it. Who keeps a visit is access.managed_visit's rule
(the staff who follow the household, and the animator who leads the visit)."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import STAFF, IsMember
from bot.models import Household, Person, Visit, VisitStatus
from bot.services import people, referent_visits
from bot.services.visits import access, booking, reminders
from bot.services.visits.access import BookingRefused
from handlers.ui.callbacks import SkipCallback
from handlers.ui.replies import edit_or_send, refuse
from handlers.visits import keyboards, texts
from handlers.visits.callbacks import VisitAction, VisitActionCallback, VisitCallback
from handlers.visits.states import StaffCancel, VisitMessage


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
    found = await access.managed_visit(session, person, callback_data.visit_id)
    if found is None:
        refuse(callback_answer)
        return
    visit, household = found
    names = [tenant.name for tenant in await people.tenants_of(session, household.id)]
    await edit_or_send(
        query,
        texts.staff_card(
            visit, household, names, settings.tz, await referent_visits.invited_referent(session, visit.id)
        ),
        reply_markup=keyboards.staff_card(visit, household, clock.now()),
    )


async def show_photo(
    query: CallbackQuery,
    callback_data: VisitActionCallback,
    person: Person,
    session: AsyncSession,
    bot: Bot,
    callback_answer: CallbackAnswer,
) -> None:
    found = await access.managed_visit(session, person, callback_data.visit_id)
    if found is None or not found[0].photo_file_id or query.message is None:
        refuse(callback_answer)
        return
    await bot.send_photo(query.message.chat.id, found[0].photo_file_id, caption=found[1].reference)


async def _visit_in_state(state: FSMContext, person: Person, session: AsyncSession) -> tuple[Visit, Household] | None:
    data = await state.get_data()
    return await access.managed_visit(session, person, int(data.get("visit_id", 0)))


# --- cancelling ---


async def ask_cancel(
    query: CallbackQuery,
    callback_data: VisitActionCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    callback_answer: CallbackAnswer,
) -> None:
    found = await access.managed_visit(session, person, callback_data.visit_id)
    if found is None or not booking.can_move(found[0], clock.now()):
        refuse(callback_answer)
        return
    await state.set_state(StaffCancel.reason)
    await state.update_data(visit_id=found[0].id)
    await edit_or_send(
        query,
        _("Why is the visit cancelled? Your words go to the household."),
        reply_markup=keyboards.staff_cancel(found[0].id),
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
        await message.answer(texts.refusal_text(refused.reason))
        return
    await session.commit()
    await message.answer(_("✖️ Cancelled. The household is told."), reply_markup=keyboards.my_day())


async def cancel_typed(
    message: Message, state: FSMContext, person: Person, session: AsyncSession, clock: Clock, settings: Settings
) -> None:
    await _cancel(message, message.text, state, person, session, clock, settings)


async def cancel_skipped(
    query: CallbackQuery, state: FSMContext, person: Person, session: AsyncSession, clock: Clock, settings: Settings
) -> None:
    assert isinstance(query.message, Message)
    await _cancel(query.message, None, state, person, session, clock, settings)


# --- a message to the household ---


async def ask_message(
    query: CallbackQuery,
    callback_data: VisitActionCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    callback_answer: CallbackAnswer,
) -> None:
    found = await access.managed_visit(session, person, callback_data.visit_id)
    if found is None or found[0].status is not VisitStatus.booked:
        refuse(callback_answer)
        return
    await state.set_state(VisitMessage.text)
    await state.update_data(visit_id=found[0].id)
    await edit_or_send(
        query, _("Write your message for the household."), reply_markup=keyboards.back_to_visit(found[0].id)
    )


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
    await message.answer(_("✉️ Sent to the household."), reply_markup=keyboards.open_visit(found[0].id))


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(IsMember(*STAFF))
    router.message.filter(IsMember(*STAFF))
    router.callback_query.register(card, VisitCallback.filter())
    router.callback_query.register(show_photo, VisitActionCallback.filter(F.action == VisitAction.photo))
    router.callback_query.register(ask_cancel, VisitActionCallback.filter(F.action == VisitAction.cancel))
    router.message.register(cancel_typed, StaffCancel.reason, F.text)
    router.callback_query.register(cancel_skipped, StaffCancel.reason, SkipCallback.filter())
    router.callback_query.register(ask_message, VisitActionCallback.filter(F.action == VisitAction.message))
    router.message.register(got_message, VisitMessage.text, F.text)
    return router
