"""Tenants: a note or a photo of the problem for the animator, on a booked visit."""

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
from bot.models import Person, Role, VisitStatus
from bot.services.visits import access, booking, reminders
from bot.services.visits.access import Refusal
from handlers.ui.replies import edit_or_send, refuse
from handlers.visits import keyboards, texts
from handlers.visits.callbacks import VisitAction, VisitActionCallback
from handlers.visits.states import VisitNote


async def ask_note(
    query: CallbackQuery,
    callback_data: VisitActionCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    callback_answer: CallbackAnswer,
) -> None:
    visit = await access.household_visit(session, person, callback_data.visit_id)
    if visit is None or visit.status is not VisitStatus.booked:
        refuse(callback_answer, texts.refusal_text(Refusal.not_booked))
        return
    await state.set_state(VisitNote.note)
    await state.update_data(visit_id=visit.id)
    await edit_or_send(
        query,
        _("Write a few words for your animator, or send a photo of the problem."),
        reply_markup=keyboards.back_to_visit(visit.id),
    )


async def got_note(
    message: Message, state: FSMContext, person: Person, session: AsyncSession, clock: Clock, settings: Settings
) -> None:
    data = await state.get_data()
    visit = await access.household_visit(session, person, int(data.get("visit_id", 0)))
    await state.clear()
    if visit is None or visit.status is not VisitStatus.booked:
        await message.answer(texts.refusal_text(Refusal.not_booked), reply_markup=keyboards.my_visits())
        return
    photo = message.photo[-1].file_id if message.photo else None
    await booking.add_tenant_note(session, visit, note=message.text or message.caption, photo_file_id=photo)
    await reminders.note_added(session, visit, now=clock.now())
    await session.commit()
    animator = await reminders.animator_name(session, visit.animator_id)
    await message.answer(
        _("✅ Saved. Your animator will see it.") + "\n\n" + texts.tenant_card(visit, animator, settings.tz),
        reply_markup=keyboards.tenant_card(visit),
    )


async def note_not_understood(message: Message) -> None:
    await message.answer(_("Please send text or a photo. Or tap ⬅️ to go back."))


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(IsMember(Role.tenant))
    router.message.filter(IsMember(Role.tenant))
    router.callback_query.register(ask_note, VisitActionCallback.filter(F.action == VisitAction.note))
    router.message.register(got_note, VisitNote.note, F.text | F.photo)
    router.message.register(note_not_understood, VisitNote.note)
    return router
