"""The household's contribution (a share of the materials the association buys, or an amount)
and its optional commitments, set by staff on the contract."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import STAFF, IsMember
from bot.models import Person
from bot.services.worksite import contract as contracts
from bot.services.worksite.rules import WorksiteRefused
from handlers.ui.replies import edit_or_send, refuse
from handlers.worksite import keyboards, texts
from handlers.worksite.callbacks import Screen, WsCommitCallback, WsPercentCallback, WsScreenCallback
from handlers.worksite.items import parse_number
from handlers.worksite.overview import show
from handlers.worksite.states import ContributionAmount


async def ask_contribution(
    query: CallbackQuery,
    callback_data: WsScreenCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    settings: Settings,
    clock: Clock,
    callback_answer: CallbackAnswer,
) -> None:
    default = settings.worksite_contribution_percent
    try:
        found = await contracts.draft(
            session, person, callback_data.household_id, default_percent=default, now=clock.now()
        )
    except WorksiteRefused as refused:
        refuse(callback_answer, str(texts.REFUSALS[refused.reason]))
        return
    await session.commit()
    if callback_data.screen is Screen.amount:
        await state.set_state(ContributionAmount.amount)
        await state.set_data({"household_id": callback_data.household_id})
        await edit_or_send(
            query, texts.ask_amount(), reply_markup=keyboards.done(callback_data.household_id, staff=True)
        )
        return
    await edit_or_send(
        query,
        texts.ask_contribution(default),
        reply_markup=keyboards.contribution(callback_data.household_id, default, found.contract.contribution_percent),
    )


async def got_percent(
    query: CallbackQuery,
    callback_data: WsPercentCallback,
    person: Person,
    session: AsyncSession,
    settings: Settings,
    clock: Clock,
    callback_answer: CallbackAnswer,
) -> None:
    try:
        await contracts.set_contribution(
            session,
            person,
            callback_data.household_id,
            percent=callback_data.percent,
            default_percent=settings.worksite_contribution_percent,
            now=clock.now(),
        )
    except WorksiteRefused as refused:
        refuse(callback_answer, str(texts.REFUSALS[refused.reason]))
        return
    await session.commit()
    await show(query, session, person, callback_data.household_id, settings)


async def got_amount(
    message: Message, state: FSMContext, person: Person, session: AsyncSession, settings: Settings, clock: Clock
) -> None:
    amount = parse_number(message.text)
    if amount is None or not 0 <= amount <= 10000:
        await message.answer(texts.bad_amount())
        return
    household_id = int((await state.get_data()).get("household_id", 0))
    await state.clear()
    try:
        await contracts.set_contribution(
            session,
            person,
            household_id,
            cents=round(amount * 100),
            default_percent=settings.worksite_contribution_percent,
            now=clock.now(),
        )
    except WorksiteRefused as refused:
        await message.answer(str(texts.REFUSALS[refused.reason]))
        return
    await session.commit()
    await message.answer(texts.amount_saved(round(amount * 100)), reply_markup=keyboards.done(household_id, staff=True))


async def toggle_commitment(
    query: CallbackQuery,
    callback_data: WsCommitCallback,
    person: Person,
    session: AsyncSession,
    settings: Settings,
    clock: Clock,
    callback_answer: CallbackAnswer,
) -> None:
    try:
        await contracts.toggle(
            session,
            person,
            callback_data.household_id,
            callback_data.commitment,
            default_percent=settings.worksite_contribution_percent,
            now=clock.now(),
        )
    except WorksiteRefused as refused:
        refuse(callback_answer, str(texts.REFUSALS[refused.reason]))
        return
    await session.commit()
    await show(query, session, person, callback_data.household_id, settings)


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(IsMember(*STAFF))
    router.message.filter(IsMember(*STAFF))
    router.callback_query.register(
        ask_contribution, WsScreenCallback.filter(F.screen.in_({Screen.contribution, Screen.amount}))
    )
    router.callback_query.register(got_percent, WsPercentCallback.filter())
    router.message.register(got_amount, ContributionAmount.amount, F.text)
    router.callback_query.register(toggle_commitment, WsCommitCallback.filter())
    return router
