"""A social referent opens one of their referrals: what they sent and what became of it, and
the follow-up of the household it created (referent_follow.overview: only what the household
agreed to, and their own invitations to its visits, which they answer here). Any other referral or household is refused as a stale button."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import IsMember
from bot.models import Person, Role
from bot.services import referent_follow, referent_visits, referrals
from bot.services.referent_follow import FollowError
from bot.services.referent_visits import ReferentVisitError
from bot.services.referrals import ReferralError
from handlers.partners import keyboards, texts
from handlers.partners.callbacks import ReferentHouseholdCallback, ReferentVisitAnswerCallback, ReferralOpenCallback
from handlers.ui.replies import edit_or_send, refuse


async def open_own(
    query: CallbackQuery,
    callback_data: ReferralOpenCallback,
    person: Person,
    session: AsyncSession,
    callback_answer: CallbackAnswer,
) -> None:
    try:
        view = await referrals.own(session, person, callback_data.referral_id)
    except ReferralError:
        refuse(callback_answer)
        return
    await edit_or_send(query, texts.referral_card(view), reply_markup=keyboards.own_referral(view.referral))


async def follow_up(
    query: CallbackQuery,
    callback_data: ReferentHouseholdCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    try:
        overview = await referent_follow.overview(session, person, callback_data.household_id, now=clock.now())
    except FollowError:
        refuse(callback_answer)
        return
    referral_id = await referrals.referral_of_household(session, overview.household.id)
    await edit_or_send(query, texts.follow_up(overview, settings.tz), reply_markup=keyboards.follow_up(referral_id))


async def visit_answer(
    query: CallbackQuery,
    callback_data: ReferentVisitAnswerCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    """The referent confirms or declines a tripartite or closing visit they are invited to."""
    try:
        await referent_visits.answer(
            session, person, callback_data.guest_id, callback_data.answer, now=clock.now(), tz=settings.tz
        )
    except ReferentVisitError as refused:
        refuse(callback_answer, texts.referent_visit_refusal(refused.reason))
        return
    await session.commit()
    if query.message is not None:
        await query.message.answer(
            texts.referent_answered(callback_data.answer), reply_markup=keyboards.back_to_my_referrals()
        )


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(IsMember(Role.referent))
    router.callback_query.filter(IsMember(Role.referent))
    router.callback_query.register(open_own, ReferralOpenCallback.filter())
    router.callback_query.register(follow_up, ReferentHouseholdCallback.filter())
    router.callback_query.register(visit_answer, ReferentVisitAnswerCallback.filter())
    return router
