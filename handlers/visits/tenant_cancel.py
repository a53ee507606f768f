"""Tenants: cancelling a booked visit, with a reason tapped or typed (the
animator is told; booking.cancel checks the visit is the household's)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import IsMember
from bot.models import Person, Role, Visit
from bot.services.visits import access, booking
from bot.services.visits.access import BookingRefused, Refusal
from handlers.ui.replies import edit_or_send, refuse
from handlers.visits import keyboards, texts
from handlers.visits.callbacks import CancelReasonCallback, VisitAction, VisitActionCallback
from handlers.visits.states import CancelVisit


async def ask_reason(
    query: CallbackQuery,
    callback_data: VisitActionCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    callback_answer: CallbackAnswer,
) -> None:
    visit = await access.household_visit(session, person, callback_data.visit_id)
    if visit is None or not booking.can_move(visit, clock.now()):
        refuse(callback_answer, texts.refusal_text(Refusal.not_booked))
        return
    await state.set_state(CancelVisit.reason)
    await state.update_data(visit_id=visit.id)
    await edit_or_send(
        query, _("Why do you cancel? Tap a reason or type it."), reply_markup=keyboards.cancel_reasons(visit.id)
    )


async def _cancel(
    visit: Visit | None, reason: str, person: Person, session: AsyncSession, clock: Clock, settings: Settings
) -> str:
    if visit is None:
        return texts.refusal_text(Refusal.not_booked)
    try:
        await booking.cancel(session, visit, cancelled_by=person, reason=reason, now=clock.now(), tz=settings.tz)
    except BookingRefused as refused:
        return texts.refusal_text(refused.reason)
    await session.commit()
    return _("✖️ Your visit is cancelled. Your animator is told. You can book another one when you want.")


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
    visit = await access.household_visit(session, person, callback_data.visit_id)
    if visit is None:
        refuse(callback_answer)
        return
    await state.clear()
    text = await _cancel(visit, texts.reason_code(callback_data.reason.value), person, session, clock, settings)
    await edit_or_send(query, text, reply_markup=keyboards.after_cancel())


async def reason_typed(
    message: Message, state: FSMContext, person: Person, session: AsyncSession, clock: Clock, settings: Settings
) -> None:
    reason = booking.clean_text(message.text, booking.REASON_MAX)
    if reason is None:
        await message.answer(_("Type a few words, or tap a reason."))
        return
    data = await state.get_data()
    await state.clear()
    visit = await access.household_visit(session, person, int(data.get("visit_id", 0)))
    text = await _cancel(visit, reason, person, session, clock, settings)
    await message.answer(text, reply_markup=keyboards.after_cancel())


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(IsMember(Role.tenant))
    router.message.filter(IsMember(Role.tenant))
    router.callback_query.register(ask_reason, VisitActionCallback.filter(F.action == VisitAction.cancel))
    router.callback_query.register(reason_button, CancelReasonCallback.filter())
    router.message.register(reason_typed, CancelVisit.reason, F.text)
    return router
