"""The team's answer to a household: ↩️ Reply under the relayed message → types or sends →
the household's tenants get it, with their own ↩️ Reply.

Who may answer (the household's animator, coordinators, administrators) is
checked by bot/services/relay.py on the press and again on sending."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.filters import STAFF, IsMember
from bot.models import Person
from bot.services import relay
from bot.services.relay import RelayRefusal, RelayRefused
from handlers.relay import keyboards, texts
from handlers.relay.callbacks import RelayReplyCallback
from handlers.relay.inputs import content_of
from handlers.relay.states import ReplyToHousehold
from handlers.ui.menus import back_to_menu, main_menu
from handlers.ui.replies import refuse

HOUSEHOLD_KEY = "household_id"


async def start_reply(
    query: CallbackQuery,
    callback_data: RelayReplyCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    callback_answer: CallbackAnswer,
) -> None:
    try:
        household = await relay.reply_target(session, person, callback_data.household_id)
    except RelayRefused:
        refuse(callback_answer, texts.cannot_reply())
        return
    await state.set_state(ReplyToHousehold.message)
    await state.set_data({HOUSEHOLD_KEY: household.id})
    # A new message: the tenant's message above stays as it is, with its photo.
    if query.bot is not None:
        await query.bot.send_message(
            query.from_user.id, texts.reply_to(household), reply_markup=keyboards.cancel_reply()
        )


async def from_team(message: Message, state: FSMContext, person: Person, session: AsyncSession, clock: Clock) -> None:
    household_id = (await state.get_data()).get(HOUSEHOLD_KEY)
    content = content_of(message)
    if content is None:
        await message.answer(texts.hint())
        return
    if not isinstance(household_id, int):
        await state.clear()
        await message.answer(texts.out_of_date(), reply_markup=main_menu(person))
        return
    try:
        _sent, household, count = await relay.send_to_household(
            session, sender=person, household_id=household_id, content=content, now=clock.now()
        )
    except RelayRefused as refused:
        if refused.reason is RelayRefusal.too_long:
            await message.answer(texts.too_long())
        elif refused.reason is RelayRefusal.empty:
            await message.answer(texts.hint())
        else:
            await state.clear()
            await message.answer(texts.not_sent_to_household(refused.reason), reply_markup=main_menu(person))
        return
    await session.commit()
    await state.clear()
    await message.answer(texts.sent_to_household(household, count), reply_markup=back_to_menu())


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(IsMember(*STAFF))
    router.callback_query.filter(IsMember(*STAFF))
    router.callback_query.register(start_reply, RelayReplyCallback.filter())
    router.message.register(from_team, ReplyToHousehold.message, F.text | F.photo | F.voice)
    return router
