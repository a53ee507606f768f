"""A tenant offers help on another household's worksite, and answers an invitation.

🤝 Offer help → their offers (✖️ withdraw one) → ➕ New offer → what they can do (typed) →
a half-day (tapped) → ✅. An invitation (renderers.py) has 👍 I'll come / ✖️ I can't come."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import IsMember
from bot.models import Person, Role
from bot.services import mutual_help
from bot.services.mutual_help import HelpRefused
from handlers.mutual_help import keyboards, texts
from handlers.mutual_help.callbacks import GuestAnswerCallback, HalfDayCallback, NewOfferCallback, OfferWithdrawCallback
from handlers.mutual_help.states import OfferHelp
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.menus import back_to_menu
from handlers.ui.replies import edit_or_send, refuse


async def my_offers(query: CallbackQuery, state: FSMContext, person: Person, session: AsyncSession) -> None:
    await state.clear()
    try:
        offers = await mutual_help.my_offers(session, person)
    except HelpRefused:
        offers = []
    await edit_or_send(query, texts.my_offers(offers), reply_markup=keyboards.my_offers(offers))


async def new_offer(query: CallbackQuery, state: FSMContext, person: Person, callback_answer: CallbackAnswer) -> None:
    if person.household_id is None:
        refuse(callback_answer)
        return
    await state.set_state(OfferHelp.skill)
    await state.set_data({})
    await edit_or_send(query, texts.ask_skill(), reply_markup=back_to_menu())


async def got_skill(message: Message, state: FSMContext) -> None:
    skill = mutual_help.clean_skill(message.text)
    if skill is None:
        await message.answer(texts.bad_skill())
        return
    await state.update_data(skill=skill)
    await state.set_state(OfferHelp.half_day)
    await message.answer(texts.ask_half_day(), reply_markup=keyboards.half_days())


async def got_half_day(
    query: CallbackQuery,
    callback_data: HalfDayCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    callback_answer: CallbackAnswer,
) -> None:
    data = await state.get_data()
    try:
        offer = await mutual_help.offer(
            session, person, skill=str(data.get("skill", "")), half_day=callback_data.half_day, now=clock.now()
        )
    except HelpRefused:
        await state.clear()
        refuse(callback_answer)
        return
    await state.clear()
    await session.commit()
    await edit_or_send(query, texts.offered(offer), reply_markup=keyboards.after_offer())


async def withdraw(
    query: CallbackQuery,
    callback_data: OfferWithdrawCallback,
    person: Person,
    session: AsyncSession,
    callback_answer: CallbackAnswer,
) -> None:
    try:
        await mutual_help.withdraw(session, person, callback_data.offer_id)
    except HelpRefused as refused:
        refuse(callback_answer, texts.refusal(refused.reason))
        return
    await session.commit()
    offers = await mutual_help.my_offers(session, person)
    await edit_or_send(query, texts.my_offers(offers), reply_markup=keyboards.my_offers(offers))


async def answer(
    query: CallbackQuery,
    callback_data: GuestAnswerCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    try:
        await mutual_help.answer(
            session, person, callback_data.guest_id, callback_data.answer, now=clock.now(), tz=settings.tz
        )
    except HelpRefused as refused:
        refuse(callback_answer, texts.refusal(refused.reason))
        return
    await session.commit()
    if query.message is not None:
        await query.message.answer(texts.answered(callback_data.answer), reply_markup=back_to_menu())


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(IsMember(Role.tenant))
    router.message.filter(IsMember(Role.tenant))
    router.callback_query.register(my_offers, MenuCallback.filter(F.action == MenuAction.offer_help))
    router.callback_query.register(new_offer, NewOfferCallback.filter())
    router.callback_query.register(got_half_day, OfferHelp.half_day, HalfDayCallback.filter())
    router.callback_query.register(withdraw, OfferWithdrawCallback.filter())
    router.callback_query.register(answer, GuestAnswerCallback.filter())
    router.message.register(got_skill, OfferHelp.skill, F.text)
    return router
